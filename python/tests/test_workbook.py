"""results.xlsx against the CSVs written beside it, read with openpyxl:
the Government Analysis Function layout (cover, contents, notes, then one
table per sheet, no merged cells, no blank rows inside a table) and the
same numbers as summary.csv and appraisal.csv."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd

import forcesim as fs

SMALL = {"horizon_days": 14}
HEADER_ROW = 4  # title in A1, a line about the table in A2, A3 empty


def table(sheet) -> pd.DataFrame:
    """The sheet's one table (from row 4) as a frame; `[x]` is NaN."""
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    header, body = rows[0], rows[1:]
    assert all(any(v is not None for v in row) for row in body), f"{sheet.title}: blank row in the table"
    frame = pd.DataFrame(body, columns=header)
    return frame.replace("[x]", math.nan)


def check_layout(book: openpyxl.Workbook) -> None:
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    contents = table(book["Contents"])
    assert list(contents["Sheet name"]) == book.sheetnames[2:]
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, f"{sheet.title}: merged cells"
        assert sheet["A1"].value, f"{sheet.title}: no title in A1"
    for name in book.sheetnames[2:]:
        assert len(book[name].tables) == 1, f"{name}: one marked-up table"


def close(a: pd.Series, b: pd.Series) -> bool:
    a, b = a.astype(float).to_numpy(), b.astype(float).to_numpy()
    return bool(((a == b) | (pd.isna(a) & pd.isna(b))).all())


def test_run_workbook_equals_summary_csv(tmp_path: Path) -> None:
    out = tmp_path / "r"
    fs.run(seed=3, replications=2, set=SMALL, out=out)
    book = openpyxl.load_workbook(out / "results.xlsx")
    check_layout(book)
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert cover["Seed"] == "3" and cover["Replications"] == "2"
    assert cover["Scenario"] == "staffordshire-2018"
    assert "forcesim" in cover["Produced by"]

    summary = table(book["Summary"])
    csv = pd.read_csv(out / "summary.csv")
    assert list(summary["Metric"]) == list(csv["metric"])
    for ours, theirs in [
        ("Replications", "n"),
        ("Mean", "mean"),
        ("Standard deviation", "sd"),
        ("95% CI lower", "ci95_low"),
        ("95% CI upper", "ci95_high"),
    ]:
        assert close(summary[ours], csv[theirs]), ours
    # Real number formats: shares as %, money as £.
    sheet = book["Summary"]
    formats = {row[0].value: row[4].number_format for row in sheet.iter_rows(min_row=HEADER_ROW + 1)}
    assert "%" in formats["response.g1.within_target_share"]
    assert "£" in formats["cost.total_per_year"]
    labels = dict(zip(summary["Metric"], summary["Label"]))
    assert labels["response.g1.response_time_mean_min"] == "G1 mean response time"
    assert {"Per_team", "Per_area", "Unmet_demand", "Statements"} <= set(book.sheetnames)


def test_the_same_run_writes_the_same_workbook(tmp_path: Path) -> None:
    for name in ("a", "b"):
        fs.run(seed=4, replications=1, set=SMALL, out=tmp_path / name)
    assert (tmp_path / "a" / "results.xlsx").read_bytes() == (tmp_path / "b" / "results.xlsx").read_bytes()


def test_comparison_workbook_equals_appraisal_csv(tmp_path: Path) -> None:
    out = tmp_path / "c"
    fs.compare(
        "scenarios/staffordshire-2018.toml",
        "scenarios/staffordshire-2019-operating-model.toml",
        seed=2,
        replications=3,
        out=out,
    )
    book = openpyxl.load_workbook(out / "results.xlsx")
    check_layout(book)
    ours = table(book["Appraisal"])
    csv = pd.read_csv(out / "appraisal.csv")
    assert list(ours["Scenario"]) == list(csv["scenario"])
    assert list(ours["Outcome"]) == list(csv["outcome"])
    for a, b in [
        ("Cost difference a year (£)", "cost_difference"),
        ("Improvement", "improvement"),
        ("Cost per unit (£)", "cost_per_unit"),
        ("Cost per unit 95% CI lower (£)", "cost_per_unit_ci95_low"),
        ("Cost per unit 95% CI upper (£)", "cost_per_unit_ci95_high"),
    ]:
        assert close(ours[a], csv[b]), a
    assert set(ours["Dominated"]) <= {"yes", "no"}
