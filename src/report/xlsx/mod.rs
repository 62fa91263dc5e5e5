//! `results.xlsx`: the run, comparison or sweep as an Excel workbook laid
//! out the way the Government Analysis Function recommends statistical
//! spreadsheets be released:
//!
//! - a **Cover** sheet (what it is, scenario, seed, replications, version,
//!   date), a **Contents** sheet linking to every table, and a **Notes**
//!   sheet (definitions and units of every metric shown, from
//!   [`crate::metrics::labels`], and what the shorthand `[x]` means);
//! - then **one table per sheet**: the title in A1, one line about it in
//!   A2, and the table from row 4 marked up as an Excel table (headers
//!   with their units, no merged cells, no blank rows or columns inside,
//!   numbers stored as numbers with real formats: %, £, minutes);
//! - an undefined value (no data, or a CI of one replication) is written
//!   as `[x]`, never as a blank cell.
//!
//! The workbook records no wall-clock time: its creation date is the
//! date given by the caller (the scenario's start date), so the same run
//! writes the same bytes.

pub mod tables;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Table, TableColumn, TableStyle, Workbook, Worksheet,
    XlsxError,
};

/// How a number is shown in Excel (the stored value is never rounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumFmt {
    /// Whole numbers with thousands separators.
    Count,
    /// Two decimal places (minutes, seconds, days, hours, erlangs).
    Decimal,
    /// A share stored as a fraction, shown as a percentage (0.0%).
    Share,
    /// Pounds, whole, with thousands separators; negatives with a minus.
    Pounds,
    /// One decimal place with thousands separators (full-time equivalents).
    OneDecimal,
}

impl NumFmt {
    /// Every format, in declaration order (so `f as usize` indexes it).
    pub const ALL: [NumFmt; 5] = [
        NumFmt::Count,
        NumFmt::Decimal,
        NumFmt::Share,
        NumFmt::Pounds,
        NumFmt::OneDecimal,
    ];

    /// The format for metric `name` in data unit `unit`: one decimal
    /// where the labels table says so
    /// ([`crate::metrics::labels::text_unit`]: FTE), else [`Self::for_unit`].
    pub fn for_metric(name: &str, unit: &str) -> NumFmt {
        match crate::metrics::labels::text_unit(name) {
            Some((_, 1)) => NumFmt::OneDecimal,
            _ => Self::for_unit(unit),
        }
    }

    /// The format for a metric's unit as it appears in `summary.csv`.
    pub fn for_unit(unit: &str) -> NumFmt {
        match unit {
            "share" => NumFmt::Share,
            "£" => NumFmt::Pounds,
            "count" | "people" => NumFmt::Count,
            _ => NumFmt::Decimal,
        }
    }

    fn excel(self) -> &'static str {
        match self {
            NumFmt::Count => "#,##0",
            NumFmt::Decimal => "#,##0.00",
            NumFmt::Share => "0.0%",
            NumFmt::Pounds => "£#,##0;-£#,##0",
            NumFmt::OneDecimal => "#,##0.0",
        }
    }
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text, written as a string cell.
    Text(String),
    /// A number and its display format; a non-finite number is `[x]`.
    Number(f64, NumFmt),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell, `[x]` when absent.
    pub fn number(x: Option<f64>, fmt: NumFmt) -> Cell {
        Cell::Number(x.unwrap_or(f64::NAN), fmt)
    }
}

/// The shorthand for a value that cannot be given.
pub const NOT_AVAILABLE: &str = "[x]";

/// One table, shown alone on its sheet.
#[derive(Clone, Debug)]
pub struct SheetTable {
    /// Sheet name (at most 31 characters, no `[]:*?/\`).
    pub sheet: String,
    /// Title in A1 (also the table's entry in Contents).
    pub title: String,
    /// One line in A2: what the table holds and on what basis.
    pub about: String,
    /// Column headers, with units in brackets where they have one.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
}

/// What the cover sheet says.
#[derive(Clone, Debug)]
pub struct Cover {
    /// Title in A1.
    pub title: String,
    /// A few lines on what the workbook holds.
    pub about: Vec<String>,
    /// `(label, value)` pairs: scenario, seed, replications, version, date.
    pub facts: Vec<(String, String)>,
    /// The workbook's creation date (year, month, day): from the run,
    /// never the clock.
    pub date: (u16, u8, u8),
}

/// A definition for the Notes sheet: (metric name, label, unit, description).
pub type Note = (String, String, String, String);

/// Writes the workbook: Cover, Contents, Notes, then one sheet per table.
pub fn workbook(
    cover: &Cover,
    notes: &[Note],
    tables: &[SheetTable],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let (y, m, d) = cover.date;
    let date = ExcelDateTime::from_ymd(y, m, d)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&cover.title)
            .set_author(format!("forcesim {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&date),
    );
    let title = Format::new().set_bold().set_font_size(15);
    let bold = Format::new().set_bold();
    cover_sheet(book.add_worksheet(), cover, &title, &bold)?;
    contents_sheet(book.add_worksheet(), tables, &title)?;
    let notes_table = notes_table(notes);
    table_sheet(book.add_worksheet(), &notes_table, &title)?;
    for t in tables {
        table_sheet(book.add_worksheet(), t, &title)?;
    }
    book.save_to_buffer()
}

