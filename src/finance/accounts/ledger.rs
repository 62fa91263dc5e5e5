//! The ledger of one replication: what each part of the force costs in
//! each simulated year.
//!
//! Pay, on-costs, non-pay and investments are fixed by the scenario;
//! overtime is what the replication actually worked (each team's
//! `overtime_unit_hours`), so the total varies a little between
//! replications. A year's amounts cover the days it contributes to the
//! accounts (365, fewer for a warm-up or a short last year), so the years
//! add up to the run and `… per_year` figures are the run's total ÷ its
//! length in years.

use crate::finance::model::{CostModel, TeamCost};
use crate::scenario::Model;
use crate::sim::RunStats;
use crate::time::DAYS_PER_YEAR;
use crate::time::MS_PER_DAY;

const YEAR_DAYS: f64 = DAYS_PER_YEAR as f64;

/// Days each simulated year contributes to the accounts: its days after
/// the warm-up and before the horizon.
pub fn accounting_days(model: &Model) -> Vec<f64> {
    let start = model.warmup.0 as f64 / MS_PER_DAY as f64;
    let end = model.horizon.0 as f64 / MS_PER_DAY as f64;
    (0..model.years())
        .map(|y| {
            let from = (y as f64 * YEAR_DAYS).max(start);
            let to = ((y + 1) as f64 * YEAR_DAYS).min(end);
            (to - from).max(0.0)
        })
        .collect()
}

/// Costs by simulated year, £ within the days each year is counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// Days counted in each simulated year.
    pub days: Vec<f64>,
    /// `[year][team]`: pay, on-costs, team non-pay and overtime of each
    /// rostered team.
    pub teams: Vec<Vec<f64>>,
    /// `[year][team]`: the overtime part of `teams`.
    pub team_overtime: Vec<Vec<f64>>,
    /// `[year][team]`: pay, on-costs and non-pay of each investigation team.
    pub investigations: Vec<Vec<f64>>,
    /// `[year]`: people in no simulated team.
    pub outside_teams: Vec<f64>,
    /// `[year][investment]`.
    pub investments: Vec<Vec<f64>>,
    /// `[year]`: force non-pay not itemised elsewhere.
    pub force_non_pay: Vec<f64>,
    /// `[year]`: pay, on-costs and overtime of every FTE costed (no non-pay,
    /// no investments).
    pub workforce: Vec<f64>,
    /// `[year]`: FTE costed (teams, investigation teams, outside teams).
    pub fte: Vec<f64>,
}

impl Ledger {
    /// The accounts of `model` given the overtime hours worked,
    /// `overtime_hours[year][team]` (zeros for the planned cost).
    pub fn new(model: &Model, costs: &CostModel, overtime_hours: &[Vec<f64>]) -> Ledger {
        let days = accounting_days(model);
        let mut l = Ledger {
            teams: Vec::new(),
            team_overtime: Vec::new(),
            investigations: Vec::new(),
            outside_teams: Vec::new(),
            investments: Vec::new(),
            force_non_pay: Vec::new(),
            workforce: Vec::new(),
            fte: Vec::new(),
            days: days.clone(),
        };
        let outside_fte: f64 = costs.outside_teams.iter().map(|(_, f)| f).sum();
        let outside_pay: f64 = costs
            .outside_teams
            .iter()
            .map(|&(r, f)| f * costs.cost_per_fte(r))
            .sum();
        for (y, d) in days.iter().enumerate() {
            let part = d / YEAR_DAYS;
            let (mut workforce, mut fte) = (outside_pay * part, outside_fte * part);
            let mut teams = Vec::with_capacity(costs.teams.len());
            let mut overtime = Vec::with_capacity(costs.teams.len());
            for (t, tc) in costs.teams.iter().enumerate() {
                let hours = overtime_hours
                    .get(y)
                    .and_then(|h| h.get(t))
                    .copied()
                    .unwrap_or(0.0);
                let ot = hours * costs.overtime_cost_per_hour(&tc.role_mix);
                let (pay, non_pay, people) = team_year(costs, tc, y, part);
                workforce += pay + ot;
                fte += people;
                teams.push(pay + non_pay + ot);
                overtime.push(ot);
            }
            let mut investigations = Vec::with_capacity(costs.investigation_teams.len());
            for tc in &costs.investigation_teams {
                let (pay, non_pay, people) = team_year(costs, tc, y, part);
                workforce += pay;
                fte += people;
                investigations.push(pay + non_pay);
            }
            l.teams.push(teams);
            l.team_overtime.push(overtime);
            l.investigations.push(investigations);
            l.outside_teams.push(outside_pay * part);
            let mut investments = Vec::with_capacity(costs.investments.len());
            for i in &costs.investments {
                let (mut pay, mut people) = (0.0, 0.0);
                if i.active_in_year(y) {
                    for &(r, f) in &i.staff {
                        pay += f * costs.cost_per_fte(r) * part;
                        people += f * part;
                    }
                }
                workforce += pay;
                fte += people;
                investments.push(i.cost_in_year(y) * part + pay);
            }
            l.investments.push(investments);
            l.force_non_pay.push(costs.force_non_pay_per_year * part);
            l.workforce.push(workforce);
            l.fte.push(fte);
        }
        l
    }

