//! Checking and compiling recorded crime and investigations.

use super::checker::{Checker, MIX_TOLERANCE, index_of};
use super::model::{CrimeType, Forensics, InvestigationTeam, Outcome};
use super::raw::RawScenario;
use std::collections::BTreeMap;

/// The largest starting backlog of one investigation team, cases: far
/// above any force's caseload, low enough that a typo (an extra digit or
/// three) is caught before it floods the run.
pub const MAX_STARTING_BACKLOG: f64 = 100_000.0;

/// Compiled investigation parts of a scenario.
pub(super) struct Investigation {
    pub crime_types: Vec<CrimeType>,
    pub teams: Vec<InvestigationTeam>,
    pub forensics: Option<Forensics>,
    /// Crime type name → index, for the categories' crime mixes.
    pub crime_index: BTreeMap<String, usize>,
}

pub(super) fn compile(c: &mut Checker, raw: &RawScenario) -> Investigation {
    let team_index = index_of(&raw.investigation_teams);
    let mut teams: Vec<InvestigationTeam> = raw
        .investigation_teams
        .iter()
        .map(|(name, t)| {
            let p = format!("investigation_teams.{name}");
            let headcount = c.people(&format!("{p}.headcount"), t.headcount);
            if t.caseload_cap == 0 {
                c.fail(
                    &format!("{p}.caseload_cap"),
                    "must be at least 1 case per investigator",
                );
            }
            let hours = c.positive(
                &format!("{p}.contracted_hours_per_week"),
                t.contracted_hours_per_week,
            );
            if hours > 168.0 {
                c.fail(
                    &format!("{p}.contracted_hours_per_week"),
                    format!("must be at most 168 (got {hours})"),
                );
            }
            let abstraction = c.abstraction(&p, &t.abstraction);
            let slots = (headcount * f64::from(t.caseload_cap)).round().min(1e7) as u32;
            let starting_backlog =
                starting_backlog(c, &format!("{p}.starting_backlog"), t.starting_backlog);
            InvestigationTeam {
                name: name.clone(),
                headcount,
                caseload_cap: t.caseload_cap.max(1),
                productive_hours_per_week: hours * (1.0 - abstraction),
                slots,
                staffing_by_year: c
                    .staffing_plan(&format!("{p}.staffing_by_year"), &t.staffing_by_year),
                starting_backlog,
            }
        })
        .collect();
    let mut used = vec![None; teams.len()];
    let crime_types: Vec<CrimeType> = raw
        .crime_types
        .iter()
        .map(|(name, ct)| {
            let p = format!("crime_types.{name}");
            let team = c.lookup(
                &format!("{p}.team"),
                "investigation team",
                &ct.team,
                &team_index,
            );
            if let Some(u) = used.get_mut(team) {
                u.get_or_insert(format!("{p}.team"));
            }
            let cumulative = c.keyed_mix(
                &format!("{p}.outcome_mix"),
                &ct.outcome_mix,
                &Outcome::ALL.map(Outcome::key),
                "unknown outcome: expected charge, out_of_court or no_further_action",
            );
            CrimeType {
                name: name.clone(),
                team,
                work_hours: c.dist(&format!("{p}.work_hours"), &ct.work_hours),
                screened_out_share: c
                    .share(&format!("{p}.screened_out_share"), ct.screened_out_share),
                outcome_cumulative: [0, 1, 2].map(|i| cumulative.get(i).copied().unwrap_or(1.0)),
                forensics_share: c.share(&format!("{p}.forensics_share"), ct.forensics_share),
                growth_per_year: c.growth(&format!("{p}.growth_per_year"), ct.growth_per_year),
            }
        })
        .collect();
    let forensics = raw.forensics.as_ref().map(|f| {
        let team = c.lookup("forensics.team", "investigation team", &f.team, &team_index);
        if let Some(u) = used.get_mut(team) {
            u.get_or_insert("forensics.team".to_string());
        }
        Forensics {
            team,
            work_hours: c.dist("forensics.work_hours", &f.work_hours),
        }
    });
    if forensics.is_none() && crime_types.iter().any(|ct| ct.forensics_share > 0.0) {
        c.fail(
            "forensics",
            "crime types have a forensics_share but no [forensics] team is defined",
        );
    }
    for (t, team) in teams.iter().enumerate() {
        let owns = crime_types.iter().any(|ct| ct.team == t);
        if team.starting_backlog > 0 && !owns {
            c.fail(
                &format!("investigation_teams.{}.starting_backlog", team.name),
                format!(
                    "team `{}` owns no crime type (it may only take forensics work), so it can have no starting backlog: remove the key or set it to 0",
                    team.name
                ),
            );
        }
    }
    for (t, routed_by) in used.iter().enumerate() {
        if let (Some(by), Some(team)) = (routed_by, teams.get(t))
            && team.slots == 0
        {
            c.fail(
                &format!("investigation_teams.{}.headcount", team.name),
                format!("team `{}` owns crimes (by {by}) but has no case slots (headcount × caseload_cap < 1)", team.name),
            );
        }
    }
    teams.shrink_to_fit();
    Investigation {
        crime_types,
        teams,
        forensics,
        crime_index: index_of(&raw.crime_types),
    }
}

/// A team's starting backlog: a whole number of cases from 0 to
/// [`MAX_STARTING_BACKLOG`] (0 after an error, which is reported at `path`).
fn starting_backlog(c: &mut Checker, path: &str, x: f64) -> u32 {
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= MAX_STARTING_BACKLOG) {
        c.fail(
            path,
            format!(
                "must be a whole number of open cases from 0 to {MAX_STARTING_BACKLOG:.0} (got {x}); leave it out for a backlog that starts empty"
            ),
        );
        return 0;
    }
    x as u32
}

/// A category's crime mix as (crime type, cumulative share), shares summing
/// to at most 1.
pub(super) fn crime_mix(
    c: &mut Checker,
    p: &str,
    mix: &BTreeMap<String, f64>,
    crime_index: &BTreeMap<String, usize>,
) -> Vec<(usize, f64)> {
    let mut total = 0.0;
    let mut out = Vec::with_capacity(mix.len());
    for (name, share) in mix {
        let path = format!("{p}.crime_mix.{name}");
        let ct = c.lookup(&path, "crime type", name, crime_index);
        total += c.share(&path, *share);
        out.push((ct, total));
    }
    if total > 1.0 + MIX_TOLERANCE {
        c.fail(
            &format!("{p}.crime_mix"),
            format!(
                "shares must sum to at most 1 (they sum to {})",
                super::checker::sum_text(total)
            ),
        );
    }
    out
}
