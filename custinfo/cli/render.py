"""Terminal output: talk and tables on stderr, data (JSON) on stdout; colour off when NO_COLOR
is set or stderr is not a terminal (rich does both)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table

from custinfo.report.messages import cell_ref, sheet_note


def err_console() -> Console:
    # Built per call so CliRunner's swapped stderr and NO_COLOR set in a test are honoured.
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """`data` as indented JSON, written as it is encoded: a million findings never become one
    string (with `indent`, json's encoder yields small pieces; joining them took gigabytes)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


@contextmanager
def progress(enabled: bool, lang: str) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step, only on a terminal; yields the step callback."""
    console = err_console()
    if not enabled or not console.is_terminal:
        yield lambda _step: None
        return
    names = {"read": "读取工作簿", "validate": "校验"} if lang != "en" else {}
    with console.status("…") as status:
        yield lambda step: status.update(names.get(step, step) + " …")


_WORDS = {
    "zh": {
        "title": "custinfo 检查结果",
        "sheet": "工作表",
        "role": "用途",
        "rows": "记录数",
        "empty": "跳过空行",
        "header": "表头行",
        "customers": "客户信息",
        "interactions": "互动记录",
        "transactions": "交易记录",
        "unused": "未使用",
        "code": "问题类型",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "total": "合计",
        "owner": "负责人",
        "to_complete": "待补充",
        "no_owner": "(未填负责人)",
        "outputs": "已写出",
        "top": "主要问题（前 {n} 条，共 {total} 条；全部见工作簿的“问题清单”）",
        "where": "位置",
        "what": "问题说明",
        "clean": "没有发现问题。",
        "changed": "规范化：共改动 {n} 处，每处的原值、新值和规则见工作簿的“变更记录”表",
        "deduped": "去重：{records} 条记录 → {customers} 个客户（{clusters} 组重复，合并 {merged} 条；"
        "待确认 {review} 对，见“待确认”表）",
        "decided": "人工决定：按“是”合并 {same} 对、按“否”分开 {different} 对{unmatched}",
        "unmatched": "（另有 {n} 条决定涉及的记录本次不在表中）",
        "remembered": "决定已记入 {path}，以后的运行不再询问",
        "segmented": "分层：{customers} 个客户，{layers}；每个客户的标签见“客户标签”表",
        "verdict_fail": "存在 {level} 及以上级别的问题（--fail-on {level}），退出码 1",
    },
    "en": {
        "title": "custinfo check",
        "sheet": "sheet",
        "role": "role",
        "rows": "records",
        "empty": "empty rows skipped",
        "header": "header row",
        "customers": "customers",
        "interactions": "interactions",
        "transactions": "transactions",
        "unused": "not used",
        "code": "finding",
        "error": "errors",
        "warning": "warnings",
        "info": "info",
        "total": "total",
        "owner": "owner",
        "to_complete": "to complete",
        "no_owner": "(no owner)",
        "outputs": "written",
        "top": "Top problems ({n} of {total}; all of them are in the workbook's problem list)",
        "where": "cell",
        "what": "problem",
        "clean": "No problems found.",
        "changed": "Normalized {n} values; each old value, new value and rule is in the Changes sheet",
        "deduped": "Dedupe: {records} records -> {customers} customers ({clusters} clusters, "
        "{merged} merged; {review} pairs to review in the review sheet)",
        "decided": "Decisions applied: {same} pairs merged as the same, {different} kept apart"
        "{unmatched}",
        "unmatched": " ({n} more name records not in this sheet)",
        "remembered": "Decisions saved to {path}; later runs will not ask again",
        "segmented": "Segments: {customers} customers, {layers}; each customer's tags are in the "
        "Customer tags sheet",
        "verdict_fail": "findings at or above {level} (--fail-on {level}): exit code 1",
    },
}


def print_summary(summary: dict[str, Any], lang: str) -> None:
    """The human summary: sheets read, findings by code, what each owner must complete."""
    w = _WORDS["en" if lang == "en" else "zh"]
    console = err_console()
    sheets = Table(title=w["title"], title_justify="left")
    for col in ("sheet", "role", "header", "rows", "empty"):
        sheets.add_column(w[col], justify="right" if col in ("rows", "empty", "header") else "left")
    for s in summary["sheets"]:
        note = sheet_note(s["note"], s["note_detail"], lang)
        role = w[s["role"]] if s["role"] else f"{w['unused']}: {note}" if note else w["unused"]
        sheets.add_row(
            s["name"],
            role,
            *(str(s.get(k, "")) for k in ("header_row", "rows", "empty_rows_skipped")),
        )
    console.print(sheets)

    findings = summary["finding_counts"]
    if not findings["total"]:
        console.print(f"[green]{w['clean']}[/green]")
    else:
        table = Table()
        table.add_column(w["code"])
        for col in ("error", "warning", "info", "total"):
            table.add_column(w[col], justify="right")
        for slug, c in findings["by_code"].items():
            title = summary.get("code_titles", {}).get(slug) or slug
            table.add_row(
                f"{title} ({slug})", *(str(c[k]) for k in ("error", "warning", "info", "total"))
            )
        by = findings["by_severity"]
        table.add_row(
            f"[bold]{w['total']}[/bold]",
            str(by["error"]),
            str(by["warning"]),
            str(by["info"]),
            str(findings["total"]),
        )
        console.print(table)
        _print_owners(console, findings, w)
    changed = summary.get("change_counts", {}).get("total", 0)
    if changed:
        console.print(w["changed"].format(n=changed))
    d = summary.get("dedupe")
    if d:
        console.print(
            w["deduped"].format(
                records=d["records"],
                customers=d["customers"],
                clusters=d["clusters"],
                merged=d["merged_records"],
                review=d["review_pairs"],
            ),
            markup=False,
        )
        _print_decisions(console, d, summary.get("decisions_file"), w)
    seg = summary.get("segment")
    if seg:
        layers = "、".join(f"{k} {v}" for k, v in seg["layers"].items())
        console.print(
            w["segmented"].format(customers=seg["customers"], layers=layers), markup=False
        )
    _print_top(console, summary, w)
    for path in summary["outputs"]:
        console.print(f"{w['outputs']}: {path}", markup=False)
    if summary["failed"]:
        console.print(f"[yellow]{w['verdict_fail'].format(level=summary['fail_on'])}[/yellow]")


def _print_decisions(
    console: Console, d: dict[str, Any], path: str | None, w: dict[str, str]
) -> None:
    same, different = d.get("decided_same", 0), d.get("decided_different", 0)
    if same or different:
        n = d.get("decisions_unmatched", 0)
        unmatched = w["unmatched"].format(n=n) if n else ""
        line = w["decided"].format(same=same, different=different, unmatched=unmatched)
        console.print(line, markup=False)
    if path:
        console.print(w["remembered"].format(path=path), markup=False)


TOP_PROBLEMS = 10
TOP_OWNERS = 20


def _print_owners(console: Console, findings: dict[str, Any], w: dict[str, str]) -> None:
    """Per 负责人: findings by severity and how many required cells they must fill in."""
    by_owner = findings["by_owner"]
    if not by_owner:
        return
    to_complete = {
        ("" if k == "(未填负责人)" else k): n for k, n in findings["to_complete_by_owner"].items()
    }
    owners = Table()
    owners.add_column(w["owner"])
    for col in ("error", "warning", "info", "to_complete"):
        owners.add_column(w[col], justify="right")
    for owner, c in list(by_owner.items())[:TOP_OWNERS]:
        owners.add_row(
            owner or w["no_owner"],
            *(str(c[k]) for k in ("error", "warning", "info")),
            str(to_complete.get(owner, 0)),
        )
    if len(by_owner) > TOP_OWNERS:
        owners.add_row(f"… (+{len(by_owner) - TOP_OWNERS})", "", "", "", "")
    console.print(owners)


def _print_top(console: Console, summary: dict[str, Any], w: dict[str, str]) -> None:
    """The worst few findings with their cells, so the first fix is one look away."""
    record_findings = [f for f in summary["findings"] if not f["code"].startswith("header.")]
    if not record_findings:
        return
    top = record_findings[:TOP_PROBLEMS]
    by_code = summary["finding_counts"]["by_code"]  # all findings, not only the listed ones
    total = sum(n["total"] for c, n in by_code.items() if not c.startswith("header."))
    table = Table(title=w["top"].format(n=len(top), total=total), title_justify="left")
    table.add_column(w["where"])
    table.add_column(w["what"])
    for f in top:
        table.add_row(cell_ref(f["sheet"], f["row"], f["column"]), f["message"])
    console.print(table)
