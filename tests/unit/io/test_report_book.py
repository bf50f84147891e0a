"""The report workbook: blocks stacked per sheet, charts beside their block, and no row dropped
when a sheet would pass Excel's row limit (it continues on 「<sheet> (2)」)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo.io.report_book import Chart, _pages, write_report


def _frame(n: int, tag: str) -> pd.DataFrame:
    return pd.DataFrame({"客户编号": [f"{tag}{i}" for i in range(n)], "数": range(n)})


def test_blocks_stack_with_titles_and_a_chart(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    counts = pd.DataFrame({"状态": ["潜在", "成交"], "客户数": [3, 5]})
    sheets = {"概览": [("客户分布", counts), ("空", _frame(0, "x"))]}
    write_report(out, sheets, [Chart("概览", "客户分布", "状态", "客户数", "t", "column")])
    rows = list(openpyxl.load_workbook(out)["概览"].iter_rows(values_only=True))
    assert rows[0][0] == "客户分布" and rows[1][:2] == ("状态", "客户数")
    assert rows[2][:2] == ("潜在", 3) and rows[3][:2] == ("成交", 5)
    assert rows[5][0] == "空" and rows[7][0] == "—"  # an empty block says so


def test_a_sheet_past_the_row_limit_continues_and_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    blocks = [("甲", _frame(5, "a")), ("乙", _frame(40, "b")), ("丙", _frame(3, "c"))]
    write_report(out, {"待补充": blocks}, max_rows=20)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "待补充" and wb.sheetnames[1] == "待补充 (2)"
    ids = []
    for ws in wb.worksheets:
        assert ws.max_row <= 20
        ids += [r[0] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0])[0] in "abc"]
    assert ids == [f"a{i}" for i in range(5)] + [f"b{i}" for i in range(40)] + ["c0", "c1", "c2"]
    titles = [r[0] for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    assert "乙（续）" in titles


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=6), st.integers(5, 25))
def test_pages_keep_every_row_once_and_fit(sizes: list[int], max_rows: int) -> None:
    blocks = [(f"b{k}", _frame(n, f"{k}-")) for k, n in enumerate(sizes)]
    pages = _pages(blocks, max_rows)
    for page in pages:
        assert sum(3 + max(len(f), 1) for _, f in page) <= max_rows
    got = [v for page in pages for _, f in page for v in f["客户编号"]]
    assert got == [v for _, f in blocks for v in f["客户编号"]]


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_sheets_still_write(tmp_path: Path, n: int) -> None:
    out = tmp_path / "r.xlsx"
    write_report(out, {"新增客户": [("本期新增客户", _frame(n, "z"))]})
    assert openpyxl.load_workbook(out).sheetnames == ["新增客户"]
