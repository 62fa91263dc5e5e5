"""Unit tests of the helper's parsing and checks, on files made here (no
simulation; the binary is replaced by small shell scripts where needed)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pandas as pd
import pytest

import forcesim as fs


def write_run_folder(folder: Path, *, schema_version: object = fs.SCHEMA_VERSION) -> Path:
    """A minimal but complete `forcesim run --out` folder."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = {
        "schema_version": schema_version,
        "forcesim_version": "0.1.0",
        "git_revision": "test",
        "scenario": {"name": "tiny", "source": "tiny.toml"},
        "seed": 3,
        "replications": 2,
        "metrics": {},
        "pooled_percentiles": {},
        "hour_of_week": {
            "response": {
                "utilisation": [0.5] * 167 + [None],
                "units_on_duty": [2.0] * 168,
                "arrivals_per_hour": [1.0] * 168,
            }
        },
        "statements": ["response has no one on duty for 0 hours"],
        "analytic_twin": [
            {"servers": 2, "team": "response", "load_erlangs": 1.0, "classes": [{"class": "g1"}]}
        ],
        "scenario_as_run": {"name": "tiny"},
    }
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "summary.csv").write_text(
        "metric,unit,n,mean,sd,ci95_low,ci95_high,ci95_note\n"
        "response.g1.within_target_share,share,2,0.8,0.01,0.7,0.9,truncated\n"
        "calls.999.offered,count,1,10,,,,\n",
        encoding="utf-8",
    )
    (folder / "replications.csv").write_text(
        "replication,metric,unit,value\n0,calls.999.offered,count,9\n1,calls.999.offered,count,\n",
        encoding="utf-8",
    )
    return folder


def test_summary_without_ci95_note_still_reads(tmp_path: Path) -> None:
    """A summary.csv from before the ci95_note column is read, the note empty."""
    folder = write_run_folder(tmp_path / "run")
    (folder / "summary.csv").write_text(
        "metric,unit,n,mean,sd,ci95_low,ci95_high\n"
        "response.g1.within_target_share,share,2,0.8,0.01,0.7,0.9\n",
        encoding="utf-8",
    )
    res = fs.read_results(folder)
    assert res.metric("response.g1.within_target_share")["ci95_note"] == ""


def test_schema_version_is_checked() -> None:
    fs.check_schema({"schema_version": fs.SCHEMA_VERSION})
    for bad in ({"schema_version": fs.SCHEMA_VERSION + 1}, {}, {"schema_version": "1"}):
        with pytest.raises(fs.SchemaError, match="schema_version"):
            fs.check_schema(bad, "x.json")


def test_read_results_gives_tidy_frames(tmp_path: Path) -> None:
    res = fs.read_results(write_run_folder(tmp_path / "run"))
    assert list(res.summary.columns) == [
        "metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high", "ci95_note"
    ]
    assert res.metric("response.g1.within_target_share")["ci95_note"] == "truncated"
    assert res.metric("response.g1.within_target_share")["mean"] == pytest.approx(0.8)
    # An undefined CI is NaN, not a string.
    assert pd.isna(res.metric("calls.999.offered")["ci95_low"])
    assert res.replications["value"].isna().sum() == 1
    how = res.hour_of_week
    assert len(how) == 168 and set(how["team"]) == {"response"}
    assert how.loc[how["hour_of_week"] == 25, ["day", "hour"]].values.tolist() == [["Tue", 1]]
    assert pd.isna(how["utilisation"].iloc[-1]) and how["utilisation"].dtype == float
    assert res.analytic_twin.columns[0] == "team" and "classes" not in res.analytic_twin
    assert res.statements == ["response has no one on duty for 0 hours"]
    assert res.info["seed"] == 3 and res.info["scenario"]["name"] == "tiny"


def test_unknown_metric_names_close_matches(tmp_path: Path) -> None:
    res = fs.read_results(write_run_folder(tmp_path / "run"))
    with pytest.raises(KeyError, match="response.g1.within_target_share"):
        res.metric("response.g1.within_target")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    folder = write_run_folder(tmp_path / "run", schema_version=2)
    with pytest.raises(fs.SchemaError, match="schema_version 2"):
        fs.read_results(folder)


