"""The gate every input passes before a parser sees it: what the file really is, and whether it
is safe to hand to calamine.

Why: calamine runs in-process and aborts the whole interpreter (no exception) when it is asked
to allocate a huge range, and a 10 KB zip can expand to gigabytes. So everything here reads only
the zip's central directory and the first few KB of the XML parts that matter (a whole sheet part
is scanned only when it lacks <dimension>, which Excel and common writers always write). No pandas.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from custinfo.config.model import InputConfig
from custinfo.errors import InputError

MB = 1024 * 1024
HEAD = 4096  # bytes of a decompressed XML part that are inspected
RATIO_FLOOR = MB  # parts smaller than this cannot be bombs, whatever their ratio
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
SPREADSHEET_EXTS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_EXTS = (".csv", ".txt", ".tsv")
SAVE_AS_HINT = "请在 Excel 中打开它，另存为「Excel 工作簿 (*.xlsx)」后再试"
SAVE_AS_HINT_EN = "Open it in Excel and save it as an Excel Workbook (*.xlsx), then try again"

_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]{1,4})?(\d{1,9})?(?::([A-Z]{1,4})?(\d{1,9})?)?"')
# refs that can reach past A..Z × 1..99999: a column of two or more letters, a row of six or
# more digits. Every writer puts r= first; the second set is for the files that do not.
_FAST = (
    re.compile(rb'<row r="(\d{1,9})"'),
    re.compile(rb'<c r="[A-Z]+(\d{6,})"'),
    re.compile(rb'<c r="([A-Z]{2,})\d'),
)
_ANY_ORDER = (
    re.compile(rb'<row\s[^>]*?\br="(\d{1,9})"'),
    re.compile(rb'<c\s[^>]*?\br="[A-Z]+(\d{6,})"'),
    re.compile(rb'<c\s[^>]*?\br="([A-Z]{2,})\d'),
)
_ODD_ORDER = re.compile(rb'<(?:c|row)\s+(?!r=")[^\s>/]')
# content.xml of .ods: a table's start (its name), or a row (its attributes and cells)
_ODS_TOKEN = re.compile(
    rb'<table:table\s[^>]*?table:name="([^"]*)"[^>]*>'
    rb"|<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)",
    re.S,
)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d{1,12})"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d{1,12})"')
_ANY_REF = re.compile(rb'<c\s[^>]*?\br="([A-Z]+)(\d+)"')
# a formula cell with no <v> (cached value) at all; a formula giving "" has an empty <v></v>
_NO_VALUE = re.compile(
    rb'<c\s[^>]*?\br="([A-Z]{1,3}\d{1,7})"[^>]*>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*</c>'
)
MAX_FORMULAS = 1000  # per sheet: enough to point at the problem
_ROOT = re.compile(rb"<\x00?[A-Za-z_]|\x00<\x00[A-Za-z_]")  # the root element's start (UTF-8/16)
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
_ENCRYPTED_STREAMS = ("EncryptedPackage", "EncryptionInfo")
_HOSTILE = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("utf-8", "utf-16-le", "utf-16-be")
)


@dataclass(frozen=True)
class Sniffed:
    """What the file turned out to be."""

    path: Path
    format: str  # "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv"
    size: int  # bytes
    # sheet name -> (cell ref, formula) of formula cells saved without a value (xlsx only;
    # calamine reads them as blank): what a script writing formulas leaves until Excel saves
    formulas: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def is_text(self) -> bool:
        return self.format == "csv"


def input_error(path: Path, zh: str, en: str, hint: str, hint_en: str) -> InputError:
    """An InputError whose message names the file: 「name」<zh>."""
    return InputError(
        f"无法读取「{path.name}」：{zh}",
        hint,
        message_en=f"Cannot read '{path.name}': {en}",
        hint_en=hint_en,
    )


def check_input(path: Path, cfg: InputConfig) -> Sniffed:
    """Return what `path` really holds, or raise InputError if it is missing, odd or hostile."""
    size = _stat(path, cfg)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise input_error(
            path,
            f"无法打开文件（{exc.strerror}）",
            f"the file cannot be opened ({exc.strerror})",
            "请检查文件权限，或先在 Excel 中关闭该文件",
            "Check the file's permissions, or close it in Excel first",
        ) from None
    ext = path.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        fmt, formulas = _check_zip(path, ext, cfg)
        return Sniffed(path, fmt, size, formulas)
    if head.startswith(OLE_MAGIC):
        encrypted = _ole_encrypted(path, head)
        if encrypted or ext in (".xlsx", ".xlsm", ".xlsb"):
            raise input_error(
                path,
                "文件设置了打开密码（已加密）"
                + ("" if encrypted else "，或是改了扩展名的旧版 .xls 文件"),
                "the file is password-protected (encrypted)"
                + ("" if encrypted else ", or an old .xls renamed"),
                "请在 Excel 中打开并取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），"
                "再另存为 .xlsx 后重试",
                "Remove the password in Excel (File → Info → Protect Workbook → "
                "Encrypt with Password, clear it), save as .xlsx and try again",
            )
        return Sniffed(path, "xls", size)
    return Sniffed(path, _check_text(path, ext, head), size)


def _ole_encrypted(path: Path, head: bytes) -> bool:
    """Whether an OLE file is a password-protected Office document: its first directory sector
    names an EncryptedPackage / EncryptionInfo stream (an Excel 97 .xls with a password has
    neither; calamine reports that one itself)."""
    if len(head) < 512:
        return False
    sector = 1 << int.from_bytes(head[30:32], "little")
    first = int.from_bytes(head[48:52], "little")
    if not 512 <= sector <= 4096 or first >= 0xFFFFFFFA:
        return False
    try:
        with path.open("rb") as fh:
            fh.seek((first + 1) * sector)
            directory = fh.read(sector)
    except OSError:
        return False
    return any(name.encode("utf-16-le") in directory for name in _ENCRYPTED_STREAMS)


def _stat(path: Path, cfg: InputConfig) -> int:
    if not path.exists():
        raise input_error(
            path,
            "文件不存在",
            "the file does not exist",
            f"请检查路径是否正确：{path}",
            f"Check the path: {path}",
        )
    if path.is_dir():
        raise input_error(
            path,
            "这是一个文件夹，不是文件",
            "it is a directory, not a file",
            "请指定文件夹中的某个 .xlsx 或 .csv 文件",
            "Name one .xlsx or .csv file inside it",
        )
    size = path.stat().st_size
    if size == 0:
        raise input_error(
            path,
            "文件是空的（0 字节）",
            "the file is empty (0 bytes)",
            "请确认文件已保存完整，或重新导出",
            "Make sure the file was saved completely, or export it again",
        )
    if size > cfg.max_file_mb * MB:
        raise input_error(
            path,
            f"文件有 {size / MB:.0f} MB，超过上限 {cfg.max_file_mb} MB",
            f"the file is {size / MB:.0f} MB, over the {cfg.max_file_mb} MB limit",
            "请拆分文件，或在 rules.yaml 的 input.max_file_mb 中调高上限",
            "Split the file, or raise input.max_file_mb in rules.yaml",
        )
    return size


def _check_text(path: Path, ext: str, head: bytes) -> str:
    lowered = head[:2048].lstrip().lower()
    is_html = lowered.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in lowered
    is_binary = b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if ext in SPREADSHEET_EXTS:
        if is_binary:
            raise _not_spreadsheet(path)
        what, what_en = (
            ("HTML 网页", "HTML (a web page)")
            if is_html
            else (
                ("XML 表格（Excel 2003 XML）", "XML (Excel 2003 XML spreadsheet)")
                if lowered.startswith(b"<?xml")
                else ("文本（CSV 等）", "plain text (CSV or similar)")
            )
        )
        raise input_error(
            path,
            f"文件扩展名是 {ext}，但内容是 {what}，不是真正的 Excel 文件",
            f"the extension is {ext} but the content is {what_en}, not a real Excel file",
            SAVE_AS_HINT,
            SAVE_AS_HINT_EN,
        )
    if ext not in TEXT_EXTS:
        raise input_error(
            path,
            f"不支持 {ext or '无扩展名'} 文件",
            f"{ext or 'files without an extension'} are not supported",
            "支持的格式：.xlsx .xlsm .xls .xlsb .ods .csv .txt .tsv",
            "Supported formats: .xlsx .xlsm .xls .xlsb .ods .csv .txt .tsv",
        )
    if is_binary or is_html:
        raise input_error(
            path,
            "内容不是文本表格（CSV），可能是其他类型的文件改了扩展名",
            "the content is not a text table (CSV); it may be another kind of file renamed",
            "请在 Excel 中另存为「CSV UTF-8 (逗号分隔)」或 .xlsx 后再试",
            "Save it from Excel as 'CSV UTF-8' or .xlsx and try again",
        )
    return "csv"


def _not_spreadsheet(path: Path) -> InputError:
    return input_error(
        path,
        "内容不是 Excel 或 CSV 表格",
        "the content is not an Excel workbook or a CSV table",
        "请确认选对了文件；如是表格，请在 Excel 中另存为 .xlsx",
        "Check that this is the right file; if it is a spreadsheet, save it as .xlsx from Excel",
    )


def _corrupt(path: Path) -> InputError:
    return input_error(
        path,
        "文件已损坏（压缩包结构不完整，可能下载或复制未完成）",
        "the file is damaged (incomplete zip structure; an unfinished download or copy?)",
        "请重新下载或从原处复制一份；若 Excel 能打开，请另存为新的 .xlsx",
        "Download or copy it again; if Excel opens it, save it as a new .xlsx",
    )


def _check_zip(
    path: Path, ext: str, cfg: InputConfig
) -> tuple[str, dict[str, tuple[tuple[str, str], ...]]]:
    formulas: dict[str, tuple[tuple[str, str], ...]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            fmt = _zip_format(path, ext, {i.filename for i in infos})
            _check_sizes(path, infos, cfg)
            sheets = _sheet_parts(zf)
            for info in infos:
                name = info.filename
                if name in sheets or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    found = _check_part(path, zf, info, cfg, sheets.get(name, name))
                    if found:
                        formulas[sheets.get(name, name)] = found
                elif fmt == "ods" and name == "content.xml":
                    _check_ods(path, zf, info, cfg)
                elif name.endswith((".xml", ".rels")):
                    _check_part(path, zf, info, cfg, None)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
        raise _corrupt(path) from None
    except OSError as exc:  # e.g. a truncated member
        raise _corrupt(path) from exc
    return fmt, formulas


def _zip_format(path: Path, ext: str, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "xlsm" if ext == ".xlsm" or "xl/vbaProject.bin" in names else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise input_error(
            path,
            "这是 Word 或 PowerPoint 文档，不是 Excel 工作簿",
            "it is a Word or PowerPoint document, not an Excel workbook",
            "请指定客户信息所在的 Excel 文件",
            "Pass the Excel file that holds the customer data",
        )
    raise input_error(
        path,
        "这是一个 ZIP 压缩包，不是 Excel 工作簿",
        "it is a zip archive, not an Excel workbook",
        "请先解压，再指定其中的 .xlsx 或 .csv 文件",
        "Extract it and pass the .xlsx or .csv inside",
    )


def _bomb(path: Path, zh: str, en: str) -> InputError:
    return input_error(
        path,
        f"{zh}，疑似“压缩炸弹”，为安全起见拒绝读取",
        f"{en}; it looks like a zip bomb and is refused for safety",
        "如确认文件可信，请在 Excel 中另存为新文件，或在 rules.yaml 的 input 中调高"
        "上限（max_uncompressed_mb / max_compression_ratio）",
        "If you trust the file, save it again "
        "from Excel, or raise input.max_uncompressed_mb / max_compression_ratio in rules.yaml",
    )


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], cfg: InputConfig) -> None:
    total = sum(i.file_size for i in infos)
    if total > cfg.max_uncompressed_mb * MB:
        raise _bomb(
            path,
            f"解压后共 {total / MB:.0f} MB，超过上限 {cfg.max_uncompressed_mb} MB",
            f"it expands to {total / MB:.0f} MB, over the {cfg.max_uncompressed_mb} MB limit",
        )
    for i in infos:
        if i.file_size >= RATIO_FLOOR and i.file_size > cfg.max_compression_ratio * max(
            i.compress_size, 1
        ):
            ratio = i.file_size / max(i.compress_size, 1)
            raise _bomb(
                path,
                f"其中的 {i.filename} 压缩比为 {ratio:.0f}:1（上限 {cfg.max_compression_ratio:.0f}:1）",
                f"part {i.filename} has a compression ratio of {ratio:.0f}:1 "
                f"(limit {cfg.max_compression_ratio:.0f}:1)",
            )


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it, from workbook.xml and its rels.

    Best effort (regexes over the first MB; both parts were already checked for DOCTYPE): a
    part this misses is still scanned when it lies under xl/worksheets/, and named by its path.
    """
    try:
        book = zf.open("xl/workbook.xml").read(MB).decode("utf-8", "replace")
        rels = zf.open("xl/_rels/workbook.xml.rels").read(MB).decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        if attrs.get("Type", "").endswith("/worksheet") and "Id" in attrs:
            target = html.unescape(attrs.get("Target", "")).replace("\\", "/")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[attrs["Id"]] = posixpath.normpath(part)
    out = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\b\w+:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            out[targets[rid.group(1)]] = html.unescape(name.group(1))
    return out


