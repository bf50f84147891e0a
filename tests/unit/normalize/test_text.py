from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.distinct import flagged
from custinfo.normalize import text
from custinfo.normalize.text import MAY_CHANGE, RULE, clean_one, clean_text

CASES: list[tuple[object, str | None]] = [
    # trim and collapse
    ("需要报价", "需要报价"),
    ("  需要报价  ", "需要报价"),
    ("需要  报价", "需要 报价"),
    ("需要\t报价", "需要 报价"),
    ("需要\u3000报价", "需要 报价"),
    ("需要\u3000\u3000报价", "需要 报价"),
    ("需要\xa0报价", "需要 报价"),
    ("需要\u2002\u202f报价", "需要 报价"),
    ("\u3000需要报价\u3000", "需要报价"),
    # invisible characters
    ("需要\u200b报价", "需要报价"),
    ("\ufeff需要报价", "需要报价"),
    ("需要\u200c\u2060报价", "需要报价"),
    ("需要\u00ad报价", "需要报价"),
    ("需要\u200e报价\u200f", "需要报价"),
    ("需要\x00报价\x07", "需要报价"),
    ("\u3164", None),
    ("a\u200db", "ab"),
    ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # one emoji: the joiners are part of it
    # line breaks are kept, spaces around them and extra empty lines are not
    ("第一行\n第二行", "第一行\n第二行"),
    ("第一行  \n  第二行", "第一行\n第二行"),
    ("第一行\r\n第二行", "第一行\n第二行"),
    ("第一行\r第二行", "第一行\n第二行"),
    ("第一行\u2028第二行", "第一行\n第二行"),
    ("第一行\n\n第二行", "第一行\n\n第二行"),
    ("第一行\n\n\n\n第二行", "第一行\n\n第二行"),
    ("第一行\n \n \n第二行", "第一行\n\n第二行"),
    ("\n\n第一行\n\n", "第一行"),
    # width: letters, digits and safe symbols half-width
    ("ＡＢＣ公司", "ABC公司"),
    ("预算１２万", "预算12万"),
    ("ｅｍａｉｌ：ａ＠ｂ．ｃｏｍ", "email：a@b.com"),
    ("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", "www.example.com"),
    ("单价１２．５元", "单价12.5元"),
    ("下午１０：３０见面", "下午10:30见面"),
    ("折扣１０％", "折扣10%"),
    ("Ａ＆Ｂ", "A&B"),
    ("１＋１", "1+1"),
    ("男／女", "男/女"),
    ("编号＃１２", "编号#12"),
    ("１３８－００１３－８０００", "138-0013-8000"),
    # Chinese punctuation stays
    ("你好，世界。", "你好，世界。"),
    ("备注：已联系（王总）", "备注：已联系（王总）"),
    ("需求：报价；样品！", "需求：报价；样品！"),
    ("他说“可以”、‘好’", "他说“可以”、‘好’"),
    ("【重要】5～10万", "【重要】5～10万"),
    ("电话：１３８", "电话：138"),
    ("结束。Ｏｋ", "结束。Ok"),
    ("价格？待定！", "价格？待定！"),
    # blanks and non-text cells
    ("", None),
    ("   ", None),
    ("\n\n", None),
    ("\u200b\u3000", None),
    (12, "12"),
    (1.5, "1.5"),
]


@pytest.mark.parametrize(("typed", "cleaned"), CASES)
def test_clean_text(typed: object, cleaned: str | None) -> None:
    out = clean_text(pd.Series([typed], dtype=object))
    assert out.values.iloc[0] == cleaned
    assert out.rule == RULE == "text.clean"
    assert out.derived == {}
    assert out.problems == []


def test_blanks_index_and_dtypes() -> None:
    values = pd.Series(
        ["  备注 ", None, np.nan, pd.NA, "备注", "\u3000"], index=[9, 4, 2, 7, 0, 11], dtype=object
    )
    out = clean_text(values)
    assert out.values.index.equals(values.index)
    assert out.values.dtype == object
    assert out.values.tolist() == ["备注", None, None, None, "备注", None]
    assert values.iloc[0] == "  备注 "  # the input is not touched


