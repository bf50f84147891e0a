"""The dedupe stage: the same customer found however it was typed, merged by rules, explained.

blocking (keys.py, blocking.py) -> candidate pairs -> scoring.py (Fellegi–Sunter weights over
the comparators in compare.py) -> merge links at or above `merge_score`, review pairs between
`review_score` and it -> clusters.py (connected components, chaining guard) -> merge.py
(survivorship) -> the ledger, the cluster and review tables, and interactions/transactions
re-keyed to each master. The user's rows in `Dataset.customers` stay as read; what dedupe made is
`Dataset.dedupe`. docs/dedupe.md explains the choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
import pandas as pd

from custinfo.config import Rules
from custinfo.config.model import DedupeConfig
from custinfo.dataset import (
    LEDGER_COLUMNS,
    ROW_COL,
    SHEET_COL,
    Dataset,
    DedupeResult,
    PairDecision,
    Table,
)
from custinfo.dedupe.blocking import Candidates, cached_keys, candidate_pairs
from custinfo.dedupe.clusters import guarded_clusters
from custinfo.dedupe.compare import gc_paused, preparer
from custinfo.dedupe.decisions import Decided, pack, record_keys, resolve, unpack, within
from custinfo.dedupe.keys import match_columns
from custinfo.dedupe.merge import Merged, id_map, merge, rekey
from custinfo.dedupe.scoring import FieldPlan, Scored, evidence, plan_fields, score_pairs
from custinfo.errors import InputError
from custinfo.fields import DERIVED_HEADERS, Registry, SheetKind
from custinfo.findings import concat, findings_from_mask

# what the 待确认 sheet shows of each side, when the sheet has it
REVIEW_FIELDS = ("customer_id", "name", "contact", "phone", "email", "city", "address", "owner")


def run(ds: Dataset, rules: Rules) -> Dataset:
    cfg = rules.config.dedupe
    table = ds.book.table(SheetKind.CUSTOMERS)
    if not cfg.enabled or table is None:
        return ds
    frame = ds.customers.reset_index(drop=True)
    view = match_view(frame, cfg.blanks)
    decided = resolve(frame, rules.decisions)
    invalid = _invalid(ds, table)
    found = find_duplicates(view, table, cfg, decided, rules.lang)
    merged = merge(frame, found.label, cfg.survivorship, invalid)
    split: tuple[PairDecision, ...] = ()
    if rules.unmerge:
        split = _unmerge(frame, merged, rules.unmerge)
        decided = decided.splitting(_split_pairs(merged, rules.unmerge))
        found = find_duplicates(view, table, cfg, decided, rules.lang)
        merged = merge(frame, found.label, cfg.survivorship, invalid)
    ledger = _ledger(frame, found, merged, rules.registry, table, rules.lang)
    ids = id_map(frame, merged)
    interactions = _rekeyed(ds.interactions, ids)
    transactions = _rekeyed(ds.transactions, ids)
    result = DedupeResult(
        masters=merged.masters,
        ledger=ledger,
        clusters=_clusters(frame, found, merged, ledger),
        review=_review(frame, found),
        blocking=_blocking(found.candidates),
        interactions=interactions,
        transactions=transactions,
        stats={**_stats(frame, found, merged, ledger), **_decision_stats(decided, split)},
        decisions=split,
    )
    out = replace(ds, dedupe=result)
    return out.with_findings(_findings(table, frame, found, merged, ledger))


@dataclass(frozen=True)
class Found:
    """Pairs, their scores and the clusters they make."""

    candidates: Candidates
    plans: list[FieldPlan]
    scored: Scored
    label: np.ndarray
    links: Scored  # merge links kept (both rows in one cluster)
    review: Scored  # pairs for a person to decide
    review_words: list[str]
    link_words: list[str]
    contradicted: Scored  # pairs a person said 是 that the guard had to keep apart


def match_view(frame: pd.DataFrame, blanks: Sequence[str] = ()) -> pd.DataFrame:
    """The frame as the matcher reads it. Placeholders (暂无, 无, -) are blank: two 暂无 are no
    shared credit code, and a real code against 暂无 is no conflict. A personal customer's
    客户名称 is a person, so it is compared as the contact (when 联系人 is blank) and never as a
    company name — otherwise one name would count twice, and as a company name at that."""
    view = frame.copy(deep=False)
    nothing = {b.strip().casefold() for b in blanks}
    if nothing:
        for col in view.columns:
            if col in (ROW_COL, SHEET_COL) or view[col].dtype != object:
                continue
            codes, uniq = pd.factorize(view[col])
            empty = np.array([str(v).strip().casefold() in nothing for v in uniq], dtype=bool)
            if empty.any():
                hit = np.append(empty, False)[codes]
                view[col] = view[col].mask(hit)
    if not {"customer_type", "name"} <= set(frame.columns):
        return view
    kind = frame["customer_type"].astype("string").fillna("")
    personal = kind.str.contains("个人|个体|personal|individual", case=False, regex=True)
    if not personal.any():
        return view
    names = view["name"]
    view["name"] = names.mask(personal.to_numpy())
    if "contact" in view:
        contact = view["contact"]
        view["contact"] = contact.mask(personal.to_numpy() & contact.isna().to_numpy(), names)
    else:
        view["contact"] = names.where(personal.to_numpy())
    return view


@gc_paused()
def find_duplicates(
    frame: pd.DataFrame,
    table: Table | None,
    cfg: DedupeConfig,
    decided: Decided | None = None,
    lang: str = "zh",
) -> Found:
    """Candidate pairs, scores and guarded clusters over `frame` (positional rows). A pair a
    person called the same customer is a link whatever it scores; one called different is never
    linked, not even through a chain, and neither is asked about again."""
    n = len(frame)
    decided = decided or Decided.none()
    prepared = preparer(frame)  # cleaned once, shared by the match fields and the keys
    plans, _ = plan_fields(frame, table, cfg.fields, prepared)
    candidates = candidate_pairs(
        cfg.blocking,
        lambda name: match_columns(frame, table, [name]),
        cached_keys(prepared),
        cfg.max_block_size,
    )
    left, right = candidates.left, candidates.right
    if decided:
        left, right = unpack(np.union1d(pack(left, right), decided.same))
    scored = score_pairs(plans, left, right, cfg.prior_weight)
    said_same, said_different = _said(decided, scored.left, scored.right)
    is_link = ((scored.score >= cfg.merge_score) & ~scored.capped & ~said_different) | said_same
    links = scored.take(np.flatnonzero(is_link))

    def scorer(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = score_pairs(plans, a, b, cfg.prior_weight)
        same, different = _said(decided, a, b)
        score = np.where(same, np.maximum(s.score, cfg.review_score), s.score)
        return score, (s.vetoed | s.capped | different) & ~same

    # a person's 是 outranks any score when the chaining guard rebuilds a cluster
    rank = links.score + np.where(said_same[is_link], 1000.0, 0.0)
    label, refused = guarded_clusters(n, links.left, links.right, rank, scorer, cfg.review_score)
    kept = links.take(np.flatnonzero(~refused))
    # a 是 refused: it would join records a 否 (or different ID numbers) keeps apart
    contradicted = links.take(np.flatnonzero(refused & said_same[is_link]))
    maybe = (scored.score >= cfg.review_score) & ~is_link & ~said_different
    review = scored.take(np.flatnonzero(maybe))
    review = _concat(review, links.take(np.flatnonzero(refused)))
    asked = _said(decided, review.left, review.right)
    # a pair already merged, or already decided, needs no decision
    apart = (label[review.left] != label[review.right]) & ~asked[0] & ~asked[1]
    review = review.take(np.flatnonzero(apart))
    order = np.lexsort((review.right, review.left, -review.score))
    review = review.take(order)
    link_words = evidence(plans, kept, lang)
    confirmed = np.flatnonzero(_said(decided, kept.left, kept.right)[0])
    said = CONFIRMED["en" if lang == "en" else "zh"]
    for k in confirmed.tolist():
        link_words[k] = f"{said}; {link_words[k]}" if link_words[k] else said
    return Found(
        candidates,
        plans,
        scored,
        label,
        kept,
        review,
        evidence(plans, review, lang),
        link_words,
        contradicted,
    )


CONFIRMED = {"zh": "人工确认为同一客户", "en": "confirmed the same customer by a person"}
MASTER = {"zh": "主记录（共 {k} 条合并）", "en": "master record ({k} records merged)"}


def _said(decided: Decided, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: a person said it is the same customer; a person said it is not."""
    if not decided:
        none = np.zeros(len(left), dtype=bool)
        return none, none
    packed = pack(left, right)
    return np.isin(packed, decided.same), np.isin(packed, decided.different)


