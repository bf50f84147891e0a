"""Blocking keys and candidate pairs."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.config.model import BlockingRule
from custinfo.dedupe.blocking import block_pairs, cached_keys, candidate_pairs
from custinfo.dedupe.compare import prepare, preparer
from custinfo.dedupe.keys import COMPARATOR_OF, Keys, keyer_keys, match_columns, parse_key, surname


def _pairs(packed: np.ndarray) -> set[tuple[int, int]]:
    return {(int(p >> 32), int(p & 0xFFFFFFFF)) for p in packed}


def _keys(keyer: str, values: list[object], n: int | None = None) -> list[set[int]]:
    """Each value's keys (as sets of key codes)."""
    k = keyer_keys(keyer, prepare(COMPARATOR_OF[keyer], [pd.Series(values, dtype=object)]), n)
    out: list[set[int]] = [set() for _ in values]
    for r, key in zip(k.rows.tolist(), k.keys.tolist(), strict=True):
        out[r].add(key)
    return out


def test_phone_keys_read_every_way_a_number_is_typed() -> None:
    forms = ["13800138000", "+86 138 0013 8000", "0086-138-0013-8000", "１３８００１３８０００"]
    forms += ["138-0013-8000", "13800138000 转 12"]
    keys = _keys("phone", [*forms, "138****8000", "无", None])
    assert all(k == keys[0] and len(k) == 1 for k in keys[: len(forms)])
    assert keys[-3:] == [set(), set(), set()]  # a masked number is no number
    two = _keys("phone", ["0755-88881234转801；13912345678", "0755 8888 1234", "13912345678"])
    assert len(two[0]) == 2 and two[1] | two[2] == two[0]


def test_tail_and_ends_keys_of_a_masked_number() -> None:
    values = ["13812348000", "138****8000", "139****8000", "0755-12348000", "138****"]
    tail = _keys("tail", values, 4)
    assert tail[0] == tail[1] == tail[2] == tail[3] and tail[4] == set()
    ends = _keys("ends", values, 4)
    assert ends[0] == ends[1] and len(ends[0]) == 1
    assert not ends[2] & ends[0] and not ends[3] & ends[0] and ends[4] == set()
    assert _keys("tail", ["0755-88881234", "88881234"], 8)[0] == _keys("tail", ["88881234"], 8)[0]


def test_company_and_surname_keys() -> None:
    keys = _keys("company", ["深圳市腾讯计算机系统有限公司", "腾讯计算机系统有限责任公司"])
    assert keys[0] == keys[1] and len(keys[0]) == 1
    keys = _keys("company", ["华为技术有限公司", "华为终端有限公司"])
    assert keys[0] != keys[1]
    assert surname("王总") == surname("王经理") == "王"
    assert surname("Robert Smith") == "smith"
    assert surname("") == ""
    keys = _keys("surname", ["王总", "王经理/李明", "*女士", "Robert Smith", "Bob SMITH"])
    assert keys[0] < keys[1] and len(keys[1]) == 2 and keys[2] == set() and keys[3] == keys[4]


def test_parse_key() -> None:
    assert parse_key("tail(phone, 4)") == ("tail", "phone", 4)
    assert parse_key(" exact( 邮箱 ) ") == ("exact", "邮箱", None)


def test_keys_explode_a_cell_with_two_numbers() -> None:
    values = pd.Series(["13800138000；0755-88881234", None, "138 0013 8000"])
    k = keyer_keys("phone", prepare("phone", [values]), None)
    assert k.rows.tolist() == [0, 0, 2]
    assert k.keys[0] == k.keys[2] != k.keys[1]


def test_ngrams_meet_on_a_typo_but_not_on_a_shared_brand_word() -> None:
    names = pd.Series(
        ["深圳市华强电子有限公司", "华强电子有限责任公司", "华为技术有限公司", "华为终端有限公司"]
    )
    k = keyer_keys("ngrams", prepare("company_name", [names]), 2)
    pairs = _pairs(block_pairs(k, 50)[0])
    assert (0, 1) in pairs
    assert (2, 3) not in pairs


