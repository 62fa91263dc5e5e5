//! Finance in the outputs: money formatting, the budget check statement,
//! the appraisal table and `appraisal.csv`, and the budget search's table
//! and `budget.csv`.

use crate::batch::BatchResult;
use crate::finance::appraisal::options::Ranked;
use crate::finance::appraisal::{AppraisalRow, Ratio};
use crate::metrics::names as n;
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

/// £ with thousands separators below a million, in millions above:
/// `£45,210`, `£183.41 m`, `−£1.20 m`.
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    let shown = if a >= 1e6 {
        format!("£{:.2} m", a / 1e6)
    } else {
        format!("£{}", super::format::grouped(&format!("{a:.0}")))
    };
    // No sign on an amount that shows as £0 (never "−£0").
    if x < 0.0 && shown != "£0" {
        format!("{}{shown}", super::format::MINUS)
    } else {
        shown
    }
}

fn mean(result: &BatchResult, name: &str) -> Option<f64> {
    result.metric(name).map(|m| m.estimate.mean)
}

/// The budget check for a batch: whether its cost exceeds its funding (on
/// average over the run, and in any simulated year). `None` unless the
/// scenario has both `[costs]` and `[funding]`.
pub fn budget_statement(result: &BatchResult) -> Option<String> {
    let surplus = result.metric(&n::BUDGET_SURPLUS_PER_YEAR.name(&[]))?;
    let cost = mean(result, &n::COST_TOTAL_PER_YEAR.name(&[]))?;
    let funding = mean(result, &n::FUNDING_TOTAL_PER_YEAR.name(&[]))?;
    let over_years: Vec<String> = (1..)
        .map_while(|y| mean(result, &n::BUDGET_SURPLUS.in_year(y, &[])).map(|s| (y, s)))
        .filter(|(_, s)| *s < 0.0)
        .map(|(y, _)| y.to_string())
        .collect();
    let in_years = if over_years.is_empty() {
        String::new()
    } else {
        format!(" (over budget in year {})", over_years.join(", "))
    };
    let s = surplus.estimate.mean;
    Some(if s < 0.0 {
        let certain = if surplus.estimate.ci95_high.is_some_and(|hi| hi < 0.0) {
            ""
        } else {
            " (the 95 % CI of the gap includes zero: overtime decides it)"
        };
        format!(
            "OVER BUDGET: the workforce and investments cost {} a year, {} more than the funding of {}{certain}{in_years}",
            money(cost),
            money(-s),
            money(funding)
        )
    } else {
        format!(
            "Budget: costs {} a year against funding of {}: {} to spare{in_years}",
            money(cost),
            money(funding),
            money(s)
        )
    })
}

fn interval(lo: Option<f64>, hi: Option<f64>, fmt: impl Fn(f64) -> String) -> String {
    match (lo, hi) {
        (Some(lo), Some(hi)) => format!("{} – {}", fmt(lo), fmt(hi)),
        _ => "–".into(),
    }
}

/// A number in running text: whole and grouped in thousands from 100 up,
/// two decimals below, [`super::format::MINUS`] when negative, as every
/// other number in the text outputs (`2,384`, `−63.26`).
/// `x` as a count, with the decimals that the largest in magnitude of `x`
/// and `others` calls for (none from 100 up, else two), so an estimate and
/// its interval read alike.
fn numbers_alike(x: f64, others: &[f64]) -> String {
    let largest = others.iter().fold(x.abs(), |m, o| m.max(o.abs()));
    super::table::Format {
        unit: "count",
        style: super::table::Style::Decimals(if largest >= 100.0 { 0 } else { 2 }),
    }
    .value(x)
}

/// The cost per unit and its CI as text, or the reason there is none. A
/// change that makes the outcome worse is priced as the saving per unit
/// lost when it is cheaper, and not at all when it is dearer.
pub fn ratio_text(row: &AppraisalRow) -> String {
    let per = row.outcome.per;
    if row.same_cost() {
        return "none: the options cost the same".into();
    }
    match row.cost_per_unit {
        Ratio::Undefined => "undefined: the outcome does not clearly change".into(),
        Ratio::Defined { .. } if row.improvement.mean < 0.0 && row.cost_difference.mean > 0.0 => {
            "none: dearer and worse".into()
        }
        Ratio::Defined {
            estimate,
            low,
            high,
        } if row.improvement.mean < 0.0 => format!(
            "saves {} per {per} lost ({} – {})",
            money(-estimate),
            money(-high),
            money(-low)
        ),
        Ratio::Defined {
            estimate,
            low,
            high,
        } => format!(
            "{} per {per} ({} – {})",
            money(estimate),
            money(low),
            money(high)
        ),
    }
}

