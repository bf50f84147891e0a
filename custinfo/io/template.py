"""The blank template: one sheet per record kind, generated from the field registry, with required
marks, dropdowns, date checks and column formats, so what people type is what custinfo reads.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from custinfo.fields import SHEET_TITLES, Field, Kind, Registry, SheetKind
from custinfo.io.atomic import atomic_path
from custinfo.io.workbook import open_workbook
from custinfo.io.xlsx_style import DATE_FORMAT as DATE_FORMAT  # re-exported: tests read it here

LAST_ROW = 1_048_575  # 0-based last Excel row: formats and checks cover the whole column
FILTER_ROWS = 1000  # the autofilter range set up for typing into
LIST_LIMIT = 255  # Excel's limit for an inline dropdown list ("a,b,c")
LISTS_SHEET = "_lists"
INSTRUCTIONS_SHEET = "填写说明"  # "说明" also tells the reader this is not a data sheet
REQUIRED_MARK = "*"

REQUIRED_FILL = "#F8CBAD"
OPTIONAL_FILL = "#DDEBF7"
TEXT_FORMAT = "@"
INTEGER_FORMAT = "0"
AMOUNT_FORMAT = "#,##0.00"

SHEETS = (SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)

KIND_LABELS: dict[str, dict[Kind, str]] = {
    "zh": {
        Kind.TEXT: "文本",
        Kind.ENUM: "下拉选择",
        Kind.DATE: "日期",
        Kind.INTEGER: "整数",
        Kind.MONEY: "金额（文字，如 30-50万）",
        Kind.PHONE: "电话",
        Kind.EMAIL: "邮箱",
        Kind.CUSTOMER_ID: "客户编号",
        Kind.CREDIT_CODE: "统一社会信用代码",
        Kind.ID_NUMBER: "身份证号",
    },
    "en": {
        Kind.TEXT: "text",
        Kind.ENUM: "dropdown",
        Kind.DATE: "date",
        Kind.INTEGER: "whole number",
        Kind.MONEY: "amount (text, e.g. 30-50万)",
        Kind.PHONE: "phone",
        Kind.EMAIL: "email",
        Kind.CUSTOMER_ID: "customer ID",
        Kind.CREDIT_CODE: "unified social credit code",
        Kind.ID_NUMBER: "ID card number",
    },
}
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "columns": "工作表|字段|是否必填|类型|可选值|填写说明|示例",
        "yes": "是",
        "no": "否",
        "open": "下拉选择（也可填其他值）",
        "amount": "金额（数字，元）",
        "required": "必填。",
        "pick": "请从下拉列表中选择",
        "strict": "「{header}」只能填：{values}",
        "open_msg": "「{header}」建议从下拉列表中选择；确需其他值可点“是”保留",
        "date_title": "日期",
        "date_msg": "请填写 1900-2099 年间的日期，如 2024-05-10",
        "int_title": "整数",
        "int_msg": "请填写不小于 0 的整数",
    },
    "en": {
        "columns": "Sheet|Field|Required|Type|Allowed values|How to fill in|Example",
        "yes": "yes",
        "no": "no",
        "open": "dropdown (other values allowed)",
        "amount": "amount (number, yuan)",
        "required": "Required. ",
        "pick": "Pick from the list",
        "strict": "'{header}' must be one of: {values}",
        "open_msg": "'{header}': please pick from the list; click Yes to keep another value",
        "date_title": "Date",
        "date_msg": "Enter a date between 1900 and 2099, e.g. 2024-05-10",
        "int_title": "Whole number",
        "int_msg": "Enter a whole number, 0 or more",
    },
}
INSTRUCTION_WIDTHS = (10, 18, 9, 22, 40, 48, 26)

_DATE_MIN, _DATE_MAX = dt.date(1900, 1, 1), dt.date(2099, 12, 31)


def write_template(
    path: Path, registry: Registry, *, with_examples: bool = False, lang: str = "zh"
) -> None:
    """Write the template workbook to `path` atomically.

    Sheets: 客户信息, 互动记录, 交易记录 (headers from `registry`, `*` on required ones), then
    填写说明, then a hidden `_lists` sheet when some dropdown is too long to inline.
    """
    lang = "en" if lang == "en" else "zh"
    examples = example_rows() if with_examples else {}
    with atomic_path(path) as tmp, open_workbook(tmp) as wb:
        lists = _Lists(wb)
        for kind in SHEETS:
            fields = registry.for_sheet(kind)
            ws = wb.add_worksheet(SHEET_TITLES[kind])
            _write_data_sheet(wb, ws, fields, examples.get(kind, ()), lists, lang)
        _write_instructions(wb, registry, lang)
        lists.finish()


def header_text(f: Field) -> str:
    """The header as written in the template: the standard header, `*` when required."""
    return f.zh + REQUIRED_MARK if f.required else f.zh


@functools.cache
def example_rows() -> dict[SheetKind, tuple[dict[str, Any], ...]]:
    """The shipped example rows (custinfo/data/template_examples.yaml), per sheet."""
    text = resources.files("custinfo").joinpath("data/template_examples.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {kind: tuple(data.get(kind.value) or ()) for kind in SHEETS}


def cell_format(f: Field) -> str:
    """The number format a field's column gets: text for codes, phones and money-as-typed."""
    if f.kind is Kind.DATE:
        return DATE_FORMAT
    if f.kind is Kind.INTEGER:
        return INTEGER_FORMAT
    if _is_amount(f):
        return AMOUNT_FORMAT
    return TEXT_FORMAT  # keeps leading zeros and all 18 digits; "30-50万" is text anyway


