//! Demand no server can take: a scenario that routes work to a team with
//! no one on duty in a simulated year (a closed team, a staffing plan cut
//! to zero), or keeps every server on duty for top-priority work so lower
//! priorities can never start. Such a run does not fail; it loses that
//! demand silently (100 % waiting at the end), so `check` and `run` state
//! it before simulating. Judged on the roster before abstraction (people
//! absent on the day only make it worse).

use super::model::{Model, Team, staffing_in_year};
use crate::time::HOURS_PER_WEEK;

/// Units on duty at each hour of the week in simulated `year` (0-based),
/// before abstraction: each shift's staff scaled by the team's staffing
/// plan for that year (rounded, as the roster does), over its crew size.
pub fn units_by_hour_in_year(team: &Team, year: usize) -> [u32; HOURS_PER_WEEK] {
    let plan = staffing_in_year(&team.staffing_by_year, year);
    let mut units = [0u32; HOURS_PER_WEEK];
    for shift in &team.shifts {
        let staff = (f64::from(shift.staff) * plan).round() as u32;
        let per_instance = staff / shift.crew_size.max(1);
        for (day, &on) in shift.days.iter().enumerate() {
            if !on {
                continue;
            }
            for h in 0..shift.length_hours {
                let how = (day * 24 + shift.start_hour as usize + h as usize) % HOURS_PER_WEEK;
                units[how] = units[how].saturating_add(per_instance);
            }
        }
    }
    units
}

/// What a team is sent, in words, split by its top priority class (the
/// work reserved servers are kept for) and the rest.
#[derive(Default)]
struct Routed {
    top: Vec<String>,
    lower: Vec<String>,
}

impl Routed {
    fn any(&self) -> bool {
        !self.top.is_empty() || !self.lower.is_empty()
    }

    fn all(&self) -> String {
        let mut all = self.top.clone();
        all.extend(self.lower.iter().cloned());
        all.join(", ")
    }
}

fn routed_work(model: &Model) -> Vec<Routed> {
    let mut routed: Vec<Routed> = model.teams.iter().map(|_| Routed::default()).collect();
    let used = |c: usize| {
        model
            .streams
            .iter()
            .any(|s| s.channel == c && s.volume_per_year > 0.0)
    };
    for (team, work) in routed.iter_mut().enumerate() {
        let channels: Vec<_> = (0..model.channels.len())
            .filter(|&c| model.channels[c].team == team && used(c))
            .collect();
        let top = channels.iter().map(|&c| model.channels[c].priority).min();
        for c in channels {
            let name = format!("{} contacts", model.channels[c].name);
            if Some(model.channels[c].priority) == top {
                work.top.push(name);
            } else {
                work.lower.push(name);
            }
        }
    }
    routed[model.grades.g4.team]
        .lower
        .push("G4 incidents to resolve".to_string());
    for area in &model.areas {
        let response = &mut routed[area.response_team];
        let g1 = "G1 attendance".to_string();
        if !response.top.contains(&g1) {
            response.top.push(g1);
            response.lower.push("G2 and G3 attendance".to_string());
        }
        if let Some(n) = area.neighbourhood_team {
            let g3 = format!("G3 appointments in {}", area.name);
            routed[n].lower.push(g3);
        }
    }
    routed
}

/// "in every year" / "in year 2" / "in years 2–5" for a run of `n` years.
fn years_text(years: &[usize], n: usize) -> String {
    match years {
        [] => String::new(),
        _ if years.len() == n && n == 1 => String::new(),
        _ if years.len() == n => " in every simulated year".to_string(),
        [y] => format!(" in simulated year {}", y + 1),
        [first, .., last] => format!(" in simulated years {}–{}", first + 1, last + 1),
    }
}

/// Plain warnings, one per team and kind of gap, for demand that some or
/// all of the time no server can take. Empty when every piece of routed
/// demand has a server that can take it at some hour of every year.
pub fn unservable_demand(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let years = model.years();
    for (team, routed) in model.teams.iter().zip(routed_work(model)) {
        if !routed.any() {
            continue;
        }
        let by_year: Vec<_> = (0..years).map(|y| units_by_hour_in_year(team, y)).collect();
        let closed: Vec<usize> = (0..years)
            .filter(|&y| by_year[y].iter().all(|&u| u == 0))
            .collect();
        if !closed.is_empty() {
            out.push(format!(
                "UNSERVABLE: {} has no one on duty at any hour{}, but is sent {}: that demand is never served",
                team.name,
                years_text(&closed, years),
                routed.all()
            ));
        }
        let reserved = team.reserved_for_top_priority;
        if reserved == 0 || routed.lower.is_empty() {
            continue;
        }
        let open_years: Vec<usize> = (0..years).filter(|y| !closed.contains(y)).collect();
        let blocked: Vec<usize> = open_years
            .iter()
            .copied()
            .filter(|&y| by_year[y].iter().all(|&u| u <= reserved))
            .collect();
        if !blocked.is_empty() {
            out.push(format!(
                "UNSERVABLE: {} keeps {reserved} servers for {} but never has more than {reserved} on duty{}: its {} can never start",
                team.name,
                routed.top.join(", "),
                years_text(&blocked, years),
                routed.lower.join(", ")
            ));
        }
        let partly = open_years
            .iter()
            .filter(|y| !blocked.contains(y))
            .map(|&y| {
                by_year[y]
                    .iter()
                    .filter(|&&u| u > 0 && u <= reserved)
                    .count()
            })
            .max()
            .unwrap_or(0);
        if partly > 0 {
            out.push(format!(
                "{} has only its {reserved} reserved servers on duty for up to {partly} of the 168 hours of the week: its {} cannot start then and waits",
                team.name,
                routed.lower.join(", ")
            ));
        }
    }
    for (t, team) in model.investigation_teams.iter().enumerate() {
        let sent: Vec<&str> = model
            .crime_types
            .iter()
            .filter(|c| c.team == t)
            .map(|c| c.name.as_str())
            .collect();
        if sent.is_empty() {
            continue;
        }
        let closed: Vec<usize> = (0..years).filter(|&y| team.slots_in_year(y) == 0).collect();
        if !closed.is_empty() {
            out.push(format!(
                "UNSERVABLE: investigation team {} has no case slots{} (its staffing plan), but owns {}: those crimes are never allocated",
                team.name,
                years_text(&closed, years),
                sent.join(", ")
            ));
        }
    }
    out
}
