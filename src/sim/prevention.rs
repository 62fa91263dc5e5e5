//! Neighbourhood time and prevention: problem-solving hours, with a lag,
//! reduce the demand they target.
//!
//! A neighbourhood team splits its on-duty units between the area's G3
//! appointments and backfilling the area's response team, and its people's
//! time to problem-solving. Each prevention programme turns the
//! problem-solving hours of its teams (per week, averaged over the four
//! weeks ending `lag_days` before today) into a share of its target
//! categories' demand that does not arrive: each such arrival is avoided
//! with that probability, drawn from the programme's own random stream. The
//! arrivals themselves are generated as without prevention, so a programme
//! with no effect changes nothing, bit for bit.

use super::random::StreamRng;
use super::results::{NeighbourhoodHours, PreventionFigures};
use crate::scenario::model::Model;
use rand::RngExt;

/// Days averaged for the weekly problem-solving hours.
const WINDOW_DAYS: usize = 28;

/// Hours a neighbourhood team spent by activity (person-hours).
#[derive(Clone, Copy, Default)]
struct ActivityHours {
    appointments: f64,
    backfill: f64,
    problem_solving: f64,
}

/// Prevention state of one replication.
pub struct PreventionState {
    /// Per team: problem-solving person-hours per day.
    daily_hours: Vec<Vec<f64>>,
    /// Per team: person-hours by activity (counted period).
    activity: Vec<ActivityHours>,
    /// Per programme: share of targeted demand avoided today.
    reduction_today: Vec<f64>,
    /// Per programme: avoided arrivals (counted).
    avoided: Vec<u64>,
    /// Per programme: sum of daily reductions (for the mean).
    reduction_sum: Vec<f64>,
    days: u64,
    rngs: Vec<StreamRng>,
}

impl PreventionState {
    /// No hours booked yet; `rngs` holds one random stream per prevention
    /// programme (model order).
    pub fn new(model: &Model, rngs: Vec<StreamRng>) -> Self {
        let teams = model.teams.len();
        let programmes = model.prevention.len();
        PreventionState {
            daily_hours: vec![vec![0.0]; teams],
            activity: vec![ActivityHours::default(); teams],
            reduction_today: vec![0.0; programmes],
            avoided: vec![0; programmes],
            reduction_sum: vec![0.0; programmes],
            days: 0,
            rngs,
        }
    }

    /// Books one hour of a neighbourhood team with `people` on duty.
    pub fn book_hour(&mut self, model: &Model, team: usize, people: u32, counted: bool) {
        let Some(a) = model.teams[team].activity else {
            return;
        };
        let p = f64::from(people);
        if let Some(today) = self.daily_hours[team].last_mut() {
            *today += p * a.problem_solving;
        }
        if counted {
            let h = &mut self.activity[team];
            h.appointments += p * a.appointments;
            h.backfill += p * a.backfill_response;
            h.problem_solving += p * a.problem_solving;
        }
    }

    /// Starts a new day (`day` since the start): closes yesterday's hours and
    /// sets each programme's reduction for today.
    pub fn start_day(&mut self, model: &Model, day: u64, counted: bool) {
        for hours in &mut self.daily_hours {
            hours.push(0.0);
        }
        for (i, p) in model.prevention.iter().enumerate() {
            let weekly: f64 = p
                .teams
                .iter()
                .map(|&t| {
                    let hours = &self.daily_hours[t];
                    // Days [day - lag - WINDOW, day - lag), as far as they exist.
                    let end = day.saturating_sub(p.lag_days) as usize;
                    let start = end.saturating_sub(WINDOW_DAYS);
                    hours[start.min(hours.len())..end.min(hours.len())]
                        .iter()
                        .sum::<f64>()
                })
                .sum::<f64>()
                * 7.0
                / WINDOW_DAYS as f64;
            let enough_history = day >= p.lag_days + WINDOW_DAYS as u64;
            self.reduction_today[i] = if enough_history {
                p.reduction(weekly)
            } else {
                0.0
            };
            if counted {
                self.reduction_sum[i] += self.reduction_today[i];
            }
        }
        if counted {
            self.days += 1;
        }
    }

    /// Whether an arrival of `category` is avoided by prevention today.
    pub fn avoids(&mut self, model: &Model, category: usize, counted: bool) -> bool {
        for (i, p) in model.prevention.iter().enumerate() {
            let r = self.reduction_today[i];
            if r > 0.0 && p.targets[category] && self.rngs[i].random::<f64>() < r {
                self.avoided[i] += u64::from(counted);
                return true;
            }
        }
        false
    }

    /// Each programme's avoided arrivals and mean daily reduction, and each
    /// neighbourhood team's hours by activity (counted period).
    pub fn finish(&self, model: &Model) -> PreventionFigures {
        let programmes = (0..model.prevention.len())
            .map(|i| {
                let mean = if self.days > 0 {
                    self.reduction_sum[i] / self.days as f64
                } else {
                    f64::NAN
                };
                (self.avoided[i], mean)
            })
            .collect();
        let neighbourhood = model
            .teams
            .iter()
            .zip(&self.activity)
            .map(|(team, h)| {
                team.activity.is_some().then_some(NeighbourhoodHours {
                    appointments: h.appointments,
                    backfill_response: h.backfill,
                    problem_solving: h.problem_solving,
                })
            })
            .collect();
        PreventionFigures {
            programmes,
            neighbourhood,
        }
    }
}
