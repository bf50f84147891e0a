"""The dedupe stage (stage.py): the same customer found however it was typed, merged, explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custinfo.config import Rules
    from custinfo.dataset import Dataset


def run(ds: Dataset, rules: Rules) -> Dataset:
    from custinfo.dedupe.stage import run as run_stage

    return run_stage(ds, rules)