def test_a_changed_csv_header_is_refused(tmp_path: Path) -> None:
    folder = write_run_folder(tmp_path / "run")
    (folder / "summary.csv").write_text("metric,mean\nx,1\n", encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="summary.csv"):
        fs.read_results(folder)


def test_missing_files_say_which(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="summary.json"):
        fs.read_results(tmp_path)


def test_read_comparison_parses_clear_as_bool(tmp_path: Path) -> None:
    (tmp_path / "comparison.csv").write_text(
        "metric,unit,scenario,base_mean,other_mean,difference,ci95_low,ci95_high,clear\n"
        "a,min,alt,1,2,1,0.5,1.5,true\n"
        "b,share,alt,0.5,0.5,0,,,false\n",
        encoding="utf-8",
    )
    frame = fs.read_comparison(tmp_path)
    assert frame["clear"].tolist() == [True, False]
    assert frame["clear"].dtype == bool
    assert pd.isna(frame.loc[1, "ci95_low"])


def test_read_sweep_checks_the_swept_columns(tmp_path: Path) -> None:
    (tmp_path / "sweep.csv").write_text(
        "teams.t.shifts[2].staff,metric,unit,n,mean,ci95_low,ci95_high\n10,m,share,2,0.5,0.4,0.6\n",
        encoding="utf-8",
    )
    frame = fs.read_sweep(tmp_path, ["teams.t.shifts[2].staff"])
    assert frame["teams.t.shifts[2].staff"].tolist() == [10]
    with pytest.raises(fs.SchemaError, match="swept columns"):
        fs.read_sweep(tmp_path, ["teams.other.shifts[0].staff"])


def validation_document(parameters: dict[str, float]) -> dict[str, object]:
    return {
        "schema_version": fs.SCHEMA_VERSION,
        "kind": "forcesim-validation",
        "seed": 1,
        "passed": 1,
        "failed": 1,
        "checks": [
            {
                "case": "M/M/2",
                "quantity": "mean wait (min)",
                "theory": 1.5,
                "simulated": {"mean": 1.4, "sd": 0.1, "ci95": [1.3, 1.5], "n": 30},
                "pass": True,
                "note": "inside",
                "parameters": parameters,
            },
            {
                "case": "arrivals",
                "quantity": "chi-square",
                "theory": 167,
                "simulated": {"mean": 170, "sd": None, "ci95": None, "n": 1},
                "pass": False,
                "note": "p small",
                "parameters": {},
            },
        ],
    }


def test_read_validation_spreads_parameters_into_columns(tmp_path: Path) -> None:
    doc = validation_document({"servers": 2.0, "arrival_rate_per_min": 0.25})
    (tmp_path / "validation.json").write_text(json.dumps(doc), encoding="utf-8")
    frame = fs.read_validation(tmp_path)
    assert frame["servers"].tolist()[0] == 2.0 and pd.isna(frame["servers"].tolist()[1])
    assert frame["pass"].tolist() == [True, False]
    assert pd.isna(frame.loc[1, "ci95_low"]) and frame.loc[0, "ci95_high"] == 1.5


