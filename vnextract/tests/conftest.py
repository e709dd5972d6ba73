"""Markers of vnextract's tests (registered here: the project's pytest options are shared)."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "heavy: a robustness test of a second or more (large or hostile input); it stays in "
        "the default run, deselect with -m 'not heavy'",
    )
