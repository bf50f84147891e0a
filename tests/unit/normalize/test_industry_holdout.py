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
- `industries_dev2.csv` (360 rows) comes from four merchant and advertiser category lists cited
  nowhere else (payment-merchant 行业类目, a merchant 行业 picker, an advertiser taxonomy): mostly
  shops, restaurants, leisure, transport and goods typed the way small businesses are described.
  Measured before any change: 67.2% (242/360). Its misses drove final-word rules (a final 菜/餐 is a
  cuisine, a final 平台 an internet platform unless a financial one, a service followed by 设备/器材
  is that equipment's maker), 批发 selling a service's goods (药品医疗批发 → 51), 批发零售 → F, and
  general vocabulary (cuisine, sports venues, leisure, transport, schools, retail words): 95.0%
  (342/360) after. The tuned set went 96.7% → 97.1% (266/274), the dev set stayed 96.7%, and the
  holdout, measured once at the end and not read: 85.1% (165/194), from 83.5%.

Every row cites its source; `note` says why a row is labelled with a section letter (the string
names several 大类) or which 大类 of the GB/T 4754-2017 definitions decided it. The three files and
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
DEV2 = DATA / "industries_dev2.csv"
TUNED = DATA / "industries.csv"

HOLDOUT_FLOOR = 0.85  # 165/194 after dev2's rules (72.7% before the logic rules, 83.5% before dev2)
DEV_FLOOR = 0.966  # 202/209 (0.9665)
DEV2_FLOOR = 0.95  # 342/360, 67.2% (242/360) before the rules and vocabulary it drove


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


@pytest.mark.parametrize("path", [HOLDOUT, DEV, DEV2], ids=["holdout", "dev", "dev2"])
def test_set_is_large_cited_and_valid(path: Path) -> None:
    rows = _rows(path)
    t = industry_table()
    assert len(rows) >= (200 if path == DEV2 else 150)
    assert len({key(r["input"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["source"].strip(), r
        assert r["expected"] in t.divisions or r["expected"] in t.sections, r


def test_sets_share_no_string() -> None:
    sets = [{key(r["input"]) for r in _rows(p)} for p in (HOLDOUT, DEV, DEV2, TUNED)]
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            assert not a & b


def test_sets_cite_no_source_of_the_tuned_set() -> None:
    tuned = {r["source"].split()[0] for r in _rows(TUNED)}
    for path in (HOLDOUT, DEV, DEV2):
        for r in _rows(path):
            assert r["source"].split()[0] not in tuned, r


def test_dev2_cites_no_source_of_the_other_sets() -> None:
    others = {r["source"].split()[0] for p in (HOLDOUT, DEV, TUNED) for r in _rows(p)}
    for r in _rows(DEV2):
        assert r["source"].split()[0] not in others, r


def test_accuracy_on_the_holdout_set() -> None:
    accuracy, _ = _accuracy(HOLDOUT)
    assert accuracy >= HOLDOUT_FLOOR


def test_accuracy_on_the_dev_set() -> None:
    accuracy, _ = _accuracy(DEV)
    assert accuracy >= DEV_FLOOR


def test_accuracy_on_the_second_dev_set() -> None:
    accuracy, _ = _accuracy(DEV2)
    assert accuracy >= DEV2_FLOOR
