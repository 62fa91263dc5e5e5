//! Property tests (proptest).
//!
//! - The parser and validator never panic: arbitrary text, and random
//!   mutations of the minimal and the default scenario, give `Ok` or an
//!   `Err` whose every problem says something.
//! - Random small valid scenarios compile, and one replication of each keeps
//!   the conservation identities, gives times ≥ 0, shares and utilisations in
//!   [0, 1], counts ≥ 0 and whole, and the same numbers for the same seed.

use crate::common::{MINIMAL, metric};
use forcesim::metrics::Metric;
use forcesim::scenario::{self, DEFAULT_SCENARIO, Model, ScenarioError};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Parser and validator: never a panic.
// ---------------------------------------------------------------------------

/// `cases` cases; a failing input is printed, not saved to a file.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Parses and compiles `text`; fails the property if an error has no
/// problems or a problem has an empty message. A panic inside fails the
/// test case too (proptest catches it and shrinks the input).
fn parse_must_not_panic(text: &str, base_dir: &Path) -> Result<(), TestCaseError> {
    match scenario::from_str("prop.toml", text, base_dir) {
        Ok(_) => Ok(()),
        Err(e) => check_error(&e),
    }
}

fn check_error(e: &ScenarioError) -> Result<(), TestCaseError> {
    prop_assert!(!e.problems.is_empty(), "an error with no problems");
    for p in &e.problems {
        prop_assert!(
            !p.message.trim().is_empty(),
            "a problem with an empty message: {p:?}"
        );
        prop_assert!(!p.file.is_empty(), "a problem with no file: {p:?}");
    }
    // Formatting the error must not panic either.
    prop_assert!(!e.to_string().is_empty());
    Ok(())
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte ranges of the numbers in `s` (digits with `.`, `_`, exponent and
/// sign, starting at a digit not inside a word).
fn number_spans(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
        if !starts {
            i += 1;
            continue;
        }
        let start = if i > 0 && (b[i - 1] == b'-' || b[i - 1] == b'+') {
            i - 1
        } else {
            i
        };
        let mut j = i;
        while j < b.len()
            && (b[j].is_ascii_digit()
                || b[j] == b'.'
                || b[j] == b'_'
                || b[j] == b'e'
                || b[j] == b'E'
                || ((b[j] == b'-' || b[j] == b'+') && matches!(b[j - 1], b'e' | b'E')))
        {
            j += 1;
        }
        spans.push((start, j));
        i = j;
    }
    spans
}

/// A number as TOML writes it, including the awkward ones.
fn toml_number() -> impl Strategy<Value = String> {
    let f = any::<f64>().prop_map(|x| {
        if x.is_nan() {
            "nan".to_string()
        } else if x.is_infinite() {
            if x > 0.0 { "inf" } else { "-inf" }.to_string()
        } else {
            // `{:?}` gives `1e300`, `-0.0`, `0.1`: all TOML floats.
            let s = format!("{x:?}");
            if s.contains(['.', 'e', 'E']) {
                s
            } else {
                format!("{s}.0")
            }
        }
    });
    prop_oneof![
        3 => f,
        2 => prop::sample::select(vec![
            "nan", "+nan", "-nan", "inf", "+inf", "-inf", "0", "-0", "0.0", "-0.0", "1", "-1",
            "1e308", "1.7976931348623157e308", "-1e308", "5e-324", "1e-320", "4294967295",
            "4294967296", "18446744073709551615", "18446744073709551616",
            "9223372036854775807", "-9223372036854775808", "255", "256", "-255", "0.5",
            "1e9", "7321", "50000001", "3.0000001", "24", "25", "23", "100001", "9",
        ])
        .prop_map(str::to_string),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        1 => (0u32..100_000).prop_map(|n| n.to_string()),
    ]
}

/// Text that looks a little like TOML, so mutations reach past the syntax.
fn toml_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[ \\[\\]{}=,.\"'#\n0-9a-z_-]{0,16}",
        prop::sample::select(vec![
            "\n",
            "=",
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            ",",
            "\"",
            "'''",
            "\"\"\"",
            "#",
            " = nan",
            " = -1",
            " = []",
            " = {}",
            " = \"\"",
            "\n[teams.x]\n",
            "\n[[streams]]\n",
            "\nextends = \"staffordshire-2018.toml\"\n",
            "\nextends = \"prop.toml\"\n",
            "\nextends = 1\n",
            "\nextends = \"/\"\n",
            "\nwarmup_days = 27.99\n",
            "{ dist = \"empirical\", values = [], weights = [] }",
            "{ dist = \"gamma\", mean = 1e308, sd = 1e-308 }",
            "{ dist = \"lognormal\", mean = 5e-324, sd = 1e308 }",
            "{ dist = \"empirical\", values = [1e308, 1], weights = [1e308, 1e308] }",
            "days = [\"mon\", \"xyz\"]",
            "crew_size = 0",
            "staff = 0",
            "units_needed_mix = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2]",
            "\u{e9}",
            "\u{2192}",
            "\u{1f600}",
            "\u{0}",
            "\r\n",
            "\t",
        ])
        .prop_map(str::to_string),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Delete from `at` (a fraction of the length) `len` bytes.
    Delete { at: f64, len: usize },
    /// Insert `text` at `at`.
    Insert { at: f64, text: String },
    /// Replace the `index`-th number (mod the count) by `with`.
    Number { index: usize, with: String },
    /// Cut the text at `at`.
    Truncate { at: f64 },
    /// Replace one byte at `at` by a random ASCII byte.
    Byte { at: f64, byte: u8 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        3 => (at.clone(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        3 => (at.clone(), toml_fragment()).prop_map(|(at, text)| Mutation::Insert { at, text }),
        5 => (any::<usize>(), toml_number()).prop_map(|(index, with)| Mutation::Number { index, with }),
        1 => at.clone().prop_map(|at| Mutation::Truncate { at }),
        2 => (at, 0u8..128).prop_map(|(at, byte)| Mutation::Byte { at, byte }),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut s = text.to_string();
    for m in mutations {
        let pos = |at: f64, s: &str| floor_boundary(s, (at * s.len() as f64) as usize);
        match m {
            Mutation::Delete { at, len } => {
                let a = pos(*at, &s);
                let b = floor_boundary(&s, a + len);
                s.replace_range(a..b, "");
            }
            Mutation::Insert { at, text } => {
                let a = pos(*at, &s);
                s.insert_str(a, text);
            }
            Mutation::Number { index, with } => {
                let spans = number_spans(&s);
                if !spans.is_empty() {
                    let (a, b) = spans[index % spans.len()];
                    s.replace_range(a..b, with);
                }
            }
            Mutation::Truncate { at } => {
                let a = pos(*at, &s);
                s.truncate(a);
            }
            Mutation::Byte { at, byte } => {
                let a = pos(*at, &s);
                let b = floor_boundary(&s, a + 1).max(a);
                // Replace one whole char (or insert at the end).
                let end = if b == a {
                    s[a..].chars().next().map_or(a, |c| a + c.len_utf8())
                } else {
                    b
                };
                s.replace_range(a..end, &char::from(*byte).to_string());
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        parse_must_not_panic(&text, &scenarios_dir())?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_must_not_panic(&String::from_utf8_lossy(&bytes), Path::new("/nonexistent"))?;
    }

    #[test]
    fn tomlish_text_never_panics(parts in prop::collection::vec(toml_fragment(), 0..40)) {
        parse_must_not_panic(&parts.concat(), &scenarios_dir())?;
    }

    #[test]
    fn mutated_minimal_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(MINIMAL, &mutations);
        parse_must_not_panic(&text, &scenarios_dir())?;
    }

    #[test]
    fn mutated_default_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = apply(DEFAULT_SCENARIO, &mutations);
        parse_must_not_panic(&text, &scenarios_dir())?;
    }

    /// Only numbers changed: the file stays well-formed TOML, so these
    /// reach the validator's range checks (and the compiled model).
    #[test]
    fn default_with_random_numbers_never_panics(
        changes in prop::collection::vec((any::<usize>(), toml_number()), 1..8)
    ) {
        let mutations: Vec<Mutation> = changes
            .into_iter()
            .map(|(index, with)| Mutation::Number { index, with })
            .collect();
        let text = apply(DEFAULT_SCENARIO, &mutations);
        parse_must_not_panic(&text, &scenarios_dir())?;
    }
}

#[test]
fn mutation_helpers_find_the_numbers() {
    let spans = number_spans("a = 1.5e-3\nb_2 = -7 # x9\nc = [1, 2_000]");
    let found: Vec<&str> = spans
        .iter()
        .map(|&(a, b)| &"a = 1.5e-3\nb_2 = -7 # x9\nc = [1, 2_000]"[a..b])
        .collect();
    assert_eq!(found, ["1.5e-3", "-7", "1", "2_000"]);
    let s = apply(
        "x = 1\ny = 2",
        &[Mutation::Number {
            index: 1,
            with: "nan".into(),
        }],
    );
    assert_eq!(s, "x = 1\ny = nan");
    // Boundaries are respected in text with multi-byte chars.
    let s = apply(
        "a\u{2192}b",
        &[
            Mutation::Delete { at: 0.3, len: 1 },
            Mutation::Byte {
                at: 0.99,
                byte: b'z',
            },
        ],
    );
    assert!(s.is_char_boundary(s.len()));
}

// ---------------------------------------------------------------------------
// Random small valid scenarios.
// ---------------------------------------------------------------------------

const CHANNEL_NAMES: [&str; 3] = ["999", "101", "online"];
const CATEGORY_NAMES: [&str; 2] = ["alpha", "beta"];

/// A distribution of minutes, as a TOML inline table.
fn dist(lo: f64, hi: f64) -> impl Strategy<Value = String> {
    prop_oneof![
        (lo..hi).prop_map(|v| format!(r#"{{ dist = "fixed", value = {v:?} }}"#)),
        (lo.max(0.01)..hi).prop_map(|m| format!(r#"{{ dist = "exponential", mean = {m:?} }}"#)),
        (lo.max(0.01)..hi, 0.1..2.0f64).prop_map(|(m, cv)| format!(
            r#"{{ dist = "lognormal", mean = {m:?}, sd = {:?} }}"#,
            m * cv
        )),
        (lo.max(0.01)..hi, 0.1..2.0f64).prop_map(|(m, cv)| format!(
            r#"{{ dist = "gamma", mean = {m:?}, sd = {:?} }}"#,
            m * cv
        )),
        prop::collection::vec((lo..hi, 0.0..1.0f64), 1..4).prop_map(|vw| {
            let values: Vec<String> = vw.iter().map(|(v, _)| format!("{v:?}")).collect();
            // At least one positive weight.
            let weights: Vec<String> = vw
                .iter()
                .enumerate()
                .map(|(i, (_, w))| format!("{:?}", if i == 0 { w + 0.1 } else { *w }))
                .collect();
            format!(
                r#"{{ dist = "empirical", values = [{}], weights = [{}] }}"#,
                values.join(", "),
                weights.join(", ")
            )
        }),
    ]
}

/// Shares from weights (at least one positive), normalised so they sum to 1
/// within rounding; written in full precision by `{:?}`.
fn shares(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0u32..=1000, n).prop_map(|mut w| {
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        let total: f64 = w.iter().map(|&x| f64::from(x)).sum();
        w.iter().map(|&x| f64::from(x) / total).collect()
    })
}

#[derive(Debug, Clone)]
struct ChannelSpec {
    priority: u8,
    handling: String,
    grading: String,
    patience: Option<String>,
    answer_target_s: Option<f64>,
}

#[derive(Debug, Clone)]
struct StreamSpec {
    channel: usize,
    volume: f64,
    cv: f64,
    category_mix: Vec<f64>,
    /// 24 hour-of-day weights, or flat.
    profile: Option<Vec<f64>>,
}

#[derive(Debug, Clone)]
struct CategorySpec {
    /// g1, g2, g3, g4, none.
    grade_mix: Vec<f64>,
    on_scene: String,
    units: Vec<f64>,
    /// Weights of crime types 0, 1 and of no crime (normalised).
    crime_weights: Vec<f64>,
}

#[derive(Debug, Clone)]
struct CrimeSpec {
    work_hours: String,
    screened_out_share: f64,
    /// charge, out_of_court, no_further_action.
    outcome_mix: Vec<f64>,
    forensics_share: f64,
}

#[derive(Debug, Clone)]
struct InvestigationSpec {
    crimes: Vec<CrimeSpec>,
    headcount: f64,
    caseload_cap: u32,
    /// A separate forensics team (else the investigators do it).
    forensics_team: bool,
}

#[derive(Debug, Clone)]
struct AreaSpec {
    urban_share: f64,
    travel_urban: String,
    travel_rural: String,
    staff: u32,
    crew: u32,
    /// Shares the first area's response team instead of having its own.
    shares_team: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    horizon_days: u32,
    warmup_days: u32,
    channels: Vec<ChannelSpec>,
    /// All channels answered by one team, or each by its own.
    one_desk: bool,
    desk_staff: Vec<u32>,
    reserved: u32,
    streams: Vec<StreamSpec>,
    categories: Vec<CategorySpec>,
    areas: Vec<AreaSpec>,
    area_shares: Vec<f64>,
    g2_preempt: bool,
    g3_preempt: bool,
    escalate_share: f64,
    resolution_staff: u32,
    abstraction: f64,
    night_shift: bool,
    investigation: Option<InvestigationSpec>,
}

fn channel_spec() -> impl Strategy<Value = ChannelSpec> {
    (
        1u8..=3,
        dist(0.5, 20.0),
        dist(0.0, 10.0),
        prop::option::of(dist(0.1, 30.0)),
        prop::option::of(prop::sample::select(vec![10.0, 30.0, 7.5])),
    )
        .prop_map(
            |(priority, handling, grading, patience, answer_target_s)| ChannelSpec {
                priority,
                handling,
                grading,
                patience,
                answer_target_s,
            },
        )
}

fn stream_spec(n_channels: usize, n_categories: usize) -> impl Strategy<Value = StreamSpec> {
    (
        0..n_channels,
        1_000.0..200_000.0f64,
        prop_oneof![Just(0.0), 0.0..0.5f64],
        shares(n_categories),
        prop::option::of(prop::collection::vec(0.05..2.0f64, 24)),
    )
        .prop_map(|(channel, volume, cv, category_mix, profile)| StreamSpec {
            channel,
            volume,
            cv,
            category_mix,
            profile,
        })
}

fn category_spec() -> impl Strategy<Value = CategorySpec> {
    (shares(5), dist(1.0, 120.0), shares(2), shares(3)).prop_map(
        |(grade_mix, on_scene, units, crime_weights)| CategorySpec {
            grade_mix,
            on_scene,
            units,
            crime_weights,
        },
    )
}

fn investigation_spec() -> impl Strategy<Value = InvestigationSpec> {
    let crime = (
        dist(0.5, 40.0),
        prop_oneof![Just(0.0), 0.0..0.6f64],
        shares(3),
        prop_oneof![Just(0.0), 0.0..0.5f64],
    )
        .prop_map(
            |(work_hours, screened_out_share, outcome_mix, forensics_share)| CrimeSpec {
                work_hours,
                screened_out_share,
                outcome_mix,
                forensics_share,
            },
        );
    (
        prop::collection::vec(crime, 1..=2),
        1.0..20.0f64,
        1u32..=10,
        any::<bool>(),
    )
        .prop_map(
            |(crimes, headcount, caseload_cap, forensics_team)| InvestigationSpec {
                crimes,
                headcount,
                caseload_cap,
                forensics_team,
            },
        )
}

fn area_spec() -> impl Strategy<Value = AreaSpec> {
    (
        0.0..=1.0f64,
        dist(0.0, 20.0),
        dist(0.0, 40.0),
        1u32..=20,
        1u32..=2,
        any::<bool>(),
    )
        .prop_map(
            |(urban_share, travel_urban, travel_rural, staff, crew, shares_team)| AreaSpec {
                urban_share,
                travel_urban,
                travel_rural,
                // At least one full crew, so the team has someone on duty.
                staff: staff.max(crew),
                crew,
                shares_team,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..=3, 1usize..=2, 1usize..=2).prop_flat_map(|(n_channels, n_categories, n_areas)| {
        (
            (3u32..=20, 0u32..=2),
            prop::collection::vec(channel_spec(), n_channels),
            any::<bool>(),
            prop::collection::vec(1u32..=20, n_channels),
            0u32..=1,
            prop::collection::vec(stream_spec(n_channels, n_categories), 1..=3),
            prop::collection::vec(category_spec(), n_categories),
            prop::collection::vec(area_spec(), n_areas),
            shares(n_areas),
            (any::<bool>(), any::<bool>(), 0.0..0.3f64),
            (
                1u32..=20,
                prop_oneof![Just(0.0), 0.0..0.4f64],
                any::<bool>(),
            ),
            prop::option::of(investigation_spec()),
        )
            .prop_map(
                |(
                    (horizon_days, warmup_days),
                    channels,
                    one_desk,
                    desk_staff,
                    reserved,
                    streams,
                    categories,
                    areas,
                    area_shares,
                    (g2_preempt, g3_preempt, escalate_share),
                    (resolution_staff, abstraction, night_shift),
                    investigation,
                )| Spec {
                    horizon_days,
                    warmup_days: warmup_days.min(horizon_days - 1),
                    channels,
                    one_desk,
                    desk_staff,
                    reserved,
                    streams,
                    categories,
                    areas,
                    area_shares,
                    g2_preempt,
                    g3_preempt,
                    escalate_share,
                    resolution_staff,
                    abstraction,
                    night_shift,
                    investigation,
                },
            )
    })
}

fn list(xs: &[f64]) -> String {
    xs.iter()
        .map(|x| format!("{x:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The scenario text for `s`.
fn scenario_text(s: &Spec) -> String {
    let mut t = String::new();
    let w = &mut t;
    writeln!(w, "name = \"prop\"\nstart_date = \"2019-02-25\"").unwrap();
    writeln!(w, "horizon_days = {}", s.horizon_days).unwrap();
    writeln!(w, "warmup_days = {}", s.warmup_days).unwrap();
    for (i, st) in s.streams.iter().enumerate() {
        if let Some(p) = &st.profile {
            writeln!(w, "[profiles.p{i}]\nhour_of_day = [{}]", list(p)).unwrap();
        }
    }
    let desk = |i: usize| {
        if s.one_desk {
            "desk0".to_string()
        } else {
            format!("desk{i}")
        }
    };
    for (i, ch) in s.channels.iter().enumerate() {
        writeln!(w, "[channels.{:?}]", CHANNEL_NAMES[i]).unwrap();
        writeln!(w, "team = \"{}\"\npriority = {}", desk(i), ch.priority).unwrap();
        writeln!(w, "handling_min = {}", ch.handling).unwrap();
        writeln!(w, "grading_min = {}", ch.grading).unwrap();
        if let Some(p) = &ch.patience {
            writeln!(w, "patience_min = {p}").unwrap();
        }
        if let Some(a) = ch.answer_target_s {
            writeln!(w, "answer_target_s = {a:?}").unwrap();
        }
    }
    for (i, c) in s.categories.iter().enumerate() {
        let g = &c.grade_mix;
        writeln!(w, "[categories.{}]", CATEGORY_NAMES[i]).unwrap();
        writeln!(
            w,
            "grade_mix = {{ g1 = {:?}, g2 = {:?}, g3 = {:?}, g4 = {:?}, none = {:?} }}",
            g[0], g[1], g[2], g[3], g[4]
        )
        .unwrap();
        writeln!(w, "on_scene_min = {}", c.on_scene).unwrap();
        writeln!(w, "units_needed_mix = [{}]", list(&c.units)).unwrap();
        if let Some(inv) = &s.investigation {
            let mix: Vec<String> = inv
                .crimes
                .iter()
                .enumerate()
                .map(|(k, _)| format!("c{k} = {:?}", c.crime_weights[k]))
                .collect();
            writeln!(w, "crime_mix = {{ {} }}", mix.join(", ")).unwrap();
        }
    }
    for (i, st) in s.streams.iter().enumerate() {
        writeln!(w, "[[streams]]\nname = \"s{i}\"").unwrap();
        writeln!(w, "channel = {:?}", CHANNEL_NAMES[st.channel]).unwrap();
        writeln!(w, "volume_per_year = {:?}", st.volume).unwrap();
        writeln!(w, "daily_level_cv = {:?}", st.cv).unwrap();
        if st.profile.is_some() {
            writeln!(w, "profile = \"p{i}\"").unwrap();
        }
        let mix: Vec<String> = st
            .category_mix
            .iter()
            .enumerate()
            .map(|(k, x)| format!("{} = {x:?}", CATEGORY_NAMES[k]))
            .collect();
        writeln!(w, "category_mix = {{ {} }}", mix.join(", ")).unwrap();
    }
    let response_team = |i: usize| {
        if i > 0 && s.areas[i].shares_team {
            0
        } else {
            i
        }
    };
    for (i, a) in s.areas.iter().enumerate() {
        writeln!(w, "[areas.a{i}]").unwrap();
        writeln!(w, "demand_share = {:?}", s.area_shares[i]).unwrap();
        writeln!(w, "urban_share = {:?}", a.urban_share).unwrap();
        writeln!(w, "response_team = \"response{}\"", response_team(i)).unwrap();
        writeln!(w, "travel_urban_min = {}", a.travel_urban).unwrap();
        writeln!(w, "travel_rural_min = {}", a.travel_rural).unwrap();
    }
    writeln!(
        w,
        "[grades.g1]\ntarget_urban_min = 15\ntarget_rural_min = 20"
    )
    .unwrap();
    writeln!(
        w,
        "[grades.g2]\ntarget_urban_min = 60\ntarget_rural_min = 60\ntravel_factor = 1.4\npreemptible_by_g1 = {}",
        s.g2_preempt
    )
    .unwrap();
    writeln!(
        w,
        "[grades.g3]\ntarget_urban_min = 2880\ntarget_rural_min = 2880\ntravel_factor = 1.4\npreemptible_by_g1 = {}",
        s.g3_preempt
    )
    .unwrap();
    writeln!(
        w,
        "[grades.g4]\nteam = \"resolution\"\nhandling_min = {{ dist = \"exponential\", mean = 20.0 }}\nescalate_share = {:?}\ntarget_min = 1440",
        s.escalate_share
    )
    .unwrap();
    let desks = if s.one_desk { 1 } else { s.channels.len() };
    let abstraction = format!("abstraction = {{ sickness = {:?} }}", s.abstraction);
    for (i, staff) in s.desk_staff.iter().take(desks).enumerate() {
        writeln!(w, "[teams.desk{i}]\n{abstraction}").unwrap();
        writeln!(w, "reserved_for_top_priority = {}", s.reserved).unwrap();
        writeln!(
            w,
            "shifts = [{{ name = \"all\", start_hour = 0, length_hours = 24, staff = {staff} }}]"
        )
        .unwrap();
    }
    for (i, a) in s.areas.iter().enumerate() {
        if response_team(i) != i {
            continue;
        }
        writeln!(w, "[teams.response{i}]\n{abstraction}").unwrap();
        if s.night_shift {
            // Two overlapping shifts: the day one single-crewed.
            writeln!(
                w,
                "shifts = [{{ name = \"day\", start_hour = 7, length_hours = 10, staff = {} }}, \
                 {{ name = \"night\", start_hour = 16, length_hours = 16, staff = {}, crew_size = {} }}]",
                a.staff, a.staff, a.crew
            )
            .unwrap();
        } else {
            writeln!(
                w,
                "shifts = [{{ name = \"all\", start_hour = 0, length_hours = 24, staff = {}, crew_size = {} }}]",
                a.staff, a.crew
            )
            .unwrap();
        }
    }
    writeln!(
        w,
        "[teams.resolution]\nshifts = [{{ name = \"day\", start_hour = 8, length_hours = 14, staff = {}, days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"] }}]",
        s.resolution_staff
    )
    .unwrap();
    if let Some(inv) = &s.investigation {
        for (k, c) in inv.crimes.iter().enumerate() {
            let o = &c.outcome_mix;
            writeln!(w, "[crime_types.c{k}]\nteam = \"inv\"").unwrap();
            writeln!(w, "work_hours = {}", c.work_hours).unwrap();
            writeln!(w, "screened_out_share = {:?}", c.screened_out_share).unwrap();
            writeln!(
                w,
                "outcome_mix = {{ charge = {:?}, out_of_court = {:?}, no_further_action = {:?} }}",
                o[0], o[1], o[2]
            )
            .unwrap();
            writeln!(w, "forensics_share = {:?}", c.forensics_share).unwrap();
        }
        writeln!(
            w,
            "[investigation_teams.inv]\nheadcount = {:?}\ncaseload_cap = {}\n{abstraction}",
            inv.headcount, inv.caseload_cap
        )
        .unwrap();
        let examiners = if inv.forensics_team { "lab" } else { "inv" };
        if inv.forensics_team {
            writeln!(
                w,
                "[investigation_teams.lab]\nheadcount = 2.0\ncaseload_cap = 3"
            )
            .unwrap();
        }
        writeln!(
            w,
            "[forensics]\nteam = \"{examiners}\"\nwork_hours = {{ dist = \"exponential\", mean = 10.0 }}"
        )
        .unwrap();
    }
    t
}

/// Every arrival ends in exactly one outcome or is still in the system at
/// the end (the identities of `conservation.rs`).
fn check_conservation(model: &Model, metrics: &[Metric]) -> Result<(), TestCaseError> {
    let m = |name: &str| metric(metrics, name);
    let mut answered_total = 0.0;
    for ch in &model.channels {
        let p = format!("calls.{}", ch.name);
        let offered = m(&format!("{p}.offered"));
        let outcomes = m(&format!("{p}.answered"))
            + m(&format!("{p}.abandoned"))
            + m(&format!("{p}.waiting_at_end"));
        prop_assert_eq!(
            offered,
            outcomes,
            "{}: offered = answered + abandoned + waiting",
            p
        );
        answered_total += m(&format!("{p}.answered"));
    }
    let graded = m("incidents.total") + m("contacts.no_incident");
    prop_assert_eq!(
        answered_total,
        graded + m("contacts.awaiting_grading_at_end"),
        "answered = graded + awaiting grading"
    );
    prop_assert_eq!(
        m("incidents.g4"),
        m("incidents.g4_resolved") + m("incidents.g4_escalated") + m("incidents.g4_waiting_at_end"),
        "g4 = resolved + escalated + waiting"
    );
    let mut dispatched = 0.0;
    let mut attended = 0.0;
    for g in ["g1", "g2", "g3"] {
        let d = m(&format!("response.{g}.dispatched"));
        let a = m(&format!("response.{g}.attended"));
        prop_assert_eq!(
            d,
            a + m(&format!("response.{g}.unattended_at_end")),
            "{}: dispatched = attended + unattended",
            g
        );
        dispatched += d;
        attended += a;
    }
    prop_assert_eq!(
        dispatched,
        m("incidents.g1") + m("incidents.g2") + m("incidents.g3") + m("incidents.g4_escalated"),
        "dispatched = g1 + g2 + g3 + escalated g4"
    );
    prop_assert_eq!(attended, m("incidents.attended"));
    let by_category: f64 = model
        .categories
        .iter()
        .map(|c| m(&format!("demand.{}.offered", c.name)))
        .sum();
    let by_channel: f64 = model
        .channels
        .iter()
        .map(|c| m(&format!("calls.{}.offered", c.name)))
        .sum();
    prop_assert_eq!(by_category, by_channel, "offered by category = by channel");
    if !model.crime_types.is_empty() {
        let outcomes = ["charge", "out_of_court", "no_further_action"];
        let mut recorded = 0.0;
        for ct in &model.crime_types {
            let p = format!("crimes.{}", ct.name);
            let by_outcome: f64 = outcomes.iter().map(|o| m(&format!("{p}.{o}"))).sum();
            prop_assert_eq!(
                m(&format!("{p}.recorded")),
                m(&format!("{p}.screened_out")) + by_outcome + m(&format!("{p}.open_at_end")),
                "{}: recorded = screened out + outcomes + open",
                p
            );
            recorded += m(&format!("{p}.recorded"));
        }
        prop_assert_eq!(recorded, m("crimes.recorded"), "crimes by type = total");
        prop_assert_eq!(
            m("crimes.recorded"),
            m("crimes.screened_out") + m("crimes.investigated") + m("crimes.open_at_end"),
            "recorded = screened out + investigated + open"
        );
        let by_outcome: f64 = outcomes.iter().map(|o| m(&format!("outcomes.{o}"))).sum();
        prop_assert_eq!(
            by_outcome,
            m("crimes.investigated"),
            "outcomes = investigated"
        );
    }
    Ok(())
}

/// Range properties of every metric, by unit.
fn check_ranges(metrics: &[Metric]) -> Result<(), TestCaseError> {
    let mut names = BTreeSet::new();
    for Metric { name, unit, value } in metrics {
        let v = *value;
        prop_assert!(names.insert(name.as_str()), "metric {} appears twice", name);
        prop_assert!(!v.is_infinite(), "{} = {}", name, v);
        match *unit {
            "s" | "min" | "hours" | "servers" | "people" | "days" => {
                prop_assert!(v.is_nan() || v >= 0.0, "{} = {} {}", name, v, unit);
            }
            "share" => {
                prop_assert!(
                    v.is_nan() || (0.0..=1.0).contains(&v),
                    "{} = {} is not a share",
                    name,
                    v
                );
            }
            "count" => {
                if name.ends_with(".backlog_growth_per_day") {
                    // A fitted slope: any sign.
                } else if name.ends_with("_mean") || name.ends_with("_per_hour") {
                    // Time-weighted means and rates in count units.
                    prop_assert!(v.is_nan() || v >= 0.0, "{} = {}", name, v);
                } else {
                    prop_assert!(
                        v >= 0.0 && v.fract() == 0.0,
                        "{} = {} is not a count",
                        name,
                        v
                    );
                }
            }
            other => prop_assert!(false, "{} has an unknown unit {}", name, other),
        }
        if name.ends_with(".utilisation") {
            prop_assert!(v.is_nan() || (0.0..=1.0).contains(&v), "{} = {}", name, v);
        }
    }
    Ok(())
}

/// `a` and `b` are the same metrics, NaN equal to NaN (bit for bit).
fn same_metrics(a: &[Metric], b: &[Metric]) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        prop_assert_eq!(&x.name, &y.name);
        prop_assert_eq!(x.unit, y.unit);
        prop_assert_eq!(
            x.value.to_bits(),
            y.value.to_bits(),
            "{}: {} vs {}",
            x.name,
            x.value,
            y.value
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn random_valid_scenarios_keep_their_invariants(s in spec(), seed in any::<u64>()) {
        let text = scenario_text(&s);
        let model = match scenario::from_str("prop.toml", &text, Path::new("/nonexistent")) {
            Ok((_, model)) => model,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "generated scenario does not compile:\n{e}\n--- scenario ---\n{text}"
                )));
            }
        };
        let a = forcesim::metrics::run(&model, seed, 0);
        prop_assert_eq!(metric(&a.metrics, "run.stopped_early"), 0.0);
        prop_assert_eq!(
            metric(&a.metrics, "run.simulated_days"),
            f64::from(s.horizon_days)
        );
        check_conservation(&model, &a.metrics)?;
        check_ranges(&a.metrics)?;
        let b = forcesim::metrics::run(&model, seed, 0);
        same_metrics(&a.metrics, &b.metrics)?;
        prop_assert_eq!(a.events, b.events);
    }
}

// ---------------------------------------------------------------------------
// What the validator accepts, the simulation runs without a panic.
// ---------------------------------------------------------------------------

/// MINIMAL with some incidents, shortened so a replication is quick.
fn short_minimal() -> String {
    MINIMAL
        .replace("horizon_days = 28", "horizon_days = 3")
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g1 = 0.3, g2 = 0.2, g4 = 0.3, none = 0.2 }",
        )
}

/// Every number of the (short) minimal scenario that the validator lets
/// through must give a replication that ends, without a panic.
///
/// This found a bug (fixed): the validator accepted any finite duration,
/// e.g. `handling_min = { dist = "fixed", value = 1e300 }`, and the event
/// time `now + service_ms` overflowed. Distribution parameters are now at
/// most 1e9 and durations are clamped to 1,000 years. See
/// `huge_accepted_durations_do_not_panic_the_simulation`.
#[test]
fn accepted_numbers_run_without_panic() {
    let base = short_minimal();
    let mut runner = proptest::test_runner::TestRunner::new(config(1024));
    runner
        .run(
            &prop::collection::vec((any::<usize>(), toml_number()), 1..6),
            |changes| {
                let mutations: Vec<Mutation> = changes
                    .into_iter()
                    .map(|(index, with)| Mutation::Number { index, with })
                    .collect();
                let text = apply(&base, &mutations);
                if let Ok((_, model)) = scenario::from_str("prop.toml", &text, &scenarios_dir()) {
                    // Keep accepted long horizons and huge volumes quick.
                    if model.horizon.0 <= forcesim::time::SimTime::from_days(30).0
                        && model.streams.iter().all(|s| s.volume_per_year <= 1e6)
                    {
                        let run = std::panic::catch_unwind(|| forcesim::metrics::run(&model, 1, 0));
                        prop_assert!(
                            run.is_ok(),
                            "the validator accepted this scenario but the simulation panicked:\n{}",
                            text
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

/// The reproducing inputs of the bug above, one per place it overflows
/// (at commit bc68392): each must be refused or simulated without a panic.
#[test]
fn huge_accepted_durations_do_not_panic_the_simulation() {
    let cases = [
        // force.rs: `SimTime(now.0 + service_ms)` when a handler starts.
        (
            r#"handling_min = { dist = "exponential", mean = 6.0 }"#,
            r#"handling_min = { dist = "fixed", value = 1e300 }"#,
        ),
        // force.rs: `travel_ms + on_scene_ms` for a dispatched unit.
        (
            r#"on_scene_min = { dist = "fixed", value = 30.0 }"#,
            r#"on_scene_min = { dist = "fixed", value = 1e300 }"#,
        ),
        // time.rs `plus_minutes`: scheduling a caller's abandonment.
        (
            r#"grading_min = { dist = "fixed", value = 0.0 }"#,
            r#"grading_min = { dist = "fixed", value = 0.0 }
patience_min = { dist = "fixed", value = 1e300 }"#,
        ),
    ];
    for (from, to) in cases {
        let text = short_minimal().replace(from, to);
        // Either fix will do: the validator refuses the value, or the
        // simulation copes with it.
        if let Ok((_, model)) = scenario::from_str("prop.toml", &text, &scenarios_dir()) {
            let result = forcesim::metrics::run(&model, 1, 0);
            assert!(!result.metrics.is_empty(), "{to}");
        }
    }
}
