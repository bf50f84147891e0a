"""samples/dupes.py (labelled duplicate generator) and bench/dedupe_quality.py (its metrics)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from custinfo.config.model import InputConfig
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.io.read import read_book

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


dupes = _load("custinfo_samples_dupes", ROOT / "samples" / "dupes.py")
quality = _load("custinfo_bench_dedupe_quality", ROOT / "bench" / "dedupe_quality.py")

ROWS = 2000


@pytest.fixture(scope="module", params=["zh", "en"])
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    lang = request.param
    d = tmp_path_factory.mktemp(f"dupes-{lang}")
    book, truth = d / "a.xlsx", d / "a.json"
    result = dupes.generate(ROWS, 7, book, truth, lang)
    return lang, book, truth, result


def _sheet(book: Path, name: str) -> list[list[Any]]:
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(book)).get_sheet_by_name(name).to_python()
    )
    return rows


def _cells_digest(book: Path, name: str) -> str:
    return hashlib.sha256(repr(_sheet(book, name)).encode()).hexdigest()


def test_deterministic_for_a_seed(made: Any, tmp_path: Path) -> None:
    lang, book, truth, result = made
    again = dupes.generate(ROWS, 7, tmp_path / "b.xlsx", tmp_path / "b.json", lang)
    assert again == result
    assert (tmp_path / "b.json").read_bytes() == truth.read_bytes()
    sheet = result["sheet"]
    assert _cells_digest(tmp_path / "b.xlsx", sheet) == _cells_digest(book, sheet)
    other = dupes.generate(ROWS, 8, tmp_path / "c.xlsx", None, lang)
    assert other["clusters"] != result["clusters"]


def test_truth_rows_exist_and_clusters_are_disjoint(made: Any) -> None:
    lang, book, truth, result = made
    assert json.loads(truth.read_text(encoding="utf-8")) == result
    rows = _sheet(book, result["sheet"])
    assert len(rows) == ROWS + 1  # header + data
    last = ROWS + 1  # last Excel row
    seen: set[int] = set()
    for cluster in result["clusters"]:
        assert len(cluster) >= 2
        assert all(2 <= r <= last for r in cluster)
        assert not seen & set(cluster)
        seen |= set(cluster)
    # every repeated row says how it differs; the first row of a cluster is the original
    firsts = {min(c) for c in result["clusters"]}
    varied = {int(r) for r in result["variations"]}
    assert varied == seen - firsts
    assert all(result["variations"][str(r)] for r in varied)
    # roughly 10-15% of entities are typed more than once, each 1-3 extra times
    share = len(result["clusters"]) / result["entities"]
    assert 0.08 < share < 0.16
    assert max(len(c) for c in result["clusters"]) <= 4
    # hard negatives: real rows of different entities
    assert result["hard_negatives"]
    cluster_of = {r: k for k, c in enumerate(result["clusters"]) for r in c}
    for a, b, why in result["hard_negatives"]:
        assert 2 <= a <= last and 2 <= b <= last and a != b
        assert cluster_of.get(a, -a) != cluster_of.get(b, -b)
        assert ":" in why
    kinds = {why.split(":")[0] for _, _, why in result["hard_negatives"]}
    want = (
        {"same_surname_city", "brand_word", "branch_city", "shared_switchboard", "family"}
        if lang == "zh"
        else {"twins", "father_son", "same_name_town", "spouses"}
    )
    assert want <= kinds


def test_duplicates_keep_a_key_and_vary(made: Any) -> None:
    lang, book, _, result = made
    rows = _sheet(book, result["sheet"])
    head = rows[0]
    keys = ("联系电话", "邮箱", "统一社会信用代码", "微信") if lang == "zh" else ("Phone", "Email")
    cols = [head.index(k) for k in keys]

    def key_values(r: int) -> set[str]:
        """E-mail, code, 微信 as typed (case folded); a phone as its 7-digit windows."""
        out: set[str] = set()
        for c in cols:
            v = rows[r - 1][c]
            if isinstance(v, float):
                v = str(int(v))
            v = unicodedata.normalize("NFKC", str(v)).strip().lower()
            if not v or v == "暂无" or "*" in v:
                continue
            if c == cols[0]:
                digits = re.sub(r"\D", "", v)
                out.update("tel" + digits[k : k + 7] for k in range(len(digits) - 6))
            else:
                out.add(v)
        return out

    all_kinds: set[str] = set()
    for cluster in result["clusters"]:
        for r in cluster:
            all_kinds.update(result["variations"].get(str(r), ()))
        if lang == "zh":  # each row shares a key with some other row of its cluster
            for r in cluster:
                others = set().union(*(key_values(o) for o in cluster if o != r))
                assert key_values(r) & others, (r, cluster)
    want = (
        {"name_suffix", "name_short", "name_homophone", "name_region_dropped", "contact_title",
         "phone_format", "phone_masked", "phone_missing", "email_case", "address_moved",
         "name_title", "owner_changed", "status_changed", "phone_second_added"}
        if lang == "zh"
        else {"nickname", "surname_typo", "dob_day_month_swapped", "postcode_spacing",
              "email_missing", "phone_missing"}
    )  # fmt: skip
    assert want <= all_kinds


def test_zh_workbook_reads_with_custinfo(made: Any) -> None:
    lang, book, _, _ = made
    if lang != "zh":
        pytest.skip("the en headers are mapped through a rules file")
    b = read_book(book, DEFAULT_REGISTRY, InputConfig())
    t = b.table(SheetKind.CUSTOMERS)
    assert t is not None
    assert t.sheet == "客户信息" and t.header_row == 1
    assert tuple(c.field for c in t.columns) == dupes.ZH_FIELDS
    assert len(t.frame) == ROWS
    rows = t.frame["_row"].tolist() if "_row" in t.frame else None
    if rows is not None:
        assert rows[0] == 2 and rows[-1] == ROWS + 1


def test_en_workbook_headers(made: Any) -> None:
    lang, book, _, _ = made
    if lang != "en":
        pytest.skip("zh")
    assert tuple(_sheet(book, "Customers")[0]) == dupes.EN_HEADERS


# --- metrics ---------------------------------------------------------------------------------
def test_pairwise_perfect_and_empty() -> None:
    truth = [[2, 3, 4], [7, 8]]
    pred = {2: "a", 3: "a", 4: "a", 5: "x", 6: "y", 7: "b", 8: "b"}
    s = quality.pairwise_scores(truth, pred)
    assert s == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 4, "fp": 0, "fn": 0}
    # nothing predicted: no claims (precision 1), nothing found
    s = quality.pairwise_scores(truth, {r: r for r in range(2, 9)})
    assert (s["precision"], s["recall"], s["f1"], s["tp"], s["fn"]) == (1.0, 0.0, 0.0, 0, 4)


def test_pairwise_split_overmerge_and_singletons() -> None:
    # truth: {2,3,4} and {5,6}; rows 7 and 9 are entities of their own
    truth = [[2, 3, 4], [5, 6]]
    # predicted: {2,3} (split off 4), {4}, {5,6,7} (row 7 over-merged), {9} a 1-row cluster
    pred = {2: "a", 3: "a", 4: "b", 5: "c", 6: "c", 7: "c", 9: "d"}
    s = quality.pairwise_scores(truth, pred)
    # true pairs 3 + 1 = 4; predicted pairs 1 + 3 = 4; tp = (2,3) + (5,6) = 2
    assert (s["tp"], s["fp"], s["fn"]) == (2, 2, 2)
    assert s["precision"] == pytest.approx(0.5)
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(0.5)
    c = quality.cluster_scores(truth, pred, [[7, 5, "same_surname_city: x"], [2, 9, "brand: y"]])
    assert c["truth_clusters"] == 2 and c["exact"] == 0 and c["exact_share"] == 0.0
    assert c["split"] == 1 and c["overmerged"] == 1
    assert c["predicted_clusters"] == 2 and c["wrong_merges"] == 1
    assert c["hard_negatives"] == 2 and c["hard_negatives_merged"] == 1
    assert c["hard_negatives_merged_by_kind"] == {"same_surname_city": 1}


def test_pairwise_unequal_precision_recall() -> None:
    truth = [[1, 2, 3, 4]]  # 6 true pairs
    pred = {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}  # {1,2,3,5}: 6 predicted pairs, 3 true
    s = quality.pairwise_scores(truth, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (3, 3, 3)
    pred2 = {1: 0, 2: 0, 3: 1, 4: 1}  # two halves: 2 predicted pairs, both true
    s2 = quality.pairwise_scores(truth, pred2)
    assert s2["precision"] == 1.0 and s2["recall"] == pytest.approx(2 / 6)
    assert s2["f1"] == pytest.approx(2 * (1 / 3) / (1 + 1 / 3))
    c = quality.cluster_scores(truth, pred2)
    assert c["split"] == 1 and c["overmerged"] == 0 and c["exact"] == 0


def test_cluster_exact_and_rows_missing_from_ledger() -> None:
    truth = [[10, 11], [20, 21, 22]]
    pred = {10: "p", 11: "p", 20: "q", 21: "q", 22: "q", 30: "r"}
    c = quality.cluster_scores(truth, pred)
    assert c["exact"] == 2 and c["exact_share"] == 1.0 and c["wrong_merges"] == 0
    # a truth row the ledger lacks is a singleton: the cluster is split, not exact
    del pred[22]
    c = quality.cluster_scores(truth, pred)
    assert c["exact"] == 1 and c["split"] == 1
    with pytest.raises(ValueError):
        quality.pairwise_scores([[1, 2], [2, 3]], {})


def test_scores_on_generated_truth(made: Any, tmp_path: Path) -> None:
    _, _, _, result = made
    truth = result["clusters"]
    perfect = {r: f"c{k}" for k, c in enumerate(truth) for r in c}
    assert quality.pairwise_scores(truth, perfect)["f1"] == 1.0
    ledger = tmp_path / "ledger.csv"
    lines = ["source_sheet,source_row,master_id,cluster_id,match_score,evidence"]
    lines += [f"{result['sheet']},{r},m,{perfect.get(r, f's{r}')},1.0," for r in range(2, ROWS + 2)]
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = quality.read_ledger(ledger, result["sheet"])
    assert len(got) == ROWS
    c = quality.cluster_scores(truth, got, result["hard_negatives"])
    assert c["exact_share"] == 1.0 and c["hard_negatives_merged"] == 0
