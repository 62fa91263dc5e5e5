//! Abstraction as time, by reason (`[teams.T.absence]`): each reason its
//! own draw and its own output, checked against hand calculations.

use crate::common::{MINIMAL, default_model, metric, model_from, problem_at};
use forcesim::batch::{self, BatchOptions};
use forcesim::metrics::{self, names as n};
use forcesim::scenario::abstraction::ABSENCE_REASONS;

/// `MINIMAL` over a year with the handlers a team of `staff` on one 24-hour
/// shift (a headcount of 4.2 × staff at 40 h a week), with `team_keys`
/// added to the team.
fn handlers_with(team_keys: &str, staff: u32) -> String {
    MINIMAL.replace("horizon_days = 28", "horizon_days = 365").replace(
        "[teams.handlers]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
        &format!(
            "[teams.handlers]\nheadcount = {}\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {staff} }}]\n{team_keys}",
            f64::from(staff) * 4.2
        ),
    )
}

/// Mean over `reps` replications of each metric in `names`.
fn means(text: &str, names: &[String], reps: u64) -> Vec<f64> {
    let model = model_from(text).unwrap();
    let runs: Vec<_> = (0..reps)
        .map(|r| metrics::run(&model, 41, r).metrics)
        .collect();
    names
        .iter()
        .map(|name| runs.iter().map(|m| metric(m, name)).sum::<f64>() / reps as f64)
        .collect()
}

#[test]
fn a_july_leave_peak_removes_the_configured_share_of_julys_roster() {
    // 26.07 days of leave a year over 260.71 working days is 10 % of
    // rostered shifts; with July weighted 2 and every other month 1 (mean
    // 13/12), July's share is 0.1 × 2 × 12/13 = 18.46 % and January's
    // 9.23 %. 100 people rostered round the clock: July's roster is
    // 100 × 24 × 31 = 74,400 person-hours, so 13,735 are lost to leave in
    // July and 6,868 in January.
    let text = handlers_with(
        "annual_leave_by_month = [1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1]\n\
         absence = { annual_leave_days_per_fte = 26.0714 }",
        100,
    );
    let reps = 8;
    let jul = n::TEAMS_ABSENCE_REASON_HOURS_IN_MONTH.name(&["handlers", "annual_leave", "jul"]);
    let jan = n::TEAMS_ABSENCE_REASON_HOURS_IN_MONTH.name(&["handlers", "annual_leave", "jan"]);
    let got = means(&text, &[jul, jan], reps);
    // Binomial(100, p) a day, 31 days of 24 hours: sd of a month's hours
    // 24 × √(31 × 100 × p(1 − p)); 4 standard errors over the replications.
    for (value, p) in got.iter().zip([0.1846_f64, 0.0923]) {
        let expected = 100.0 * 24.0 * 31.0 * p;
        let se = 24.0 * (31.0 * 100.0 * p * (1.0 - p)).sqrt() / (reps as f64).sqrt();
        assert!(
            (value - expected).abs() < 4.0 * se + 0.001 * expected,
            "{value} vs {expected} ± {se}"
        );
    }
}

