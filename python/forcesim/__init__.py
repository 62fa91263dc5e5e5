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

#: The output layout this helper understands (``schema_version`` in forcesim's JSON).
SCHEMA_VERSION = 1

#: Expected CSV headers, by file name. Sweep files start with the swept keys.
_HEADERS: dict[str, list[str]] = {
    "summary.csv": ["metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high"],
    "replications.csv": ["replication", "metric", "unit", "value"],
    "comparison.csv": [
        "metric",
        "unit",
        "scenario",
        "base_mean",
        "other_mean",
        "difference",
        "ci95_low",
        "ci95_high",
        "clear",
    ],
    "sweep.csv": ["metric", "unit", "n", "mean", "ci95_low", "ci95_high"],
    "appraisal.csv": [
        "scenario",
        "outcome",
        "per",
        "base_cost_per_year",
        "other_cost_per_year",
        "cost_difference",
        "cost_ci95_low",
        "cost_ci95_high",
        "improvement",
        "improvement_ci95_low",
        "improvement_ci95_high",
        "cost_per_unit",
        "cost_per_unit_ci95_low",
        "cost_per_unit_ci95_high",
        "reading",
    ],
    # budget.csv: rank, bought, one units.OPTION column per option, then these.
    "budget.csv": [
        "planned_extra_cost_per_year",
        "cost_total_per_year",
        "metric",
        "mean",
        "difference",
        "ci95_low",
        "ci95_high",
        "clear",
    ],
}

#: The ``kind`` of ``comparison.json``.
_COMPARISON_KIND = "forcesim-comparison"

#: Scenario overrides: ``{"horizon_days": 28}`` or ``["horizon_days=28"]``.
Overrides = Mapping[str, Any] | Iterable[str] | None
#: A swept range: ``"20..40:4"``, ``(20, 40, 4)`` (inclusive) or ``range(20, 41, 4)``.
AxisRange = str | Sequence[float] | range


class ForcesimError(RuntimeError):
    """forcesim exited non-zero; ``stderr`` holds its message.

    ``returncode`` is 2 for bad input (scenario or arguments) and 1 for a
    runtime failure, as documented by ``forcesim --help``.
    """

    def __init__(self, command: Sequence[str], returncode: int, stderr: str, stdout: str = ""):
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        self.stdout = stdout
        super().__init__(
            f"forcesim exited with code {returncode}: {' '.join(self.command)}\n{stderr.strip()}"
        )


class SchemaError(ValueError):
    """A forcesim output file is not in the layout this helper reads."""


# --------------------------------------------------------------------------
# Finding and running the binary
# --------------------------------------------------------------------------


#: The shipped scenarios, installed with the package (``scenarios/`` of the
#: repository).
SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"


def _checkout() -> Path | None:
    """The forcesim repository this module is part of (``python/forcesim``
    beside ``Cargo.toml``), or None when it is installed from a wheel."""
    package = Path(__file__).resolve().parent
    root = package.parent.parent
    if package.parent.name == "python" and (root / "Cargo.toml").is_file():
        return root
    return None


def repo_root() -> Path:
    """The forcesim repository holding this module (the folder with
    Cargo.toml); FileNotFoundError when the package is installed from a
    wheel (use :func:`scenario_path` for the shipped scenarios)."""
    root = _checkout()
    if root is None:
        raise FileNotFoundError(
            f"{Path(__file__).resolve().parent} is an installed package, not a forcesim checkout; "
            "fs.scenario_path(NAME) gives the shipped scenarios"
        )
    return root


def scenarios() -> list[str]:
    """The names of the shipped scenarios (e.g. ``staffordshire-2018``),
    which :func:`scenario_path` and every function taking a scenario accept."""
    return sorted(p.stem for p in SCENARIOS_DIR.glob("*.toml"))


def scenario_path(name: str | os.PathLike[str]) -> Path:
    """The file of the shipped scenario ``name``: ``"staffordshire-2018"``,
    ``"staffordshire-2018.toml"`` or ``"scenarios/staffordshire-2018.toml"``.
    KeyError (naming the shipped ones) if there is no such scenario."""
    stem = Path(name).name.removesuffix(".toml")
    path = SCENARIOS_DIR / f"{stem}.toml"
    if not path.is_file():
        raise KeyError(f"no shipped scenario {str(name)!r}; the shipped ones are {scenarios()}")
    return path


def _installed_binary() -> Path | None:
    """The ``forcesim`` executable installed with this package's wheel (from
    the distribution's file list, so ``--user`` and venv installs both
    work), if the package was installed that way."""
    try:
        files = importlib.metadata.files("forcesim") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name in ("forcesim", "forcesim.exe") and file.parent.name in ("bin", "Scripts"):
            path = Path(str(file.locate())).resolve()
            if path.is_file():
                return path
    return None


