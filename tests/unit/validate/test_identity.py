"""统一社会信用代码 and 身份证号 cells, and who should have which (个人 / 企业)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from custinfo.config.model import ValidateConfig
from custinfo.validate.identity import classify_credit_codes, classify_id_numbers
from tests.unit.validate.formatcheck import check, codes_of, one

# --- 统一社会信用代码 ------------------------------------------------------------------------

VALID_CODES = ["91440300MA5DC6QX9C", "91110108MA01ABCD1E", "121000004000000629"]


@pytest.mark.parametrize(
    "value",
    [
        *VALID_CODES,
        "91440300ma5dc6qx9c",  # lower case is accepted
        "9144 0300 MA5D C6QX 9C",
        "９１４４０３００ＭＡ５ＤＣ６ＱＸ９Ｃ",
        "N2440300MA5DC6QX9U",  # 农村集体经济组织: letters in the first two places
        "暂无",
        "无",
        "-",
    ],
)
def test_valid_credit_codes_pass(value: str) -> None:
    assert one("credit_code", value).empty


def test_credit_code_checksum_suggests_the_check_character() -> None:
    findings = one("credit_code", "91440300MA5DC6QX9D")
    assert codes_of(findings) == [[2, "B", "credit_code.checksum"]]
    assert "校验位应为 C" in findings["suggestion"].item()


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("91440300MA5DC6QX9", "当前 17 位"),
        ("91440300MA5DC6QX9CC", "当前 19 位"),
        ("91440300MA5DC6QXIC", "不允许的字符"),  # I is not used
        ("9144AB00MA5DC6QX9C", "第 3–8 位为数字"),
        ("440301000123456", "15 位工商注册号"),
        ("待补充", "当前 3 位"),
    ],
)
def test_credit_code_format(value: str, why: str) -> None:
    findings = one("credit_code", value)
    assert codes_of(findings) == [[2, "B", "credit_code.format"]]
    assert why in findings["suggestion"].item()


def test_placeholders_come_from_the_config() -> None:
    cfg = ValidateConfig(credit_code_placeholders=["待补充"])
    rows: list[dict[str, str | None]] = [
        {"customer_type": "企业", "credit_code": "待补充"},
        {"customer_type": "企业", "credit_code": "暂无"},
    ]
    assert codes_of(check(rows, cfg)) == [[3, "B", "credit_code.format"]]


# --- 身份证号 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "11010519491231002x", "44030519900101123X", "暂无"]
)
def test_valid_id_numbers_pass(value: str) -> None:
    assert one("id_number", value, customer_type="个人").empty


def test_id_number_checksum_never_repeats_the_number() -> None:
    findings = one("id_number", "110105194912310021", customer_type="个人")
    assert codes_of(findings) == [[2, "B", "id_number.checksum"]]
    suggestion = findings["suggestion"].item()
    assert "校验位应为 X" in suggestion
    assert "1101051949" not in suggestion


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1101051949123100", "当前 16 位"),
        ("1101051949123100211", "当前 19 位"),
        ("11010519491231002Y", "17 位数字"),
        ("110105491231002", "15 位旧身份证号"),
        ("110105194913310021", "出生日期"),  # month 13, right check digit
        ("320502198102290012", "出生日期"),  # 1981-02-29
        ("110105180001010012", "出生日期"),  # before 1900
    ],
)
def test_id_number_format(value: str, why: str) -> None:
    findings = one("id_number", value, customer_type="个人")
    assert codes_of(findings) == [[2, "B", "id_number.format"]]
    assert why in findings["suggestion"].item()
    assert value[:10] not in findings["suggestion"].item()


# --- who may have which ----------------------------------------------------------------------


def test_person_with_credit_code_and_company_with_id_number() -> None:
    code, id_number = VALID_CODES[0], "11010519491231002X"
    rows: list[dict[str, str | None]] = [
        {"customer_type": "个人", "credit_code": code, "id_number": None},  # 2: warn at B
        {"customer_type": "个体", "credit_code": "92440105168758632G"},  # 3: synonym of 个人
        {"customer_type": "个人", "credit_code": "暂无", "id_number": id_number},  # 4: fine
        {"customer_type": "个人", "credit_code": "91440300MA5DC6QX9D"},  # 5: checksum + warn
        {"customer_type": "个人", "credit_code": "12345"},  # 6: format only
        {"customer_type": "企业", "credit_code": code, "id_number": id_number},  # 7: warn at C
        {"customer_type": "公司", "id_number": "110105194912310021"},  # 8: checksum + warn
        {"customer_type": "企业", "id_number": "无"},  # 9: none given
        {"customer_type": "企业", "id_number": "abc"},  # 10: format only
        {"customer_type": None, "credit_code": code, "id_number": id_number},  # 11: unknown type
    ]
    assert codes_of(check(rows)) == [
        [2, "B", "logic.person_with_credit_code"],
        [3, "B", "logic.person_with_credit_code"],
        [5, "B", "credit_code.checksum"],
        [5, "B", "logic.person_with_credit_code"],
        [6, "B", "credit_code.format"],
        [7, "C", "logic.company_with_id_number"],
        [8, "C", "id_number.checksum"],
        [8, "C", "logic.company_with_id_number"],
        [10, "C", "id_number.format"],
    ]
    assert set(check(rows[:1])["severity"]) == {"warning"}


def test_no_customer_type_column_means_no_logic_findings() -> None:
    assert check([{"name": "王", "credit_code": VALID_CODES[0]}]).empty


# The vectorized check characters must agree with python-stdnum.

_uscc_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(
    st.text(alphabet=_uscc_alphabet, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=_uscc_alphabet, min_size=9, max_size=9),
    st.sampled_from(_uscc_alphabet),
)
def test_credit_code_check_character_agrees_with_stdnum(
    head: str, region: str, body: str, last: str
) -> None:
    code = head + region + body + last
    slugs, suggestions = classify_credit_codes(pd.Series([code], dtype=object), set())
    expected = uscc.calc_check_digit(code[:17])
    assert slugs[0] == ("" if last == expected else "credit_code.checksum")
    assert slugs[0] == "" or suggestions[0].startswith(f"按前 17 位计算，校验位应为 {expected}")


@given(
    st.dates(min_value=date(1000, 1, 1)),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from("0123456789X"),
)
def test_id_check_digit_agrees_with_stdnum(born: date, rest: str, last: str) -> None:
    number = rest[:6] + f"{born:%Y%m%d}" + rest[6:] + last
    slugs, _ = classify_id_numbers(pd.Series([number], dtype=object), set())
    if born.year < 1900:
        assert slugs[0] == "id_number.format"
    else:
        ok = ric.calc_check_digit(number) == last
        assert slugs[0] == ("" if ok else "id_number.checksum")
