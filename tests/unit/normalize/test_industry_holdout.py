"""所属行业 accuracy on labelled sets the matcher was not tuned on.

- `industries_holdout.csv` was built from sources not cited anywhere else and measured first, before
  any change: 72.7% top-1 (73.2% once 纺织服装 was relabelled 18, the head of that 大类's name).
  Nothing was tuned on it; measured again only at the end: 72.7% (141/194). Most of its misses
  were matcher logic (shop and wholesaler words, bracketed activities), not vocabulary. After the
  matcher-logic rules (activity words in brackets, shop words, repair → 81/43, a list's shared
  ending, fixed phrases, 配送, generic values in narrower names, goods lists → 门类, two-character
  typos), designed on the dev and tuned sets only: 83.5% (162/194).
- `industries_dev.csv` comes from other sources again; its misses drove the vocabulary added to
  `custinfo/data/industry_synonyms.csv`: 76.1% before (77.0% after relabelling two lists whose
  items share a section), 95.2% (199/209) after; 96.7% (202/209) after the matcher-logic rules.

Every row cites its source; `note` says why a row is labelled with a section letter (the string
names several 大类) or which 大类 of the GB/T 4754-2017 definitions decided it. The two files and
`industries.csv` share no string (compared as the matcher compares them).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from custinfo.normalize.industry import industry_table, key, normalize_industries

DATA = Path(__file__).resolve().parents[2] / "data"
HOLDOUT = DATA / "industries_holdout.csv"
DEV = DATA / "industries_dev.csv"
TUNED = DATA / "industries.csv"

HOLDOUT_FLOOR = 0.835  # 162/194, the level reached at the end (72.7% before the logic rules)
DEV_FLOOR = 0.966  # 202/209 (0.9665)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _accuracy(path: Path) -> tuple[float, list[tuple[str, str, str]]]:
    rows = _rows(path)
    r = normalize_industries(pd.Series([row["input"] for row in rows], dtype=object))
    code, section = r.derived["industry_code"], r.derived["industry_section"]
    got = [c or s for c, s in zip(code.fillna(""), section.fillna(""), strict=True)]
    misses = [
        (row["input"], row["expected"], g)
        for row, g in zip(rows, got, strict=True)
        if g != row["expected"]
    ]
    for value, expected, g in misses:
        print(f"miss: {value!r} expected {expected} got {g or None}")
    accuracy = 1 - len(misses) / len(rows)
    print(f"{path.name} top-1 accuracy: {accuracy:.3f} ({len(rows) - len(misses)}/{len(rows)})")
    return accuracy, misses


@pytest.mark.parametrize("path", [HOLDOUT, DEV], ids=["holdout", "dev"])
def test_set_is_large_cited_and_valid(path: Path) -> None:
    rows = _rows(path)
    t = industry_table()
    assert len(rows) >= 150
    assert len({key(r["input"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["source"].strip(), r
        assert r["expected"] in t.divisions or r["expected"] in t.sections, r


def test_sets_share_no_string() -> None:
    holdout, dev, tuned = ({key(r["input"]) for r in _rows(p)} for p in (HOLDOUT, DEV, TUNED))
    assert not holdout & dev
    assert not holdout & tuned
    assert not dev & tuned


def test_sets_cite_no_source_of_the_tuned_set() -> None:
    tuned = {r["source"].split()[0] for r in _rows(TUNED)}
    for path in (HOLDOUT, DEV):
        for r in _rows(path):
            assert r["source"].split()[0] not in tuned, r


def test_accuracy_on_the_holdout_set() -> None:
    accuracy, _ = _accuracy(HOLDOUT)
    assert accuracy >= HOLDOUT_FLOOR


def test_accuracy_on_the_dev_set() -> None:
    accuracy, _ = _accuracy(DEV)
    assert accuracy >= DEV_FLOOR
