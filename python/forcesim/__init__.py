"""Run the forcesim simulator from Python and get pandas DataFrames back.

Install the wheel (``pip install forcesim-*.whl``, or ``pip install .`` in
a checkout) and, from any folder::

    import forcesim as fs
    res = fs.run(seed=1, replications=4, set={"horizon_days": 28})
    res.summary.set_index("metric").loc["response.g1.within_target_share"]

    # Costed scenarios: the paired differences, each scenario's metrics and
    # the appraisal (cost per unit of outcome with Fieller 95 % CIs).
    # The shipped scenarios come with the package: "scenarios/NAME.toml"
    # (or NAME) finds them when no such file is in the current folder.
    cmp = fs.compare("scenarios/staffordshire-2018.toml",
                     "scenarios/staffordshire-2019-precept.toml", replications=6, full=True)
    cmp.appraisal.set_index("outcome").loc["investigations_completed", "cost_per_unit"]

    # The best use of a sum over the scenario's [[costs.options]].
    best = fs.budget_search("scenarios/staffordshire-2018.toml", budget=9_300_000,
                            maximise="response.g1.within_target_share")

Every function runs ``forcesim`` as a subprocess, raises
:class:`ForcesimError` (with forcesim's stderr) if it exits non-zero, and
reads the files it wrote with pandas. JSON outputs carry ``schema_version``
and CSV outputs a fixed header; both are checked, and a mismatch raises
:class:`SchemaError` rather than returning misread numbers.

The binary is ``$FORCESIM_BIN`` if set; else, when this module is the
one in a forcesim checkout (``python/forcesim``, which the notebooks in
``examples/notebooks`` import), the checkout's ``target/release/forcesim``,
built with ``cargo build --release`` if it is missing; else the binary
installed with this package (the wheel puts it beside ``python``, e.g.
``.venv/bin/forcesim``); else ``forcesim`` on the PATH.

The per-incident log (``forcesim run --trace FILE``, one row per piece of
demand with the time of every stage): ``run(..., trace=True)`` writes it
for one replication (``trace_replication=N``, default the first) to
``trace.csv`` in the out folder and attaches it as ``Results.trace``;
:func:`read_trace` reads such a file (header checked against
``_TRACE_DTYPES``, also ``_HEADERS["trace.csv"]``; booleans, nullable
floats for times, categories for names); :func:`trace_counted` keeps the
rows the metrics count and :func:`trace_span` gives exact durations::

    res = fs.run(seed=1, replications=1, trace=True)
    g1 = fs.trace_counted(res.trace).query("attendance_grade == 'g1'")
    minutes = fs.trace_span(g1, "arrival_s", "on_scene_s") / 60
"""

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
    _HEADERS,
    _COMPARISON_KIND,
    Overrides,
    AxisRange,
    ForcesimError,
    SchemaError,
)
from ._binary import (  # noqa: F401
    SCENARIOS_DIR,
    _checkout,
    repo_root,
    scenarios,
    scenario_path,
    _installed_binary,
    find_binary,
    _call,
    _scenario_path,
    _toml_value,
    _set_args,
    _common_args,
    _OutDir,
)
from ._read import (  # noqa: F401
    check_schema,
    _read_json,
    _load_csv,
    _bool_column,
    _read_csv,
    Results,
    _DAYS,
    _hour_of_week_frame,
    read_results,
    read_comparison,
    read_appraisal,
    read_comparison_json,
    Comparison,
    read_comparison_folder,
    read_budget,
    read_sweep,
    read_validation,
    TRACE_FILE,
    _TRACE_DTYPES,
    read_trace,
    trace_counted,
    trace_span,
    _trace_args,
    _with_trace,
)

# --------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------