def _check_part(
    path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, cfg: InputConfig, sheet: str | None
) -> tuple[tuple[str, str], ...]:
    """Refuse a DTD in the part's prolog; read the rest of it once, streaming, which makes
    zipfile check its real size and CRC against the headers (so headers cannot under-state
    how far it expands), and for a worksheet find how far its cells really reach and which
    formulas were saved without a value."""
    with zf.open(info) as fh:
        head = fh.read(HEAD)
        _check_prolog(path, info.filename, head)
        if sheet is None:
            while fh.read(4 * MB):
                pass
            return ()
        rows, cols, formulas = _scan_extent(head, fh)
    if rows > EXCEL_ROWS or rows * cols > cfg.max_cells:  # the quick bound may be too rough
        rows, cols = _exact_extent(zf, info)
    m = _DIMENSION.search(head)
    if m:  # the declared range counts too: calamine sizes its grid from both
        dim_rows, dim_cols = _dimension_size(m)
        rows, cols = max(rows, dim_rows), max(cols, dim_cols)
    _check_extent(path, sheet, rows, cols, cfg)
    return formulas


def _check_ods(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, cfg: InputConfig) -> None:
    """An OpenDocument sheet repeats rows and cells by count (number-rows-repeated="5000"), so a
    1 KB content.xml can ask calamine for 80 million cells: add up how far each table's
    non-empty rows and cells reach, streaming, before it is parsed."""
    table, rows, cols, at, tail = "", 0, 0, 0, b""
    with zf.open(info) as fh:
        chunk = fh.read(HEAD)
        _check_prolog(path, info.filename, chunk)
        while chunk:
            more = fh.read(4 * MB)
            buf = tail + chunk
            # cut where a row or a table starts, so none is split in two
            cut = max(buf.rfind(b"<table:table-row"), buf.rfind(b"<table:table ")) if more else -1
            buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
            for name, attrs, body in _ODS_TOKEN.findall(buf):
                if name:  # a new table: check the one before
                    _check_extent(path, table, rows, cols, cfg)
                    table, rows, cols, at = html.unescape(name.decode("utf-8", "replace")), 0, 0, 0
                    continue
                at += _repeat(_ROWS_REPEATED, attrs)
                width = _ods_width(body)
                if width:
                    rows, cols = at, max(cols, width)
            chunk = more
    _check_extent(path, table, rows, cols, cfg)


