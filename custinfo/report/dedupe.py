"""What dedupe found, as sheets a sales manager reads (重复客户, 待确认, 合并记录, 去重分组) and as
summary numbers. Frames in `DedupeResult` keep canonical column names; the words are added here."""

from __future__ import annotations

from typing import Any

import pandas as pd

from custinfo.dataset import Dataset, DedupeResult
from custinfo.fields import DERIVED_HEADERS, Registry, SheetKind

SHEETS = {
    "clusters": {"zh": "重复客户", "en": "Duplicates"},
    "review": {"zh": "待确认", "en": "To review"},
    "ledger": {"zh": "合并记录", "en": "Merge ledger"},
    "blocking": {"zh": "去重分组", "en": "Blocking"},
}
DECISION_HEADER = {"zh": "是否同一客户", "en": "Same customer"}
# how --decisions finds the two records again, whatever rows they are on by then
KEY_HEADERS = {"zh": ("记录标识A", "记录标识B"), "en": ("Record key A", "Record key B")}
_WORDS: dict[str, tuple[str, str]] = {
    "cluster_id": ("组号", "Cluster"),
    "master_id": ("主记录编号", "Master ID"),
    "records": ("记录数", "Records"),
    "rows": ("行号", "Rows"),
    "min_score": ("最低匹配分", "Lowest score"),
    "pair_id": ("序号", "Pair"),
    "row_a": ("行号A", "Row A"),
    "row_b": ("行号B", "Row B"),
    "match_score": ("匹配分", "Score"),
    "evidence": ("依据", "Evidence"),
    "decision": (DECISION_HEADER["zh"], DECISION_HEADER["en"]),
    "key_a": (KEY_HEADERS["zh"][0], KEY_HEADERS["en"][0]),
    "key_b": (KEY_HEADERS["zh"][1], KEY_HEADERS["en"][1]),
    "source_sheet": ("来源工作表", "Sheet"),
    "source_row": ("来源行号", "Row"),
    "lost_values": ("未保留的值", "Values not kept"),
    "rule": ("分组规则", "Rule"),
    "keys": ("分组键", "Keys"),
    "pairs": ("候选对数", "Pairs"),
    "new_pairs": ("新增候选对", "New pairs"),
    "skipped_blocks": ("跳过的大组", "Blocks skipped"),
    "skipped_rows": ("大组中的记录", "Rows in them"),
    "missing_column": ("缺少的列", "Missing column"),
}


def dedupe_sheets(ds: Dataset, registry: Registry, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The dedupe sheets for a workbook, headers in `lang`; {} when dedupe did not run."""
    d = ds.dedupe
    if d is None:
        return {}
    lang = "en" if lang == "en" else "zh"
    names = _names(registry, lang)
    table = ds.book.table(SheetKind.CUSTOMERS)
    for c in table.columns if table else ():
        if c.field is None and c.header:  # a column matched by its header (rules.yaml)
            names[f"{c.key}_a"], names[f"{c.key}_b"] = (f"{c.header}{s}" for s in _AB[lang])
    return {
        SHEETS["clusters"][lang]: _localized(d.clusters, names),
        SHEETS["review"][lang]: _localized(d.review, names),
        SHEETS["ledger"][lang]: _localized(d.ledger, names),
        SHEETS["blocking"][lang]: _localized(d.blocking, names),
    }


_AB = {"zh": ("A", "B"), "en": (" A", " B")}  # the two sides of a 待确认 pair


def _names(registry: Registry, lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    words = {k: v[i] for k, v in _WORDS.items()}
    fields = {f.name: (f.name if i else f.zh) for f in registry.for_sheet(SheetKind.CUSTOMERS)}
    fields |= {k: (k if i else v) for k, v in DERIVED_HEADERS.items()}
    for name, label in fields.items():
        words[f"{name}_a"], words[f"{name}_b"] = (f"{label}{s}" for s in _AB[lang])
        words.setdefault(name, label)
    return words


def _localized(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame.rename(columns={c: names.get(str(c), str(c)) for c in frame.columns})


def dedupe_summary(d: DedupeResult | None) -> dict[str, Any] | None:
    """The `dedupe` key of the run summary."""
    if d is None:
        return None
    return {
        **{k: int(v) for k, v in d.stats.items()},
        "blocking": d.blocking.to_dict("records"),
    }