def run(
    scenario: str | os.PathLike[str] | None = None,
    *,
    seed: int | None = None,
    replications: int | None = None,
    set: Overrides = None,  # mirrors forcesim's --set
    out: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    timeout: float | None = None,
    trace: bool = False,
    trace_replication: int | None = None,
) -> Results:
    """``forcesim run``: simulates ``scenario`` (a TOML path relative to the
    repository root, or the embedded default if None) and returns its
    :class:`Results`. ``set`` overrides scenario values, e.g.
    ``{"horizon_days": 28, "teams.response_north.headcount_by_role.constable": 230}``.
    Files go to ``out`` if given (kept), else to a temporary folder.

    With ``trace=True`` (or a ``trace_replication``) forcesim also writes
    the per-incident log of replication ``trace_replication`` (from 0,
    default 0; it must be one of the run's) to ``trace.csv`` in that folder,
    and :attr:`Results.trace` holds it (:func:`read_trace`). A year of the
    default force is about 600,000 rows: 110 MB on disk, 130 MB in memory."""
    with _OutDir(out) as folder:
        args = ["run"]
        if scenario is not None:
            args.append(_scenario_path(scenario))
        args += _common_args(seed, replications, threads) + _set_args(set) + ["--out", str(folder)]
        args += _trace_args(folder, trace, trace_replication)
        _call(args, timeout=timeout)
        return _with_trace(read_results(folder), trace, trace_replication)


def compare(
    base: str | os.PathLike[str],
    *others: str | os.PathLike[str],
    seed: int | None = None,
    replications: int | None = None,
    out: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    timeout: float | None = None,
    full: bool = False,
) -> pd.DataFrame | Comparison:
    """``forcesim compare BASE OTHER...``: runs every scenario under common
    random numbers and returns :func:`read_comparison`'s table of paired
    differences (other − base) with 95 % CIs.

    With ``full=True`` it returns a :class:`Comparison` instead: the same
    table as ``.differences``, each scenario's own estimates
    (``.scenarios``, from comparison.json) and, for costed scenarios, the
    appraisal (``.appraisal``, :func:`read_appraisal`; None otherwise)."""
    if not others:
        raise ValueError("compare needs a base scenario and at least one other")
    with _OutDir(out) as folder:
        for name in ("comparison.csv", "comparison.json", "appraisal.csv"):
            (folder / name).unlink(missing_ok=True)  # never read a stale file
        args = ["compare", _scenario_path(base), *map(_scenario_path, others)]
        args += _common_args(seed, replications, threads) + ["--out", str(folder)]
        _call(args, timeout=timeout)
        return read_comparison_folder(folder) if full else read_comparison(folder)


def _axis_spec(key: str, values: AxisRange) -> str:
    if isinstance(values, str):
        return f"{key}={values}"
    if isinstance(values, range):
        if len(values) == 0 or values.step <= 0:
            raise ValueError(f"{key}: empty or decreasing range")
        return f"{key}={values[0]}..{values[-1]}:{values.step}"
    if len(values) != 3:
        raise ValueError(f"{key}: give (FROM, TO, STEP), a range, or 'FROM..TO:STEP'")
    start, stop, step = values
    return f"{key}={start}..{stop}:{step}"


def sweep(
    scenario: str | os.PathLike[str] | None = None,
    *,
    vary: Mapping[str, AxisRange],
    set: Overrides = None,  # mirrors forcesim's --set
    target: str | None = None,
    seed: int | None = None,
    replications: int | None = None,
    out: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    timeout: float | None = None,
) -> pd.DataFrame:
    """``forcesim sweep``: runs ``scenario`` at every point of a grid of one
    or two parameters (``vary={"teams.response_north.headcount_by_role.constable": (170, 250, 20)}``,
    bounds inclusive) and returns the tidy table (one row per grid point and
    metric: the swept keys, metric, unit, n, mean, ci95_low, ci95_high).
    Every grid point shares the seed, so neighbouring points differ by the
    parameter, not by noise. ``target`` (``"metric>=x"``) is checked by
    forcesim (it must name a metric); its own verdict line is in
    ``frame.attrs["target"]``."""
    if not 1 <= len(vary) <= 2:
        raise ValueError("vary one or two parameters")
    with _OutDir(out) as folder:
        args = ["sweep"]
        if scenario is not None:
            args.append(_scenario_path(scenario))
        for key, values in vary.items():
            args += ["--set", _axis_spec(key, values)]
        args += _set_args(set) + _common_args(seed, replications, threads)
        if target is not None:
            args += ["--target", target]
        done = _call(args + ["--out", str(folder)], timeout=timeout)
        frame = read_sweep(folder, list(vary))
    frame.attrs["target"] = [line for line in done.stdout.splitlines() if line.startswith("Target ")]
    return frame