def test_block_pairs_is_every_pair_within_each_block_once() -> None:
    rows = np.array([0, 1, 2, 3, 4, 5, 6, 2])
    keys = np.array([7, 7, 7, 8, 9, 9, 10, 9])
    packed, skipped, skipped_rows = block_pairs(Keys(rows, keys), 10)
    assert _pairs(packed) == {(0, 1), (0, 2), (1, 2), (4, 5), (2, 4), (2, 5)}
    assert (skipped, skipped_rows) == (0, 0)
    packed, skipped, skipped_rows = block_pairs(Keys(rows, keys), 2)
    assert _pairs(packed) == set()  # both blocks of three are "too common"
    assert (skipped, skipped_rows) == (2, 6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=80))
def test_block_pairs_matches_the_obvious_definition(entries: list[tuple[int, int]]) -> None:
    uniq = sorted(set(entries))
    rows = np.array([r for r, _ in uniq], dtype=np.int64)
    keys = np.array([k for _, k in uniq], dtype=np.int64)
    expected = set()
    for key in set(keys.tolist()):
        members = sorted(set(rows[keys == key].tolist()))
        if len(members) <= 5:
            expected |= set(itertools.combinations(members, 2))
    assert _pairs(block_pairs(Keys(rows, keys), 5)[0]) == expected


def test_candidate_pairs_count_each_rule_and_report_a_missing_column() -> None:
    frame = pd.DataFrame(
        {
            "phone": ["13800138000", "+86 138 0013 8000", "13912345678", None],
            "contact": ["王总", "王经理", "李明", "王先生"],
            "phone_2": [None, None, None, "0755-12348000"],
        }
    )
    rules = [
        BlockingRule(name="电话", keys=["phone(phone)"]),
        BlockingRule(name="同姓尾号", keys=["surname(contact)", "tail(phone, 4)"]),
        BlockingRule(name="同姓首尾", keys=["surname(contact)", "ends(phone, 4)"]),
        BlockingRule(name="邮箱", keys=["exact(email)"]),
    ]
    c = candidate_pairs(
        rules,
        lambda name: match_columns(frame, None, [name]),
        cached_keys(preparer(frame)),
        100,
    )
    assert list(zip(c.left.tolist(), c.right.tolist(), strict=True)) == [(0, 1), (0, 3), (1, 3)]
    by_name = {r.name: r for r in c.counts}
    assert (by_name["电话"].pairs, by_name["电话"].new_pairs) == (1, 1)
    # 王 + 8000 (phone_2 of row 3 is read with phone): rows 0, 1, 3
    assert (by_name["同姓尾号"].pairs, by_name["同姓尾号"].new_pairs) == (3, 2)
    # 138…8000 (not 0755-12348000): rows 0, 1 — a pair the rules before gave
    assert (by_name["同姓首尾"].pairs, by_name["同姓首尾"].new_pairs) == (1, 0)
    assert by_name["邮箱"].missing == "email"


def test_match_columns_by_name_header_and_derived_header() -> None:
    frame = pd.DataFrame(columns=["phone", "phone_3", "phone_2", "city", "x_F"])
    assert match_columns(frame, None, ["phone"]) == ["phone", "phone_2", "phone_3"]
    assert match_columns(frame, None, ["城市"]) == ["city"]
    assert match_columns(frame, None, ["nothing"]) == []


def test_a_rule_may_have_its_own_max_block_size() -> None:
    frame = pd.DataFrame({"city": ["深圳"] * 4 + ["广州"] * 2})
    rules = [
        BlockingRule(name="同城", keys=["exact(city)"], max_block_size=3),
        BlockingRule(name="同城2", keys=["exact(城市)"]),
    ]
    c = candidate_pairs(
        rules, lambda name: match_columns(frame, None, [name]), cached_keys(preparer(frame)), 10
    )
    first, second = c.counts
    assert (first.pairs, first.skipped_blocks, first.skipped_rows) == (1, 1, 4)
    assert (second.pairs, second.new_pairs, second.skipped_blocks) == (7, 6, 0)