    /// Everything in year `y`, £.
    pub fn year_total(&self, y: usize) -> f64 {
        self.teams[y].iter().sum::<f64>()
            + self.investigations[y].iter().sum::<f64>()
            + self.outside_teams[y]
            + self.investments[y].iter().sum::<f64>()
            + self.force_non_pay[y]
    }

    /// Overtime in year `y`, £.
    pub fn year_overtime(&self, y: usize) -> f64 {
        self.team_overtime[y].iter().sum()
    }

    /// Years the accounts cover (days ÷ 365).
    pub fn span_years(&self) -> f64 {
        self.days.iter().sum::<f64>() / YEAR_DAYS
    }

    /// The run's total of `by_year` ÷ the years covered: £ per year.
    pub fn per_year(&self, by_year: impl Fn(usize) -> f64) -> f64 {
        (0..self.days.len()).map(by_year).sum::<f64>() / self.span_years()
    }

    /// Mean annual cost over the run, £ per year.
    pub fn total_per_year(&self) -> f64 {
        self.per_year(|y| self.year_total(y))
    }
}

/// A team's (pay and on-costs, non-pay, FTE-years) in year `y` for the
/// share `part` of a year counted.
fn team_year(costs: &CostModel, tc: &TeamCost, y: usize, part: f64) -> (f64, f64, f64) {
    let fte = tc
        .fte_by_year
        .get(y)
        .or(tc.fte_by_year.last())
        .copied()
        .unwrap_or(0.0);
    let pay = fte * costs.cost_per_fte_of_mix(&tc.role_mix) * part;
    let non_pay = (tc.non_pay_per_year + fte * tc.non_pay_per_fte_per_year) * part;
    (pay, non_pay, fte * part)
}

/// The planned cost of `model` per year, £: everything but overtime (which
/// only a simulation knows). `None` without `[costs]`.
pub fn planned_cost_per_year(model: &Model) -> Option<f64> {
    let costs = model.costs.as_ref()?;
    Some(Ledger::new(model, costs, &[]).total_per_year())
}

/// Overtime hours worked, `[year][team]`, from a replication's typed
/// statistics: each simulated year's on multi-year runs (0 for a year that
/// holds no counted time), the whole run's otherwise; 0 for a team without
/// an overtime rule or an undefined figure. Overtime units are one person
/// each, so unit-hours are person-hours. A team with a minimum adds its
/// ladder's overtime hours and its rest-day hours × their pay multiplier ÷
/// the overtime multiplier (so they cost their own rate).
pub fn overtime_hours(model: &Model, stats: &RunStats) -> Vec<Vec<f64>> {
    let years = model.years();
    (0..years)
        .map(|y| {
            let period = if years > 1 {
                stats
                    .years
                    .iter()
                    .find(|s| s.year == y + 1)
                    .map(|s| &s.stats)
            } else {
                Some(&stats.whole)
            };
            model
                .teams
                .iter()
                .enumerate()
                .map(|(t, team)| {
                    let figures = period.and_then(|p| p.teams.get(t));
                    let queue = if team.overtime.is_none() {
                        0.0
                    } else {
                        figures
                            .map(|f| f.overtime_unit_hours)
                            .filter(|h| h.is_finite())
                            .unwrap_or(0.0)
                    };
                    if team.minimum.is_none() {
                        return queue;
                    }
                    // The ladder's overtime at the overtime rate, and its
                    // rest days at their multiplier of the basic rate (as
                    // overtime hours: ÷ the overtime multiplier).
                    let multiplier = model
                        .costs
                        .as_ref()
                        .map_or(1.0, |c| c.overtime_multiplier)
                        .max(1e-9);
                    queue
                        + figures.map_or(0.0, |f| {
                            f.escalation.filled_hours[0]
                                + f.escalation.rest_day_pay_hours / multiplier
                        })
                })
                .collect()
        })
        .collect()
}