def _split_rows(merged: Merged, master_id: str) -> np.ndarray:
    """The row positions of the merged customer `master_id` (empty when it merged nothing)."""
    rows = np.flatnonzero(merged.master_id == master_id)
    return rows if len(rows) > 1 else rows[:0]


def _split_pairs(merged: Merged, master_ids: Sequence[str]) -> np.ndarray:
    parts = [within(_split_rows(merged, m)) for m in master_ids]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _unmerge(
    frame: pd.DataFrame, merged: Merged, master_ids: Sequence[str]
) -> tuple[PairDecision, ...]:
    """否 for every pair of records merged into each of `master_ids`: split now, and next week."""
    missing = [m for m in master_ids if not len(_split_rows(merged, m))]
    if missing:
        known = sorted({str(m) for m in merged.master_id[_multi_rows(merged)].tolist()})
        example = "、".join(known[:5]) or "（本次没有合并任何记录）"
        raise InputError(
            f"--unmerge：找不到合并了多条记录的主记录编号 {'、'.join(missing)}",
            f"编号见“合并记录”表的“主记录编号”列（本次合并组的编号如 {example}）",
            message_en=f"--unmerge: no merged customer has master ID {', '.join(missing)}",
            hint_en="Take the ID from the Master ID column of the Merge ledger sheet"
            f" (this run's merged IDs include {', '.join(known[:5]) or 'none'})",
        )
    today = dt.date.today().isoformat()
    names = _record_names(frame)
    out: list[PairDecision] = []
    for m in master_ids:
        rows = _split_rows(merged, m)
        keys = record_keys(frame, rows)
        label = _labels(frame, rows)
        i, j = np.triu_indices(len(rows), k=1)
        for a, b in zip(i.tolist(), j.tolist(), strict=True):
            out.append(
                PairDecision(
                    str(keys[a]),
                    str(keys[b]),
                    same=False,
                    name_a=label[a] or str(names[rows[a]]),
                    name_b=label[b] or str(names[rows[b]]),
                    decided_on=today,
                    source=f"unmerge {m}",
                )
            )
    return tuple(out)