#[test]
fn every_reason_is_its_own_output_and_together_they_are_the_abstraction() {
    let text = handlers_with(
        "absence = { annual_leave_days_per_fte = 27, annual_leave_max_share_per_shift = 0.2, \
         bank_holiday_off_share = 0.5, training_days_per_fte = 5, sickness_share = 0.04, \
         sickness_short_spell_days = 4, sickness_long_spell_days = 60, \
         sickness_long_spell_share = 0.1, sickness_onset_variation = 0.3, court_share = 0.01, \
         student_share = 0.1, student_protected_share = 0.2, seconded_fte = 4.2 }",
        30,
    );
    let model = model_from(&text).unwrap();
    let m = metrics::run(&model, 7, 0).metrics;
    let rostered = metric(&m, &n::TEAMS_ROSTERED_HOURS_PER_YEAR.name(&["handlers"]));
    let share = metric(&m, &n::TEAMS_ABSTRACTION_SHARE.name(&["handlers"]));
    let mut lost = 0.0;
    for reason in ABSENCE_REASONS {
        let year = metric(
            &m,
            &n::TEAMS_ABSENCE_REASON_HOURS_PER_YEAR.name(&["handlers", reason]),
        );
        assert!(year > 0.0, "{reason} lost no hours");
        let months: f64 = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .map(|mo| {
            metric(
                &m,
                &n::TEAMS_ABSENCE_REASON_HOURS_IN_MONTH.name(&["handlers", reason, mo]),
            )
        })
        .sum();
        assert!(
            (months - year).abs() < 1e-6 * year,
            "{reason}: {months} vs {year}"
        );
        lost += year;
    }
    // Every hour lost is lost to exactly one reason.
    assert!(
        (lost / rostered - share).abs() < 1e-9,
        "reasons {} vs abstraction {share}",
        lost / rostered
    );
    // Secondment: 4.2 of 126 FTE away all year is 3.33 % of the roster
    // (whole people, the fraction rounded at random: 30 × 1/30 = 1 a shift).
    let seconded = metric(
        &m,
        &n::TEAMS_ABSENCE_REASON_SHARE.name(&["handlers", "secondment"]),
    );
    assert!(
        (seconded - 1.0 / 30.0).abs() < 1e-3,
        "secondment {seconded}"
    );
    // Bank holidays: half of those left on the 8 days of 2018.
    let bank = metric(
        &m,
        &n::TEAMS_ABSENCE_REASON_HOURS_PER_YEAR.name(&["handlers", "bank_holiday"]),
    );
    let most = 8.0 * 24.0 * 29.0;
    assert!(
        bank > 0.2 * most && bank < 0.6 * most,
        "bank holidays {bank}"
    );
}

#[test]
fn every_team_on_a_rota_in_the_default_gives_its_abstraction_by_reason() {
    // The response hubs, the neighbourhood teams and the PCSOs: leave by
    // month, bank holidays, sickness in spells, training (and court for
    // officers), each its own output, not one flat share; and the leave
    // follows the same month profile in every one of them.
    let model = default_model();
    let on_rota: Vec<_> = model.teams.iter().filter(|t| t.rota.is_some()).collect();
    assert_eq!(
        on_rota.len(),
        7,
        "three hubs, three neighbourhood teams, PCSOs"
    );
    let m = metrics::run(&model, 2018, 0).metrics;
    for team in on_rota {
        let absence = team
            .absence
            .as_ref()
            .unwrap_or_else(|| panic!("{} has a flat abstraction share", team.name));
        let (july, january) = (absence.leave_by_month[6], absence.leave_by_month[0]);
        assert!(
            july > 1.5 * january,
            "{}: leave {july} in July, {january} in January",
            team.name
        );
        for reason in ["annual_leave", "bank_holiday", "sickness", "training"] {
            let share = metric(
                &m,
                &n::TEAMS_ABSENCE_REASON_SHARE.name(&[&team.name, reason]),
            );
            assert!(share > 0.0, "{}: no {reason}", team.name);
        }
    }
}

#[test]
fn flat_abstraction_beside_absence_is_a_located_error() {
    let text = handlers_with(
        "abstraction = { sickness = 0.05 }\nabsence = { sickness_share = 0.05 }",
        10,
    );
    let err = model_from(&text).unwrap_err();
    let p = problem_at(&err, "teams.handlers.abstraction");
    assert!(p.message.contains("absence"), "{}", p.message);
    assert!(p.line.is_some());
}

#[test]
fn impossible_absence_figures_are_located_errors() {
    for (keys, path, words) in [
        (
            "absence = { seconded_fte = 42 }",
            "teams.handlers.absence.seconded_fte",
            "not below the team's headcount",
        ),
        (
            "absence = { sickness_share = 0.05 }",
            "teams.handlers.absence.sickness_short_spell_days",
            "spells",
        ),
        (
            "absence = { annual_leave_days_per_fte = -3 }",
            "teams.handlers.absence.annual_leave_days_per_fte",
            "at least 0",
        ),
        (
            "absence = { court_share = 0.6, annual_leave_days_per_fte = 200 }",
            "teams.handlers.absence",
            "below 100 %",
        ),
    ] {
        let err = model_from(&handlers_with(keys, 10)).unwrap_err();
        let p = problem_at(&err, path);
        assert!(p.message.contains(words), "{keys}: {}", p.message);
    }
}

