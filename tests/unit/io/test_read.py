"""read_book: workbooks and CSVs become text tables under canonical names, located by Excel row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from custinfo.config.model import InputConfig
from custinfo.dataset import ROW_COL, SHEET_COL, Book, CellKind, SheetNote, Table
from custinfo.errors import InputError
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.findings import flat
from custinfo.io.read import read_book
from tests.builders import (
    CUSTOMER_HEADER,
    CUSTOMER_ROW,
    Formula,
    Rows,
    Sheet,
    csv_file,
    customer_rows,
    inline_row,
    raw_xlsx,
    sheet_xml,
    xlsx,
)

CUST, INTER, TRANS = SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS


def read(path: Path, **cfg: Any) -> Book:
    return read_book(path, DEFAULT_REGISTRY, InputConfig(**cfg))


def customers(book: Book) -> Table:
    table = book.table(CUST)
    assert table is not None
    return table


def one_sheet(tmp_path: Path, rows: Rows, **sheet: Any) -> Table:
    return customers(read(xlsx(tmp_path / "客户.xlsx", {"客户信息": Sheet(rows, **sheet)})))


def cell(table: Table, key: str, i: int = 0) -> Any:
    return table.frame[key].iloc[i]


def refused(path: Path, **cfg: Any) -> InputError:
    with pytest.raises(InputError) as info:
        read(path, **cfg)
    assert path.name in info.value.message
    return info.value


# --- layout ---------------------------------------------------------------------------------


def test_plain_sheet(tmp_path: Path) -> None:
    book = read(xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(2)}))
    t = customers(book)
    assert (
        book.format == "xlsx"
        and t.header_row == 1
        and t.fields
        == ("customer_id", "name", "customer_type", "industry", "phone", "status", "owner")
    )
    assert list(t.frame.columns) == [*t.fields, SHEET_COL, ROW_COL]
    assert t.frame[ROW_COL].tolist() == [2, 3] and t.frame[ROW_COL].dtype == "int64"
    assert set(t.frame[SHEET_COL]) == {"客户信息"}
    assert list(t.kinds.columns) == list(t.fields) and (t.kinds.dtypes == "int8").all()
    assert t.kinds.index.equals(t.frame.index)
    assert len(book.findings) == 0


def test_title_rows_above_header(tmp_path: Path) -> None:
    rows = [
        ["客户信息收集表"],
        ["填写说明：带*号为必填项"],
        [],
        list(CUSTOMER_HEADER),
        list(CUSTOMER_ROW),
    ]
    t = one_sheet(tmp_path, rows, merge=(0, 0, 0, 6))
    assert t.header_row == 4
    assert t.title_rows == ((1, ("客户信息收集表",)), (2, ("填写说明：带*号为必填项",)))
    assert t.frame[ROW_COL].tolist() == [5]
    assert cell(t, "name") == "深圳市星河科技有限公司"


def test_title_row_keeps_gaps(tmp_path: Path) -> None:
    rows = [["XX公司", None, None, 2024, None], [], list(CUSTOMER_HEADER), list(CUSTOMER_ROW)]
    t = one_sheet(tmp_path, rows, origin=(0, 1))
    assert t.first_column == 1
    assert t.title_rows == ((1, ("XX公司", "", "", "2024")),)  # trailing empties dropped


def test_header_starting_at_c5(tmp_path: Path) -> None:
    t = one_sheet(tmp_path, customer_rows(2), origin=(4, 2))
    assert t.header_row == 5 and t.first_column == 2
    assert [c.column for c in t.columns] == list("CDEFGHI")
    assert t.letter("phone") == "G"
    assert t.frame[ROW_COL].tolist() == [6, 7]


def test_star_and_full_width_headers(tmp_path: Path) -> None:
    t = one_sheet(
        tmp_path,
        [
            ["*客户名称", "联系电话（必填）", "＊负责人", " 客户类型 "],
            ["甲", "13800138000", "张", "企业"],
        ],
    )
    assert [(c.field, c.method) for c in t.columns] == [
        ("name", "exact"),
        ("phone", "exact"),
        ("owner", "exact"),
        ("customer_type", "exact"),
    ]


def test_fuzzy_header(tmp_path: Path) -> None:
    book = read(
        xlsx(tmp_path / "客户.xlsx", {"客户信息": [["客户名称", "客户联系电话"], ["甲", "138"]]})
    )
    t = customers(book)
    assert t.columns[1].field == "phone" and t.columns[1].method == "fuzzy"
    fuzzy = book.findings[book.findings["code"] == "header.fuzzy"]
    assert flat(fuzzy, "row", "column", "code", "value", "suggestion") == [
        [1, "B", "header.fuzzy", "客户联系电话", "联系电话"]
    ]


def test_duplicate_header(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {"客户信息": [["客户名称", "联系电话", "手机"], ["甲", "1", "2"]]},
        )
    )
    t = customers(book)
    assert [(c.key, c.method) for c in t.columns] == [
        ("name", "exact"),
        ("phone", "exact"),
        ("x_C", "duplicate"),
    ]
    assert cell(t, "x_C") == "2"
    assert ["C", "header.duplicate"] in flat(book.findings, "column", "code")


def test_blank_header_with_data(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {"客户信息": [["客户名称", None, "联系电话"], ["甲", "备忘", "1"]]},
        )
    )
    t = customers(book)
    assert [(c.key, c.method) for c in t.columns] == [
        ("name", "exact"),
        ("x_B", "blank"),
        ("phone", "exact"),
    ]
    assert cell(t, "x_B") == "备忘"
    assert [1, "B", "header.blank"] in flat(book.findings, "row", "column", "code")


def test_blank_column_without_data_is_dropped(tmp_path: Path) -> None:
    t = one_sheet(
        tmp_path, [["客户名称", None, "联系电话", None, None], ["甲", None, "1", None, None]]
    )
    assert [c.column for c in t.columns] == ["A", "C"]


def test_unmapped_column_kept(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {"客户信息": [["客户名称", "联系电话", "满意度评分"], ["甲", "1", 5]]},
        )
    )
    t = customers(book)
    assert t.columns[2] == t.columns[2].__class__("C", "满意度评分", "x_C", None, "unmapped", 0.0)
    assert cell(t, "x_C") == "5" and t.header_of("x_C") == "满意度评分"
    assert flat(book.findings, "row", "column", "code", "value") == [
        [1, "", "header.missing_required", ""],
        [1, "", "header.missing_required", ""],
        [1, "", "header.missing_required", ""],
        [1, "", "header.missing_required", ""],
        [1, "C", "header.unmapped", "满意度评分"],
    ]


def test_missing_required_columns(tmp_path: Path) -> None:
    book = read(xlsx(tmp_path / "客户.xlsx", {"客户信息": [["客户名称", "联系电话"], ["甲", "1"]]}))
    missing = book.findings[book.findings["code"] == "header.missing_required"]
    assert flat(missing, "row", "column", "field", "suggestion", "severity") == [
        [1, "", "customer_type", "客户类型", "error"],
        [1, "", "industry", "所属行业", "error"],
        [1, "", "owner", "负责人", "error"],
        [1, "", "status", "客户状态", "error"],
    ]


def test_empty_rows_dropped_and_counted(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["客户名称", "联系电话"],
        ["甲", "1"],
        [],
        [None, None],
        ["乙", "2"],
        [],
        [],
    ]
    t = one_sheet(tmp_path, rows)
    assert t.frame["name"].tolist() == ["甲", "乙"]
    assert t.frame[ROW_COL].tolist() == [2, 5]
    assert t.empty_rows == 2


# --- cells ----------------------------------------------------------------------------------


def test_leading_zero_phone_and_18_digit_id_stay_text(tmp_path: Path) -> None:
    t = one_sheet(
        tmp_path,
        [["客户名称", "联系电话", "身份证号"], ["甲", "013800138000", "110101199003070012"]],
    )
    assert cell(t, "phone") == "013800138000" and cell(t, "id_number") == "110101199003070012"
    assert t.kinds["phone"].iloc[0] == CellKind.TEXT


def test_number_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["客户名称", "联系电话", "员工人数", "年营收", "预算范围"],
        ["甲", 13800138000.0, 300, 1.5, 1e17],
    ]
    t = one_sheet(tmp_path, rows)
    assert [cell(t, k) for k in ("phone", "employees", "revenue", "budget")] == [
        "13800138000",
        "300",
        "1.5",
        "100000000000000000",
    ]
    assert t.kinds["phone"].iloc[0] == CellKind.NUMBER


def test_date_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["客户名称", "首次接触时间", "下次沟通时间", "更新时间"],
        ["甲", dt.date(2024, 5, 10), dt.datetime(2024, 5, 10, 13, 5), dt.time(13, 5)],
    ]
    t = one_sheet(tmp_path, rows)
    assert (
        cell(t, "first_contact") == "2024-05-10"
        and t.kinds["first_contact"].iloc[0] == CellKind.DATE
    )
    assert cell(t, "next_contact") == "2024-05-10 13:05:00"
    assert t.kinds["next_contact"].iloc[0] == CellKind.DATETIME
    assert cell(t, "updated_at") == "13:05:00" and t.kinds["updated_at"].iloc[0] == CellKind.TIME


def test_text_that_looks_like_a_date_stays_text(tmp_path: Path) -> None:
    t = one_sheet(tmp_path, [["客户名称", "首次接触时间"], ["甲", "2024-05-10"]])
    assert (
        cell(t, "first_contact") == "2024-05-10"
        and t.kinds["first_contact"].iloc[0] == CellKind.TEXT
    )


def test_formula_gives_cached_value(tmp_path: Path) -> None:
    t = one_sheet(
        tmp_path,
        [
            ["客户名称", "员工人数", "备注"],
            ["甲", Formula("=100*3", 300), Formula('="a"&"b"', "ab")],
        ],
    )
    assert cell(t, "employees") == "300" and cell(t, "notes") == "ab"


def test_bool_and_empty_cells(tmp_path: Path) -> None:
    t = one_sheet(
        tmp_path, [["客户名称", "备注", "联系电话"], ["甲", True, None], ["乙", None, "1"]]
    )
    assert cell(t, "notes") == "TRUE" and t.kinds["notes"].iloc[0] == CellKind.BOOL
    assert pd.isna(cell(t, "phone")) and t.kinds["phone"].iloc[0] == CellKind.EMPTY
    assert t.frame["name"].dtype == object


def test_mixed_column_formats_each_value(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["客户名称", "联系电话"],
        ["甲", 13800138000.0],
        ["乙", "138 0013 8000"],
        ["丙", None],
        ["丁", 13800138000.0],
    ]
    t = one_sheet(tmp_path, rows)
    assert t.frame["phone"].tolist()[:2] == ["13800138000", "138 0013 8000"]
    assert t.kinds["phone"].tolist() == [
        CellKind.NUMBER,
        CellKind.TEXT,
        CellKind.EMPTY,
        CellKind.NUMBER,
    ]


# --- sheets and roles -----------------------------------------------------------------------


def test_hidden_first_sheet_skipped(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {"旧数据": Sheet(customer_rows(5), hidden=True), "客户信息": customer_rows(1)},
        )
    )
    assert customers(book).sheet == "客户信息"
    assert [(s.name, s.visible, s.role) for s in book.sheets] == [
        ("旧数据", False, None),
        ("客户信息", True, CUST),
    ]
    assert book.sheets[0].note == SheetNote.HIDDEN


def test_instructions_and_chart_sheets_ignored(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {
                "填写说明": [["字段", "说明"], ["客户名称", "必填"], ["联系电话", "手机 11 位"]],
                "客户信息": customer_rows(1),
            },
            chart_sheet="图表",
        )
    )
    assert {s.name: s.role for s in book.sheets} == {
        "填写说明": None,
        "客户信息": CUST,
        "图表": None,
    }
    notes = {s.name: s.note for s in book.sheets}
    assert (notes["填写说明"], notes["图表"]) == (SheetNote.INSTRUCTIONS, SheetNote.CHART)


def test_empty_sheet_noted(tmp_path: Path) -> None:
    book = read(xlsx(tmp_path / "客户.xlsx", {"Sheet1": customer_rows(1), "Sheet2": []}))
    assert book.sheets[1].role is None and book.sheets[1].note == SheetNote.EMPTY


def test_three_sheet_roles(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx",
            {
                "Sheet1": customer_rows(2),
                "Sheet2": [
                    ["客户编号", "互动时间", "互动方式", "沟通内容", "负责人"],
                    ["C20240501", dt.date(2024, 5, 10), "电话沟通", "确认需求", "张经理"],
                ],
                "Sheet3": [
                    ["客户编号", "订单编号", "交易日期", "交易金额", "产品/服务"],
                    ["C20240501", "SO1", dt.date(2024, 5, 20), 120000, "设备"],
                ],
                "统计": [["月份", "数量"], ["5月", 3]],
            },
        )
    )
    assert {s.name: s.role for s in book.sheets} == {
        "Sheet1": CUST,
        "Sheet2": INTER,
        "Sheet3": TRANS,
        "统计": None,
    }
    inter, trans = book.table(INTER), book.table(TRANS)
    assert inter is not None and inter.fields == (
        "customer_id",
        "interaction_date",
        "channel",
        "content",
        "owner",
    )
    assert trans is not None and trans.frame["amount"].tolist() == ["120000"]
    assert book.sheets[3].note == SheetNote.NO_HEADER


def test_sheet_names_decide_between_similar_sheets(tmp_path: Path) -> None:
    header = [["客户编号", "客户名称", "负责人", "备注"], ["C1", "甲", "张", "-"]]
    book = read(xlsx(tmp_path / "客户.xlsx", {"客户信息": header, "互动记录": header}))
    assert {s.name: s.role for s in book.sheets} == {"客户信息": CUST, "互动记录": INTER}


def test_second_customer_like_sheet_is_noted(tmp_path: Path) -> None:
    book = read(
        xlsx(
            tmp_path / "客户.xlsx", {"客户信息": customer_rows(3), "客户信息 (2)": customer_rows(1)}
        )
    )
    assert customers(book).sheet == "客户信息"
    assert (book.sheets[1].note, book.sheets[1].detail) == (SheetNote.OTHER_CHOSEN, "客户信息")


def test_sheet_override(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(1), "新客户": customer_rows(3)})
    book = read(p, sheet="新客户")
    assert customers(book).sheet == "新客户" and len(customers(book).frame) == 3
    assert {s.name: s.role for s in book.sheets}["客户信息"] is None


def test_unknown_sheet_name(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(1), "备份": customer_rows(1)})
    err = refused(p, sheet="客户")
    assert "没有名为「客户」的工作表" in err.message and "「客户信息」、「备份」" in err.message
    assert "--sheet" in err.hint


def test_no_header_anywhere(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "杂项.xlsx", {"Sheet1": [["月份", "数量"], ["5月", 3]]})
    err = refused(p)
    assert "找不到客户信息表的表头行" in err.message
    assert "第一行是表头" in err.hint and "--sheet" in err.hint


def test_override_sheet_of_unknown_headers_is_read_as_typed(tmp_path: Path) -> None:
    """--sheet names the customer sheet even when none of its headers is a known field (an
    English sheet deduped by its headers): its first row of two or more cells is the header,
    and the missing required columns are reported."""
    rows = [["Monthly"], ["月份", "数量"], ["1月", 3]]
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(1), "统计": rows})
    book = read(p, sheet="统计")
    table = customers(book)
    assert table.sheet == "统计" and table.header_row == 2
    assert [c.header for c in table.columns] == ["月份", "数量"]
    assert "header.missing_required" in set(book.findings["code"])


def test_override_sheet_without_any_header_row_is_refused(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(1), "统计": [["月份"], ["1月"]]})
    assert "找不到客户信息表的表头行" in refused(p, sheet="统计").message


# --- CSV ------------------------------------------------------------------------------------

CSV_ROWS = [
    list(CUSTOMER_HEADER),
    list(CUSTOMER_ROW),
    ["C202405002", "王女士", "个人", "零售", "013912345678", "潜在客户", "李四"],
]


@pytest.mark.parametrize(
    ("encoding", "reported"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030")]
)
def test_csv_encodings(tmp_path: Path, encoding: str, reported: str) -> None:
    book = read(csv_file(tmp_path / "客户名单.csv", CSV_ROWS, encoding=encoding))
    t = customers(book)
    assert book.format == "csv" and book.encoding == reported
    assert t.sheet == "客户名单" and [s.name for s in book.sheets] == ["客户名单"]
    assert t.frame["name"].tolist() == ["深圳市星河科技有限公司", "王女士"]
    assert t.frame["phone"].tolist() == ["13800138000", "013912345678"]
    assert (t.kinds.to_numpy() == CellKind.TEXT).all()


def test_csv_tab_delimited(tmp_path: Path) -> None:
    t = customers(read(csv_file(tmp_path / "客户.tsv", CSV_ROWS, delimiter="\t")))
    assert t.fields[:2] == ("customer_id", "name") and t.frame["owner"].tolist() == [
        "张经理",
        "李四",
    ]


def test_csv_with_title_line_and_ragged_rows(tmp_path: Path) -> None:
    p = tmp_path / "客户.csv"
    p.write_text("客户信息导出\n客户名称,联系电话,负责人\n甲,138,张\n乙\n", encoding="utf-8")
    t = customers(read(p))
    assert t.header_row == 2 and t.title_rows == ((1, ("客户信息导出",)),)
    assert t.frame["name"].tolist() == ["甲", "乙"] and pd.isna(t.frame["phone"].iloc[1])


def test_csv_forced_encoding_that_fails(tmp_path: Path) -> None:
    p = csv_file(tmp_path / "客户.csv", CSV_ROWS, encoding="gbk")
    err = refused(p, csv_encoding="utf-8")
    assert "另存为" in err.hint and "UTF-8" in err.hint


def test_csv_without_header(tmp_path: Path) -> None:
    p = csv_file(tmp_path / "数字.csv", [["1", "2"], ["3", "4"]])
    assert "找不到客户信息表的表头行" in refused(p).message


# --- bad inputs end to end (guard details are in test_guard.py) ------------------------------


def test_bad_inputs_raise_input_error(tmp_path: Path) -> None:
    (tmp_path / "目录.xlsx").mkdir()
    (tmp_path / "空.xlsx").write_bytes(b"")
    (tmp_path / "二进制.xlsx").write_bytes(b"\x7fELF" + bytes(100))
    (tmp_path / "加密.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "网页.xlsx").write_text(
        "<!DOCTYPE html><html><table></table></html>", encoding="utf-8"
    )
    good = xlsx(tmp_path / "好.xlsx", {"客户信息": customer_rows(30)})
    (tmp_path / "半截.xlsx").write_bytes(good.read_bytes()[:1500])
    for name in (
        "没有.xlsx",
        "目录.xlsx",
        "空.xlsx",
        "二进制.xlsx",
        "加密.xlsx",
        "网页.xlsx",
        "半截.xlsx",
    ):
        err = refused(tmp_path / name)
        assert err.message.startswith(f"无法读取「{name}」：") and err.message_en.startswith(
            "Cannot read"
        )


def test_huge_dimension_raises_instead_of_crashing(tmp_path: Path) -> None:
    sheet = sheet_xml(inline_row(1, "客户名称", "联系电话"), dimension="A1:XFD1048576")
    err = refused(raw_xlsx(tmp_path / "巨大.xlsx", sheet))
    assert "单元格的上限" in err.message


def test_fake_ole_xls_is_reported_damaged(tmp_path: Path) -> None:
    p = tmp_path / "旧版.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "已损坏" in refused(p).message


def test_xlsx_renamed_xls_is_read(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xls", {"客户信息": customer_rows(1)})
    book = read(p)
    assert book.format == "xlsx" and len(customers(book).frame) == 1


def test_sheet_cell_limit_checked_after_parse(tmp_path: Path) -> None:
    p = xlsx(tmp_path / "客户.xlsx", {"客户信息": customer_rows(10)})
    assert "单元格的上限" in refused(p, max_cells=50).message
