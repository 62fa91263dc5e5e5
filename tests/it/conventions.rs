//! Command-line conventions: shell completions and manual pages that cover
//! every command, progress lines with the time left on a log (standard
//! error not a terminal) for every command that simulates, and `--quiet`.

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;

/// The forcesim binary, run in the crate root, with a time limit so a hang
/// fails instead of blocking the suite. Its standard error is a pipe, not
/// a terminal, as in a Slurm or CI log.
fn forcesim() -> Command {
    let mut cmd = Command::cargo_bin("forcesim").expect("forcesim binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(180));
    cmd
}

/// Runs forcesim with `args`, asserting exit 0; returns (stdout, stderr).
fn run_ok(args: &[&str]) -> (String, String) {
    let out = forcesim().args(args).output().expect("run forcesim");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "forcesim {args:?}:\n{stdout}\n{stderr}"
    );
    (stdout, stderr)
}

/// The commands `forcesim --help` lists (without `help`).
fn commands() -> Vec<String> {
    let (help, _) = run_ok(&["--help"]);
    let listed: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    assert!(
        listed.len() >= 9 && listed.iter().any(|c| c == "completions"),
        "commands listed by --help: {listed:?}\n{help}"
    );
    listed
}

#[test]
fn completions_for_every_shell_mention_every_command() {
    let commands = commands();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (script, _) = run_ok(&["completions", shell]);
        for command in &commands {
            assert!(
                script.contains(command.as_str()),
                "the {shell} completions do not mention `{command}`"
            );
        }
        // Options of commands are completed too (fish writes `-l NAME`).
        let option = if shell == "fish" {
            "-l replications"
        } else {
            "--replications"
        };
        assert!(script.contains(option), "{shell}: no {option}");
    }
}

#[test]
fn completions_for_an_unknown_shell_are_bad_input() {
    let out = forcesim()
        .args(["completions", "tcsh"])
        .output()
        .expect("run forcesim");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"));
}

#[test]
fn man_pages_cover_every_command() {
    let commands = commands();
    let (page, _) = run_ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH forcesim 1"),
        "{page}"
    );
    for command in &commands {
        assert!(
            page.contains(&format!("forcesim\\-{command}")),
            "forcesim(1) does not list `{command}`"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    run_ok(&["man", "--out", out.to_str().unwrap()]);
    for name in std::iter::once("forcesim.1".to_string())
        .chain(commands.iter().map(|c| format!("forcesim-{c}.1")))
    {
        let text = std::fs::read_to_string(out.join(&name))
            .unwrap_or_else(|e| panic!("{name} missing: {e}"));
        assert!(text.contains(".TH"), "{name} is not a manual page");
    }
    let run_page = std::fs::read_to_string(out.join("forcesim-run.1")).unwrap();
    assert!(run_page.contains("replications"), "{run_page}");
}

/// A shipped scenario shortened to `days` days, in `dir`.
fn short(dir: &Path, shipped: &str, days: u32) -> String {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(shipped);
    let path = dir.join(shipped);
    let text = format!(
        "extends = {:?}\nhorizon_days = {days}\n",
        base.to_str().unwrap()
    );
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Asserts that `stderr` holds progress lines of `what` from 10 % to 100 %
/// of `total` replications (`run`) or runs (the commands that run several
/// scenarios or points), each with the time taken and the time left.
fn assert_progress_lines(stderr: &str, what: &str, total: u64) {
    let counted = if what == "run" {
        "replications"
    } else {
        "runs"
    };
    let prefix = format!("forcesim {what}: ");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&prefix)).collect();
    assert!(lines.len() >= 2, "no progress lines for {what}:\n{stderr}");
    for line in &lines {
        assert!(
            line.contains(" elapsed, about ") && line.ends_with(" left"),
            "{line}"
        );
    }
    let last = lines.last().unwrap();
    assert!(
        last.contains(&format!("100 % ({total}/{total} {counted}")),
        "{what}: last progress line is {last:?}"
    );
    // Lines come in steps of at least 10 %, so a log is not flooded.
    assert!(
        lines.len() <= 10,
        "{what}: {} lines:\n{stderr}",
        lines.len()
    );
}

