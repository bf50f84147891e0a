"""The template, read back with openpyxl (and with our own reader): headers, marks, formats,
dropdowns, the instructions sheet and valid example rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

from custinfo.fields import DEFAULT_REGISTRY, SHEET_TITLES, Kind, Registry, SheetKind
from custinfo.io.template import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    example_rows,
    header_text,
    write_template,
)

KINDS = (SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("t") / "客户信息模板.xlsx"
    write_template(path, DEFAULT_REGISTRY)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("t") / "客户信息模板_示例.xlsx"
    write_template(path, DEFAULT_REGISTRY, with_examples=True)
    return path


def test_sheets_data_first(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["客户信息", "互动记录", "交易记录", INSTRUCTIONS_SHEET]
    assert wb.active.title == "客户信息"
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)


@pytest.mark.parametrize("kind", KINDS)
def test_headers_marks_fills_comments(blank: Path, kind: SheetKind) -> None:
    ws = openpyxl.load_workbook(blank)[SHEET_TITLES[kind]]
    fields = DEFAULT_REGISTRY.for_sheet(kind)
    assert [c.value for c in ws[1]] == [header_text(f) for f in fields]
    for f, cell in zip(fields, ws[1], strict=True):
        assert cell.value.endswith("*") == f.required
        assert cell.font.b
        colour = str(cell.fill.fgColor.rgb)[-6:]
        assert colour == (REQUIRED_FILL if f.required else OPTIONAL_FILL)[1:]
        assert cell.comment is not None and (f.help or f.zh) in cell.comment.text
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")


def test_required_marks_on_customers(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)["客户信息"]
    headers = [c.value for c in ws[1]]
    assert "客户名称*" in headers and "联系电话*" in headers and "客户编号" in headers


@pytest.mark.parametrize("kind", KINDS)
def test_column_formats_and_widths(blank: Path, kind: SheetKind) -> None:
    ws = openpyxl.load_workbook(blank)[SHEET_TITLES[kind]]
    fields = DEFAULT_REGISTRY.for_sheet(kind)
    for i, f in enumerate(fields, start=1):
        dim = _dimension(ws, i)
        assert abs(dim.width - f.width) < 1, f.name
        fmt = dim.number_format
        if f.kind in (Kind.PHONE, Kind.CUSTOMER_ID, Kind.CREDIT_CODE, Kind.ID_NUMBER):
            assert fmt == "@", f.name
        elif f.kind is Kind.DATE:
            assert fmt == DATE_FORMAT, f.name
        elif f.kind is Kind.INTEGER:
            assert fmt == "0", f.name
        elif f.kind is Kind.MONEY:
            amount = kind is SheetKind.TRANSACTIONS and f.name == "amount"
            assert fmt == (AMOUNT_FORMAT if amount else "@"), f.name


def _dimension(ws: Worksheet, i: int) -> ColumnDimension:
    """The <col> element covering column i (xlsxwriter merges equal neighbours into one)."""
    for dim in ws.column_dimensions.values():
        if dim.min <= i <= dim.max:
            return dim
    raise AssertionError(f"no <col> for column {i}")


def _validations(ws: Worksheet) -> dict[str, object]:
    """Column letter -> its data validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == 1_048_576
            assert rng.min_col == rng.max_col
            out[get_column_letter(rng.min_col)] = dv
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_dropdowns_and_date_checks(blank: Path, kind: SheetKind) -> None:
    ws = openpyxl.load_workbook(blank)[SHEET_TITLES[kind]]
    fields = DEFAULT_REGISTRY.for_sheet(kind)
    checks = _validations(ws)
    for i, f in enumerate(fields, start=1):
        dv = checks.get(get_column_letter(i))
        if f.kind is Kind.ENUM:
            assert dv is not None and dv.type == "list", f.name
            assert dv.formula1 == '"' + ",".join(f.enum) + '"'
            style = dv.errorStyle or "stop"  # stop is the default, so it is left out
            assert style == ("information" if f.open_enum else "stop"), f.name
            assert dv.showErrorMessage
        elif f.kind is Kind.DATE:
            assert dv is not None and dv.type == "date", f.name
            assert dv.showInputMessage and dv.prompt and dv.promptTitle
            assert dv.errorStyle == "warning"  # "2024年9月30日前" may be typed on purpose
        elif f.kind is Kind.INTEGER:
            assert dv is not None and dv.type == "whole", f.name
        else:
            assert dv is None, f.name


