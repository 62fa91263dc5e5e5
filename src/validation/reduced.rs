//! Reduced scenarios: the force cut down to a textbook queue.
//!
//! Each is written as scenario TOML (so the validation goes through exactly
//! the path a user's file takes) with flat profiles, no daily
//! over-dispersion, no abstraction and constant rosters.

use std::fmt::Write;

/// A contact channel of a reduced scenario.
pub struct Channel {
    /// Channel (and stream) name, as in metric names (`calls.NAME.…`).
    pub name: &'static str,
    /// Priority class at the handlers (0 first).
    pub priority: u8,
    /// Arrivals per minute.
    pub rate_per_min: f64,
    /// Handling time as a TOML distribution, minutes.
    pub handling: String,
    /// Patience as a TOML distribution, minutes.
    pub patience: Option<String>,
    /// Answer target, seconds.
    pub target_s: Option<f64>,
}

/// A reduced scenario: channels answered by `handlers`, every contact
/// graded by `grade_mix`, attended by `units` response units with zero
/// travel and `on_scene` time.
pub struct Reduced {
    /// Horizon, days (warm-up included).
    pub horizon_days: u32,
    /// Warm-up, days.
    pub warmup_days: u32,
    /// The contact channels, all answered by one team.
    pub channels: Vec<Channel>,
    /// Call handlers on duty at every hour.
    pub handlers: u32,
    /// The one category's grade mix, as a TOML inline table.
    pub grade_mix: &'static str,
    /// Response units on duty at every hour.
    pub units: u32,
    /// Time on scene as a TOML distribution, minutes.
    pub on_scene: String,
    /// Whether G3 attendance may be pre-empted by a G1.
    pub g3_preemptible: bool,
    /// Extra keys of the one category (e.g. a `crime_mix`).
    pub category_extra: String,
    /// Extra tables appended to the scenario (e.g. crime types).
    pub extra: String,
    /// The response team's `shifts` array as TOML, replacing one all-day
    /// shift of `units` (e.g. staggered 10-hour shifts).
    pub response_shifts: Option<String>,
}

/// An exponential distribution in TOML.
pub fn exponential(mean: f64) -> String {
    format!(r#"{{ dist = "exponential", mean = {mean} }}"#)
}

/// A log-normal distribution in TOML.
pub fn lognormal(mean: f64, sd: f64) -> String {
    format!(r#"{{ dist = "lognormal", mean = {mean}, sd = {sd} }}"#)
}

/// A constant in TOML.
pub fn fixed(value: f64) -> String {
    format!(r#"{{ dist = "fixed", value = {value} }}"#)
}

impl Reduced {
    /// Only handlers: every contact graded `none`.
    pub fn contact_only(channels: Vec<Channel>, handlers: u32, horizon_days: u32) -> Reduced {
        Reduced {
            horizon_days,
            warmup_days: 5,
            channels,
            handlers,
            grade_mix: "{ none = 1.0 }",
            units: 1,
            on_scene: fixed(1.0),
            g3_preemptible: false,
            category_extra: String::new(),
            extra: String::new(),
            response_shifts: None,
        }
    }

    /// The scenario as TOML.
    pub fn to_toml(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "name = \"reduced\"\nstart_date = \"2018-01-01\"\nhorizon_days = {}\nwarmup_days = {}\n",
            self.horizon_days + self.warmup_days,
            self.warmup_days
        );
        for ch in &self.channels {
            let _ = writeln!(
                t,
                "[channels.{}]\nteam = \"handlers\"\npriority = {}\nhandling_min = {}\ngrading_min = {{ dist = \"fixed\", value = 0.0 }}",
                ch.name, ch.priority, ch.handling
            );
            if let Some(p) = &ch.patience {
                let _ = writeln!(t, "patience_min = {p}");
            }
            if let Some(s) = ch.target_s {
                let _ = writeln!(t, "answer_target_s = {s}");
            }
            let _ = writeln!(
                t,
                "\n[[streams]]\nname = \"{0}\"\nchannel = \"{0}\"\nvolume_per_year = {1}\ncategory_mix = {{ only = 1.0 }}\n",
                ch.name,
                ch.rate_per_min * 60.0 * 24.0 * 365.0
            );
        }
        let _ = writeln!(
            t,
            "[categories.only]\ngrade_mix = {}\non_scene_min = {}\n{}\n",
            self.grade_mix, self.on_scene, self.category_extra
        );
        let _ = writeln!(
            t,
            "[areas.all]\ndemand_share = 1.0\nurban_share = 1.0\nresponse_team = \"response\"\n\
             travel_urban_min = {{ dist = \"fixed\", value = 0.0 }}\ntravel_rural_min = {{ dist = \"fixed\", value = 0.0 }}\n"
        );
        let _ = writeln!(
            t,
            "[grades.g1]\ntarget_urban_min = 15\ntarget_rural_min = 20\n[grades.g2]\ntarget_urban_min = 60\ntarget_rural_min = 60\n\
             [grades.g3]\ntarget_urban_min = 2880\ntarget_rural_min = 2880\npreemptible_by_g1 = {}\n\
             [grades.g4]\nteam = \"resolution\"\nhandling_min = {{ dist = \"fixed\", value = 0.0 }}\n",
            self.g3_preemptible
        );
        for (name, staff) in [
            ("handlers", self.handlers),
            ("response", self.units),
            ("resolution", self.handlers),
        ] {
            let shifts = match (&self.response_shifts, name) {
                (Some(shifts), "response") => shifts.clone(),
                _ => format!(
                    "[{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {staff} }}]"
                ),
            };
            let _ = writeln!(t, "[teams.{name}]\nshifts = {shifts}\n");
        }
        t.push_str(&self.extra);
        t
    }
}
