"""The run summary: one dict for --json and the terminal, and frames for the 汇总 and 表头映射 sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from custinfo import __version__
from custinfo.codes import CODES, Code, Severity
from custinfo.dataset import ROW_COL, Dataset
from custinfo.fields import SheetKind
from custinfo.report.dedupe import dedupe_summary
from custinfo.report.messages import code_title, render
from custinfo.report.privacy import mask_findings
from custinfo.report.segment import segment_summary

SEVERITIES = ("error", "warning", "info")


def worst_severity(findings: pd.DataFrame) -> str | None:
    """The most severe level among `findings`, or None when there are none."""
    if findings.empty:
        return None
    present = set(findings["severity"])
    return next(s for s in SEVERITIES if s in present)


def fails(findings: pd.DataFrame, fail_on: str) -> bool:
    """True when any finding is at or above `fail_on` ('never' never fails)."""
    if fail_on == "never" or findings.empty:
        return False
    ranks = findings["severity"].map({s.value: s.rank for s in Severity})
    return bool(ranks.ge(Severity(fail_on).rank).any())


def _counts(findings: pd.DataFrame, by: str) -> dict[str, dict[str, int]]:
    """{key: {error: n, warning: n, info: n, total: n}}, biggest first."""
    if findings.empty:
        return {}
    table = pd.crosstab(findings[by].fillna(""), findings["severity"])
    table = table.reindex(columns=list(SEVERITIES), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total", *SEVERITIES], ascending=False)
    return {str(k): {str(c): int(v) for c, v in row.items()} for k, row in table.iterrows()}


def build_summary(
    ds: Dataset,
    *,
    rules_path: Path | None,
    timings: dict[str, float],
    outputs: list[str],
    fail_on: str,
    lang: str = "zh",
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Everything a script or a mail needs to know about a run (canonical English keys).

    `findings` lists every finding with its sentence in `lang` (ID numbers masked);
    `finding_counts` groups them by severity, code, field and owner.
    """
    book, findings = ds.book, ds.findings
    missing = findings[findings["code"].eq("required.missing")]
    # Header findings are about the sheet's layout, not a record, so no owner is responsible.
    record_findings = findings[~findings["code"].str.startswith("header.")]
    return {
        "custinfo_version": __version__,
        "input": str(book.path),
        "format": book.format,
        "encoding": book.encoding,
        "rules": str(rules_path) if rules_path else None,
        "as_of": as_of.isoformat() if as_of else None,
        "sheets": [
            {
                "name": s.name,
                "visible": s.visible,
                "role": s.role.value if s.role else None,
                "note": s.note.value if s.note else None,
                "note_detail": s.detail,
                **(_table_facts(ds, s.role) if s.role else {}),
            }
            for s in book.sheets
        ],
        "counts": {
            kind.value: (0 if (f := ds.frame(kind)) is None else len(f)) for kind in SheetKind
        },
        "change_counts": {
            "total": len(ds.changes),
            "by_rule": {str(k): int(v) for k, v in ds.changes["rule"].value_counts().items()},
            "by_field": {str(k): int(v) for k, v in ds.changes["field"].value_counts().items()},
        },
        "finding_counts": {
            "total": len(findings),
            "by_severity": {s: int(findings["severity"].eq(s).sum()) for s in SEVERITIES},
            "by_code": _counts(findings, "code"),
            "by_field": _counts(findings, "field"),
            "by_owner": _counts(record_findings, "owner"),
            "to_complete_by_owner": {
                (k or "(未填负责人)"): int(v) for k, v in missing["owner"].value_counts().items()
            },
        },
        "code_titles": {
            str(slug): code_title(str(slug), lang, ds.codes) for slug in findings["code"].unique()
        },
        "dedupe": dedupe_summary(ds.dedupe),
        "segment": segment_summary(ds.segment),
        "findings": finding_records(findings, lang, ds.codes),
        "findings_not_listed": max(len(findings) - MAX_LISTED_FINDINGS, 0),
        "mapping": mapping_records(ds),
        "outputs": outputs,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "fail_on": fail_on,
        "failed": fails(findings, fail_on),
    }


RECORD_KEYS = (
    "sheet",
    "row",
    "column",
    "field",
    "code",
    "severity",
    "value",
    "message",
    "suggestion",
    "owner",
)


MAX_LISTED_FINDINGS = 10_000  # `findings` in --json / summary.json; the counts cover them all


def finding_records(
    findings: pd.DataFrame,
    lang: str,
    codes: Mapping[str, Code] = CODES,
    limit: int = MAX_LISTED_FINDINGS,
) -> list[dict[str, Any]]:
    """The worst `limit` findings as plain dicts (the `--json` contract), worst first, then by
    place. Only those are rendered: a full sheet can hold millions, and one dict each cost
    gigabytes; 问题清单 in the annotated workbook lists every one."""
    if findings.empty:
        return []
    rank = findings["severity"].map({s.value: -s.rank for s in Severity})
    order = findings.assign(_rank=rank).sort_values(
        ["_rank", "sheet", "row", "column"], kind="stable"
    )
    said = render(mask_findings(order.head(limit).drop(columns="_rank")), lang, codes)
    said["row"] = said["row"].astype("int64")
    return said.loc[:, list(RECORD_KEYS)].to_dict("records")  # type: ignore[return-value]


