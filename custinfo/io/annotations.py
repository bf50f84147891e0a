"""Findings as the annotated workbook shows them: rendered once per distinct message, ranked,
located by column index, folded into per-cell fills and comments and per-row status text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from custinfo.codes import CODES, Code, Severity
from custinfo.dataset import FINDING_COLUMNS, column_index
from custinfo.io.cells import CELL_CHARS
from custinfo.report.messages import render

SUMMARY_CHARS = 200  # 问题摘要 is a glance; the full text is in the comments and 问题清单

SEVERITY_LABELS = {
    "zh": {3: "错误", 2: "警告", 1: "提示"},
    "en": {3: "error", 2: "warning", 1: "info"},
}
_RANK = {s.value: s.rank for s in Severity}
_HINT_LABEL = {"zh": "建议：", "en": "Fix: "}
_MORE = {"zh": "…等 {n} 项", "en": "… ({n} in all)"}


def prepare_findings(
    findings: pd.DataFrame, lang: str, codes: Mapping[str, Code] = CODES
) -> pd.DataFrame:
    """Rendered findings with clean types plus `rank` and `col` (0-based index, -1 for none)."""
    f = findings.copy()
    for c in FINDING_COLUMNS:
        if c != "row":
            f[c] = f[c].fillna("").astype(str) if c in f.columns else ""
    f["row"] = pd.to_numeric(f["row"], errors="coerce").fillna(0).astype("int64")
    f = render(f, lang, codes)
    f["rank"] = f["severity"].map(_RANK).fillna(1).astype("int64")
    letters = {x: column_index(x) for x in f["column"].unique()}
    f["col"] = f["column"].map(letters).astype("int64")
    # worst first within a cell; whole-row findings (col -1) before the row's cells
    return (
        f.assign(_neg=-f["rank"])
        .sort_values(["row", "col", "_neg"], kind="stable")
        .drop(columns="_neg")
    )


def cell_marks(
    f: pd.DataFrame, lang: str
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, str]]]:
    """Per 0-based row: {col: most severe rank} and {col: comment text}, for located findings.

    `f` is sorted by row, column and descending severity, so the worst finding comes first.
    """
    located = f[(f["row"] > 0) & (f["col"] >= 0)]
    if located.empty:
        return {}, {}
    labels = SEVERITY_LABELS[lang]
    text = located["rank"].map(labels) + "：" + located["message"]
    hint = located["hint"].fillna("")
    text = text.where(hint.eq(""), text + "\n" + _HINT_LABEL[lang] + hint)
    marks: dict[int, dict[int, int]] = {}
    comments: dict[int, dict[int, str]] = {}
    for r, c, rank, t in zip(
        (located["row"] - 1).tolist(), located["col"].tolist(), located["rank"].tolist(),
        text.tolist(), strict=True,
    ):  # fmt: skip
        row_marks = marks.get(r)
        if row_marks is None:
            marks[r] = {c: rank}
            comments[r] = {c: t}
        elif c in row_marks:
            row_marks[c] = max(row_marks[c], rank)
            comments[r][c] = (comments[r][c] + "\n\n" + t)[:CELL_CHARS]
        else:
            row_marks[c] = rank
            comments[r][c] = t
    return marks, comments


def row_status(f: pd.DataFrame, header_row: int, lang: str) -> dict[int, tuple[int, int, str]]:
    """Per 0-based record row: (number of findings, most severe rank, summary text)."""
    rows = f[(f["row"] > 0) & (f["row"] != header_row)]
    if rows.empty:
        return {}
    grouped: dict[int, tuple[int, list[str]]] = {}
    for r, rank, msg in zip(
        (rows["row"] - 1).tolist(), rows["rank"].tolist(), rows["message"].tolist(), strict=True
    ):
        seen = grouped.get(r)
        if seen is None:
            grouped[r] = (rank, [msg])
        else:
            seen[1].append(msg)
            if rank > seen[0]:
                grouped[r] = (rank, seen[1])
    more = _MORE[lang]
    return {r: (len(m), k, summarize(m, more)) for r, (k, m) in grouped.items()}


def summarize(messages: Sequence[str], more: str = _MORE["zh"], limit: int = SUMMARY_CHARS) -> str:
    """Messages joined with '；', cut at a message boundary near `limit`, saying how many in all."""
    text = "；".join(messages)
    if len(text) <= limit:
        return text
    tail = more.format(n=len(messages))
    kept: list[str] = []
    used = 0
    for m in messages:
        if used + len(m) + 1 > limit - len(tail):
            break
        kept.append(m)
        used += len(m) + 1
    if not kept:  # one long message: cut inside it
        return messages[0][: max(limit - len(tail), 1)] + tail
    return "；".join(kept) + tail
