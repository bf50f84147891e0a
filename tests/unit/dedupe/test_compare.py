from __future__ import annotations

import datetime as dt
import math
from typing import get_args

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.config.model import Comparator
from custinfo.dedupe.compare import (
    COMPARATORS,
    DEFAULT_WEIGHTS,
    EVIDENCE,
    LEVELS,
    compare,
    display,
    prepare,
)


def level(comparator: str, a: object, b: object) -> str | None:
    """The level slug of one pair of cells (None when a side is blank)."""
    prepared = prepare(comparator, [pd.Series([a, b], dtype=object)])
    got = compare(prepared, np.array([0]), np.array([1]))
    lv = int(got.level[0])
    return None if lv < 0 else LEVELS[comparator][lv]


def score(comparator: str, a: object, b: object) -> float:
    prepared = prepare(comparator, [pd.Series([a, b], dtype=object)])
    return float(compare(prepared, np.array([0]), np.array([1])).score[0])


# --- the tables ---------------------------------------------------------------------------------


def test_comparators_match_the_config_literal() -> None:
    assert set(COMPARATORS) == set(get_args(Comparator))
    assert len(COMPARATORS) == len(set(COMPARATORS))
    for name in COMPARATORS:
        levels = LEVELS[name]
        assert levels[-1] == "different"
        assert set(DEFAULT_WEIGHTS[name]) == set(levels)
        assert set(EVIDENCE[name]) == set(levels)
        assert DEFAULT_WEIGHTS[name]["different"] < 0 < DEFAULT_WEIGHTS[name][levels[0]]
        for zh, en in EVIDENCE[name].values():
            zh.format(name="电话", score=90, left="a", right="b")
            en.format(name="phone", score=90, left="a", right="b")


