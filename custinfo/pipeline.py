"""Read once, run the stages in order, stop where the command needs to; time each step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from custinfo import dedupe, normalize, validate
from custinfo.config import Rules
from custinfo.dataset import Dataset
from custinfo.io.read import read_book
from custinfo.rules import segment

StageFn = Callable[[Dataset, Rules], Dataset]


@dataclass(frozen=True)
class Stage:
    name: str
    run: StageFn


# commands stop with `until`
STAGES: tuple[Stage, ...] = (
    Stage("validate", validate.run),
    Stage("normalize", normalize.run),
    Stage("dedupe", dedupe.run),
    Stage("segment", segment.run),
)


@dataclass
class Result:
    dataset: Dataset
    timings: dict[str, float] = field(default_factory=dict)  # step name -> seconds


def run_pipeline(
    path: Path,
    rules: Rules,
    *,
    until: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Result:
    """Ingest `path` and run the stages up to and including `until` (all when None)."""
    names = [s.name for s in STAGES]
    if until is not None and until not in names:
        raise ValueError(f"unknown stage {until!r}; stages are {names}")
    timings: dict[str, float] = {}

    def step(name: str) -> float:
        if on_step:
            on_step(name)
        return time.perf_counter()

    start = step("read")
    book = read_book(path, rules.registry, rules.config.input)
    ds = Dataset.from_book(book)
    timings["read"] = time.perf_counter() - start
    for stage in STAGES:
        start = step(stage.name)
        ds = stage.run(ds, rules)
        timings[stage.name] = time.perf_counter() - start
        if stage.name == until:
            break
    # the views the stages shared (parsed dates …) are theirs: what follows needs the memory
    return Result(replace(ds, views={}), timings)
