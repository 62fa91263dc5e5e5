"""The tests import ``forcesim`` as installed (CI: the built wheel in a fresh
virtual environment outside the repository). To test the source tree
instead: ``PYTHONPATH=python python -m pytest python/tests``."""

from __future__ import annotations

import forcesim


def pytest_report_header() -> list[str]:
    """Says which forcesim package and binary are under test."""
    try:
        binary = str(forcesim.find_binary(build=False))
    except FileNotFoundError as e:
        binary = f"none ({e})"
    return [f"forcesim package: {forcesim.__file__}", f"forcesim binary: {binary}"]
