"""Finding and running the forcesim binary, and the shipped scenarios."""

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
