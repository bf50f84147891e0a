"""CSV / TSV / TXT tables: the encoding and the delimiter found, every cell as text."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from custinfo.errors import InputError
from custinfo.io.guard import input_error

DELIMITERS = (",", "\t", ";", "|")
SNIFF_LINES = 30


def decode(path: Path, data: bytes, forced: str | None) -> tuple[str, str]:
    """Return (text, encoding name): a forced encoding, else BOM, UTF-8, GB18030, best guess."""
    if forced:
        try:
            return data.decode(forced), forced
        except LookupError:
            raise input_error(
                path,
                f"不认识指定的编码「{forced}」",
                f"unknown encoding '{forced}'",
                "常用编码：utf-8、gb18030、gbk、big5",
                "Common encodings: utf-8, gb18030, gbk, big5",
            ) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(
                path,
                f"按指定的编码 {forced} 解码失败（第 {exc.start} 字节）",
                f"it does not decode as {forced} (byte {exc.start})",
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]  # Excel's "Unicode 文本" export
    else:
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    _check_mixed(path, data)
    return _guess(path, data)


def _check_mixed(path: Path, data: bytes) -> None:
    """A UTF-8 file with a stretch in another encoding (rows pasted in from a GBK export)
    decodes as neither UTF-8 nor GB18030; a guess would garble half of it, so say where."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        if any("\u4e00" <= ch <= "\u9fff" for ch in before):  # Chinese read fine as UTF-8
            line = before.count("\n") + 1
            raise _undecodable(
                path,
                f"文件混用了两种编码：前面是 UTF-8，第 {line} 行起有不是 UTF-8 的文字"
                "（可能是从另一个文件粘贴来的 GBK 文字）",
                f"it mixes two encodings: UTF-8 at first, then text that is not UTF-8 from "
                f"line {line} (rows pasted from a GBK file?)",
            ) from None


def _guess(path: Path, data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # imported only for the rare non-UTF-8, non-GB file

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise _undecodable(path, "无法识别文件的文字编码", "its text encoding cannot be recognised")
    return str(best), str(best.encoding)


def _undecodable(path: Path, zh: str, en: str) -> InputError:
    return input_error(
        path,
        zh,
        en,
        "请在 Excel 中另存为「CSV UTF-8 (逗号分隔)」后再试，或用 rules.yaml 的 "
        "input.csv_encoding 指定编码",
        "Save it from Excel as 'CSV UTF-8 (Comma delimited)' and "
        "try again, or set input.csv_encoding in rules.yaml",
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one equal width (> 1)."""
    sample = text[: 1 << 16].splitlines()[:SNIFF_LINES]
    best, best_key = ",", (0, 0)
    for d in DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=d) if any(r)]
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        mode = max(set(multi), key=lambda w: (multi.count(w), w))
        key = (multi.count(mode), mode)
        if key > best_key:
            best, best_key = d, key
    return best


def read_csv(path: Path, forced_encoding: str | None) -> tuple[list[list[str]], str, str]:
    """Return (rows, encoding, delimiter); rows are ragged lists of strings, as in the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise input_error(
            path,
            f"无法打开文件（{exc.strerror}）",
            f"the file cannot be opened ({exc.strerror})",
            "请检查文件权限",
            "Check the file's permissions",
        ) from None
    text, encoding = decode(path, data, forced_encoding)
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise input_error(
            path,
            f"CSV 格式有误（{exc}）",
            f"the CSV is malformed ({exc})",
            "请在 Excel 中打开并另存为 .xlsx 后再试",
            "Open it in Excel, save as .xlsx and try again",
        ) from None
    return rows, encoding, delimiter