def _is_amount(f: Field) -> bool:
    """The transactions amount is a number; other MONEY fields hold text like "30-50万"."""
    return f.kind is Kind.MONEY and f.sheet is SheetKind.TRANSACTIONS and f.name == "amount"


# --- data sheets ------------------------------------------------------------------------------


def _write_data_sheet(
    wb: xlsxwriter.Workbook,
    ws: Worksheet,
    fields: Sequence[Field],
    examples: Sequence[Mapping[str, Any]],
    lists: _Lists,
    lang: str,
) -> None:
    words = WORDS[lang]
    required_fmt = wb.add_format(
        {"bold": True, "bg_color": REQUIRED_FILL, "font_color": "#C00000", "border": 1}
    )
    optional_fmt = wb.add_format({"bold": True, "bg_color": OPTIONAL_FILL, "border": 1})
    formats: dict[str, Format] = {}
    for c, f in enumerate(fields):
        fmt_code = cell_format(f)
        if fmt_code not in formats:
            formats[fmt_code] = wb.add_format({"num_format": fmt_code})
        col_fmt = formats[fmt_code]
        ws.set_column(c, c, f.width, col_fmt)
        ws.write_string(0, c, header_text(f), required_fmt if f.required else optional_fmt)
        note = (words["required"] if f.required else "") + (f.help or f.zh)
        ws.write_comment(0, c, note, {"author": "custinfo", "x_scale": 1.6, "y_scale": 1.2})
        _validate(ws, c, f, lists, words)
        for r, row in enumerate(examples, start=1):
            _write_example(ws, r, c, f, row.get(f.name), col_fmt)
    ws.set_row(0, 20)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(FILTER_ROWS, len(examples)), len(fields) - 1)


