"""Survivorship: one master record per cluster of rows that are the same customer.

Each field keeps one value by its rule in rules.yaml (`dedupe.survivorship`); the values that
lose are returned in `Merged.lost` for the 合并记录 sheet, so nothing is dropped. Rules:

- earliest       customer_id: the smallest 年月+流水号 (C202405001 = 202405-0001 < 202406-0001),
                 IDs that do not parse after those that do, as text; other fields: earliest date
- newest         the value of the most recent row (recency = the first date among `recency`)
- most_complete  the value of the row with the most non-blank fields (ties: newest)
- longest        the longest text (ties: newest)
- first_contact  the value of the row with the earliest 首次接触时间 (the original owner)
- valid          a value that passed validation before one that did not (ties: newest)
- union          distinct values (ignoring case, width and whitespace), the master row's first;
                 phone spreads them over phone, phone_2, phone_3 …; others join them with "; "
- concat         distinct texts joined with "；" in row order (notes)

Every ordering skips blank values and breaks remaining ties by row order. The master row — whose
`_sheet`/`_row` the master keeps — is the row whose customer_id survived (the cluster's first
row when no row has an ID). Derived columns (province, phone_type …) come from the same row as
the field they are computed from (`FOLLOWS`).

Only rows of multi-row clusters are looked at: singletons are copied through by one `take`.
Each rule is one lexsort of those rows by (cluster, rule keys, row) and the first per cluster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from custinfo.config.model import Survivor, SurvivorshipConfig
from custinfo.dataset import ROW_COL, SHEET_COL
from custinfo.distinct import per_distinct
from custinfo.fields import enum_key
from custinfo.parse.dates import parse_columns
from custinfo.typed import id_key

LOST_COLUMNS = ("sheet", "row", "field", "value", "kept", "rule")

# Derived column -> the fields it is computed from (the first one the frame has is followed).
FOLLOWS: dict[str, tuple[str, ...]] = {
    "province": ("region", "address"),
    "city": ("region", "address"),
    "district": ("region", "address"),
    "region_code": ("region", "address"),
    "region_group": ("region", "address"),
    "city_tier": ("region", "address"),
    "phone_type": ("phone",),
    "phone_region": ("phone",),
    "industry_section": ("industry",),
    "industry_section_name": ("industry",),
    "industry_code": ("industry",),
    "industry_name": ("industry",),
    "contact_surname": ("contact",),
    "contact_title": ("contact",),
    "company_short": ("name",),
    "budget_min": ("budget",),
    "budget_max": ("budget",),
}
ID = "customer_id"
FIRST_CONTACT = "first_contact"
_PHONE_N = re.compile(r"phone_(\d+)")
# 年份+月份+流水号 with an optional letter prefix, on id_key text (upper-case, half-width)
_ID_PARTS = r"^(?:[A-Z]{1,4}-?)?((?:19|20)\d{2}(?:0[1-9]|1[0-2]))-?(\d{3,6})$"
_UNION_SPLIT = r"\s*[;；,，、\n]\s*"  # several values typed in one cell
_UNION_JOIN = "; "
_CONCAT_JOIN = "；"


@dataclass(frozen=True)
class Merged:
    masters: pd.DataFrame  # one row per cluster, in the order of each cluster's first row
    master_of: np.ndarray  # per input row: the position in `masters` of its master
    master_id: np.ndarray  # per input row: the master's 客户编号 ("行N" when it has none)
    lost: pd.DataFrame  # LOST_COLUMNS: values of merged rows the master did not keep


def merge(
    frame: pd.DataFrame,
    cluster: np.ndarray,
    cfg: SurvivorshipConfig,
    invalid: Mapping[str, np.ndarray] | None = None,
) -> Merged:
    """Merge each cluster (rows with equal `cluster`, positional) into one master record.

    `invalid`: field -> bool mask (positional) of rows whose value failed validation."""
    n = len(frame)
    codes = np.asarray(cluster, dtype=np.int64)
    if codes.shape != (n,):
        raise ValueError(f"cluster has shape {codes.shape}, the frame {n} rows")
    _, first, inverse, counts = np.unique(
        codes, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.argsort(first, kind="stable")  # cluster codes in the order of their first row
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    master_of = rank[inverse.reshape(-1)]
    source = first[order].astype(np.int64)  # per master: the row it is copied from
    multi = np.flatnonzero(counts[inverse.reshape(-1)] > 1)
    if len(multi):
        plan = _Clusters(frame, multi, master_of[multi], cfg, invalid or {}).plan()
        source[plan.masters] = multi[plan.master_local]
        masters = _assemble(frame, source, plan)
        lost = plan.lost
    else:
        masters = frame.take(source).reset_index(drop=True)
        lost = _empty_lost()
    ids = _master_ids(masters)
    return Merged(masters, master_of, ids[master_of], lost)


def rekey(frame: pd.DataFrame, id_map: Mapping[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """互动记录/交易记录: each customer_id in `id_map` (compared as `id_key`: ignoring case,
    full-width characters and surrounding whitespace) becomes its master's ID.

    Returns the new frame and the mask of rows whose ID now names another customer; an ID that
    already names its master (only typed differently) is left as typed."""
    changed = np.zeros(len(frame), dtype=bool)
    if ID not in frame.columns or not id_map:
        return frame.copy(), changed
    keys = pd.Series(list(id_map), dtype=object)
    by_key: dict[str, str] = {}
    for k, v in zip(id_key(keys).tolist(), id_map.values(), strict=True):
        if k is not None:
            by_key.setdefault(k, v)
    theirs = id_key(frame[ID])
    new = theirs.map(by_key)
    new_key = id_key(new.astype(object))
    moved = (new.notna() & new_key.ne(theirs)).to_numpy(dtype=bool)
    out = frame.copy()
    if moved.any():
        column = out[ID].to_numpy(dtype=object, copy=True)
        column[moved] = new.to_numpy(dtype=object)[moved]
        out[ID] = pd.Series(column, index=out.index, dtype=frame[ID].dtype)
    return out, moved


def id_map(frame: pd.DataFrame, merged: Merged) -> dict[str, str]:
    """Each 客户编号 in the customer frame -> its master's 客户编号 (the input of `rekey`)."""
    if ID not in frame.columns:
        return {}
    ids = frame[ID].to_numpy(dtype=object)
    given = ~_blank(frame[ID])
    return dict(zip(ids[given].tolist(), merged.master_id[given].tolist(), strict=True))


