"""Every kind of bad input, through the CLI: one clear Chinese message naming the file, exit 2,
no traceback, and no output file left behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from tests.builders import csv_file, customer_rows, inline_row, raw_xlsx, sheet_xml, xlsx


def _directory(tmp: Path) -> Path:
    (tmp / "文件夹.xlsx").mkdir()
    return tmp / "文件夹.xlsx"


def _binary(tmp: Path) -> Path:
    p = tmp / "图片.xlsx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return p


def _encrypted(tmp: Path) -> Path:
    p = tmp / "加密.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return p


def _truncated(tmp: Path) -> Path:
    good = xlsx(tmp / "好.xlsx", {"客户信息": customer_rows(30)})
    p = tmp / "半截.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    good.unlink()
    return p


def _empty_workbook(tmp: Path) -> Path:
    return xlsx(tmp / "空白.xlsx", {"Sheet1": []})


def _no_header(tmp: Path) -> Path:
    return xlsx(tmp / "无表头.xlsx", {"Sheet1": [["甲", "乙", "丙"], ["1", "2", "3"]]})


def _huge_dimension(tmp: Path) -> Path:
    body = inline_row(1, "客户名称", "联系电话")
    return raw_xlsx(tmp / "巨大.xlsx", sheet_xml(body, dimension="A1:XFD1048576"))


def _html(tmp: Path) -> Path:
    p = tmp / "网页.xlsx"
    p.write_text("<html><body><table><tr><td>客户名称</td></tr></table></body></html>", "utf-8")
    return p


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "directory": (_directory, "文件夹"),
    "not a spreadsheet": (_binary, "图片.xlsx"),
    "encrypted": (_encrypted, "加密.xlsx"),
    "truncated": (_truncated, "半截.xlsx"),
    "empty workbook": (_empty_workbook, "空白.xlsx"),
    "no header": (_no_header, "无表头.xlsx"),
    "huge dimension": (_huge_dimension, "巨大.xlsx"),
    "html named xlsx": (_html, "网页.xlsx"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(runner: CliRunner, tmp_path: Path, case: str) -> None:
    make, name = CASES[case]
    src = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["validate", str(src)])
    assert result.exit_code == 2, result.stderr
    assert name in result.stderr
    assert result.stderr.startswith("错误")
    assert "提示" in result.stderr  # says what to do
    assert "Traceback" not in result.stderr + result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_gbk_csv_is_read(runner: CliRunner, tmp_path: Path) -> None:
    src = csv_file(tmp_path / "客户.csv", customer_rows(3), encoding="gbk")
    result = runner.invoke(app, ["validate", str(src), "--json", "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.stderr
    assert '"encoding": "gb18030"' in result.stdout
