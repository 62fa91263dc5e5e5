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
        "metric,unit,n,mean,sd,ci95_low,ci95_high\n"
        "response.g1.within_target_share,share,2,0.8,0.01,0.7,0.9\n"
        "calls.999.offered,count,1,10,,,\n",
        encoding="utf-8",
    )
    (folder / "replications.csv").write_text(
        "replication,metric,unit,value\n0,calls.999.offered,count,9\n1,calls.999.offered,count,\n",
        encoding="utf-8",
    )
    return folder


def test_schema_version_is_checked() -> None:
    fs.check_schema({"schema_version": fs.SCHEMA_VERSION})
    for bad in ({"schema_version": fs.SCHEMA_VERSION + 1}, {}, {"schema_version": "1"}):
        with pytest.raises(fs.SchemaError, match="schema_version"):
            fs.check_schema(bad, "x.json")


def test_read_results_gives_tidy_frames(tmp_path: Path) -> None:
    res = fs.read_results(write_run_folder(tmp_path / "run"))
    assert list(res.summary.columns) == ["metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high"]
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
