//! Checking and compiling where incidents go: the areas (their share of
//! demand, travel times, response and neighbourhood teams), the grades
//! (attendance targets, the G4 resolution team), and the rule that a team
//! attending incidents does nothing else.

use super::checker::Checker;
use super::model::{Area, AttendanceGrade, Channel, Grades, ResolutionGrade};
use super::raw::{RawAttendanceGrade, RawScenario};
use super::teams::RoutedTeams;
use std::collections::{BTreeMap, BTreeSet};

/// Checks the areas; also returns their cumulative demand shares. Notes in
/// `routed` the teams each sends incidents to.
pub(super) fn compile_areas(
    c: &mut Checker,
    raw: &RawScenario,
    team_index: &BTreeMap<String, usize>,
    routed: &mut RoutedTeams,
) -> (Vec<Area>, Vec<f64>) {
    let area_shares: Vec<(String, f64)> = raw
        .areas
        .iter()
        .map(|(n, a)| (format!("{n}.demand_share"), a.demand_share))
        .collect();
    if raw.areas.is_empty() {
        c.fail("areas", "at least one area is needed");
    }
    let area_cumulative = c.mix("areas.", &area_shares);
    let areas = raw
        .areas
        .iter()
        .map(|(name, a)| {
            let p = format!("areas.{name}");
            let team = c.lookup(
                &format!("{p}.response_team"),
                "team",
                &a.response_team,
                team_index,
            );
            routed.entry(team).or_insert(format!("{p}.response_team"));
            let neighbourhood_team = a.neighbourhood_team.as_ref().map(|n| {
                let t = c.lookup(&format!("{p}.neighbourhood_team"), "team", n, team_index);
                routed.entry(t).or_insert(format!("{p}.neighbourhood_team"));
                if raw
                    .teams
                    .values()
                    .nth(t)
                    .is_some_and(|team| team.activity.is_none())
                {
                    c.fail(
                        &format!("{p}.neighbourhood_team"),
                        format!(
                            "team `{n}` needs an `activity` split to act as a neighbourhood team"
                        ),
                    );
                }
                t
            });
            Area {
                name: name.clone(),
                urban_share: c.share(&format!("{p}.urban_share"), a.urban_share),
                response_team: team,
                neighbourhood_team,
                travel_urban_min: c.dist(&format!("{p}.travel_urban_min"), &a.travel_urban_min),
                travel_rural_min: c.dist(&format!("{p}.travel_rural_min"), &a.travel_rural_min),
            }
        })
        .collect();
    (areas, area_cumulative)
}

/// Checks the grades; notes in `routed` the team G4 work goes to.
pub(super) fn compile_grades(
    c: &mut Checker,
    raw: &RawScenario,
    team_index: &BTreeMap<String, usize>,
    routed: &mut RoutedTeams,
) -> Grades {
    let attendance = [
        ("g1", &raw.grades.g1),
        ("g2", &raw.grades.g2),
        ("g3", &raw.grades.g3),
    ]
    .map(|(key, g)| compile_attendance_grade(c, key, g));
    let g4 = &raw.grades.g4;
    let g4_team = c.lookup("grades.g4.team", "team", &g4.team, team_index);
    routed.entry(g4_team).or_insert("grades.g4.team".into());
    Grades {
        attendance,
        g4: ResolutionGrade {
            team: g4_team,
            handling_min: c.dist("grades.g4.handling_min", &g4.handling_min),
            escalate_share: c.share("grades.g4.escalate_share", g4.escalate_share),
            target_min: g4.target_min.map(|t| c.positive("grades.g4.target_min", t)),
        },
    }
}

/// Checks an attended grade (G1–G3): its targets (minutes) and travel factor.
fn compile_attendance_grade(c: &mut Checker, key: &str, g: &RawAttendanceGrade) -> AttendanceGrade {
    let p = format!("grades.{key}");
    if key == "g1" && g.preemptible_by_g1 {
        c.fail(
            &format!("{p}.preemptible_by_g1"),
            "G1 work cannot be pre-empted by another G1",
        );
    }
    AttendanceGrade {
        target_urban_min: c.positive(&format!("{p}.target_urban_min"), g.target_urban_min),
        target_rural_min: c.positive(&format!("{p}.target_rural_min"), g.target_rural_min),
        travel_factor: c.factor(&format!("{p}.travel_factor"), g.travel_factor),
        preemptible_by_g1: g.preemptible_by_g1,
    }
}

/// The teams that attend incidents for an area (response and
/// neighbourhood). Checks that each neighbourhood team serves one area and
/// is not that area's response team, and that no attending team also takes
/// contacts or G4 work.
pub(super) fn response_teams(
    c: &mut Checker,
    raw: &RawScenario,
    areas: &[Area],
    channels: &[Channel],
    g4_team: usize,
) -> BTreeSet<usize> {
    let response_teams: BTreeSet<usize> = areas
        .iter()
        .flat_map(|a| std::iter::once(a.response_team).chain(a.neighbourhood_team))
        .collect();
    let mut neighbourhood_areas: BTreeMap<usize, usize> = BTreeMap::new();
    for a in areas {
        if let Some(n) = a.neighbourhood_team {
            *neighbourhood_areas.entry(n).or_default() += 1;
            if n == a.response_team {
                c.fail(
                    &format!("areas.{}.neighbourhood_team", a.name),
                    "must differ from the area's response team",
                );
            }
        }
    }
    for (&n, &count) in &neighbourhood_areas {
        if count > 1 {
            let name = raw.teams.keys().nth(n).cloned().unwrap_or_default();
            c.fail(
                &format!("teams.{name}"),
                format!("neighbourhood team `{name}` serves {count} areas; give each area its own"),
            );
        }
    }
    let desk_teams = channels
        .iter()
        .map(|ch| (ch.team, format!("channels.{}.team", ch.name)));
    for (team, path) in desk_teams.chain([(g4_team, "grades.g4.team".to_string())]) {
        if response_teams.contains(&team) {
            let name = raw.teams.keys().nth(team).cloned().unwrap_or_default();
            c.fail(&path, format!("team `{name}` attends incidents for an area, so it cannot also take contacts or G4 work"));
        }
    }
    response_teams
}
