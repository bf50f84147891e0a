"""Which row is the header, which field each header cell means, and what kind of sheet it is.

Matching order for one header cell (after fields.clean_header):
1. exact: the text is a field's header or alias;
2. variant: the same once a bracketed note or a trailing number is removed ("预算(万元)", "备注2");
3. suffix: the text ends with an alias covering at least half of it ("客户联系电话" → 联系电话,
   "所在城市" → 城市) — Chinese compounds put the head noun last, so "客户满意度" does not become
   客户 and "渠道经理" does not become 渠道;
4. ratio: rapidfuzz's plain ratio against every alias (typos, a dropped character).
WRatio/partial_ratio were rejected: with two-character aliases they map any header that merely
contains 客户 or 电话.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from custinfo.config.model import InputConfig
from custinfo.dataset import ColumnMap, SheetNote
from custinfo.errors import InputError
from custinfo.fields import DERIVED_HEADERS, SHEET_NAME_HINTS, Registry, SheetKind, clean_header
from custinfo.findings import concat, finding
from custinfo.io.guard import input_error

VARIANT_SCORE = 95.0
MAX_HEADER_LEN = 24  # longer cells are titles or instructions, never headers
_NOTE = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]")
_TAIL = re.compile(r"[\d\-_/.#]+$")
KINDS = (SheetKind.CUSTOMERS, SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS)

# Columns custinfo normalize adds, by header: read back as themselves, not as unknown columns.
DERIVED_BY_HEADER = {clean_header(zh): name for name, zh in DERIVED_HEADERS.items()}


class Match(NamedTuple):
    field: str
    method: str  # "exact" | "fuzzy"
    score: float


@dataclass
class HeaderMatcher:
    """Header text -> field for one sheet kind, cached per distinct text."""

    registry: Registry
    kind: SheetKind
    threshold: float
    index: dict[str, str] = field(init=False)
    _keys: list[str] = field(init=False)
    _cache: dict[str, Match | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = self.registry.header_index(self.kind)
        self._keys = [k for k in self.index if len(k) >= 2]

    def match(self, text: str | None) -> Match | None:
        if not text:
            return None
        if text not in self._cache:
            self._cache[text] = self._match(clean_header(text))
        return self._cache[text]

    def _match(self, c: str) -> Match | None:
        if not c or len(c) > MAX_HEADER_LEN:
            return None
        if c in self.index:
            return Match(self.index[c], "exact", 100.0)
        v = _TAIL.sub("", _NOTE.sub("", c)) or c
        if v != c and v in self.index:
            return Match(self.index[v], "fuzzy", VARIANT_SCORE)
        best: Match | None = None
        for key in self._keys:
            if v.endswith(key) and 2 * len(key) >= len(v):
                score = 80.0 + 20.0 * len(key) / len(v)
                if best is None or score > best.score:
                    best = Match(self.index[key], "fuzzy", round(score, 1))
        hit = process.extractOne(v, self._keys, scorer=fuzz.ratio, score_cutoff=self.threshold)
        if hit is not None and (best is None or hit[1] > best.score):
            best = Match(self.index[hit[0]], "fuzzy", round(float(hit[1]), 1))
        return best if best is not None and best.score >= self.threshold else None


@dataclass(frozen=True)
class HeaderGuess:
    """The header row found for one sheet kind."""

    row: int  # index into the rows given to find_header
    matches: int  # header cells that map to a field of the kind
    distinct: int  # of those, cells no other kind's headers match (decides the sheet's role)


def matchers(registry: Registry, threshold: float) -> dict[SheetKind, HeaderMatcher]:
    return {k: HeaderMatcher(registry, k, threshold) for k in KINDS}


def find_header(
    rows: Sequence[Sequence[str | None]],
    kind: SheetKind,
    all_matchers: dict[SheetKind, HeaderMatcher],
) -> HeaderGuess | None:
    """The row with the most cells that are headers of `kind` (first on ties), or None.

    A row qualifies with at least two such cells, or one when the row has at most two cells.
    """
    own = all_matchers[kind]
    others = [m for k, m in all_matchers.items() if k != kind]
    best: HeaderGuess | None = None
    for i, row in enumerate(rows):
        texts = [t for t in row if t]
        hits = [(t, own.match(t)) for t in texts]
        fields = {m.field for _, m in hits if m}
        n = len(fields)
        if n < 2 and not (n == 1 and len(texts) <= 2):
            continue
        if best is None or n > best.matches:
            distinct = sum(1 for t, m in hits if m and not any(o.match(t) for o in others))
            best = HeaderGuess(i, n, distinct)
    return best


def plain_header(rows: Sequence[Sequence[str | None]]) -> HeaderGuess | None:
    """For a sheet the user named (--sheet) whose headers custinfo does not know: its first row
    with two or more filled cells is the header, and the columns are matched by rules.yaml
    (dedupe fields by header, for one) or kept as they are."""
    for i, row in enumerate(rows):
        if sum(1 for t in row if t) >= 2:
            return HeaderGuess(i, 0, 0)
    return None


def name_hint(sheet_name: str) -> SheetKind | None:
    """The kind a sheet's name suggests; interactions and transactions first ("客户互动记录")."""
    for kind in (SheetKind.INTERACTIONS, SheetKind.TRANSACTIONS, SheetKind.CUSTOMERS):
        if any(h in sheet_name for h in SHEET_NAME_HINTS[kind]):
            return kind
    return None


