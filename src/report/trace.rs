//! The per-incident log as CSV: one row per piece of demand, with the time
//! of every stage it went through (`forcesim run --trace FILE`).
//!
//! Times are seconds since the start of the run (midnight at the start of
//! the scenario's `start_date`), written with exactly three decimals: the
//! simulation clock counts whole milliseconds, so every time in the log is
//! exact and any duration computed from it (an answer time, a response
//! time) is exactly the one the metrics used. An empty field means the
//! stage was not reached (or does not apply).
//!
//! [`COLUMNS`] lists every column with its unit and meaning; the README's
//! "The per-incident log" section mirrors it (a test keeps them in step).

use crate::scenario::Model;
use crate::sim::trace::{CaseRecord, End, Stamp, Trace, stage_key};
use crate::time::year_of;
use crate::time::{MS_PER_SECOND, SimTime};
use std::fmt::Write as _;

/// One column of the log.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Column name in the log's header.
    pub name: &'static str,
    /// `s` (seconds since the start of the run), `hours`, `count`, `bool`,
    /// `id` or `name`.
    pub unit: &'static str,
    /// What the column holds, in words.
    pub meaning: &'static str,
}

const fn col(name: &'static str, unit: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        unit,
        meaning,
    }
}

/// Every column, in file order.
pub const COLUMNS: [Column; 39] = [
    col(
        "case",
        "id",
        "case number in the log, in arrival order from 0",
    ),
    col(
        "year",
        "count",
        "simulated year of arrival, from 1 (`years.N.*` metrics count by it)",
    ),
    col(
        "counted",
        "bool",
        "arrived after the warm-up, so counted in the metrics",
    ),
    col("stream", "name", "demand stream"),
    col("channel", "name", "contact channel (999, 101, online, …)"),
    col("category", "name", "demand category"),
    col("area", "name", "area"),
    col(
        "urban",
        "bool",
        "in the urban part of the area (urban attendance target)",
    ),
    col(
        "grade",
        "name",
        "grade given at grading: g1, g2, g3, g4 or none",
    ),
    col("arrival_s", "s", "contact arrived"),
    col(
        "answered_s",
        "s",
        "a call handler or desk took it (answer time = answered_s − arrival_s)",
    ),
    col("abandoned_s", "s", "the caller hung up while queued"),
    col("answer_team", "name", "team that answered"),
    col("graded_s", "s", "graded: the incident exists"),
    col(
        "resolution_team",
        "name",
        "team that works a G4 by telephone",
    ),
    col(
        "resolution_started_s",
        "s",
        "the resolution team started the G4",
    ),
    col(
        "resolution_ended_s",
        "s",
        "the G4 was resolved, or found to need attendance",
    ),
    col(
        "escalated",
        "bool",
        "a G4 that needed attendance after all (then attended as g3)",
    ),
    col(
        "attendance_grade",
        "name",
        "grade units were sent at (g3 for an escalated G4)",
    ),
    col("attendance_team", "name", "team whose units attended"),
    col("units", "count", "units sent"),
    col(
        "dispatched_s",
        "s",
        "queued for attendance (`response.gN.dispatched` counts these)",
    ),
    col("unit_assigned_s", "s", "the first unit started travelling"),
    col(
        "on_scene_s",
        "s",
        "the first unit reached the scene (response time = on_scene_s − arrival_s)",
    ),
    col("cleared_s", "s", "the last unit cleared"),
    col(
        "preemptions",
        "count",
        "times a unit was taken off this incident by a G1",
    ),
    col("crime_type", "name", "crime recorded"),
    col(
        "crime_recorded_s",
        "s",
        "the incident closed and its crime was recorded",
    ),
    col(
        "screened_out",
        "bool",
        "the recorded crime was screened out (no investigation)",
    ),
    col(
        "forensics_team",
        "name",
        "digital forensics team that examined it",
    ),
    col("forensics_allocated_s", "s", "digital forensics took it"),
    col(
        "forensics_finished_s",
        "s",
        "digital forensics finished; queued for its owning team",
    ),
    col(
        "investigation_team",
        "name",
        "owning investigation team that took it",
    ),
    col(
        "investigation_allocated_s",
        "s",
        "allocated to an investigator (a case slot)",
    ),
    col(
        "investigation_finished_s",
        "s",
        "the investigation reached its outcome",
    ),
    col(
        "outcome",
        "name",
        "charge, out_of_court or no_further_action",
    ),
    col(
        "missing_hours_to_find",
        "hours",
        "a missing person episode's time to find",
    ),
    col(
        "end_state",
        "name",
        "prevented, abandoned, no_incident, resolved, attended, screened_out, investigated or open (still in the system at the end)",
    ),
    col(
        "open_stage",
        "name",
        "where an open case stood at the end: queued, grading, resolution, attendance, forensics or investigation",
    ),
];