def find_binary(*, build: bool = True) -> Path:
    """The forcesim binary: ``$FORCESIM_BIN``; else in a checkout its
    release build; else the one installed with this package; else
    ``forcesim`` on the PATH.

    In a checkout, if the release build is missing and ``build`` is true,
    runs ``cargo build --release`` first (minutes on two cores, once).
    """
    env = os.environ.get("FORCESIM_BIN")
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"FORCESIM_BIN={env} is not a file")
        return path
    root = _checkout()
    if root is None:
        installed = _installed_binary() or shutil.which("forcesim")
        if installed is None:
            raise FileNotFoundError(
                "no forcesim binary: install the forcesim wheel, put forcesim on the PATH "
                "(cargo install --path .) or set FORCESIM_BIN"
            )
        return Path(installed)
    path = root / "target" / "release" / "forcesim"
    if not path.is_file() and build:
        cargo = shutil.which("cargo")
        if cargo is None:
            raise FileNotFoundError(
                f"{path} is missing and cargo is not on PATH: build forcesim or set FORCESIM_BIN"
            )
        done = subprocess.run(
            [cargo, "build", "--release", "--quiet"], check=False, cwd=root, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise ForcesimError(["cargo", "build", "--release"], done.returncode, done.stderr)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `cargo build --release` or set FORCESIM_BIN")
    return path


def _call(
    args: Sequence[str], *, ok_codes: Sequence[int] = (0,), timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs forcesim with ``args`` (and ``--quiet``: no progress lines in
    the captured stderr) in the current folder; raises
    :class:`ForcesimError` on an exit code outside ``ok_codes``."""
    command = [str(find_binary()), *args, "--quiet"]
    env = {**os.environ, "TERM": "dumb"}
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode not in ok_codes:
        raise ForcesimError(command, done.returncode, done.stderr, done.stdout)
    return done


def _scenario_path(scenario: str | os.PathLike[str]) -> str:
    """A scenario path for forcesim: as given if absolute; else the file
    relative to the current folder if there is one; else relative to the
    checkout (``scenarios/x.toml``); else the shipped scenario of that name
    (:func:`scenario_path`); else as given (forcesim reports it missing)."""
    path = Path(scenario).expanduser()
    if path.is_absolute():
        return str(path)
    if path.exists():
        return str(path.resolve())
    root = _checkout()
    if root is not None and (root / path).is_file():
        return str(root / path)
    try:
        return str(scenario_path(path))
    except KeyError:
        return str(path)


def _toml_value(value: Any) -> str:
    """A Python value as TOML text for ``--set``: numbers and booleans are
    converted; strings are passed through as TOML (quote TOML strings yourself)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"cannot pass {value!r} ({type(value).__name__}) to --set; give TOML text")


def _set_args(overrides: Overrides) -> list[str]:
    """``--set KEY=VALUE`` arguments from a mapping or ``KEY=VALUE`` strings."""
    if overrides is None:
        return []
    if isinstance(overrides, str):
        raise TypeError("give overrides as a mapping or a list of 'KEY=VALUE' strings, not one string")
    if isinstance(overrides, Mapping):
        pairs = [f"{k}={_toml_value(v)}" for k, v in overrides.items()]
    else:
        pairs = list(overrides)
    for p in pairs:
        if "=" not in p:
            raise ValueError(f"override {p!r} is not KEY=VALUE")
    return [a for p in pairs for a in ("--set", p)]


def _common_args(seed: int | None, replications: int | None, threads: int | None) -> list[str]:
    args: list[str] = []
    if seed is not None:
        args += ["--seed", str(int(seed))]
    if replications is not None:
        args += ["-n", str(int(replications))]
    if threads is not None:
        args += ["--threads", str(int(threads))]
    return args


class _OutDir:
    """The ``out`` folder if given (kept), else a temporary one (removed)."""

    def __init__(self, out: str | os.PathLike[str] | None):
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if out is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="forcesim-")
            self.path = Path(self._tmp.name)
        else:
            self.path = Path(out).resolve()

    def __enter__(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


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
    if got != header:
        raise SchemaError(f"{path}: columns {got}, expected {header}")
    return frame


@dataclass(frozen=True)
class Results:
    """The outputs of one ``forcesim run --out DIR``."""

    #: Folder the files were read from (removed afterwards if it was temporary).
    out: Path
    #: One row per metric: metric, unit, n, mean, sd, ci95_low, ci95_high.
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
    ``{"horizon_days": 28, "teams.response_north.shifts[2].staff": 36}``.
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
    or two parameters (``vary={"teams.response_north.shifts[2].staff": (20, 48, 4)}``,
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