#[test]
fn progress_lines_on_a_log_for_every_simulating_command() {
    let dir = tempfile::tempdir().unwrap();
    let base = short(dir.path(), "staffordshire-2018.toml", 7);
    let other = short(dir.path(), "staffordshire-2019-operating-model.toml", 7);

    let (_, stderr) = run_ok(&["run", &base, "-n", "5", "--seed", "3"]);
    assert_progress_lines(&stderr, "run", 5);

    let (_, stderr) = run_ok(&["compare", &base, &other, "-n", "3", "--seed", "3"]);
    assert_progress_lines(&stderr, "compare", 6);

    let staff = "teams.response_north.headcount_by_role.constable=180..220:40";
    let (_, stderr) = run_ok(&["sweep", &base, "--set", staff, "-n", "2"]);
    assert_progress_lines(&stderr, "sweep", 4);

    // £100,000 buys one unit of call handlers: the base and one combination.
    let (stdout, stderr) = run_ok(&[
        "sweep",
        "scenarios/staffordshire-2018.toml",
        "--set",
        "horizon_days=7",
        "--budget",
        "100000",
        "--maximise",
        "response.g1.within_target_share",
        "-n",
        "2",
    ]);
    let combinations = stdout.lines().filter(|l| l.starts_with("│")).count() as u64;
    assert!(combinations >= 1, "{stdout}");
    let total = stderr
        .lines()
        .rev()
        .find_map(|l| l.split_once("100 % (")?.1.split_once('/'))
        .and_then(|(done, _)| done.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no 100 % line:\n{stderr}"));
    assert_eq!(total % 2, 0, "2 replications per combination and the base");
    assert_progress_lines(&stderr, "sweep --budget", total);
}

#[test]
fn quiet_silences_progress_but_not_results_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let base = short(dir.path(), "staffordshire-2018.toml", 7);
    let (stdout, stderr) = run_ok(&["--quiet", "run", &base, "-n", "3"]);
    assert!(stderr.is_empty(), "stderr with --quiet: {stderr}");
    assert!(stdout.contains("3 replications of 7 days"), "{stdout}");
    // After the command too (a global option).
    let (_, stderr) = run_ok(&["run", &base, "-n", "2", "-q"]);
    assert!(stderr.is_empty(), "stderr with -q: {stderr}");
    let out = forcesim()
        .args(["run", &base, "-q", "--set", "horizon_days=\"x\""])
        .output()
        .expect("run forcesim");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("horizon_days"));
}

#[test]
fn text_output_agrees_in_number_and_groups_thousands() {
    // "1 replications of 7 days"; counts like 39726 ran into the next word.
    let dir = tempfile::tempdir().unwrap();
    let base = short(dir.path(), "staffordshire-2018.toml", 7);
    let (stdout, _) = run_ok(&["--quiet", "run", &base, "-n", "1"]);
    assert!(stdout.contains("1 replication of 7 days"), "{stdout}");
    assert!(!stdout.contains("1 replications"), "{stdout}");
    let one = tempfile::tempdir().unwrap();
    let day = short(one.path(), "staffordshire-2018.toml", 1);
    let (one_day, _) = run_ok(&["--quiet", "run", &day, "-n", "2"]);
    assert!(one_day.contains("2 replications of 1 day,"), "{one_day}");
    // Calls offered in a week run to thousands: grouped in the table.
    let offered = stdout
        .lines()
        .find(|l| l.contains("calls.101.offered"))
        .unwrap_or_else(|| panic!("no 101 row:\n{stdout}"));
    let mean = offered.split('┆').nth(1).unwrap().trim();
    assert!(
        mean.len() > 3 && mean.contains(','),
        "a count of thousands without separators: {offered}"
    );
    // Never a count with decimals in the table.
    let counts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(".offered") || l.contains("incidents."))
        .filter(|l| !l.contains('%'))
        .filter_map(|l| l.split('┆').nth(1).map(str::trim))
        .collect();
    assert!(!counts.is_empty(), "{stdout}");
    for c in counts {
        assert!(!c.contains('.'), "a count with decimals: {c}");
    }
}

/// Every value a scenario accepts for an enumerated key is documented
/// where the key is: in the README's scenario reference and in
/// docs/model.md (`refreshment = "none"` was accepted but in neither).
/// The accepted values are read from the error a wrong value gets, so a
/// value added to the code and not to the documents fails here.
#[test]
fn every_accepted_value_of_an_enumerated_key_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let model = std::fs::read_to_string(root.join("docs/model.md")).unwrap();
    for key in ["refreshment", "interrupted_break"] {
        let text = format!(
            "extends = \"staffordshire-2018.toml\"\n[time_budget.response_north]\n{key} = \"not-a-value\"\n"
        );
        let err = crate::common::model_from(&text).unwrap_err().to_string();
        let accepted: Vec<&str> = err
            .split("must be ")
            .nth(1)
            .and_then(|rest| rest.split(" (got").next())
            .unwrap_or_else(|| panic!("{key}: no list of values in: {err}"))
            .split('"')
            .skip(1)
            .step_by(2)
            .collect();
        assert!(accepted.len() >= 2, "{key}: {err}");
        for (file, doc) in [("README.md", &readme), ("docs/model.md", &model)] {
            // The paragraphs (or list items, or table rows) about the key.
            let lines: Vec<&str> = doc
                .split("\n\n")
                .flat_map(|p| p.split("\n- "))
                .flat_map(|p| p.split("\n|"))
                .filter(|l| l.contains(key))
                .collect();
            for value in &accepted {
                assert!(
                    lines.iter().any(|l| l.contains(&format!("\"{value}\""))
                        || l.contains(&format!("`{value}`"))),
                    "{file}: `{key}` accepts \"{value}\" but no paragraph about {key} says so"
                );
            }
        }
    }
}
