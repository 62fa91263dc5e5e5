//! Units on duty each hour: the rosters, neighbourhood teams' backfill lent
//! to their area's response team (by [`crate::sim::dispatch::lend_backfill`]),
//! and overtime when a queue is long.

use super::Force;
use crate::sim::team::TeamId;
use crate::sim::trace::Tracer;

impl<T: Tracer> Force<'_, T> {
    /// (units, people) on duty in `hour` for every team, after each
    /// neighbourhood team keeps its appointment units and lends its backfill
    /// units to its area's response team; books the hour's activity. Teams
    /// with a minimum first run their escalation ladder.
    pub(super) fn on_duty_with_backfill(&mut self, hour: u64, counted: bool) -> Vec<(u32, u32)> {
        let model = self.model;
        let mut on_duty: Vec<(u32, u32)> = (0..model.teams.len())
            .map(|t| {
                self.rosters[t].on_duty_at(&model.teams[t], &model.days, model.first_weekday, hour)
            })
            .collect();
        if self.ladders.iter().any(Option::is_some) {
            self.escalate(hour, counted);
            for (t, duty) in on_duty.iter_mut().enumerate() {
                *duty = self.rosters[t].totals_at(hour);
            }
        }
        for (t, team) in model.teams.iter().enumerate() {
            if team.activity.is_some() {
                self.prevention.book_hour(model, t, on_duty[t].1, counted);
            }
        }
        crate::sim::dispatch::lend_backfill(model, &mut on_duty);
        on_duty
    }

    /// Adds overtime units to teams whose queue is long at the start of
    /// `hour`, within each team's weekly overtime allowance.
    pub(super) fn add_overtime(&mut self, hour: u64, on_duty: &mut [(u32, u32)]) {
        for (t, team) in self.model.teams.iter().enumerate() {
            let Some((threshold, extra, per_week)) = team.overtime else {
                continue;
            };
            if hour.is_multiple_of(168) {
                self.teams[TeamId(t as u16)].overtime_left = per_week;
            }
            let extra_hours = f64::from(extra);
            let team = &mut self.teams[TeamId(t as u16)];
            if team.queue.queued() > threshold && team.overtime_left >= extra_hours && extra > 0 {
                team.overtime_left -= extra_hours;
                on_duty[t].0 += extra;
                on_duty[t].1 += extra;
                team.queue.stats.overtime_hours += extra_hours;
            }
        }
    }
}