def _multi_rows(merged: Merged) -> np.ndarray:
    size = np.bincount(merged.master_of, minlength=len(merged.masters))
    return np.flatnonzero(size[merged.master_of] > 1)


def _labels(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """How a person recognizes each record: its name, else its contact."""
    out = [""] * len(rows)
    for col in ("contact", "name"):
        if col in frame:
            values = frame[col].to_numpy(dtype=object)[rows]
            out = [
                str(v) if pd.notna(v) and str(v).strip() else o
                for v, o in zip(values, out, strict=True)
            ]
    return out


def _decision_stats(decided: Decided, split: Sequence[PairDecision]) -> dict[str, int]:
    return {
        "decided_same": len(decided.same),
        "decided_different": len(decided.different),
        "decisions_unmatched": decided.unmatched,
        "unmerged_pairs": len(split),
    }


def _concat(a: Scored, b: Scored) -> Scored:
    return Scored(
        *(
            np.concatenate([x, y])
            for x, y in zip(
                (a.left, a.right, a.weight, a.score, a.vetoed, a.capped, a.levels, a.sims),
                (b.left, b.right, b.weight, b.score, b.vetoed, b.capped, b.levels, b.sims),
                strict=True,
            )
        )
    )


def _invalid(ds: Dataset, table: Table) -> dict[str, np.ndarray]:
    """Field -> rows (positional) whose cell has an error finding: survivorship prefers others."""
    f = ds.findings
    errors = f[f["sheet"].eq(table.sheet) & f["severity"].eq("error") & f["field"].ne("")]
    if errors.empty:
        return {}
    rows = ds.customers[ROW_COL].to_numpy()
    out: dict[str, np.ndarray] = {}
    for name, group in errors.groupby("field"):
        out[str(name)] = np.isin(rows, group["row"].to_numpy())
    return out


def _best_links(n: int, found: Found) -> tuple[np.ndarray, np.ndarray]:
    """Per row its strongest kept link: (score or nan, index into found.links or -1)."""
    best = np.full(n, np.nan)
    which = np.full(n, -1, dtype=np.int64)
    links = found.links
    if not len(links.left):
        return best, which
    ends = np.concatenate([links.left, links.right])
    scores = np.concatenate([links.score, links.score])
    idx = np.concatenate([np.arange(len(links.left))] * 2)
    order = np.lexsort((-scores, ends))
    ends, scores, idx = ends[order], scores[order], idx[order]
    first = np.concatenate([[True], ends[1:] != ends[:-1]])
    best[ends[first]] = scores[first]
    which[ends[first]] = idx[first]
    return best, which


def _is_master(frame: pd.DataFrame, merged: Merged) -> np.ndarray:
    master_rows = merged.masters[ROW_COL].to_numpy()[merged.master_of]
    return np.asarray(frame[ROW_COL].to_numpy() == master_rows, dtype=bool)


def _ledger(
    frame: pd.DataFrame,
    found: Found,
    merged: Merged,
    registry: Registry,
    table: Table,
    lang: str = "zh",
) -> pd.DataFrame:
    n = len(frame)
    size = np.bincount(merged.master_of, minlength=len(merged.masters))[merged.master_of]
    is_master = _is_master(frame, merged)
    best, which = _best_links(n, found)
    in_cluster = size > 1
    ev = np.where(in_cluster, np.array([*found.link_words, ""], dtype=object)[which], "")
    heads = np.flatnonzero(in_cluster & is_master)
    master = MASTER["en" if lang == "en" else "zh"]
    ev[heads] = [master.format(k=k) for k in size[heads].tolist()]
    score = np.where(in_cluster & ~is_master, best, np.nan)
    return pd.DataFrame(
        {
            "source_sheet": frame[SHEET_COL].to_numpy(),
            "source_row": frame[ROW_COL].to_numpy().astype(np.int64),
            "master_id": merged.master_id,
            "cluster_id": merged.master_of.astype(np.int64) + 1,
            "match_score": score,
            "evidence": ev,
            "lost_values": _lost_text(frame, merged, registry, table, lang),
        },
        columns=list(LEDGER_COLUMNS),
    )


def _lost_text(
    frame: pd.DataFrame, merged: Merged, registry: Registry, table: Table, lang: str = "zh"
) -> np.ndarray:
    """Per row: the values survivorship did not keep, `负责人=张三; 客户状态=意向客户`
    (`owner=张三` in English: field names are what an English reader of the outputs sees)."""
    out = np.full(len(frame), "", dtype=object)
    lost = merged.lost
    if lost.empty:
        return out
    zh: dict[str, str] = {}
    if lang != "en":
        zh = {f.name: f.zh for f in registry.for_sheet(SheetKind.CUSTOMERS)} | DERIVED_HEADERS
    zh |= {c.key: c.header or c.key for c in table.columns if c.field is None}  # unmapped: x_C
    text = lost["field"].map(lambda f: zh.get(f, f)) + "=" + lost["value"].astype(str)
    joined = _joined(lost["row"].to_numpy(), text.to_numpy(), "; ")
    pos = pd.Series(np.arange(len(frame)), index=frame[ROW_COL].to_numpy())
    where = pos.reindex(joined.index).to_numpy()
    ok = ~np.isnan(where.astype(float))
    out[where[ok].astype(np.int64)] = joined.to_numpy()[ok]
    return out


def _joined(keys: np.ndarray, texts: np.ndarray, sep: str) -> pd.Series:
    """`texts` joined per key in their order, indexed by the keys ascending (a groupby-join
    without pandas' per-group overhead)."""
    order = np.argsort(keys, kind="stable")
    k, t = keys[order], texts[order].tolist()
    starts = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]]))
    bounds = np.append(starts, len(k)).tolist()
    joined = [sep.join(t[a:b]) for a, b in pairwise(bounds)]
    return pd.Series(joined, index=k[starts], dtype=object)