def test_long_enum_goes_to_hidden_list_sheet(tmp_path: Path) -> None:
    long_values = tuple(f"来源渠道选项{i:02d}" for i in range(40))
    patched = Registry(
        tuple(
            replace(f, enum=f.enum + long_values)
            if (f.sheet, f.name) == (SheetKind.CUSTOMERS, "source")
            else replace(f, enum=(*f.enum, "决策者,兼使用者"))
            if (f.sheet, f.name) == (SheetKind.CUSTOMERS, "decision_role")
            else f
            for f in DEFAULT_REGISTRY.fields
        )
    )
    path = tmp_path / "t.xlsx"
    write_template(path, patched)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-1] == LISTS_SHEET and wb.sheetnames[0] == "客户信息"
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    source = patched.get(SheetKind.CUSTOMERS, "source")
    assert [c.value for c in lists["B"]] == ["客户信息.客户来源", *source.enum]
    ws = wb["客户信息"]
    col = get_column_letter(patched.for_sheet(SheetKind.CUSTOMERS).index(source) + 1)
    dv = _validations(ws)[col]
    assert dv.formula1 == f"'{LISTS_SHEET}'!$B$2:$B${len(source.enum) + 1}"
    assert dv.errorStyle == "information"
    # a short list cannot be inlined either when a value holds a comma
    role = patched.get(SheetKind.CUSTOMERS, "decision_role")
    assert [c.value for c in lists["A"]][:5] == ["客户信息.决策角色", *role.enum]
    col = get_column_letter(patched.for_sheet(SheetKind.CUSTOMERS).index(role) + 1)
    assert _validations(ws)[col].formula1 == f"'{LISTS_SHEET}'!$A$2:$A$5"
    assert (_validations(ws)[col].errorStyle or "stop") == "stop"
    assert lists.max_column == 2


