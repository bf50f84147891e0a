from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from custinfo.codes import CODES
from custinfo.config import Rules, load_rules
from custinfo.config.model import ValidateConfig
from custinfo.dataset import Dataset
from custinfo.fields import SheetKind
from custinfo.findings import flat
from custinfo.pipeline import run_pipeline
from custinfo.validate import formats
from custinfo.validate.formats import format_findings
from tests.frames import make_dataset, make_table

ROOT = Path(__file__).resolve().parents[3]
FORMAT_FIELDS = ("phone", "email", "credit_code", "id_number")


@cache
def _rules() -> Rules:
    return load_rules(None)


def check(
    rows: list[dict[str, str | None]],
    cfg: ValidateConfig | None = None,
    fields: list[str] | None = None,
) -> pd.DataFrame:
    rules = _rules()
    ds = make_dataset(make_table(SheetKind.CUSTOMERS, rows, fields=fields))
    return format_findings(ds, rules.registry, cfg or rules.config.validate_)


def one(field: str, value: str | None, customer_type: str = "企业") -> pd.DataFrame:
    """Findings for a single cell: column A is 客户类型, the checked field is column B."""
    return check([{"customer_type": customer_type, field: value}])


def codes_of(findings: pd.DataFrame) -> list[list[object]]:
    return flat(findings, "row", "column", "code")


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


# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "wang@example.com",
        "wang.li+crm@sub.example.com.cn",
        "WANG_LI@EXAMPLE.COM",
        "a1@163.com",
        "wang@example.com; li@example.cn",
        "wang@example.com / li@example.cn",
        "x@xn--fiqs8s.cn",
        "无",  # none given
        "暂无",
        "-",
    ],
)
def test_valid_emails_pass(value: str) -> None:
    assert one("email", value).empty


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("wang@", "@ 后缺少域名"),
        ("wang.example.com", "缺少 @"),
        ("wang@example", "缺少后缀"),
        ("pengyan@qq", "缺少后缀"),
        ("gaoting@@163.com", "只能有一个 @"),
        ("guowenbo#163.com", "缺少 @"),
        ("@example.com", "缺少用户名"),
        (".wang@example.com", "点号"),
        ("wang..li@example.com", "点号"),
        ("wang@example.com.", "点号"),
        ("wang@example.c", "后缀不对"),
        ("wang@-example.com", "不允许的字符"),
        ("张三@example.com", "英文字母"),
        ("wang @example.com", "不能含空格，应为 wang@example.com"),
        ("wang@example.com; li@", "第 2 个邮箱"),
        ("张三", "缺少 @"),
    ],
)
def test_invalid_emails(value: str, why: str) -> None:
    findings = one("email", value)
    assert codes_of(findings) == [[2, "B", "email.invalid"]]
    assert why in findings["suggestion"].item()
    assert "name@example.com" in findings["suggestion"].item() or "空格" in why


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        ("wang＠example.com", "wang@example.com"),
        ("ｗａｎｇ@example.com", "wang@example.com"),
        ("wang@example。com", "wang@example.com"),
    ],
)
def test_fullwidth_email_is_a_warning_with_the_fix(value: str, fixed: str) -> None:
    findings = one("email", value)
    assert codes_of(findings) == [[2, "B", "email.fullwidth"]]
    assert findings["severity"].item() == "warning"
    assert findings["suggestion"].item() == fixed


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


# --- the frame as a whole --------------------------------------------------------------------


def test_blank_cells_are_skipped() -> None:
    rows: list[dict[str, str | None]] = [
        dict.fromkeys(FORMAT_FIELDS, blank) for blank in (None, "", "  ", "\u3000")
    ]
    assert check(rows).empty


def test_findings_carry_sheet_row_header_value_and_owner() -> None:
    table = make_table(
        SheetKind.CUSTOMERS,
        [
            {"name": "星河科技", "phone": "13800138000", "email": "a@b.com", "owner": "张经理"},
            {"name": "王女士", "phone": "139", "email": "wang@", "owner": "李主管"},
            {"name": "王女士", "phone": "139", "email": None, "owner": None},
        ],
        header_row=3,
    )
    rules = _rules()
    findings = format_findings(make_dataset(table), rules.registry, rules.config.validate_)
    assert flat(findings, "sheet", "row", "column", "field", "code", "value", "owner") == [
        ["客户信息", 5, "B", "phone", "phone.too_short", "139", "李主管"],
        ["客户信息", 5, "C", "email", "email.invalid", "wang@", "李主管"],
        ["客户信息", 6, "B", "phone", "phone.too_short", "139", ""],
    ]
    assert set(findings["header"]) == {"联系电话", "邮箱"}


def test_fields_without_a_column_are_not_checked() -> None:
    assert check([{"name": "星河科技"}]).empty


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                f: st.one_of(st.none(), st.text(max_size=30))
                for f in ("customer_type", *FORMAT_FIELDS)
            }
        ),
        max_size=8,
    )
)
def test_any_text_gives_findings_at_real_cells(rows: list[dict[str, str | None]]) -> None:
    findings = check(rows, fields=["customer_type", *FORMAT_FIELDS])
    assert set(findings["row"]) <= set(range(2, len(rows) + 2))
    letters = {"phone": "B", "email": "C", "credit_code": "D", "id_number": "E"}
    for f in findings.itertuples():
        assert f.column == letters[str(f.field)]
        assert CODES[str(f.code)].severity.value == f.severity
        assert str(f.code).startswith((f"{f.field}.", "logic."))


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
    slugs, _ = formats._phones(pd.Series(values, dtype=object))
    assert [s == "" for s in slugs] == [formats._phone_cell(v)[0] == "" for v in values]


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
    slugs, suggestions = formats._credit_codes(pd.Series([code], dtype=object), set())
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
    slugs, _ = formats._id_numbers(pd.Series([number], dtype=object), set())
    if born.year < 1900:
        assert slugs[0] == "id_number.format"
    else:
        ok = ric.calc_check_digit(number) == last
        assert slugs[0] == ("" if ok else "id_number.checksum")


# --- the committed sample --------------------------------------------------------------------

# truth.json kind -> our code
TRUTH_CODES = {
    "phone.truncated": "phone.too_short",
    "email.invalid": "email.invalid",
    "credit_code.checksum": "credit_code.checksum",
    "id_number.checksum": "id_number.checksum",
    "logic.person_with_credit_code": "logic.person_with_credit_code",
    "logic.company_with_id_number": "logic.company_with_id_number",
}


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return run_pipeline(ROOT / "samples" / "customers.xlsx", _rules(), until="validate").dataset


def test_sample_planted_problems_are_found_and_nothing_else(sample: Dataset) -> None:
    truth = json.loads((ROOT / "samples" / "truth.json").read_text(encoding="utf-8"))
    planted = sorted(
        [e["sheet"], e["row"], e["column"], TRUTH_CODES[e["kind"]]]
        for e in truth["errors"]
        if e["kind"] in TRUTH_CODES
    )
    assert len(planted) == 20
    rules = _rules()
    findings = format_findings(sample, rules.registry, rules.config.validate_)
    assert flat(findings, "sheet", "row", "column", "code") == planted
