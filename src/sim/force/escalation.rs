//! Minimum staffing: when a shift starts with fewer people on duty than
//! its minimum ([`crate::scenario::escalation::MinimumStaffing`]), the
//! shortfall goes down the team's ladder in order. Each step finds each
//! missing person with its probability, within the hours a year it has
//! left; a backfill step also within the people the lending team has on
//! duty above its own minimum, who leave it for the borrower's shift. What
//! the ladder leaves is accepted short.
//!
//! Every hour is accounted for: at each shift start, the shortfall's
//! person-hours (people missing × hours of the shift) equal the hours
//! filled by each step plus the hours accepted short, and a backfill's
//! hours received by the borrower equal those given by the lender.

use super::Force;
use crate::scenario::escalation::StepKind;
use crate::sim::random::StreamRng;
use crate::sim::team::TeamId;
use crate::sim::trace::Tracer;
use crate::time::DAYS_PER_YEAR;
use rand_distr::{Binomial, Distribution};

/// One team's ladder within one replication.
pub(super) struct Ladder {
    rng: StreamRng,
    /// Per step: hours it may still fill this year.
    left: Vec<f64>,
}

impl Ladder {
    /// The ladder of every team with a minimum (`None` for the others),
    /// drawing from `rng(team name)`.
    pub(super) fn for_model(
        model: &crate::scenario::model::Model,
        mut rng: impl FnMut(&str) -> StreamRng,
    ) -> Vec<Option<Ladder>> {
        model
            .teams
            .iter()
            .map(|t| {
                t.minimum.as_ref().map(|m| Ladder {
                    rng: rng(&t.name),
                    left: m.ladder.iter().map(|s| s.max_hours_per_year).collect(),
                })
            })
            .collect()
    }
}

impl<T: Tracer> Force<'_, T> {
    /// Runs the ladder of every team with a minimum for the shifts starting
    /// at `hour` (after the rosters have drawn it), booking the hours when
    /// `counted`.
    pub(super) fn escalate(&mut self, hour: u64, counted: bool) {
        let model = self.model;
        let new_year = hour.is_multiple_of(DAYS_PER_YEAR * 24);
        for t in 0..model.teams.len() {
            let Some(minimum) = &model.teams[t].minimum else {
                continue;
            };
            let Some(ladder) = self.ladders[t].as_mut() else {
                continue;
            };
            if new_year {
                for (left, step) in ladder.left.iter_mut().zip(&minimum.ladder) {
                    *left = step.max_hours_per_year;
                }
            }
            for (shift, on_duty, hours) in self.rosters[t].starting_at(hour) {
                let need = minimum.people_by_shift[shift];
                let mut short = need.saturating_sub(on_duty);
                if short == 0 {
                    continue;
                }
                let len = hours as f64;
                let shortfall = f64::from(short) * len;
                let mut filled = [0.0; 3];
                let mut rest_day_pay = 0.0;
                let mut given = Vec::new();
                for (s, step) in minimum.ladder.iter().enumerate() {
                    if short == 0 {
                        break;
                    }
                    let ladder = self.ladders[t].as_mut().expect("team has a ladder");
                    let mut n = binomial(&mut ladder.rng, short, step.probability);
                    let by_cap = (ladder.left[s] / len).floor();
                    n = n.min(by_cap.min(f64::from(u32::MAX)) as u32);
                    if let StepKind::Backfill { from } = step.kind {
                        n = self.lend(from, hour, n);
                        if n > 0 {
                            given.push((from, f64::from(n) * len));
                        }
                    }
                    if n == 0 {
                        continue;
                    }
                    let ladder = self.ladders[t].as_mut().expect("team has a ladder");
                    ladder.left[s] -= f64::from(n) * len;
                    filled[step.kind.index()] += f64::from(n) * len;
                    if let StepKind::RestDay { multiplier } = step.kind {
                        rest_day_pay += f64::from(n) * len * multiplier;
                    }
                    self.rosters[t].adjust(shift, i64::from(n));
                    short -= n;
                }
                if !counted {
                    continue;
                }
                let books = &mut self.teams[TeamId(t as u16)].queue.stats.escalation;
                books.shortfall_hours += shortfall;
                for (b, f) in books.filled_hours.iter_mut().zip(filled) {
                    *b += f;
                }
                books.accepted_short_hours += f64::from(short) * len;
                books.rest_day_pay_hours += rest_day_pay;
                books.rest_days_worked += filled[1] / len;
                for (from, h) in given {
                    self.teams[TeamId(from as u16)]
                        .queue
                        .stats
                        .escalation
                        .backfill_given_hours += h;
                }
            }
        }
    }

    /// Takes up to `want` people on duty at `hour` from team `from`, never
    /// below its own minimum; returns how many it gave.
    fn lend(&mut self, from: usize, hour: u64, want: u32) -> u32 {
        let floor = self.model.teams[from].minimum.as_ref();
        let mut given = 0;
        for (shift, on_duty) in self.rosters[from].running_at(hour) {
            if given == want {
                break;
            }
            let keep = floor.map_or(0, |m| m.people_by_shift[shift]);
            let n = on_duty.saturating_sub(keep).min(want - given);
            if n > 0 {
                self.rosters[from].adjust(shift, -i64::from(n));
                given += n;
            }
        }
        given
    }
}

fn binomial(rng: &mut StreamRng, n: u32, p: f64) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    Binomial::new(u64::from(n), p).map_or(0, |b| b.sample(rng) as u32)
}