@dataclass
class _Plan:
    """What the multi-row clusters keep, per master among them (index g = 0..m-1)."""

    rows: np.ndarray  # local index -> position in the frame
    masters: np.ndarray  # g -> position in `masters`
    master_local: np.ndarray  # g -> local index (into the multi rows) of the master row
    source: dict[str, np.ndarray]  # column -> g -> local row its value comes from (-1: master row)
    values: dict[str, np.ndarray]  # column -> g -> new value (union/concat; _KEEP: keep)
    added: list[str]  # phone_N columns the frame did not have
    lost: pd.DataFrame


class _Clusters:
    """The rows of clusters with more than one row, and the orderings the rules sort them by."""

    def __init__(
        self,
        frame: pd.DataFrame,
        rows: np.ndarray,
        master_of: np.ndarray,
        cfg: SurvivorshipConfig,
        invalid: Mapping[str, np.ndarray],
    ) -> None:
        self.frame = frame
        self.rows = rows
        self.masters, group = np.unique(master_of, return_inverse=True)
        self.group = group.reshape(-1).astype(np.int64)
        self.m = len(self.masters)
        self.cfg = cfg
        self.invalid = invalid
        self.fields = [c for c in frame.columns if _is_field(c)]
        self.sub = frame.iloc[rows]
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._dates: dict[str, np.ndarray] | None = None
        self._newest: np.ndarray | None = None
        self.master_local = np.zeros(self.m, dtype=np.int64)

    # ---- per-row values ------------------------------------------------------------------

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Factorized values of a column over the rows (-1 where blank) and the distinct values."""
        if column not in self._codes:
            codes, uniq = pd.factorize(self.sub[column].to_numpy(dtype=object))
            uniq = np.asarray(uniq, dtype=object)
            blank = np.array([not str(u).strip() for u in uniq] + [True], dtype=bool)
            codes = np.where(blank[codes], -1, codes).astype(np.int64)
            self._codes[column] = (codes, uniq)
        return self._codes[column]

    def dates(self) -> dict[str, np.ndarray]:
        """Date columns the rules read, as day ordinals (NaN when blank or not a date)."""
        if self._dates is None:
            wanted = [*self.cfg.recency, FIRST_CONTACT]
            wanted += [f for f in self.fields if f != ID and self.rule(f) == "earliest"]
            names = [c for c in dict.fromkeys(wanted) if c in self.sub.columns]
            cols: dict[str, tuple[pd.Series, pd.Series | None]] = {
                c: (self.sub[c].astype(object), None) for c in names
            }
            keys, parsed = parse_columns(cols, None)
            days = {k: p.value.toordinal() for k, p in parsed.items() if p is not None}
            self._dates = {
                c: k.astype(object).map(days).to_numpy(dtype=np.float64, na_value=np.nan)
                for c, k in keys.items()
            }
        return self._dates

    def date(self, column: str) -> np.ndarray:
        """Day ordinals of a column, +inf where missing (so ascending = earliest first)."""
        days = self.dates().get(column)
        if days is None:
            return np.full(len(self.rows), np.inf)
        return np.where(np.isnan(days), np.inf, days)

    def newest(self) -> np.ndarray:
        """Per row: minus its recency (the first date among cfg.recency); +inf when none."""
        if self._newest is None:
            recency = np.full(len(self.rows), np.nan)
            for c in self.cfg.recency:
                if (days := self.dates().get(c)) is not None:
                    recency = np.where(np.isnan(recency), days, recency)
            self._newest = np.where(np.isnan(recency), np.inf, -recency)
        return self._newest

    def id_order(self) -> list[np.ndarray]:
        ids = id_key(pd.Series(self.sub[ID].to_numpy(dtype=object), dtype=object))
        parts = ids.str.extract(_ID_PARTS)
        month = pd.to_numeric(parts[0], errors="coerce").to_numpy(dtype=np.float64)
        seq = pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=np.float64)
        text = np.unique(ids.fillna("").to_numpy(dtype=str), return_inverse=True)[1]
        return [np.isnan(month), np.nan_to_num(month), np.nan_to_num(seq), text.reshape(-1)]

    def complete(self) -> np.ndarray:
        count = np.zeros(len(self.rows), dtype=np.int64)
        for f in self.fields:
            count += self.codes(f)[0] >= 0
        return count

    def lengths(self, column: str) -> np.ndarray:
        codes, uniq = self.codes(column)
        per = np.array([len(str(u).strip()) for u in uniq] + [0], dtype=np.int64)
        out: np.ndarray = per[codes]
        return out

    def invalid_of(self, column: str) -> np.ndarray:
        mask = self.invalid.get(column)
        if mask is None:
            return np.zeros(len(self.rows), dtype=bool)
        out: np.ndarray = np.asarray(mask, dtype=bool)[self.rows]
        return out

    # ---- rules ---------------------------------------------------------------------------

    def rule(self, column: str) -> Survivor:
        return self.cfg.fields.get(column, self.cfg.default)

    def order_keys(self, rule: Survivor, column: str) -> list[np.ndarray]:
        """Sort keys, most significant first; the first non-blank row per cluster wins."""
        return _ORDERS[rule](self, column)

    def first(self, keys: list[np.ndarray], candidate: np.ndarray) -> np.ndarray:
        """g -> local index of the first candidate row by (keys…, row order); -1 when none."""
        idx = np.flatnonzero(candidate)
        out = np.full(self.m, -1, dtype=np.int64)
        if not len(idx):
            return out
        sort_keys = [idx, *(k[idx] for k in reversed(keys)), self.group[idx]]
        ranked = idx[np.lexsort(sort_keys)]
        g = self.group[ranked]
        head = np.r_[True, g[1:] != g[:-1]]
        out[g[head]] = ranked[head]
        return out

    def pick(self, column: str, rule: Survivor) -> np.ndarray:
        codes = self.codes(column)[0]
        return self.first(self.order_keys(rule, column), codes >= 0)

    def gather(self, columns: list[str], split: bool, master_first: bool) -> pd.DataFrame:
        """Distinct values of some columns per cluster, in order: group, local, text."""
        pieces = []
        for j, c in enumerate(columns):
            codes, uniq = self.codes(c)
            idx = np.flatnonzero(codes >= 0)
            text = pd.Series(uniq, dtype=object).astype(str).str.strip().to_numpy(dtype=object)
            pieces.append(pd.DataFrame({"local": idx, "col": j, "text": text[codes[idx]]}))
        parts = pd.concat(pieces, ignore_index=True)
        if split:
            parts["text"] = parts["text"].str.split(_UNION_SPLIT, regex=True)
            parts = parts.explode("text", ignore_index=True)
            parts = parts[parts["text"].str.len().fillna(0).gt(0)]
        parts = parts.assign(
            group=self.group[parts["local"].to_numpy(dtype=np.int64)],
            seq=np.arange(len(parts)),
            key=per_distinct(parts["text"], lambda u: [enum_key(str(t)) for t in u], None),
        )
        group = parts["group"].to_numpy()
        local = parts["local"].to_numpy(dtype=np.int64)
        mine = (local != self.master_local[group]) if master_first else np.zeros(len(parts))
        by = [parts["seq"].to_numpy(), parts["col"].to_numpy(), local, mine, group]
        parts = parts.iloc[np.lexsort(by)]
        return parts.drop_duplicates(["group", "key"])[["group", "local", "text"]]

    def plan(self) -> _Plan:
        source: dict[str, np.ndarray] = {}
        values: dict[str, np.ndarray] = {}
        added: list[str] = []
        picked: list[tuple[str, Survivor]] = []
        first_row = np.unique(self.group, return_index=True)[1]
        self.master_local = first_row.astype(np.int64)
        if ID in self.fields:
            rule = self.rule(ID)
            rule = "earliest" if rule in ("union", "concat") else rule
            chosen = self.pick(ID, rule)
            self.master_local = np.where(chosen >= 0, chosen, self.master_local)
            source[ID] = chosen
            picked.append((ID, rule))
        for f in self.fields:
            rule = self.rule(f)
            if f == ID:
                continue
            if rule == "union" and f == "phone":
                phones = ["phone", *_phone_columns(self.frame)]
                parts = self.gather(phones, split=True, master_first=True)
                source[f], spread = self.spread(parts, phones, added)
                values.update(spread)
            elif rule in ("union", "concat"):
                union = rule == "union"
                parts = self.gather([f], split=union, master_first=union)
                joiner = _UNION_JOIN if union else _CONCAT_JOIN
                source[f], values[f] = self.joined(parts, joiner)
            else:
                source[f] = self.pick(f, rule)
                picked.append((f, rule))
        for d in [*FOLLOWS, *_phone_columns(self.frame)]:
            if d in self.frame.columns and d not in values:
                follow = next((s for s in FOLLOWS.get(d, ("phone",)) if s in source), None)
                if follow is not None:
                    source[d] = source[follow]
        lost = self.lost(picked, source)
        return _Plan(self.rows, self.masters, self.master_local, source, values, added, lost)

    def joined(self, parts: pd.DataFrame, joiner: str) -> tuple[np.ndarray, np.ndarray]:
        out = np.full(self.m, _KEEP, dtype=object)
        src = np.full(self.m, -1, dtype=np.int64)
        if len(parts):
            grouped = parts.groupby("group", sort=True)
            texts = grouped["text"].agg(joiner.join)
            out[texts.index.to_numpy()] = texts.to_numpy(dtype=object)
            heads = grouped["local"].first()
            src[heads.index.to_numpy()] = heads.to_numpy()
        return src, out

    def spread(
        self, parts: pd.DataFrame, phones: list[str], added: list[str]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The distinct numbers over phone, phone_2, …: a cluster with any number gets all its
        columns set (None past its last number); columns are added when needed."""
        src = np.full(self.m, -1, dtype=np.int64)
        group = parts["group"].to_numpy()
        nth = parts.groupby("group", sort=False).cumcount().to_numpy()
        text = parts["text"].to_numpy(dtype=object)
        src[group[nth == 0]] = parts["local"].to_numpy()[nth == 0]
        has = src >= 0
        width = int(nth.max()) + 1 if len(nth) else 0
        columns = list(phones)
        for j in range(len(phones), width):
            name = f"phone_{j + 1}"
            columns.append(name)
            added.append(name)
        out: dict[str, np.ndarray] = {}
        for j, c in enumerate(columns):
            column = np.full(self.m, None, dtype=object)
            column[group[nth == j]] = text[nth == j]
            # a cluster without numbers keeps its master row's (blank) cells
            column[~has] = _KEEP
            out[c] = column
        return src, out

    def lost(
        self, picked: list[tuple[str, Survivor]], source: dict[str, np.ndarray]
    ) -> pd.DataFrame:
        pieces = []
        sheets = self.sub[SHEET_COL].to_numpy(dtype=object) if SHEET_COL in self.sub else None
        excel_rows = self.sub[ROW_COL].to_numpy() if ROW_COL in self.sub else self.rows + 1
        for order, (f, rule) in enumerate(picked):
            codes, uniq = self.codes(f)
            chosen = source[f][self.group]
            kept = np.where(chosen >= 0, codes[np.maximum(chosen, 0)], -1)
            hit = np.flatnonzero((codes >= 0) & (codes != kept))
            if not len(hit):
                continue
            pieces.append(
                pd.DataFrame(
                    {
                        "sheet": sheets[hit] if sheets is not None else "",
                        "row": excel_rows[hit],
                        "field": f,
                        "value": uniq[codes[hit]],
                        "kept": uniq[kept[hit]],
                        "rule": rule,
                        "_pos": hit,
                        "_order": order,
                    }
                )
            )
        if not pieces:
            return _empty_lost()
        lost = pd.concat(pieces, ignore_index=True)
        lost = lost.sort_values(["_pos", "_order"], kind="stable", ignore_index=True)
        return lost[list(LOST_COLUMNS)]


