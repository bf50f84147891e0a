"""Masking for outputs (PRODUCT.md, Privacy): ID numbers are never written in clear; with
`--mask` people's names, phone numbers, WeChat IDs and e-mail addresses are masked too, in every
frame a run writes (张*, 138****8000), and free text is scrubbed of the same names and of long
digit runs, so the outputs can be shared outside the sales team."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import overload

import pandas as pd

from custinfo.dataset import CellKind, Dataset, Table
from custinfo.distinct import per_distinct
from custinfo.fields import SheetKind

ALWAYS_MASKED = ("id_number",)  # masked in every output, whatever options are given
PEOPLE = ("contact", "referrer")  # always a person's name
FREE_TEXT = (  # text fields that may quote a name or a number anywhere
    *("address", "competitor", "conclusion", "content", "follow_plan", "need", "next_plan"),
    *("notes", "obstacle", "result", "lost_values"),
)
_SUFFIX = re.compile(r"_(?:a|b|\d+)$")  # name_a / phone_2: the field a derived column holds
_LONG_DIGITS = re.compile(r"\d{7,}")
_NAME_LENGTHS = (4, 3, 2)  # a name found inside free text: longest first

Masker = Callable[[pd.Series], pd.Series]


def mask_id_number(values: pd.Series) -> pd.Series:
    """'110101199003074578' -> '110***********4578'; short or odd values become '****'."""
    text = values.astype("string").str.strip()
    masked = text.str.slice(0, 3) + "*" * 11 + text.str.slice(-4)
    masked = masked.where(text.str.len().ge(8), "****")
    return masked.astype(object).where(values.notna(), None)


def mask_name(values: pd.Series) -> pd.Series:
    """'张三' -> '张*', '欧阳娜娜' -> '欧***', '王' -> '王*'."""
    text = values.astype("string").str.strip()
    rest = text.str.slice(1).str.replace(".", "*", regex=True)
    masked = text.str.slice(0, 1) + rest.where(rest.str.len().gt(0), "*")
    return masked.astype(object).where(values.notna(), None)


def mask_phone(values: pd.Series) -> pd.Series:
    """'13800138000' -> '138****8000', '0755-88881234' -> '0755-****1234'; whatever the
    separators, no more than the last 4 digits and a mobile's first 3 are left."""
    return per_distinct(values, lambda u: [_mask_phone(str(v)) for v in u], None)


def mask_handle(values: pd.Series) -> pd.Series:
    """A WeChat ID or e-mail address: 'wx_ouyang' -> 'wx*******', 'li@a.cn' -> 'l*@a.cn'."""

    def one(text: str) -> str:
        local, at, domain = text.partition("@")
        keep = 1 if at else 2
        return local[:keep] + "*" * max(len(local) - keep, 1) + at + domain

    return per_distinct(values, lambda u: [one(str(v).strip()) for v in u], None)


def mask_snapshot(snap: pd.DataFrame) -> pd.DataFrame:
    """A history snapshot with contacts, phones and the names of people masked; company names
    are kept (see `person_names`)."""
    out = snap.copy()
    person = _is_person(out["name"], out["customer_type"])
    out["name"] = mask_name(out["name"]).where(person, out["name"])
    out["contact"] = mask_name(out["contact"])
    out["phone"] = mask_phone(out["phone"])
    return out


def mask_dataset(ds: Dataset, *, personal: bool = False) -> Dataset:
    """`ds` with ID numbers masked in every frame, table and finding; with `personal` (--mask)
    people's names, phones, WeChat IDs and e-mails too, in the dedupe and segment results as
    well, and free text scrubbed of those names and of digit runs of 7 or more."""
    masker = _Masker(ds) if personal else _Masker.ids_only()
    tables = {kind: masker.table(t) for kind, t in ds.book.tables.items()}
    frames = {kind: masker.frame(ds.frame(kind)) for kind in SheetKind}
    customers = frames[SheetKind.CUSTOMERS]
    assert customers is not None
    out = replace(
        ds,
        book=replace(ds.book, tables=tables),
        customers=customers,
        interactions=frames[SheetKind.INTERACTIONS],
        transactions=frames[SheetKind.TRANSACTIONS],
        findings=masker.by_field(ds.findings, ("value", "suggestion")),
    )
    if not personal:
        return out
    out = replace(out, changes=masker.by_field(ds.changes, ("old", "new")))
    if ds.dedupe is not None:
        d = ds.dedupe
        out = replace(
            out,
            dedupe=replace(
                d,
                masters=masker.frame(d.masters),
                ledger=masker.frame(d.ledger),
                clusters=masker.frame(d.clusters),
                review=masker.frame(d.review),
                interactions=masker.frame(d.interactions),
                transactions=masker.frame(d.transactions),
            ),
        )
    if ds.segment is not None:
        out = replace(out, segment=replace(ds.segment, table=masker.frame(ds.segment.table)))
    return out