def test_string_dtype_input() -> None:
    out = clean_text(pd.Series(["ＡＢ  c", None], dtype="string"))
    assert out.values.tolist() == ["AB c", None]
    assert out.values.dtype == object


def test_empty_column() -> None:
    assert clean_text(pd.Series([], dtype=object)).values.empty


def test_once_per_distinct(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real = text.clean_one

    def counting(value: object) -> str:
        seen.append(value)
        return real(value)

    monkeypatch.setattr(text, "clean_one", counting)
    values = pd.Series(["a  b", "a b", None, "a  b"] * 1000, dtype=object)
    out = clean_text(values)
    assert seen == ["a  b"]  # "a b" is clean as typed: the fast path keeps it
    assert set(out.values.dropna()) == {"a b"}


_TEXTISH = st.text(
    alphabet=st.sampled_from(
        list("备注需要，。：（）ＡＢ１２ab12．：.:%％ \t\u3000\xa0\u200b\u200d\ufeff\n\r\x00👨👩")
    ),
    max_size=30,
)


@given(st.lists(st.one_of(st.text(), _TEXTISH, st.none()), min_size=1, max_size=6))
def test_total_and_idempotent(cells: list[str | None]) -> None:
    once = clean_text(pd.Series(cells, dtype=object))
    twice = clean_text(once.values)
    assert twice.values.equals(once.values)
    for value in once.values.dropna():
        assert value
        assert value == value.strip(" \n")
        assert "  " not in value
        assert "\n\n\n" not in value
        assert "\u200b" not in value


@given(st.text())
def test_clean_one_never_raises(value: str) -> None:
    assert clean_one(clean_one(value)) == clean_one(value)


# --- the fast path: values nothing can change are kept without cleaning them ------------------

_DIRTY = st.text(
    alphabet=st.sampled_from(
        list(
            "备注ab1 ，。．：:.\n\r\t\x0b\x0c\x1c\x1f\x85\xa0\xad\u1680\u2000\u200a\u200b\u200d"
            "\u2028\u2029\u202f\u205f\u3000\u3164\ufeff\uffa0\x00\x7fＡｚ０９＠｜（）～👨👩"
        )
    ),
    max_size=12,
)


_EDGES = [
    "a \nb",
    "a\n b",
    "a\n\n\nb",
    "a\n\nb",
    " a",
    "a ",
    "\na",
    "a\n",
    "a  b",
    "a\u200db",
    "👨\u200d👩",
    "a\rb",
    "１２．５",
    "10：30",
    "",
    "a\x00",
    "a\x85b",
]


@pytest.mark.parametrize("value", _EDGES)
def test_edge_values_take_the_right_path(value: str) -> None:
    assert flagged([value], MAY_CHANGE)[0] == (value not in ("a\n\nb",))
    assert clean_text(pd.Series([value], dtype=object)).values.tolist() == [
        clean_one(value) or None
    ]


@given(st.one_of(st.text(), _TEXTISH, _DIRTY))
def test_values_not_flagged_are_clean(value: str) -> None:
    if not flagged([value], MAY_CHANGE)[0]:
        assert clean_one(value) == value
        assert value


@given(st.lists(st.one_of(st.text(), _TEXTISH, _DIRTY, st.none(), st.integers()), max_size=8))
def test_fast_path_agrees_with_clean_one(cells: list[object]) -> None:
    out = clean_text(pd.Series(cells, dtype=object))
    expected = [None if pd.isna(c) else (clean_one(c) or None) for c in cells]
    assert out.values.tolist() == expected


def test_not_utf8_goes_the_slow_way() -> None:
    out = clean_text(pd.Series(["\ud800  a", "b"], dtype=object))
    assert out.values.tolist() == ["\ud800 a", "b"]
