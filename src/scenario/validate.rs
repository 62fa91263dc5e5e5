//! Checking a raw scenario's meaning and compiling it into a [`Model`].
//!
//! Every problem is collected with its key path (not just the first), so a
//! planner fixes a file in one pass.

use super::checker::{Checker, index_of};
use super::error::ScenarioError;
use super::load::LoadedScenario;
use super::model::*;
use super::raw::*;
use crate::sim::time::{HOURS_PER_WEEK, SimTime};
use std::collections::{BTreeMap, BTreeSet};

/// Longest horizon accepted, days (20 years): beyond this a run is a mistake.
pub const MAX_HORIZON_DAYS: f64 = 20.0 * 366.0;
/// Largest volume of one stream per year: well above any force (a big force
/// takes ~2 million calls a year) and small enough to run.
pub const MAX_VOLUME_PER_YEAR: f64 = 50_000_000.0;
/// Most contacts expected in one replication (all streams over the
/// horizon): about ten minutes of simulation; beyond it a run looks hung.
pub const MAX_ARRIVALS_PER_REPLICATION: f64 = 500_000_000.0;
/// Most people on one shift.
pub const MAX_STAFF_PER_SHIFT: u32 = 100_000;
/// Most units one incident may need.
pub const MAX_UNITS_PER_INCIDENT: usize = 8;
/// Most replications in one batch.
pub const MAX_REPLICATIONS: u64 = 1_000_000;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Checks `loaded` and builds the model, or reports every problem found.
pub fn compile(loaded: &LoadedScenario) -> Result<Model, ScenarioError> {
    let raw = &loaded.raw;
    let mut c = Checker {
        locations: &loaded.locations,
        problems: Vec::new(),
    };
    if raw.name.trim().is_empty() {
        c.fail("name", "must not be empty");
    }
    let first_day = parse_date(&raw.start_date).unwrap_or_else(|| {
        c.fail(
            "start_date",
            format!(
                "must be a date written YYYY-MM-DD (got `{}`)",
                raw.start_date
            ),
        );
        (2018, 1, 1)
    });
    let horizon_days = c.positive("horizon_days", raw.horizon_days);
    if horizon_days > MAX_HORIZON_DAYS {
        c.fail(
            "horizon_days",
            format!("must be at most {MAX_HORIZON_DAYS} days (got {horizon_days})"),
        );
    }
    let warmup_days = c.non_negative("warmup_days", raw.warmup_days);
    if horizon_days > 0.0 && warmup_days >= horizon_days {
        c.fail(
            "warmup_days",
            format!("must be shorter than horizon_days ({horizon_days})"),
        );
    }
    let replications = raw.run.replications.unwrap_or(10);
    if !(1..=MAX_REPLICATIONS).contains(&replications) {
        c.fail(
            "run.replications",
            format!("must be between 1 and {MAX_REPLICATIONS} (got {replications})"),
        );
    }

    let team_index = index_of(&raw.teams);
    let category_index = index_of(&raw.categories);
    let channel_index = index_of(&raw.channels);
    let mut used_teams: BTreeMap<usize, String> = BTreeMap::new();

    let channels: Vec<Channel> = raw
        .channels
        .iter()
        .map(|(name, ch)| {
            let p = format!("channels.{name}");
            let team = c.lookup(&format!("{p}.team"), "team", &ch.team, &team_index);
            used_teams.entry(team).or_insert(format!("{p}.team"));
            Channel {
                name: name.clone(),
                team,
                priority: ch.priority,
                handling_min: c.dist(&format!("{p}.handling_min"), &ch.handling_min),
                grading_min: c.dist(&format!("{p}.grading_min"), &ch.grading_min),
                patience_min: ch
                    .patience_min
                    .as_ref()
                    .map(|d| c.dist(&format!("{p}.patience_min"), d)),
                answer_target_s: ch
                    .answer_target_s
                    .map(|t| c.positive(&format!("{p}.answer_target_s"), t)),
            }
        })
        .collect();

    let investigation = super::investigation::compile(&mut c, raw);
    let categories: Vec<Category> = raw
        .categories
        .iter()
        .map(|(name, cat)| {
            let mut category = compile_category(&mut c, name, cat);
            category.crime_cumulative = vec![super::investigation::crime_mix(
                &mut c,
                &format!("categories.{name}"),
                &cat.crime_mix,
                &investigation.crime_index,
            )];
            category
        })
        .collect();

    let mut streams = compile_streams(&mut c, raw, &channel_index, &category_index);
    let surges = compile_surges(&mut c, raw, first_day, horizon_days, &mut streams);
    let expected_arrivals: f64 = streams.iter().map(|s| s.volume_per_year).sum::<f64>()
        * horizon_days.min(MAX_HORIZON_DAYS)
        / 365.0;
    if expected_arrivals > MAX_ARRIVALS_PER_REPLICATION {
        c.fail(
            "horizon_days",
            format!(
                "the streams would bring {expected_arrivals:.3e} contacts over the horizon; at most \
                 {MAX_ARRIVALS_PER_REPLICATION:.0e} fit in one replication (shorten the horizon or lower the volumes)"
            ),
        );
    }

    let area_shares: Vec<(String, f64)> = raw
        .areas
        .iter()
        .map(|(n, a)| (format!("{n}.demand_share"), a.demand_share))
        .collect();
    if raw.areas.is_empty() {
        c.fail("areas", "at least one area is needed");
    }
    let area_cumulative = c.mix("areas.", &area_shares);
    let areas: Vec<Area> = raw
        .areas
        .iter()
        .map(|(name, a)| {
            let p = format!("areas.{name}");
            let team = c.lookup(
                &format!("{p}.response_team"),
                "team",
                &a.response_team,
                &team_index,
            );
            used_teams
                .entry(team)
                .or_insert(format!("{p}.response_team"));
            let neighbourhood_team = a.neighbourhood_team.as_ref().map(|n| {
                let t = c.lookup(&format!("{p}.neighbourhood_team"), "team", n, &team_index);
                used_teams
                    .entry(t)
                    .or_insert(format!("{p}.neighbourhood_team"));
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

    let attendance = [
        ("g1", &raw.grades.g1),
        ("g2", &raw.grades.g2),
        ("g3", &raw.grades.g3),
    ]
    .map(|(key, g)| compile_attendance_grade(&mut c, key, g));
    let g4 = &raw.grades.g4;
    let g4_team = c.lookup("grades.g4.team", "team", &g4.team, &team_index);
    used_teams.entry(g4_team).or_insert("grades.g4.team".into());
    let grades = Grades {
        attendance,
        g4: ResolutionGrade {
            team: g4_team,
            handling_min: c.dist("grades.g4.handling_min", &g4.handling_min),
            escalate_share: c.share("grades.g4.escalate_share", g4.escalate_share),
            target_min: g4.target_min.map(|t| c.positive("grades.g4.target_min", t)),
        },
    };

    let response_teams: BTreeSet<usize> = areas
        .iter()
        .flat_map(|a| std::iter::once(a.response_team).chain(a.neighbourhood_team))
        .collect();
    let mut neighbourhood_areas: BTreeMap<usize, usize> = BTreeMap::new();
    for a in &areas {
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
    let teams: Vec<Team> = raw
        .teams
        .iter()
        .enumerate()
        .map(|(i, (name, t))| compile_team(&mut c, name, t, response_teams.contains(&i)))
        .collect();
    for (&team, routed_by) in &used_teams {
        if let Some(t) = teams.get(team)
            && t.rostered_units_by_hour().iter().all(|&u| u == 0)
        {
            c.fail(
                &format!("teams.{}.shifts", t.name),
                format!(
                    "team `{}` is routed work (by {routed_by}) but has no one on duty at any hour of the week \
                     (every shift has staff 0, or fewer staff than its crew size)",
                    t.name
                ),
            );
        }
    }

    let prevention = compile_prevention(&mut c, raw, &team_index, &category_index, &teams);
    let missing_persons_team = raw.missing_persons.as_ref().map(|m| {
        let f = c.positive("missing_persons.time_to_find_factor", m.time_to_find_factor);
        let s = c.non_negative(
            "missing_persons.response_search_factor",
            m.response_search_factor,
        );
        (f, s)
    });
    let mut other_officers = 0.0;
    for (k, v) in &raw.workforce.other_officers {
        other_officers += c.non_negative(&format!("workforce.other_officers.{k}"), *v);
    }

    let years = (horizon_days.clamp(1.0, MAX_HORIZON_DAYS) / 365.0).ceil() as usize;
    let (mut categories, crime_types) = (categories, investigation.crime_types);
    grow_by_year(&mut c, years, &mut streams, &mut categories, &crime_types);
    let (costs, funding) = super::finance::compile(
        &mut c,
        raw,
        &loaded.merged,
        &teams,
        &investigation.teams,
        years,
    );
    if !c.problems.is_empty() {
        return Err(ScenarioError {
            problems: c.problems,
        });
    }
    let (days, first_weekday) = build_days(first_day, horizon_days.ceil() as usize);
    Ok(Model {
        name: raw.name.clone(),
        description: raw.description.clone(),
        horizon: SimTime((horizon_days * crate::sim::time::MS_PER_DAY as f64).round() as u64),
        // Whole hours, so the warm-up ends on an hour tick.
        warmup: SimTime::from_hours((warmup_days * 24.0).round() as u64),
        days,
        first_weekday,
        channels,
        categories,
        streams,
        areas,
        area_cumulative,
        grades,
        teams,
        defaults: RunDefaults {
            replications,
            seed: raw.run.seed.unwrap_or(1),
        },
        other_officers,
        crime_types,
        investigation_teams: investigation.teams,
        forensics: investigation.forensics,
        surges,
        prevention,
        missing_persons_team,
        costs,
        funding,
    })
}

fn compile_category(c: &mut Checker, name: &str, cat: &RawCategory) -> Category {
    let p = format!("categories.{name}");
    for key in cat.grade_mix.keys() {
        if !Grade::ALL.iter().any(|g| g.key() == key) {
            c.fail(
                &format!("{p}.grade_mix.{key}"),
                "unknown grade: expected g1, g2, g3, g4 or none",
            );
        }
    }
    let shares: Vec<(String, f64)> = Grade::ALL
        .iter()
        .map(|g| {
            (
                g.key().to_string(),
                cat.grade_mix.get(g.key()).copied().unwrap_or(0.0),
            )
        })
        .collect();
    let cumulative = c.mix(&format!("{p}.grade_mix."), &shares);
    let units: Vec<(String, f64)> = cat
        .units_needed_mix
        .iter()
        .enumerate()
        .map(|(i, x)| (format!("{i}]"), *x))
        .collect();
    if units.len() > MAX_UNITS_PER_INCIDENT {
        c.fail(
            &format!("{p}.units_needed_mix"),
            format!("at most {MAX_UNITS_PER_INCIDENT} entries"),
        );
    }
    Category {
        name: name.to_string(),
        grade_cumulative: [0, 1, 2, 3, 4].map(|i| cumulative.get(i).copied().unwrap_or(1.0)),
        on_scene_min: c.dist(&format!("{p}.on_scene_min"), &cat.on_scene_min),
        units_cumulative: c.mix(&format!("{p}.units_needed_mix["), &units),
        crime_cumulative: Vec::new(),
        growth_per_year: c.growth(&format!("{p}.growth_per_year"), cat.growth_per_year),
        time_to_find_hours: cat
            .time_to_find_hours
            .as_ref()
            .map(|d| c.dist(&format!("{p}.time_to_find_hours"), d)),
    }
}

fn compile_streams(
    c: &mut Checker,
    raw: &RawScenario,
    channel_index: &BTreeMap<String, usize>,
    category_index: &BTreeMap<String, usize>,
) -> Vec<Stream> {
    if raw.streams.is_empty() {
        c.fail("streams", "at least one demand stream is needed");
    }
    let mut seen = BTreeSet::new();
    let mut streams = Vec::with_capacity(raw.streams.len());
    for (i, s) in raw.streams.iter().enumerate() {
        let p = format!("streams[{i}]");
        if s.name.trim().is_empty() || !seen.insert(s.name.clone()) {
            c.fail(
                &format!("{p}.name"),
                format!(
                    "stream names must be non-empty and unique (got `{}`)",
                    s.name
                ),
            );
        }
        let channel = c.lookup(
            &format!("{p}.channel"),
            "channel",
            &s.channel,
            channel_index,
        );
        let volume = c.non_negative(&format!("{p}.volume_per_year"), s.volume_per_year);
        if volume > MAX_VOLUME_PER_YEAR {
            c.fail(
                &format!("{p}.volume_per_year"),
                format!("must be at most {MAX_VOLUME_PER_YEAR} contacts per year (got {volume})"),
            );
        }
        let growth = s.growth_per_year;
        if !(growth.is_finite() && (-0.9..=2.0).contains(&growth)) {
            c.fail(
                &format!("{p}.growth_per_year"),
                format!("must be between -0.9 and 2 (got {growth})"),
            );
        }
        let cv = c.non_negative(&format!("{p}.daily_level_cv"), s.daily_level_cv);
        if cv > 3.0 {
            c.fail(
                &format!("{p}.daily_level_cv"),
                format!("must be at most 3 (got {cv})"),
            );
        }
        let (hour_of_week, month) = match &s.profile {
            None => ([1.0; HOURS_PER_WEEK], [1.0; 12]),
            Some(name) => match raw.profiles.get(name) {
                Some(profile) => compile_profile(c, &format!("profiles.{name}"), profile),
                None => {
                    let known: Vec<&str> = raw.profiles.keys().map(String::as_str).collect();
                    c.fail(
                        &format!("{p}.profile"),
                        format!("no profile named `{name}` (defined: {})", known.join(", ")),
                    );
                    ([1.0; HOURS_PER_WEEK], [1.0; 12])
                }
            },
        };
        let mut shares = Vec::new();
        let mut ids = Vec::new();
        for (cat, share) in &s.category_mix {
            ids.push(c.lookup(
                &format!("{p}.category_mix.{cat}"),
                "category",
                cat,
                category_index,
            ));
            shares.push((cat.clone(), *share));
        }
        let cumulative = c.mix(&format!("{p}.category_mix."), &shares);
        streams.push(Stream {
            name: s.name.clone(),
            channel,
            volume_per_year: volume,
            hour_of_week,
            month,
            daily_level_cv: cv,
            surges: Vec::new(),
            growth_per_year: growth,
            by_year: vec![YearMix {
                rate_factor: 1.0,
                category_cumulative: ids.into_iter().zip(cumulative).collect(),
            }],
        });
    }
    streams
}

/// Checks a profile and normalises it: hour-of-week to mean 1; month so a
/// 365-day year keeps its volume.
fn compile_profile(
    c: &mut Checker,
    p: &str,
    profile: &RawProfile,
) -> ([f64; HOURS_PER_WEEK], [f64; 12]) {
    let weights = |c: &mut Checker, key: &str, values: &[f64], len: usize| -> Option<Vec<f64>> {
        let path = format!("{p}.{key}");
        if values.len() != len {
            c.fail(
                &path,
                format!("must have {len} values (got {})", values.len()),
            );
            return None;
        }
        let ok = values.iter().all(|v| v.is_finite() && *v >= 0.0);
        if !ok || values.iter().sum::<f64>() <= 0.0 {
            c.fail(&path, "values must be numbers at least 0, not all 0");
            return None;
        }
        Some(values.to_vec())
    };
    let mut how = vec![1.0; HOURS_PER_WEEK];
    match (
        &profile.hour_of_week,
        &profile.hour_of_day,
        &profile.day_of_week,
    ) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            c.fail(
                p,
                "give either hour_of_week, or hour_of_day with day_of_week, not both",
            );
        }
        (Some(w), None, None) => {
            if let Some(w) = weights(c, "hour_of_week", w, HOURS_PER_WEEK) {
                how = w;
            }
        }
        (None, hod, dow) => {
            let hod = hod
                .as_ref()
                .and_then(|v| weights(c, "hour_of_day", v, 24))
                .unwrap_or(vec![1.0; 24]);
            let dow = dow
                .as_ref()
                .and_then(|v| weights(c, "day_of_week", v, 7))
                .unwrap_or(vec![1.0; 7]);
            let hod_mean = hod.iter().sum::<f64>() / 24.0;
            for (d, dw) in dow.iter().enumerate() {
                for (h, hw) in hod.iter().enumerate() {
                    how[d * 24 + h] = dw * hw / hod_mean;
                }
            }
        }
    }
    let mean = how.iter().sum::<f64>() / HOURS_PER_WEEK as f64;
    let mut hour_of_week = [1.0; HOURS_PER_WEEK];
    if mean > 0.0 {
        for (o, w) in hour_of_week.iter_mut().zip(&how) {
            *o = w / mean;
        }
    }
    let mut month = [1.0; 12];
    if let Some(m) = profile
        .month
        .as_ref()
        .and_then(|v| weights(c, "month", v, 12))
    {
        let day_weighted: f64 = m.iter().zip(DAYS_IN_MONTH).map(|(w, d)| w * d as f64).sum();
        for (o, w) in month.iter_mut().zip(&m) {
            *o = w * 365.0 / day_weighted;
        }
    }
    (hour_of_week, month)
}

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
        travel_factor: c.positive(&format!("{p}.travel_factor"), g.travel_factor),
        preemptible_by_g1: g.preemptible_by_g1,
    }
}

fn compile_team(c: &mut Checker, name: &str, t: &RawTeam, is_response: bool) -> Team {
    let p = format!("teams.{name}");
    let activity = t.activity.as_ref().map(|a| {
        let shares = [
            ("appointments".to_string(), a.appointments),
            ("backfill_response".to_string(), a.backfill_response),
            ("problem_solving".to_string(), a.problem_solving),
        ];
        c.mix(&format!("{p}.activity."), &shares);
        Activity {
            appointments: a.appointments,
            backfill_response: a.backfill_response,
            problem_solving: a.problem_solving,
        }
    });
    let mut abstraction_share = c.abstraction(&p, &t.abstraction);
    let freed = c.non_negative(
        &format!("{p}.time_freed_hours_per_year"),
        t.time_freed_hours_per_year,
    );
    let rostered_per_year: f64 = t
        .shifts
        .iter()
        .map(|s| {
            f64::from(s.staff)
                * f64::from(s.length_hours)
                * s.days.as_ref().map_or(7, Vec::len) as f64
                * 52.0
        })
        .sum();
    if freed > 0.0 && rostered_per_year > 0.0 {
        // Freed time is time no longer lost to other duties: it lowers the
        // share of rostered people unavailable.
        abstraction_share = (abstraction_share - freed / rostered_per_year).max(0.0);
    }
    let productivity_gain = c
        .share(&format!("{p}.productivity_gain"), t.productivity_gain)
        .min(0.9);
    let overtime = t.overtime.as_ref().map(|o| {
        let hours = c.non_negative(
            &format!("{p}.overtime.max_unit_hours_per_week"),
            o.max_unit_hours_per_week,
        );
        (
            o.when_queue_exceeds,
            o.extra_units.min(MAX_STAFF_PER_SHIFT),
            hours,
        )
    });
    let by_role: f64 = t
        .headcount_by_role
        .iter()
        .map(|(role, n)| c.non_negative(&format!("{p}.headcount_by_role.{role}"), *n))
        .sum();
    let headcount = t
        .headcount
        .map(|h| c.non_negative(&format!("{p}.headcount"), h))
        .or((!t.headcount_by_role.is_empty()).then_some(by_role));
    let shifts = t
        .shifts
        .iter()
        .enumerate()
        .map(|(i, s)| compile_shift(c, &format!("{p}.shifts[{i}]"), s))
        .collect();
    Team {
        name: name.to_string(),
        headcount,
        abstraction_share,
        reserved_for_top_priority: t.reserved_for_top_priority.min(MAX_STAFF_PER_SHIFT),
        staffing_by_year: c.staffing_plan(&format!("{p}.staffing_by_year"), &t.staffing_by_year),
        activity,
        overtime,
        productivity_gain,
        shifts,
        is_response,
    }
}

fn compile_shift(c: &mut Checker, p: &str, s: &RawShift) -> Shift {
    if s.start_hour > 23 {
        c.fail(
            &format!("{p}.start_hour"),
            format!("must be an hour 0–23 (got {})", s.start_hour),
        );
    }
    if !(1..=24).contains(&s.length_hours) {
        c.fail(
            &format!("{p}.length_hours"),
            format!("must be 1–24 hours (got {})", s.length_hours),
        );
    }
    if s.staff > MAX_STAFF_PER_SHIFT {
        c.fail(
            &format!("{p}.staff"),
            format!("must be at most {MAX_STAFF_PER_SHIFT} (got {})", s.staff),
        );
    }
    if s.crew_size == 0 {
        c.fail(
            &format!("{p}.crew_size"),
            "must be at least 1 person per unit (got 0)",
        );
    }
    let mut days = [s.days.is_none(); 7];
    for (i, d) in s.days.iter().flatten().enumerate() {
        match DAY_NAMES.iter().position(|n| n.eq_ignore_ascii_case(d)) {
            Some(k) => days[k] = true,
            None => c.fail(
                &format!("{p}.days[{i}]"),
                format!("must be one of mon, tue, wed, thu, fri, sat, sun (got `{d}`)"),
            ),
        }
    }
    Shift {
        name: s.name.clone(),
        start_hour: s.start_hour.min(23),
        length_hours: s.length_hours.clamp(1, 24),
        staff: s.staff.min(MAX_STAFF_PER_SHIFT),
        crew_size: s.crew_size.max(1),
        days,
    }
}

/// Expands year-1 mixes into one per simulated year: category growth
/// reweights each stream's category mix (and scales its volume); crime type
/// growth scales each category's crime shares, which must stay ≤ 1.
fn grow_by_year(
    c: &mut Checker,
    years: usize,
    streams: &mut [Stream],
    categories: &mut [Category],
    crime_types: &[CrimeType],
) {
    for stream in streams.iter_mut() {
        let Some(first) = stream.by_year.first().cloned() else {
            continue;
        };
        let shares: Vec<(usize, f64)> = first
            .category_cumulative
            .iter()
            .scan(0.0, |prev, &(k, cum)| {
                let share = cum - *prev;
                *prev = cum;
                Some((k, share))
            })
            .collect();
        stream.by_year = (0..years)
            .map(|y| {
                let weights: Vec<(usize, f64)> = shares
                    .iter()
                    .map(|&(k, s)| (k, s * (1.0 + categories[k].growth_per_year).powi(y as i32)))
                    .collect();
                let total: f64 = weights.iter().map(|(_, w)| w).sum();
                let mut running = 0.0;
                let mut cumulative: Vec<(usize, f64)> = weights
                    .iter()
                    .map(|&(k, w)| {
                        running += if total > 0.0 { w / total } else { 0.0 };
                        (k, running)
                    })
                    .collect();
                if let Some(last) = cumulative.last_mut() {
                    last.1 = 1.0;
                }
                YearMix {
                    rate_factor: total,
                    category_cumulative: cumulative,
                }
            })
            .collect();
    }
    for category in categories.iter_mut() {
        let Some(first) = category.crime_cumulative.first().cloned() else {
            continue;
        };
        let mut by_year = Vec::with_capacity(years);
        for y in 0..years {
            let mut prev = 0.0;
            let mut running = 0.0;
            let mix: Vec<(usize, f64)> = first
                .iter()
                .map(|&(t, cum)| {
                    let share = cum - prev;
                    prev = cum;
                    running += share
                        * (1.0 + crime_types.get(t).map_or(0.0, |ct| ct.growth_per_year))
                            .powi(y as i32);
                    (t, running)
                })
                .collect();
            if running > 1.0 + 1e-9 {
                c.fail(
                    &format!("categories.{}.crime_mix", category.name),
                    format!("with crime type growth its shares sum to {running:.3} in year {}; they must stay at most 1", y + 1),
                );
                break;
            }
            by_year.push(mix);
        }
        if by_year.len() == years {
            category.crime_cumulative = by_year;
        }
    }
}

/// Checks prevention programmes.
fn compile_prevention(
    c: &mut Checker,
    raw: &RawScenario,
    team_index: &BTreeMap<String, usize>,
    category_index: &BTreeMap<String, usize>,
    teams: &[Team],
) -> Vec<Prevention> {
    raw.prevention
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let path = format!("prevention[{i}]");
            let team_ids: Vec<usize> = p
                .teams
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let id = c.lookup(&format!("{path}.teams[{k}]"), "team", t, team_index);
                    if teams.get(id).is_some_and(|team| team.activity.is_none()) {
                        c.fail(
                            &format!("{path}.teams[{k}]"),
                            format!(
                                "team `{t}` has no `activity` split, so no problem-solving hours"
                            ),
                        );
                    }
                    id
                })
                .collect();
            let mut targets = vec![false; raw.categories.len()];
            for (k, cat) in p.categories.iter().enumerate() {
                let id = c.lookup(
                    &format!("{path}.categories[{k}]"),
                    "category",
                    cat,
                    category_index,
                );
                if let Some(t) = targets.get_mut(id) {
                    *t = true;
                }
            }
            Prevention {
                name: p.name.clone(),
                teams: team_ids,
                targets,
                reduction_per_1000_hours_per_week: c.non_negative(
                    &format!("{path}.reduction_per_1000_hours_per_week"),
                    p.reduction_per_1000_hours_per_week,
                ),
                max_reduction: c.share(&format!("{path}.max_reduction"), p.max_reduction),
                lag_days: u64::from(p.lag_days),
                reference_hours_per_week: c.non_negative(
                    &format!("{path}.reference_hours_per_week"),
                    p.reference_hours_per_week,
                ),
            }
        })
        .collect()
}

