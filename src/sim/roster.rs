//! Rosters: how many units a team has on duty, hour by hour.
//!
//! Each shift instance (a shift on one day) draws, when it starts, how many
//! of its rostered people are actually available: each is independently
//! abstracted (leave, sickness, training, court) with the team's
//! abstraction share, so availability is Binomial(staff, 1 − share). The
//! available people form `available / crew_size` units (rounded down) until
//! the shift ends. A team's capacity at any hour is the sum over the shift
//! instances covering it.
//!
//! A team with a rota (see [`crate::scenario::model::Rota`]) takes each
//! instance's staff from the rota's cycle day (cycle day 0 is the run's
//! first day; a night carried over into hour 0 is the cycle's last day's);
//! a team without one takes its shift's `staff` every day the shift runs.

use super::absence::{AbsenceState, Lost};
use super::random::StreamRng;
use super::team::queue::MinimumHour;
use crate::scenario::model::{Day, Team};
use rand_distr::{Binomial, Distribution};

/// One shift's current instance.
#[derive(Clone, Copy, Default)]
struct Instance {
    /// Absolute hour at which the instance ends (exclusive).
    ends_at_hour: u64,
    /// Units formed from available people.
    units: u32,
    /// Available people (after abstraction).
    people: u32,
    /// People rostered (before abstraction).
    rostered: u32,
    /// People lost to each reason (teams with `absence` only).
    lost: Lost,
    /// People added by the escalation ladder (positive) or lent to
    /// another team's ladder (negative) for the rest of the instance.
    extra: i64,
    /// People a unit.
    crew: u32,
    /// Absolute hour at which the instance was started by the roster.
    started_at: u64,
}

impl Instance {
    /// People on duty: available plus escalation's change, ≥ 0.
    fn on_duty(&self) -> u32 {
        (i64::from(self.people) + self.extra).max(0) as u32
    }
}

/// The live roster of one team within one replication.
pub struct Roster {
    instances: Vec<Instance>,
    rng: StreamRng,
    /// Abstraction by reason (teams with `absence`); `None`: one draw at
    /// the team's abstraction share.
    absence: Option<AbsenceState>,
}

impl Roster {
    /// A roster for `team`, drawing abstraction from `rng`.
    pub fn new(team: &Team, rng: StreamRng) -> Self {
        Roster {
            instances: vec![Instance::default(); team.shifts.len()],
            rng,
            absence: None,
        }
    }

    /// The roster of a team with abstraction by reason
    /// ([`Team::absence`]): each shift's draws from `rng` (as
    /// [`Roster::new`]'s single draw), sickness spells
    /// from `sickness`, the training days (drawn now, for all `days`) from
    /// `training`. A team without `absence` gets [`Roster::new`].
    pub fn with_absence(
        team: &Team,
        days: &[Day],
        rng: StreamRng,
        sickness: StreamRng,
        training: StreamRng,
    ) -> Self {
        match &team.absence {
            Some(a) => Roster {
                instances: vec![Instance::default(); team.shifts.len()],
                absence: Some(AbsenceState::new(a, days, sickness, training)),
                rng,
            },
            None => Roster::new(team, rng),
        }
    }

    fn draw_available(&mut self, staff: u32, abstraction: f64) -> u32 {
        if abstraction <= 0.0 || staff == 0 {
            return staff;
        }
        match Binomial::new(u64::from(staff), 1.0 - abstraction) {
            Ok(b) => b.sample(&mut self.rng) as u32,
            Err(_) => staff,
        }
    }

    /// Starts any shift instances beginning at absolute hour `hour` (and, at
    /// hour 0, the instances begun the day before that are still running),
    /// then returns (units, people) on duty during that hour.
    pub fn on_duty_at(
        &mut self,
        team: &Team,
        days: &[Day],
        first_weekday: usize,
        hour: u64,
    ) -> (u32, u32) {
        let hour_of_day = (hour % 24) as u32;
        let weekday = days
            .get((hour / 24) as usize)
            .map_or((first_weekday + (hour / 24) as usize) % 7, |d| d.weekday);
        for (i, shift) in team.shifts.iter().enumerate() {
            let starts_now = shift.start_hour == hour_of_day && shift.days[weekday];
            let carried_over = hour == 0
                && shift.start_hour + shift.length_hours > 24
                && shift.days[(first_weekday + 6) % 7];
            if starts_now || carried_over {
                let year = (hour / 24 / crate::time::DAYS_PER_YEAR) as usize;
                let plan = crate::scenario::model::staffing_in_year(&team.staffing_by_year, year);
                let base = match &team.rota {
                    // The instance started on the run's day `hour / 24`, or
                    // (carried over at hour 0) on the cycle's last day.
                    Some(rota) if starts_now => rota.staff_on(i, hour / 24),
                    Some(rota) => rota.staff_on(i, rota.cycle_days as u64 - 1),
                    None => shift.staff,
                };
                let staff = (f64::from(base) * plan).round() as u32;
                let month = days.get((hour / 24) as usize).map(|d| d.month);
                let (people, lost) = match &mut self.absence {
                    Some(a) => {
                        let lost = a.draw(&mut self.rng, staff, hour / 24, month.unwrap_or(0));
                        (staff - lost.iter().sum::<u32>(), lost)
                    }
                    None => (
                        self.draw_available(staff, team.abstraction_in(month)),
                        Lost::default(),
                    ),
                };
                let ends_at_hour = if starts_now {
                    hour + u64::from(shift.length_hours)
                } else {
                    u64::from(shift.start_hour + shift.length_hours - 24)
                };
                self.instances[i] = Instance {
                    ends_at_hour,
                    units: people / shift.crew_size,
                    people,
                    rostered: staff,
                    lost,
                    extra: 0,
                    crew: shift.crew_size,
                    started_at: hour,
                };
            }
        }
        self.totals_at(hour)
    }