CASES: list[tuple[str, object, object, str | None]] = [
    # exact
    ("exact", "ABC-123", "abc 123", "same"),
    ("exact", "９１４４０３００ＭＡ５Ｇ", "91440300ma5g", "same"),
    ("exact", "wx_wang", "wx_li", "different"),
    ("exact", "  ", "wx", None),
    # phone
    ("phone", "13800138000", "+86 138 0013 8000", "same"),
    ("phone", "13800138000", "0086-13800138000", "same"),
    ("phone", "１３８００１３８０００", "13800138000", "same"),
    ("phone", "138 0013 8000", "13800138000", "same"),
    ("phone", "0755-88881234", "075588881234", "same"),
    ("phone", "0755-88881234-123", "0755-88881234", "same"),
    ("phone", "0755-88881234转8021", "(0755) 8888 1234", "same"),
    ("phone", "13900139000；13800138000", "13800138000", "same"),
    ("phone", "手机：13900139000，电话：0755 8888 1234", "0755-88881234", "same"),
    ("phone", "13900139000 13800138000", "13800138000", "same"),
    ("phone", "+852 9123 4567", "0085291234567", "same"),
    ("phone", "0755-88881234", "88881234", "tail8"),
    ("phone", "13800138000", "15800138000", "tail8"),
    ("phone", "0931-4678260", "4678260", "tail8"),
    ("phone", "138****8000", "13800138000", "partial"),
    ("phone", "138-xxxx-8000", "13800138000", "partial"),
    ("phone", "138****8000", "138****8000", "partial"),
    ("phone", "138****8000", "13800139000", "different"),
    ("phone", "13800138000", "13900139000", "different"),
    ("phone", "13800138000", "0755-88881234", "different"),
    ("phone", "无", "13800138000", None),
    ("phone", None, "13800138000", None),
    # email
    ("email", "Wang.Ming@QQ.com ", "wang.ming@qq.com", "same"),
    ("email", "a@x.com; wang@y.cn", "wang@y.cn", "same"),
    ("email", "123456789@qq.com", "123456789@foxmail.com", "same_user"),
    ("email", "wang.ming+crm@gmail.com", "wangming@163.com", "same_user"),
    ("email", "info@a.com", "info@b.com", "different"),
    ("email", "li@a.com", "wang@a.com", "different"),
    ("email", "不详", "wang@a.com", None),
    # person_name
    ("person_name", "王总", "王经理", "surname_title"),
    ("person_name", "王总", "王先生", "surname_title"),
    ("person_name", "王总", "王明", "surname_title"),
    ("person_name", "老王", "王经理", "surname_title"),
    ("person_name", "王总", "王总", "surname_title"),
    ("person_name", "王明", "王明", "same"),
    ("person_name", "王明", "王明经理", "same"),
    ("person_name", "王 明", "王明", "same"),
    ("person_name", "欧阳明", "欧阳明经理", "same"),
    ("person_name", "王明", "王铭", "similar"),
    ("person_name", "王小明", "王晓明", "similar"),
    ("person_name", "王明", "王强", "different"),
    ("person_name", "王小明", "王小强", "different"),
    ("person_name", "王先生", "王女士", "different"),
    ("person_name", "王总", "李总", "different"),
    ("person_name", "王明", "汪明", "different"),
    ("person_name", "王总/李经理", "李经理", "surname_title"),
    ("person_name", "John Smith", "john  smith", "same"),
    ("person_name", "John Smith", "Smith, John", "same"),
    ("person_name", "John Smith", "Jon Smith", "similar"),
    ("person_name", "John Smith", "Mary Jones", "different"),
    ("person_name", "Mr. Wang", "Mr Wang", "surname_title"),
    ("person_name", "Mr. Wang", "Ms. Wang", "different"),
    ("person_name", "*女士", "王女士", None),
    ("person_name", "经理", "王经理", None),
    # company_name
    ("company_name", "深圳市腾讯计算机系统有限公司", "腾讯计算机系统有限责任公司", "same"),
    ("company_name", "腾讯科技（深圳）有限公司", "腾讯科技(深圳)有限公司", "same"),
    ("company_name", "华为技术有限公司深圳分公司", "华为技术有限公司", "same"),
    ("company_name", "华为 技术 有限公司", "华为技术有限公司", "same"),
    ("company_name", "ABC Trading Co., Ltd.", "abc trading limited", "same"),
    ("company_name", "腾讯", "腾讯计算机系统有限公司", "contains"),
    ("company_name", "深圳市腾讯计算机系统有限公司", "深圳市腾讯计算机糸统有限公司", "similar80"),
    (
        "company_name",
        "Golden Harvest Trading Co., Ltd.",
        "Golden Harvest Tradng Co., Ltd.",
        "similar90",
    ),
    (
        "company_name",
        "深圳市金穗路科技发展服务中心有限公司",
        "深圳市金穗路科枝发展服务中心有限公司",
        "similar90",
    ),
    ("company_name", "华为技术有限公司", "华为终端有限公司", "different"),
    ("company_name", "中国平安财产保险股份有限公司", "中国平安人寿保险股份有限公司", "different"),
    ("company_name", "阿里巴巴网络技术有限公司", "阿里巴巴云计算技术有限公司", "different"),
    ("company_name", "小米通讯技术有限公司", "小米科技有限责任公司", "different"),
    ("company_name", "", "腾讯", None),
    # string
    ("string", "深圳市南山区科技园 1 号", "深圳市南山区科技园1号", "same"),
    ("string", "12 Main St.", "12 main st", "same"),
    (
        "string",
        "深圳市南山区科技南十二路2号金蝶软件园",
        "深圳市南山区科技南十二路二号金蝶软件园",
        "similar90",
    ),
    ("string", "SW1A 1AA", "SW1A 1AB", "similar90"),
    ("string", "深圳市南山区粤海街道科技园", "深圳市南山区科技园", "similar75"),
    ("string", "北京市朝阳区", "上海市浦东新区", "different"),
    ("string", "N/A", "x", "different"),
    ("string", "。。。", "x", None),
    # date
    ("date", "2024-05-10", "2024/5/10", "same"),
    ("date", "2024年5月10日", "20240510", "same"),
    ("date", 45422, "2024-05-10", "same"),
    ("date", "45422", "2024-05-10", "same"),
    ("date", dt.datetime(2024, 5, 10), "2024-05-10", "same"),
    ("date", pd.Timestamp("2024-05-10"), "10/05/2024", "same"),
    ("date", "25/12/1990", "1990-12-25", "same"),
    ("date", "12/25/1990", "1990-12-25", "same"),
    ("date", "05/06/2024", "2024-05-06", "same"),  # ambiguous: either reading
    ("date", "05/06/2024", "2024-06-05", "same"),
    ("date", "10 May 2024", "May 10, 2024", "same"),
    ("date", "2024-05-10", "2024-05-11", "typo"),
    ("date", "2024-05-31", "2024-06-01", "typo"),
    ("date", "2024-05-10", "2024-05-19", "typo"),
    ("date", "2024-05-10", "2024-10-05", "typo"),
    ("date", "05/06/2024", "06/05/2024", "typo"),
    ("date", "2024-05-10", "2023-08-10", "different"),
    ("date", "下周", "2024-05-10", None),
    # number
    ("number", "1,000", "1000", "same"),
    ("number", 1000, "1000.0", "same"),
    ("number", "5万", "50000", "same"),
    ("number", "1000", "1040", "close"),
    ("number", "1", "2", "different"),
    ("number", "-5", "5", "different"),
    ("number", "面议", "5", None),
]


