"""Findings into sentences, in Chinese or English: the one place codes become words."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from custinfo.codes import CODES, Severity
from custinfo.dataset import SheetNote


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def cell_ref(sheet: str, row: int, column: str) -> str:
    """'客户信息!D7' (or '客户信息!第7行' when the finding has no column)."""
    if column:
        return f"{sheet}!{column}{row}"
    return f"{sheet}!第{row}行"


def message(f: Mapping[str, object], lang: str = "zh") -> str:
    """The finding's sentence, its placeholders filled from the finding's own columns."""
    c = CODES[str(f["code"])]
    template = c.en if lang == "en" else c.zh
    values = _Blank({k: "" if v is None else str(v) for k, v in f.items()})
    if not values["header"]:
        values["header"] = values["field"]
    return template.format_map(values)


def hint(f: Mapping[str, object], lang: str = "zh") -> str:
    c = CODES[str(f["code"])]
    return c.hint_en if lang == "en" else c.hint_zh


def severity_label(severity: str, lang: str = "zh") -> str:
    s = Severity(severity)
    return s.value if lang == "en" else s.zh


def render(findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Findings with `ref`, `message` and `hint` columns added (one pass per finding row;
    findings are few compared with cells, and each needs its own sentence)."""
    records: list[dict[str, object]] = findings.to_dict("records")  # type: ignore[assignment]
    out = findings.copy()
    out["ref"] = [cell_ref(str(r["sheet"]), int(str(r["row"])), str(r["column"])) for r in records]
    out["message"] = [message(r, lang) for r in records]
    out["hint"] = [hint(r, lang) for r in records]
    return out


SHEET_NOTES: dict[SheetNote, tuple[str, str]] = {
    SheetNote.CHART: ("图表页或宏表，不含数据，未读取", "chart or macro sheet, no data; not read"),
    SheetNote.HIDDEN: ("隐藏的工作表，未读取", "hidden sheet; not read"),
    SheetNote.INSTRUCTIONS: (
        "填写说明或选项页，不是数据表，未读取",
        "instructions or lists, not data; not read",
    ),
    SheetNote.EMPTY: ("空工作表", "empty sheet"),
    SheetNote.NO_HEADER: (
        "前 {detail} 行中找不到可识别的表头，未读取",
        "no recognisable header in the first {detail} rows; not read",
    ),
    SheetNote.OTHER_CHOSEN: (
        "已选用「{detail}」，本表未读取",
        "'{detail}' was used instead; not read",
    ),
    SheetNote.UNRECOGNISED: (
        "未识别为客户信息、互动记录或交易记录表，未读取",
        "not recognised as customers, interactions or transactions; not read",
    ),
}


def sheet_note(note: str | None, detail: str = "", lang: str = "zh") -> str:
    """Why a sheet was not used, in words ("" when it was used)."""
    if not note:
        return ""
    zh, en = SHEET_NOTES[SheetNote(note)]
    return (en if lang == "en" else zh).format(detail=detail)
