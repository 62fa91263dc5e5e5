//! Finance: what a scenario costs, what funds it, and what a change buys.
//!
//! - [`model`]: the validated cost model (`[costs]`) and funding
//!   (`[funding]`) of a scenario;
//! - [`cost`]: the accounts of one replication by simulated year;
//! - [`append_metrics`]: those accounts as ordinary metrics (unit `£`), so
//!   every summary, CSV, JSON, comparison and sweep carries them;
//! - [`appraisal`]: cost against outcome in a comparison (Fieller
//!   intervals for a ratio of paired differences);
//! - [`options`]: the budget search of `forcesim sweep --budget`;
//! - [`buy`]: a scenario with options bought, and the check that every
//!   purchase the search may make is valid.
//!
//! Finance is outside the simulation: costs follow from the staffing and
//! investments of the scenario and from the overtime each replication
//! worked, so they are added after the replication has run
//! ([`crate::batch`] calls [`append_metrics`]). A scenario without
//! `[costs]` and `[funding]` gets no finance metrics and its other metrics
//! are untouched.
//!
//! # Metrics (£ unless said)
//!
//! | name | meaning |
//! |---|---|
//! | `cost.total_per_year` | mean annual cost over the run: every item below except the overtime and workforce subtotals |
//! | `cost.teams.T.per_year` | rostered team T: pay, on-costs, non-pay and overtime |
//! | `cost.teams.T.overtime_per_year` | the overtime part (teams with an overtime rule) |
//! | `cost.investigations.T.per_year` | investigation team T: pay, on-costs and non-pay |
//! | `cost.outside_teams_per_year` | people in no simulated team |
//! | `cost.investments.I.per_year` | investment I: recurring + one-off ÷ life |
//! | `cost.force_non_pay_per_year` | force non-pay not itemised elsewhere |
//! | `cost.overtime_per_year` | overtime of every team (a subtotal) |
//! | `cost.workforce_per_year` | pay, on-costs and overtime of every FTE (a subtotal) |
//! | `cost.fte` | FTE costed, mean over the run (people) |
//! | `funding.total_per_year` | net budget + precept change revenue (+ tax base growth) |
//! | `funding.net_budget_per_year`, `funding.police_grant_per_year` | as given |
//! | `funding.precept_income_per_year` | Band D before the change × tax base, year 1 |
//! | `funding.precept_change_revenue_per_year` | Band D change × tax base, mean over the run |
//! | `funding.precept_change_revenue.year_K` | the same in year K = 1…max(4, years): the four-year plan |
//! | `budget.surplus_per_year` | funding − cost (negative: over budget) |
//! | `years.N.cost.total`, `years.N.cost.overtime`, `years.N.funding.total`, `years.N.budget.surplus` | each simulated year of a multi-year run, £ within that year |

pub mod appraisal;
pub mod buy;
pub mod cost;
pub mod model;
pub mod options;

use crate::scenario::Model;
use crate::sim::Metric;
use cost::{Ledger, accounting_days};

/// Years of the four-year medium-term plan the precept revenue is
/// reported for (more if the run is longer).
pub const PLAN_YEARS: usize = 4;

/// Appends the finance metrics of one replication to `metrics` (which must
/// hold its other metrics, for the overtime worked). Does nothing for a
/// scenario without `[costs]` or `[funding]`.
pub fn append_metrics(model: &Model, metrics: &mut Vec<Metric>) {
    if model.costs.is_none() && model.funding.is_none() {
        return;
    }
    let mut out = Vec::new();
    let mut push = |name: String, unit: &'static str, value: f64| {
        out.push(Metric { name, unit, value });
    };
    let ledger = model
        .costs
        .as_ref()
        .map(|c| Ledger::new(model, c, &cost::overtime_hours(model, metrics)));
    let days = accounting_days(model);
    let span = days.iter().sum::<f64>() / 365.0;
    let funding_by_year: Option<Vec<f64>> = model.funding.as_ref().map(|f| {
        (0..days.len())
            .map(|y| f.total_in_year(y) * days[y] / 365.0)
            .collect()
    });
    if let (Some(l), Some(costs)) = (&ledger, &model.costs) {
        push("cost.total_per_year".into(), "£", l.total_per_year());
        for (t, team) in model.teams.iter().enumerate() {
            let p = format!("cost.teams.{}", team.name);
            push(format!("{p}.per_year"), "£", l.per_year(|y| l.teams[y][t]));
            if team.overtime.is_some() {
                let ot = l.per_year(|y| l.team_overtime[y][t]);
                push(format!("{p}.overtime_per_year"), "£", ot);
            }
        }
        for (t, team) in model.investigation_teams.iter().enumerate() {
            let v = l.per_year(|y| l.investigations[y][t]);
            push(
                format!("cost.investigations.{}.per_year", team.name),
                "£",
                v,
            );
        }
        let outside = l.per_year(|y| l.outside_teams[y]);
        push("cost.outside_teams_per_year".into(), "£", outside);
        for (i, inv) in costs.investments.iter().enumerate() {
            let v = l.per_year(|y| l.investments[y][i]);
            push(format!("cost.investments.{}.per_year", inv.name), "£", v);
        }
        let non_pay = l.per_year(|y| l.force_non_pay[y]);
        push("cost.force_non_pay_per_year".into(), "£", non_pay);
        let overtime = l.per_year(|y| l.year_overtime(y));
        push("cost.overtime_per_year".into(), "£", overtime);
        push(
            "cost.workforce_per_year".into(),
            "£",
            l.per_year(|y| l.workforce[y]),
        );
        push(
            "cost.fte".into(),
            "people",
            l.fte.iter().sum::<f64>() / span,
        );
    }
    if let (Some(f), Some(by_year)) = (&model.funding, &funding_by_year) {
        push(
            "funding.total_per_year".into(),
            "£",
            by_year.iter().sum::<f64>() / span,
        );
        push(
            "funding.net_budget_per_year".into(),
            "£",
            f.net_budget_per_year,
        );
        push(
            "funding.police_grant_per_year".into(),
            "£",
            f.police_grant_per_year,
        );
        push(
            "funding.precept_income_per_year".into(),
            "£",
            f.precept_income(0),
        );
        let change: f64 = (0..days.len())
            .map(|y| f.precept_change_revenue(y) * days[y] / 365.0)
            .sum();
        push(
            "funding.precept_change_revenue_per_year".into(),
            "£",
            change / span,
        );
        for y in 0..PLAN_YEARS.max(days.len()) {
            push(
                format!("funding.precept_change_revenue.year_{}", y + 1),
                "£",
                f.precept_change_revenue(y),
            );
        }
    }
    if let (Some(l), Some(by_year)) = (&ledger, &funding_by_year) {
        let surplus = by_year.iter().sum::<f64>() / span - l.total_per_year();
        push("budget.surplus_per_year".into(), "£", surplus);
    }
    if days.len() > 1 {
        for y in (0..days.len()).filter(|&y| days[y] > 0.0) {
            let p = format!("years.{}", y + 1);
            if let Some(l) = &ledger {
                push(format!("{p}.cost.total"), "£", l.year_total(y));
                push(format!("{p}.cost.overtime"), "£", l.year_overtime(y));
            }
            if let Some(by_year) = &funding_by_year {
                push(format!("{p}.funding.total"), "£", by_year[y]);
                if let Some(l) = &ledger {
                    push(
                        format!("{p}.budget.surplus"),
                        "£",
                        by_year[y] - l.year_total(y),
                    );
                }
            }
        }
    }
    metrics.extend(out);
}
