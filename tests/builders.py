"""Small builders for test inputs written to tmp_path: workbooks, CSVs and hand-made hostile zips.

Cells are given as Python values: str is written as a text cell, int/float as a number,
datetime.date/datetime as a date cell, bool as a boolean, None leaves the cell empty, and
`Formula("=A1+1", cached)` writes a formula with its cached value.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

Cell = object
FIXED_TIME = dt.datetime(2024, 5, 1)  # files written here carry it, so they repeat byte for byte
Rows = Sequence[Sequence[Cell]]

# A minimal customer sheet: header plus one row, handy as a default.
CUSTOMER_HEADER = ("客户编号", "客户名称", "客户类型", "所属行业", "联系电话", "客户状态", "负责人")
CUSTOMER_ROW = (
    "C202405001",
    "深圳市星河科技有限公司",
    "企业",
    "软件和信息技术服务业",
    "13800138000",
    "意向客户",
    "张经理",
)


@dataclass(frozen=True)
class Formula:
    text: str
    cached: Cell = None


@dataclass(frozen=True)
class Sheet:
    """One worksheet: rows written from `origin` (0-based row, column), optional merged title."""

    rows: Rows
    origin: tuple[int, int] = (0, 0)
    hidden: bool = False
    merge: tuple[int, int, int, int] | None = None  # (first_row, first_col, last_row, last_col)


def customer_rows(n: int = 1) -> list[tuple[Cell, ...]]:
    """The standard header and `n` plausible data rows."""
    rows: list[tuple[Cell, ...]] = [CUSTOMER_HEADER]
    for i in range(1, n + 1):
        rows.append(
            (
                f"C2024050{i:02d}",
                f"客户{i}有限公司",
                "企业",
                "制造业",
                f"138001380{i:02d}",
                "潜在客户",
                "张经理",
            )
        )
    return rows


def xlsx(path: Path, sheets: Mapping[str, Rows | Sheet], *, chart_sheet: str | None = None) -> Path:
    """Write an .xlsx with xlsxwriter: one worksheet per entry, in order."""
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": FIXED_TIME})  # the same bytes every time
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
    first_visible = True
    for name, spec in sheets.items():
        sheet = spec if isinstance(spec, Sheet) else Sheet(spec)
        ws = wb.add_worksheet(name)
        if sheet.hidden:
            ws.hide()
        elif first_visible:  # Excel cannot show a hidden sheet as the active one
            ws.activate()
            first_visible = False
        r0, c0 = sheet.origin
        for i, row in enumerate(sheet.rows):
            for j, value in enumerate(row):
                r, c = r0 + i, c0 + j
                if value is None:
                    continue
                if sheet.merge and (r, c) == sheet.merge[:2]:
                    ws.merge_range(*sheet.merge, value)
                elif isinstance(value, Formula):
                    ws.write_formula(r, c, value.text, None, value.cached)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                elif isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, datetime_fmt)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date_fmt)
                elif isinstance(value, dt.time):
                    ws.write_datetime(r, c, value, time_fmt)
                else:
                    ws.write_string(r, c, str(value))
    if chart_sheet:
        data = wb.get_worksheet_by_name(next(iter(sheets)))
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": f"='{data.name}'!$A$1:$A$2"})
        wb.add_chartsheet(chart_sheet).set_chart(chart)
    wb.close()
    return path


def csv_file(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write a CSV the way Excel or a script would (no quoting unless needed)."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else str(v) for v in row] for row in rows]
    )
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


# --- hand-made zips, for inputs no writer would produce ----------------------------------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def sheet_xml(body: str, *, dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part: `body` goes inside <sheetData>; `prolog` before <worksheet> (e.g. DOCTYPE)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{_NS}">{dim}<sheetData>{body}</sheetData></worksheet>'
    )


def inline_row(r: int, *texts: str) -> str:
    """A <row> of inline-string cells starting in column A."""
    cells = "".join(
        f'<c r="{chr(65 + j)}{r}" t="inlineStr"><is><t>{t}</t></is></c>'
        for j, t in enumerate(texts)
    )
    return f'<row r="{r}">{cells}</row>'


def raw_xlsx(
    path: Path,
    sheet: str,
    *,
    name: str = "客户信息",
    extra: Mapping[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal one-sheet .xlsx assembled by hand from a worksheet part (see sheet_xml)."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", compression) as zf:
        for part, data in parts.items():
            zf.writestr(zipfile.ZipInfo(part, FIXED_TIME.timetuple()[:6]), data, compression)
    return path