def _table_facts(ds: Dataset, kind: SheetKind) -> dict[str, Any]:
    table = ds.book.tables[kind]
    rows = table.frame[ROW_COL]
    return {
        "header_row": table.header_row,
        "rows": len(table.frame),
        "empty_rows_skipped": table.empty_rows,
        # every row from the header to here is a record or a skipped empty row
        "last_row": int(rows.max()) if len(rows) else table.header_row,
        "title_rows": len(table.title_rows),
    }


def mapping_records(ds: Dataset) -> list[dict[str, Any]]:
    return [
        {
            "sheet": t.sheet,
            "column": c.column,
            "header": c.header,
            "field": c.field,
            "method": c.method,
            "score": round(c.score, 1),
        }
        for t in ds.book.tables.values()
        for c in t.columns
    ]


_METHOD_ZH = {
    "exact": "完全匹配",
    "fuzzy": "近似匹配",
    "unmapped": "未对应",
    "duplicate": "重复列",
    "blank": "无表头",
}


def summary_sheets(
    ds: Dataset, summary: dict[str, Any], lang: str = "zh"
) -> dict[str, pd.DataFrame]:
    """The 汇总 and 表头映射 sheets of the annotated workbook."""
    en = lang == "en"
    rows: list[list[Any]] = []
    for s in summary["sheets"]:
        if s["role"]:
            rows.append(["sheet" if en else "工作表", s["name"], s["rows"], "", "", s["rows"]])
            if s["empty_rows_skipped"]:
                label = "empty rows skipped" if en else "跳过的空行"
                rows.append([label, s["name"], s["empty_rows_skipped"], "", "", ""])
    f = summary["finding_counts"]
    headers = {c.field: c.header for t in ds.book.tables.values() for c in t.columns if c.field}
    rows.append(
        [
            "findings" if en else "问题合计",
            "",
            f["by_severity"]["error"],
            f["by_severity"]["warning"],
            f["by_severity"]["info"],
            f["total"],
        ]
    )
    names: dict[str, Callable[[str], str]] = {
        "by_code": lambda k: f"{k} {summary['code_titles'].get(k, '')}",
        "by_field": lambda k: (
            (k if en else headers.get(k, k)) or ("(whole row)" if en else "(整行/整表)")
        ),
        "by_owner": lambda k: k or ("(no owner)" if en else "(未填负责人)"),
    }
    groups = {
        "by_code": ("问题类型", "code"),
        "by_field": ("字段", "field"),
        "by_owner": ("负责人", "owner"),
    }
    for group, (label_zh, label_en) in groups.items():
        for key, c in f[group].items():
            label = label_en if en else label_zh
            rows.append([label, names[group](key), c["error"], c["warning"], c["info"], c["total"]])
    cols = (
        ["group", "item", "errors", "warnings", "info", "total"]
        if en
        else ["类别", "项目", "错误", "警告", "提示", "合计"]
    )
    totals = pd.DataFrame(rows, columns=cols)
    mapping = pd.DataFrame(summary["mapping"])
    if not mapping.empty:
        mapping["method"] = mapping["method"].map(lambda m: m if en else _METHOD_ZH.get(m, m))
        mapping["field"] = mapping["field"].fillna("")
        if not en:
            mapping.columns = ["工作表", "列", "原表头", "对应字段", "匹配方式", "相似度"]
    return {
        ("Summary" if en else "汇总"): totals,
        ("Header mapping" if en else "表头映射"): mapping,
    }


def summary_markdown(summary: dict[str, Any], lang: str = "zh") -> str:
    """The headline numbers as Markdown, for a mail body."""
    en = lang == "en"
    f = summary["finding_counts"]
    by = f["by_severity"]
    lines = [
        f"# {'custinfo summary' if en else 'custinfo 检查汇总'}: {Path(summary['input']).name}",
        "",
    ]
    for s in summary["sheets"]:
        if s["role"]:
            lines.append(f"- {s['name']}: {s['rows']} {'records' if en else '条记录'}")
    lines.append(
        f"- {'findings' if en else '问题'}: {f['total']} "
        f"({'errors' if en else '错误'} {by['error']}, {'warnings' if en else '警告'} {by['warning']}, "
        f"{'info' if en else '提示'} {by['info']})"
    )
    changed = summary.get("change_counts", {}).get("total", 0)
    if changed:
        lines.append(
            f"- {'values normalized' if en else '规范化改动'}: {changed} "
            f"({'see the Changes sheet' if en else '见“变更记录”表'})"
        )
    if f["by_code"]:
        lines += ["", "| " + ("finding | count" if en else "问题类型 | 数量") + " |", "|---|---:|"]
        lines += [
            f"| {summary['code_titles'].get(k, '')} (`{k}`) | {c['total']} |"
            for k, c in f["by_code"].items()
        ]
    if f["to_complete_by_owner"]:
        lines += [
            "",
            "| " + ("owner | to complete" if en else "负责人 | 待补充") + " |",
            "|---|---:|",
        ]
        lines += [f"| {owner} | {n} |" for owner, n in f["to_complete_by_owner"].items()]
    if summary["outputs"]:
        lines += ["", ("Files:" if en else "输出文件：")]
        lines += [f"- {p}" for p in summary["outputs"]]
    return "\n".join(lines) + "\n"
