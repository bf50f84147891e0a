"""Phone normalization: canonical forms on a labelled set of published numbers, the derived
type / place / extra-number columns, the region finding, and the normalizer contract (total,
idempotent, once per distinct value)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from unittest import mock

import pandas as pd
import phonenumbers as pn
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import geocoder

from custinfo.normalize import phone as phone_module
from custinfo.normalize.phone import (
    MISMATCH,
    PHONE_TYPES_EN,
    RULE_CANONICAL,
    RULE_SPLIT,
    normalize_phones,
    province_of,
)
from custinfo.validate import phones as validate_phones
from custinfo.validate.phones import numbers_in

LABELLED = Path(__file__).resolve().parents[2] / "data" / "phones.csv"


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _one(value: object, province: str | None = None) -> dict[str, object]:
    regions = None if province is None else pd.Series([province], dtype=object)
    out = normalize_phones(pd.Series([value], dtype=object), regions)
    row: dict[str, object] = {"phone": out.values.iat[0]}
    rule = out.rule if isinstance(out.rule, str) else out.rule.iat[0]
    row["rule"] = rule
    row.update({name: column.iat[0] for name, column in out.derived.items()})
    return row


# --- the labelled set ----------------------------------------------------------------------------


def test_labelled_set_is_large_and_cited() -> None:
    rows = _labelled()
    assert len(rows) >= 150
    assert all(r["source"].strip() for r in rows)
    assert len({r["input"] for r in rows}) == len(rows)


def test_accuracy_on_the_labelled_set() -> None:
    rows = _labelled()
    out = normalize_phones(pd.Series([r["input"] for r in rows], dtype=object))
    derived = {k: v.fillna("").tolist() for k, v in out.derived.items()}
    empty = [""] * len(rows)
    got = zip(
        out.values.tolist(),
        derived["phone_type"],
        derived.get("phone_2", empty),
        derived.get("phone_3", empty),
        strict=True,
    )
    misses = []
    for row, (phone, kind, p2, p3) in zip(rows, got, strict=True):
        expected = (row["phone"], row["type"], row["phone_2"], row["phone_3"])
        if (phone, kind, p2, p3) != expected:
            misses.append(f"{row['input']!r}: got {(phone, kind, p2, p3)}, want {expected}")
    accuracy = 1 - len(misses) / len(rows)
    print(
        f"phone accuracy {accuracy:.2%} on {len(rows)} labelled cells; misses:", *misses, sep="\n"
    )
    assert accuracy >= 0.995, misses


# --- canonical forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "phone", "kind"),
    [
        ("13800138000", "13800138000", "手机"),
        ("+86 138 0013 8000", "13800138000", "手机"),
        ("0086-13800138000", "13800138000", "手机"),
        ("86 13800138000", "13800138000", "手机"),
        ("１３８００１３８０００", "13800138000", "手机"),
        ("13800138000（微信同号）", "13800138000", "手机"),
        ("075588881234", "0755-88881234", "固话"),
        ("0755 8888 1234", "0755-88881234", "固话"),
        ("(0371)8016 2701", "0371-80162701", "固话"),
        ("010-62345678", "010-62345678", "固话"),
        ("0755-88881234转8021", "0755-88881234转8021", "固话"),
        ("0755-88881234 分机 8021", "0755-88881234转8021", "固话"),
        ("0755-88881234 ext 8021", "0755-88881234转8021", "固话"),
        ("0755-88881234-8021", "0755-88881234转8021", "固话"),
        ("88881234", "88881234", "固话"),
        ("8888 1234", "88881234", "固话"),
        ("+862000000", "2000000", "固话"),  # +86 before a local number: still local
        ("٨٨٨٨١٢٣٤", "88881234", "固话"),  # digits of other scripts
        ("4008001234", "400-800-1234", "400"),
        ("800 810 8888", "800-810-8888", "800"),
        ("+852 9123 4567", "+852 9123 4567", "境外"),
        ("+1 415 555 2671", "+1 415-555-2671", "境外"),
    ],
)
def test_canonical_forms(typed: str, phone: str, kind: str) -> None:
    row = _one(typed)
    assert (row["phone"], row["phone_type"]) == (phone, kind)
    assert row["rule"] == (None if typed == phone else RULE_CANONICAL)


@pytest.mark.parametrize(
    "typed", ["139", "10086", "95588", "1380013800O", "无", "-", "13800138000 / 139", "abc"]
)
def test_what_is_not_a_phone_is_left_as_typed(typed: str) -> None:
    row = _one(typed)
    assert row == {"phone": typed, "rule": None, "phone_type": None, "phone_region": None}


def test_blank_cells_are_none_and_unchanged() -> None:
    out = normalize_phones(pd.Series([None, "", "  ", float("nan")], dtype=object))
    assert out.values.tolist() == [None] * 4
    assert out.rule.tolist() == [None] * 4  # type: ignore[union-attr]
    assert out.derived["phone_type"].tolist() == [None] * 4


def test_a_number_typed_as_a_number_becomes_text() -> None:
    row = _one(13800138000)
    assert (row["phone"], row["rule"], row["phone_type"]) == ("13800138000", RULE_CANONICAL, "手机")
    assert _one(13800138000.0)["phone"] == "13800138000"


def test_several_numbers_are_split_into_phone_2_and_phone_3() -> None:
    out = normalize_phones(
        pd.Series(
            [
                "手机：13800138000（微信同号）/ 0755-88881234转123",
                "13800138000",
                "13800138000；13900139000、15012345678",
                "13800138000/13800138000",
            ],
            index=[10, 11, 12, 13],
        )
    )
    assert out.values.tolist() == ["13800138000"] * 4
    assert out.values.index.tolist() == [10, 11, 12, 13]
    assert out.rule.tolist() == [RULE_SPLIT, None, RULE_SPLIT, RULE_CANONICAL]  # type: ignore[union-attr]
    assert out.derived["phone_2"].tolist() == ["0755-88881234转123", None, "13900139000", None]
    assert out.derived["phone_3"].tolist() == [None, None, "15012345678", None]
    assert "phone_4" not in out.derived


def test_no_extra_columns_when_no_cell_holds_several_numbers() -> None:
    out = normalize_phones(pd.Series(["13800138000", "0755-88881234"]))
    assert set(out.derived) == {"phone_type", "phone_region"}


def test_a_local_number_after_a_landline_takes_its_area_code() -> None:
    row = _one("(0931)4678260 4673356")
    assert (row["phone"], row["phone_2"]) == ("0931-4678260", "0931-4673356")
    row = _one("13800138000 / 88881234")  # no landline before it: nothing to take
    assert row["phone_2"] == "88881234"


def test_type_labels_have_english_names() -> None:
    rows = _labelled()
    kinds = {r["type"] for r in rows} - {""}
    assert kinds <= set(PHONE_TYPES_EN)


# --- places ---------------------------------------------------------------------------------------


def test_places_of_mobiles_and_landlines() -> None:
    assert _one("15012345678")["phone_region"] == "云南省昭通市"
    assert _one("0755-88881234")["phone_region"] == "广东省深圳市"
    assert _one("13800138000")["phone_region"] == "北京市"
    assert _one("+852 9123 4567")["phone_region"] == "香港"
    assert _one("400-800-1234")["phone_region"] is None  # 400/800: no place
    assert _one("88881234")["phone_region"] is None  # no area code: no place


def test_places_agree_with_the_geocoder() -> None:
    """The prefix lookup gives what `geocoder.description_for_number` gives ("中国" = none)."""
    areas = "10 20 21 22 23 24 25 27 28 29 311 351 371 431 451 471 531 551 571 591 731 755 769"
    areas += " 771 791 851 871 891 898 931 951 971 991 335 412 518 635 717 832 943"
    typed = [r["input"] for r in _labelled()]
    typed += [
        f"1{a}{b}{c:04d}0000" for a in range(3, 10) for b in range(10) for c in range(0, 10**4, 397)
    ]
    typed += [f"0{area}-{local}" for area in areas.split() for local in ("62345678", "8123456")]
    out = normalize_phones(pd.Series(typed, dtype=object))
    cn = out.derived["phone_type"].isin(["手机", "固话"]) & out.values.str.match(r"^[01]")
    checked = 0
    for value, place in zip(out.values[cn], out.derived["phone_region"][cn], strict=True):
        number = pn.parse(value.split("转")[0], "CN")
        want = geocoder.description_for_number(number, "zh")
        assert place == (None if want in ("", "中国") else want), value
        checked += 1
    assert checked > 1500


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("广东省深圳市", "广东"),
        ("广东", "广东"),
        ("北京市", "北京"),
        ("内蒙古自治区呼和浩特市", "内蒙古"),
        ("广西壮族自治区南宁市", "广西"),
        ("黑龙江省哈尔滨市", "黑龙江"),
        ("深圳市", None),
        ("", None),
        (None, None),
    ],
)
def test_province_of(text: str | None, province: str | None) -> None:
    assert province_of(text) == province


# --- region mismatch ------------------------------------------------------------------------------


def test_a_mobile_from_another_province_is_an_info_finding() -> None:
    values = pd.Series(
        ["15012345678", "13800138000", "0755-88881234", "15012345678", "139", "15012345678"],
        index=[5, 6, 7, 8, 9, 10],
    )
    provinces = pd.Series(
        ["广东省", "北京市", "北京", None, "广东", "云南"], index=[5, 6, 7, 8, 9, 10]
    )
    out = normalize_phones(values, provinces)
    [(code, mask, suggestion)] = out.problems
    assert code == MISMATCH
    # a Yunnan mobile for a Guangdong customer; not: same province, a landline (mobiles only),
    # no province given, not a phone, or Yunnan after all
    assert mask.tolist() == [True, False, False, False, False, False]
    assert mask.index.tolist() == [5, 6, 7, 8, 9, 10]
    assert isinstance(suggestion, pd.Series)
    assert suggestion[mask].tolist() == ["云南省昭通市"]


def test_any_mobile_in_the_cell_is_compared_first_mobile_wins() -> None:
    out = normalize_phones(
        pd.Series(["0755-88881234 / 15012345678"]), pd.Series(["广东省深圳市南山区"])
    )
    [(_, mask, suggestion)] = out.problems
    assert mask.tolist() == [True]
    assert isinstance(suggestion, pd.Series)
    assert suggestion.tolist() == ["云南省昭通市"]


def test_no_finding_when_the_place_is_unknown_or_no_provinces_are_given() -> None:
    out = normalize_phones(pd.Series(["19800736410"]), pd.Series(["广东"]))  # geocoder: 中国
    assert not out.problems[0][1].any()
    assert normalize_phones(pd.Series(["15012345678"])).problems == []


# --- the normalizer contract ------------------------------------------------------------------------

_phoneish = st.lists(
    st.one_of(
        st.text(alphabet="0123456789", min_size=1, max_size=12),
        st.sampled_from(
            ["+86", "0086", "86 ", "0", "-", " ", "(", ")", "/", "，", "、", "转", "分机", "ext"]
        ),
        st.sampled_from(["（微信同号）", "手机：", "电话:", "１３８", "０７５５", "—", "."]),
        st.sampled_from(["13800138000", "0755", "88881234", "010", "62345678", "400", "8001234"]),
    ),
    min_size=1,
    max_size=7,
).map("".join)
_cells = st.one_of(st.text(), _phoneish)


@given(st.lists(_cells, max_size=8))
def test_never_raises_and_is_idempotent(cells: list[str]) -> None:
    once = normalize_phones(pd.Series(cells, dtype=object))
    twice = normalize_phones(once.values)
    assert twice.values.tolist() == once.values.tolist()
    for name in ("phone_type", "phone_region"):
        assert twice.derived[name].tolist() == once.derived[name].tolist()
    # the numbers split off are canonical too, and nothing is split a second time
    assert not any(n.startswith("phone_") and n[-1].isdigit() for n in twice.derived)
    for name, column in once.derived.items():
        if name[-1].isdigit():
            again = normalize_phones(column)
            assert again.values.tolist() == column.tolist()


@given(st.lists(_phoneish, min_size=1, max_size=6, unique=True))
def test_the_fast_path_agrees_with_the_per_value_path(cells: list[str]) -> None:
    out = normalize_phones(pd.Series(cells, dtype=object))
    for i, cell in enumerate(cells):
        slow = phone_module._numbers_in_cell(cell.strip()) if cell.strip() else None
        want = slow[0].text if slow else (cell if cell.strip() else None)
        assert out.values.iat[i] == want, cell
        assert out.derived["phone_type"].iat[i] == (slow[0].kind if slow else None), cell


def test_each_distinct_value_is_worked_out_once() -> None:
    cells = ["手机：13800138000", " 手机：13800138000", "88881234", "13800138000/13900139000"]
    values = pd.Series(cells * 500)
    with mock.patch.object(
        phone_module, "_numbers_in_cell", wraps=phone_module._numbers_in_cell
    ) as slow:
        out = normalize_phones(values)
    # the list of two plain mobiles takes the column-wise path; the other two, once each
    assert sorted(c.args[0] for c in slow.call_args_list) == ["88881234", "手机：13800138000"]
    assert out.values.tolist()[:4] == ["13800138000", "13800138000", "88881234", "13800138000"]


def test_numbers_in_is_what_cells_are_read_with() -> None:
    # the normalizer relies on validation's reading of a cell; keep the two in step
    assert [n for n, _ in numbers_in("手机：13800138000 电话：0755-88881234")] == [
        "13800138000",
        "0755-88881234",
    ]


# --- cells read in pyarrow ---------------------------------------------------------------------------

_SAFE = [
    chr(c) for c in [*range(0x20, 0x7F), 0x3000, *range(0x4E00, 0xA000), *range(0xFF01, 0xFF5F)]
]
_safeish = st.lists(
    st.one_of(
        st.sampled_from(_SAFE),
        st.sampled_from(
            ["（微信同号）", "(微信)", "[备用]", "（注）", "手机：", " 或 ", " or ", "／"]
        ),
        _phoneish,
    ),
    max_size=6,
).map("".join)


def test_safe_characters_normalize_alike_in_pyarrow() -> None:
    arrow = pc.utf8_normalize(pa.array(_SAFE), "NFKC").to_pylist()
    assert arrow == [unicodedata.normalize("NFKC", c) for c in _SAFE]


def test_patterns_are_validations() -> None:
    assert validate_phones._NOTE.pattern.replace(r"\d", "0-9") == phone_module._NOTE
    assert validate_phones._SPLIT.pattern == phone_module._SPLIT


@given(st.lists(_safeish, min_size=1, max_size=6))
def test_arrow_parts_agree_with_cell_parts(cells: list[str]) -> None:
    values = pd.Series(cells, dtype=object)
    values = values[values.astype("string[pyarrow]").str.fullmatch(phone_module._ARROW_SAFE)]
    want = validate_phones.cell_parts(values).str.replace(r"[\s()-]", "", regex=True)
    got = phone_module._arrow_parts(values)
    assert got.index.tolist() == want.index.tolist()
    assert got.tolist() == want.tolist()


@given(st.lists(st.one_of(_phoneish, _safeish, st.text()), min_size=1, max_size=6, unique=True))
def test_every_column_agrees_with_the_per_value_path(cells: list[str]) -> None:
    out = normalize_phones(pd.Series(cells, dtype=object))
    for i, cell in enumerate(cells):
        slow = phone_module._numbers_in_cell(cell.strip()) if cell.strip() else None
        texts = [n.text for n in slow] if slow else []
        assert out.values.iat[i] == (texts[0] if texts else (cell if cell.strip() else None))
        extras = [out.derived[f"phone_{k}"].iat[i] for k in range(2, 2 + len(texts) - 1)]
        assert extras == texts[1:], cell
        assert out.derived["phone_type"].iat[i] == (slow[0].kind if slow else None), cell
