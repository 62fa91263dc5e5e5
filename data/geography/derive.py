#!/usr/bin/env python3
"""Derive Staffordshire's local-authority table from Census 2011 LSOA data.

Source: the LSOA tables shipped inside the PyPI package crime-sim-toolkit
1.5.0 (`crime_sim_toolkit/src/LSOA_data/`):

- `PoliceforceLSOA.csv`: every LSOA in England and Wales with its local
  authority and police force area (ONS lookup).
- `census_2011_population_hh.csv`: ONS Census 2011 usual residents (all,
  in households, in communal establishments), area in hectares and
  households per LSOA.

Both contain public sector information licensed under the Open Government
Licence v3.0 (Office for National Statistics, Census 2011).

Usage (no network beyond PyPI):

    pip download --no-deps crime-sim-toolkit==1.5.0 -d /tmp/cst
    unzip -q /tmp/cst/crime_sim_toolkit-1.5.0-py3-none-any.whl -d /tmp/cst/whl
    python3 data/geography/derive.py /tmp/cst/whl/crime_sim_toolkit/src/LSOA_data \
        > data/geography/staffordshire_local_authorities.csv

Output: one row per local authority in the Staffordshire police force area
(Stoke-on-Trent and the eight districts), sorted by code, with the LSOA
count, usual residents, households, area (hectares and km²) and persons per
km², and a total row check on stderr (687 LSOAs).
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

FORCE = "Staffordshire"


def number(text: str) -> int:
    """Census counts are written with thousands separators ("1,563")."""
    return int(text.replace(",", ""))


def main(folder: Path) -> None:
    force_of = {}
    with open(folder / "PoliceforceLSOA.csv", newline="") as f:
        for row in csv.DictReader(f):
            force_of[row["LSOA Code"]] = row["Police_force"]

    totals = defaultdict(lambda: {"lsoas": 0, "persons": 0, "households": 0, "hectares": 0})
    names = {}
    with open(folder / "census_2011_population_hh.csv", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        # Columns: ... LSOA Code (6), LSOA Name (7), blank (8), Persons all (9),
        # in households (10), in communal establishments (11), Hectares (12),
        # Persons per hectare (13), Households (14), Persons per household (15).
        assert header[6] == "LSOA Code" and header[12] == "Hectares" and header[14] == "Households", header
        for row in reader:
            if force_of.get(row[6]) != FORCE:
                continue
            code = row[2]
            names[code] = row[3]
            t = totals[code]
            t["lsoas"] += 1
            t["persons"] += number(row[9])
            t["households"] += number(row[14])
            t["hectares"] += number(row[12])

    lsoas = sum(t["lsoas"] for t in totals.values())
    if lsoas != 687:
        sys.exit(f"expected 687 LSOAs in {FORCE}, found {lsoas}")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["la_code", "la_name", "lsoas", "persons_2011", "households_2011",
                  "hectares", "area_km2", "persons_per_km2"])
    for code in sorted(totals):
        t = totals[code]
        km2 = t["hectares"] / 100
        out.writerow([code, names[code].removesuffix(" UA"), t["lsoas"], t["persons"],
                      t["households"], t["hectares"], f"{km2:.2f}", f"{t['persons'] / km2:.1f}"])
    print(f"{FORCE}: {lsoas} LSOAs, {sum(t['persons'] for t in totals.values())} persons, "
          f"{sum(t['hectares'] for t in totals.values()) / 100:.0f} km²", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