// ---------------------------------------------------------------------------
// Minimum staffing and the escalation ladder
// ---------------------------------------------------------------------------

#[test]
fn a_minimum_with_overtime_fills_the_whole_shortfall_with_overtime_hours() {
    // 10 rostered round the clock, none abstracted, a minimum of 12: every
    // day's shift is 2 people short for 24 hours, 365 × 2 × 24 = 17,520
    // person-hours, all filled by overtime called in with certainty.
    let text = handlers_with(
        "[teams.handlers.minimum_staffing]\npeople_per_shift = 12\n\
         escalation = [{ step = \"overtime\", probability = 1.0 }]",
        10,
    );
    let m = metrics::run(&model_from(&text).unwrap(), 3, 0).metrics;
    let shortfall = metric(&m, &n::TEAMS_SHORTFALL_HOURS.name(&["handlers"]));
    let overtime = metric(
        &m,
        &n::TEAMS_SHORTFALL_STEP_HOURS.name(&["handlers", "overtime"]),
    );
    assert_eq!(shortfall, 17_520.0);
    assert_eq!(overtime, 17_520.0);
    // The 12 are on duty every hour.
    let people = metric(&m, &n::TEAMS_PEOPLE_ON_DUTY_MEAN.name(&["handlers"]));
    assert!((people - 12.0).abs() < 1e-9, "people on duty {people}");
}

#[test]
fn ladder_overtime_is_costed_at_the_overtime_rate() {
    // The default scenario with a minimum of 40 on each of the north hub's
    // shifts filled by overtime: the team's overtime cost a year is the
    // overtime hours worked (the ladder's plus any queue overtime) × the
    // overtime rate of its role mix. (The default has its own minimum and
    // ladder; this one replaces them for the north hub.)
    let text = "extends = \"staffordshire-2018.toml\"\n\
                [teams.response_north.minimum_staffing]\npeople_per_shift = 40\n\
                escalation = [{ step = \"overtime\" }]\n";
    let model = model_from(text).unwrap();
    let options = BatchOptions {
        seed: 5,
        replications: 1,
        threads: None,
    };
    let r = batch::run(&model, options, &|| {}).unwrap();
    let m = r.metrics_of(&r.replications[0]);
    let t = model
        .teams
        .iter()
        .position(|t| t.name == "response_north")
        .unwrap();
    let costs = model.costs.as_ref().unwrap();
    let rate = costs.overtime_cost_per_hour(&costs.teams[t].role_mix);
    let ladder = metric(
        &m,
        &n::TEAMS_SHORTFALL_STEP_HOURS.name(&["response_north", "overtime"]),
    );
    let queue = metric(&m, &n::TEAMS_OVERTIME_UNIT_HOURS.name(&["response_north"]));
    let shortfall = metric(&m, &n::TEAMS_SHORTFALL_HOURS.name(&["response_north"]));
    assert!(
        ladder > 0.0 && ladder == shortfall,
        "{ladder} vs {shortfall}"
    );
    let cost = metric(
        &m,
        &n::COST_TEAMS_OVERTIME_PER_YEAR.name(&["response_north"]),
    );
    let expected = (ladder + queue) * rate;
    assert!(
        (cost - expected).abs() < 1e-6 * expected,
        "cost {cost} vs {expected}"
    );
}

