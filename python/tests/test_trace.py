"""The per-incident log (``forcesim run --trace``): reading a fixture file
made here, and a short real run whose headline figures are recomputed from
its own log."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import forcesim as fs

COLUMNS = list(fs._TRACE_DTYPES)


def trace_row(**values: object) -> str:
    """One CSV row of the log: the given columns, every other one empty."""
    unknown = set(values) - set(COLUMNS)
    assert not unknown, unknown
    return ",".join(str(values.get(c, "")) for c in COLUMNS)


#: Five cases: an urban G1 attended in 12 min, a rural G1 attended in 20 min
#: 0.001 s (just outside its 20 min target), a G4 resolved by telephone, an
#: abandoned call, and a warm-up arrival; one recorded crime screened out.
FIXTURE = [
    trace_row(case=0, year=1, counted="true", stream="999", channel="999", category="violence",
              area="north", urban="true", grade="g1", arrival_s="100.000", answered_s="105.500",
              answer_team="contact_centre", graded_s="220.000", escalated="false",
              attendance_grade="g1", attendance_team="response_north", units=2,
              dispatched_s="220.000", unit_assigned_s="220.000", on_scene_s="820.000",
              cleared_s="4000.250", preemptions=0, crime_type="violence",
              crime_recorded_s="4000.250", screened_out="true", end_state="screened_out"),
    trace_row(case=1, year=1, counted="true", stream="999", channel="999", category="road_traffic",
              area="east", urban="false", grade="g1", arrival_s="86399.999", answered_s="86399.999",
              answer_team="contact_centre", graded_s="86500.000", escalated="false",
              attendance_grade="g1", attendance_team="response_east", units=1,
              dispatched_s="86500.000", unit_assigned_s="86600.000", on_scene_s="87600.000",
              cleared_s="90000.000", preemptions=0, end_state="attended"),
    trace_row(case=2, year=1, counted="true", stream="101", channel="101", category="crime_report",
              area="east", urban="true", grade="g4", arrival_s="128.123", answered_s="128.123",
              answer_team="contact_centre", graded_s="339.905", resolution_team="resolution_centre",
              resolution_started_s="28800.000", resolution_ended_s="29604.771", escalated="false",
              preemptions=0, end_state="resolved"),
    trace_row(case=3, year=1, counted="true", stream="101", channel="101", category="asb",
              area="south", urban="false", arrival_s="200.000", abandoned_s="260.000",
              escalated="false", preemptions=0, end_state="abandoned"),
    trace_row(case=4, year=2, counted="false", stream="online", channel="online", category="asb",
              area="south", urban="true", arrival_s="31536000.000", escalated="false",
              preemptions=0, end_state="open", open_stage="queued"),
]


def write_trace(path: Path, rows: list[str] = FIXTURE, header: list[str] = COLUMNS) -> Path:
    path.write_text(",".join(header) + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_helper_knows_every_column_of_the_readme() -> None:
    # The repository's README (beside python/tests), also when the tests
    # run against an installed wheel.
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The per-incident log", 1)[1].split("\n## ", 1)[0]
    documented = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    assert documented == COLUMNS
    assert fs._HEADERS[fs.TRACE_FILE] == COLUMNS


def test_read_trace_gives_typed_columns(tmp_path: Path) -> None:
    trace = fs.read_trace(write_trace(tmp_path / "trace.csv"))
    assert list(trace.columns) == COLUMNS and len(trace) == 5
    for flag in ("counted", "urban", "escalated"):
        assert trace[flag].dtype == bool
    assert trace["counted"].tolist() == [True, True, True, True, False]
    assert trace["screened_out"].dtype == "boolean"
    assert bool(trace["screened_out"].iloc[0]) and pd.isna(trace["screened_out"].iloc[1])
    for time in ("arrival_s", "on_scene_s", "abandoned_s", "missing_hours_to_find"):
        assert trace[time].dtype == "Float64", time
    assert pd.isna(trace["on_scene_s"].iloc[2]) and trace["arrival_s"].iloc[1] == 86399.999
    assert trace["units"].dtype == "Int64" and pd.isna(trace["units"].iloc[2])
    assert trace["units"].iloc[0] == 2
    for integer in ("case", "year", "preemptions"):
        assert trace[integer].dtype == np.int64
    for name in ("stream", "channel", "area", "grade", "attendance_grade", "end_state", "open_stage"):
        assert isinstance(trace[name].dtype, pd.CategoricalDtype), name
    # "none" is a grade, not a missing value; an empty name is missing.
    assert set(trace["area"].cat.categories) == {"north", "east", "south"}
    assert pd.isna(trace["grade"].iloc[3]) and trace["grade"].iloc[0] == "g1"


def test_trace_spans_are_exact_to_the_millisecond(tmp_path: Path) -> None:
    trace = fs.read_trace(write_trace(tmp_path / "trace.csv"))
    response = fs.trace_span(trace, "arrival_s", "on_scene_s")
    assert response.iloc[0] == 720.0
    # 87600 − 86399.999 is 1200.0009999999893 in floats; the log means 1200.001.
    assert response.iloc[1] == 1200.001 and response.iloc[1] > 20 * 60
    assert pd.isna(response.iloc[2])
    assert fs.trace_span(trace, "arrival_s", "answered_s").iloc[0] == 5.5


def test_trace_counted_keeps_the_rows_the_metrics_count(tmp_path: Path) -> None:
    rows = [*FIXTURE, trace_row(case=5, year=1, counted="true", stream="999", channel="999",
                                category="violence", area="north", urban="true",
                                arrival_s="300.000", escalated="false", preemptions=0,
                                end_state="prevented")]
    counted = fs.trace_counted(fs.read_trace(write_trace(tmp_path / "trace.csv", rows)))
    assert counted["case"].tolist() == [0, 1, 2, 3]


def test_read_trace_can_read_some_columns(tmp_path: Path) -> None:
    path = write_trace(tmp_path / "trace.csv")
    part = fs.read_trace(path, columns=["on_scene_s", "area"])
    assert list(part.columns) == ["on_scene_s", "area"] and part["on_scene_s"].dtype == "Float64"
    with pytest.raises(KeyError, match="on_scene"):
        fs.read_trace(path, columns=["on_scene"])


@pytest.mark.parametrize(
    "header",
    [
        COLUMNS[:-1],  # a column missing
        [*COLUMNS, "unit_callsign"],  # a new column
        [COLUMNS[1], COLUMNS[0], *COLUMNS[2:]],  # reordered
        ["metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high"],  # another file
    ],
)
def test_a_wrong_header_raises_schema_error(tmp_path: Path, header: list[str]) -> None:
    path = tmp_path / "trace.csv"
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    with pytest.raises(fs.SchemaError, match="per-incident log"):
        fs.read_trace(path)


def test_a_value_of_the_wrong_form_raises_schema_error(tmp_path: Path) -> None:
    bad_flag = FIXTURE[0].replace(",true,999,", ",yes,999,", 1)
    with pytest.raises(fs.SchemaError):
        fs.read_trace(write_trace(tmp_path / "a.csv", [bad_flag]))
    bad_time = FIXTURE[0].replace("820.000", "8m20s")
    with pytest.raises(fs.SchemaError):
        fs.read_trace(write_trace(tmp_path / "b.csv", [bad_time]))
    with pytest.raises(FileNotFoundError):
        fs.read_trace(tmp_path / "none.csv")


# --------------------------------------------------------------------------
# The real binary (a fortnight: about a second)
# --------------------------------------------------------------------------

SMALL = {"horizon_days": 14}


def test_the_log_reproduces_the_runs_headlines() -> None:
    res = fs.run(seed=7, replications=1, set=SMALL, trace=True)
    trace = res.trace
    assert trace is not None and trace.attrs["replication"] == 0
    assert len(trace) > 10_000 and trace["case"].tolist() == list(range(len(trace)))
    counted = fs.trace_counted(trace)

    def value(name: str) -> float:
        row = res.metric(name)
        assert row["n"] == 1
        return float(row["mean"])

    targets = res.info["scenario_as_run"]["grades"]["g1"]
    assert (targets["target_urban_min"], targets["target_rural_min"]) == (15, 20)
    g1 = counted[counted["attendance_grade"] == "g1"]
    attended = g1[g1["on_scene_s"].notna()]
    seconds = fs.trace_span(attended, "arrival_s", "on_scene_s").to_numpy(dtype=float)
    limit = np.where(attended["urban"], targets["target_urban_min"], targets["target_rural_min"]) * 60.0
    within = int((seconds <= limit).sum())

    assert value("response.g1.dispatched") == len(g1)
    assert value("response.g1.attended") == len(attended) > 100
    # summary.csv prints each share to round-trip precision; the count is exact.
    share = value("response.g1.within_target_share")
    assert round(share * len(attended)) == within
    assert share == pytest.approx(within / len(attended), rel=1e-15)
    assert value("response.g1.response_time_mean_min") == pytest.approx(seconds.mean() / 60, rel=1e-12)

    incidents = counted["grade"].isin(["g1", "g2", "g3", "g4"]).sum()
    on_scene = counted["on_scene_s"].notna().sum()
    assert value("incidents.total") == incidents
    assert value("incidents.attended") == on_scene
    assert value("incidents.attended_share") == pytest.approx(on_scene / incidents, rel=1e-15)


def test_trace_replication_picks_the_replication() -> None:
    res = fs.run(seed=7, replications=2, set={"horizon_days": 7}, trace_replication=1)
    assert res.trace is not None and res.trace.attrs["replication"] == 1
    reps = res.replications.set_index(["replication", "metric"])["value"]
    dispatched = (fs.trace_counted(res.trace)["attendance_grade"] == "g1").sum()
    assert reps[(1, "response.g1.dispatched")] == dispatched
    assert reps[(0, "response.g1.dispatched")] != dispatched  # the other replication differs
    with pytest.raises(fs.ForcesimError) as caught:
        fs.run(seed=7, replications=2, set={"horizon_days": 7}, trace_replication=2)
    assert caught.value.returncode == 2
    assert fs.run(seed=7, replications=1, set={"horizon_days": 7}).trace is None