fn cover_sheet(
    sheet: &mut Worksheet,
    cover: &Cover,
    title: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Cover")?;
    sheet.write_string_with_format(0, 0, &cover.title, title)?;
    let mut row = 1;
    for line in &cover.about {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    for (label, value) in &cover.facts {
        sheet.write_string_with_format(row, 0, label, bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 70)?;
    Ok(())
}

fn contents_sheet(
    sheet: &mut Worksheet,
    tables: &[SheetTable],
    title: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Contents")?;
    sheet.write_string_with_format(0, 0, "Table of contents", title)?;
    sheet.write_string(
        1,
        0,
        "This worksheet contains one table. Each sheet name links to its sheet.",
    )?;
    let entries: Vec<(&str, &str)> = std::iter::once(("Notes", "Notes: definitions and units"))
        .chain(tables.iter().map(|t| (t.sheet.as_str(), t.title.as_str())))
        .collect();
    let header_row = 3;
    for (i, (name, what)) in entries.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        sheet.write_url_with_text(row, 0, format!("internal:'{name}'!A1").as_str(), *name)?;
        sheet.write_string(row, 1, *what)?;
    }
    add_table(
        sheet,
        header_row,
        &["Sheet name", "Table title"],
        entries.len(),
    )?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 80)?;
    Ok(())
}

fn notes_table(notes: &[Note]) -> SheetTable {
    let mut rows = vec![vec![
        Cell::text(NOT_AVAILABLE),
        Cell::text("Not available"),
        Cell::text(""),
        Cell::text(
            "The value cannot be given: no data (e.g. no incidents of that grade), or a confidence interval from a single replication.",
        ),
    ]];
    rows.extend(notes.iter().map(|(name, label, unit, description)| {
        vec![
            Cell::text(name),
            Cell::text(label),
            Cell::text(unit),
            Cell::text(description),
        ]
    }));
    SheetTable {
        sheet: "Notes".into(),
        title: "Notes: definitions and units".into(),
        about: "Every metric in this workbook: its name in the CSV and JSON files, its label, its unit and what it counts. Shares are stored as fractions and shown as percentages; money is in pounds.".into(),
        headers: ["Metric", "Label", "Unit", "Definition"].map(String::from).to_vec(),
        rows,
    }
}

fn table_sheet(sheet: &mut Worksheet, t: &SheetTable, title: &Format) -> Result<(), XlsxError> {
    sheet.set_name(&t.sheet)?;
    sheet.write_string_with_format(0, 0, &t.title, title)?;
    sheet.write_string(
        1,
        0,
        format!("This worksheet contains one table. {}", t.about),
    )?;
    let header_row = 3;
    let formats: Vec<Format> = NumFmt::ALL
        .iter()
        .map(|f| Format::new().set_num_format(f.excel()))
        .collect();
    let format_of = |f: NumFmt| &formats[f as usize];
    for (i, row) in t.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s)?,
                Cell::Number(x, f) if x.is_finite() => {
                    sheet.write_number_with_format(r, c, *x, format_of(*f))?
                }
                Cell::Number(..) => sheet.write_string(r, c, NOT_AVAILABLE)?,
            };
        }
    }
    let headers: Vec<&str> = t.headers.iter().map(String::as_str).collect();
    add_table(sheet, header_row, &headers, t.rows.len())?;
    for (c, h) in t.headers.iter().enumerate() {
        let widest = t
            .rows
            .iter()
            .map(|r| match r.get(c) {
                Some(Cell::Text(s)) => s.chars().count(),
                _ => 12,
            })
            .chain(std::iter::once(h.chars().count() + 4))
            .max()
            .unwrap_or(12);
        sheet.set_column_width(c as u16, (widest as f64 + 2.0).min(90.0))?;
    }
    Ok(())
}

/// Marks up `rows` rows under the header row as an Excel table (with a
/// filter button on each header, plain banded style).
fn add_table(
    sheet: &mut Worksheet,
    header_row: u32,
    headers: &[&str],
    rows: usize,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(*h))
        .collect();
    let table = Table::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light1);
    // An Excel table needs at least one data row.
    let last = header_row + rows.max(1) as u32;
    sheet.add_table(header_row, 0, last, headers.len() as u16 - 1, &table)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::NumFmt;

    /// Every number format has its cell format: the sheet writer indexes
    /// its formats by `NumFmt as usize` (a format added without one
    /// panicked when an FTE figure was written).
    #[test]
    fn every_number_format_is_indexed_by_its_position() {
        for (i, f) in NumFmt::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "{f:?}");
        }
        assert_eq!(NumFmt::ALL.len(), NumFmt::OneDecimal as usize + 1);
    }
}
