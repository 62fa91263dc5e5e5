"""The helper against the real forcesim binary, on small runs (seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

import forcesim as fs

SMALL = {"horizon_days": 14}


def test_run_returns_metrics_replications_and_profiles() -> None:
    res = fs.run(seed=5, replications=2, set=SMALL)
    g1 = res.metric("response.g1.within_target_share")
    assert g1["n"] == 2 and 0.0 < g1["mean"] <= 1.0
    assert g1["ci95_low"] <= g1["mean"] <= g1["ci95_high"]
    assert sorted(res.replications["replication"].unique()) == [0, 1]
    assert {"response_north", "contact_centre"} <= set(res.hour_of_week["team"])
    assert (res.hour_of_week.groupby("team").size() == 168).all()
    assert res.info["seed"] == 5 and res.info["replications"] == 2
    assert res.info["scenario_as_run"]["horizon_days"] == 14


def test_the_same_seed_gives_the_same_numbers() -> None:
    a = fs.run(seed=11, replications=2, set=SMALL)
    b = fs.run(seed=11, replications=2, set=SMALL)
    assert a.summary.equals(b.summary)


def test_out_keeps_the_files(tmp_path: Path) -> None:
    fs.run("scenarios/staffordshire-2018.toml", seed=1, replications=1, set=SMALL, out=tmp_path / "r")
    assert (tmp_path / "r" / "scenario_as_run.toml").is_file()
    assert fs.read_results(tmp_path / "r").info["replications"] == 1


def test_bad_input_raises_with_forcesim_message() -> None:
    with pytest.raises(fs.ForcesimError) as caught:
        fs.run(replications=1, set={"horizon_days": '"forty"'})
    assert caught.value.returncode == 2
    assert "horizon_days" in caught.value.stderr


def test_compare_gives_paired_differences() -> None:
    frame = fs.compare(
        "scenarios/staffordshire-2018.toml",
        "scenarios/staffordshire-2019-operating-model.toml",
        seed=2,
        replications=2,
    )
    row = frame.set_index("metric").loc["response.g3.response_time_mean_min"]
    assert row["scenario"] == "staffordshire-2019-operating-model"
    assert row["difference"] == pytest.approx(row["other_mean"] - row["base_mean"], rel=1e-6, abs=1e-9)
    assert frame["clear"].dtype == bool


def test_sweep_gives_one_row_per_point_and_metric() -> None:
    key = "teams.response_north.headcount_by_role.constable"
    frame = fs.sweep(
        vary={key: (180, 220, 40)},
        set=SMALL,
        seed=3,
        replications=2,
        target="response.g1.within_target_share>=0.5",
    )
    g1 = frame[frame["metric"] == "response.g1.within_target_share"]
    assert g1[key].tolist() == [180, 220]
    assert (g1["n"] == 2).all()
    assert frame.attrs["target"] and "smallest" in frame.attrs["target"][0]


def test_sweep_with_an_unknown_target_metric_raises() -> None:
    with pytest.raises(fs.ForcesimError, match="no metric named"):
        fs.sweep(
            vary={"teams.response_north.headcount_by_role.constable": (180, 180, 1)},
            set=SMALL,
            replications=2,
            target="response.g9.nothing>=0.5",
        )


def test_validate_returns_every_check_with_parameters() -> None:
    frame = fs.validate(seed=1)
    assert len(frame) >= 28 and frame["pass"].all()
    erlang = frame[frame["case"].str.contains("Erlang C") & frame["arrival_rate_per_min"].notna()]
    assert len(erlang) >= 12
    assert set(erlang["servers"]) >= {1.0, 3.0, 10.0, 20.0}


def short_scenario(tmp_path: Path, shipped: str, days: int = 28) -> Path:
    """A shipped scenario over `days` days (compare takes no --set)."""
    path = tmp_path / f"{Path(shipped).stem}-{days}d.toml"
    base = fs.scenario_path(shipped)
    path.write_text(f'extends = "{base.as_posix()}"\nhorizon_days = {days}\n', encoding="utf-8")
    return path


def test_compare_full_gives_the_appraisal_of_the_precept(tmp_path: Path) -> None:
    result = fs.compare(
        short_scenario(tmp_path, "scenarios/staffordshire-2018.toml"),
        short_scenario(tmp_path, "scenarios/staffordshire-2019-precept.toml"),
        seed=2,
        replications=2,
        out=tmp_path / "out",
        full=True,
    )
    assert isinstance(result, fs.Comparison)
    assert result.info["scenarios"] == ["staffordshire-2018", "staffordshire-2019-precept"]
    assert result.info["replications"] == 2
    revenue = result.metric("funding.precept_change_revenue.year_1")["mean"]
    assert revenue.tolist() == [0.0, pytest.approx(9_300_000)]
    appraisal = result.appraisal
    assert appraisal is not None
    assert {"g1_response_time", "g1_within_target", "investigations_completed"} <= set(appraisal["outcome"])
    cost = result.metric("cost.total_per_year")["mean"]
    difference = cost.iloc[1] - cost.iloc[0]
    assert difference > 0
    assert appraisal["cost_difference"].tolist() == pytest.approx([difference] * len(appraisal))
    # A ratio is given exactly when the outcome clearly changes.
    undefined = appraisal["cost_per_unit"].isna()
    assert (undefined == (appraisal["reading"] == "no clear change in the outcome")).all()
    assert (appraisal.loc[undefined, "improvement_ci95_low"] <= 0).all()
    assert (fs.read_appraisal(tmp_path / "out")["outcome"] == appraisal["outcome"]).all()


def test_budget_search_ranks_affordable_combinations() -> None:
    # £200,000 buys at most two units of call handlers (about £82,000 each).
    frame = fs.budget_search(
        "scenarios/staffordshire-2018.toml",
        budget=200_000,
        maximise="response.g1.within_target_share",
        set=SMALL,
        seed=4,
        replications=2,
    )
    assert frame["units.call_handlers"].tolist() == [2]
    assert (frame["planned_extra_cost_per_year"] <= 200_000).all()
    assert frame["metric"].tolist() == ["response.g1.within_target_share"]
    assert frame.attrs["options"] and frame.attrs["conclusions"][0].startswith("A search over")