def role_score(guess: HeaderGuess | None, kind: SheetKind, hint: SheetKind | None) -> float | None:
    """How strongly a sheet looks like `kind`; None when it does not qualify at all.

    Fields shared by every kind (客户编号, 负责人 …) count once, headers only `kind` has count
    three times, and a sheet name that says the kind adds 3. Without the name, a sheet needs two
    header cells and one of them only `kind` has.
    """
    if guess is None:
        return None
    named = 3 if hint == kind else 0
    if not named and (not guess.distinct or guess.matches < 2):
        return None
    return guess.matches + 2 * guess.distinct + named


def map_columns(
    sheet: str,
    header_row: int,
    headers: Sequence[str],
    letters: Sequence[str],
    matcher: HeaderMatcher,
) -> tuple[tuple[ColumnMap, ...], pd.DataFrame]:
    """ColumnMap per column and the header findings (fuzzy, duplicate, unmapped, blank, missing)."""
    columns: list[ColumnMap] = []
    found: list[pd.DataFrame] = []
    taken: dict[str, str] = {}
    registry, kind = matcher.registry, matcher.kind
    for text, letter in zip(headers, letters, strict=True):
        loc = {"column": letter, "header": text}
        m = matcher.match(text) if text.strip() else None
        derived = DERIVED_BY_HEADER.get(clean_header(text))
        if not text.strip():
            columns.append(ColumnMap(letter, text, f"x_{letter}", None, "blank", 0.0))
            found.append(finding(sheet, header_row, "header.blank", **loc))
        elif derived and derived not in taken:
            # a column custinfo normalize added (预算下限 …): recomputed, not duplicated
            taken[derived] = letter
            columns.append(ColumnMap(letter, text, derived, None, "derived"))
        elif m is None:
            columns.append(ColumnMap(letter, text, f"x_{letter}", None, "unmapped", 0.0))
            found.append(finding(sheet, header_row, "header.unmapped", value=text, **loc))
        elif m.field in taken:
            columns.append(ColumnMap(letter, text, f"x_{letter}", None, "duplicate", m.score))
            found.append(
                finding(
                    sheet,
                    header_row,
                    "header.duplicate",
                    value=text,
                    suggestion=registry.get(kind, m.field).zh,
                    **loc,
                )
            )
        else:
            taken[m.field] = letter
            columns.append(ColumnMap(letter, text, m.field, m.field, m.method, m.score))
            if m.method == "fuzzy":
                found.append(
                    finding(
                        sheet,
                        header_row,
                        "header.fuzzy",
                        value=text,
                        field=m.field,
                        suggestion=registry.get(kind, m.field).zh,
                        **loc,
                    )
                )
    for f in registry.for_sheet(kind):
        if f.required and f.name not in taken:
            found.append(
                finding(sheet, header_row, "header.missing_required", field=f.name, suggestion=f.zh)
            )
    return tuple(columns), concat(found)


def forced_roles(path: Path, cfg: InputConfig, names: list[str]) -> dict[str, SheetKind]:
    asked = {
        SheetKind.CUSTOMERS: cfg.sheet,
        SheetKind.INTERACTIONS: cfg.interactions_sheet,
        SheetKind.TRANSACTIONS: cfg.transactions_sheet,
    }
    forced: dict[str, SheetKind] = {}
    for kind, name in asked.items():
        if name is None:
            continue
        if name not in names:
            listed = "、".join(f"「{n}」" for n in names)
            raise input_error(
                path,
                f"没有名为「{name}」的工作表（工作簿中有：{listed}）",
                f"there is no sheet named '{name}' (the sheets are: {', '.join(names)})",
                "请检查 --sheet 指定的工作表名称（区分全角半角和空格）",
                "Check the sheet name given with --sheet (spaces and full-width characters count)",
            )
        if name in forced:
            raise input_error(
                path,
                f"工作表「{name}」被同时指定为{forced[name].zh}表和{kind.zh}表",
                f"sheet '{name}' is given as both the {forced[name]} and the {kind} sheet",
                "每个工作表只能指定一种用途",
                "Give each sheet one role only",
            )
        forced[name] = kind
    return forced