def _ods_width(row: bytes) -> int:
    """How far a row's last non-empty cell reaches (0 when every cell is empty)."""
    width, at = 0, 0
    for attrs, empty in _ODS_CELL.findall(row):
        at += _repeat(_COLS_REPEATED, attrs)
        if not empty or b"value-type" in attrs:
            width = at
    return width


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return int(m.group(1)) if m else 1


def _check_prolog(path: Path, part: str, head: bytes) -> None:
    """Excel never writes a DOCTYPE; a DTD is how "billion laughs" entity bombs are declared.
    Everything before the root element is checked, however long a comment hides it behind."""
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    if any(marker in prolog for marker in _HOSTILE) or (root is None and len(head) == HEAD):
        raise input_error(
            path,
            f"其中的 {part} 含有 DOCTYPE/ENTITY 声明（或超长的开头），Excel 不会生成这种内容，"
            "为安全起见拒绝读取",
            f"part {part} contains a DOCTYPE/ENTITY declaration (or an overlong prolog), which "
            "Excel never writes; refused for safety",
            SAVE_AS_HINT,
            SAVE_AS_HINT_EN,
        )


def _check_extent(path: Path, sheet: str, rows: int, cols: int, cfg: InputConfig) -> None:
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        zh, en = (
            (
                f"{rows:,} 行，超过 Excel 的上限 {EXCEL_ROWS:,} 行",
                f"{rows:,} rows, past Excel's limit of {EXCEL_ROWS:,}",
            )
            if rows > EXCEL_ROWS
            else (
                f"{cols:,} 列，超过 Excel 的上限 {EXCEL_COLS:,} 列（XFD）",
                f"{cols:,} columns, past Excel's limit of {EXCEL_COLS:,} (XFD)",
            )
        )
        raise input_error(
            path,
            f"工作表「{sheet}」的单元格排到了第 {zh}，这不是 Excel 能保存的文件",
            f"sheet '{sheet}' has cells up to {en}; Excel cannot save such a file",
            "请用导出它的程序重新导出（不超过 1,048,576 行、16,384 列），或把数据复制到新的 Excel 工作簿",
            "Export it again from the program that made it (at most 1,048,576 rows and 16,384 "
            "columns), or copy the data into a new Excel workbook",
        )
    if rows * cols > cfg.max_cells:
        raise input_error(
            path,
            f"工作表「{sheet}」的区域达 {rows:,} 行 × {cols:,} 列，超过 {cfg.max_cells:,} 个单元格的上限",
            f"sheet '{sheet}' spans {rows:,} rows × {cols:,} columns, over the {cfg.max_cells:,}-cell limit",
            "请删除表格下方和右侧的空白行列（选中后右键 → 删除），保存后再试；或在 rules.yaml 的 input.max_cells 中调高上限",
            "Delete the unused rows and columns below and right of the data, save and try again; or raise "
            "input.max_cells in rules.yaml",
        )


