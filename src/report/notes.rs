//! Plain statements a planner should not miss: teams closed at some hours
//! (their work waits), demand no server can take (see
//! [`crate::scenario::coverage`]), teams whose backlog grows without bound,
//! runs stopped for overload.

use crate::batch::BatchResult;
use crate::metrics::names as n;
use crate::scenario::Model;
use crate::time::HOURS_PER_WEEK;

/// The statements on investigation backlogs, one rule for every team
/// ([`crate::report::growth`]): each team whose weekly backlog has a
/// material trend with its 95 % CI above zero over the second half of the
/// run, with that trend and CI and the crimes waiting unallocated at the
/// end.
pub fn backlog_growth(model: &Model, result: &BatchResult) -> Vec<String> {
    super::growth::backlog_trends(model, result)
        .into_iter()
        .filter(|t| t.growing)
        .map(|t| {
            let unallocated = estimate(
                result,
                &n::INVESTIGATIONS_UNALLOCATED_AT_END.name(&[&t.team]),
            )
            .map_or(0.0, |e| e.mean);
            let ci = match (t.per_week.ci95_low, t.per_week.ci95_high) {
                (Some(lo), Some(hi)) => format!(" (95 % CI {} to {})", cases(lo), cases(hi)),
                _ => String::new(),
            };
            let yearly = t.per_week.mean * super::growth::WEEKS_PER_YEAR;
            // The rise is a flow (cases a year); the mean backlog it is
            // compared with is a stock (cases open), never "… a year".
            format!(
                "GROWING BACKLOG: open investigations for {} rise by {} cases a week{ci} over weeks {}–{} (the second half of the run), {} cases a year, {:.0} % of their mean of {} open cases over those weeks; {} crimes wait unallocated at the end",
                t.team,
                cases(t.per_week.mean),
                t.first_week,
                t.last_week,
                whole(yearly),
                100.0 * yearly / t.mean_backlog.max(1.0),
                whole(t.mean_backlog),
                whole(unallocated),
            )
        })
        .collect()
}

/// A whole number of cases grouped in thousands, [`super::table::MINUS`]
/// when negative: `1,577`.
fn whole(x: f64) -> String {
    super::table::Format {
        unit: "count",
        style: super::table::Style::Decimals(0),
    }
    .value(x)
}

/// Cases a week with one decimal and [`super::table::MINUS`] when negative.
fn cases(x: f64) -> String {
    super::table::Format {
        unit: "count",
        style: super::table::Style::Decimals(1),
    }
    .value(x)
}

fn estimate(result: &BatchResult, name: &str) -> Option<crate::stats::Estimate> {
    result.metric(name).map(|m| m.estimate)
}

/// The statements for a batch, most serious first.
pub fn statements(model: &Model, result: &BatchResult) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(e) = estimate(result, &n::RUN_STOPPED_EARLY.name(&[]))
        && e.mean > 0.0
    {
        out.push(format!(
            "OVERLOADED: {:.0} % of replications were stopped early because more than {} cases were waiting; demand is far above capacity",
            100.0 * e.mean,
            crate::sim::force::MAX_CASES_IN_SYSTEM
        ));
    }
    for team in &model.teams {
        let at = [team.name.as_str()];
        let entries_per_day = estimate(result, &n::TEAMS_QUEUE_ENTRIES_PER_HOUR.name(&at))
            .map_or(0.0, |e| e.mean * 24.0);
        if let Some(g) = estimate(result, &n::TEAMS_BACKLOG_GROWTH_PER_DAY.name(&at)) {
            let significant = g.ci95_low.is_none_or(|lo| lo > 0.0);
            if g.mean > (0.01 * entries_per_day).max(1.0) && significant {
                out.push(format!(
                    "UNSTABLE: {}'s backlog grows by {:.0} jobs a day (about {:.0} % of the {:.0} it receives); it is not keeping up",
                    team.name,
                    g.mean,
                    100.0 * g.mean / entries_per_day.max(1.0),
                    entries_per_day
                ));
            }
        }
    }
    out.extend(crate::scenario::coverage::unservable_demand(model));
    out.push(unmet_demand(model, result));
    out.extend(utilisation_bases(model, result));
    out.extend(backlog_growth(model, result));
    let mut routed = vec![false; model.teams.len()];
    for ch in &model.channels {
        routed[ch.team] = true;
    }
    routed[model.grades.g4.team] = true;
    for area in &model.areas {
        routed[area.response_team] = true;
        if let Some(n) = area.neighbourhood_team {
            routed[n] = true;
        }
    }
    for team in model
        .teams
        .iter()
        .zip(&routed)
        .filter(|(_, r)| **r)
        .map(|(t, _)| t)
    {
        let units = team.rostered_units_by_hour();
        let closed = units.iter().filter(|u| **u == 0).count();
        if closed > 0 && closed < HOURS_PER_WEEK {
            out.push(format!(
                "{} has no one on duty for {closed} of the 168 hours of the week; work arriving then waits for the next shift",
                team.name
            ));
        }
    }
    out.extend(super::finance::budget_statement(result));
    out
}

