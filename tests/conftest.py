"""Shared fixtures: tiny tables built in code, the default rules, hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from custinfo.config import Rules, load_rules

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _history_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`custinfo run` records history beside the rules (the working directory without any);
    tests keep it out of the repository unless they choose a place themselves."""
    if "CUSTINFO_HISTORY" not in os.environ:
        where = tmp_path_factory.mktemp("history") / "custinfo.history.sqlite"
        monkeypatch.setenv("CUSTINFO_HISTORY", str(where))


@pytest.fixture
def rules() -> Rules:
    return load_rules(None)
