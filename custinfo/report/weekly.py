"""The weekly/monthly report (客户周报/客户月报) as frames: a per-customer snapshot of this run, and
the report's sections computed from it and the previous period's snapshot (docs/report.md).

Frames keep canonical column names; `localize` adds the words, `report_sheets` groups them into
sheets. No file is read or written here: the history stores snapshots, io writes the workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from custinfo.config.model import Config
from custinfo.config.report import ReportConfig
from custinfo.config.segment import NO_TRANSACTIONS
from custinfo.dataset import ROW_COL, SHEET_COL, Dataset
from custinfo.dedupe.decisions import record_keys
from custinfo.distinct import per_distinct
from custinfo.fields import DEFAULT_REGISTRY, Registry, SheetKind
from custinfo.report.privacy import mask_snapshot
from custinfo.typed import TypedSheet
from custinfo.validate.activity import latest_contact
from custinfo.validate.checks import is_blank

# one row per customer after dedupe; what the run history stores per period
SNAPSHOT_COLUMNS = (
    "customer_id", "name", "customer_type", "contact", "phone", "owner", "status",
    "tag_industry", "tag_region", "tag_scale", "need_type", "need",
    "rfm_segment", "layer", "priority", "tags", "label",
    "first_contact", "last_interaction", "next_contact",  # last_interaction: latest known contact
    "findings", "errors", "missing", "missing_fields",  # missing_fields: field names, comma-separated
    "match_key",  # who a customer is from one period to the next (see `_match_keys`)
)  # fmt: skip
DATE_COLUMNS = ("first_contact", "last_interaction", "next_contact")
COUNT_COLUMNS = ("findings", "errors", "missing")
_SEGMENT_PART = ("tag_industry", "tag_region", "tag_scale", "rfm_segment", "layer", "priority")
_SEGMENT_TEXT = ("tags", "label")

# the 8 classes from the highest level to the lowest: M first, then F, then R (a customer who
# spends much and often but lately less is worth more than a new one who spent much once)
LEVELS = (
    "重要价值客户", "重要保持客户", "重要发展客户", "重要挽留客户",
    "一般价值客户", "一般保持客户", "一般发展客户", "一般挽留客户", NO_TRANSACTIONS,
)  # fmt: skip
UNKNOWN, NEW, GONE, NO_OWNER = "未知", "新增", "已删除", "(未填负责人)"
DUE, OVERDUE = "due", "overdue"
DIMENSIONS = ("status", "rfm_segment", "tag_industry", "tag_region", "tag_scale")
NEED_SEPARATORS = r"[、，,；;/／|\s]+"
NEED_PLACEHOLDERS = frozenset({"暂无", "待定", "未知", "不详", "其他", "待补充", "没有"})


@dataclass(frozen=True)
class Period:
    kind: Literal["week", "month"]
    name: str  # 2024-W20 (ISO week) | 2024-05
    start: dt.date
    end: dt.date  # included
    as_of: dt.date


def period(as_of: dt.date, kind: Literal["week", "month"] = "week") -> Period:
    """The ISO week (Monday to Sunday) or calendar month that holds `as_of`."""
    if kind == "week":
        year, week, _ = as_of.isocalendar()
        start = as_of - dt.timedelta(days=as_of.weekday())
        return Period(kind, f"{year}-W{week:02d}", start, start + dt.timedelta(days=6), as_of)
    if kind == "month":
        start = as_of.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Period(kind, f"{as_of:%Y-%m}", start, end, as_of)
    raise ValueError(f"unknown period kind {kind!r}; use week or month")


def report_filename(p: Period) -> str:
    """客户周报-2024-W20.xlsx / 客户月报-2024-05.xlsx"""
    return f"{'客户周报' if p.kind == 'week' else '客户月报'}-{p.name}.xlsx"


def report_config(config: Config) -> ReportConfig:
    """rules.yaml `report`."""
    return config.report


# --- the snapshot ---------------------------------------------------------------------------


def snapshot(ds: Dataset, as_of: dt.date, registry: Registry = DEFAULT_REGISTRY) -> pd.DataFrame:
    """SNAPSHOT_COLUMNS, one row per customer: the merged customers when dedupe ran, else the
    rows as read; segment columns blank when segment did not run."""
    table = ds.book.table(SheetKind.CUSTOMERS)
    assert table is not None, "ingest guarantees a customer sheet"
    d = ds.dedupe
    frame = d.masters if d is not None else ds.customers
    typed = TypedSheet(table, frame, registry, as_of)
    ix_table = ds.book.table(SheetKind.INTERACTIONS)
    ix_frame = d.interactions if d is not None else ds.interactions
    ix = (
        None
        if ix_table is None or ix_frame is None
        else TypedSheet(ix_table, ix_frame, registry, as_of)
    )
    key = _keys(frame)
    out = pd.DataFrame({"customer_id": key.str.strip()}, index=frame.index)
    for name in (
        "name",
        "customer_type",
        "contact",
        "phone",
        "owner",
        "status",
        "need_type",
        "need",
    ):
        out[name] = typed[name]
    where = pd.MultiIndex.from_arrays([frame[SHEET_COL], frame[ROW_COL].astype("int64")])
    seg = None if ds.segment is None else ds.segment.table
    seg = None if seg is None else seg.set_index(["source_sheet", "source_row"]).reindex(where)
    for name in (*_SEGMENT_PART, *_SEGMENT_TEXT):
        out[name] = None if seg is None else seg[name].to_numpy(dtype=object)
    out["first_contact"] = typed["first_contact"]
    out["last_interaction"] = latest_contact(typed, ix, as_of)
    out["next_contact"] = typed["next_contact"]
    out[["findings", "errors"]] = _finding_counts(ds, table.sheet, frame, key)
    required = [f.name for f in registry.for_sheet(SheetKind.CUSTOMERS) if f.required]
    blank = pd.DataFrame({n: is_blank(frame[n]) for n in required if n in frame}, index=frame.index)
    out["missing"] = blank.sum(axis=1).astype("int64")
    out["missing_fields"] = _names_where(blank)
    out["match_key"] = _match_keys(frame)
    return out[list(SNAPSHOT_COLUMNS)].reset_index(drop=True)


def _match_keys(frame: pd.DataFrame) -> np.ndarray:
    """`id:<客户编号>` when given, else `fp:<hash>` of the customer's name, contact, phone … as
    normalized: a customer without an ID is still the same customer next week when rows have
    moved (its row number is not), unless those values changed."""
    return record_keys(frame, np.arange(len(frame)), unique_ids=False)


def _keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's 客户编号 as typed, "行N" when blank: the ledger's master_id."""
    rows = "行" + frame[ROW_COL].astype("int64").astype(str)
    if "customer_id" not in frame:
        return rows
    return frame["customer_id"].astype(object).where(~is_blank(frame["customer_id"]), rows)


