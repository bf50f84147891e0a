"""The bundled sample against its truth file: what was planted is what custinfo reports."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from custinfo.config import load_rules
from custinfo.dataset import Dataset
from custinfo.io.write import write_annotated
from custinfo.pipeline import run_pipeline
from custinfo.report.summary import build_summary, summary_sheets

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return run_pipeline(SAMPLES / "customers.xlsx", load_rules(None)).dataset


def test_sheets_rows_and_empty_rows(ds: Dataset, truth: dict) -> None:
    for sheet, facts in truth["sheets"].items():
        role = next(s.role for s in ds.book.sheets if s.name == sheet)
        if facts["kind"] == "instructions":
            assert role is None
            continue
        table = ds.book.tables[role]
        assert table.header_row == facts["header_row"]
        assert len(table.frame) == facts["records"]
        assert table.empty_rows == facts.get("empty_rows", 0)


def test_header_mapping_matches_truth(ds: Dataset, truth: dict) -> None:
    for sheet, facts in truth["sheets"].items():
        if facts["kind"] == "instructions":
            continue
        table = next(t for t in ds.book.tables.values() if t.sheet == sheet)
        got = [(c.column, c.field, c.method) for c in table.columns]
        assert got == [(c["column"], c["field"], c["match"]) for c in facts["columns"]]


def test_required_missing_exactly_the_planted_cells(ds: Dataset, truth: dict) -> None:
    planted = sorted(
        (e["sheet"], e["row"], e["column"], e["field"])
        for e in truth["errors"]
        if e["kind"] == "required.missing"
    )
    found = ds.findings[ds.findings["code"].eq("required.missing")]
    assert (
        sorted(map(tuple, found[["sheet", "row", "column", "field"]].to_numpy().tolist()))
        == planted
    )


def test_formula_like_text_stays_text_in_the_annotated_copy(
    ds: Dataset, truth: dict, tmp_path: Path
) -> None:
    out = tmp_path / "a.xlsx"
    summary = build_summary(ds, rules_path=None, timings={}, outputs=[], fail_on="error")
    write_annotated(out, ds, summary_sheets(ds, summary))
    wb = openpyxl.load_workbook(out)
    planted = [e for e in truth["errors"] if e["kind"] == "formula_like_text"]
    assert planted
    for e in planted:
        cell = wb[e["sheet"]][f"{e['column']}{e['row']}"]
        assert cell.data_type == "s" and cell.value == e["value"]


def _cells(ds: Dataset, code: str) -> set[tuple[str, int, str]]:
    f = ds.findings[ds.findings["code"].eq(code)]
    return set(zip(f["sheet"], f["row"].astype(int), f["column"], strict=True))


def test_enum_synonyms_and_invalid_values_exactly_as_planted(ds: Dataset, truth: dict) -> None:
    synonyms = [e for e in truth["errors"] if e["kind"].endswith(".synonym")]
    assert _cells(ds, "enum.synonym") == {(e["sheet"], e["row"], e["column"]) for e in synonyms}
    found = ds.findings[ds.findings["code"].eq("enum.synonym")]
    suggested = dict(
        zip(
            zip(found["sheet"], found["row"].astype(int), found["column"], strict=True),
            found["suggestion"],
            strict=True,
        )
    )
    assert all(suggested[(e["sheet"], e["row"], e["column"])] == e["canonical"] for e in synonyms)
    invalid = {
        (e["sheet"], e["row"], e["column"])
        for e in truth["errors"]
        if e["kind"] == "status.invalid"
    }
    assert _cells(ds, "enum.invalid") == invalid


def test_customer_id_problems_exactly_as_planted(ds: Dataset, truth: dict) -> None:
    by_kind = {
        k: {(e["sheet"], e["row"], e["column"]) for e in truth["errors"] if e["kind"] == k}
        for k in ("id.missing", "id.duplicate")
    }
    assert _cells(ds, "id.missing") == by_kind["id.missing"]
    dup = next(e for e in truth["errors"] if e["kind"] == "id.duplicate")
    assert _cells(ds, "id.duplicate") == by_kind["id.duplicate"] | {
        (dup["sheet"], dup["other_row"], dup["column"])
    }
    assert _cells(ds, "id.format") == set()


def test_dates_exactly_as_planted(truth: dict) -> None:
    import datetime as dt
    from dataclasses import replace

    rules = replace(load_rules(None), as_of=dt.date.fromisoformat(truth["as_of"]))
    ds = run_pipeline(SAMPLES / "customers.xlsx", rules).dataset
    for kind in ("date.unparseable", "date.future"):
        planted = {
            (e["sheet"], e["row"], e["column"]) for e in truth["errors"] if e["kind"] == kind
        }
        assert _cells(ds, kind) == planted, kind
