"""Decisions tied to records by key (dedupe/decisions.py) and kept on disk (io/decisions.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.dataset import ROW_COL, PairDecision
from custinfo.dedupe.decisions import Decided, fingerprints, pack, record_keys, resolve, unpack
from custinfo.errors import InputError
from custinfo.io.decisions import parse_answer, read_store, write_store


def _frame(**cols: list[object]) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    return pd.DataFrame({ROW_COL: range(2, n + 2), **cols})


def test_pack_is_order_free_and_unpacks() -> None:
    packed = pack(np.array([5, 1]), np.array([1, 5]))
    assert packed[0] == packed[1]
    left, right = unpack(packed)
    assert left.tolist() == [1, 1] and right.tolist() == [5, 5]


def test_record_keys_use_unique_ids_else_fingerprints() -> None:
    f = _frame(customer_id=["C1", "C2", "C2", None, " "], name=["甲", "乙", "丙", "丁", "戊"])
    keys = record_keys(f, np.arange(5))
    assert keys[0] == "id:C1"
    assert all(k.startswith("fp:") and len(k) == 19 for k in keys[1:])  # duplicated or blank ID
    assert len(set(keys)) == 5


def test_fingerprint_ignores_row_order_other_columns_and_outer_spaces() -> None:
    a = _frame(name=["甲公司", "乙公司"], phone=["138", None], status=["意向", "成交"])
    b = _frame(name=["乙公司", " 甲公司 "], phone=[None, "138"], status=["潜在", "意向"])
    assert fingerprints(a).tolist() == fingerprints(b)[::-1].tolist()


def test_resolve_finds_records_by_either_key_and_counts_the_rest() -> None:
    f = _frame(customer_id=["C1", None, "C3"], name=["甲", "乙", "丙"])
    fp_b = record_keys(f, np.array([1]))[0]
    decisions = [
        PairDecision("id:C1", fp_b, same=True),
        PairDecision("id:C3", "id:C1", same=True),
        PairDecision("id:C1", "id:C3", same=False),  # later: replaces the one above
        PairDecision("id:C9", "id:C1", same=False),  # C9 is gone
    ]
    d = resolve(f, decisions)
    assert d.same.tolist() == pack(np.array([0]), np.array([1])).tolist()
    assert d.different.tolist() == pack(np.array([0]), np.array([2])).tolist()
    assert d.unmatched == 1


def test_splitting_overrides_a_same() -> None:
    same = pack(np.array([0, 1]), np.array([1, 2]))
    d = Decided(same, np.zeros(0, np.int64)).splitting(same[:1])
    assert d.same.tolist() == same[1:].tolist() and d.different.tolist() == same[:1].tolist()


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        *[("是", True), (" Yes ", True), ("√", True), (1.0, True), (True, True)],
        *[("否", False), ("不是", False), ("NO", False), ("×", False), (0, False)],
        *[("", None), (None, None), (float("nan"), None), ("  ", None)],
    ],
)
def test_parse_answer(text: object, answer: bool | None) -> None:
    assert parse_answer(text) is answer


@given(st.text(max_size=20))
def test_parse_answer_is_total(text: str) -> None:
    try:
        answer = parse_answer(text)
    except ValueError as e:
        assert str(e) == text.strip().casefold()  # the refused text, for the message
    else:
        assert answer in (True, False, None)


def test_store_round_trip_keeps_the_latest_per_pair_and_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "custinfo.decisions.csv"
    write_store(
        path,
        [
            PairDecision("id:A", "id:B", True, "=HYPERLINK(1)", "乙", "2026-11-01", "x.xlsx"),
            PairDecision("id:C", "id:D", False),
            PairDecision("id:B", "id:A", False, "甲", "乙", "2026-11-08", "y.xlsx"),
        ],
    )
    text = path.read_text(encoding="utf-8-sig")
    assert "\n=" not in text and ",=" not in text
    back = read_store(path)
    assert [(d.pair, d.same) for d in back] == [
        (("id:C", "id:D"), False),
        (("id:A", "id:B"), False),
    ]
    assert back[1].source == "y.xlsx"


def test_a_broken_store_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "custinfo.decisions.csv"
    path.write_text("record_a,record_b,same_customer\nid:A,id:B,是\nid:C,,也许\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_store(path)
    assert "第 3 行" in e.value.message
    assert read_store(tmp_path / "absent.csv") == ()
