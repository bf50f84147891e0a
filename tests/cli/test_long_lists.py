"""Lists longer than an Excel sheet: xlsxwriter silently drops rows past row 1,048,576, so the
annotated workbook's 问题清单 goes on in 「问题清单 (2)」 and no finding is lost. The limit is
lowered here so a 7-row sheet crosses it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import custinfo.io.sheets as sheets_module
from custinfo.cli import app
from tests.cli.conftest import write_xlsx


def test_problems_past_the_row_limit_continue_on_a_second_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["客户编号", "客户名称", "联系电话"]] + [[f"X{i}", "", "123"] for i in range(6)]
    book = write_xlsx(tmp_path / "in.xlsx", {"客户信息": rows})
    out = tmp_path / "out.xlsx"
    args = ["validate", str(book), "--fail-on", "never"]
    total = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)["finding_counts"]["total"]
    assert total > 10
    monkeypatch.setattr(sheets_module, "EXCEL_ROWS", 6)  # 5 findings per sheet
    assert CliRunner().invoke(app, [*args, "-o", str(out)]).exit_code == 0
    written = openpyxl.load_workbook(out)
    pages = [n for n in written.sheetnames if n.startswith("问题清单")]
    assert pages[:2] == ["问题清单", "问题清单 (2)"]
    assert all(written[n].max_row <= 6 for n in pages)
    assert sum(written[n].max_row - 1 for n in pages) == total
