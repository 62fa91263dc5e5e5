"""The package as installed: shipped scenarios, runs from any folder, and
the public functions' type hints and docstrings."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

import forcesim as fs

SHIPPED = {
    "staffordshire-2018",
    "staffordshire-2018-surge",
    "staffordshire-2019-operating-model",
    "staffordshire-2019-precept",
    "staffordshire-2022-forecast",
}


def test_shipped_scenarios_come_with_the_package() -> None:
    assert SHIPPED <= set(fs.scenarios())
    for name in ("staffordshire-2019-precept", "staffordshire-2019-precept.toml",
                 "scenarios/staffordshire-2019-precept.toml"):
        path = fs.scenario_path(name)
        assert path.is_file() and path.name == "staffordshire-2019-precept.toml"
        assert 'extends = "staffordshire-2018.toml"' in path.read_text(encoding="utf-8")
    with pytest.raises(KeyError, match="staffordshire-2018"):
        fs.scenario_path("nowhere")


def test_runs_from_any_folder_with_shipped_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    small = {"horizon_days": 7}
    default = fs.run(seed=2, replications=2, set=small)  # the scenario the binary embeds
    shipped = fs.run("scenarios/staffordshire-2018.toml", seed=2, replications=2, set=small)
    assert isinstance(default.summary, pd.DataFrame) and isinstance(shipped.replications, pd.DataFrame)
    # The embedded default is the shipped file.
    assert default.summary.equals(shipped.summary)
    by_name = fs.run("staffordshire-2019-operating-model", seed=2, replications=1, set=small)
    assert by_name.info["scenario"]["name"] == "staffordshire-2019-operating-model"
    assert list(tmp_path.iterdir()) == []  # nothing written to the current folder


def test_a_local_file_wins_over_a_shipped_scenario_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    local = tmp_path / "scenarios" / "staffordshire-2018.toml"
    local.write_text(f'extends = "{fs.scenario_path("staffordshire-2018").as_posix()}"\n'
                     'name = "local-copy"\nhorizon_days = 7\n', encoding="utf-8")
    res = fs.run("scenarios/staffordshire-2018.toml", seed=1, replications=1)
    assert res.info["scenario"]["name"] == "local-copy"


PUBLIC_FUNCTIONS = [
    name for name, value in vars(fs).items()
    if not name.startswith("_") and inspect.isfunction(value) and value.__module__.startswith("forcesim")
]


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_public_functions_have_type_hints_and_docstrings(name: str) -> None:
    function = getattr(fs, name)
    assert inspect.getdoc(function), f"{name} has no docstring"
    signature = inspect.signature(function)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, f"{name}({parameter.name}): no type"


def test_every_command_has_a_public_function() -> None:
    assert {"run", "compare", "sweep", "validate", "budget_search", "read_results",
            "read_trace", "scenario_path", "scenarios", "find_binary"} <= set(PUBLIC_FUNCTIONS)
