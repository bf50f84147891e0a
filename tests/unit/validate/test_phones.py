"""Phone cells: valid numbers pass, bad ones are located with a code and a suggestion."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.validate.phones import classify_phones, numbers_in, phone_cell, phone_verdicts
from tests.unit.validate.formatcheck import codes_of, one

# --- phones ----------------------------------------------------------------------------------

VALID_PHONES = [
    "13800138000",
    "138 0013 8000",
    "138-0013-8000",
    "+86 138 0013 8000",
    "+86-13800138000",
    "(+86)13800138000",
    "0086 19800736410",
    "86 13800138000",
    " 13800138000 ",
    "１３８００１３８０００",  # full-width digits
    "13800138000（微信同号）",
    "手机：13800138000",
    "0755-88881234",
    "0755 8888 1234",
    "0755—8888—1234",  # dashes of any width
    "0755-8888 1234",
    "075588881234",
    "(0371)8016 2701",
    "（025）30455704",
    "010-62345678",
    "+86-10-62345678",
    "400-800-1234",
    "800-810-8888",
    "0755-88881234转123",
    "0755-88881234 分机 8001",
    "0755-88881234-123",
    "0755-88881234 ext 123",
    "13800138000 / 0755-88881234",
    "13800138000/13900139000",
    "13800138000；13900139000",
    "13800138000、0755-88881234",
    "13800138000，13900139000",
    "13800138000 13900139000",
    "+852 9123 4567",
]


@pytest.mark.parametrize("value", VALID_PHONES)
def test_valid_phones_pass(value: str) -> None:
    assert one("phone", value).empty


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1385678", "phone.too_short"),  # truncated samples from the seeds
        ("139", "phone.too_short"),
        ("1", "phone.too_short"),
        ("0755-8888", "phone.too_short"),
        ("020-123", "phone.too_short"),
        ("138001", "phone.too_short"),
        ("021-6888888", "phone.too_short"),  # 2-digit area codes have 8-digit numbers
        ("4008001", "phone.too_short"),
        ("12345678901", "phone.invalid"),  # right length, no such range
        ("139001380001", "phone.invalid"),  # one digit too many
        ("10086", "phone.invalid"),  # a carrier's service number, not a customer's phone
        ("95588", "phone.invalid"),
        ("1380013800O", "phone.invalid"),  # letter O for zero
        ("+852 123", "phone.invalid"),
        ("13800138000 1390013", "phone.invalid"),  # spaces split only complete numbers
        ("无", "phone.not_a_number"),
        ("-", "phone.not_a_number"),
        ("abc", "phone.not_a_number"),
        ("88881234", "phone.no_area_code"),
        ("8888123", "phone.no_area_code"),
    ],
)
def test_bad_phones_are_located(value: str, code: str) -> None:
    assert codes_of(one("phone", value)) == [[2, "B", code]]


def test_phone_severities() -> None:
    assert one("phone", "139")["severity"].tolist() == ["error"]
    assert one("phone", "88881234")["severity"].tolist() == ["warning"]


def test_phone_suggestions_say_what_a_number_looks_like() -> None:
    def suggestion(value: str) -> str:
        return str(one("phone", value)["suggestion"].item())

    assert suggestion("1385678") == "手机号应为 11 位，如 13800138000"
    assert "区号-号码" in suggestion("0755-8888")
    assert suggestion("88881234") == "加上区号，如 0755-88881234"
    assert "服务号码" in suggestion("10086")


def test_worst_number_in_a_list_is_reported_by_position() -> None:
    findings = one("phone", "13800138000 / 1385678")
    assert codes_of(findings) == [[2, "B", "phone.too_short"]]
    assert findings["suggestion"].item().startswith("第 2 个号码：")
    assert findings["value"].item() == "13800138000 / 1385678"  # the cell as typed
    # an error outranks a warning in the same cell
    assert codes_of(one("phone", "88881234, 139")) == [[2, "B", "phone.too_short"]]


def test_local_numbers_separated_by_spaces_count_as_numbers() -> None:
    findings = one("phone", "13800138000 88881234")
    assert codes_of(findings) == [[2, "B", "phone.no_area_code"]]
    assert findings["suggestion"].item().startswith("第 2 个号码：")


# --- the functions normalization reuses ---------------------------------------------------------


def test_numbers_in_a_cell_each_with_its_verdict() -> None:
    assert numbers_in("手机：13800138000（微信同号）/ 0755-88881234转123") == [
        ("13800138000", ("", "")),
        ("0755-88881234 ext 123", ("", "")),
    ]
    assert [n for n, _ in numbers_in("13800138000 88881234")] == ["13800138000", "88881234"]
    assert [v[0] for _, v in numbers_in("13800138000 88881234")] == ["", "phone.no_area_code"]
    assert numbers_in("138 0013 8000") == [("138 0013 8000", ("", ""))]
    assert numbers_in("（微信同号）") == []


def test_phone_verdicts_per_cell() -> None:
    values = pd.Series(["13800138000", None, "  ", "139", " 13800138000 "], index=[5, 6, 7, 8, 9])
    slug, suggestion = phone_verdicts(values)
    assert slug.index.tolist() == [5, 6, 7, 8, 9]
    assert slug.tolist() == ["", None, None, "phone.too_short", ""]
    assert suggestion.tolist() == ["", "", "", "手机号应为 11 位，如 13800138000", ""]


# The fast paths (vectorized, for the common case) must agree with the per-value rules.

_digits = st.text(alphabet="0123456789", min_size=1, max_size=14)
_phoneish = st.lists(
    st.one_of(
        _digits,
        st.sampled_from(["+86", "0086", "0", "-", " ", "(", ")", "/", "（微信同号）"]),
        st.sampled_from(["13800138000", "138", "0013", "0755", "88881234", "010", "62345678"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@given(st.lists(_phoneish, min_size=1, max_size=5, unique=True))
def test_phone_fast_path_agrees_with_phonenumbers(values: list[str]) -> None:
    slugs, _ = classify_phones(pd.Series(values, dtype=object))
    assert [s == "" for s in slugs] == [phone_cell(v)[0] == "" for v in values]
