//! Confidence intervals that respect what a metric can be (issue 12,
//! item 15): a share's interval stays within 0–100 %, a count's or a
//! duration's never goes below zero, and a zero-width interval from
//! identical replications is marked as such.

use crate::common::{MINIMAL, model_from};
use forcesim::batch::{self, BatchOptions, IntervalNote};

/// Two short replications: t(0.975, 1) = 12.7 makes every interval wide,
/// so shares near 0 or 1 and small counts reach past their range unless cut.
#[test]
fn intervals_respect_metric_range() {
    let text = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 3")
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g1 = 0.2, g2 = 0.3, g3 = 0.3, none = 0.2 }",
        );
    let model = model_from(&text).unwrap();
    let options = BatchOptions {
        seed: 3,
        replications: 2,
        threads: Some(1),
    };
    let result = batch::run(&model, options, &|| {}).unwrap();
    let mut truncated = 0;
    for m in &result.summary {
        let (Some(lo), Some(hi)) = (m.estimate.ci95_low, m.estimate.ci95_high) else {
            continue;
        };
        let signed = m.unit == "£" || m.name.contains("growth");
        if m.unit == "share" {
            assert!(
                (0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi),
                "{}: share CI {lo} – {hi}",
                m.name
            );
        } else if !signed {
            assert!(
                lo >= 0.0,
                "{} ({}): CI {lo} – {hi} below zero",
                m.name,
                m.unit
            );
        }
        assert!(lo <= m.estimate.mean && m.estimate.mean <= hi, "{}", m.name);
        truncated += usize::from(m.interval == IntervalNote::Truncated);
        // Identical replications: a zero-width interval, marked.
        if m.estimate.sd == Some(0.0) {
            assert_eq!(m.interval, IntervalNote::ZeroWidth, "{}", m.name);
        } else {
            assert_ne!(m.interval, IntervalNote::ZeroWidth, "{}", m.name);
        }
    }
    assert!(
        truncated > 0,
        "no interval needed cutting: the test lost its point"
    );

    // The note reaches summary.csv (a documented extra last column).
    let csv = String::from_utf8(forcesim::report::csv::summary_csv(&result).unwrap()).unwrap();
    assert!(csv.starts_with("metric,unit,n,mean,sd,ci95_low,ci95_high,ci95_note\n"));
    let zero = result
        .summary
        .iter()
        .find(|m| m.interval == IntervalNote::ZeroWidth)
        .expect("a metric equal in both replications (nothing awaiting grading at the end)");
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&format!("{},", zero.name)) && l.ends_with(",zero_width")),
        "{} not marked zero_width in summary.csv",
        zero.name
    );
}