def mask_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with the values of ALWAYS_MASKED fields masked (the frame itself when none)."""
    return _Masker.ids_only().by_field(findings, ("value", "suggestion"))


class _Masker:
    """Which columns get which mask; the names of people, for `name` columns and free text."""

    def __init__(self, ds: Dataset | None) -> None:
        self.personal = ds is not None
        self.people: frozenset[str] = frozenset()
        if ds is not None:
            self.people = frozenset(person_names(ds))

    @classmethod
    def ids_only(cls) -> _Masker:
        return cls(None)

    def masker(self, column: str) -> Masker | None:
        base = _SUFFIX.sub("", column)
        if base in ALWAYS_MASKED:
            return mask_id_number
        if not self.personal:
            return None
        if base in PEOPLE:
            return mask_name
        if base in ("name", "company_short"):  # a 个人 customer's 简称 is the name
            return self._mask_people
        if base == "phone":
            return mask_phone
        if base in ("wechat", "email"):
            return mask_handle
        if base in FREE_TEXT or column.startswith("x_"):
            return self.scrub
        return None

    @overload
    def frame(self, frame: pd.DataFrame) -> pd.DataFrame: ...
    @overload
    def frame(self, frame: None) -> None: ...
    @overload
    def frame(self, frame: pd.DataFrame | None) -> pd.DataFrame | None: ...
    def frame(self, frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None:
            return None
        jobs = {c: m for c in frame.columns if (m := self.masker(str(c))) is not None}
        if not jobs:
            return frame
        out = frame.copy(deep=False)  # copy-on-write: only the masked columns are new
        for col, mask in jobs.items():
            out[col] = mask(out[col])
        return out

    def table(self, table: Table) -> Table:
        frame = self.frame(table.frame)
        if frame is table.frame:
            return table
        kinds = table.kinds.copy(deep=False)
        for col in kinds.columns:
            if self.masker(str(col)) is not None:  # masked text: never written back as a number
                kinds[col] = (
                    kinds[col].where(kinds[col].eq(CellKind.EMPTY), CellKind.TEXT).astype("int8")
                )
        return replace(table, frame=frame, kinds=kinds)

    def by_field(self, frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
        """Findings or changes: each value masked as its row's `field` says."""
        out: pd.DataFrame | None = None
        for field, rows in frame.groupby("field", sort=False).groups.items():
            mask = self.masker(str(field))
            if mask is None:
                continue
            out = frame.copy(deep=False) if out is None else out
            for col in columns:
                values = out.loc[rows, col]
                keep = values.isna() | values.eq("")
                out.loc[rows, col] = mask(values).where(~keep, values)
        return frame if out is None else out

    def _mask_people(self, values: pd.Series) -> pd.Series:
        person = values.isin(self.people)
        return mask_name(values).where(person, values) if person.any() else values

    def scrub(self, values: pd.Series) -> pd.Series:
        """Free text with every known person's name and every long digit run masked."""
        people = self.people
        return per_distinct(values, lambda u: [_scrub(str(v), people) for v in u], None)


def person_names(ds: Dataset) -> set[str]:
    """Names of people in the data: contacts and referrers, and customer names of 个人 (or of
    unknown type and at most 4 characters, which is how a person's name reads)."""
    names: set[str] = set()
    for frame in (ds.customers, ds.interactions, ds.transactions):
        if frame is None:
            continue
        for col in PEOPLE:
            if col in frame.columns:
                names.update(frame[col].dropna().astype(str).str.strip())
        if "name" in frame.columns:
            kind = frame["customer_type"] if "customer_type" in frame.columns else None
            person = _is_person(frame["name"], kind)
            names.update(frame.loc[person, "name"].dropna().astype(str).str.strip())
    return {n for n in names if len(n) >= 2}


def _is_person(name: pd.Series, kind: pd.Series | None) -> pd.Series:
    short = name.astype("string").str.strip().str.len().le(4).fillna(False).astype(bool)
    if kind is None:
        return short
    return kind.eq("个人") | (kind.isna() & short)


def _scrub(text: str, people: frozenset[str]) -> str:
    text = _LONG_DIGITS.sub(lambda m: _mask_digits(m[0]), text)
    if not people:
        return text
    out, i = [], 0
    while i < len(text):
        for n in _NAME_LENGTHS:
            if text[i : i + n] in people:
                out.append(text[i] + "*" * (n - 1))
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _mask_digits(digits: str) -> str:
    head = digits[:3] if len(digits) == 11 else ""
    return head + "*" * (len(digits) - len(head) - 4) + digits[-4:]


def _mask_phone(text: str) -> str:
    if _LONG_DIGITS.search(text):
        return _LONG_DIGITS.sub(lambda m: _mask_digits(m[0]), text)
    if sum(c.isdigit() for c in text) < 7:
        return text
    # digits typed apart ("138 0013 8000"): keep only the last four
    keep, out = 4, []
    for c in reversed(text):
        out.append(c if not c.isdigit() or keep > 0 else "*")
        keep -= c.isdigit()
    return "".join(reversed(out))