def _write_example(ws: Worksheet, r: int, c: int, f: Field, value: object, fmt: Format) -> None:
    if value is None or value == "":
        return
    if f.kind is Kind.DATE and isinstance(value, dt.date):
        ws.write_datetime(r, c, value, fmt)
    elif (f.kind is Kind.INTEGER or _is_amount(f)) and isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _validate(ws: Worksheet, c: int, f: Field, lists: _Lists, words: Mapping[str, str]) -> None:
    """The dropdown, date or whole-number check for one column."""
    if f.kind is Kind.ENUM and f.enum:
        joined = "/".join(f.enum)
        if f.open_enum:
            options = {"error_type": "information", "error_message": words["open_msg"]}
        else:
            options = {"error_type": "stop", "error_message": words["strict"]}
        message = options["error_message"].format(header=f.zh, values=joined)
        ws.data_validation(
            1,
            c,
            LAST_ROW,
            c,
            {
                "validate": "list",
                "source": lists.source(f),
                "error_type": options["error_type"],
                "error_title": words["pick"][:32],
                "error_message": _clip(message, 255),
            },
        )
    elif f.kind is Kind.DATE:
        ws.data_validation(
            1,
            c,
            LAST_ROW,
            c,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": _DATE_MIN,
                "maximum": _DATE_MAX,
                "error_type": "warning",
                "input_title": words["date_title"][:32],
                "input_message": _clip(f.help or words["date_msg"], 255),
                "error_title": words["date_title"][:32],
                "error_message": _clip(words["date_msg"], 255),
            },
        )
    elif f.kind is Kind.INTEGER:
        ws.data_validation(
            1,
            c,
            LAST_ROW,
            c,
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_type": "warning",
                "error_title": words["int_title"][:32],
                "error_message": _clip(words["int_msg"], 255),
            },
        )


def _clip(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, as Excel counts (CJK are one unit each)."""
    return text if len(text.encode("utf-16-le")) // 2 <= limit else text[: limit - 1] + "…"


class _Lists:
    """Dropdown sources: inline when short, else a column of the hidden `_lists` sheet."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.columns: list[tuple[str, tuple[str, ...]]] = []

    def source(self, f: Field) -> list[str] | str:
        values = list(f.enum)
        inline = ",".join(values)
        if len(inline.encode("utf-16-le")) // 2 + 2 <= LIST_LIMIT and not any(
            "," in v or '"' in v for v in values
        ):
            return values
        col = len(self.columns)
        self.columns.append((f"{SHEET_TITLES[f.sheet]}.{f.zh}", f.enum))
        letter = xl_col_to_name(col)
        return f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"

    def finish(self) -> None:
        """Write the sheet after the visible ones (it is hidden, so it must not be first)."""
        if not self.columns:
            return
        ws = self.wb.add_worksheet(LISTS_SHEET)
        for c, (title, values) in enumerate(self.columns):
            ws.write_string(0, c, title)
            for r, v in enumerate(values, start=1):
                ws.write_string(r, c, v)
            ws.set_column(c, c, 20)
        ws.hide()


# --- 填写说明 ---------------------------------------------------------------------------------


def _write_instructions(wb: xlsxwriter.Workbook, registry: Registry, lang: str) -> None:
    """One row per field; the 示例 column prefers a shipped example row's (valid) value."""
    words = WORDS[lang]
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    header_fmt = wb.add_format({"bold": True, "bg_color": OPTIONAL_FILL, "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for c, (title, width) in enumerate(
        zip(words["columns"].split("|"), INSTRUCTION_WIDTHS, strict=True)
    ):
        ws.write_string(0, c, title, header_fmt)
        ws.set_column(c, c, width, wrap)
    shipped = example_rows()
    r = 0
    for kind in SHEETS:
        rows = shipped.get(kind, ())
        for f in registry.for_sheet(kind):
            r += 1
            sample = next((row[f.name] for row in rows if row.get(f.name) not in (None, "")), None)
            cells = (
                SHEET_TITLES[kind],
                header_text(f),
                words["yes"] if f.required else words["no"],
                _kind_label(f, lang),
                "/".join(f.enum),
                f.help,
                _example_text(sample if sample is not None else f.example),
            )
            for c, text in enumerate(cells):
                if text:
                    ws.write_string(r, c, text, wrap)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, r, len(INSTRUCTION_WIDTHS) - 1)


def _kind_label(f: Field, lang: str) -> str:
    if f.kind is Kind.ENUM and f.open_enum:
        return WORDS[lang]["open"]
    if _is_amount(f):
        return WORDS[lang]["amount"]
    return KIND_LABELS[lang][f.kind]


def _example_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