def assign_roles(
    path: Path,
    cfg: InputConfig,
    guesses: dict[str, dict[SheetKind, HeaderGuess | None]],
    forced: dict[str, SheetKind],
    notes: dict[str, tuple[SheetNote, str]],
) -> dict[SheetKind, tuple[str, HeaderGuess]]:
    """Kind -> (sheet name, header guess): forced sheets first, then each kind's best-scoring sheet.

    `guesses` holds the readable sheets in workbook order; `notes` gets a reason for each sheet
    left out.
    """
    roles: dict[SheetKind, tuple[str, HeaderGuess]] = {}
    for name, kind in forced.items():
        guess = guesses[name][kind] if name in guesses else None
        if guess is None:
            raise input_error(
                path,
                f"工作表「{name}」的前 {cfg.header_search_rows} 行中找不到{kind.zh}表的表头行",
                f"no {kind} header row in the first {cfg.header_search_rows} rows of sheet '{name}'",
                "请确认表头行在表格最上面几行，或指定其他工作表",
                "Make sure the header row is near the top, or pick another sheet",
            )
        roles[kind] = (name, guess)
    candidates: dict[SheetKind, list[tuple[float, int, str, HeaderGuess]]] = {k: [] for k in KINDS}
    fallback: list[tuple[float, int, str, HeaderGuess]] = []
    for order, (name, sheet_guesses) in enumerate(guesses.items()):
        if name in forced:
            continue
        hint = name_hint(name)
        ranked = [
            (score, -i, kind, guess)
            for i, kind in enumerate(KINDS)
            if (guess := sheet_guesses[kind])
            and (score := role_score(guess, kind, hint)) is not None
        ]
        if ranked:
            score, _, kind, guess = max(ranked, key=lambda r: r[:2])
            candidates[kind].append((-score, order, name, guess))
        elif (g := sheet_guesses[SheetKind.CUSTOMERS]) is not None:
            fallback.append((-g.matches, order, name, g))
        else:
            notes[name] = (SheetNote.NO_HEADER, str(cfg.header_search_rows))
    for kind in KINDS:
        if kind in roles:
            pool = candidates[kind]
        else:
            pool = sorted(candidates[kind] or (fallback if kind is SheetKind.CUSTOMERS else []))
            if pool:
                _, _, name, guess = pool[0]
                roles[kind] = (name, guess)
                pool = pool[1:]
        for *_, name, _g in pool:
            notes[name] = (SheetNote.OTHER_CHOSEN, roles[kind][0])
    for *_, name, _g in fallback:
        notes.setdefault(name, (SheetNote.UNRECOGNISED, ""))
    if SheetKind.CUSTOMERS not in roles:
        hidden = [n for n, (note, _) in notes.items() if note in _HIDDEN]
        raise no_header(path, cfg, list(guesses) or [n for n in notes if n not in hidden], hidden)
    return roles


_HIDDEN = (SheetNote.HIDDEN, SheetNote.VERY_HIDDEN)


def no_header(
    path: Path, cfg: InputConfig, names: list[str], hidden: Sequence[str] = ()
) -> InputError:
    listed = "、".join(f"「{n}」" for n in names) or "（无）"
    zh = f"找不到客户信息表的表头行（已查看工作表 {listed} 的前 {cfg.header_search_rows} 行）"
    en = (
        f"no customer header row was found (looked at the first {cfg.header_search_rows} rows of "
        f"{', '.join(names) or 'no sheet'})"
    )
    hint = "请确认第一行是表头（如「客户名称」「联系电话」），或用 --sheet 指定工作表"
    hint_en = (
        "Make sure the first row is the header (e.g. 客户名称, 联系电话), or name the sheet with "
        "--sheet"
    )
    if hidden:
        zh += f"；隐藏的工作表 {'、'.join(f'「{n}」' for n in hidden)} 没有读取"
        en += f"; hidden sheets were not read: {', '.join(hidden)}"
        hint = f"如客户信息在隐藏的工作表中，请用 --sheet {hidden[0]} 指定（或在 Excel 中取消隐藏）"
        hint_en = f"If the customers are on a hidden sheet, name it: --sheet {hidden[0]} (or unhide it in Excel)"
    return input_error(path, zh, en, hint, hint_en)