def test_read_validation_refuses_a_parameter_named_like_a_column(tmp_path: Path) -> None:
    doc = validation_document({"theory": 1.0})
    (tmp_path / "validation.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="clashes"):
        fs.read_validation(tmp_path)


def test_overrides_and_axes_become_arguments() -> None:
    assert fs._set_args(None) == []
    assert fs._set_args({"horizon_days": 14, "x.flag": True, "y": 0.5, "name": '"a"'}) == [
        "--set", "horizon_days=14", "--set", "x.flag=true", "--set", "y=0.5", "--set", 'name="a"',
    ]
    assert fs._set_args(["a=1"]) == ["--set", "a=1"]
    with pytest.raises(ValueError):
        fs._set_args(["no-equals"])
    with pytest.raises(TypeError):
        fs._set_args("a=1")
    with pytest.raises(TypeError):
        fs._set_args({"a": [1, 2]})
    assert fs._axis_spec("k", (20, 40, 4)) == "k=20..40:4"
    assert fs._axis_spec("k", range(20, 41, 4)) == "k=20..40:4"
    assert fs._axis_spec("k", "1..2:0.5") == "k=1..2:0.5"
    with pytest.raises(ValueError):
        fs._axis_spec("k", (1, 2))


def fake_binary(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-forcesim"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_missing_forcesim_bin_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCESIM_BIN", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="FORCESIM_BIN"):
        fs.find_binary()


def test_a_failing_binary_raises_with_its_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = fake_binary(tmp_path, 'echo "error: x.toml:3: horizon_days: must be > 0" >&2\nexit 2\n')
    monkeypatch.setenv("FORCESIM_BIN", str(bad))
    with pytest.raises(fs.ForcesimError) as caught:
        fs.run(replications=1)
    assert caught.value.returncode == 2
    assert "horizon_days: must be > 0" in caught.value.stderr
    assert "horizon_days: must be > 0" in str(caught.value)


def test_output_of_a_newer_forcesim_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A binary that writes a schema_version 2 summary to wherever --out points.
    newer = fake_binary(
        tmp_path,
        'while [ "$1" != "--out" ]; do shift; done\n'
        'echo \'{"schema_version": 2}\' > "$2/summary.json"\n',
    )
    monkeypatch.setenv("FORCESIM_BIN", str(newer))
    with pytest.raises(fs.SchemaError, match="schema_version 2"):
        fs.run(replications=1)


def test_validate_exit_1_without_a_failed_check_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # forcesim exits 1 both for failed checks (a result) and runtime
    # failures; only the first may pass through validate().
    doc = validation_document({"servers": 1.0})
    doc["checks"][1]["pass"] = True  # type: ignore[index]
    body = json.dumps(doc).replace("'", "")
    broken = fake_binary(
        tmp_path,
        'while [ "$1" != "--out" ]; do shift; done\n'
        f"echo '{body}' > \"$2/validation.json\"\n"
        'echo "error: disk full" >&2\nexit 1\n',
    )
    monkeypatch.setenv("FORCESIM_BIN", str(broken))
    with pytest.raises(fs.ForcesimError, match="disk full"):
        fs.validate()


APPRAISAL_HEADER = (
    "scenario,outcome,per,base_cost_per_year,other_cost_per_year,cost_difference,cost_ci95_low,"
    "cost_ci95_high,improvement,improvement_ci95_low,improvement_ci95_high,cost_per_unit,"
    "cost_per_unit_ci95_low,cost_per_unit_ci95_high,reading\n"
)


def write_compare_folder(folder: Path, *, appraisal: bool = True) -> Path:
    """A minimal `forcesim compare --out` folder of two costed scenarios."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "comparison.csv").write_text(
        "metric,unit,scenario,base_mean,other_mean,difference,ci95_low,ci95_high,clear\n"
        "cost.total_per_year,£,alt,100,110,10,10,10,true\n",
        encoding="utf-8",
    )
    metric = {"name": "cost.total_per_year", "unit": "£"}
    document = {
        "kind": "forcesim-comparison",
        "schema_version": fs.SCHEMA_VERSION,
        "seed": 7,
        "replications": 3,
        "scenarios": [
            {"name": "base", "source": "base.toml",
             "metrics": [{**metric, "mean": 100.0, "ci95_low": 100.0, "ci95_high": 100.0},
                         {"name": "g1", "unit": "share", "mean": 0.8, "ci95_low": None, "ci95_high": None}]},
            {"name": "alt", "source": "alt.toml",
             "metrics": [{**metric, "mean": 110.0, "ci95_low": 110.0, "ci95_high": 110.0},
                         {"name": "g1", "unit": "share", "mean": 0.9, "ci95_low": 0.85, "ci95_high": 0.95}]},
        ],
        "differences": [],
    }
    (folder / "comparison.json").write_text(json.dumps(document), encoding="utf-8")
    if appraisal:
        (folder / "appraisal.csv").write_text(
            APPRAISAL_HEADER
            + "alt,investigations_completed,investigation,100,110,10,10,10,2,1,3,5,3.3,10,dearer and better\n"
            "alt,calls_abandoned,call,100,110,10,10,10,0,0,0,,,,no clear change in the outcome\n",
            encoding="utf-8",
        )
    return folder


def test_read_appraisal_gives_nan_for_undefined_ratios(tmp_path: Path) -> None:
    frame = fs.read_appraisal(write_compare_folder(tmp_path))
    assert list(frame.columns) == fs._HEADERS["appraisal.csv"]
    rows = frame.set_index("outcome")
    assert rows.loc["investigations_completed", "cost_per_unit"] == pytest.approx(5.0)
    assert rows.loc["investigations_completed", "cost_per_unit_ci95_low"] == pytest.approx(3.3)
    undefined = rows.loc["calls_abandoned"]
    assert pd.isna(undefined["cost_per_unit"]) and pd.isna(undefined["cost_per_unit_ci95_high"])
    assert undefined["reading"] == "no clear change in the outcome"
    assert frame["cost_per_unit"].dtype == float


def test_read_appraisal_refuses_a_changed_header(tmp_path: Path) -> None:
    folder = write_compare_folder(tmp_path)
    text = (folder / "appraisal.csv").read_text(encoding="utf-8")
    (folder / "appraisal.csv").write_text(text.replace("cost_per_unit,", "ratio,", 1), encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="appraisal.csv"):
        fs.read_appraisal(folder)


def test_read_comparison_json_gives_each_scenario_s_estimates(tmp_path: Path) -> None:
    frame = fs.read_comparison_json(write_compare_folder(tmp_path))
    assert list(frame.columns) == ["scenario", "source", "metric", "unit", "mean", "ci95_low", "ci95_high"]
    assert frame["scenario"].tolist() == ["base", "base", "alt", "alt"]
    assert frame.attrs == {"seed": 7, "replications": 3, "scenarios": ["base", "alt"]}
    g1 = frame[frame["metric"] == "g1"].set_index("scenario")
    assert pd.isna(g1.loc["base", "ci95_low"]) and g1.loc["alt", "ci95_high"] == pytest.approx(0.95)
    assert frame["ci95_low"].dtype == float


def test_read_comparison_json_checks_schema_and_kind(tmp_path: Path) -> None:
    folder = write_compare_folder(tmp_path)
    document = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    (folder / "comparison.json").write_text(json.dumps({**document, "schema_version": 2}), encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="schema_version 2"):
        fs.read_comparison_json(folder)
    (folder / "comparison.json").write_text(json.dumps({**document, "kind": "forcesim-sweep"}), encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="kind"):
        fs.read_comparison_json(folder)


def test_read_comparison_folder_holds_every_table(tmp_path: Path) -> None:
    result = fs.read_comparison_folder(write_compare_folder(tmp_path / "costed"))
    assert result.base == "base" and result.info["replications"] == 3
    assert result.differences["clear"].tolist() == [True]
    assert result.appraisal is not None and len(result.appraisal) == 2
    cost = result.metric("cost.total_per_year")
    assert cost.index.tolist() == ["base", "alt"] and cost.loc["alt", "mean"] == 110.0
    with pytest.raises(KeyError, match="cost.total_per_year"):
        result.metric("cost.total_per_yer")
    # Scenarios without [costs]: forcesim writes no appraisal.csv.
    assert fs.read_comparison_folder(write_compare_folder(tmp_path / "plain", appraisal=False)).appraisal is None


BUDGET_TAIL = "planned_extra_cost_per_year,cost_total_per_year,metric,mean,difference,ci95_low,ci95_high,clear"


def write_budget(folder: Path, header: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "budget.csv").write_text(
        header + "\n"
        "1,a × 2 + b,2,1,900,1900,m,0.81,0.02,0.01,0.03,true\n"
        "2,a × 3,3,0,950,1950,m,0.80,0.01,,,false\n",
        encoding="utf-8",
    )
    return folder


def test_read_budget_reads_the_option_columns(tmp_path: Path) -> None:
    folder = write_budget(tmp_path, "rank,bought,units.a,units.b," + BUDGET_TAIL)
    frame = fs.read_budget(folder, ["a", "b"])
    assert frame["units.a"].tolist() == [2, 3] and frame["rank"].tolist() == [1, 2]
    assert frame["clear"].tolist() == [True, False] and frame["clear"].dtype == bool
    assert pd.isna(frame.loc[1, "ci95_low"])
    with pytest.raises(fs.SchemaError, match="option columns"):
        fs.read_budget(folder, ["a", "c"])


@pytest.mark.parametrize(
    "header",
    [
        "rank,bought," + BUDGET_TAIL + ",x,y",  # no units columns
        "rank,bought,a,b," + BUDGET_TAIL,  # option columns without units.
        "rank,bought,units.a,units.b," + BUDGET_TAIL.replace("difference", "diff"),
    ],
)
def test_read_budget_refuses_a_changed_header(tmp_path: Path, header: str) -> None:
    with pytest.raises(fs.SchemaError, match="budget.csv"):
        fs.read_budget(write_budget(tmp_path, header))


def test_compare_never_reads_a_stale_appraisal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A kept folder with an appraisal from an earlier costed comparison; this
    # comparison (of uncosted scenarios) writes none.
    folder = write_compare_folder(tmp_path / "out")
    source = write_compare_folder(tmp_path / "fresh", appraisal=False)
    binary = fake_binary(
        tmp_path,
        'while [ "$1" != "--out" ]; do shift; done\n'
        f'cp "{source}/comparison.csv" "{source}/comparison.json" "$2/"\n',
    )
    monkeypatch.setenv("FORCESIM_BIN", str(binary))
    result = fs.compare("a.toml", "b.toml", out=folder, full=True)
    assert isinstance(result, fs.Comparison) and result.appraisal is None
    assert isinstance(fs.compare("a.toml", "b.toml", out=folder), pd.DataFrame)


def test_budget_search_passes_its_arguments_and_keeps_forcesim_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_budget(tmp_path / "src", "rank,bought,units.a,units.b," + BUDGET_TAIL)
    binary = fake_binary(
        tmp_path,
        f'echo "$@" > "{tmp_path}/args"\n'
        "echo '  option a: £100 a year a unit, at most 3 (an a)'\n"
        "echo '│ 1 ┆ a × 2 + b │'\n"
        "echo '└───┘'\n"
        "echo 'A search over the 2 combinations.'\n"
        "echo 'Best: a × 2 + b.'\n"
        'while [ "$1" != "--out" ]; do shift; done\n'
        f'cp "{source}/budget.csv" "$2/"\n'
        'echo "wrote $2/budget.csv"\n',
    )
    monkeypatch.setenv("FORCESIM_BIN", str(binary))
    frame = fs.budget_search("s.toml", budget=1000, minimise="m", set={"horizon_days": 28},
                             replications=2, every_combination=True, max_combinations=9)
    args = (tmp_path / "args").read_text(encoding="utf-8").split()
    assert args[:2] == ["sweep", "s.toml"]
    for flag in (["--budget", "1000.0"], ["--minimise", "m"], ["--max-combinations", "9"],
                 ["--set", "horizon_days=28"], ["-n", "2"]):
        assert any(args[i : i + 2] == flag for i in range(len(args))), flag
    assert "--every-combination" in args
    assert frame.attrs["options"] == ["option a: £100 a year a unit, at most 3 (an a)"]
    assert frame.attrs["conclusions"] == ["A search over the 2 combinations.", "Best: a × 2 + b."]
    with pytest.raises(ValueError, match="exactly one"):
        fs.budget_search(budget=1000, maximise="m", minimise="m")
    with pytest.raises(ValueError, match="exactly one"):
        fs.budget_search(budget=1000)