@pytest.mark.parametrize(("comparator", "a", "b", "expected"), CASES)
def test_level_table(comparator: str, a: object, b: object, expected: str | None) -> None:
    assert level(comparator, a, b) == expected
    assert level(comparator, b, a) == expected


def test_scores() -> None:
    assert score("company_name", "深圳市腾讯计算机系统有限公司", "腾讯计算机系统有限公司") == 100
    assert score("company_name", "华为技术有限公司", "华为终端有限公司") < 80
    assert math.isnan(score("phone", None, "13800138000"))
    assert score("number", "100", "95") == pytest.approx(95)
    assert 0 <= score("string", "abc", "xyz") < 75


def test_several_columns_form_one_set() -> None:
    frame = pd.DataFrame(
        {
            "phone": ["13800138000", None, "0755-88881234", None],
            "phone_2": [None, "13900139000", "13800138000", None],
        },
        dtype=object,
    )
    prepared = prepare("phone", [frame["phone"], frame["phone_2"]])
    got = compare(prepared, np.array([0, 1, 2, 0, 3]), np.array([2, 2, 1, 1, 0]))
    assert [LEVELS["phone"][i] if i >= 0 else None for i in got.level] == [
        "same",
        "different",
        "different",
        "different",
        None,
    ]
    assert display(prepared, np.array([2, 3, 0])).tolist() == [
        "0755-88881234 / 13800138000",
        "",
        "13800138000",
    ]


