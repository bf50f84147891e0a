"""Blocking keys and candidate pairs."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.config.model import BlockingRule
from custinfo.dedupe.blocking import block_pairs, cached_keys, candidate_pairs
from custinfo.dedupe.keys import (
    Keys,
    company_core,
    keyer_keys,
    match_columns,
    parse_key,
    phone_numbers,
    surname,
)


def _pairs(packed: np.ndarray) -> set[tuple[int, int]]:
    return {(int(p >> 32), int(p & 0xFFFFFFFF)) for p in packed}


def test_phone_numbers_read_every_way_a_number_is_typed() -> None:
    assert phone_numbers("13800138000") == ["13800138000"]
    assert phone_numbers("+86 138 0013 8000") == ["13800138000"]
    assert phone_numbers("0086-138-0013-8000") == ["13800138000"]
    assert phone_numbers("１３８００１３８０００") == ["13800138000"]
    assert phone_numbers("0755-88881234-123") == ["075588881234"]  # extension dropped
    assert phone_numbers("0755-88881234转801；13912345678") == ["075588881234", "13912345678"]
    assert phone_numbers("138-0013-8000") == ["13800138000"]  # a mobile's dashes are no extension
    assert phone_numbers("138****8000") == []
    assert phone_numbers("138****8000", masked=True) == ["8000"]
    assert phone_numbers("无") == []


def test_company_core_and_surname() -> None:
    assert company_core("深圳市腾讯计算机系统有限公司") == company_core(
        "腾讯计算机系统有限责任公司"
    )
    assert company_core("华为技术有限公司") != company_core("华为终端有限公司")
    assert surname("王总") == surname("王经理") == "王"
    assert surname("Robert Smith") == "smith"
    assert surname("") == ""


def test_parse_key() -> None:
    assert parse_key("tail(phone, 4)") == ("tail", "phone", 4)
    assert parse_key(" exact( 邮箱 ) ") == ("exact", "邮箱", None)


def test_keys_explode_a_cell_with_two_numbers() -> None:
    k = keyer_keys(
        "phone", [pd.Series(["13800138000；0755-88881234", None, "138 0013 8000"])], None
    )
    assert k.rows.tolist() == [0, 0, 2]
    assert k.keys[0] == k.keys[2] != k.keys[1]


def test_ngrams_meet_on_a_typo_but_not_on_a_shared_brand_word() -> None:
    names = pd.Series(
        ["深圳市华强电子有限公司", "华强电子有限责任公司", "华为技术有限公司", "华为终端有限公司"]
    )
    k = keyer_keys("ngrams", [names], 2)
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
            "phone_2": [None, None, None, "0755-8000"],
        }
    )
    rules = [
        BlockingRule(name="电话", keys=["phone(phone)"]),
        BlockingRule(name="同姓尾号", keys=["surname(contact)", "tail(phone, 4)"]),
        BlockingRule(name="邮箱", keys=["exact(email)"]),
    ]
    c = candidate_pairs(
        rules,
        lambda name: match_columns(frame, None, [name]),
        cached_keys(lambda cols: [frame[x] for x in cols]),
        100,
    )
    assert list(zip(c.left.tolist(), c.right.tolist(), strict=True)) == [(0, 1), (0, 3), (1, 3)]
    by_name = {r.name: r for r in c.counts}
    assert (by_name["电话"].pairs, by_name["电话"].new_pairs) == (1, 1)
    # 王 + 8000 (phone_2 of row 3 is read with phone): rows 0, 1, 3
    assert (by_name["同姓尾号"].pairs, by_name["同姓尾号"].new_pairs) == (3, 2)
    assert by_name["邮箱"].missing == "email"


def test_match_columns_by_name_header_and_derived_header() -> None:
    frame = pd.DataFrame(columns=["phone", "phone_3", "phone_2", "city", "x_F"])
    assert match_columns(frame, None, ["phone"]) == ["phone", "phone_2", "phone_3"]
    assert match_columns(frame, None, ["城市"]) == ["city"]
    assert match_columns(frame, None, ["nothing"]) == []
