"""The annotated workbook, read back with openpyxl: cells where they were, typed as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from custinfo.dataset import (
    FINDING_COLUMNS,
    ROW_COL,
    SHEET_COL,
    Book,
    CellKind,
    ColumnMap,
    Dataset,
    SheetInfo,
    Table,
    column_index,
    empty_changes,
    empty_findings,
)
from custinfo.errors import OutputError
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.io.annotations import summarize
from custinfo.io.write import write_annotated
from custinfo.io.xlsx_style import FILLS

Cell = str | int | float | bool | dt.date | dt.datetime | None


def make_table(
    kind: SheetKind,
    sheet: str,
    header_row: int,
    columns: list[tuple[str, str, str | None]],
    records: list[tuple[int, list[Cell]]],
    *,
    title_rows: tuple[tuple[int, tuple[str, ...]], ...] = (),
) -> Table:
    """A Table as the reader would build it: text cells plus their CellKind, inferred here."""
    maps = tuple(
        ColumnMap(letter, header, field or f"x_{letter}", field, "exact" if field else "unmapped")
        for letter, header, field in columns
    )
    text: dict[str, list[object]] = {m.key: [] for m in maps}
    kinds: dict[str, list[int]] = {m.key: [] for m in maps}
    for _, values in records:
        for m, v in zip(maps, values, strict=True):
            t, k = _as_read(v)
            text[m.key].append(t)
            kinds[m.key].append(k)
    frame = pd.DataFrame({k: pd.Series(v, dtype="string") for k, v in text.items()})
    frame[SHEET_COL] = sheet
    frame[ROW_COL] = [r for r, _ in records]
    kind_frame = pd.DataFrame({k: pd.Series(v, dtype="int8") for k, v in kinds.items()})
    return Table(kind, sheet, header_row, maps, frame, kind_frame, title_rows=title_rows)


def _as_read(v: Cell) -> tuple[str | None, int]:
    if v is None:
        return None, CellKind.EMPTY
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE"), CellKind.BOOL
    if isinstance(v, int | float):
        return str(v), CellKind.NUMBER
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" "), CellKind.DATETIME
    if isinstance(v, dt.date):
        return v.isoformat(), CellKind.DATE
    return v, CellKind.TEXT


def make_dataset(tables: list[Table], findings: pd.DataFrame, path: Path) -> Dataset:
    book = Book(
        path=path,
        format="xlsx",
        sheets=tuple(SheetInfo(t.sheet, True, t.kind) for t in tables),
        tables={t.kind: t for t in tables},
    )
    customers = book.tables[SheetKind.CUSTOMERS].frame
    return Dataset(book, customers, None, None, findings, empty_changes())


def findings(*rows: dict[str, object]) -> pd.DataFrame:
    base = dict.fromkeys(FINDING_COLUMNS, "")
    if not rows:
        return empty_findings()
    return pd.DataFrame([{**base, **r} for r in rows], columns=list(FINDING_COLUMNS))


CUSTOMER_COLUMNS = [
    ("B", "客户编号", "customer_id"),
    ("C", "客户名称", "name"),
    ("D", "联系电话", "phone"),
    ("E", "员工人数", "employees"),
    ("F", "首次接触时间", "first_contact"),
    ("G", "自定义列", None),
]
NASTY = ["=1+1", '=HYPERLINK("http://x")', "@SUM(A1)", "+8613800138000", "-abc"]


@pytest.fixture
def customers() -> Table:
    return make_table(
        SheetKind.CUSTOMERS,
        "客户信息",
        3,
        CUSTOMER_COLUMNS,
        [
            (
                4,
                [
                    "C202405001",
                    "深圳市星河科技有限公司",
                    "13800138000",
                    300,
                    dt.date(2024, 5, 6),
                    "甲",
                ],
            ),
            (
                5,
                ["C202405002", NASTY[0], NASTY[3], 12.5, dt.datetime(2024, 5, 12, 9, 30), NASTY[1]],
            ),
            (7, ["C202405003", NASTY[2], "138", None, "2024/5/8", NASTY[4]]),
        ],
        title_rows=((1, ("客户信息登记表",)), (2, ("填表日期：2024年5月",))),
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    p = tmp_path / "客户.xlsx"
    p.write_bytes(b"not really a workbook, but it must stay byte for byte")
    return p


PROBLEMS = findings(
    {"sheet": "客户信息", "row": 7, "column": "D", "field": "phone", "header": "联系电话",
     "code": "required.missing", "severity": "error", "value": "138", "owner": "张经理"},
    {"sheet": "客户信息", "row": 7, "column": "D", "field": "phone", "header": "联系电话",
     "code": "header.fuzzy", "severity": "info", "value": "138", "suggestion": "联系电话"},
    {"sheet": "客户信息", "row": 5, "column": "E", "field": "employees", "header": "员工人数",
     "code": "header.duplicate", "severity": "warning", "value": "12.5"},
    {"sheet": "客户信息", "row": 4, "column": "C", "field": "name", "header": "客户名称",
     "code": "header.fuzzy", "severity": "info", "value": "x", "suggestion": "客户名称"},
    {"sheet": "客户信息", "row": 3, "column": "G", "header": "自定义列",
     "code": "header.unmapped", "severity": "info", "value": "自定义列"},
    {"sheet": "客户信息", "row": 5, "column": "", "code": "required.missing",
     "severity": "error", "header": "负责人"},
    {"sheet": "客户信息", "row": 7, "column": "F", "field": "first_contact", "header": "首次接触时间",
     "code": "required.missing", "severity": "error"},
)  # fmt: skip


@pytest.fixture
def written(tmp_path: Path, customers: Table, source: Path) -> openpyxl.Workbook:
    ds = make_dataset([customers], PROBLEMS, source)
    summary = {"汇总": pd.DataFrame({"项目": ["客户数", "错误"], "数量": [3, 3]})}
    out = tmp_path / "out" / "客户.annotated.xlsx"
    out.parent.mkdir()
    write_annotated(out, ds, summary)
    return openpyxl.load_workbook(out)


def test_sheets_in_order(written: openpyxl.Workbook) -> None:
    assert written.sheetnames == ["客户信息", "问题清单", "汇总"]


def test_cells_keep_their_addresses_and_types(written: openpyxl.Workbook) -> None:
    ws = written["客户信息"]
    assert ws["A1"].value == "客户信息登记表"
    assert ws["A2"].value == "填表日期：2024年5月"
    assert [ws.cell(3, c).value for c in range(2, 8)] == [h for _, h, _ in CUSTOMER_COLUMNS]
    assert ws["B4"].value == "C202405001"
    assert ws["C4"].value == "深圳市星河科技有限公司"
    assert ws["D4"].value == "13800138000" and ws["D4"].data_type == "s"
    assert ws["E4"].value == 300 and ws["E4"].data_type == "n"
    assert ws["E5"].value == 12.5
    assert ws["F4"].value == dt.datetime(2024, 5, 6) and ws["F4"].number_format == "yyyy-mm-dd"
    assert ws["F5"].value == dt.datetime(2024, 5, 12, 9, 30)
    assert ws["F7"].value == "2024/5/8"  # text that looks like a date stays text
    assert ws["B6"].value is None  # row 6 was not a record
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "B3:J7"


def test_formula_like_text_stays_text(written: openpyxl.Workbook) -> None:
    ws = written["客户信息"]
    cells = {ws["C5"].value, ws["D5"].value, ws["G5"].value, ws["C7"].value, ws["G7"].value}
    assert cells == set(NASTY)
    for ref in ("C5", "D5", "G5", "C7", "G7"):
        assert ws[ref].data_type == "s", ref


def test_problem_cells_filled_by_worst_severity(written: openpyxl.Workbook) -> None:
    ws = written["客户信息"]

    def fill(ref: str) -> str | None:
        f = ws[ref].fill
        return None if f.fill_type is None else str(f.fgColor.rgb)[-6:]

    assert fill("D7") == FILLS[3][1:]  # error beats the info on the same cell
    assert fill("E5") == FILLS[2][1:]
    assert fill("C4") == FILLS[1][1:]
    assert fill("G3") == FILLS[1][1:]  # header finding on the header cell
    assert fill("F7") == FILLS[3][1:]  # an empty cell can still be marked
    assert fill("B4") is None
    assert ws["E5"].value == 12.5 and ws["E5"].data_type == "n"  # still a number when filled


def test_comments_carry_messages_and_hints(written: openpyxl.Workbook) -> None:
    ws = written["客户信息"]
    d7 = ws["D7"].comment.text
    assert "必填项「联系电话」为空" in d7 and "请负责人补填该项" in d7
    assert "表头「138」按近似匹配识别为「联系电话」" in d7
    assert "列「自定义列」没有对应的标准字段" in ws["G3"].comment.text
    assert ws["B4"].comment is None
    assert ws["B5"].comment is None  # whole-row findings go to the status columns only


def test_status_columns(written: openpyxl.Workbook) -> None:
    ws = written["客户信息"]
    assert [ws.cell(3, c).value for c in (8, 9, 10)] == ["问题数", "状态", "问题摘要"]
    assert [ws.cell(4, c).value for c in (8, 9)] == [1, "提示"]
    assert [ws.cell(5, c).value for c in (8, 9)] == [2, "错误"]
    assert "必填项「负责人」为空" in ws.cell(5, 10).value
    assert [ws.cell(7, c).value for c in (8, 9)] == [3, "错误"]
    assert "；" in ws.cell(7, 10).value


def test_problem_list(written: openpyxl.Workbook) -> None:
    ws = written["问题清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("位置", "工作表", "行", "列", "字段", "问题代码", "严重程度", "问题说明",
                       "当前值", "建议", "负责人")  # fmt: skip
    assert [r[0] for r in rows[1:]] == [
        "客户信息!G3", "客户信息!C4", "客户信息!第5行", "客户信息!E5", "客户信息!D7",
        "客户信息!D7", "客户信息!F7",
    ]  # fmt: skip
    first_d7 = rows[5]
    assert first_d7[1:7] == ("客户信息", 7, "D", "联系电话", "required.missing", "错误")
    assert first_d7[8] == "138" and first_d7[10] == "张经理"
    assert first_d7[9] == "请负责人补填该项；确实无法获得时在备注中说明原因"  # no suggestion: hint
    assert rows[6][9] == "联系电话"  # the suggestion when there is one
    link = ws["A6"].hyperlink
    assert link.location == "'客户信息'!D7"
    assert ws["A4"].hyperlink.location == "'客户信息'!A5"


def test_summary_sheet(written: openpyxl.Workbook) -> None:
    ws = written["汇总"]
    assert list(ws.iter_rows(values_only=True)) == [("项目", "数量"), ("客户数", 3), ("错误", 3)]
    assert ws["B2"].data_type == "n" and ws.freeze_panes == "A2" and ws["A1"].font.b


def test_english(tmp_path: Path, customers: Table, source: Path) -> None:
    out = tmp_path / "en.xlsx"
    write_annotated(out, make_dataset([customers], PROBLEMS, source), {}, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户信息", "Problems"]
    ws = wb["客户信息"]
    assert [ws.cell(3, c).value for c in (8, 9, 10)] == ["Problems", "Status", "Summary"]
    assert ws.cell(5, 9).value == "Error" and ws.cell(6, 9).value is None
    assert "Required field '联系电话' is empty" in ws["D7"].comment.text
    assert wb["Problems"]["A1"].value == "Location"


def test_no_findings_and_more_sheets(tmp_path: Path, customers: Table, source: Path) -> None:
    tx = make_table(
        SheetKind.TRANSACTIONS,
        "订单",
        1,
        [("A", "客户编号", "customer_id"), ("B", "金额", "amount"), ("C", "已付", None)],
        [(2, ["C202405003", 120000, True]), (3, ["C202405003", 8000.5, False])],
    )
    ds = make_dataset([tx, customers], empty_findings(), source)
    out = tmp_path / "clean.xlsx"
    write_annotated(out, ds, {})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户信息", "订单", "问题清单"]
    ws = wb["订单"]
    assert [c.value for c in ws[2]] == ["C202405003", 120000, True, 0, "通过", None]
    assert ws["C3"].value is False and ws["C3"].data_type == "b"
    assert ws.freeze_panes == "A2"
    assert wb["问题清单"].max_row == 1


def test_output_is_atomic_and_input_untouched(
    tmp_path: Path, customers: Table, source: Path
) -> None:
    before = source.read_bytes()
    out = tmp_path / "客户.annotated.xlsx"
    out.write_bytes(b"last week's report")
    write_annotated(out, make_dataset([customers], PROBLEMS, source), {})
    assert source.read_bytes() == before
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["客户.annotated.xlsx", "客户.xlsx"]


def test_refuses_to_overwrite_the_input(tmp_path: Path, customers: Table, source: Path) -> None:
    before = source.read_bytes()
    with pytest.raises(OutputError, match="输入文件"):
        write_annotated(source, make_dataset([customers], PROBLEMS, source), {})
    assert source.read_bytes() == before


def test_missing_directory_is_an_output_error(
    tmp_path: Path, customers: Table, source: Path
) -> None:
    with pytest.raises(OutputError, match="不存在"):
        write_annotated(
            tmp_path / "nope" / "x.xlsx", make_dataset([customers], PROBLEMS, source), {}
        )


def test_column_index() -> None:
    assert [column_index(x) for x in ("A", "Z", "AA", "XFD", "", "第5行")] == [
        0,
        25,
        26,
        16383,
        -1,
        -1,
    ]


def test_summarize_cuts_at_a_message() -> None:
    msgs = ["甲" * 80, "乙" * 80, "丙" * 80]
    text = summarize(msgs, limit=200)
    assert text == "甲" * 80 + "；" + "乙" * 80 + "…等 3 项"
    assert summarize(["短"]) == "短"
    assert len(summarize(["长" * 500], limit=100)) <= 100


def test_round_trip_through_the_reader(tmp_path: Path) -> None:
    """Every input cell comes back at the same address with the same value and type."""
    read = pytest.importorskip("custinfo.io.read")
    from custinfo.config.model import InputConfig

    src = tmp_path / "客户.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户信息"
    ws["B1"] = "客户信息登记表"
    ws.append([])
    ws["B3"], ws["C3"], ws["D3"], ws["E3"], ws["F3"], ws["G3"] = (
        "客户编号", "客户名称", "联系电话", "员工人数", "首次接触时间", "是否签约",
    )  # fmt: skip
    rows = [
        ["C202405001", "深圳市星河科技有限公司", "13800138000", 300, dt.datetime(2024, 5, 6), True],
        ["C202405002", "=1+1", "+8613800138000", 12.5, "2024/5/8", False],
        ["C202405003", "@SUM(A1)", 13900139000, None, dt.datetime(2024, 5, 12, 9, 30), None],
    ]
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=2):
            if v is not None:
                ws.cell(r, c).value = v
                if isinstance(v, str) and v.startswith("="):
                    ws.cell(r, c).data_type = "s"  # typed as text, not a formula
    wb.save(src)
    before = src.read_bytes()

    book = read.read_book(src, DEFAULT_REGISTRY, InputConfig())
    out = tmp_path / "客户.annotated.xlsx"
    write_annotated(out, Dataset.from_book(book), {})
    assert src.read_bytes() == before

    a = openpyxl.load_workbook(src)["客户信息"]
    b = openpyxl.load_workbook(out)["客户信息"]
    for row in a.iter_rows(min_row=1, max_row=a.max_row, max_col=a.max_column):
        for cell in row:
            other = b[cell.coordinate]
            assert other.value == cell.value, cell.coordinate
            if cell.value is not None:
                assert other.data_type == cell.data_type, cell.coordinate
    assert b["H3"].value == "问题数"


def test_title_row_with_gaps_comes_back_at_the_same_cells(tmp_path: Path) -> None:
    from custinfo.config.model import InputConfig
    from custinfo.io.read import read_book

    src = tmp_path / "客户.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户信息"
    ws["B1"], ws["E1"] = "XX公司", "2024年"
    ws["C2"] = "填表人：张经理"
    ws["B3"], ws["C3"], ws["D3"], ws["E3"] = "客户编号", "客户名称", "联系电话", "负责人"
    ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "C202405001", "深圳市星河科技有限公司", "138", "张"
    wb.save(src)

    book = read_book(src, DEFAULT_REGISTRY, InputConfig())
    out = tmp_path / "客户.annotated.xlsx"
    write_annotated(out, Dataset.from_book(book), {})

    b = openpyxl.load_workbook(out)["客户信息"]
    titles = {c.coordinate: c.value for row in b.iter_rows(max_row=2) for c in row if c.value}
    assert titles == {"B1": "XX公司", "E1": "2024年", "C2": "填表人：张经理"}


def test_excel_serial_matches_excel() -> None:
    import datetime as dt

    from custinfo.io.cells import excel_serial

    assert excel_serial(dt.datetime(2024, 5, 10)) == 45422
    assert excel_serial(dt.datetime(1900, 1, 1)) == 1
    assert excel_serial(dt.datetime(1900, 2, 28)) == 59
    assert excel_serial(dt.datetime(1900, 3, 1)) == 61  # Excel's phantom 29 Feb 1900 is 60
    assert excel_serial(dt.datetime(2024, 5, 10, 12, 0)) == 45422.5
