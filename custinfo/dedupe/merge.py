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
from custinfo.dedupe.compare import gc_paused
from custinfo.distinct import flagged, per_distinct
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
_ID_PARTS = re.compile(r"(?:[A-Z]{1,4}-?)?((?:19|20)\d{2}(?:0[1-9]|1[0-2]))-?(\d{3,6})")
_BLANK_TEXT = r"^[\s\pZ]*$"  # RE2: only whitespace (\pZ: full-width and no-break spaces)
_PADDED = r"^[\s\pZ]|[\s\pZ]$"  # RE2: text with whitespace to strip
_SEPARATED = _PADDED + r"|[;；,，、\n]"  # RE2: … or several values to split
_SPLIT = re.compile(r"\s*[;；,，、\n]\s*")  # several values typed in one cell
_UNION_JOIN = "; "
_CONCAT_JOIN = "；"


@dataclass(frozen=True)
class Merged:
    masters: pd.DataFrame  # one row per cluster, in the order of each cluster's first row
    master_of: np.ndarray  # per input row: the position in `masters` of its master
    master_id: np.ndarray  # per input row: the master's 客户编号 ("行N" when it has none)
    lost: pd.DataFrame  # LOST_COLUMNS: values of merged rows the master did not keep


@gc_paused()
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
    ids = _master_ids(masters, source)
    return Merged(masters, master_of, ids[master_of], lost)


def rekey(frame: pd.DataFrame, id_map: Mapping[str, str]) -> tuple[pd.DataFrame, np.ndarray]:
    """互动记录/交易记录: each customer_id in `id_map` (compared as `id_key`: ignoring case,
    full-width characters and surrounding whitespace) becomes its master's ID.

    Returns the new frame and the mask of rows whose ID now names another customer; an ID that
    already names its master (only typed differently) is left as typed. Of two map entries
    with the same key, the first is used."""
    moved = np.zeros(len(frame), dtype=bool)
    if ID not in frame.columns or not id_map:
        return frame.copy(), moved
    by_key: dict[str, str] = {}
    for k, v in zip(_id_keys(pd.Series(list(id_map), dtype=object)), id_map.values(), strict=True):
        if k is not None:
            by_key.setdefault(k, v)
    theirs = _id_keys(frame[ID])
    found = np.flatnonzero(pd.Series(theirs, dtype=object).isin(list(by_key)).to_numpy())
    new = np.array([by_key[k] for k in theirs[found].tolist()], dtype=object)
    differs = _id_keys(pd.Series(new, dtype=object)) != theirs[found]
    moved[found[differs]] = True
    out = frame.copy()
    if moved.any():
        column = out[ID].to_numpy(dtype=object, copy=True)
        column[found[differs]] = new[differs]
        out[ID] = pd.Series(column, index=out.index, dtype=frame[ID].dtype)
    return out, moved


def id_map(frame: pd.DataFrame, merged: Merged) -> dict[str, str]:
    """Each 客户编号 of a merged row that is not its master's -> the master's (`rekey`'s input)."""
    if ID not in frame.columns:
        return {}
    ids = frame[ID].to_numpy(dtype=object)
    given = np.flatnonzero(~_blank(frame[ID]) & (ids != merged.master_id))
    return dict(zip(ids[given].tolist(), merged.master_id[given].tolist(), strict=True))


def _id_keys(values: pd.Series) -> np.ndarray:
    """`id_key` of each value (None when blank); only the values that are not already
    stripped upper-case ASCII go through it."""
    items = values.to_numpy(dtype=object).copy()
    na = np.asarray(pd.isna(items), dtype=bool)
    items[na] = None
    given = np.flatnonzero(~na)
    odd = given[flagged(items[given], r"[a-z]|[^\x00-\x7f]|^\s|\s$|^$")]
    items[odd] = id_key(pd.Series(items[odd], dtype=object)).to_numpy(dtype=object)
    return items


_Values = tuple[np.ndarray, np.ndarray]  # (clusters g, their new values)


@dataclass(frozen=True)
class _Parts:
    """Distinct values of clusters in order: per value its cluster g, row (local) and text."""

    group: np.ndarray
    local: np.ndarray
    text: np.ndarray

    @property
    def nth(self) -> np.ndarray:
        """Per value: its place among its cluster's values (0 = first)."""
        n = len(self.group)
        head = np.r_[True, self.group[1:] != self.group[:-1]] if n else np.zeros(0, dtype=bool)
        start = np.maximum.accumulate(np.where(head, np.arange(n), 0))
        out: np.ndarray = np.arange(n) - start
        return out


