"""The gate before any parser: what a file really is, and refusing hostile or broken ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from custinfo.config.model import InputConfig
from custinfo.dataset import column_letter
from custinfo.errors import InputError
from custinfo.io.guard import check_input, column_number
from tests.builders import customer_rows, inline_row, raw_xlsx, sheet_xml, xlsx

CFG = InputConfig()


def refused(path: Path, cfg: InputConfig = CFG) -> InputError:
    with pytest.raises(InputError) as info:
        check_input(path, cfg)
    err = info.value
    assert path.name in err.message and path.name in err.message_en
    assert err.hint and err.hint_en
    return err


def test_real_xlsx_passes(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(2)})
    assert check_input(p, CFG).format == "xlsx"


def test_format_comes_from_content_not_extension(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xls", {"客户信息": customer_rows(1)})
    assert check_input(p, CFG).format == "xlsx"


def test_missing_file(tmp_path: Path) -> None:
    assert "文件不存在" in refused(tmp_path / "没有.xlsx").message


def test_directory(tmp_path: Path) -> None:
    d = tmp_path / "数据.xlsx"
    d.mkdir()
    assert "文件夹" in refused(d).message


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "空.xlsx"
    p.write_bytes(b"")
    assert "空的" in refused(p).message


def test_file_over_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "大.csv"
    p.write_bytes(b"a,b\n" * (300 * 1024))
    assert "超过上限 1 MB" in refused(p, InputConfig(max_file_mb=1)).message


def test_non_spreadsheet_binary(tmp_path: Path) -> None:
    p = tmp_path / "照片.xlsx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert "不是 Excel" in refused(p).message


def test_binary_named_csv(tmp_path: Path) -> None:
    p = tmp_path / "导出.csv"
    p.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    assert "不是文本表格" in refused(p).message


def test_unsupported_extension(tmp_path: Path) -> None:
    p = tmp_path / "客户.pdf"
    p.write_text("%PDF-1.4 text", encoding="utf-8")
    assert "不支持 .pdf" in refused(p).message


def test_ole_named_xlsx_is_encrypted(tmp_path: Path) -> None:
    p = tmp_path / "加密.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    err = refused(p)
    assert "密码" in err.message and "加密" in err.message
    assert "password" in err.message_en


def test_ole_named_xls_is_a_real_xls(tmp_path: Path) -> None:
    p = tmp_path / "旧版.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert check_input(p, CFG).format == "xls"


def test_xlsx_that_is_html(tmp_path: Path) -> None:
    p = tmp_path / "系统导出.xlsx"
    p.write_text(
        "<html><body><table><tr><td>客户名称</td></tr></table></body></html>", encoding="utf-8"
    )
    err = refused(p)
    assert "扩展名是 .xlsx，但内容是 HTML" in err.message
    assert "另存为" in err.hint


def test_xlsx_that_is_csv_text(tmp_path: Path) -> None:
    p = tmp_path / "改名.xlsx"
    p.write_text("客户名称,联系电话\n甲,138\n", encoding="utf-8")
    assert "内容是 文本" in refused(p).message


def test_truncated_zip(tmp_path: Path) -> None:
    good = xlsx(tmp_path / "好.xlsx", {"客户信息": customer_rows(20)})
    p = tmp_path / "半截.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "已损坏" in refused(p).message


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "打包.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "ZIP 压缩包" in refused(p).message


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    sheet = sheet_xml(inline_row(1, "客户名称", "联系电话"), dimension="A1:B1")
    p = raw_xlsx(
        tmp_path / "炸弹.xlsx", sheet, extra={"xl/media/image1.bin": bytes(4 * 1024 * 1024)}
    )
    err = refused(p, InputConfig(max_compression_ratio=100))
    assert "压缩比" in err.message and "压缩炸弹" in err.message


def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    sheet = sheet_xml(inline_row(1, "客户名称"), dimension="A1")
    p = raw_xlsx(
        tmp_path / "炸弹.xlsx", sheet, extra={"xl/media/image1.bin": bytes(2 * 1024 * 1024)}
    )
    assert "解压后共 2 MB" in refused(p, InputConfig(max_uncompressed_mb=1)).message


def test_small_parts_are_never_bombs(tmp_path: Path) -> None:
    sheet = sheet_xml(inline_row(1, "客户名称"), dimension="A1")
    p = raw_xlsx(tmp_path / "小.xlsx", sheet, extra={"xl/media/blank.bin": bytes(500_000)})
    assert check_input(p, InputConfig(max_compression_ratio=10)).format == "xlsx"


def test_huge_declared_dimension(tmp_path: Path) -> None:
    sheet = sheet_xml(inline_row(1, "客户名称"), dimension="A1:XFD1048576")
    err = refused(raw_xlsx(tmp_path / "巨大.xlsx", sheet))
    assert "1,048,576 行 × 16,384 列" in err.message


def test_far_cell_without_dimension(tmp_path: Path) -> None:
    # calamine aborts the interpreter on this one (it allocates the whole A1:XFD1048576 range)
    body = inline_row(1, "客户名称") + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    err = refused(raw_xlsx(tmp_path / "远.xlsx", sheet_xml(body)))
    assert "16,384 列" in err.message


def test_ordinary_sheet_without_dimension_passes(tmp_path: Path) -> None:
    body = "".join(inline_row(r, "客户名称", "联系电话") for r in range(1, 50))
    assert check_input(raw_xlsx(tmp_path / "无维度.xlsx", sheet_xml(body)), CFG).format == "xlsx"


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_doctype_refused(tmp_path: Path, part: str) -> None:
    evil = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    sheet = sheet_xml(inline_row(1, "客户名称"), dimension="A1")
    extra = {}
    if part == "xl/worksheets/sheet1.xml":
        sheet = sheet_xml(inline_row(1, "&lol2;"), dimension="A1", prolog=evil)
    else:
        extra[part] = f'<?xml version="1.0"?>{evil}<sst><si><t>&lol2;</t></si></sst>'
    err = refused(raw_xlsx(tmp_path / "实体.xlsx", sheet, extra=extra))
    assert "DOCTYPE" in err.message


def test_column_letters_round_trip() -> None:
    assert [column_letter(i) for i in (0, 2, 25, 26, 701, 702, 16383)] == [
        "A",
        "C",
        "Z",
        "AA",
        "ZZ",
        "AAA",
        "XFD",
    ]
    assert column_number("XFD") == 16384 and column_number(b"C") == 3