    /// (units, people) on duty in `hour` after [`Roster::on_duty_at`] for
    /// it, with the escalation ladder's changes. Draws nothing.
    pub fn totals_at(&self, hour: u64) -> (u32, u32) {
        self.instances
            .iter()
            .filter(|inst| inst.ends_at_hour > hour)
            .fold((0, 0), |(u, p), inst| (u + inst.units, p + inst.on_duty()))
    }

    /// The instances started by the roster at `hour` (after
    /// [`Roster::on_duty_at`] for it): (shift index, people on duty, hours
    /// left of the instance).
    pub fn starting_at(&self, hour: u64) -> Vec<(usize, u32, u64)> {
        self.instances
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.started_at == hour && inst.ends_at_hour > hour)
            .map(|(i, inst)| (i, inst.on_duty(), inst.ends_at_hour - hour))
            .collect()
    }

    /// The instances on duty at `hour`: (shift index, people on duty).
    pub fn running_at(&self, hour: u64) -> Vec<(usize, u32)> {
        self.instances
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.ends_at_hour > hour)
            .map(|(i, inst)| (i, inst.on_duty()))
            .collect()
    }

    /// Adds `delta` people (negative: removes them, never below none) to
    /// the running instance of `shift` for the rest of it, and reforms its
    /// units.
    pub fn adjust(&mut self, shift: usize, delta: i64) {
        if let Some(inst) = self.instances.get_mut(shift) {
            inst.extra += delta;
            inst.units = inst.on_duty() / inst.crew.max(1);
        }
    }

    /// (rostered, available) people in `hour`, the hour last passed to
    /// [`Roster::on_duty_at`]: rostered before abstraction, available after
    /// it (before backfill lent and overtime added). Draws nothing.
    pub fn staffed_at(&self, hour: u64) -> (u32, u32) {
        self.instances
            .iter()
            .filter(|inst| inst.ends_at_hour > hour)
            .fold((0, 0), |(r, a), inst| (r + inst.rostered, a + inst.people))
    }

    /// `hour` (the hour last passed to [`Roster::on_duty_at`]) against the
    /// minimum people of each shift (`minimum[shift]`): whether a shift is
    /// running, whether a running shift has fewer people available (after
    /// abstraction, before the escalation ladder) than its minimum, and the
    /// running shifts' minimums summed. Draws nothing, allocates nothing.
    pub fn against_minimum(&self, hour: u64, minimum: &[u32]) -> MinimumHour {
        let mut out = MinimumHour::default();
        for (shift, inst) in self.instances.iter().enumerate() {
            if inst.ends_at_hour <= hour {
                continue;
            }
            let need = minimum.get(shift).copied().unwrap_or(0);
            out.running = true;
            out.below |= inst.people < need;
            out.people += need;
        }
        out
    }

    /// People lost to each abstraction reason in `hour` (teams with
    /// `absence`; zeros otherwise), the hour last passed to
    /// [`Roster::on_duty_at`]. Draws nothing.
    pub fn lost_at(&self, hour: u64) -> Lost {
        let mut lost = Lost::default();
        for inst in self
            .instances
            .iter()
            .filter(|inst| inst.ends_at_hour > hour)
        {
            for (l, n) in lost.iter_mut().zip(inst.lost) {
                *l += n;
            }
        }
        lost
    }

    /// True if the team's abstraction is by reason.
    pub fn has_absence(&self) -> bool {
        self.absence.is_some()
    }

    /// The shift instances on duty in absolute `hour` (after
    /// [`Self::on_duty_at`] for it) as (shift index, first hour, end hour
    /// (exclusive), units); an instance begun the day before the run has a
    /// negative first hour.
    pub fn instances_at<'a>(
        &'a self,
        team: &'a Team,
        hour: u64,
    ) -> impl Iterator<Item = (usize, i64, u64, u32)> + 'a {
        self.instances
            .iter()
            .zip(&team.shifts)
            .enumerate()
            .filter(move |(_, (inst, _))| inst.ends_at_hour > hour)
            .map(|(i, (inst, shift))| {
                let first = inst.ends_at_hour as i64 - i64::from(shift.length_hours);
                (i, first, inst.ends_at_hour, inst.units)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Shift;
    use crate::sim::random::stream;

    fn team(shifts: Vec<Shift>, abstraction_share: f64) -> Team {
        Team {
            name: "t".into(),
            headcount: None,
            abstraction_share,
            abstraction_by_reason: [abstraction_share, 0.0, 0.0, 0.0, 0.0],
            abstraction_by_month: None,
            reserved_for_top_priority: 0,
            staffing_by_year: Vec::new(),
            activity: None,
            overtime: None,
            productivity_gain: 0.0,
            shifts,
            is_response: true,
            contracted_hours_per_week: None,
            rota: None,
            absence: None,
            minimum: None,
        }
    }

    fn shift(start_hour: u32, length_hours: u32, staff: u32, crew_size: u32) -> Shift {
        Shift {
            name: "s".into(),
            start_hour,
            length_hours,
            staff,
            crew_size,
            days: [true; 7],
        }
    }

    fn week() -> Vec<Day> {
        (0..14)
            .map(|d| Day {
                weekday: d % 7,
                month: 0,
            })
            .collect()
    }

    #[test]
    fn capacity_by_hour_follows_shifts_and_crews() {
        // early 07–17 with 10 double-crewed (5 units), night 22–07 with 6 single (6 units).
        let t = team(vec![shift(7, 10, 10, 2), shift(22, 9, 6, 1)], 0.0);
        let mut r = Roster::new(&t, stream(1, 0, "roster"));
        let days = week();
        let units: Vec<u32> = (0..48).map(|h| r.on_duty_at(&t, &days, 0, h).0).collect();
        // Hour 0 is covered by the night shift that began the day before.
        assert_eq!(units[0], 6);
        assert_eq!(units[6], 6);
        assert_eq!(units[7], 5);
        assert_eq!(units[16], 5);
        assert_eq!(units[17], 0);
        assert_eq!(units[21], 0);
        assert_eq!(units[22], 6);
        assert_eq!(units[24 + 6], 6);
        assert_eq!(units[24 + 7], 5);
        assert_eq!(t.rostered_units_by_hour()[7], 5);
        assert_eq!(t.rostered_units_by_hour()[0], 6);
    }

    #[test]
    fn abstraction_removes_the_configured_share_on_average() {
        let t = team(vec![shift(0, 24, 100, 1)], 0.25);
        let mut r = Roster::new(&t, stream(3, 0, "roster"));
        let days: Vec<Day> = (0..2000)
            .map(|d| Day {
                weekday: d % 7,
                month: 0,
            })
            .collect();
        let n = 2000u64;
        let total: u64 = (0..n)
            .map(|d| u64::from(r.on_duty_at(&t, &days, 0, d * 24).1))
            .sum();
        let mean = total as f64 / n as f64;
        // Binomial(100, 0.75): sd 4.33 per day; standard error of the mean 0.097.
        assert!(
            (mean - 75.0).abs() < 4.0 * 4.33 / (n as f64).sqrt(),
            "mean {mean}"
        );
    }

    #[test]
    fn a_rota_takes_each_days_staff_from_its_cycle() {
        // A two-week cycle: 5 on week 1's days, 9 on week 2's; a night
        // shift (22:00, 10 h) carried into hour 0 is the cycle's last day's.
        use crate::scenario::model::Rota;
        let mut t = team(vec![shift(22, 10, 0, 1)], 0.0);
        let staff: Vec<u32> = (0..14).map(|d| if d < 7 { 5 } else { 9 }).collect();
        t.rota = Some(Rota {
            cycle_days: 14,
            staff: vec![staff],
        });
        let mut r = Roster::new(&t, stream(1, 0, "roster"));
        let days: Vec<Day> = (0..30)
            .map(|d| Day {
                weekday: d % 7,
                month: 0,
            })
            .collect();
        let people: Vec<u32> = (0..30 * 24)
            .map(|h| r.on_duty_at(&t, &days, 0, h).1)
            .collect();
        assert_eq!(people[0], 9, "carried over from cycle day 13");
        assert_eq!(people[22], 5);
        assert_eq!(people[7 * 24 + 22], 9);
        assert_eq!(people[14 * 24 + 5], 9, "day 13's night runs into day 14");
        assert_eq!(people[14 * 24 + 22], 5, "day 14 is cycle day 0");
    }

    #[test]
    fn no_abstraction_gives_exact_staff() {
        let t = team(vec![shift(8, 14, 7, 1)], 0.0);
        let mut r = Roster::new(&t, stream(3, 0, "roster"));
        let days = week();
        assert_eq!(r.on_duty_at(&t, &days, 0, 8), (7, 7));
        assert_eq!(r.on_duty_at(&t, &days, 0, 21), (7, 7));
        assert_eq!(r.on_duty_at(&t, &days, 0, 22), (0, 0));
    }
}