/// Whether the file at `path` is a per-incident log forcesim wrote (its
/// first line is the log's header row), which `run --trace` may replace.
pub fn is_trace_file(path: &std::path::Path) -> bool {
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    super::outputs::first_line(path).is_some_and(|line| line.trim_end() == header.join(","))
}

/// Writes `trace` (a replication of `model`) as CSV with a header row.
pub fn write_csv(model: &Model, trace: &Trace, out: impl std::io::Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().map(|c| c.name))?;
    let mut row = Row::default();
    for (id, record) in trace.records.iter().enumerate() {
        row.fill(model, id, record);
        w.write_record(row.fields())?;
    }
    w.flush()?;
    Ok(())
}

/// One row's fields, in reusable buffers (a year's log has ~10⁶ rows).
#[derive(Default)]
pub(super) struct Row {
    fields: Vec<String>,
}

impl Row {
    pub(super) fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(String::as_str)
    }

    pub(super) fn fill(&mut self, model: &Model, id: usize, r: &CaseRecord) {
        self.fields.resize_with(COLUMNS.len(), String::new);
        self.fields.iter_mut().for_each(String::clear);
        let mut f = self.fields.iter_mut();
        let mut next = || f.next().expect("one buffer per column");
        let team = |t: usize| model.teams[t].name.as_str();
        let casework_team = |t: u16| model.investigation_teams[usize::from(t)].name.as_str();
        let channel = &model.channels[usize::from(r.channel)];
        let _ = write!(next(), "{id}");
        let _ = write!(next(), "{}", year_of(r.arrival, model.years()) + 1);
        next().push_str(bool_str(r.counted));
        next().push_str(&model.streams[usize::from(r.stream)].name);
        next().push_str(&channel.name);
        next().push_str(&model.categories[usize::from(r.category)].name);
        next().push_str(&model.areas[usize::from(r.area)].name);
        next().push_str(bool_str(r.urban));
        next().push_str(r.grade.map_or("", |g| g.key()));
        time(next(), Stamp::at(r.arrival));
        time(next(), r.answered);
        time(next(), r.abandoned);
        next().push_str(if r.answered.is_set() {
            team(channel.team)
        } else {
            ""
        });
        time(next(), r.graded);
        let g4 = r.grade == Some(crate::scenario::model::Grade::G4);
        next().push_str(if g4 { team(model.grades.g4.team) } else { "" });
        time(next(), r.resolution_started);
        time(next(), r.resolution_ended);
        next().push_str(bool_str(r.escalated));
        next().push_str(r.attendance_grade.map_or("", |g| g.key()));
        next().push_str(r.attendance_team.map_or("", |t| team(usize::from(t))));
        if r.dispatched.is_set() {
            let _ = write!(next(), "{}", r.units);
        } else {
            next();
        }
        time(next(), r.dispatched);
        time(next(), r.unit_assigned);
        time(next(), r.on_scene);
        time(next(), r.cleared);
        let _ = write!(next(), "{}", r.preemptions);
        let crime_type = r.crime_type.map(|c| &model.crime_types[usize::from(c)]);
        next().push_str(crime_type.map_or("", |c| c.name.as_str()));
        time(next(), r.crime_recorded);
        next().push_str(if r.crime_recorded.is_set() {
            bool_str(r.screened_out)
        } else {
            ""
        });
        let forensics = model
            .forensics
            .as_ref()
            .filter(|_| r.forensics_allocated.is_set());
        next().push_str(forensics.map_or("", |f| casework_team(f.team as u16)));
        time(next(), r.forensics_allocated);
        time(next(), r.forensics_finished);
        next().push_str(r.investigation_team.map_or("", casework_team));
        time(next(), r.investigation_allocated);
        time(next(), r.investigation_finished);
        next().push_str(r.outcome.map_or("", |o| o.key()));
        if !r.missing_hours_to_find.is_nan() {
            let _ = write!(next(), "{}", r.missing_hours_to_find);
        } else {
            next();
        }
        next().push_str(r.end.map_or("", End::key));
        next().push_str(match r.end {
            Some(End::Open(stage)) => stage_key(stage),
            _ => "",
        });
    }
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Seconds since the start, with the milliseconds as three exact decimals.
fn time(field: &mut String, stamp: Stamp) {
    if let Some(SimTime(ms)) = stamp.get() {
        let _ = write!(field, "{}.{:03}", ms / MS_PER_SECOND, ms % MS_PER_SECOND);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_exact_milliseconds() {
        let mut s = String::new();
        time(&mut s, Stamp::at(SimTime(86_400_007)));
        assert_eq!(s, "86400.007");
        s.clear();
        time(&mut s, Stamp::NONE);
        assert_eq!(s, "");
        s.clear();
        time(&mut s, Stamp::at(SimTime::ZERO));
        assert_eq!(s, "0.000");
    }

    #[test]
    fn column_names_are_unique() {
        let mut names: Vec<_> = COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COLUMNS.len());
    }
}
