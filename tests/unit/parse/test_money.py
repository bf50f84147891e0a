from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.parse import money
from custinfo.parse.money import (
    NO_AMOUNT,
    NOT_GIVEN,
    Money,
    parse_money,
    parse_money_column,
)


def one(v: float, per: str = "", approx: bool = False, currency: str = "CNY") -> Money:
    return Money(v, v, per, approx, currency)


CASES: list[tuple[object, Money | None]] = [
    # numbers
    (1200, one(1200)),
    (1200.5, one(1200.5)),
    (np.int64(1200), one(1200)),
    ("1200", one(1200)),
    ("1,200", one(1200)),
    ("1，200", one(1200)),
    ("１２００", one(1200)),
    ("１，２００元", one(1200)),
    ("1 200", one(1200)),
    ("1,200,000", one(1_200_000)),
    ("¥1,200.00", one(1200)),
    ("￥1200", one(1200)),
    ("RMB1200", one(1200)),
    ("RMB 1,200", one(1200)),
    ("rmb1200", one(1200)),
    ("CNY 1200", one(1200)),
    ("人民币1200元", one(1200)),
    ("1200元", one(1200)),
    ("1200块", one(1200)),
    ("1200块钱", one(1200)),
    ("1200.00元整", one(1200)),
    ("0", one(0)),
    ("-500", one(-500)),
    ("-500元", one(-500)),
    ("¥-500", one(-500)),
    ("负500", one(-500)),
    ("(500)", one(-500)),
    ("+500", one(500)),
    # units
    ("5万", one(50_000)),
    ("5万元", one(50_000)),
    ("5.5万", one(55_000)),
    ("0.7万", one(7_000)),
    ("5w", one(50_000)),
    ("5W", one(50_000)),
    ("3k", one(3_000)),
    ("3K", one(3_000)),
    ("15k", one(15_000)),
    ("3.5k", one(3_500)),
    ("3千", one(3_000)),
    ("1亿", one(1e8)),
    ("1.2亿元", one(1.2e8)),
    ("两个亿", one(2e8)),
    ("300百万", one(3e8)),
    ("2百万", one(2e6)),
    ("5千万", one(5e7)),
    ("2万5", one(25_000)),
    ("2万5千", one(25_000)),
    ("1万500", one(10_500)),
    ("1亿2000万", one(1.2e8)),
    ("1亿2", one(1.2e8)),
    ("1千5", one(1_500)),
    ("5 万 元", one(50_000)),
    # Chinese numerals
    ("五万", one(50_000)),
    ("十万", one(100_000)),
    ("二十万", one(200_000)),
    ("十五万", one(150_000)),
    ("一百五十万", one(1_500_000)),
    ("一百五", one(150)),
    ("两万", one(20_000)),
    ("三千", one(3_000)),
    ("三千五百万", one(3.5e7)),
    ("五十万元", one(500_000)),
    ("壹万", one(10_000)),
    ("贰拾万元整", one(200_000)),
    ("叁仟伍佰元", one(3_500)),
    ("一万零五", one(10_005)),
    ("一万零五百", one(10_500)),
    # ranges
    ("5-10万", Money(50_000, 100_000)),
    ("5万-10万", Money(50_000, 100_000)),
    ("5万~10万", Money(50_000, 100_000)),
    ("5万～10万", Money(50_000, 100_000)),
    ("5万至10万", Money(50_000, 100_000)),
    ("5到10万", Money(50_000, 100_000)),
    ("5—10万", Money(50_000, 100_000)),
    ("5——10万", Money(50_000, 100_000)),
    ("5–10万", Money(50_000, 100_000)),
    ("5－10万", Money(50_000, 100_000)),
    ("5 - 10 万", Money(50_000, 100_000)),
    ("5-10w", Money(50_000, 100_000)),
    ("5万元-10万元", Money(50_000, 100_000)),
    ("5万至10万之间", Money(50_000, 100_000)),
    ("５万～１０万", Money(50_000, 100_000)),
    ("10万-1亿", Money(100_000, 1e8)),
    ("1000-2000元", Money(1_000, 2_000)),
    ("3k-5k", Money(3_000, 5_000)),
    ("3-5k", Money(3_000, 5_000)),
    ("1-2百万", Money(1e6, 2e6)),
    ("五到十万", Money(50_000, 100_000)),
    ("二十-三十万", Money(200_000, 300_000)),
    ("8000-1万", Money(8_000, 10_000)),
    ("约5-10万", Money(50_000, 100_000, approx=True)),
    ("10-5万", None),  # neither 10万..5万 nor 10..5万 is likely
    ("10万-5万", None),  # low above high: a typo, not swapped
    # open ranges
    ("10万+", Money(100_000, None)),
    ("10w+", Money(100_000, None)),
    ("10万以上", Money(100_000, None)),
    ("10万元以上", Money(100_000, None)),
    ("10万及以上", Money(100_000, None)),
    ("不低于10万", Money(100_000, None)),
    ("超过10万", Money(100_000, None)),
    ("至少10万", Money(100_000, None)),
    (">10万", Money(100_000, None)),
    ("≥10万", Money(100_000, None)),
    (">=10万", Money(100_000, None)),
    ("5万起", Money(50_000, None)),
    ("10万以内", Money(None, 100_000)),
    ("10万以下", Money(None, 100_000)),
    ("10万内", Money(None, 100_000)),
    ("不超过10万", Money(None, 100_000)),
    ("<10万", Money(None, 100_000)),
    ("≤10万", Money(None, 100_000)),
    ("最多10万", Money(None, 100_000)),
    ("不到10万", Money(None, 100_000)),
    ("5-10万以上", None),
    ("不低于10万以内", None),
    # approximate
    ("约5万", one(50_000, approx=True)),
    ("大约5万", one(50_000, approx=True)),
    ("大概5万", one(50_000, approx=True)),
    ("5万左右", one(50_000, approx=True)),
    ("5万元左右", one(50_000, approx=True)),
    ("5万上下", one(50_000, approx=True)),
    ("5万多", one(50_000, approx=True)),
    ("1000多块", one(1_000, approx=True)),
    ("二十多万", one(200_000, approx=True)),
    ("20余万", one(200_000, approx=True)),
    ("10万出头", one(100_000, approx=True)),
    ("约10万以上", Money(100_000, None, approx=True)),
    ("预算5万左右", one(50_000, approx=True)),
    # unit prices
    ("4000元/台", one(4_000, per="台")),
    ("4000/台", one(4_000, per="台")),
    ("每台4000元", one(4_000, per="台")),
    ("每台约4000元", one(4_000, per="台", approx=True)),
    ("200元/月", one(200, per="月")),
    ("200元/月左右", one(200, per="月", approx=True)),
    ("5万元每年", one(50_000, per="年")),
    ("30元/块", one(30, per="块")),
    ("300元/平米", one(300, per="平米")),
    ("3000-5000元/台", Money(3_000, 5_000, per="台")),
    ("200元/人/月", None),
    # currencies
    ("$500", one(500, currency="USD")),
    ("US$500", one(500, currency="USD")),
    ("500美元", one(500, currency="USD")),
    ("5万美元", one(50_000, currency="USD")),
    ("USD 500", one(500, currency="USD")),
    ("500港币", one(500, currency="HKD")),
    ("HK$500", one(500, currency="HKD")),
    ("500欧元", one(500, currency="EUR")),
    ("€500", one(500, currency="EUR")),
    ("$500元", None),  # two currencies
    # tolerated noise
    ("5万元。", one(50_000)),
    ("  5万  ", one(50_000)),
    ("5万!", one(50_000)),
    ("“5万”", one(50_000)),
    ("5万(含税)", one(50_000)),
    ("5万（不含税）", one(50_000)),
    ("预算:5万", one(50_000)),
    ("预算：5万", one(50_000)),
    ("13800138000", one(13_800_138_000)),  # a plain number, though phone-like
    # not money
    ("很多", None),
    ("看预算", None),
    ("abc", None),
    ("5万/10万", None),  # two alternatives, or a ratio: not guessed
    ("3台共5万", None),  # two unrelated numbers
    ("2024-05-10", None),
    ("2024/05/10", None),
    ("2024年5月", None),
    ("1.2.3", None),
    ("5,6万", None),
    ("十几万", None),
    ("万", None),
    ("", None),
    ("   ", None),
    (None, None),
    (True, None),
    (math.nan, None),
    (math.inf, None),
    (-math.inf, None),
]


