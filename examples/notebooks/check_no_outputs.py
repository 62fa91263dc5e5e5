#!/usr/bin/env python3
"""Fails if a committed notebook holds outputs, execution counts or timings.

Notebooks are committed clean so that their diffs show only what a person
wrote; CI executes them into a temporary folder instead. Run with ``--fix``
to clear outputs and execution counts in place (standard library only, so
it runs before any virtual environment exists).

    python3 examples/notebooks/check_no_outputs.py [--fix] [NOTEBOOK...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def problems(notebook: dict) -> list[str]:
    """What is left in a notebook that should not be committed."""
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {index} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"cell {index} has execution_count {cell['execution_count']}")
        if "execution" in cell.get("metadata", {}):
            found.append(f"cell {index} has execution timings in its metadata")
    return found


def clear(notebook: dict) -> None:
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell.get("metadata", {}).pop("execution", None)


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    paths = [Path(a) for a in argv if a != "--fix"] or sorted(Path(__file__).parent.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        found = problems(notebook)
        if found and fix:
            clear(notebook)
            text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
            print(f"{path}: cleared ({len(found)} item(s))")
        elif found:
            failed += 1
            print(f"{path}: " + "; ".join(found), file=sys.stderr)
    if failed:
        print(f"{failed} notebook(s) committed with outputs: run "
              "`python3 examples/notebooks/check_no_outputs.py --fix`", file=sys.stderr)
        return 1
    print(f"{len(paths)} notebooks have no outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
