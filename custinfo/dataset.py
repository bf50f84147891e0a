"""The shapes that flow through the pipeline: a workbook as read (`Book`, `Table`) and the
`Dataset` every stage takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from pathlib import Path

import pandas as pd

from custinfo.codes import CODES, Code
from custinfo.fields import SheetKind

# Columns every record carries: the sheet it came from and its 1-based Excel row number.
SHEET_COL = "_sheet"
ROW_COL = "_row"

FINDING_COLUMNS = (
    "sheet",  # sheet name as in the workbook
    "row",  # Excel row number the user sees (1-based)
    "column",  # column letter ("" for a whole-row or whole-sheet finding)
    "field",  # canonical field name ("" when the column maps to none)
    "header",  # the column's header as typed in the sheet
    "code",  # catalog slug (codes.py)
    "severity",  # error / warning / info
    "value",  # the offending value as typed
    "suggestion",  # a fix or an example of a valid value ("" when none)
    "owner",  # the row's 负责人, so the summary can say who must fix what
)
CHANGE_COLUMNS = ("sheet", "row", "field", "old", "new", "rule")


class CellKind(IntEnum):
    """What a cell held in the workbook, kept beside its text so it can be written back as typed
    and so a real date cell can be told from the text "2024-05-10"."""

    EMPTY = 0
    TEXT = 1
    NUMBER = 2
    DATE = 3
    DATETIME = 4
    BOOL = 5
    TIME = 6
    ERROR = 7  # #N/A, #DIV/0! … as text


def column_letter(index: int) -> str:
    """Excel column name of a 0-based column index (0 -> "A", 16383 -> "XFD")."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26; '' (or anything not a column letter) -> -1."""
    letters = letters.strip().upper()
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return -1
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass(frozen=True)
class ColumnMap:
    """How one input column was understood."""

    column: str  # Excel column letter
    header: str  # header text as typed (may be "")
    key: str  # the frame column holding its data: the field name, or `x_<letter>` if unmapped
    field: str | None  # canonical field name, None when unmapped
    method: str  # "exact" | "fuzzy" | "unmapped" | "duplicate" | "blank"
    score: float = 100.0  # fuzzy similarity 0-100 (100 for exact)


@dataclass(frozen=True)
class Table:
    """One sheet as read: text cells under canonical names, plus how each column was mapped."""

    kind: SheetKind
    sheet: str
    header_row: int  # 1-based Excel row of the header
    columns: tuple[ColumnMap, ...]
    frame: pd.DataFrame  # one text column per ColumnMap.key + _sheet + _row; empty cells are NA
    kinds: pd.DataFrame  # CellKind codes (int8), same index and data columns as `frame`
    first_column: int = 0  # 0-based index of the first used column (2 when data starts at C)
    title_rows: tuple[tuple[int, tuple[str, ...]], ...] = ()  # rows above the header, gaps as ""
    empty_rows: int = 0  # fully empty rows skipped below the header

    def letter(self, field_name: str) -> str:
        """Column letter of a mapped field ("" when the sheet has no such column)."""
        for c in self.columns:
            if c.field == field_name:
                return c.column
        return ""

    def header_of(self, key: str) -> str:
        for c in self.columns:
            if c.key == key:
                return c.header
        return ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if c.field)


class SheetNote(StrEnum):
    """Why a sheet was not used (words in report/messages.py; stable for scripts)."""

    CHART = "chart"
    HIDDEN = "hidden"
    VERY_HIDDEN = "very_hidden"  # state="veryHidden": Excel's menus cannot show it, only VBA
    INSTRUCTIONS = "instructions"
    EMPTY = "empty"
    NO_HEADER = "no_header"  # detail: how many rows were searched
    OTHER_CHOSEN = "other_chosen"  # detail: the sheet used instead
    UNRECOGNISED = "unrecognised"


@dataclass(frozen=True)
class SheetInfo:
    """Every sheet in the workbook and what ingest made of it."""

    name: str
    visible: bool
    role: SheetKind | None  # None: not used (instructions, empty, unrecognised, hidden)
    note: SheetNote | None = None  # why it was not used
    detail: str = ""  # the note's detail (see SheetNote)


@dataclass(frozen=True)
class Book:
    path: Path
    format: str  # "xlsx", "xlsm", "xls", "xlsb", "ods", "csv"
    sheets: tuple[SheetInfo, ...]
    tables: dict[SheetKind, Table]
    encoding: str | None = None  # CSV only
    findings: pd.DataFrame = field(default_factory=lambda: empty_findings())  # header problems

    def table(self, kind: SheetKind) -> Table | None:
        return self.tables.get(kind)


LEDGER_COLUMNS = (
    "source_sheet",
    "source_row",  # 1-based Excel row of the source record
    "master_id",  # the merged customer's 客户编号 (its master row's "行N" when it has none)
    "cluster_id",  # rows of one customer share it; a record alone has its own
    "match_score",  # 0-100: the record's link into its cluster (blank for the master / alone)
    "evidence",  # that link in words: 电话相同; 公司名相似 92; 联系人同姓(王总/王经理)
    "lost_values",  # what survivorship did not keep from this record: 负责人=张三; …
)