@dataclass
class _Plan:
    """What the multi-row clusters keep, per master among them (index g = 0..m-1)."""

    rows: np.ndarray  # local index -> position in the frame
    masters: np.ndarray  # g -> position in `masters`
    master_local: np.ndarray  # g -> local index (into the multi rows) of the master row
    source: dict[str, np.ndarray]  # column -> g -> local row its value comes from (-1: master row)
    values: dict[str, _Values]  # column -> (g, new value): union/concat results
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
        texts = ids.fillna("").to_numpy(dtype=object)
        parts = [
            (int(m[1]), int(m[2])) if (m := _ID_PARTS.fullmatch(t)) else (-1, -1) for t in texts
        ]
        month, seq = np.array(parts, dtype=np.int64).reshape(-1, 2).T
        text = np.unique(texts.astype(str), return_inverse=True)[1].reshape(-1)
        return [month < 0, month, seq, text]

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

    def gather(self, columns: list[str], split: bool, master_first: bool) -> _Parts:
        """The distinct values of some columns per cluster (ignoring case, width and
        whitespace), in order: the master row's first when `master_first`, then by row, column
        and place in the cell. Cells are split into values at ; ， 、 when `split`."""
        pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for j, c in enumerate(columns):
            codes, uniq = self.codes(c)
            texts = uniq.tolist()
            odd = flagged(uniq, _SEPARATED if split else _PADDED)
            per = [[t] for t in texts]
            for i in np.flatnonzero(odd).tolist():
                t = str(texts[i]).strip()
                per[i] = [p for p in _SPLIT.split(t) if p] if split else [t]
            counts = np.array([len(ps) for ps in per], dtype=np.int64)
            flat = np.array([p for ps in per for p in ps] + [""], dtype=object)
            starts = np.cumsum(counts) - counts
            idx = np.flatnonzero(codes >= 0)
            n_of = counts[codes[idx]]
            local = np.repeat(idx, n_of)
            within = np.arange(len(local)) - np.repeat(np.cumsum(n_of) - n_of, n_of)
            at = np.repeat(starts[codes[idx]], n_of) + within
            pieces.append((local, np.full(len(local), j), within, flat[at]))
        local = np.concatenate([p[0] for p in pieces])
        column = np.concatenate([p[1] for p in pieces])
        within = np.concatenate([p[2] for p in pieces])
        text = np.concatenate([p[3] for p in pieces])
        group = self.group[local]
        if master_first:
            mine = (local != self.master_local[group]).astype(np.int8)
        else:
            mine = np.zeros(len(local), dtype=np.int8)
        order = np.lexsort([within, column, local, mine, group])
        local, group, text = local[order], group[order], text[order]
        keys = per_distinct(pd.Series(text, dtype=object), _distinct_keys, None)
        key_codes = pd.factorize(keys.to_numpy(dtype=object))[0].astype(np.int64)
        pair = group * (int(key_codes.max(initial=0)) + 1) + key_codes
        keep = np.zeros(len(pair), dtype=bool)
        keep[np.unique(pair, return_index=True)[1]] = True
        return _Parts(group[keep], local[keep], text[keep])

    def plan(self) -> _Plan:
        source: dict[str, np.ndarray] = {}
        values: dict[str, _Values] = {}
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

    def joined(self, parts: _Parts, joiner: str) -> tuple[np.ndarray, _Values]:
        """Each cluster's values in one text; the row of its first value."""
        src = np.full(self.m, -1, dtype=np.int64)
        nth = parts.nth
        head = nth == 0
        src[parts.group[head]] = parts.local[head]
        out = np.full(self.m, None, dtype=object)
        out[parts.group[head]] = parts.text[head]
        for j in range(1, int(nth.max(initial=0)) + 1):
            at = nth == j
            out[parts.group[at]] = out[parts.group[at]] + (joiner + parts.text[at])
        given = np.flatnonzero(src >= 0)
        return src, (given, out[given])

    def spread(
        self, parts: _Parts, phones: list[str], added: list[str]
    ) -> tuple[np.ndarray, dict[str, _Values]]:
        """The distinct numbers over phone, phone_2, …: a cluster with any number gets all its
        columns set (None past its last number); columns are added when needed."""
        src = np.full(self.m, -1, dtype=np.int64)
        nth = parts.nth
        head = nth == 0
        src[parts.group[head]] = parts.local[head]
        given = np.flatnonzero(src >= 0)
        width = int(nth.max(initial=-1)) + 1
        columns = list(phones)
        for j in range(len(phones), width):
            columns.append(f"phone_{j + 1}")
            added.append(columns[-1])
        out: dict[str, _Values] = {}
        for j, c in enumerate(columns):
            column = np.full(self.m, None, dtype=object)
            at = nth == j
            column[parts.group[at]] = parts.text[at]
            out[c] = (given, column[given])
        return src, out

    def lost(
        self, picked: list[tuple[str, Survivor]], source: dict[str, np.ndarray]
    ) -> pd.DataFrame:
        hits: list[np.ndarray] = []
        fields: list[np.ndarray] = []
        values: list[np.ndarray] = []
        kepts: list[np.ndarray] = []
        for order, (f, _) in enumerate(picked):
            codes, uniq = self.codes(f)
            chosen = source[f][self.group]
            kept = np.where(chosen >= 0, codes[np.maximum(chosen, 0)], -1)
            hit = np.flatnonzero((codes >= 0) & (codes != kept))
            hits.append(hit)
            fields.append(np.full(len(hit), order, dtype=np.int64))
            values.append(uniq[codes[hit]])
            kepts.append(uniq[kept[hit]])
        if not picked or not sum(len(h) for h in hits):
            return _empty_lost()
        rank = np.lexsort([np.concatenate(fields), np.concatenate(hits)])  # by row, field
        hit, field = np.concatenate(hits)[rank], np.concatenate(fields)[rank]
        names = np.array([f for f, _ in picked], dtype=object)
        rules = np.array([r for _, r in picked], dtype=object)
        if SHEET_COL in self.sub.columns:
            sheets = self.sub[SHEET_COL].to_numpy(dtype=object)[hit]
        else:
            sheets = np.full(len(hit), "", dtype=object)
        rows = self.sub[ROW_COL].to_numpy() if ROW_COL in self.sub.columns else self.rows + 1
        columns = {
            "sheet": sheets,
            "row": rows[hit],
            "field": names[field],
            "value": np.concatenate(values)[rank],
            "kept": np.concatenate(kepts)[rank],
            "rule": rules[field],
        }
        return pd.DataFrame(
            {c: pd.Series(v, dtype=v.dtype, copy=False) for c, v in columns.items()}
        )


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
    """The master rows: each column taken from its master row, except in multi-row clusters,
    where it comes from the row its rule chose or is set to the union/concatenation."""
    columns: dict[str, pd.Series] = {}
    for c in _with_added(list(frame.columns), plan.added):
        take = source
        if (chosen := plan.source.get(c)) is not None:
            take = source.copy()
            hits = np.flatnonzero(chosen >= 0)
            take[plan.masters[hits]] = plan.rows[chosen[hits]]
        new = plan.values.get(c)
        if c not in frame.columns:
            column = np.full(len(source), None, dtype=object)
        elif new is None and not isinstance(frame[c].dtype, np.dtype):
            columns[c] = pd.Series(frame[c].array.take(take), copy=False)
            continue
        else:
            column = frame[c].to_numpy()[take]
        if new is not None:
            column = column.astype(object, copy=False)
            column[plan.masters[new[0]]] = new[1]
        dtype = frame[c].dtype if c in frame.columns else np.dtype(object)
        columns[c] = pd.Series(column, dtype=dtype, copy=False)
    return pd.DataFrame(columns, copy=False)


def _master_ids(masters: pd.DataFrame, source: np.ndarray) -> np.ndarray:
    """Each master's 客户编号 as typed; "行N" (its Excel row) when it has none (without a
    `_row` column, N counts the frame's rows from 1)."""
    rows = masters[ROW_COL].to_numpy() if ROW_COL in masters else source + 1
    if ID in masters.columns:
        ids = masters[ID].to_numpy(dtype=object, copy=True)
        blank = _blank(masters[ID])
    else:
        ids = np.full(len(masters), None, dtype=object)
        blank = np.ones(len(masters), dtype=bool)
    ids[blank] = [f"行{r}" for r in rows[blank].tolist()]
    return ids


def _blank(values: pd.Series) -> np.ndarray:
    """NA, or text that is only whitespace."""
    items = values.to_numpy(dtype=object)
    out = np.asarray(pd.isna(items), dtype=bool)
    given = np.flatnonzero(~out)
    out[given] = flagged(items[given], _BLANK_TEXT)
    return out


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


def _distinct_keys(values: pd.Series) -> list[str]:
    return [enum_key(str(v)) for v in values.tolist()]


def _empty_lost() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LOST_COLUMNS})