/// Checks surges and attaches each to the streams it affects.
fn compile_surges(
    c: &mut Checker,
    raw: &RawScenario,
    first_day: (i64, u32, u32),
    horizon_days: f64,
    streams: &mut [Stream],
) -> Vec<(String, u64, u64)> {
    let start = days_from_civil(first_day.0, first_day.1, first_day.2);
    let mut out = Vec::new();
    for (i, s) in raw.surges.iter().enumerate() {
        let p = format!("surges[{i}]");
        let Some((y, m, d)) = parse_date(&s.start_date) else {
            c.fail(
                &format!("{p}.start_date"),
                format!("must be a date written YYYY-MM-DD (got `{}`)", s.start_date),
            );
            continue;
        };
        let offset = days_from_civil(y, m, d) - start;
        if offset < 0 || offset as f64 >= horizon_days {
            c.fail(
                &format!("{p}.start_date"),
                format!("must fall within the simulated period (it is day {offset})"),
            );
            continue;
        }
        if s.days == 0 {
            c.fail(&format!("{p}.days"), "must be at least 1");
        }
        let multiplier = s.multiplier;
        if !(multiplier.is_finite() && (0.0..=50.0).contains(&multiplier)) {
            c.fail(
                &format!("{p}.multiplier"),
                format!("must be between 0 and 50 (got {multiplier})"),
            );
        }
        let (first, days) = (offset as u64, u64::from(s.days));
        for stream in streams.iter_mut() {
            let affected = s
                .streams
                .as_ref()
                .is_none_or(|names| names.contains(&stream.name));
            if affected {
                stream.surges.push((first, days, multiplier));
            }
        }
        for (k, name) in s.streams.iter().flatten().enumerate() {
            if !raw.streams.iter().any(|st| st.name == *name) {
                c.fail(
                    &format!("{p}.streams[{k}]"),
                    format!("no stream named `{name}`"),
                );
            }
        }
        out.push((s.name.clone(), first, days));
    }
    out
}

const DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Parses `YYYY-MM-DD` into (year, month 1–12, day 1–31) if it is a real date.
fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1900..=2200).contains(&y) {
        return None;
    }
    Some((y, m, d))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    if m == 2 && is_leap(y) {
        29
    } else {
        DAYS_IN_MONTH[(m - 1) as usize]
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The weekday and month of each day from `start`, and day 0's weekday.
fn build_days(start: (i64, u32, u32), n: usize) -> (Vec<Day>, usize) {
    // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    let first_weekday = (days_from_civil(start.0, start.1, start.2) + 3).rem_euclid(7) as usize;
    let (mut y, mut m, mut d) = start;
    let mut days = Vec::with_capacity(n);
    for i in 0..n {
        days.push(Day {
            weekday: (first_weekday + i) % 7,
            month: (m - 1) as usize,
        });
        d += 1;
        if d > days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    (days, first_weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_of_known_dates() {
        // 2018-01-01 was a Monday; 2019-03-01 a Friday.
        assert_eq!(build_days((2018, 1, 1), 1).1, 0);
        assert_eq!(build_days((2019, 3, 1), 1).1, 4);
        let (days, _) = build_days((2018, 1, 30), 3);
        assert_eq!(days.iter().map(|d| d.month).collect::<Vec<_>>(), [0, 0, 1]);
        assert_eq!(parse_date("2018-02-29"), None);
        assert_eq!(parse_date("2020-02-29"), Some((2020, 2, 29)));
        assert_eq!(parse_date("18-1-1"), None);
    }
}