_KEEP = object()  # marks "leave the master row's value" in a _Plan.values column

_ORDERS: dict[Survivor, Callable[[_Clusters, str], list[np.ndarray]]] = {
    "newest": lambda c, f: [c.newest()],
    "most_complete": lambda c, f: [-c.complete(), c.newest()],
    "longest": lambda c, f: [-c.lengths(f), c.newest()],
    "first_contact": lambda c, f: [c.date(FIRST_CONTACT)],
    "valid": lambda c, f: [c.invalid_of(f), c.newest()],
    "earliest": lambda c, f: c.id_order() if f == ID else [c.date(f)],
    # union/concat columns are gathered, not picked; as an ordering they read as newest
    "union": lambda c, f: [c.newest()],
    "concat": lambda c, f: [c.newest()],
}


def _assemble(frame: pd.DataFrame, source: np.ndarray, plan: _Plan) -> pd.DataFrame:
    """The master rows: each column taken from its master row, then the multi-row clusters'
    columns from the rows their rules chose, or set to their union/concatenation."""
    base = frame.take(source).reset_index(drop=True)
    columns: dict[str, pd.Series] = {}
    for c in _with_added(list(frame.columns), plan.added):
        new = plan.values.get(c)
        chosen = plan.source.get(c)
        if new is None and chosen is None:
            columns[c] = base[c]
            continue
        column = (
            base[c].to_numpy(dtype=object, copy=True)
            if c in base.columns
            else np.full(len(base), None, dtype=object)
        )
        if new is not None:
            hits = np.flatnonzero([v is not _KEEP for v in new.tolist()])
            column[plan.masters[hits]] = new[hits]
        elif chosen is not None:
            hits = np.flatnonzero(chosen >= 0)
            rows = plan.rows[chosen[hits]]
            column[plan.masters[hits]] = frame[c].to_numpy(dtype=object)[rows]
        dtype = frame[c].dtype if c in frame.columns else np.dtype(object)
        columns[c] = pd.Series(column, dtype=dtype)
    return pd.DataFrame(columns)