def test_display_shows_the_cells_as_typed() -> None:
    values = pd.Series(["王总", "王经理", None, 13800138000.0], dtype=object)
    prepared = prepare("person_name", [values])
    assert display(prepared, np.array([1, 0, 2, 3])).tolist() == [
        "王经理",
        "王总",
        "",
        "13800138000",
    ]


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        prepare("soundex", [pd.Series(["a"], dtype=object)])
    with pytest.raises(ValueError):
        prepare("exact", [])
    prepared = prepare("exact", [pd.Series([], dtype=object)])
    got = compare(prepared, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert got.level.dtype == np.int8 and got.score.dtype == np.float32 and len(got.level) == 0


# --- vectorized: many pairs ---------------------------------------------------------------------


def _random_column(comparator: str, rng: np.random.Generator, n: int) -> pd.Series:
    pool: dict[str, list[object]] = {
        "exact": [f"wx{i}" for i in range(3000)],
        "phone": [f"13{i:09d}" for i in range(2000)]
        + [f"0755-8888{i:04d}" for i in range(500)]
        + [f"138****{i:04d}" for i in range(200)]
        + ["13800138000 / 0755-88881234", "无"],
        "email": [f"user{i}@{d}.com" for i in range(1000) for d in ("qq", "163")],
        "person_name": [
            s + g + t for s in "王李张刘陈" for g in ("", "明", "铭", "小明") for t in ("", "总")
        ]
        + ["John Smith", "Jon Smith", "*女士"],
        "company_name": [
            f"深圳市{b}{w}有限公司"
            for b in ("腾讯", "华为", "万科", "平安")
            for w in ("科技", "技术", "贸易")
        ]
        + [f"公司{i}" for i in range(2000)],
        "string": [f"深圳市南山区科技园{i}号" for i in range(3000)],
        "date": [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
        + ["05/06/2024"],
        "number": [str(i * 10) for i in range(2000)] + ["5万", "1,000"],
    }
    values = np.array(pool[comparator] + [None], dtype=object)
    return pd.Series(values[rng.integers(0, len(values), n)], dtype=object)


@pytest.mark.parametrize("comparator", COMPARATORS)
def test_many_pairs(comparator: str) -> None:
    rng = np.random.default_rng(5)
    n_rows, n_pairs = 10_000, 100_000
    prepared = prepare(comparator, [_random_column(comparator, rng, n_rows)])
    left = rng.integers(0, n_rows, n_pairs)
    right = rng.integers(0, n_rows, n_pairs)
    got = compare(prepared, left, right)
    assert got.level.shape == (n_pairs,) and got.level.dtype == np.int8
    assert got.score.dtype == np.float32
    blank = got.level < 0
    assert np.isnan(got.score[blank]).all() and not np.isnan(got.score[~blank]).any()
    assert got.level.max() < len(LEVELS[comparator])
    # the same pairs one at a time agree with the batch
    for i in rng.integers(0, n_pairs, 20).tolist():
        one = compare(prepared, left[i : i + 1], right[i : i + 1])
        assert one.level[0] == got.level[i]
    swapped = compare(prepared, right, left)
    assert np.array_equal(swapped.level, got.level)


# --- properties ---------------------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "13800138000",
            "138****8000",
            "王总",
            "王明",
            "2024-05-10",
            "05/06/2024",
            "1,000",
            "a@b.com",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=60, deadline=None)
@given(comparator=st.sampled_from(COMPARATORS), values=st.lists(cells, min_size=1, max_size=8))
def test_never_raises_symmetric_and_self_is_best(comparator: str, values: list[object]) -> None:
    prepared = prepare(comparator, [pd.Series(values, dtype=object)])
    n = len(values)
    left, right = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    got = compare(prepared, left, right)
    back = compare(prepared, right, left)
    assert np.array_equal(got.level, back.level)
    assert np.array_equal(got.score, back.score, equal_nan=True)
    assert ((got.score >= 0) & (got.score <= 100) | np.isnan(got.score)).all()
    matrix = got.level.reshape(n, n)
    for i in range(n):
        own = int(matrix[i, i])
        if own < 0:
            assert (matrix[i] == -1).all()  # blank against everything
            continue
        # a value against itself is the best level, except where the level itself says the value
        # is weaker evidence: a masked phone (partial), a surname-and-title contact
        weaker = {"phone": "partial", "person_name": "surname_title"}.get(comparator)
        assert own == 0 or LEVELS[comparator][own] == weaker
        assert own <= matrix[i][matrix[i] >= 0].min() or LEVELS[comparator][own] == weaker
    assert len(display(prepared, np.arange(n))) == n


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="aB1 -_.,（）深圳华为有限公司ＡＢ\t\u200b", max_size=12), max_size=20)
)
def test_plain_cells_take_a_fast_path_to_the_same_atoms(cells: list[str]) -> None:
    import custinfo.dedupe.compare as c

    def slow_exact(t: str) -> list[str]:
        return c._one(c._Exact._DROP.sub("", t.translate(c._DASHES).casefold()))

    values: list[object] = [*cells, 12.0, None]
    assert c._SPECS["exact"].atoms(values) == [slow_exact(c._text(v)) for v in values]
    assert c._SPECS["string"].atoms(values) == [c._one(c._loose(c._text(v))) for v in values]


def test_gc_paused_restores_the_collector() -> None:
    import gc

    from custinfo.dedupe.compare import gc_paused

    @gc_paused()
    def inside() -> bool:
        return gc.isenabled()

    assert gc.isenabled()
    assert inside() is False
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