def _dimension_size(m: re.Match[bytes]) -> tuple[int, int]:
    c1, r1, c2, r2 = m.groups()
    first_col, last_col = column_number(c1 or b"A"), column_number(c2 or c1 or b"A")
    first_row, last_row = int(r1 or 1), int(r2 or r1 or 1)
    return abs(last_row - first_row) + 1, abs(last_col - first_col) + 1


def _scan_extent(head: bytes, fh: IO[bytes]) -> tuple[int, int, tuple[tuple[str, str], ...]]:
    """An upper bound of rows × columns a sheet's cells span, from its cell refs.

    <dimension> cannot be trusted: a hostile file declares A1:B2 and puts one cell at
    XFD1048576, which makes calamine allocate 17 billion cells and abort the interpreter. One
    streamed regex pass picks only the refs that can matter (two or more letters, rows ≥ 100000);
    every other cell lies within A..Z × 1..99999, which is what the bound assumes for them
    (about 0.8 s for a 200,000-row, 7-column sheet: 56 MB of XML; reading it takes 5 s).
    """
    max_row, max_col, tail = 1, 26, b""
    formulas: list[tuple[str, str]] = []
    chunk = head
    while chunk:
        more = fh.read(4 * MB)
        buf = tail + chunk
        cut = buf.rfind(b"<c ") if more else -1  # cut before a cell, so none is split in two
        cut = cut if cut > 0 or not more else buf.rfind(b"<")
        buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
        row_ref, far_row, wide_col = _ANY_ORDER if _ODD_ORDER.search(buf) else _FAST
        max_row = max([max_row, *_ints(row_ref.findall(buf)), *_ints(far_row.findall(buf))])
        max_col = max([max_col, *map(column_number, set(wide_col.findall(buf)))])
        if b"</f>" in buf or b"<f " in buf:
            formulas += [
                (ref.decode(), html.unescape(f.decode("utf-8", "replace")))
                for ref, f in _NO_VALUE.findall(buf)[: MAX_FORMULAS - len(formulas)]
            ]
        chunk = more
    return max(max_row, 99_999), max_col, tuple(formulas)


def _ints(found: list[bytes]) -> tuple[int, ...]:
    """The largest of the numbers found (distinct ones converted once), or ()."""
    return (max(map(int, set(found))),) if found else ()


def _exact_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """The last row and column any cell or row names, from every ref: slower than the bound
    above, so only run when that bound is too big (a wide sheet: 3 rows × 16,384 columns)."""
    max_row, max_col, tail = 1, 1, b""
    with zf.open(info) as fh:
        while chunk := fh.read(4 * MB):
            buf = tail + chunk
            cut = buf.rfind(b"<")
            buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
            refs = _ANY_REF.findall(buf)
            rows = _ANY_ORDER[0].findall(buf)
            max_row = max([max_row, *_ints(rows), *_ints([r for _, r in refs])])
            max_col = max([max_col, *map(column_number, {c for c, _ in refs})])
    return max_row, max_col


def column_number(letters: bytes | str) -> int:
    """1-based column number of an Excel column name ("A" -> 1, "XFD" -> 16384)."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n