def _finding_counts(ds: Dataset, sheet: str, frame: pd.DataFrame, key: pd.Series) -> np.ndarray:
    """Findings and error findings on each customer's source row(s)."""
    f = ds.findings[ds.findings["sheet"].eq(sheet)]
    d = ds.dedupe
    if d is not None:
        owner = pd.Series(
            d.ledger["master_id"].to_numpy(),
            index=pd.MultiIndex.from_arrays([d.ledger["source_sheet"], d.ledger["source_row"]]),
        )
    else:
        owner = pd.Series(
            key.to_numpy(), index=pd.MultiIndex.from_arrays([frame[SHEET_COL], frame[ROW_COL]])
        )
    who = owner.reindex(pd.MultiIndex.from_arrays([f["sheet"], f["row"].astype("int64")]))
    per = pd.DataFrame({"who": who.to_numpy(), "errors": f["severity"].eq("error").to_numpy()})
    counts = per.groupby("who")["errors"].agg(["size", "sum"]).reindex(key.to_numpy())
    return counts.fillna(0).astype("int64").to_numpy()


def _names_where(blank: pd.DataFrame) -> pd.Series:
    text = pd.Series("", index=blank.index, dtype=object)
    for name in blank.columns:
        text = text + np.where(blank[name], f"{name},", "")
    return text.str.rstrip(",")


def coerce(snap: pd.DataFrame) -> pd.DataFrame:
    """A snapshot as `snapshot` makes it, whatever the history read back (dates as text, counts
    as floats, columns an older custinfo did not store)."""
    out = snap.reindex(columns=list(SNAPSHOT_COLUMNS))
    for c in DATE_COLUMNS:
        out[c] = pd.to_datetime(out[c], errors="coerce")
    for c in COUNT_COLUMNS:
        out[c] = pd.to_numeric(out[c], errors="coerce").fillna(0).astype("int64")
    out["customer_id"] = out["customer_id"].astype(str)
    # a snapshot recorded before match_key existed: its IDs, or its row numbers when blank
    old = out["customer_id"].where(
        out["customer_id"].str.startswith("行"), "id:" + out["customer_id"]
    )
    out["match_key"] = out["match_key"].where(out["match_key"].notna(), old).astype(str)
    return out


