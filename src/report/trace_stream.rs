//! The per-incident log written while its replication runs, so a long run's
//! log never sits in memory (a year of the default force is ~630,000 cases
//! at ~160 bytes each in a [`Trace`](crate::sim::trace::Trace); 20 years
//! would be 2 GB).
//!
//! Each case's row is formatted when the case ends and appended to a spill
//! file beside the output, in the order cases end; memory holds only the
//! records of live cases and 12 bytes per case (where its row is). When the
//! run ends the rows are copied from the spill file to the output in
//! arrival order, so the file is byte for byte the one
//! [`write_csv`](super::trace::write_csv) writes from an in-memory log. The
//! spill file is removed whatever happens.

use super::trace::{COLUMNS, Row};
use crate::metrics::ReplicationResult;
use crate::scenario::Model;
use crate::sim::trace::{CaseRecord, StreamedTrace};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Counts the bytes written through it; `flush` does not flush the inner
/// writer (the csv writer flushes after every row, and a system call per
/// row would be slow).
struct Counting<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Simulates replication `replication` of `model` (with accounts, as a batch
/// runs it) and writes its log as CSV to `out`, spilling rows to `spill`
/// (a new file, removed before returning). Returns the replication's result
/// and the number of cases logged.
pub fn write_streamed(
    model: &Model,
    seed: u64,
    replication: u64,
    spill: &Path,
    out: &mut dyn Write,
) -> std::io::Result<(ReplicationResult, u64)> {
    let file = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(spill)?;
    let result = spill_and_copy(model, seed, replication, &file, out);
    drop(file);
    let removed = std::fs::remove_file(spill);
    let result = result?;
    removed?;
    Ok(result)
}

fn spill_and_copy(
    model: &Model,
    seed: u64,
    replication: u64,
    file: &File,
    out: &mut dyn Write,
) -> std::io::Result<(ReplicationResult, u64)> {
    let counting = Counting {
        inner: BufWriter::with_capacity(1 << 20, file),
        written: 0,
    };
    let mut rows = csv::WriterBuilder::new()
        .buffer_capacity(1 << 12)
        .from_writer(counting);
    // Where each case's row starts in the spill file, and its length.
    let mut starts: Vec<u64> = Vec::new();
    let mut lengths: Vec<u32> = Vec::new();
    let mut row = Row::default();
    let mut failed: Option<std::io::Error> = None;
    let sink = |index: u64, record: &CaseRecord| {
        if failed.is_some() {
            return;
        }
        let start = rows.get_ref().written;
        row.fill(model, index as usize, record);
        let wrote = rows
            .write_record(row.fields())
            .and_then(|()| Ok(rows.flush()?));
        if let Err(e) = wrote {
            failed = Some(std::io::Error::other(e));
            return;
        }
        let i = index as usize;
        if starts.len() <= i {
            starts.resize(i + 1, 0);
            lengths.resize(i + 1, 0);
        }
        starts[i] = start;
        lengths[i] = (rows.get_ref().written - start) as u32;
    };
    let mut tracer = StreamedTrace::new(sink);
    let result = crate::batch::replicate_with_tracer(model, seed, replication, &mut tracer);
    let cases = tracer.cases();
    drop(tracer);
    if let Some(e) = failed {
        return Err(e);
    }
    if starts.len() as u64 != cases || lengths.contains(&0) {
        return Err(std::io::Error::other(format!(
            "internal error: {cases} cases arrived but {} rows were logged",
            lengths.iter().filter(|&&l| l > 0).count()
        )));
    }
    let counting = rows.into_inner().map_err(csv::IntoInnerError::into_error)?;
    counting
        .inner
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;

    let mut header = csv::Writer::from_writer(&mut *out);
    header.write_record(COLUMNS.iter().map(|c| c.name))?;
    header.flush()?;
    drop(header);
    let mut reader = file;
    let mut buf = Vec::new();
    for (&start, &len) in starts.iter().zip(&lengths) {
        buf.resize(len as usize, 0);
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(&mut buf)?;
        out.write_all(&buf)?;
    }
    Ok((result, cases))
}