/// For each team that takes no queued jobs but works (PCSOs on
/// problem-solving, for one): why its utilisation reads 0 % and where its
/// time went.
fn utilisation_bases(model: &Model, result: &BatchResult) -> Vec<String> {
    let mean = |name: String| estimate(result, &name).map_or(0.0, |e| e.mean);
    model
        .teams
        .iter()
        .filter(|t| super::charts::hourly::takes_no_queued_jobs(result, &t.name))
        .map(|t| {
            let name = t.name.as_str();
            let worked = mean(n::TEAMS_PRODUCTIVE_PERSON_HOURS.name(&[name]));
            let on_duty = mean(n::TEAMS_PEOPLE_ON_DUTY_MEAN.name(&[name]))
                * mean(n::RUN_SIMULATED_DAYS.name(&[]))
                * 24.0;
            let parts: Vec<String> = [
                ("problem-solving", n::NEIGHBOURHOOD_HOURS_PROBLEM_SOLVING),
                ("appointments", n::NEIGHBOURHOOD_HOURS_APPOINTMENTS),
                ("backfilling response", n::NEIGHBOURHOOD_HOURS_BACKFILL_RESPONSE),
            ]
            .iter()
            .filter_map(|(words, family)| {
                let h = mean(family.name(&[name]));
                (h > 0.0).then(|| format!("{} h {words}", thousands(h)))
            })
            .collect();
            let share = if on_duty > 0.0 {
                format!(" ({:.0} % of its on-duty person-hours)", 100.0 * worked / on_duty)
            } else {
                String::new()
            };
            let breakdown = if parts.is_empty() {
                String::new()
            } else {
                format!(": {}", parts.join(", "))
            };
            format!(
                "{name} takes no queued jobs, so its utilisation (which counts queued jobs: calls, incidents, appointments) reads 0 %; it worked {} person-hours{share}{breakdown}",
                thousands(worked)
            )
        })
        .collect()
}

/// One figure of unmet demand: what went unmet and how much (a mean over
/// replications).
#[derive(Clone, Debug, PartialEq)]
pub struct Unmet {
    /// The period: `None` for the whole run, `Some(n)` for year `n` of a
    /// multi-year run (by the year the demand arrived).
    pub year: Option<usize>,
    /// What went unmet, in words ("contacts abandoned on the 101 channel").
    pub what: String,
    /// How many (contacts, incidents, crimes or hours).
    pub count: f64,
    /// The unit of `count`.
    pub unit: &'static str,
}

/// A count in words with thousands separators (`39,726`).
pub fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 { format!("−{out}") } else { out }
}

