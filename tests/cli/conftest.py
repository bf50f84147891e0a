"""CLI fixtures: small workbooks written in code, and a runner with stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

HEADER = ["客户编号", "客户名称*", "客户类型", "联系电话", "所属行业", "客户状态", "负责人", "备注"]
GOOD = [
    "C202405001",
    "深圳市星河科技有限公司",
    "企业",
    "13800138000",
    "软件和信息技术服务业",
    "意向客户",
    "张经理",
    "",
]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
    wb.close()
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def clean_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "客户.xlsx", {"客户信息": [HEADER, GOOD]})


@pytest.fixture
def messy_xlsx(tmp_path: Path) -> Path:
    """Title row and blank row above the header; two rows missing required values."""
    rows: list[list[object]] = [
        ["XX公司客户信息表（2024年）"],
        [],
        HEADER,
        GOOD,
        [
            "C202405002",
            "",
            "个人",
            "13900139000",
            "零售",
            "潜在客户",
            "李主管",
            '=HYPERLINK("http://x","点")',
        ],
        [],
        ["C202405003", "华南制造集团", "企业", None, "制造业", "成交客户", "", "+86 备用"],
    ]
    return write_xlsx(tmp_path / "客户.xlsx", {"客户信息": rows})