def test_instructions_sheet(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank)[INSTRUCTIONS_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("工作表", "字段", "是否必填", "类型", "可选值", "填写说明", "示例")
    assert len(rows) - 1 == len(DEFAULT_REGISTRY.fields)
    by_field = {(r[0], r[1]): r for r in rows[1:]}
    t = by_field[("客户信息", "客户类型*")]
    assert t[2] == "是" and t[4] == "企业/个人" and t[5]
    credit = by_field[("客户信息", "统一社会信用代码")]
    assert credit[2] == "否" and credit[6] == example_rows()[SheetKind.CUSTOMERS][0]["credit_code"]
    assert by_field[("交易记录", "交易金额*")][3] == "金额（数字，元）"
    assert ws.freeze_panes == "A2"


def test_english_instructions(tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    write_template(path, DEFAULT_REGISTRY, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["客户信息", "互动记录", "交易记录"]  # what the reader recognises
    assert wb[INSTRUCTIONS_SHEET]["A1"].value == "Sheet"
    assert wb["客户信息"]["B1"].value == "客户类型*"


# --- example rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_example_rows_written_typed(filled: Path, kind: SheetKind) -> None:
    ws = openpyxl.load_workbook(filled)[SHEET_TITLES[kind]]
    fields = DEFAULT_REGISTRY.for_sheet(kind)
    rows = example_rows()[kind]
    assert rows and ws.max_row == len(rows) + 1
    for r, row in enumerate(rows, start=2):
        for i, f in enumerate(fields, start=1):
            cell = ws.cell(r, i)
            want = row.get(f.name)
            if want in (None, ""):
                assert cell.value is None
            elif f.kind is Kind.DATE:
                assert cell.value == dt.datetime.combine(want, dt.time())
                assert cell.number_format == DATE_FORMAT
            elif isinstance(want, int):
                assert cell.value == want and cell.data_type == "n"
            else:
                assert cell.value == want and cell.data_type == "s", f.name


@pytest.mark.parametrize("kind", KINDS)
def test_examples_fill_required_fields_and_use_enum_values(kind: SheetKind) -> None:
    for row in example_rows()[kind]:
        assert set(row) <= {f.name for f in DEFAULT_REGISTRY.for_sheet(kind)}
        for f in DEFAULT_REGISTRY.for_sheet(kind):
            value = row.get(f.name)
            if f.required:
                assert value not in (None, ""), (row.get("customer_id"), f.name)
            if f.kind is Kind.ENUM and value is not None:
                assert value in f.enum, (f.name, value)
            if f.kind is Kind.DATE and value is not None:
                assert isinstance(value, dt.date), (f.name, value)
            if f.kind is Kind.INTEGER and value is not None:
                assert isinstance(value, int) and value >= 0


def test_example_seeds() -> None:
    customers = {r["customer_id"]: r for r in example_rows()[SheetKind.CUSTOMERS]}
    assert customers["C202405001"]["name"] == "深圳市星河科技有限公司"
    assert customers["C202405001"]["customer_type"] == "企业"
    assert customers["C202405001"]["industry"] == "软件和信息技术服务业"
    assert customers["C202405002"]["customer_type"] == "个人"
    assert customers["C202405002"]["industry"] == "零售业"
    assert "credit_code" not in customers["C202405002"]  # a 个人 has no credit code
    assert "制造" in customers["C202405003"]["industry"]
    assert customers["C202405003"]["status"] == "成交客户"
    ids = set(customers)
    for kind in (SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS):
        assert {r["customer_id"] for r in example_rows()[kind]} <= ids
    buyers = {r["customer_id"] for r in example_rows()[SheetKind.TRANSACTIONS]}
    assert all(customers[c]["status"] == "成交客户" for c in buyers)


def test_example_next_contact_after_last_interaction() -> None:
    interactions = example_rows()[SheetKind.INTERACTIONS]
    for row in example_rows()[SheetKind.CUSTOMERS]:
        dates = [
            i["interaction_date"] for i in interactions if i["customer_id"] == row["customer_id"]
        ]
        assert row["last_interaction"] == max(dates)
        assert row["next_contact"] > row["last_interaction"] >= row["first_contact"]
        assert row["founded"] < row["first_contact"] if "founded" in row else True


def test_example_phones_are_valid() -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    for row in example_rows()[SheetKind.CUSTOMERS]:
        phone = row["phone"]
        parsed = phonenumbers.parse(phone, "CN")
        assert phonenumbers.is_valid_number(parsed), phone
        digits = phone.replace("-", "")
        if not digits.startswith("0"):
            assert len(digits) == 11 and digits[:2] in {"13", "14", "15", "16", "17", "18", "19"}


def test_example_credit_codes_pass_gb32100() -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    codes = [r["credit_code"] for r in example_rows()[SheetKind.CUSTOMERS] if "credit_code" in r]
    assert len(codes) == 2
    for code in codes:
        assert uscc.is_valid(code), code
        assert _org_code_check(code[8:16]) == code[16], code  # GB 11714 inside the USCC


def _org_code_check(body: str) -> str:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


# --- read back by custinfo itself ------------------------------------------------------------


@pytest.mark.parametrize("examples", [False, True])
def test_reads_back_exactly(tmp_path: Path, examples: bool) -> None:
    read = pytest.importorskip("custinfo.io.read")
    from custinfo.config.model import InputConfig

    path = tmp_path / "模板.xlsx"
    write_template(path, DEFAULT_REGISTRY, with_examples=examples)
    book = read.read_book(path, DEFAULT_REGISTRY, InputConfig())
    assert book.findings.empty, book.findings.to_dict("records")
    assert set(book.tables) == set(KINDS)
    for kind, table in book.tables.items():
        fields = DEFAULT_REGISTRY.for_sheet(kind)
        assert [c.field for c in table.columns] == [f.name for f in fields]
        assert {c.method for c in table.columns} == {"exact"}
        assert [c.column for c in table.columns] == [
            get_column_letter(i + 1) for i in range(len(fields))
        ]
        assert table.header_row == 1
        assert len(table.frame) == (len(example_rows()[kind]) if examples else 0)
    roles = {s.name: s.role for s in book.sheets}
    assert roles[INSTRUCTIONS_SHEET] is None
    if examples:
        customers = book.tables[SheetKind.CUSTOMERS].frame
        assert customers["phone"].tolist()[0] == "13856781234"
        assert customers["credit_code"].tolist()[0] == "91440300MA5FXH2K2P"
        assert customers["first_contact"].tolist()[0] == "2024-05-06"
