"""The per-column checks as pandera schemas, one `DataFrameSchema` per sheet, built from the
field registry and rules.yaml and validated lazily: every failing check of every column is
collected in one pass, and each failure's check output (a boolean per row) is turned back into
findings at the sheet's Excel rows and column letters.

A column check is a family of related codes (`enum` gives enum.synonym and enum.invalid), so a
column's distinct values are classified once per family. Checks that read several columns or
sheets (logic, follow-up, user rules) are not column schemas; they use the typed view directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrorReason, SchemaErrors

from custinfo.config.model import ValidateConfig
from custinfo.fields import Field, Kind, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask
from custinfo.typed import TypedSheet
from custinfo.validate.amounts import count_problems, money_problems
from custinfo.validate.checks import required_problems
from custinfo.validate.column import Context, Found, Problems
from custinfo.validate.dates import date_problems
from custinfo.validate.enums import enum_problems
from custinfo.validate.formats import format_problems
from custinfo.validate.ids import id_problems


@dataclass(frozen=True)
class ColumnCheck:
    family: str  # the pandera check's name
    problems: Problems


def sheet_schema(
    sheet: TypedSheet,
    registry: Registry,
    cfg: ValidateConfig,
    as_of: dt.date,
    memo: dict[str, pd.Series],
    families: Collection[str] | None = None,
) -> tuple[pa.DataFrameSchema, dict[tuple[str, str], Found]]:
    """The sheet's schema, and where its checks leave what they found (filled as they run)."""
    found: dict[tuple[str, str], Found] = {}
    columns = {}
    for f in registry.for_sheet(sheet.table.kind):
        if f.name not in sheet.frame.columns:
            continue
        ctx = Context(sheet, f, cfg, as_of, memo)
        pa_checks = [
            pa.Check(
                _valid_rows(c, ctx, found),
                name=c.family,
                ignore_na=False,  # blank cells are the required check's business
                n_failure_cases=1,  # rows come from the check output, not the failure cases
            )
            for c in column_checks(f, sheet.table.kind)
            if families is None or c.family in families
        ]
        if pa_checks:
            columns[f.name] = pa.Column(checks=pa_checks, nullable=True, required=False)
    return pa.DataFrameSchema(columns, name=sheet.table.sheet), found


def _valid_rows(
    check: ColumnCheck, ctx: Context, found: dict[tuple[str, str], Found]
) -> Callable[[pd.Series], pd.Series]:
    """The pandera check function: True for rows this family finds nothing wrong with."""

    def run(values: pd.Series) -> pd.Series:
        problems = check.problems(values, ctx)
        found[(ctx.field.name, check.family)] = problems
        bad = pd.Series(False, index=values.index)
        for _, mask, _ in problems:
            bad |= mask
        return ~bad

    return run


def schema_findings(
    sheets: dict[SheetKind, TypedSheet],
    registry: Registry,
    cfg: ValidateConfig,
    as_of: dt.date,
    families: Collection[str] | None = None,
) -> tuple[pd.DataFrame, dict[SheetKind, dict[str, pd.Series]]]:
    """Findings of every column check (only `families` when given) on every sheet, and each
    sheet's memo (what checks across columns may reuse, e.g. the format verdicts)."""
    out = []
    memos: dict[SheetKind, dict[str, pd.Series]] = {}
    for kind, sheet in sheets.items():
        memos[kind] = {}
        schema, found = sheet_schema(sheet, registry, cfg, as_of, memos[kind], families)
        # A frame of just the checked columns (no copy under copy-on-write): pandera registers
        # the schema on what it validates, and this one is gone before the interpreter exits.
        checked = sheet.frame.loc[:, list(schema.columns)]
        try:
            schema.validate(checked, lazy=True, inplace=True)
        except SchemaErrors as exc:
            out.extend(_findings(sheet, exc, found))
        del checked
    return concat(out), memos


def _findings(
    sheet: TypedSheet, exc: SchemaErrors, found: dict[tuple[str, str], Found]
) -> list[pd.DataFrame]:
    """pandera's failures back at their cells: each failed check's output gives the rows."""
    out = []
    for err in exc.schema_errors:
        if err.reason_code is SchemaErrorReason.CHECK_ERROR:
            raise RuntimeError(f"column check failed to run: {err}") from err
        column, family = str(err.schema.name), getattr(err.check, "name", None)
        if err.check_output is None or family is None:
            raise RuntimeError(f"unexpected schema error: {err}") from err
        failed = ~err.check_output.astype(bool)
        for slug, mask, suggestion in found[(column, family)]:
            out.append(
                findings_from_mask(
                    sheet.table, sheet.frame, mask & failed, column, slug, suggestion=suggestion
                )
            )
    return out


def column_checks(f: Field, kind: SheetKind) -> list[ColumnCheck]:
    """The column checks a field gets from the registry (rules.yaml has extended it)."""
    out = []
    if f.required:
        out.append(ColumnCheck("required", required_problems))
    by_kind: dict[Kind, ColumnCheck] = {
        Kind.ENUM: ColumnCheck("enum", enum_problems),
        Kind.DATE: ColumnCheck("date", date_problems),
        Kind.INTEGER: ColumnCheck("number", count_problems),
        Kind.MONEY: ColumnCheck("money", money_problems),
        Kind.PHONE: ColumnCheck("format", format_problems),
        Kind.EMAIL: ColumnCheck("format", format_problems),
        Kind.CREDIT_CODE: ColumnCheck("format", format_problems),
        Kind.ID_NUMBER: ColumnCheck("format", format_problems),
    }
    if f.kind in by_kind:
        out.append(by_kind[f.kind])
    if f.kind is Kind.CUSTOMER_ID and kind is SheetKind.CUSTOMERS:
        out.append(ColumnCheck("id", id_problems))
    return out
