"""Score candidate pairs: Fellegi–Sunter weights summed over the match fields.

Each match field's comparator puts a pair into a level (电话相同, 公司名相似 …); each level has a
weight, the log2 of how many times likelier that level is between two rows of one customer
than between two different customers (m/u). A pair's weight is `prior_weight` plus the weights
of its levels (a blank side adds nothing), and its match score is that weight as a
probability, ×100: 2^w / (1 + 2^w). So evidence adds up the way a person weighs it — the same
mobile number is strong, the same surname weak, a different city counts against — and every
score can be explained by the levels that made it (`evidence`). A veto field (credit code, ID
number) given on both sides and different sets the score to 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import custinfo.dedupe.compare as compare
from custinfo.config.model import MatchField
from custinfo.dataset import Table
from custinfo.dedupe.keys import match_columns

# an on_different="review" field caps a pair only when its similarity is below this
REVIEW_FLOOR = 60.0


@dataclass(frozen=True)
class FieldPlan:
    """One match field ready to compare: its columns found and its values prepared."""

    field: MatchField
    columns: list[str]
    prepared: compare.Prepared
    weights: np.ndarray  # float64 per level of its comparator
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    left: np.ndarray  # int64 row positions
    right: np.ndarray
    weight: np.ndarray  # float64: prior + the levels' weights (-inf when vetoed)
    score: np.ndarray  # float64 0-100
    vetoed: np.ndarray  # bool
    capped: np.ndarray  # bool: a review-only field differs, so the pair can be reviewed, not merged
    levels: np.ndarray  # int8, pairs x fields (-1: a side blank)
    sims: np.ndarray  # float32, pairs x fields

    def take(self, idx: np.ndarray) -> Scored:
        return Scored(
            self.left[idx],
            self.right[idx],
            self.weight[idx],
            self.score[idx],
            self.vetoed[idx],
            self.capped[idx],
            self.levels[idx],
            self.sims[idx],
        )


def plan_fields(
    frame: pd.DataFrame,
    table: Table | None,
    fields: Sequence[MatchField],
    prepared: Callable[[str, Sequence[str]], compare.Prepared] | None = None,
) -> tuple[list[FieldPlan], list[MatchField]]:
    """The fields the sheet has columns for, prepared (by `prepared`, shared with the blocking
    keys, when given); and the ones it has none for."""
    prepared = prepared or compare.preparer(frame)
    plans: list[FieldPlan] = []
    missing: list[MatchField] = []
    for f in fields:
        cols = match_columns(frame, table, f.columns)
        if not cols:
            missing.append(f)
            continue
        levels = compare.LEVELS[f.comparator]
        defaults = compare.DEFAULT_WEIGHTS[f.comparator]
        weights = np.array([f.weights.get(lv, defaults[lv]) for lv in levels], dtype=np.float64)
        plans.append(FieldPlan(f, cols, prepared(f.comparator, cols), weights, levels))
    return plans, missing


def score_pairs(
    plans: Sequence[FieldPlan], left: np.ndarray, right: np.ndarray, prior: float
) -> Scored:
    n = len(left)
    levels = np.full((n, len(plans)), -1, dtype=np.int8)
    sims = np.full((n, len(plans)), np.nan, dtype=np.float32)
    weight = np.full(n, prior, dtype=np.float64)
    vetoed = np.zeros(n, dtype=bool)
    capped = np.zeros(n, dtype=bool)
    for j, p in enumerate(plans):
        c = compare.compare(p.prepared, left, right)
        levels[:, j] = c.level
        sims[:, j] = c.score
        given = c.level >= 0
        weight[given] += p.weights[c.level[given]]
        differs = given & (c.level == len(p.levels) - 1)
        if p.field.on_different == "veto":
            vetoed |= differs
        elif p.field.on_different == "review":
            # only clearly different values: 瑞华软件/瑞桦软件 (75) may be a typo, 华为技术/华为终端 not
            capped |= differs & ~(c.score >= REVIEW_FLOOR)
    weight[vetoed] = -np.inf
    score = 100.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))
    score[vetoed] = 0.0
    return Scored(left, right, weight, np.round(score, 1), vetoed, capped, levels, sims)


def evidence(plans: Sequence[FieldPlan], scored: Scored, lang: str = "zh") -> list[str]:
    """Each pair's reasons in words, strongest first: `电话相同; 公司名相似 92; 联系人同姓(王总/王经理)`."""
    n = len(scored.left)
    if not n or not plans:
        return [""] * n
    lang_i = 1 if lang == "en" else 0
    contrib = np.zeros((n, len(plans)), dtype=np.float64)
    words = np.full((n, len(plans)), "", dtype=object)
    for j, p in enumerate(plans):
        lv = scored.levels[:, j]
        given = lv >= 0
        contrib[given, j] = p.weights[lv[given]]
        templates = compare.EVIDENCE[p.field.comparator]
        for k, level in enumerate(p.levels):
            rows = np.flatnonzero(lv == k)
            if not len(rows) or p.weights[k] == 0:
                continue
            text = templates[level][lang_i]
            if "{" not in text.replace("{name}", ""):  # 电话相同: the same words for every pair
                words[rows, j] = text.format(name=p.field.name)
                continue
            sim = scored.sims[rows, j]
            shown_l = compare.display(p.prepared, scored.left[rows])  # only what is shown
            shown_r = compare.display(p.prepared, scored.right[rows])
            words[rows, j] = [
                text.format(name=p.field.name, score=int(s) if s == s else 0, left=a, right=b)
                for s, a, b in zip(sim.tolist(), shown_l, shown_r, strict=True)
            ]
    order = np.argsort(-contrib, axis=1, kind="stable")
    ranked = np.take_along_axis(words, order, axis=1)
    veto_word = "否决：" if lang_i == 0 else "veto: "
    out: list[str] = []
    for i, row in enumerate(ranked):
        text = "; ".join(w for w in row if w)
        out.append(veto_word + text if scored.vetoed[i] else text)
    return out
