"""The normalize stage: what reps typed turned into one canonical form, derived columns added,
every change recorded in `Dataset.changes` (the 变更记录 sheet), nothing silently rewritten."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from custinfo.config import Rules
from custinfo.dataset import CellKind, Dataset
from custinfo.fields import Kind, SheetKind
from custinfo.findings import concat
from custinfo.normalize.column import Normalized
from custinfo.normalize.divisions import default_groups, default_tiers
from custinfo.normalize.industry import normalize_industries
from custinfo.normalize.names import normalize_company_names, normalize_person_names
from custinfo.normalize.phone import normalize_phones
from custinfo.normalize.region import normalize_regions
from custinfo.normalize.sheet import SheetEdit
from custinfo.normalize.text import clean_text
from custinfo.normalize.values import money_range, normalize_dates, normalize_enum, normalize_money
from custinfo.typed import TypedSheet, typed_sheets

# Validation findings a normalization fixes: they move to 变更记录 instead of staying open.
FIXED_BY_NORMALIZE = frozenset({"enum.synonym"})


def run(ds: Dataset, rules: Rules) -> Dataset:
    """Return `ds` with canonical values, derived columns, changes and normalization findings."""
    edits = {
        kind: normalize_sheet(sheet, rules)
        for kind, sheet in typed_sheets(ds, rules.registry, rules.as_of).items()
    }
    tables = {kind: edit.table() for kind, edit in edits.items()}
    changes = pd.concat([e.all_changes() for e in edits.values()], ignore_index=True)
    changed = {
        (e.sheet.table.sheet, name): rows
        for e in edits.values()
        for name, rows in e.changed_rows.items()
    }
    findings = _without_fixed(ds.findings, changed)
    out = replace(
        ds,
        book=replace(ds.book, tables={**ds.book.tables, **tables}),
        customers=tables[SheetKind.CUSTOMERS].frame,
        interactions=tables[SheetKind.INTERACTIONS].frame
        if SheetKind.INTERACTIONS in tables
        else None,
        transactions=tables[SheetKind.TRANSACTIONS].frame
        if SheetKind.TRANSACTIONS in tables
        else None,
        changes=changes,
        findings=findings,
        views={},  # the typed views read the frames as they were
    )
    return out.with_findings(concat([e.all_findings() for e in edits.values()]))


def normalize_sheet(sheet: TypedSheet, rules: Rules) -> SheetEdit:
    edit = SheetEdit(sheet)
    phones: list[str] = []  # after the region, whose province they are checked against
    for f in rules.registry.for_sheet(sheet.table.kind):
        if f.name not in sheet.frame.columns:
            continue
        values = sheet.frame[f.name]
        if f.name == "name":
            edit.apply(f.name, normalize_company_names(values))
        elif f.name == "contact":
            edit.apply(f.name, normalize_person_names(values))
        elif f.name == "region":
            edit.apply(f.name, _regions(values, _column(sheet, "address"), rules))
        elif f.name == "industry":
            edit.apply(
                f.name,
                normalize_industries(
                    values,
                    extra_synonyms=rules.config.normalize.industry_synonyms,
                    name=_column(sheet, "name"),
                    need=_column(sheet, "need"),
                ),
            )
        elif f.kind is Kind.PHONE:
            phones.append(f.name)
        elif f.kind is Kind.TEXT:
            edit.apply(f.name, clean_text(values))
        elif f.kind is Kind.ENUM:
            edit.apply(f.name, normalize_enum(sheet, f))
        elif f.kind is Kind.DATE:
            result, kind = normalize_dates(sheet, f.name)
            edit.apply(f.name, result, kind)
        elif f.kind is Kind.MONEY:
            result, kind = normalize_money(sheet, f.name)
            edit.apply(f.name, result, kind)
    if "region" not in sheet.frame.columns and "address" in sheet.frame.columns:
        blank = pd.Series(None, index=sheet.frame.index, dtype=object)
        edit.derived.update(_regions(blank, sheet.frame["address"], rules).derived)
    for name in phones:
        edit.apply(name, normalize_phones(sheet.frame[name], edit.derived.get("province")))
    if "budget" in sheet.frame.columns:
        low, high = money_range(sheet, "budget")
        edit.derive("budget_min", low, CellKind.NUMBER)
        edit.derive("budget_max", high, CellKind.NUMBER)
    return edit


def _regions(region: pd.Series, address: pd.Series | None, rules: Rules) -> Normalized:
    cfg = rules.config.normalize
    return normalize_regions(
        region,
        address,
        groups={**default_groups(), **cfg.region_groups},
        tiers={**default_tiers(), **cfg.city_tiers},
    )


def _column(sheet: TypedSheet, name: str) -> pd.Series | None:
    return sheet.frame[name] if name in sheet.frame.columns else None


def _without_fixed(
    findings: pd.DataFrame, changed: Mapping[tuple[str, str], np.ndarray]
) -> pd.DataFrame:
    """Drop the findings whose cell a normalization fixed (e.g. a synonym now standard).
    `changed`: (sheet, field) -> the Excel rows changed there."""
    if findings.empty or not any(len(rows) for rows in changed.values()):
        return findings
    fixable = findings["code"].isin(FIXED_BY_NORMALIZE).to_numpy(dtype=bool)
    if not fixable.any():
        return findings.reset_index(drop=True)
    candidates = findings.loc[fixable, ["sheet", "row", "field"]]
    sheet_codes, sheet_names = pd.factorize(candidates["sheet"])
    field_codes, field_names = pd.factorize(candidates["field"])
    sheets, fields = pd.Index(sheet_names), pd.Index(field_names)
    rows = candidates["row"].to_numpy().astype("int64")
    fixed = np.zeros(len(candidates), dtype=bool)
    for (sheet, name), done in changed.items():
        if sheet in sheets and name in fields:
            at = (sheet_codes == sheets.get_loc(sheet)) & (field_codes == fields.get_loc(name))
            fixed[at] = np.isin(rows[at], done)
    drop = np.zeros(len(findings), dtype=bool)
    drop[fixable] = fixed
    return _rows(findings, ~drop)


def _rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """`frame[keep].reset_index(drop=True)`; pyarrow filters the text columns (findings hold
    millions of cells, which pandas would gather one position at a time)."""
    mask = pa.array(keep)
    columns = {}
    for name, column in frame.items():
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            arrow = pc.filter(pa.chunked_array(pa.array(column.array)), mask)
            columns[name] = pd.Series(pd.array(arrow, dtype=column.dtype))
        else:
            columns[name] = column[keep].reset_index(drop=True)
    return pd.DataFrame(columns, columns=frame.columns)
