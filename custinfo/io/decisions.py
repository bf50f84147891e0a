"""Dedupe decisions on disk: the 是/否 a person typed into 待确认, and custinfo.decisions.csv,
where they are remembered so next week's run does not ask again.

The decisions file is a plain CSV (UTF-8 with BOM, so Excel opens it) a person may read and
correct: one row per decision, `record_a, record_b, same_customer (是/否), name_a, name_b,
decided_on, source`. A later row about the same pair wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from custinfo.config.model import InputConfig
from custinfo.dataset import PairDecision, column_letter
from custinfo.errors import InputError
from custinfo.io.csvfile import read_csv
from custinfo.io.export import export_frame
from custinfo.io.guard import check_input, input_error

REVIEW_SHEETS = ("待确认", "To review")
STORE_COLUMNS = (
    "record_a",
    "record_b",
    "same_customer",
    "name_a",
    "name_b",
    "decided_on",
    "source",
)
# what a person may type for 是 and 否 (compared after trimming and case-folding)
YES = frozenset({"是", "是的", "对", "同一", "同一客户", "相同", "y", "yes", "same", "true", "1", "√", "✓", "✔"})  # fmt: skip
NO = frozenset({"否", "不是", "不", "错", "不同", "不同客户", "n", "no", "different", "false", "0", "×", "✗", "✘"})  # fmt: skip
_HEADERS = {
    "decision": ("是否同一客户", "same customer", "decision"),
    "key_a": ("记录标识a", "record key a", "key_a"),
    "key_b": ("记录标识b", "record key b", "key_b"),
    "name_a": ("客户名称a", "name a", "name_a", "联系人a", "contact a"),
    "name_b": ("客户名称b", "name b", "name_b", "联系人b", "contact b"),
}
MAX_LISTED = 10  # bad cells named in one message


def parse_answer(text: object) -> bool | None:
    """是 -> True, 否 -> False, blank -> None (not decided); anything else raises ValueError."""
    if isinstance(text, bool):
        return text
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    t = str(text).strip().casefold()
    if isinstance(text, float) and text.is_integer():
        t = str(int(text))
    if not t:
        return None
    if t in YES:
        return True
    if t in NO:
        return False
    raise ValueError(t)


def read_review(path: Path, cfg: InputConfig | None = None) -> tuple[PairDecision, ...]:
    """The decided pairs of a reviewed 待确认 sheet (a workbook custinfo wrote, or that sheet
    saved as CSV). Undecided rows are skipped; an answer that is neither 是 nor 否 is an error
    naming its cells."""
    sniffed = check_input(path, cfg or InputConfig())
    rows: Sequence[Sequence[object]]
    if sniffed.is_text:
        rows, _, _ = read_csv(path, None)
        sheet = path.stem
    else:
        sheet, rows = _review_rows(path)
    if not rows:
        raise _no_review(path)
    cols = _columns(path, sheet, rows[0])
    today = dt.date.today().isoformat()
    out: list[PairDecision] = []
    bad: list[str] = []
    bad_en: list[str] = []
    for i, row in enumerate(rows[1:], start=2):
        cell = _cell(row, cols["decision"])
        try:
            same = parse_answer(cell)
        except ValueError:
            where = f"{sheet}!{column_letter(cols['decision'])}{i}"
            bad.append(f"{where}“{cell}”")
            bad_en.append(f"{where} '{cell}'")
            continue
        a, b = str(_cell(row, cols["key_a"]) or "").strip(), str(_cell(row, cols["key_b"]) or "")
        if same is None or not a or not b.strip():
            continue
        name_a, name_b = (str(_cell(row, cols.get(k)) or "") for k in ("name_a", "name_b"))
        out.append(PairDecision(a, b.strip(), same, name_a, name_b, today, path.name))
    if bad:
        more = f" 等 {len(bad)} 处" if len(bad) > MAX_LISTED else ""
        raise InputError(
            f"「{path.name}」的“是否同一客户”只能填 是 或 否（或留空）："
            f"{'、'.join(bad[:MAX_LISTED])}{more}",
            "请把这些格改成 是 或 否；拿不准的留空，下次运行还会再问",
            message_en=f"'{path.name}': Same customer must be yes or no (or blank): "
            f"{', '.join(bad_en[:MAX_LISTED])}",
            hint_en="Change these cells to yes or no; leave a pair blank to be asked again",
        )
    return tuple(out)


def _review_rows(path: Path) -> tuple[str, Sequence[Sequence[object]]]:
    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = next((n for n in wb.sheet_names if n.strip() in REVIEW_SHEETS), None)
        if name is None:
            raise _no_review(path)
        return name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as e:
        raise input_error(
            path, f"工作簿已损坏（{e}）", f"the workbook is damaged ({e})", "", ""
        ) from None


def _no_review(path: Path) -> InputError:
    return InputError(
        f"「{path.name}」里没有“待确认”工作表",
        "--decisions 要读的是 custinfo 写出的工作簿（其中“待确认”表的“是否同一客户”列已填好）",
        message_en=f"'{path.name}' has no To review sheet",
        hint_en="--decisions reads a workbook custinfo wrote, with the Same customer column of"
        " its To review sheet filled in",
    )


def _columns(path: Path, sheet: str, header: Sequence[object]) -> dict[str, int]:
    names = [str(h or "").strip().casefold() for h in header]
    cols: dict[str, int] = {}
    for key, accepted in _HEADERS.items():
        hit = next((j for j, h in enumerate(names) if h in accepted), None)
        if hit is not None:
            cols[key] = hit
    missing = [k for k in ("decision", "key_a", "key_b") if k not in cols]
    if missing:
        zh = {"decision": "是否同一客户", "key_a": "记录标识A", "key_b": "记录标识B"}
        en = {"decision": "Same customer", "key_a": "Record key A", "key_b": "Record key B"}
        raise InputError(
            f"「{path.name}」的“{sheet}”表缺少列：{'、'.join(zh[k] for k in missing)}",
            "请用 custinfo 最近写出的工作簿填写“待确认”表，不要删除或改名这些列",
            message_en=f"'{path.name}', sheet {sheet}, lacks the column(s) "
            f"{', '.join(en[k] for k in missing)}",
            hint_en="Fill in the To review sheet of a workbook custinfo wrote; keep these columns",
        )
    return cols


def _cell(row: Sequence[object], j: int | None) -> object:
    return row[j] if j is not None and j < len(row) else None


def read_store(path: Path) -> tuple[PairDecision, ...]:
    """The remembered decisions (none when the file does not exist yet)."""
    if not path.is_file():
        return ()
    rows, _, _ = read_csv(path, None)
    if not rows:
        return ()
    header = [h.strip().lstrip("'") for h in rows[0]]
    if list(header[:3]) != list(STORE_COLUMNS[:3]):
        raise _bad_store(path, 1, f"表头应为 {','.join(STORE_COLUMNS)}", "wrong header")
    out: list[PairDecision] = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(STORE_COLUMNS) - len(row))
        try:
            same = parse_answer(cells[2])
        except ValueError:
            same = None
        if same is None or not cells[0] or not cells[1]:
            raise _bad_store(
                path, i, "每行要有 record_a、record_b 和 是/否", "needs record_a, record_b, yes/no"
            )
        out.append(PairDecision(cells[0], cells[1], same, *cells[3:7]))
    return tuple(out)


def _bad_store(path: Path, line: int, zh: str, en: str) -> InputError:
    return InputError(
        f"去重决定文件「{path}」第 {line} 行有误：{zh}",
        "请改正这一行，或删掉它（删掉的决定下次会重新询问）",
        message_en=f"dedupe decisions file '{path}', line {line}: {en}",
        hint_en="Correct or delete that line (a deleted decision is asked again)",
    )


def write_store(path: Path, decisions: Sequence[PairDecision]) -> None:
    """Write the decisions, one row per pair (the latest about it), atomically."""
    latest: dict[tuple[str, str], PairDecision] = {}
    for d in decisions:
        latest.pop(d.pair, None)  # keep the file in decision order, the latest last
        latest[d.pair] = d
    frame = pd.DataFrame(
        [
            (d.key_a, d.key_b, "是" if d.same else "否", d.name_a, d.name_b, d.decided_on, d.source)
            for d in latest.values()
        ],
        columns=list(STORE_COLUMNS),
    )
    export_frame(path, frame)