@dataclass(frozen=True)
class PairDecision:
    """A person's answer about two records (待确认 是/否, or `--unmerge`), remembered in
    custinfo.decisions.csv. Records are named by key — `id:<客户编号>` when the ID is unique in
    the sheet, else `fp:<16 hex>`, a hash of the record's match fields (dedupe/decisions.py) —
    so the answer still applies next week, when row numbers have moved."""

    key_a: str
    key_b: str
    same: bool
    name_a: str = ""  # how the records read when decided, for a person reading the file
    name_b: str = ""
    decided_on: str = ""  # ISO date
    source: str = ""  # the reviewed workbook, or `unmerge C001`

    @property
    def pair(self) -> tuple[str, str]:
        """The two keys in a fixed order: the same pair however it was written."""
        return (self.key_a, self.key_b) if self.key_a <= self.key_b else (self.key_b, self.key_a)


@dataclass(frozen=True)
class DedupeResult:
    """What the dedupe stage found and made; the user's rows in `Dataset.customers` stay as read."""

    masters: pd.DataFrame  # one row per customer after merging (the customers frame's columns)
    ledger: pd.DataFrame  # LEDGER_COLUMNS, one row per source record (合并记录)
    clusters: pd.DataFrame  # one row per cluster of 2+ records (重复客户)
    review: pd.DataFrame  # pairs between the review and merge scores (待确认)
    blocking: pd.DataFrame  # per blocking rule: candidate pairs, new pairs, skipped blocks
    interactions: pd.DataFrame | None  # re-keyed to the masters' 客户编号
    transactions: pd.DataFrame | None
    stats: Mapping[str, int] = field(default_factory=dict)  # candidate pairs, merged rows …
    decisions: tuple[PairDecision, ...] = ()  # made by this run (--unmerge), to be remembered


@dataclass(frozen=True)
class SegmentResult:
    """What the segment stage computed: per customer (after dedupe, one row per master) its tags,
    RFM, priority, layer and label; and the tables a 客户分层 sheet shows."""

    table: pd.DataFrame  # source_sheet, source_row, customer_id, name, then SEGMENT_COLUMNS
    layers: pd.DataFrame  # layer, customers, share
    rfm_segments: pd.DataFrame  # segment, customers, share_of_customers, revenue, share_of_revenue
    rfm_thresholds: pd.DataFrame  # dimension, method, value, cut points
    stats: Mapping[str, int] = field(default_factory=dict)  # customers, unmatched, orphans …
    rfm_source: str = "transactions"  # or customer_columns, or none (rfm_segment 未知)


@dataclass(frozen=True)
class Dataset:
    """What every stage takes and returns: frames grow columns, findings and changes grow rows."""

    book: Book
    customers: pd.DataFrame
    interactions: pd.DataFrame | None
    transactions: pd.DataFrame | None
    findings: pd.DataFrame
    changes: pd.DataFrame
    codes: Mapping[str, Code] = field(default_factory=lambda: CODES)  # + rules.yaml's own rules
    # What stages derive from the frames and share: custinfo.typed keeps each sheet's parsed
    # columns here, so validate and normalize parse a date or an amount once. A cache, never
    # compared or shown; `replace` carries it along, and a stage that makes new frames drops it.
    views: dict[SheetKind, object] = field(default_factory=dict, compare=False, repr=False)
    dedupe: DedupeResult | None = None  # set by the dedupe stage
    segment: SegmentResult | None = None  # set by the segment stage

    @classmethod
    def from_book(cls, book: Book) -> Dataset:
        def frame(kind: SheetKind) -> pd.DataFrame | None:
            t = book.table(kind)
            return None if t is None else t.frame

        customers = frame(SheetKind.CUSTOMERS)
        assert customers is not None, "ingest guarantees a customer sheet"
        return cls(
            book=book,
            customers=customers,
            interactions=frame(SheetKind.INTERACTIONS),
            transactions=frame(SheetKind.TRANSACTIONS),
            findings=book.findings,
            changes=empty_changes(),
        )

    def frame(self, kind: SheetKind) -> pd.DataFrame | None:
        return {
            SheetKind.CUSTOMERS: self.customers,
            SheetKind.INTERACTIONS: self.interactions,
            SheetKind.TRANSACTIONS: self.transactions,
        }[kind]

    def with_findings(self, *frames: pd.DataFrame) -> Dataset:
        new = [f for f in frames if len(f)]
        if not new:
            return self
        return replace(self, findings=pd.concat([self.findings, *new], ignore_index=True))


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "row" else object) for c in FINDING_COLUMNS}
    )


def empty_changes() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "row" else object) for c in CHANGE_COLUMNS}
    )
