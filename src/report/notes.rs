//! Plain statements a planner should not miss: teams closed at some hours
//! (their work waits), demand no server can take (see
//! [`crate::scenario::coverage`]), teams whose backlog grows without bound,
//! runs stopped for overload.

use crate::batch::BatchResult;
use crate::scenario::Model;
use crate::sim::time::HOURS_PER_WEEK;

fn estimate(result: &BatchResult, name: &str) -> Option<crate::stats::Estimate> {
    result.metric(name).map(|m| m.estimate)
}

/// The statements for a batch, most serious first.
pub fn statements(model: &Model, result: &BatchResult) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(e) = estimate(result, "run.stopped_early")
        && e.mean > 0.0
    {
        out.push(format!(
            "OVERLOADED: {:.0} % of replications were stopped early because more than {} cases were waiting; demand is far above capacity",
            100.0 * e.mean,
            crate::sim::force::MAX_CASES_IN_SYSTEM
        ));
    }
    for team in &model.teams {
        let p = format!("teams.{}", team.name);
        let entries_per_day =
            estimate(result, &format!("{p}.queue_entries_per_hour")).map_or(0.0, |e| e.mean * 24.0);
        if let Some(g) = estimate(result, &format!("{p}.backlog_growth_per_day")) {
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
    for team in &model.investigation_teams {
        let p = format!("investigations.{}", team.name);
        let unallocated =
            estimate(result, &format!("{p}.unallocated_at_end")).map_or(0.0, |e| e.mean);
        if let Some(g) = estimate(result, &format!("{p}.backlog_growth_per_day"))
            && g.mean > 0.5
            && g.ci95_low.is_none_or(|lo| lo > 0.0)
            && unallocated > 0.0
        {
            out.push(format!(
                "UNSTABLE: investigations by {} cannot keep up: the backlog grows by {:.1} cases a day over the run and {unallocated:.0} crimes wait unallocated at the end",
                team.name, g.mean
            ));
        }
    }
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

/// The demand the force could not meet, in one sentence of figures (means
/// over replications).
fn unmet_demand(model: &Model, result: &BatchResult) -> String {
    let mean = |name: &str| estimate(result, name).map_or(0.0, |e| e.mean);
    let mut parts = Vec::new();
    for ch in &model.channels {
        let abandoned = mean(&format!("calls.{}.abandoned", ch.name));
        if abandoned > 0.0 {
            parts.push(format!("{abandoned:.0} {} contacts abandoned", ch.name));
        }
    }
    for g in ["g1", "g2", "g3"] {
        let attended = mean(&format!("response.{g}.attended"));
        let late = attended * (1.0 - mean(&format!("response.{g}.within_target_share")));
        if late >= 0.5 {
            parts.push(format!(
                "{late:.0} {} incidents attended outside their target",
                g.to_uppercase()
            ));
        }
    }
    let unattended: f64 = ["g1", "g2", "g3"]
        .iter()
        .map(|g| mean(&format!("response.{g}.unattended_at_end")))
        .sum();
    parts.push(format!(
        "{unattended:.0} incidents still waiting for a unit at the end"
    ));
    if !model.investigation_teams.is_empty() {
        let long: f64 = model
            .investigation_teams
            .iter()
            .map(|t| mean(&format!("investigations.{}.waited_over_28_days", t.name)))
            .sum();
        let unallocated: f64 = model
            .investigation_teams
            .iter()
            .map(|t| mean(&format!("investigations.{}.unallocated_at_end", t.name)))
            .sum();
        parts.push(format!(
            "{long:.0} crimes waited over {} days for an investigator and {unallocated:.0} were unallocated at the end",
            crate::sim::crime_stats::LONG_WAIT_DAYS
        ));
    }
    let overrun: f64 = model
        .teams
        .iter()
        .map(|t| mean(&format!("teams.{}.overrun_hours", t.name)))
        .sum();
    parts.push(format!(
        "{overrun:.0} hours of work ran past the end of shifts"
    ));
    format!("Unmet demand: {}.", parts.join("; "))
}