#[test]
fn every_shortfall_hour_is_filled_by_one_step_or_accepted_short() {
    // Abstraction by reason under a minimum, a ladder with chances and
    // caps and a backfill from the resolution team: the shortfall hours
    // are the sum of each step's hours and those accepted short, and the
    // hours the resolution team gave are those the handlers received.
    let text = handlers_with(
        "absence = { annual_leave_days_per_fte = 27, sickness_share = 0.05, \
         sickness_short_spell_days = 4, sickness_long_spell_days = 60, \
         sickness_long_spell_share = 0.1 }\n\
         [teams.handlers.minimum_staffing]\npeople_per_shift = 9\nescalation = [\n\
         { step = \"overtime\", probability = 0.5, max_hours_per_year = 2000 },\n\
         { step = \"rest_day\", probability = 0.5, notice_days = 3 },\n\
         { step = \"backfill\", from = \"resolution\", probability = 0.8 },\n\
         { step = \"accept\" },\n]",
        10,
    )
    .replace(
        "[teams.resolution]\nshifts = [{ name = \"day\", start_hour = 8, length_hours = 14, staff = 1 }]",
        "[teams.resolution]\nshifts = [{ name = \"day\", start_hour = 0, length_hours = 24, staff = 3 }]",
    );
    let model = model_from(&text).unwrap();
    for rep in 0..3 {
        let m = metrics::run(&model, 11, rep).metrics;
        let get = |step: &str| metric(&m, &n::TEAMS_SHORTFALL_STEP_HOURS.name(&["handlers", step]));
        let shortfall = metric(&m, &n::TEAMS_SHORTFALL_HOURS.name(&["handlers"]));
        let parts = get("overtime") + get("rest_day") + get("backfill") + get("accepted");
        assert!(shortfall > 0.0);
        assert_eq!(shortfall, parts, "replication {rep}");
        assert!(get("overtime") <= 2000.0);
        for step in ["overtime", "rest_day", "backfill", "accepted"] {
            assert!(get(step) > 0.0, "{step} filled nothing");
        }
        let given = metric(&m, &n::TEAMS_BACKFILL_HOURS_GIVEN.name(&["resolution"]));
        assert_eq!(given, get("backfill"));
        let days = metric(&m, &n::TEAMS_REST_DAYS_WORKED.name(&["handlers"]));
        assert_eq!(days * 24.0, get("rest_day"));
    }
}

#[test]
fn bad_minimum_staffing_is_a_located_error() {
    for (keys, path, words) in [
        (
            "escalation = [{ step = \"backfill\", from = \"nobody\" }]",
            "teams.handlers.minimum_staffing.escalation[0].from",
            "no team named `nobody`",
        ),
        (
            "escalation = [{ step = \"overtime\", max_hours_per_year = -5 }]",
            "teams.handlers.minimum_staffing.escalation[0].max_hours_per_year",
            "at least 0",
        ),
        (
            "escalation = [{ step = \"overtime\", probability = 1.5 }]",
            "teams.handlers.minimum_staffing.escalation[0].probability",
            "between 0 and 1",
        ),
        (
            "escalation = [{ step = \"callout\" }]",
            "teams.handlers.minimum_staffing.escalation[0].step",
            "not a step",
        ),
    ] {
        let text = handlers_with(
            &format!("[teams.handlers.minimum_staffing]\npeople_per_shift = 5\n{keys}"),
            10,
        );
        let err = model_from(&text).unwrap_err();
        let p = problem_at(&err, path);
        assert!(p.message.contains(words), "{keys}: {}", p.message);
        assert!(p.line.is_some(), "{keys}: no line");
    }
    // A minimum above the establishment (42 FTE).
    let text = handlers_with(
        "[teams.handlers.minimum_staffing]\npeople_per_shift = 50",
        10,
    );
    let err = model_from(&text).unwrap_err();
    let p = problem_at(&err, "teams.handlers.minimum_staffing.people_per_shift");
    assert!(p.message.contains("establishment"), "{}", p.message);
}

/// MINIMAL over a year with the handlers on three shifts a day, none
/// abstracted: 07–17 with 10 people, 17–24 with 4 and 00–07 with 6 (a
/// headcount of (100 + 28 + 42) × 7 ÷ 40 = 29.75 at 40 h a week), a
/// minimum of 8, 5 and 5 and `team_keys` added to the team.
fn three_shifts(minimum_keys: &str, team_keys: &str, volume: f64) -> String {
    MINIMAL
        .replace("horizon_days = 28", "horizon_days = 365")
        .replace("volume_per_year = 43800", &format!("volume_per_year = {volume}"))
        .replace(
            "[teams.handlers]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
            &format!(
                "[teams.handlers]\nheadcount = 29.75\n{team_keys}\nshifts = [\n\
                 {{ name = \"day\", start_hour = 7, length_hours = 10, staff = 10 }},\n\
                 {{ name = \"late\", start_hour = 17, length_hours = 7, staff = 4 }},\n\
                 {{ name = \"night\", start_hour = 0, length_hours = 7, staff = 6 }},\n]\n\
                 [teams.handlers.minimum_staffing]\n\
                 people_by_shift = {{ day = 8, late = 5, night = 5 }}\n{minimum_keys}"
            ),
        )
}