def run_counts(current: pd.DataFrame) -> dict[str, float | int]:
    """The numbers a run records for the trend: customers, quality (0-100), findings."""
    n = len(current)
    clean = int(current["errors"].eq(0).sum())
    return {
        "customers": n,
        "quality": round(100 * clean / n, 1) if n else 100.0,
        "findings": int(current["findings"].sum()),
        "customers_with_errors": n - clean,
        "to_complete": int(current["missing"].gt(0).sum()),
    }


# --- the sections: (current, previous | None, period, config) -> frame -----------------------

Frame = pd.DataFrame
Section = Callable[[Frame, "Frame | None", Period, Config], Frame]
_WHO = ["owner", "customer_id", "name"]


def _rows(
    frame: pd.DataFrame, columns: list[str], by: list[str], ascending: bool | list[bool] = True
) -> pd.DataFrame:
    out = frame[[*_WHO, *columns]].assign(owner=frame["owner"].fillna(NO_OWNER))
    return out.sort_values(["owner", *by], ascending=ascending, kind="stable").reset_index(
        drop=True
    )


def overview(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """dimension, value, customers, share, previous (customers), change: status, RFM segment,
    industry, region group and size."""

    def counts(snap: pd.DataFrame) -> pd.Series:
        long = snap[list(DIMENSIONS)].fillna(UNKNOWN).melt(var_name="dimension")
        return long.groupby(["dimension", "value"]).size()

    now = counts(current)
    if previous is None:
        out = now.rename("customers").to_frame().assign(previous=None, change=None)
    else:  # a value gone since keeps its row, with 0 customers now
        out = pd.concat({"customers": now, "previous": counts(previous)}, axis=1)
        out = out.fillna(0).astype("int64")
        out["change"] = out["customers"] - out["previous"]
    out = out.reset_index()
    out.insert(3, "share", out["customers"] / max(len(current), 1))
    out["order"] = out["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    out = out.sort_values(["order", "customers", "value"], ascending=[True, False, True])
    return out.drop(columns="order").reset_index(drop=True)


def quality(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """metric, value, previous, change: customers, quality score, findings, customers with an
    error, customers with 待补充."""
    now = run_counts(current)
    before = run_counts(previous) if previous is not None else {}
    out = pd.DataFrame({"metric": list(now), "value": list(now.values())})
    out["previous"] = out["metric"].map(before)
    out["change"] = out["value"] - out["previous"]
    return out


def trend(
    history: pd.DataFrame | None, current: pd.DataFrame, p: Period, config: Config
) -> pd.DataFrame:
    """period, quality, findings, customers over the last runs, this one last."""
    now = {
        k: v for k, v in run_counts(current).items() if k in ("quality", "findings", "customers")
    }
    row = pd.DataFrame([{"period": p.name, **now}])
    cols = ["period", "quality", "findings", "customers"]
    past = history.reindex(columns=cols) if history is not None else row.iloc[:0]
    out = pd.concat([past[past["period"].astype(str).ne(p.name)], row], ignore_index=True)
    return out.tail(report_config(config).trend_runs).reset_index(drop=True)


def new_customers(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """Customers not in the previous snapshot; without one, first contacted within the period."""
    if previous is not None:
        new = ~current["match_key"].isin(previous["match_key"])
    else:
        new = current["first_contact"].between(pd.Timestamp(p.start), pd.Timestamp(p.end))
    cols = ["contact", "phone", "status", "tag_industry", "rfm_segment", "first_contact"]
    return _rows(current[new], cols, ["customer_id"])


def _joined(current: pd.DataFrame, previous: pd.DataFrame, column: str) -> pd.DataFrame:
    """Customers in both snapshots, with the previous `column` as previous_<column>."""
    before = previous.drop_duplicates("match_key")[["match_key", column]]
    return current.merge(before.rename(columns={column: f"previous_{column}"}), on="match_key")


def status_changes(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """Customers whose status changed since the previous snapshot (previous_status → status)."""
    cols = ["previous_status", "status"]
    if previous is None:
        return pd.DataFrame(columns=[*_WHO, *cols])
    both = _joined(current, previous, "status")
    changed = both["status"].fillna("").ne(both["previous_status"].fillna(""))
    return _rows(both[changed], cols, ["customer_id"])


def _levels(config: Config) -> list[str]:
    return report_config(config).segment_order or list(LEVELS)


def migration(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """Customers per (previous segment row, current segment column), with a 新增 row and an
    已删除 column; empty without a previous snapshot."""
    if previous is None:
        return pd.DataFrame(columns=["previous_segment"])
    both = previous.drop_duplicates("match_key")[["match_key", "rfm_segment"]].merge(
        current.drop_duplicates("match_key")[["match_key", "rfm_segment"]],
        on="match_key", how="outer", suffixes=("_previous", ""), indicator=True,
    )  # fmt: skip
    before = (
        both["rfm_segment_previous"].fillna(UNKNOWN).where(both["_merge"].ne("right_only"), NEW)
    )
    after = both["rfm_segment"].fillna(UNKNOWN).where(both["_merge"].ne("left_only"), GONE)
    seen = set(before) | set(after)
    levels = [s for s in _levels(config) if s in seen]
    order = levels + sorted(seen - set(levels) - {NEW, GONE})
    table = pd.crosstab(before, after).reindex(
        index=[*order, NEW], columns=[*order, GONE], fill_value=0
    )
    table = table.rename_axis(index="previous_segment", columns=None)
    return table.reset_index()


def dropped(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """Customers whose RFM segment is lower than in the previous snapshot; levels = how many."""
    cols = ["previous_rfm_segment", "rfm_segment", "levels"]
    if previous is None:
        return pd.DataFrame(columns=[*_WHO, *cols])
    rank = {s: i for i, s in enumerate(_levels(config))}
    both = _joined(current, previous, "rfm_segment")
    both["levels"] = both["rfm_segment"].map(rank) - both["previous_rfm_segment"].map(rank)
    down = both[both["levels"].gt(0)].assign(levels=lambda f: f["levels"].astype("int64"))
    return _rows(down, cols, ["levels", "customer_id"], [True, False, True])


def followups(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """Follow-ups due within the period and overdue ones (下次沟通时间 before the period, no contact
    since); state due/overdue, days_overdue counted to the as-of day."""
    skip = config.validate_.followup.skip_statuses
    nxt, last = current["next_contact"], current["last_interaction"]
    open_ = ~current["status"].isin(skip) & ~last.ge(nxt)  # contact on or after it: done
    due = open_ & nxt.between(pd.Timestamp(p.start), pd.Timestamp(p.end))
    overdue = open_ & nxt.lt(pd.Timestamp(p.start))
    hit = current[due | overdue].assign(state=np.where(overdue[due | overdue], OVERDUE, DUE))
    hit["days_overdue"] = (pd.Timestamp(p.as_of) - hit["next_contact"]).dt.days.clip(lower=0)
    cols = [
        "contact",
        "phone",
        "status",
        "next_contact",
        "last_interaction",
        "state",
        "days_overdue",
    ]
    return _rows(hit, cols, ["state", "next_contact", "customer_id"], [True, False, True, True])


def _days_since(current: pd.DataFrame, p: Period) -> pd.Series:
    days: pd.Series = (pd.Timestamp(p.as_of) - current["last_interaction"]).dt.days
    return days


def stale(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """需复核: no contact for `validate.followup.stale_days` days (statuses in skip_statuses and
    customers with no contact date at all are left out, as in the followup.stale warning)."""
    cfg = config.validate_.followup
    days = _days_since(current, p)
    hit = current[~current["status"].isin(cfg.skip_statuses) & days.gt(cfg.stale_days)]
    cols = ["contact", "phone", "status", "last_interaction", "days_since_contact"]
    hit = hit.assign(days_since_contact=days[hit.index])
    return _rows(hit, cols, ["days_since_contact", "customer_id"], [True, False, True])


def pool(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """公海候选: customers whose `report.pool_days` without contact run out by the period's end
    (report only); release_date is the day they would go back to the pool."""
    rc = report_config(config)
    release = current["last_interaction"] + pd.Timedelta(days=rc.pool_days)
    hit = ~current["status"].isin(rc.pool_exempt_statuses) & release.le(pd.Timestamp(p.end))
    out = current[hit].assign(
        release_date=release[hit], days_since_contact=_days_since(current, p)[hit]
    )
    cols = ["status", "last_interaction", "days_since_contact", "release_date"]
    return _rows(out, cols, ["release_date", "customer_id"])


def to_complete(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """待补充: customers with blank required fields, which ones, per owner."""
    hit = current[current["missing"].gt(0)]
    return _rows(
        hit, ["missing", "missing_fields"], ["missing", "customer_id"], [True, False, True]
    )


def needs(current: Frame, previous: Frame | None, p: Period, config: Config) -> Frame:
    """tag_industry, need, customers, industry_customers, share, rank: the most frequent needs
    per industry from 需求类型 and the phrases of 需求描述 (each customer counted once a need)."""
    industry = current["tag_industry"].fillna(UNKNOWN)
    text = current["need_type"].fillna("") + "、" + current["need"].fillna("")
    phrases = pd.DataFrame({"tag_industry": industry, "need": text.str.split(NEED_SEPARATORS)})
    phrases = phrases.explode("need").reset_index(names="customer")
    phrases["need"] = phrases["need"].astype(str).str.strip("。.：:")
    keep = phrases["need"].str.len().ge(2) & ~phrases["need"].isin(NEED_PLACEHOLDERS)
    phrases = phrases[keep].drop_duplicates(["customer", "need"])
    out = phrases.groupby(["tag_industry", "need"]).size().rename("customers").reset_index()
    size = industry.value_counts()
    out["industry_customers"] = out["tag_industry"].map(size).astype("int64")
    out["share"] = out["customers"] / out["industry_customers"]
    out = out.sort_values(
        ["industry_customers", "tag_industry", "customers", "need"],
        ascending=[False, True, False, True],
    )
    out["rank"] = out.groupby("tag_industry").cumcount() + 1
    return out[out["rank"].le(report_config(config).top_needs)].reset_index(drop=True)


SECTIONS: dict[str, Section] = {
    "overview": overview,
    "quality": quality,
    "new_customers": new_customers,
    "status_changes": status_changes,
    "migration": migration,
    "dropped": dropped,
    "followups": followups,
    "stale": stale,
    "pool": pool,
    "to_complete": to_complete,
    "needs": needs,
}


def build_sections(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    p: Period,
    config: Config,
    *,
    history: pd.DataFrame | None = None,
    mask: bool = False,
) -> dict[str, pd.DataFrame]:
    """Every section by key (SECTIONS, then trend from `history`: period, quality, findings,
    customers of earlier runs); names, contacts and phones masked when `mask`."""
    now = coerce(current)
    before = None if previous is None else coerce(previous)
    if mask:
        now, before = mask_snapshot(now), None if before is None else mask_snapshot(before)
    out = {key: fn(now, before, p, config) for key, fn in SECTIONS.items()}
    out["trend"] = trend(history, now, p, config)
    return out


# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, tuple[str, str]] = {
    "customer_id": ("客户编号", "Customer ID"),
    "name": ("客户名称", "Name"),
    "customer_type": ("客户类型", "Type"),
    "contact": ("联系人", "Contact"),
    "phone": ("联系电话", "Phone"),
    "owner": ("负责人", "Owner"),
    "status": ("客户状态", "Status"),
    "tag_industry": ("行业", "Industry"),
    "tag_region": ("地区", "Region"),
    "tag_scale": ("规模", "Size"),
    "need_type": ("需求类型", "Need type"),
    "need": ("需求", "Need"),
    "rfm_segment": ("RFM分层", "RFM segment"),
    "layer": ("客户层级", "Layer"),
    "priority": ("综合优先级", "Priority"),
    "tags": ("命中规则", "Rules matched"),
    "label": ("组合标签", "Label"),
    "first_contact": ("首次接触时间", "First contact"),
    "last_interaction": ("最近联系时间", "Last contact"),
    "next_contact": ("下次沟通时间", "Next contact"),
    "findings": ("问题数", "Findings"),
    "errors": ("错误数", "Errors"),
    "missing": ("待补充项数", "Missing"),
    "missing_fields": ("待补充项", "Missing fields"),
    "dimension": ("维度", "Dimension"),
    "value": ("值", "Value"),
    "customers": ("客户数", "Customers"),
    "share": ("占比", "Share"),
    "previous": ("上期", "Previous"),
    "change": ("变化", "Change"),
    "metric": ("指标", "Metric"),
    "period": ("周期", "Period"),
    "quality": ("数据质量分", "Quality score"),
    "customers_with_errors": ("有错误的客户", "Customers with errors"),
    "to_complete": ("待补充的客户", "Customers to complete"),
    "previous_status": ("原状态", "Previous status"),
    "previous_rfm_segment": ("原分层", "Previous segment"),
    "levels": ("下降层级", "Levels down"),
    "previous_segment": ("上期分层＼本期分层", "Previous＼current segment"),
    "state": ("提醒类型", "Reminder"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "days_since_contact": ("未联系天数", "Days without contact"),
    "release_date": ("回归公海日期", "Back to pool on"),
    "industry_customers": ("行业客户数", "Customers in industry"),
    "rank": ("排名", "Rank"),
}
VALUE_WORDS: dict[str, tuple[str, str]] = {
    DUE: ("本期到期", "Due"),
    OVERDUE: ("已逾期", "Overdue"),
    NEW: (NEW, "New"),
    GONE: (GONE, "Removed"),
    NO_OWNER: (NO_OWNER, "(no owner)"),
}
# section -> (sheet, block title zh, en); a sheet shows its blocks in this order
BLOCKS: dict[str, tuple[str, str, str]] = {
    "overview": ("overview", "客户分布", "Customers"),
    "quality": ("overview", "数据质量", "Data quality"),
    "trend": ("overview", "质量趋势", "Quality trend"),
    "new_customers": ("new_customers", "本期新增客户", "New customers"),
    "status_changes": ("status_changes", "客户状态变化", "Status changes"),
    "migration": ("migration", "分层迁移矩阵", "Segment migration"),
    "dropped": ("migration", "分层下降的客户", "Customers that dropped a level"),
    "followups": ("followups", "本期到期与逾期的跟进", "Follow-ups due and overdue"),
    "stale": ("stale", "长期未联系（需复核）", "No contact for long (to review)"),
    "pool": ("pool", "即将回归公海的客户", "Customers going back to the pool"),
    "to_complete": ("to_complete", "负责人", "Owner"),
    "needs": ("needs", "各行业高频需求", "Frequent needs per industry"),
}
SHEETS: dict[str, tuple[str, str]] = {
    "overview": ("概览", "Overview"),
    "new_customers": ("新增客户", "New customers"),
    "status_changes": ("状态变化", "Status changes"),
    "migration": ("分层迁移", "Segment migration"),
    "followups": ("跟进提醒", "Follow-ups"),
    "stale": ("需复核", "To review"),
    "pool": ("公海候选", "Pool candidates"),
    "to_complete": ("待补充", "To complete"),
    "needs": ("高频需求", "Frequent needs"),
}


def localize(
    frame: pd.DataFrame, lang: str = "zh", registry: Registry = DEFAULT_REGISTRY
) -> pd.DataFrame:
    """A section with headers and the report's own values (due, 新增, metric names …) in
    `lang`; 待补充项 named by the fields' Chinese names under zh."""
    i = 1 if lang == "en" else 0
    values = {k: v[i] for k, v in VALUE_WORDS.items()}
    words = {k: v[i] for k, v in WORDS.items()}
    out = frame.copy()
    for col in ("state", "owner", "previous_segment"):
        if col in out:
            out[col] = out[col].replace(values)
    for col in ("dimension", "metric"):
        if col in out:
            out[col] = out[col].map(lambda k: words.get(k, k))
    if "missing_fields" in out:
        zh = {f.name: f.zh for f in registry.for_sheet(SheetKind.CUSTOMERS)}
        sep = ", " if i else "、"
        out["missing_fields"] = per_distinct(
            out["missing_fields"],
            lambda u: [
                sep.join(n if i else zh.get(n, n) for n in str(t).split(",") if n) for t in u
            ],
            "",
        )
    return out.rename(columns=lambda c: words.get(str(c), values.get(str(c), str(c))))


def report_sheets(
    sections: dict[str, pd.DataFrame], lang: str = "zh", registry: Registry = DEFAULT_REGISTRY
) -> dict[str, list[tuple[str, pd.DataFrame]]]:
    """Sheet title -> its blocks (title, localized frame), in report order; 待补充 has one block
    per 负责人 (a sheet with nothing to list keeps its empty table)."""
    i = 1 if lang == "en" else 0
    out: dict[str, list[tuple[str, pd.DataFrame]]] = {title[i]: [] for title in SHEETS.values()}
    for key, (sheet, zh, en) in BLOCKS.items():
        frame = sections.get(key)
        if frame is None:
            continue
        blocks = [((zh, en)[i], frame)]
        if key == "to_complete" and len(frame):
            owner = {NO_OWNER: VALUE_WORDS[NO_OWNER][i]}
            blocks = [
                (f"{(zh, en)[i]}：{owner.get(str(o), str(o))}", g)
                for o, g in frame.groupby("owner", sort=False)
            ]
        out[SHEETS[sheet][i]] += [
            (t, localize(f.reset_index(drop=True), lang, registry)) for t, f in blocks
        ]
    return out


def report_charts(lang: str = "zh") -> list[dict[str, Any]]:
    """The report's charts, as plain data for io: the data-quality score over the recorded runs
    beside 质量趋势, and customers per status and per RFM segment beside 客户分布 (概览)."""
    i = 1 if lang == "en" else 0
    trend_sheet, zh, en = BLOCKS["trend"]
    dist_sheet, dzh, den = BLOCKS["overview"]
    per = [
        {
            "sheet": SHEETS[dist_sheet][i],
            "block": (dzh, den)[i],
            "category": WORDS["value"][i],
            "value": WORDS["customers"][i],
            "title": title[i],
            "kind": "column",
            "rows": (WORDS["dimension"][i], WORDS[dimension][i]),
        }
        for dimension, title in (
            ("status", ("客户状态分布", "Customers by status")),
            ("rfm_segment", ("RFM 分层分布", "Customers by RFM segment")),
        )
    ]
    return [
        {
            "sheet": SHEETS[trend_sheet][i],
            "block": (zh, en)[i],
            "category": WORDS["period"][i],
            "value": WORDS["quality"][i],
            "title": ("数据质量分走势", "Data quality over time")[i],
        },
        *per,
    ]


def headline(sections: dict[str, pd.DataFrame], p: Period) -> dict[str, Any]:
    """The report's headline numbers by canonical name (the run summary's `report` key)."""
    follow = sections["followups"]["state"]
    q = sections["quality"].set_index("metric").astype("float64")
    score, before = (float(v) for v in q.loc["quality", ["value", "previous"]].to_numpy())
    return {
        "period": p.name,
        "new_customers": len(sections["new_customers"]),
        "status_changes": len(sections["status_changes"]),
        "dropped": len(sections["dropped"]),
        "followups_due": int(follow.eq(DUE).sum()),
        "followups_overdue": int(follow.eq(OVERDUE).sum()),
        "stale": len(sections["stale"]),
        "pool": len(sections["pool"]),
        "to_complete": len(sections["to_complete"]),
        "quality": score,
        "quality_previous": None if np.isnan(before) else before,
    }


_HEADLINE_WORDS = {
    "new_customers": ("新增客户", "New customers"),
    "status_changes": ("状态变化", "Status changes"),
    "dropped": ("分层下降", "Dropped a segment level"),
    "followups_due": ("本期到期跟进", "Follow-ups due"),
    "followups_overdue": ("逾期跟进", "Overdue follow-ups"),
    "stale": ("长期未联系（需复核）", "No contact for long (to review)"),
    "pool": ("公海候选", "Pool candidates"),
    "to_complete": ("待补充的客户", "Customers with missing fields"),
}


def summary_markdown(sections: dict[str, pd.DataFrame], p: Period, lang: str = "zh") -> str:
    """The headline numbers for mail, as short Markdown in `lang`."""
    en = lang == "en"
    h = headline(sections, p)
    score, before = h["quality"], h["quality_previous"]
    was = "" if before is None else (f" (previous {before:g})" if en else f"（上期 {before:g}）")
    lines = [
        (
            f"# Customer {'weekly' if p.kind == 'week' else 'monthly'} report {p.name}"
            if en
            else f"# {'客户周报' if p.kind == 'week' else '客户月报'} {p.name}"
        ),
        f"{p.start:%Y-%m-%d} – {p.end:%Y-%m-%d}"
        + (f", as of {p.as_of}" if en else f"，统计日 {p.as_of}"),
        "",
    ]
    lines += [
        f"- {en_}: {h[key]}" if en else f"- {zh}：{h[key]}"
        for key, (zh, en_) in _HEADLINE_WORDS.items()
    ]
    lines.append(f"- Data quality: {score:g}/100{was}" if en else f"- 数据质量：{score:g} 分{was}")
    return "\n".join(lines) + "\n"
