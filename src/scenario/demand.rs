//! Checking and compiling demand: the channels contacts come in by, the
//! categories of incident, the streams of contacts with their profiles
//! over the week and the year, surges on given dates, and growth year by
//! year.

use super::checker::Checker;
use super::dates::{DAYS_IN_MONTH, days_from_civil, parse_date};
use super::model::{Category, Channel, CrimeType, Grade, Stream, YearMix};
use super::raw::{RawCategory, RawProfile, RawScenario};
use super::teams::RoutedTeams;
use super::validate::{
    MAX_ARRIVALS_PER_REPLICATION, MAX_HORIZON_DAYS, MAX_UNITS_PER_INCIDENT, MAX_VOLUME_PER_YEAR,
};
use crate::time::HOURS_PER_WEEK;
use std::collections::{BTreeMap, BTreeSet};

/// Checks the channels; notes in `routed` the team each sends contacts to.
pub(super) fn compile_channels(
    c: &mut Checker,
    raw: &RawScenario,
    team_index: &BTreeMap<String, usize>,
    routed: &mut RoutedTeams,
) -> Vec<Channel> {
    raw.channels
        .iter()
        .map(|(name, ch)| {
            let p = format!("channels.{name}");
            let team = c.lookup(&format!("{p}.team"), "team", &ch.team, team_index);
            routed.entry(team).or_insert(format!("{p}.team"));
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
        .collect()
}

/// Checks the categories, each with its crime mix for the first year
/// (later years: [`grow_by_year`]).
pub(super) fn compile_categories(
    c: &mut Checker,
    raw: &RawScenario,
    crime_index: &BTreeMap<String, usize>,
) -> Vec<Category> {
    raw.categories
        .iter()
        .map(|(name, cat)| {
            let mut category = compile_category(c, name, cat);
            category.crime_cumulative = vec![super::investigation::crime_mix(
                c,
                &format!("categories.{name}"),
                &cat.crime_mix,
                crime_index,
            )];
            category
        })
        .collect()
}

/// Checks one category: grade mix, units needed, time on scene, growth and
/// (for missing persons) time to find.
fn compile_category(c: &mut Checker, name: &str, cat: &RawCategory) -> Category {
    let p = format!("categories.{name}");
    let cumulative = c.keyed_mix(
        &format!("{p}.grade_mix"),
        &cat.grade_mix,
        &Grade::ALL.map(Grade::key),
        "unknown grade: expected g1, g2, g3, g4 or none",
    );
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

/// Checks the demand streams: channel, volume a year, growth, daily
/// variation, profile and category mix (year 1).
pub(super) fn compile_streams(
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
        c.unique_name(&format!("{p}.name"), &mut seen, &s.name, "stream");
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
        let day_weighted: f64 = m
            .iter()
            .zip(DAYS_IN_MONTH)
            .map(|(w, d)| w * f64::from(d))
            .sum();
        for (o, w) in month.iter_mut().zip(&m) {
            *o = w * 365.0 / day_weighted;
        }
    }
    (hour_of_week, month)
}

/// Checks surges and attaches each to the streams it affects.
pub(super) fn compile_surges(
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

/// Checks that the contacts the streams are expected to bring over the
/// horizon fit in one replication.
pub(super) fn check_arrivals(c: &mut Checker, streams: &[Stream], horizon_days: f64) {
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
}

/// Expands year-1 mixes into one per simulated year: category growth
/// reweights each stream's category mix (and scales its volume); crime type
/// growth scales each category's crime shares, which must stay ≤ 1.
pub(super) fn grow_by_year(
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
                    format!("with crime type growth its shares sum to {} in year {}; they must stay at most 1", super::checker::sum_text(running), y + 1),
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