#[test]
fn below_minimum_hours_share_is_the_hand_count_of_short_clock_hours() {
    // Only the late shift (17–24, 4 rostered against a minimum of 5) is
    // short, before the ladder: 7 of the 24 on-duty clock hours of every
    // day, 7 ÷ 24 = 29.17 %, whatever the ladder then fills.
    for ladder in [
        "escalation = [{ step = \"accept\" }]",
        "escalation = [{ step = \"overtime\", probability = 1.0 }]",
    ] {
        let text = three_shifts(ladder, "", 43_800.0);
        let m = metrics::run(&model_from(&text).unwrap(), 3, 0).metrics;
        let share = metric(&m, &n::TEAMS_BELOW_MINIMUM_HOURS_SHARE.name(&["handlers"]));
        assert!(
            (share - 7.0 / 24.0).abs() < 1e-12,
            "{ladder}: share {share}, expected {}",
            7.0 / 24.0
        );
        // One person short for 7 hours a day, 365 days.
        let shortfall = metric(&m, &n::TEAMS_SHORTFALL_HOURS.name(&["handlers"]));
        assert_eq!(shortfall, 7.0 * 365.0, "{ladder}");
    }
    // Raising the late shift's minimum to 4 (what it rosters) leaves no
    // short hour; a team without a minimum has no such output.
    let none = three_shifts("escalation = [{ step = \"accept\" }]", "", 43_800.0)
        .replace("late = 5", "late = 4");
    let m = metrics::run(&model_from(&none).unwrap(), 3, 0).metrics;
    let share = metric(&m, &n::TEAMS_BELOW_MINIMUM_HOURS_SHARE.name(&["handlers"]));
    assert_eq!(share, 0.0);
    let plain = handlers_with("", 10);
    let m = metrics::run(&model_from(&plain).unwrap(), 3, 0).metrics;
    let name = n::TEAMS_BELOW_MINIMUM_HOURS_SHARE.name(&["handlers"]);
    assert!(
        m.iter().all(|x| x.name != name),
        "{name} reported for a team without a minimum"
    );
}

#[test]
fn overtime_hours_are_the_ladders_overtime_plus_the_queues() {
    // The late shift's missing person is called in on overtime with
    // certainty: 7 h × 365 = 2,555 ladder overtime hours. The handlers are
    // also overloaded (9.1 erlangs offered against 10, 5 and 6 people) with
    // an overtime rule adding one person whenever more than 5 wait, up to
    // 20 hours a week. The team's overtime hours are both together; rest
    // days are not overtime.
    let text = three_shifts(
        "escalation = [{ step = \"overtime\", probability = 1.0 }]",
        "overtime = { when_queue_exceeds = 5, extra_units = 1, max_unit_hours_per_week = 20 }",
        800_000.0,
    );
    let model = model_from(&text).unwrap();
    for rep in 0..2 {
        let m = metrics::run(&model, 17, rep).metrics;
        let ladder = metric(
            &m,
            &n::TEAMS_SHORTFALL_STEP_HOURS.name(&["handlers", "overtime"]),
        );
        let queue = metric(&m, &n::TEAMS_OVERTIME_UNIT_HOURS.name(&["handlers"]));
        let all = metric(&m, &n::TEAMS_OVERTIME_HOURS.name(&["handlers"]));
        assert_eq!(ladder, 2_555.0, "replication {rep}");
        assert!(
            queue > 0.0 && queue <= 20.0 * 53.0,
            "queue overtime {queue}"
        );
        assert_eq!(all, ladder + queue, "replication {rep}");
    }
    // A rest day worked is not overtime.
    let rest = three_shifts(
        "escalation = [{ step = \"rest_day\", probability = 1.0, notice_days = 3 }]",
        "",
        43_800.0,
    );
    let m = metrics::run(&model_from(&rest).unwrap(), 17, 0).metrics;
    assert_eq!(
        metric(&m, &n::TEAMS_OVERTIME_HOURS.name(&["handlers"])),
        0.0
    );
    assert_eq!(
        metric(
            &m,
            &n::TEAMS_SHORTFALL_STEP_HOURS.name(&["handlers", "rest_day"])
        ),
        2_555.0
    );
}
