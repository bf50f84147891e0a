"""What validate and run share: load rules, run the pipeline, write, summarise, pick the exit code."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import typer

from custinfo.cli.render import print_json, print_summary, progress
from custinfo.config import Rules, decisions_path, default_rules_path, load_rules
from custinfo.dataset import PairDecision
from custinfo.errors import ExitCode
from custinfo.io.atomic import published_together
from custinfo.io.decisions import read_review, read_store, write_store
from custinfo.io.history import history_lock, record
from custinfo.outputs import (
    check_ledger,
    check_output,
    ensure_dir,
    history_path,
    report_period,
    write_data,
    write_ledger,
    write_summary_files,
)
from custinfo.pipeline import run_pipeline
from custinfo.report.privacy import mask_dataset
from custinfo.report.summary import build_summary


@dataclass(frozen=True)
class JobOptions:
    source: Path
    rules_path: Path | None
    data_out: Path  # the annotated workbook (or .csv/.jsonl/.parquet)
    summary_out: tuple[Path, Path] | None  # (json, md) files, for `run`
    until: str | None
    json: bool
    quiet: bool
    lang: str
    fail_on: str | None
    sheet: str | None
    as_of: dt.date | None = None
    ledger_out: Path | None = None  # dedupe --ledger
    masters: bool = False  # data_out holds the merged customers (custinfo dedupe)
    decisions: Path | None = None  # a reviewed 待确认 sheet (--decisions)
    unmerge: tuple[str, ...] = ()  # merged customers to split back (dedupe --unmerge)
    segments: bool = False  # data_out holds each customer's tags and RFM (custinfo segment)
    rfm: bool = False  # segment --rfm: RFM even when rules.yaml turns it off
    record_history: bool = False  # custinfo run: record the run in the history
    history: Path | None = None  # --history (default: beside the rules file)
    report: Literal["week", "month"] | None = None  # --report: write the period's report
    mask: bool = False  # --mask: names, phones, WeChat and e-mail masked in every output

    @classmethod
    def from_cli(
        cls,
        *,
        fail_on: Any,  # options.FailOn | None
        as_of: dt.datetime | None,
        lang: Any,  # options.Lang
        **rest: Any,
    ) -> JobOptions:
        """The shared options as the commands receive them, converted once for every command."""
        return cls(
            fail_on=fail_on.value if fail_on else None,
            as_of=as_of.date() if as_of else None,
            lang=str(lang),
            **rest,
        )


def run_job(opts: JobOptions) -> dict[str, Any]:
    """Run and write everything, print the summary, and exit 1 when findings reach --fail-on.
    A run that records history holds the history's lock from start to end."""
    rules = _rules(opts)
    if not opts.record_history:
        return _job(opts, rules, None)
    history = opts.history or history_path(rules.path)
    ensure_dir(history.parent)
    with history_lock(history):
        return _job(opts, rules, history)


def _job(opts: JobOptions, rules: Rules, history: Path | None) -> dict[str, Any]:
    store = decisions_path(rules.path)
    remembered, reviewed = _decisions(opts, store)
    rules = replace(rules, decisions=remembered + reviewed, unmerge=opts.unmerge, lang=opts.lang)
    check_output(opts.data_out, opts.source)
    if opts.ledger_out:
        check_ledger(opts.ledger_out, opts.source)
    with progress(not opts.quiet and not opts.json, opts.lang) as on_step:
        result = run_pipeline(opts.source, rules, until=opts.until, on_step=on_step)
        # what is written and printed; the history keeps the data as it is (it is never shared)
        shown = mask_dataset(result.dataset, personal=opts.mask)
        extra = [*(opts.summary_out or ()), *([opts.ledger_out] if opts.ledger_out else [])]
        outputs = [str(opts.data_out), *(str(p) for p in extra)]
        fail_on = opts.fail_on or rules.config.validate_.fail_on
        start = time.perf_counter()
        summary = build_summary(
            shown,
            rules_path=rules.path,
            timings=result.timings,
            outputs=outputs,
            fail_on=fail_on,
            lang=opts.lang,
            as_of=rules.as_of,
        )
        timings = summary["timings"]  # every step after the pipeline's, in seconds
        start = _lap(timings, "summary", start)
        on_step("write")
        for path in {opts.data_out, *extra}:
            ensure_dir(path.parent)
        # Every file is written before any replaces its previous version, and the history is
        # recorded (one transaction) just before they do: a run that fails or is killed leaves
        # the previous outputs and history as they were (docs/cli.md, "中断与失败").
        with published_together():
            write_data(
                opts.data_out,
                shown,
                rules,
                summary,
                opts.lang,
                masters=opts.masters,
                segments=opts.segments,
            )
            if opts.ledger_out:
                write_ledger(opts.ledger_out, shown)
            dedupe = result.dataset.dedupe
            made = reviewed + (dedupe.decisions if dedupe else ())
            if made:
                write_store(store, remembered + made)
                summary["decisions_file"] = str(store)
            start = _lap(timings, "write", start)
            period = None
            if history is not None:
                on_step("history")
                period = report_period(
                    result.dataset,
                    rules,
                    source=opts.source,
                    history=history,
                    kind=opts.report or "week",
                    report_dir=opts.data_out.parent if opts.report else None,
                    mask=opts.mask,
                    lang=opts.lang,
                )
                summary["outputs"] += [str(p) for p in period.written]
                summary["history"] = str(history)
                summary["report"] = period.headline
                start = _lap(timings, "report", start)
            if opts.summary_out:
                on_step("summary_files")
                write_summary_files(*opts.summary_out, summary, opts.lang)
                start = _lap(timings, "summary_files", start)  # the files hold the steps before
            if history and period:  # last: its transaction is what makes the run count
                record(history, period.run, period.snapshot)
                _lap(timings, "history", start)  # in --json only, like summary_files
    if opts.json:
        print_json(summary)
    elif not opts.quiet:
        print_summary(summary, opts.lang)
    if summary["failed"]:
        raise typer.Exit(int(ExitCode.FINDINGS))
    return summary


def _lap(timings: dict[str, float], name: str, start: float) -> float:
    """Record the seconds since `start` under `name`; return now, the next step's start."""
    now = time.perf_counter()
    timings[name] = round(now - start, 3)
    return now


def _decisions(
    opts: JobOptions, store: Path
) -> tuple[tuple[PairDecision, ...], tuple[PairDecision, ...]]:
    """(remembered, just reviewed) dedupe decisions, read only when the dedupe stage runs."""
    if opts.until not in (None, "dedupe", "segment"):
        return (), ()
    if opts.decisions:
        check_output(store, opts.source)
    return read_store(store), (read_review(opts.decisions) if opts.decisions else ())


def _rules(opts: JobOptions) -> Rules:
    rules = load_rules(opts.rules_path or default_rules_path())
    if opts.sheet:
        cfg = rules.config.model_copy(
            update={"input": rules.config.input.model_copy(update={"sheet": opts.sheet})}
        )
        rules = replace(rules, config=cfg)
    if opts.rfm and not rules.config.segment.rfm.enabled:
        seg = rules.config.segment
        rfm = seg.rfm.model_copy(update={"enabled": True})
        cfg = rules.config.model_copy(update={"segment": seg.model_copy(update={"rfm": rfm})})
        rules = replace(rules, config=cfg)
    if opts.as_of:
        rules = replace(rules, as_of=opts.as_of)
    return rules
