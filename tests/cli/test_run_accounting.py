"""Nothing lost (#8): every row of a generated workbook is accounted for by `custinfo run`.

Hypothesis writes small workbooks — planted duplicates (one phone typed three ways, one company
with and without its region and legal form), empty rows, rows that fail validation, odd text —
and checks, by Excel row number:
- each customer row is on its own row of the annotated workbook and on exactly one row of the
  merge ledger (合并记录), and each empty row between records is counted in
  `empty_rows_skipped` and left empty in the workbook;
- the summary adds up: header_row + rows + empty_rows_skipped = last_row, and dedupe's
  records = customers + merged_records, the ledger having one cluster per customer;
- the same for the 互动记录 and 交易记录 sheets when present.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from custinfo.cli import app
from tests.cli.conftest import write_xlsx

Row = list[object]
HEADER = ["客户编号", "客户名称", "客户类型", "联系人", "联系电话", "客户状态", "负责人", "备注"]
INTERACTION_HEADER = ["客户编号", "互动时间", "互动方式", "互动内容"]
TRANSACTION_HEADER = ["客户编号", "交易时间", "交易金额"]
EMPTY: Row = [None] * len(HEADER)

# Text a rep might type or paste: emoji, full-width, zero-width, right-to-left, odd spacing.
# (C0 control characters cannot be stored in an .xlsx cell; that is the reader's business.)
_ODD = st.one_of(
    st.none(),
    st.sampled_from(
        [
            " ",
            "  \t",
            "\u200b",
            "\ufeff王总",
            "😀",
            "👨‍👩‍👧",
            "ＡＢＣ１２３",
            "\u202e反向",
            "无",
            "—",
            "#N/A",
        ]
    ),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t "), max_size=12
    ),
)
_COMPANIES = ["星河科技", "云帆软件", "华南物流", "长江制造", "蓝海贸易"]
_CITIES = ["深圳市", "广州", "", "杭州市"]
_FORMS = ["有限公司", "有限责任公司", "", "（集团）有限公司"]
_PEOPLE = ["王总", "王经理", "李明", "张女士", "赵先生", None]
_STATUSES = ["意向客户", "潜在客户", "成交客户", "意向", "??", None]


def _phone(i: int, style: int) -> str:
    digits = f"1380013{i:04d}"
    return [digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"+86-{digits}"][style]


@st.composite
def _customer(draw: st.DrawFn, i: int) -> Row:
    """A plausible customer; the company and phone come from a small pool so duplicates occur."""
    company = draw(st.sampled_from(_COMPANIES))
    name = draw(st.sampled_from(_CITIES)) + company + draw(st.sampled_from(_FORMS))
    phone = _phone(_COMPANIES.index(company) + draw(st.integers(0, 1)), draw(st.integers(0, 2)))
    return [
        draw(st.sampled_from([f"C2024050{i:02d}", None, "C202405001"])),
        name,
        draw(st.sampled_from(["企业", "个人", None])),
        draw(st.sampled_from(_PEOPLE)),
        draw(st.sampled_from([phone, phone, "123", None])),
        draw(st.sampled_from(_STATUSES)),
        draw(st.sampled_from(["张三", "李四", None])),
        draw(_ODD),
    ]


@st.composite
def _customers(draw: st.DrawFn) -> list[Row]:
    rows: list[Row] = []
    for i in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["customer", "customer", "copy", "empty", "odd", "stray"]))
        if kind == "copy" and rows:  # the same customer typed again, one cell retyped
            row = list(draw(st.sampled_from(rows)))
            row[draw(st.integers(0, len(row) - 1))] = draw(_ODD)
        elif kind == "empty":
            row = list(EMPTY)
        elif kind == "stray":  # a note typed beside the table, under no header
            row = [*EMPTY, draw(st.sampled_from(["备注：已联系", "😀", " "]))]
        elif kind == "odd":
            row = [draw(_ODD) for _ in HEADER]
        else:
            row = draw(_customer(i + 1))
        rows.append(row)
    return rows


@st.composite
def _records(draw: st.DrawFn, width: int, ids: Sequence[object]) -> list[Row]:
    """Interaction or transaction rows: known, unknown and blank customer IDs, empty rows."""
    rows: list[Row] = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 4)) == 0:
            rows.append([None] * width)
            continue
        who = draw(st.sampled_from([*ids, "C999", None]))
        when = draw(st.sampled_from(["2024-05-01", "2024/6/3", "下周", None]))
        rest = [draw(st.sampled_from(["电话", "微信", "1.2万", "5000", "", "😀"]))]
        rows.append([who, when, *rest, *([draw(_ODD)] if width > 3 else [])])
    return rows


@dataclass(frozen=True)
class Book:
    sheets: dict[str, list[Row]]  # sheet name -> rows below the header


@st.composite
def _books(draw: st.DrawFn) -> Book:
    customers = draw(_customers())
    ids = sorted({str(r[0]) for r in customers if r[0] is not None}) or ["C202405001"]
    sheets = {"客户信息": customers}
    if draw(st.booleans()):
        sheets["互动记录"] = draw(_records(len(INTERACTION_HEADER), ids))
    if draw(st.booleans()):
        sheets["交易记录"] = draw(_records(len(TRANSACTION_HEADER), ids))
    return Book(sheets)


_HEADERS = {"客户信息": HEADER, "互动记录": INTERACTION_HEADER, "交易记录": TRANSACTION_HEADER}


def _blank(value: object) -> bool:
    return value is None or value == ""


def _expected(rows: list[Row]) -> tuple[list[int], list[int]]:
    """(Excel rows holding a record, empty Excel rows between them); the header is row 1.
    Empty rows after the last record are formatting, not input, and are not counted."""
    filled = [i + 2 for i, row in enumerate(rows) if not all(_blank(v) for v in row)]
    last = filled[-1] if filled else 1
    empty = [i + 2 for i, row in enumerate(rows) if all(_blank(v) for v in row) and i + 2 < last]
    return filled, empty


def _sheet_rows(path: Path, name: str) -> dict[int, tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            i: row
            for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1)
            if any(v not in (None, "") for v in row)
        }
    finally:
        wb.close()


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on xlsxwriter's data validation
@settings(
    max_examples=int(os.environ.get("ACC_N", 30)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(book=_books())
def test_every_input_row_is_accounted_for(book: Book) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        data = {name: [_HEADERS[name], *rows] for name, rows in book.sheets.items()}
        source = write_xlsx(here / "客户.xlsx", data)
        out = here / "out"
        result = CliRunner().invoke(
            app,
            [
                "run",
                str(source),
                "--out-dir",
                str(out),
                "--json",
                "--fail-on",
                "never",
                "--as-of",
                "2024-06-30",
                "--history",
                str(here / "h.sqlite"),
                "--rules",
                str(_no_rules(here)),
            ],
        )
        assert result.exit_code == 0, result.stderr + str(result.exception)
        summary = json.loads(result.stdout)
        annotated = out / "客户.annotated.xlsx"
        facts = {s["name"]: s for s in summary["sheets"]}
        for name, rows in book.sheets.items():
            filled, empty = _expected(rows)
            note(f"{name}: records on rows {filled}, empty rows {empty}")
            f = facts[name]
            assert (f["rows"], f["empty_rows_skipped"]) == (len(filled), len(empty))
            assert f["last_row"] == f["header_row"] + f["rows"] + f["empty_rows_skipped"]
            assert summary["counts"][f["role"]] == len(filled)
            shown = _sheet_rows(annotated, name)
            assert sorted(shown) == [1, *filled], "each record on its own row, empty rows empty"
        _check_dedupe(summary, annotated, _expected(book.sheets["客户信息"])[0])


def _check_dedupe(summary: dict[str, Any], annotated: Path, filled: list[int]) -> None:
    d = summary["dedupe"]
    event(f"merged rows: {'some' if d['merged_records'] else 'none'}")
    assert d["records"] == len(filled)
    assert d["records"] == d["customers"] + d["merged_records"]
    ledger = list(_sheet_rows(annotated, "合并记录").values())
    head, body = ledger[0], ledger[1:]
    rows = [r[head.index("来源行号")] for r in body]
    assert sorted(rows) == filled, "one ledger row per source row"
    assert len({r[head.index("组号")] for r in body}) == d["customers"]
    tags = _sheet_rows(annotated, "客户标签")
    assert len(tags) - 1 == d["customers"] == summary["segment"]["customers"]


def _no_rules(here: Path) -> Path:
    """The shipped defaults, whatever rules.yaml the working directory holds."""
    path = here / "rules.yaml"
    path.write_text("{}\n", "utf-8")
    return path