/// An improvement (positive) or a worsening (negative) in words, with its CI.
fn improvement_text(row: &AppraisalRow) -> String {
    let i = &row.improvement;
    let (sign, words) = if i.mean < 0.0 {
        (-1.0, row.outcome.loss)
    } else {
        (1.0, row.outcome.gain)
    };
    let mean = sign * i.mean;
    let (ci, ends) = match (i.ci95_low, i.ci95_high) {
        (Some(lo), Some(hi)) => {
            let (a, b) = if sign < 0.0 { (-hi, -lo) } else { (lo, hi) };
            let all = [mean, a, b];
            (
                format!(" ({} – {})", numbers_alike(a, &all), numbers_alike(b, &all)),
                all,
            )
        }
        _ => (String::new(), [mean; 3]),
    };
    format!("{} {words}{ci}", numbers_alike(mean, &ends))
}

/// What each scenario costs and what each change buys, per headline outcome.
pub fn appraisal_table(rows: &[AppraisalRow]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "scenario",
        "outcome",
        "Δ cost a year (95 % CI)",
        "improvement (95 % CI)",
        "cost per unit of improvement (95 % CI)",
        "reading",
    ]);
    for r in rows {
        let d = &r.cost_difference;
        let cost = if r.same_cost() {
            format!("{} (the same cost)", money(0.0))
        } else {
            format!(
                "{} ({})",
                money(d.mean),
                interval(d.ci95_low, d.ci95_high, money)
            )
        };
        let improvement = improvement_text(r);
        table.add_row([
            Cell::new(&r.scenario),
            Cell::new(r.outcome.label),
            Cell::new(cost).set_alignment(CellAlignment::Right),
            Cell::new(improvement).set_alignment(CellAlignment::Right),
            Cell::new(ratio_text(r)).set_alignment(CellAlignment::Right),
            Cell::new(r.verdict()),
        ]);
    }
    table
}

/// Each scenario's cost, funding and surplus a year (means with 95 % CIs).
pub fn cost_table(names: &[String], results: &[BatchResult]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "scenario",
        "cost a year (95 % CI)",
        "funding a year",
        "surplus a year",
    ]);
    for (name, r) in names.iter().zip(results) {
        let cell = |metric: &str| {
            r.metric(metric).map_or("–".to_string(), |m| {
                let e = &m.estimate;
                if e.sd.is_some_and(|sd| sd > 0.0) {
                    format!(
                        "{} ({})",
                        money(e.mean),
                        interval(e.ci95_low, e.ci95_high, money)
                    )
                } else {
                    money(e.mean)
                }
            })
        };
        table.add_row([
            Cell::new(name),
            Cell::new(cell(n::COST_TOTAL_PER_YEAR.pattern)).set_alignment(CellAlignment::Right),
            Cell::new(cell(n::FUNDING_TOTAL_PER_YEAR.pattern)).set_alignment(CellAlignment::Right),
            Cell::new(cell(n::BUDGET_SURPLUS_PER_YEAR.pattern)).set_alignment(CellAlignment::Right),
        ]);
    }
    table
}

fn csv_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

fn csv_option(x: Option<f64>) -> String {
    x.map_or_else(String::new, csv_number)
}