def _by_row(cluster: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((row, cluster))
    return cluster[order], row[order].astype(str).astype(object)


def _rekeyed(frame: pd.DataFrame | None, id_map: dict[str, str]) -> pd.DataFrame | None:
    if frame is None or "customer_id" not in frame or not id_map:
        return frame
    return rekey(frame, id_map)[0]


def _clusters(
    frame: pd.DataFrame, found: Found, merged: Merged, ledger: pd.DataFrame
) -> pd.DataFrame:
    size = np.bincount(merged.master_of, minlength=len(merged.masters))
    multi = np.flatnonzero(size > 1)
    cols = ["cluster_id", "master_id", "records", "rows", "min_score", "name", "contact", "phone"]
    if not len(multi):
        return pd.DataFrame(columns=cols)
    in_multi = size[merged.master_of] > 1
    rows = ledger.loc[in_multi, ["cluster_id", "source_row", "match_score"]]
    grouped = rows.groupby("cluster_id")
    masters = merged.masters.iloc[multi]
    out = pd.DataFrame(
        {
            "cluster_id": multi + 1,
            "master_id": _master_ids(merged, multi),
            "records": size[multi],
            "rows": _joined(
                *_by_row(rows["cluster_id"].to_numpy(), rows["source_row"].to_numpy()), ", "
            )
            .reindex(multi + 1)
            .to_numpy(),
            "min_score": grouped["match_score"].min().reindex(multi + 1).to_numpy(),
        }
    )
    for name in ("name", "contact", "phone"):
        out[name] = masters[name].to_numpy() if name in masters else None
    return out[cols]


def _master_ids(merged: Merged, multi: np.ndarray) -> np.ndarray:
    first = np.full(len(merged.masters), -1, dtype=np.int64)
    order = np.arange(len(merged.master_of))[::-1]
    first[merged.master_of[order]] = order
    return np.asarray(merged.master_id[first[multi]])


def _review(frame: pd.DataFrame, found: Found) -> pd.DataFrame:
    r = found.review
    out = pd.DataFrame(
        {
            "pair_id": np.arange(1, len(r.left) + 1),
            "row_a": frame[ROW_COL].to_numpy()[r.left].astype(np.int64),
            "row_b": frame[ROW_COL].to_numpy()[r.right].astype(np.int64),
            "match_score": r.score,
            "evidence": found.review_words,
        }
    )
    # the built-in fields a person recognizes a customer by, then whatever else was matched on
    # (a sheet deduped by its own headers: Given name, Postcode …)
    shown = [c for c in REVIEW_FIELDS if c in frame]
    shown += [c for p in found.plans for c in p.columns if c not in shown]
    for name in shown:
        if name in frame:
            values = frame[name].to_numpy(dtype=object)
            out[f"{name}_a"] = values[r.left]
            out[f"{name}_b"] = values[r.right]
    out["decision"] = ""
    keys = record_keys(frame, np.concatenate([r.left, r.right]))
    out["key_a"], out["key_b"] = keys[: len(r.left)], keys[len(r.left) :]
    return out


def _blocking(c: Candidates) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rule": r.name,
                "keys": r.keys,
                "pairs": r.pairs,
                "new_pairs": r.new_pairs,
                "skipped_blocks": r.skipped_blocks,
                "skipped_rows": r.skipped_rows,
                "missing_column": r.missing,
            }
            for r in c.counts
        ]
    )