def _master_ids(masters: pd.DataFrame) -> np.ndarray:
    rows = masters[ROW_COL].to_numpy() if ROW_COL in masters else np.arange(len(masters)) + 1
    fallback = np.array([f"行{r}" for r in rows.tolist()], dtype=object)
    if ID not in masters.columns:
        return fallback
    ids = masters[ID].to_numpy(dtype=object)
    return np.where(_blank(masters[ID]), fallback, ids)


def _blank(values: pd.Series) -> np.ndarray:
    codes, uniq = pd.factorize(values.to_numpy(dtype=object))
    blank = np.array([not str(u).strip() for u in uniq] + [True], dtype=bool)
    return np.asarray(blank[codes], dtype=bool)


def _is_field(column: object) -> bool:
    name = str(column)
    return not name.startswith("_") and name not in FOLLOWS and not _PHONE_N.fullmatch(name)


def _phone_columns(frame: pd.DataFrame) -> list[str]:
    """phone_2, phone_3 … present in the frame, in number order."""
    found = [(int(m[1]), str(c)) for c in frame.columns if (m := _PHONE_N.fullmatch(str(c)))]
    return [c for _, c in sorted(found)]


def _with_added(columns: list[str], added: list[str]) -> list[str]:
    """The frame's columns with the new phone_N columns after its last phone column."""
    phones = [i for i, c in enumerate(columns) if c == "phone" or _PHONE_N.fullmatch(str(c))]
    at = phones[-1] + 1 if phones else len(columns)
    return [*columns[:at], *added, *columns[at:]]


def _empty_lost() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LOST_COLUMNS})