def validate(
    *,
    seed: int = 1,
    out: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    strict: bool = False,
    timeout: float | None = None,
) -> pd.DataFrame:
    """``forcesim validate``: the model against queueing theory; returns
    :func:`read_validation`'s table. A failed check is a result, shown in
    the ``pass`` column; with ``strict=True`` it raises :class:`ForcesimError`
    instead (forcesim exits 1)."""
    with _OutDir(out) as folder:
        for name in ("validation.json", "validation.csv"):
            (folder / name).unlink(missing_ok=True)  # never read a stale file
        args = ["validate", "--seed", str(int(seed)), "--out", str(folder)]
        if threads is not None:
            args += ["--threads", str(int(threads))]
        done = _call(args, ok_codes=(0,) if strict else (0, 1), timeout=timeout)
        frame = read_validation(folder) if (folder / "validation.json").is_file() else None
        if done.returncode != 0 and (frame is None or frame["pass"].all()):
            # Exit 1 without a failed check on file: a runtime failure.
            raise ForcesimError(["forcesim", *args], done.returncode, done.stderr, done.stdout)
        if frame is None:
            raise FileNotFoundError(f"forcesim validate wrote no validation.json to {folder}")
        return frame


def _budget_report(stdout: str) -> tuple[list[str], list[str]]:
    """The option lines and the closing statements of ``sweep --budget``'s
    terminal report (the table between them is budget.csv)."""
    lines = stdout.splitlines()
    options = [line.strip() for line in lines if line.startswith("  option ")]
    table_end = max((i for i, line in enumerate(lines) if line.startswith("└")), default=-1)
    closing = [
        line for line in lines[table_end + 1 :] if line.strip() and not line.startswith("wrote ")
    ]
    return options, closing


def budget_search(
    scenario: str | os.PathLike[str] | None = None,
    *,
    budget: float,
    maximise: str | None = None,
    minimise: str | None = None,
    set: Overrides = None,  # mirrors forcesim's --set (fixed values only)
    seed: int | None = None,
    replications: int | None = None,
    every_combination: bool = False,
    max_combinations: int | None = None,
    out: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    timeout: float | None = None,
) -> pd.DataFrame:
    """``forcesim sweep --budget``: runs the combinations of the scenario's
    ``[[costs.options]]`` that fit ``budget`` (£ a year) — by default only
    those that leave no room for another unit — under common random numbers
    with the base scenario, and returns :func:`read_budget`'s table ranked
    by ``maximise`` or ``minimise`` (a metric name; give exactly one).
    forcesim runs 4 replications a combination unless ``replications`` says,
    and refuses more than ``max_combinations`` (40 by default).

    ``frame.attrs["options"]`` holds forcesim's line for each option (its
    price a unit and cap), ``frame.attrs["conclusions"]`` its closing
    statements (the best combination against the base and the runner-up).
    A search over what was configured, not a guarantee of the best use of
    the money."""
    if (maximise is None) == (minimise is None):
        raise ValueError("give exactly one of maximise= or minimise= (a metric name)")
    with _OutDir(out) as folder:
        (folder / "budget.csv").unlink(missing_ok=True)  # never read a stale file
        args = ["sweep"]
        if scenario is not None:
            args.append(_scenario_path(scenario))
        args += ["--budget", _toml_value(float(budget))]
        args += ["--maximise", maximise] if maximise is not None else ["--minimise", str(minimise)]
        if every_combination:
            args.append("--every-combination")
        if max_combinations is not None:
            args += ["--max-combinations", str(int(max_combinations))]
        args += _set_args(set) + _common_args(seed, replications, threads)
        done = _call(args + ["--out", str(folder)], timeout=timeout)
        frame = read_budget(folder)
    frame.attrs["options"], frame.attrs["conclusions"] = _budget_report(done.stdout)
    return frame