/// The unmet demand of the whole run, then of each year of a multi-year
/// run (means over replications).
pub fn unmet_rows(model: &Model, result: &BatchResult) -> Vec<Unmet> {
    let mut rows = unmet_in(model, result, None);
    for y in 1.. {
        if result.metric(&n::INCIDENTS_TOTAL.in_year(y, &[])).is_none() {
            break;
        }
        rows.extend(unmet_in(model, result, Some(y)));
    }
    rows
}

fn unmet_in(model: &Model, result: &BatchResult, year: Option<usize>) -> Vec<Unmet> {
    let mean = |family: n::Family, parts: &[&str]| {
        estimate(result, &family.in_period(year, parts)).map_or(0.0, |e| e.mean)
    };
    let mut rows = Vec::new();
    let mut push = |what: String, count: f64, unit: &'static str| {
        rows.push(Unmet {
            year,
            what,
            count,
            unit,
        });
    };
    for ch in &model.channels {
        let abandoned = mean(n::CALLS_ABANDONED, &[&ch.name]);
        if abandoned > 0.0 {
            push(
                format!("contacts abandoned on the {} channel", ch.name),
                abandoned,
                "contacts",
            );
        }
    }
    for g in ["g1", "g2", "g3"] {
        let attended = mean(n::RESPONSE_ATTENDED, &[g]);
        let late = attended * (1.0 - mean(n::RESPONSE_WITHIN_TARGET_SHARE, &[g]));
        if late >= 0.5 {
            push(
                format!(
                    "{} incidents attended outside their target",
                    g.to_uppercase()
                ),
                late,
                "incidents",
            );
        }
    }
    let unattended: f64 = ["g1", "g2", "g3"]
        .iter()
        .map(|g| mean(n::RESPONSE_UNATTENDED_AT_END, &[g]))
        .sum();
    push(
        "incidents still waiting for a unit at the end".into(),
        unattended,
        "incidents",
    );
    if !model.investigation_teams.is_empty() {
        let sum = |family: n::Family| -> f64 {
            model
                .investigation_teams
                .iter()
                .map(|t| mean(family, &[&t.name]))
                .sum()
        };
        push(
            format!(
                "crimes that waited over {} days for an investigator",
                crate::sim::crime_stats::LONG_WAIT_DAYS
            ),
            sum(n::INVESTIGATIONS_WAITED_OVER_28_DAYS),
            "crimes",
        );
        push(
            "crimes unallocated at the end".into(),
            sum(n::INVESTIGATIONS_UNALLOCATED_AT_END),
            "crimes",
        );
    }
    let overrun: f64 = model
        .teams
        .iter()
        .map(|t| mean(n::TEAMS_OVERRUN_HOURS, &[&t.name]))
        .sum();
    push(
        "hours of work that ran past the end of shifts".into(),
        overrun,
        "hours",
    );
    rows
}

/// The demand the force could not meet, in one sentence of figures (means
/// over replications), saying the period it covers; a multi-year run adds
/// a sentence per year.
fn unmet_demand(model: &Model, result: &BatchResult) -> String {
    let rows = unmet_rows(model, result);
    let days = result
        .metric(&n::RUN_SIMULATED_DAYS.name(&[]))
        .map_or(model.days.len() as f64, |m| m.estimate.mean);
    let sentence = |year: Option<usize>| -> String {
        rows.iter()
            .filter(|r| r.year == year)
            .map(|r| format!("{} {}", thousands(r.count), r.what))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut text = format!(
        "Unmet demand over the whole run ({} days counted, after any warm-up): {}.",
        thousands(days),
        sentence(None)
    );
    let years: Vec<usize> = rows.iter().filter_map(|r| r.year).collect();
    if let Some(&last) = years.last() {
        for y in 1..=last {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(
                    " Year {y} (demand arriving that year): {}.",
                    sentence(Some(y))
                ),
            );
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(39726.4), "39,726");
        assert_eq!(thousands(101.0), "101");
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(0.2), "0");
    }
}