def _stats(
    frame: pd.DataFrame, found: Found, merged: Merged, ledger: pd.DataFrame
) -> dict[str, int]:
    size = np.bincount(merged.master_of, minlength=len(merged.masters))
    return {
        "records": len(frame),
        "customers": len(merged.masters),
        "candidate_pairs": len(found.candidates.left),
        "merge_links": len(found.links.left),
        "clusters": int((size > 1).sum()),
        "merged_records": int(size[size > 1].sum() - (size > 1).sum()),
        "review_pairs": len(found.review.left),
    }


def _record_names(frame: pd.DataFrame) -> np.ndarray:
    """How a finding names another record: its 客户编号, else its Excel row as `#12`."""
    rows = frame[ROW_COL].to_numpy()
    out = np.array([f"#{r}" for r in rows.tolist()], dtype=object)
    if "customer_id" in frame:
        ids = frame["customer_id"].to_numpy(dtype=object)
        given = pd.notna(ids)
        out[given] = ids[given]
    return out


def _pair_findings(
    table: Table,
    frame: pd.DataFrame,
    field: str,
    pairs: Scored,
    names: np.ndarray,
    slug: str,
) -> pd.DataFrame:
    """`slug` on both rows of each pair, naming the other record(s)."""
    other = np.full(len(frame), "", dtype=object)
    pos = np.concatenate([pairs.left, pairs.right])
    txt = np.concatenate([names[pairs.right], names[pairs.left]])
    joined = _joined(pos, txt, "、")
    other[joined.index.to_numpy()] = joined.to_numpy()
    mask = pd.Series(other != "", index=frame.index)
    suggestion = pd.Series(other, index=frame.index)
    return findings_from_mask(table, frame, mask, field, slug, suggestion=suggestion)


def _findings(
    table: Table, frame: pd.DataFrame, found: Found, merged: Merged, ledger: pd.DataFrame
) -> pd.DataFrame:
    """dedupe.merged on every merged non-master record; dedupe.review on both rows of a pair to
    decide, dedupe.conflict on both rows of a 是 that other decisions contradict."""
    field = "name" if "name" in frame else next(iter(table.fields), "")
    size = np.bincount(merged.master_of, minlength=len(merged.masters))[merged.master_of]
    is_master = _is_master(frame, merged)
    hit = (size > 1) & ~is_master
    where = np.full(len(frame), "", dtype=object)
    where[hit] = merged.master_id[hit]  # an ID reads the same in every language
    merged_mask = pd.Series(hit, index=frame.index)
    out = [
        findings_from_mask(
            table,
            frame,
            merged_mask,
            field,
            "dedupe.merged",
            suggestion=pd.Series(where, index=frame.index),
        )
    ]
    names = _record_names(frame)
    for pairs, slug in ((found.review, "dedupe.review"), (found.contradicted, "dedupe.conflict")):
        if len(pairs.left):
            out.append(_pair_findings(table, frame, field, pairs, names, slug))
    return concat(out)
