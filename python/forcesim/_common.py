"""Constants, errors and types shared by the modules of the package."""

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

#: Trailing columns added in later forcesim versions, by file name: a file
#: written before them (without these columns) is still read, the columns
#: then filled with empty text. ``ci95_note`` is ``truncated`` when the CI was
#: cut to the metric's range, ``zero_width`` when every replication gave the
#: same value, else empty.
_ADDED_COLUMNS: dict[str, list[str]] = {"summary.csv": ["ci95_note"]}

#: Expected CSV headers, by file name. Sweep files start with the swept keys.
_HEADERS: dict[str, list[str]] = {
    "summary.csv": ["metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high", "ci95_note"],
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
