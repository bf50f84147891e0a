"""rules.yaml's conditions compiled at load time, so a mistake stops the run before any data is
read and is reported with its line and position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from custinfo.codes import Code, Severity
from custinfo.config.model import UserRule
from custinfo.config.tags import NamedRule
from custinfo.fields import Registry, SheetKind
from custinfo.rules.expr import Condition, ExprError, compile_condition
from custinfo.rules.segment_names import segment_names
from custinfo.typed import DERIVED, expr_names


@dataclass(frozen=True)
class CompiledRule:
    rule: UserRule
    condition: Condition
    field: str  # canonical field whose cell is marked

    @property
    def code(self) -> Code:
        r = self.rule
        return Code(
            slug=f"rule.{r.name}",
            severity=Severity(r.severity),
            zh=r.message,
            en=r.message_en or r.message,
            hint_zh=r.hint,
            hint_en=r.hint_en or r.hint,
            title_zh=r.name,
            title_en=r.name,
        )


def marked_field(rule: UserRule, condition: Condition, column_of: dict[str, str]) -> str:
    """The field a rule marks: its own `field`, else the condition's first-named column.

    `column_of` maps every allowed name to its column. A derived column (预算上限) marks the field
    it comes from (预算范围).
    """
    if rule.field:
        column = column_of[rule.field]
    else:
        hits = [
            (start, -len(n), column_of[n])
            for n in column_of
            if column_of[n] in condition.columns
            for start in _name_starts(rule.when, n)
        ]
        column = min(hits)[2] if hits else ""
    sources = {d: s for s, d, _ in DERIVED.get(rule.sheet, ())}
    return sources.get(column, column)


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _name_starts(text: str, name: str) -> list[int]:
    """Where `name` stands as a whole name in `text`, outside quotes (客户 is not in 客户状态)."""
    bare = _QUOTED.sub(lambda m: " " * len(m[0]), text)
    out = []
    for m in re.finditer(re.escape(name), bare):
        before = bare[m.start() - 1] if m.start() else " "
        after = bare[m.end()] if m.end() < len(bare) else " "
        if not (_word(before) or _word(after)):
            out.append(m.start())
    return out


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def compile_rule(rule: UserRule, registry: Registry) -> CompiledRule:
    """Raise ExprError (with the offset in `when`) or KeyError (an unknown `field`)."""
    names = expr_names(registry, rule.sheet)
    condition = compile_condition(rule.when, names)
    column_of = {n: name.column for n, name in names.items()}
    if rule.field and rule.field not in column_of:
        raise KeyError(rule.field)
    return CompiledRule(rule, condition, marked_field(rule, condition, column_of))


@dataclass(frozen=True)
class CompiledSegment:
    """segment.tags' named rules with their compiled conditions, in order."""

    potential: tuple[tuple[NamedRule, Condition], ...] = ()
    layers: tuple[tuple[NamedRule, Condition], ...] = ()


def compile_named(rule: NamedRule, registry: Registry, stage: int) -> Condition:
    """A potential or layer rule's condition over the fields and what is computed before
    `stage` (segment_names.py); raise ExprError."""
    names = segment_names(expr_names(registry, SheetKind.CUSTOMERS), stage)
    return compile_condition(rule.when, names)


__all__ = ["CompiledRule", "CompiledSegment", "ExprError", "compile_named", "compile_rule"]
