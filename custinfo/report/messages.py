"""Findings into sentences, in Chinese or English: the one place codes become words."""

from __future__ import annotations

import string
from collections.abc import Mapping

import pandas as pd

from custinfo.codes import CODES, Code, Severity
from custinfo.dataset import FINDING_COLUMNS, SheetNote


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def cell_ref(sheet: str, row: int, column: str) -> str:
    """'客户信息!D7' (or '客户信息!第7行' when the finding has no column)."""
    if column:
        return f"{sheet}!{column}{row}"
    return f"{sheet}!第{row}行"


def message(f: Mapping[str, object], lang: str = "zh", codes: Mapping[str, Code] = CODES) -> str:
    """The finding's sentence, its placeholders filled from the finding's own columns.

    `codes` is the catalog plus rules.yaml's own rules (`Dataset.codes`)."""
    c = codes[str(f["code"])]
    template = c.en if lang == "en" else c.zh
    values = _Blank({k: "" if v is None else str(v) for k, v in f.items()})
    if not values["header"]:
        values["header"] = values["field"]
    return template.format_map(values)


def hint(f: Mapping[str, object], lang: str = "zh", codes: Mapping[str, Code] = CODES) -> str:
    c = codes[str(f["code"])]
    return c.hint_en if lang == "en" else c.hint_zh


def code_title(slug: str, lang: str = "zh", codes: Mapping[str, Code] = CODES) -> str:
    """A few words naming a check, for tables ("" for an unknown code)."""
    c = codes.get(slug)
    return c.title(lang) if c else ""


def severity_label(severity: str, lang: str = "zh") -> str:
    s = Severity(severity)
    return s.value if lang == "en" else s.zh


def render(
    findings: pd.DataFrame, lang: str = "zh", codes: Mapping[str, Code] = CODES
) -> pd.DataFrame:
    """Findings with `ref`, `message` and `hint` columns added.

    Each distinct sentence is rendered once and mapped back: 100k "required missing" findings
    share a handful of sentences, and a sentence depends only on the columns its template names.
    """
    if findings.empty:
        return findings.assign(ref="", message="", hint="")
    used = _message_columns(codes)
    key = [c for c in FINDING_COLUMNS if c in used and c in findings.columns]
    cols = {c: findings[c].fillna("").astype(str).tolist() for c in key}
    uniq = findings.drop_duplicates(key)
    records: list[dict[str, object]] = uniq.to_dict("records")  # type: ignore[assignment]
    said = {
        tuple("" if r[c] is None else str(r[c]) for c in key): (
            message(r, lang, codes),
            hint(r, lang, codes),
        )
        for r in records
    }
    texts = [said[k] for k in zip(*(cols[c] for c in key), strict=True)]
    refs = [
        cell_ref(str(sh), int(r), str(c))
        for sh, r, c in zip(
            findings["sheet"].tolist(),
            findings["row"].tolist(),
            findings["column"].tolist(),
            strict=True,
        )
    ]
    return findings.assign(ref=refs, message=[m for m, _ in texts], hint=[h for _, h in texts])


def _message_columns(codes: Mapping[str, Code]) -> frozenset[str]:
    """Finding columns any message or hint template uses, plus those `message` always reads."""
    names = {"code", "field", "header"}
    for c in codes.values():
        for template in (c.zh, c.en, c.hint_zh, c.hint_en):
            names.update(n for _, n, _, _ in string.Formatter().parse(template) if n)
    return frozenset(names)


SHEET_NOTES: dict[SheetNote, tuple[str, str]] = {
    SheetNote.CHART: ("图表页或宏表，不含数据，未读取", "chart or macro sheet, no data; not read"),
    SheetNote.HIDDEN: (
        "隐藏的工作表，未读取（要读取请用 --sheet 指定）",
        "hidden sheet; not read (name it with --sheet to read it)",
    ),
    SheetNote.VERY_HIDDEN: (
        "深度隐藏的工作表（Excel 菜单里无法取消隐藏，只能用 VBA），未读取；如确需读取请用 --sheet 指定",
        "very hidden sheet (only VBA can show it); not read: name it with --sheet if it is meant to be",
    ),
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