/// `appraisal.csv`: one row per alternative and outcome.
pub fn appraisal_csv(rows: &[AppraisalRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "outcome",
        "per",
        "base_cost_per_year",
        "other_cost_per_year",
        "cost_difference",
        "cost_ci95_low",
        "cost_ci95_high",
        "improvement",
        "improvement_ci95_low",
        "improvement_ci95_high",
        "cost_per_unit",
        "cost_per_unit_ci95_low",
        "cost_per_unit_ci95_high",
        "reading",
    ])?;
    for r in rows {
        let (c, i) = (&r.cost_difference, &r.improvement);
        let (ratio, lo, hi) = match r.cost_per_unit {
            Ratio::Defined {
                estimate,
                low,
                high,
            } => (csv_number(estimate), csv_number(low), csv_number(high)),
            Ratio::Undefined => Default::default(),
        };
        w.write_record([
            r.scenario.clone(),
            r.outcome.key.to_string(),
            r.outcome.per.to_string(),
            csv_number(r.base_cost),
            csv_number(r.other_cost),
            csv_number(c.mean),
            csv_option(c.ci95_low),
            csv_option(c.ci95_high),
            csv_number(i.mean),
            csv_option(i.ci95_low),
            csv_option(i.ci95_high),
            ratio,
            lo,
            hi,
            r.verdict(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One combination of a budget search, for its table and CSV.
#[derive(Clone, Debug)]
pub struct BudgetRow {
    /// What was bought (`response_officers × 2 + missing_persons_team`).
    pub label: String,
    /// Units of each option.
    pub units: Vec<u32>,
    /// Planned extra cost a year over the base, £ (no overtime).
    pub planned_extra: f64,
    /// Mean `cost.total_per_year` simulated (with overtime), £.
    pub cost_per_year: f64,
    /// Its outcome against the base: mean, paired difference with 95 % CI.
    pub ranked: Ranked,
}

/// The budget search's combinations, best first.
pub fn budget_table(metric: &str, unit: &str, rows: &[BudgetRow]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "rank".to_string(),
        "bought".into(),
        "planned extra cost a year".into(),
        format!("{metric} (mean)"),
        "difference from base (95 % CI)".into(),
        String::new(),
    ]);
    let fmt = |x: f64| super::table::format_value(unit, x);
    for (i, r) in rows.iter().enumerate() {
        let d = &r.ranked.difference;
        // A difference in its base's style: points for shares, one format
        // for the mean and both bounds; never "clear" when it shows as 0.
        let f = super::format::Format::for_row(
            unit,
            &[
                d.mean,
                d.ci95_low.unwrap_or(f64::NAN),
                d.ci95_high.unwrap_or(f64::NAN),
            ],
        );
        let clear = super::format::shows_as_clear_in(&f, r.ranked.clear, d.mean);
        table.add_row([
            Cell::new(i + 1).set_alignment(CellAlignment::Right),
            Cell::new(&r.label),
            Cell::new(money(r.planned_extra)).set_alignment(CellAlignment::Right),
            Cell::new(fmt(r.ranked.mean)).set_alignment(CellAlignment::Right),
            Cell::new(format!(
                "{} ({})",
                f.difference(d.mean),
                f.difference_interval(d.ci95_low, d.ci95_high)
            ))
            .set_alignment(CellAlignment::Right),
            Cell::new(if clear { "clear" } else { "" }),
        ]);
    }
    table
}

/// `budget.csv`: one row per combination run, best first.
pub fn budget_csv(
    option_names: &[String],
    metric: &str,
    rows: &[BudgetRow],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["rank".to_string(), "bought".into()];
    header.extend(option_names.iter().map(|n| format!("units.{n}")));
    header.extend(
        [
            "planned_extra_cost_per_year",
            "cost_total_per_year",
            "metric",
            "mean",
            "difference",
            "ci95_low",
            "ci95_high",
            "clear",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    for (i, r) in rows.iter().enumerate() {
        let d = &r.ranked.difference;
        let mut row = vec![(i + 1).to_string(), r.label.clone()];
        row.extend(r.units.iter().map(u32::to_string));
        row.extend([
            csv_number(r.planned_extra),
            csv_number(r.cost_per_year),
            metric.to_string(),
            csv_number(r.ranked.mean),
            csv_number(d.mean),
            csv_option(d.ci95_low),
            csv_option(d.ci95_high),
            r.ranked.clear.to_string(),
        ]);
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {

    /// A budget search over a share writes its differences in points, in
    /// one format for the mean and the interval, and does not call a
    /// difference that shows as zero "clear" (it printed "1.6 %" and
    /// "clear" beside "+0.0 %").
    #[test]
    fn budget_differences_of_shares_are_in_points_and_zero_is_never_clear() {
        use crate::finance::appraisal::options::Ranked;
        use crate::stats::Estimate;
        let row = |label: &str, diffs: &[f64]| BudgetRow {
            label: label.into(),
            units: vec![1],
            planned_extra: 1e6,
            cost_per_year: 1e8,
            ranked: Ranked {
                index: 0,
                mean: 0.8,
                difference: Estimate::from_samples(diffs),
                clear: true,
            },
        };
        let metric = crate::metrics::names::RESPONSE_WITHIN_TARGET_SHARE.name(&["g1"]);
        let table = budget_table(
            &metric,
            "share",
            &[
                row("a", &[0.015, 0.016, 0.017, 0.016]),
                row("b", &[0.0001, 0.0002, 0.0001, 0.0002]),
            ],
        )
        .to_string();
        let a = table.lines().find(|l| l.contains("┆ a ")).unwrap();
        assert!(a.contains("+1.6 pts (+1.5 pts – +1.7 pts)"), "{a}");
        assert!(a.contains("clear"), "{a}");
        let b = table.lines().find(|l| l.contains("┆ b ")).unwrap();
        assert!(b.contains("0.0 pts"), "{b}");
        assert!(!b.contains("clear"), "{b}");
    }
    use super::{BudgetRow, appraisal_table, budget_table, money};
    use crate::finance::appraisal::{AppraisalRow, OUTCOMES, fieller};
    use crate::stats::Estimate;

    /// A row of `outcome` with these paired cost differences and
    /// improvements, priced as `appraise` prices them.
    fn appraised(outcome: usize, costs: &[f64], improvements: &[f64]) -> AppraisalRow {
        AppraisalRow {
            scenario: "alternative".into(),
            outcome: OUTCOMES[outcome],
            base_cost: 1e8,
            other_cost: 1e8 + costs.iter().sum::<f64>() / costs.len() as f64,
            cost_difference: Estimate::from_samples(costs),
            improvement: Estimate::from_samples(improvements),
            cost_per_unit: fieller(costs, improvements),
        }
    }

    /// Options that cost the same are read by their outcome alone: no
    /// "£0 per minute (£0 – £0)" and no "the cost difference is not
    /// clear" when it is exactly nothing.
    #[test]
    fn options_that_cost_the_same_are_read_by_their_outcome_alone() {
        let zero = [0.0; 4];
        let better = appraised(0, &zero, &[1.0, 1.2, 0.9, 1.1]);
        let worse = appraised(0, &zero, &[-1.0, -1.2, -0.9, -1.1]);
        let unclear = appraised(0, &zero, &[1.0, -1.2, 0.9, -1.1]);
        for (row, reading) in [
            (
                &better,
                "the same cost and better: the alternative is the better option",
            ),
            (
                &worse,
                "the same cost and worse: the base is the better option",
            ),
            (&unclear, "the same cost; no clear change in the outcome"),
        ] {
            assert_eq!(row.verdict(), reading);
            assert_eq!(super::ratio_text(row), "none: the options cost the same");
        }
        let table = appraisal_table(&[better]).to_string();
        assert!(table.contains("£0 (the same cost)"), "{table}");
        assert!(!table.contains("£0 – £0"), "{table}");
        assert!(!table.contains("not clear"), "{table}");
        // A cost that differs is still priced.
        let dearer = appraised(0, &[1e5, 1.1e5, 0.9e5, 1e5], &[1.0, 1.2, 0.9, 1.1]);
        assert_eq!(dearer.verdict(), "dearer and better");
        assert!(
            super::ratio_text(&dearer).starts_with("£"),
            "{}",
            super::ratio_text(&dearer)
        );
    }

    /// Numbers in the appraisal's words are grouped in thousands and
    /// negative ones carry the minus sign, as in every other text output
    /// (it printed "2384 more contacts" and "-63.26").
    #[test]
    fn appraisal_numbers_group_thousands_and_use_the_minus_sign() {
        let costs = [1e5, 1.1e5, 0.9e5, 1e5];
        let many = appraised(5, &costs, &[2384.0, 2390.0, 2378.0, 2384.0]);
        let table = appraisal_table(&[many]).to_string();
        assert!(table.contains("2,384 more contacts avoided"), "{table}");
        // An interval reaching below zero: its low end is negative.
        let straddles = appraised(0, &costs, &[-63.26, 10.0, 20.0, -5.0]);
        let table = appraisal_table(&[straddles]).to_string();
        assert!(!table.contains('-'), "an ASCII hyphen as a minus: {table}");
        assert!(table.contains('−'), "{table}");
    }

    /// An improvement and its interval share one number of decimals, set
    /// by the largest of the three (it printed "102 more investigations
    /// (82.20 – 123)").
    #[test]
    fn an_improvement_and_its_interval_share_their_decimals() {
        let costs = [1e5, 1.1e5, 0.9e5, 1e5];
        let row = appraised(3, &costs, &[102.0, 84.0, 120.0, 102.0]);
        let text = super::improvement_text(&row);
        assert!(text.starts_with("102 more investigations ("), "{text}");
        assert!(!text.contains('.'), "{text}");
        let small = appraised(3, &costs, &[1.5, 1.25, 1.75, 1.5]);
        let text = super::improvement_text(&small);
        assert!(text.starts_with("1.50 more investigations (1."), "{text}");
    }

    #[test]
    fn money_reads_like_a_budget_paper() {
        assert_eq!(money(45_210.4), "£45,210");
        assert_eq!(money(999.0), "£999");
        assert_eq!(money(183_412_345.0), "£183.41 m");
        assert_eq!(money(-1_200_000.0), "−£1.20 m");
        assert_eq!(money(f64::NAN), "–");
    }
}
