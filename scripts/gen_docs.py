"""Regenerate the parts of docs/ that come from code: the code catalog and the field table.

python scripts/gen_docs.py          # rewrite docs/codes.md and the field table in docs/rules.md
python scripts/gen_docs.py --check  # exit 1 when they are stale (run by tests/test_docs.py)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from custinfo.codes import CODES
from custinfo.fields import DEFAULT_REGISTRY, SheetKind

DOCS = Path(__file__).resolve().parents[1] / "docs"
BEGIN, END = "<!-- fields:begin (scripts/gen_docs.py) -->", "<!-- fields:end -->"


def _placeholders(text: str) -> str:
    return re.sub(r"\{(\w+)\}", r"‹\1›", text)


def codes_md() -> str:
    lines = [
        "# 问题代码 (finding codes)",
        "",
        "每个问题都有一个稳定的代码（slug）。脚本、`--json` 输出、`--fail-on` 和测试都用它；文字说明可能改进，",
        "代码不会变。级别：**error** 错误、**warning** 警告、**info** 提示。‹value› 等为该问题的具体内容。",
        "",
        "本文件由 `python scripts/gen_docs.py` 生成。",
        "",
        "| 代码 | 级别 | 标题 | 提示文字 | 怎么处理 |",
        "|---|---|---|---|---|",
    ]
    for c in CODES.values():
        lines.append(
            f"| `{c.slug}` | {c.severity.value} | {c.title_zh} / {c.title_en} | {_placeholders(c.zh)} | {c.hint_zh} |"
        )
    return "\n".join(lines) + "\n"


def fields_md() -> str:
    lines = [BEGIN]
    for s in SheetKind:
        lines += ["", f"### {s.zh}（`{s.value}`）", ""]
        lines += [
            "| 字段名 | 标准表头 | 类型 | 必填 | 可选值 | 常见别名 |",
            "|---|---|---|---|---|---|",
        ]
        for f in DEFAULT_REGISTRY.for_sheet(s):
            enum = " / ".join(f.enum) + ("（可填其他）" if f.open_enum and f.enum else "")
            required = "是" if f.required else ""
            lines.append(
                f"| `{f.name}` | {f.zh} | {f.kind.value} | {required} | {enum} | {'、'.join(f.aliases)} |"
            )
    lines.append(END)
    return "\n".join(lines)


def rules_md(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + fields_md() + tail


def main(check: bool) -> int:
    targets = {
        DOCS / "codes.md": codes_md(),
        DOCS / "rules.md": rules_md((DOCS / "rules.md").read_text("utf-8")),
    }
    stale = [p for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
    if check:
        for p in stale:
            print(f"stale: {p} (run python scripts/gen_docs.py)")
        return 1 if stale else 0
    for p in stale:
        p.write_text(targets[p], "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
