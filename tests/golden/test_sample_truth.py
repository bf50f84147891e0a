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
    return run_pipeline(SAMPLES / "customers.xlsx", load_rules(None), until="validate").dataset


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
    ds = run_pipeline(SAMPLES / "customers.xlsx", rules, until="validate").dataset
    for kind in ("date.unparseable", "date.future"):
        planted = {
            (e["sheet"], e["row"], e["column"]) for e in truth["errors"] if e["kind"] == kind
        }
        assert _cells(ds, kind) == planted, kind


@pytest.fixture(scope="module")
def ds_as_of(truth: dict) -> Dataset:
    """The sample checked on the day it describes (follow-up checks depend on the date)."""
    import datetime as dt
    from dataclasses import replace

    rules = replace(load_rules(None), as_of=dt.date.fromisoformat(truth["as_of"]))
    return run_pipeline(SAMPLES / "customers.xlsx", rules, until="validate").dataset


def test_orphans_exactly_as_planted(ds_as_of: Dataset, truth: dict) -> None:
    planted = {
        (e["sheet"], e["row"], e["column"]) for e in truth["errors"] if e["kind"] == "orphan"
    }
    assert len(planted) == 5
    assert _cells(ds_as_of, "ref.orphan") == planted


def test_next_contact_before_last_contact_exactly_as_planted(
    ds_as_of: Dataset, truth: dict
) -> None:
    planted = {
        (e["sheet"], e["row"], e["column"])
        for e in truth["errors"]
        if e["kind"] == "logic.next_before_first"
    }
    assert len(planted) == 3
    assert _cells(ds_as_of, "logic.next_before_last_contact") == planted


# Rows whose planted problem changes the dates, status or ID the follow-up checks read.
_TOUCHED = {"first_contact", "next_contact", "status", "customer_id"}


def _expected_followup(truth: dict) -> dict[str, set[int]]:
    """What the generator's own model says, computed here independently of custinfo's code."""
    import datetime as dt

    as_of = dt.date.fromisoformat(truth["as_of"])
    out: dict[str, set[int]] = {"stale": set(), "overdue": set(), "deal": set()}
    for c in truth["customer_facts"]:
        dates = [dt.date.fromisoformat(d) for d in (c["first"], *c["contacts"])]
        latest = max(d for d in dates if d <= as_of)
        nxt = dt.date.fromisoformat(c["next"]) if c["next"] else None
        followed = c["status"] != "流失客户"
        if followed and (as_of - latest).days > 182:
            out["stale"].add(c["row"])
        if followed and nxt is not None and nxt < as_of and latest < nxt:
            out["overdue"].add(c["row"])
        if c["status"] in ("成交客户", "首次合作客户", "长期战略客户") and c["orders"] == 0:
            out["deal"].add(c["row"])
    return out


def test_followup_and_deals_match_the_generators_model(ds_as_of: Dataset, truth: dict) -> None:
    checked = {
        c["row"]
        for c in truth["customer_facts"]
        if c["planted_field"] not in _TOUCHED and not c["contact_date_planted"]
    }
    assert len(checked) > 400
    expected = _expected_followup(truth)
    for key, slug in (
        ("stale", "followup.stale"),
        ("overdue", "followup.overdue"),
        ("deal", "logic.deal_without_transaction"),
    ):
        found = {r for s, r, _ in _cells(ds_as_of, slug) if s == "客户信息"} & checked
        assert found == expected[key] & checked, slug
        assert expected[key] & checked, f"the sample should exercise {slug}"


def test_every_finding_on_the_sample_is_explained(ds_as_of: Dataset, truth: dict) -> None:
    """Planted problems plus what the generator's model implies — nothing else."""
    planted = {(e["sheet"], e["row"], e["column"]) for e in truth["errors"]}
    derived = {"followup.stale", "followup.overdue", "logic.deal_without_transaction"}
    f = ds_as_of.findings
    f = f[~f["code"].isin(derived) & ~f["code"].str.startswith("header.")]
    unexplained = [
        (s, r, c, code)
        for s, r, c, code in zip(
            f["sheet"], f["row"].astype(int), f["column"], f["code"], strict=True
        )
        if (s, r, c) not in planted
    ]
    # id.duplicate marks both occurrences; the truth names the earlier one as `other_row`
    dup = next(e for e in truth["errors"] if e["kind"] == "id.duplicate")
    unexplained = [u for u in unexplained if (u[1], u[3]) != (dup["other_row"], "id.duplicate")]
    assert unexplained == []


@pytest.fixture(scope="module")
def normalized(truth: dict) -> Dataset:
    import datetime as dt
    from dataclasses import replace

    rules = replace(load_rules(None), as_of=dt.date.fromisoformat(truth["as_of"]))
    return run_pipeline(SAMPLES / "customers.xlsx", rules, until="normalize").dataset


def test_every_planted_synonym_is_normalized_to_its_standard_value(
    normalized: Dataset, truth: dict
) -> None:
    synonyms = [e for e in truth["errors"] if e["kind"].endswith(".synonym")]
    changes = normalized.changes
    changed = {
        (s, int(r), f): (old, new)
        for s, r, f, old, new in zip(
            changes["sheet"],
            changes["row"],
            changes["field"],
            changes["old"],
            changes["new"],
            strict=True,
        )
    }
    for e in synonyms:
        assert changed[(e["sheet"], e["row"], e["field"])] == (e["value"], e["canonical"]), e
    assert not normalized.findings["code"].eq("enum.synonym").any()


def test_changes_quote_what_was_typed(normalized: Dataset, ds: Dataset) -> None:
    """Every change's old value is the cell as read; nothing changes without a record."""
    for kind, table in ds.book.tables.items():
        before = table.frame.set_index("_row")
        after = normalized.book.tables[kind].frame.set_index("_row")
        mine = normalized.changes[normalized.changes["sheet"].eq(table.sheet)]
        recorded = set(zip(mine["row"].astype(int), mine["field"], strict=True))
        for field in [c for c in before.columns if c != "_sheet"]:
            differs = before[field].fillna("").astype(str).ne(after[field].fillna("").astype(str))
            assert {(int(r), field) for r in before.index[differs]} <= recorded, field
        for r, f, old in zip(mine["row"].astype(int), mine["field"], mine["old"], strict=True):
            assert str(before.at[r, f]) == old


def test_regions_normalize_to_the_generators_province_and_city(
    normalized: Dataset, truth: dict
) -> None:
    """所在地区 is typed in ten ways (深圳, 广东深圳, Shenzhen, 深圳南山 …); all read as the city."""
    frame = normalized.customers.set_index("_row")
    facts = {c["row"]: c for c in truth["customer_facts"]}
    rows = [r for r in facts if r in frame.index]
    got = {r: (frame.at[r, "province"], frame.at[r, "city"]) for r in rows}
    want = {r: (facts[r]["province"], facts[r]["city"]) for r in rows}
    assert len(rows) > 400
    assert got == want


def test_phones_normalize_to_the_generators_number(normalized: Dataset, truth: dict) -> None:
    """Mobiles and landlines typed with +86, spaces, dashes, full-width digits or labels read as
    the number the generator made (rows with a planted phone problem excepted)."""
    frame = normalized.customers.set_index("_row")
    planted = {e["row"] for e in truth["errors"] if e["field"] == "phone"}
    facts = [c for c in truth["customer_facts"] if c["row"] not in planted]
    assert len(facts) > 400
    misses = [
        (c["row"], frame.at[c["row"], "phone"], c["phone"])
        for c in facts
        if frame.at[c["row"], "phone"] != c["phone"]
    ]
    assert misses == []
