"""Reading forcesim's output files into pandas, checking their layout."""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._common import (  # noqa: F401
    SCHEMA_VERSION,
    _ADDED_COLUMNS,
    _HEADERS,
    _COMPARISON_KIND,
    Overrides,
    AxisRange,
    ForcesimError,
    SchemaError,
)

# --------------------------------------------------------------------------
# Reading outputs
# --------------------------------------------------------------------------


def check_schema(document: Mapping[str, Any], source: str = "document") -> None:
    """Raises :class:`SchemaError` unless ``document["schema_version"]`` is
    the version this helper reads."""
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SchemaError(
            f"{source}: schema_version {version!r}, this helper reads {SCHEMA_VERSION}; "
            "install the forcesim package built with this forcesim"
        )


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing (was it written by forcesim --out?)")
    with path.open(encoding="utf-8") as f:
        document = json.load(f)
    if not isinstance(document, dict):
        raise SchemaError(f"{path}: expected a JSON object")
    check_schema(document, str(path))
    return document


def _load_csv(path: Path) -> pd.DataFrame:
    """Reads a forcesim CSV as is: empty cells are NaN, nothing else is."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing (was it written by forcesim --out?)")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _bool_column(frame: pd.DataFrame, column: str, path: Path) -> None:
    """Turns a column of ``true``/``false`` text into bools in place."""
    parsed = frame[column].astype(str).str.lower().map({"true": True, "false": False})
    if parsed.isna().any():
        raise SchemaError(f"{path}: column {column!r} holds values other than true/false")
    frame[column] = parsed.astype(bool)


def _read_csv(path: Path, header: list[str], *, leading: int = 0) -> pd.DataFrame:
    """Reads a forcesim CSV, checking its header (after ``leading`` free columns)."""
    frame = _load_csv(path)
    got = list(frame.columns[leading:])
    added = _ADDED_COLUMNS.get(path.name, [])
    if added and got == header[: len(header) - len(added)]:
        for column in added:
            frame[column] = ""
        return frame
    if got != header:
        raise SchemaError(f"{path}: columns {got}, expected {header}")
    if added:
        # An all-empty column is read as float NaN: cast before filling.
        frame[added] = frame[added].astype(object).fillna("").astype(str)
    return frame


@dataclass(frozen=True)
class Results:
    """The outputs of one ``forcesim run --out DIR``."""

    #: Folder the files were read from (removed afterwards if it was temporary).
    out: Path
    #: One row per metric: metric, unit, n, mean, sd, ci95_low, ci95_high,
    #: ci95_note (CIs are cut to the metric's range; see ``_ADDED_COLUMNS``).
    summary: pd.DataFrame
    #: One row per replication and metric: replication, metric, unit, value.
    replications: pd.DataFrame
    #: One row per team and hour of the week (0 = Monday 00:00): team,
    #: hour_of_week, day, hour, utilisation, units_on_duty, arrivals_per_hour.
    hour_of_week: pd.DataFrame
    #: Steady-state Erlang C beside each team's simulated wait.
    analytic_twin: pd.DataFrame
    #: Plain-language statements (unmet demand, closed hours, overload).
    statements: list[str]
    #: The rest of summary.json: seed, replications, scenario, versions, …
    info: dict[str, Any] = field(default_factory=dict)
    #: The per-incident log of one replication (:func:`read_trace`), if the
    #: run was asked for it (``run(trace=True)``); its number is in
    #: ``trace.attrs["replication"]``.
    trace: pd.DataFrame | None = None

    def metric(self, name: str) -> pd.Series:
        """The summary row of metric ``name`` (KeyError names close matches)."""
        rows = self.summary[self.summary["metric"] == name]
        if rows.empty:
            close = difflib.get_close_matches(name, self.summary["metric"].tolist(), n=5)
            raise KeyError(f"no metric {name!r}; close: {close}")
        return rows.iloc[0]


_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _hour_of_week_frame(hourly: Mapping[str, Mapping[str, Sequence[float | None]]]) -> pd.DataFrame:
    columns = ["utilisation", "units_on_duty", "arrivals_per_hour"]
    frames = []
    for team, series in hourly.items():
        data = {c: pd.array(series.get(c, [None] * 168), dtype="Float64") for c in columns}
        if any(len(v) != 168 for v in data.values()):
            raise SchemaError(f"hour_of_week.{team}: expected 168 values per series")
        hours = range(168)
        frames.append(
            pd.DataFrame(
                {
                    "team": team,
                    "hour_of_week": hours,
                    "day": [_DAYS[h // 24] for h in hours],
                    "hour": [h % 24 for h in hours],
                    **{c: data[c].astype(float) for c in columns},
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["team", "hour_of_week", "day", "hour", *columns])
    return pd.concat(frames, ignore_index=True)


def read_results(out: str | os.PathLike[str]) -> Results:
    """Reads a ``forcesim run --out DIR`` folder (summary.json must have the
    expected ``schema_version``)."""
    folder = Path(out)
    document = _read_json(folder / "summary.json")
    summary = _read_csv(folder / "summary.csv", _HEADERS["summary.csv"])
    replications = _read_csv(folder / "replications.csv", _HEADERS["replications.csv"])
    twin = pd.json_normalize(document.get("analytic_twin", []), sep=".")
    if "classes" in twin.columns:
        twin = twin.drop(columns="classes")
    if "team" in twin.columns:
        twin = twin[["team", *(c for c in twin.columns if c != "team")]]
    keep = (
        "schema_version",
        "forcesim_version",
        "git_revision",
        "scenario",
        "seed",
        "replications",
        "scenario_as_run",
        "pooled_percentiles",
    )
    return Results(
        out=folder,
        summary=summary,
        replications=replications,
        hour_of_week=_hour_of_week_frame(document.get("hour_of_week", {})),
        analytic_twin=twin,
        statements=list(document.get("statements", [])),
        info={k: document[k] for k in keep if k in document},
    )


def read_comparison(out: str | os.PathLike[str]) -> pd.DataFrame:
    """Reads ``comparison.csv`` from a ``forcesim compare --out DIR`` folder:
    one row per metric and alternative scenario, with the paired difference
    (other − base) and its 95 % CI; ``clear`` is True when the CI excludes 0."""
    path = Path(out) / "comparison.csv"
    frame = _read_csv(path, _HEADERS["comparison.csv"])
    _bool_column(frame, "clear", path)
    return frame


def read_appraisal(out: str | os.PathLike[str]) -> pd.DataFrame:
    """Reads ``appraisal.csv`` from a ``forcesim compare --out DIR`` folder
    (written when the scenarios have ``[costs]``): one row per alternative
    scenario and headline outcome (``outcome`` is a stable key such as
    ``g1_response_time``, ``g1_within_target``, ``investigations_completed``;
    ``per`` the unit a cost is quoted per).

    Each row sets the *whole* difference in cost a year (other − base, £,
    with its 95 % CI) against one outcome's improvement (positive is better;
    counts are per year), and gives the cost per unit of improvement with
    its Fieller 95 % CI. When the outcome does not clearly change (its CI
    includes 0) no finite interval exists: ``cost_per_unit`` and its CI are
    NaN and ``reading`` says "no clear change in the outcome". Rows are not
    additive: a package buying several outcomes costs its difference once."""
    return _read_csv(Path(out) / "appraisal.csv", _HEADERS["appraisal.csv"])


def read_comparison_json(out: str | os.PathLike[str]) -> pd.DataFrame:
    """Reads ``comparison.json`` from a ``forcesim compare --out DIR`` folder:
    one row per scenario and metric (base scenario first) with scenario,
    source, metric, unit, mean, ci95_low, ci95_high (NaN where undefined),
    i.e. each scenario's own estimate, which ``comparison.csv`` lacks.
    ``frame.attrs`` holds ``seed``, ``replications`` and ``scenarios``
    (names, base first). The paired differences the document also holds are
    :func:`read_comparison`'s table."""
    path = Path(out) / "comparison.json"
    document = _read_json(path)
    if document.get("kind") != _COMPARISON_KIND:
        raise SchemaError(f"{path}: kind {document.get('kind')!r}, expected {_COMPARISON_KIND!r}")
    columns = ["scenario", "source", "metric", "unit", "mean", "ci95_low", "ci95_high"]
    rows = []
    for scenario in document.get("scenarios", []):
        for m in scenario.get("metrics", []):
            rows.append(
                [scenario["name"], scenario.get("source", ""), m["name"], m["unit"],
                 m.get("mean"), m.get("ci95_low"), m.get("ci95_high")]
            )
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("mean", "ci95_low", "ci95_high"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype(float)
    frame.attrs.update(
        seed=document.get("seed"),
        replications=document.get("replications"),
        scenarios=[s["name"] for s in document.get("scenarios", [])],
    )
    return frame


@dataclass(frozen=True)
class Comparison:
    """The outputs of one ``forcesim compare --out DIR``."""

    #: Folder the files were read from (removed afterwards if it was temporary).
    out: Path
    #: comparison.csv (:func:`read_comparison`): one row per metric and
    #: alternative, the paired difference (other − base) with its 95 % CI.
    differences: pd.DataFrame
    #: comparison.json (:func:`read_comparison_json`): one row per scenario
    #: and metric, each scenario's mean with its 95 % CI.
    scenarios: pd.DataFrame
    #: appraisal.csv (:func:`read_appraisal`), or None when the scenarios
    #: have no ``[costs]`` (forcesim then writes no appraisal).
    appraisal: pd.DataFrame | None
    #: seed, replications, scenarios (names, base first).
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The base scenario's name."""
        return str(self.info["scenarios"][0])

    def metric(self, name: str) -> pd.DataFrame:
        """Each scenario's estimate of metric ``name`` (unit, mean, ci95_low,
        ci95_high), indexed by scenario, base first (KeyError names close
        matches)."""
        rows = self.scenarios[self.scenarios["metric"] == name]
        if rows.empty:
            close = difflib.get_close_matches(name, self.scenarios["metric"].unique().tolist(), n=5)
            raise KeyError(f"no metric {name!r}; close: {close}")
        return rows.set_index("scenario")[["unit", "mean", "ci95_low", "ci95_high"]]


def read_comparison_folder(out: str | os.PathLike[str]) -> Comparison:
    """Reads every table of a ``forcesim compare --out DIR`` folder into a
    :class:`Comparison` (``appraisal`` is None if there is no appraisal.csv)."""
    folder = Path(out)
    scenarios = read_comparison_json(folder)
    appraisal = read_appraisal(folder) if (folder / "appraisal.csv").is_file() else None
    return Comparison(
        out=folder,
        differences=read_comparison(folder),
        scenarios=scenarios,
        appraisal=appraisal,
        info=dict(scenarios.attrs),
    )


def read_budget(out: str | os.PathLike[str], options: Sequence[str] | None = None) -> pd.DataFrame:
    """Reads ``budget.csv`` from a ``forcesim sweep --budget … --out DIR``
    folder: one row per combination run, best first, with rank, bought (in
    words), one ``units.OPTION`` column per option of ``[[costs.options]]``,
    planned_extra_cost_per_year (£, the cost model's, no overtime),
    cost_total_per_year (£, simulated, with overtime), metric (the one
    ranked by), its mean, and the paired difference from the base scenario
    with its 95 % CI; ``clear`` is True when that CI excludes 0. If
    ``options`` is given, the ``units.`` columns must name exactly those."""
    path = Path(out) / "budget.csv"
    frame = _load_csv(path)
    columns = list(frame.columns)
    tail = _HEADERS["budget.csv"]
    units = columns[2 : len(columns) - len(tail)]
    if (
        columns[:2] != ["rank", "bought"]
        or columns[len(columns) - len(tail) :] != tail
        or not units
        or not all(c.startswith("units.") for c in units)
    ):
        raise SchemaError(
            f"{path}: columns {columns}, expected ['rank', 'bought', 'units.OPTION', ...] + {tail}"
        )
    if options is not None and units != [f"units.{o}" for o in options]:
        raise SchemaError(f"{path}: option columns {units}, expected {['units.' + o for o in options]}")
    _bool_column(frame, "clear", path)
    return frame


def read_sweep(out: str | os.PathLike[str], axes: Sequence[str]) -> pd.DataFrame:
    """Reads ``sweep.csv`` from a ``forcesim sweep --out DIR`` folder; its
    first columns are the swept ``axes`` (e.g. ``teams.x.shifts[2].staff``)."""
    path = Path(out) / "sweep.csv"
    frame = _read_csv(path, _HEADERS["sweep.csv"], leading=len(axes))
    got = list(frame.columns[: len(axes)])
    if got != list(axes):
        raise SchemaError(f"{path}: swept columns {got}, expected {list(axes)}")
    return frame


def read_validation(out: str | os.PathLike[str]) -> pd.DataFrame:
    """Reads ``validation.json`` from a ``forcesim validate --out DIR`` folder:
    one row per check with case, quantity, theory, simulated_mean, sd,
    ci95_low, ci95_high, n, pass, note, and one column per model parameter
    (``servers``, ``arrival_rate_per_min``, …; NaN where a check has none)."""
    document = _read_json(Path(out) / "validation.json")
    rows = []
    for check in document.get("checks", []):
        simulated = check.get("simulated", {})
        ci = simulated.get("ci95") or [None, None]
        row = {
            "case": check["case"],
            "quantity": check["quantity"],
            "theory": check.get("theory"),
            "simulated_mean": simulated.get("mean"),
            "sd": simulated.get("sd"),
            "ci95_low": ci[0],
            "ci95_high": ci[1],
            "n": simulated.get("n"),
            "pass": bool(check["pass"]),
            "note": check.get("note", ""),
        }
        for name, value in check.get("parameters", {}).items():
            if name in row:
                raise SchemaError(f"validation parameter {name!r} clashes with a column")
            row[name] = value
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = ["theory", "simulated_mean", "sd", "ci95_low", "ci95_high"]
    if not frame.empty:
        frame[numeric] = frame[numeric].astype(float)
    return frame


# --------------------------------------------------------------------------
# The per-incident log (forcesim run --trace FILE)
# --------------------------------------------------------------------------

#: The file :func:`run` asks forcesim to write the log to, in the out folder.
TRACE_FILE = "trace.csv"

#: Every column of the log in file order, with the dtype it is read as: ids
#: and counts as integers (``units`` nullable: empty when nothing was sent),
#: flags as bool (``screened_out`` nullable: empty without a crime), times
#: (seconds since the start of the run, 3 exact decimals) and hours as
#: nullable floats (``<NA>`` = stage not reached), names as categories. The
#: README's "The per-incident log" section gives each column's meaning.
_TRACE_DTYPES: dict[str, str] = {
    "case": "int64",
    "year": "int64",
    "counted": "bool",
    "stream": "category",
    "channel": "category",
    "category": "category",
    "area": "category",
    "urban": "bool",
    "grade": "category",
    "arrival_s": "Float64",
    "answered_s": "Float64",
    "abandoned_s": "Float64",
    "answer_team": "category",
    "graded_s": "Float64",
    "resolution_team": "category",
    "resolution_started_s": "Float64",
    "resolution_ended_s": "Float64",
    "escalated": "bool",
    "attendance_grade": "category",
    "attendance_team": "category",
    "units": "Int64",
    "dispatched_s": "Float64",
    "unit_assigned_s": "Float64",
    "on_scene_s": "Float64",
    "cleared_s": "Float64",
    "preemptions": "int64",
    "crime_type": "category",
    "crime_recorded_s": "Float64",
    "screened_out": "boolean",
    "forensics_team": "category",
    "forensics_allocated_s": "Float64",
    "forensics_finished_s": "Float64",
    "investigation_team": "category",
    "investigation_allocated_s": "Float64",
    "investigation_finished_s": "Float64",
    "outcome": "category",
    "missing_hours_to_find": "Float64",
    "end_state": "category",
    "open_stage": "category",
}
_HEADERS[TRACE_FILE] = list(_TRACE_DTYPES)


def read_trace(path: str | os.PathLike[str], *, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Reads the per-incident log written by ``forcesim run --trace FILE``:
    one row per piece of demand in arrival order (``case`` from 0).

    The header must be exactly the known columns, and every value must have
    its column's form (``true``/``false`` flags, numbers for times); else
    :class:`SchemaError`.
    Times are seconds since the start of the run (midnight at the start of
    the scenario's ``start_date``) as nullable ``Float64``, ``<NA>`` where a
    stage was not reached; use :func:`trace_span` for durations. ``columns``
    reads only those (the header is still checked in full), to save memory
    on a year's log."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing (was it written by forcesim run --trace?)")
    expected = _HEADERS[TRACE_FILE]
    got = list(pd.read_csv(path, nrows=0).columns)
    if got != expected:
        missing = [c for c in expected if c not in got]
        extra = [c for c in got if c not in expected]
        raise SchemaError(
            f"{path}: not a per-incident log this helper reads (missing columns {missing}, "
            f"unknown columns {extra}, or a different order); expected {expected}"
        )
    wanted = expected if columns is None else list(columns)
    unknown = [c for c in wanted if c not in _TRACE_DTYPES]
    if unknown:
        raise KeyError(f"no trace column(s) {unknown}; the columns are {expected}")
    try:
        frame = pd.read_csv(
            path,
            usecols=wanted,
            dtype={c: _TRACE_DTYPES[c] for c in wanted},
            true_values=["true"],
            false_values=["false"],
            keep_default_na=False,
            na_values=[""],
        )
    except ValueError as e:  # a value not of its column's form
        raise SchemaError(f"{path}: {e}") from e
    return frame[wanted]


def trace_counted(trace: pd.DataFrame) -> pd.DataFrame:
    """The rows of a log that forcesim's metrics count: arrived after the
    warm-up (``counted``) and not prevented (``end_state``). Facts count in
    the simulated ``year`` of arrival, as the ``years.N.*`` metrics do."""
    return trace[trace["counted"] & (trace["end_state"] != "prevented")]


def trace_span(trace: pd.DataFrame, start: str, end: str) -> pd.Series:
    """Seconds from time column ``start`` to ``end`` (e.g. ``"arrival_s"``,
    ``"on_scene_s"``: the response time), ``<NA>`` where either stage was
    not reached. The log's times are whole milliseconds, so the difference
    is rounded to 3 decimals: the float error of the subtraction is undone
    and a comparison with a target (``<= 15 * 60``) is exactly forcesim's."""
    return (trace[end] - trace[start]).round(3)


def _trace_args(folder: Path, trace: bool, replication: int | None) -> list[str]:
    """``--trace`` arguments for :func:`run` (none unless a log is wanted);
    removes a stale log from a kept folder first."""
    if not trace and replication is None:
        return []
    path = folder / TRACE_FILE
    path.unlink(missing_ok=True)
    args = ["--trace", str(path)]
    if replication is not None:
        args += ["--trace-replication", str(int(replication))]
    return args


def _with_trace(results: Results, trace: bool, replication: int | None) -> Results:
    """``results`` with the log :func:`run` asked for attached (as is if none)."""
    if not trace and replication is None:
        return results
    from dataclasses import replace

    frame = read_trace(results.out / TRACE_FILE)
    frame.attrs["replication"] = 0 if replication is None else int(replication)
    return replace(results, trace=frame)