@pytest.mark.parametrize(("value", "expected"), CASES, ids=[repr(v) for v, _ in CASES])
def test_typed_money(value: object, expected: Money | None) -> None:
    assert parse_money(value) == expected


NOT_GIVEN_TEXTS = (
    "面议 待定 未定 不详 未知 暂无 无 不限 看情况 - — / 空 -- —— ... ? N/A null 面议。 预算面议"
)


@pytest.mark.parametrize("text", [*NOT_GIVEN_TEXTS.split(), " 面议 ", "待定/面议"])
def test_no_amount_given(text: str) -> None:
    assert parse_money(text) is NOT_GIVEN
    assert Money(None, None) == NOT_GIVEN


def test_no_amount_words_are_given() -> None:
    assert {"面议", "待定", "无", "-", "/", "空"} <= NO_AMOUNT


def test_column() -> None:
    values = pd.Series(
        [1200, "5-10万", None, "5-10万", "很多", "面议", "  ", 3.5, "10万以上", np.nan, "很多"],
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
        dtype=object,
    )
    col = parse_money_column(values)
    nan = math.nan
    for s in (col.low, col.high, col.unreadable):
        assert s.index.equals(values.index)
    assert col.low.dtype == "float64" and col.high.dtype == "float64"
    assert col.unreadable.dtype == bool
    expect_low = [1200, 5e4, nan, 5e4, nan, nan, nan, 3.5, 1e5, nan, nan]
    expect_high = [1200, 1e5, nan, 1e5, nan, nan, nan, 3.5, nan, nan, nan]
    assert col.low.tolist() == pytest.approx(expect_low, nan_ok=True)
    assert col.high.tolist() == pytest.approx(expect_high, nan_ok=True)
    assert col.unreadable.tolist() == [False] * 4 + [True] + [False] * 5 + [True]
    assert col.parsed == {
        1200: one(1200),
        "5-10万": Money(5e4, 1e5),
        "很多": None,
        "面议": NOT_GIVEN,
        3.5: one(3.5),
        "10万以上": Money(1e5, None),
    }


def test_column_parses_each_distinct_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def counting(value: object) -> Money | None:
        calls.append(value)
        return parse_money(value)

    monkeypatch.setattr(money, "parse_money", counting)
    values = pd.Series(["5万", "约5万", 1200, None] * 1000, dtype=object)
    col = parse_money_column(values)
    assert sorted(map(str, calls)) == ["1200", "5万", "约5万"]
    assert col.low.iloc[:4].tolist() == pytest.approx([5e4, 5e4, 1200, math.nan], nan_ok=True)


@pytest.mark.parametrize("dtype", ["string", "object", "float64", "int64"])
def test_column_dtypes_in(dtype: str) -> None:
    raw = [1, 2, 2] if dtype in ("float64", "int64") else ["1", "2万", None]
    col = parse_money_column(pd.Series(raw, dtype=dtype))
    assert col.low.dtype == "float64" and col.unreadable.dtype == bool
    assert not col.unreadable.any()


def test_empty_column() -> None:
    col = parse_money_column(pd.Series([], dtype=object))
    assert col.low.empty and col.unreadable.dtype == bool and col.parsed == {}


@given(st.text(max_size=30))
def test_never_raises_on_text(text: str) -> None:
    result = parse_money(text)
    assert result is None or isinstance(result, Money)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_numbers(number: float) -> None:
    expected = one(number) if math.isfinite(number) else None
    assert parse_money(number) == expected


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from([("元", 1), ("", 1), ("万", 10_000), ("千", 1_000), ("w", 10_000)]),
    st.booleans(),
)
def test_formatted_integers_read_back(n: int, unit: tuple[str, int], commas: bool) -> None:
    text = f"{n:,}{unit[0]}" if commas else f"{n}{unit[0]}"
    assert parse_money(text) == one(n * unit[1])
