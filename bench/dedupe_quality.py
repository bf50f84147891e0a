"""How well `custinfo dedupe` finds the duplicates planted by samples/dupes.py.

    python bench/dedupe_quality.py --rows 10000 [--lang zh|en] [--seed S] [--ledger L.csv]
                                   [--engine-arg=--rules --engine-arg=rules.yaml]

Generates (or reuses, from bench/data/, git-ignored) a labelled workbook, runs
`custinfo dedupe <file> --ledger <tmp>.csv --fail-on never` in a subprocess, reads the ledger
(one row per source row: source_sheet, source_row, master_id, cluster_id, match_score,
evidence) and prints a Markdown table: pairwise precision, recall and F1, the share of true
clusters reproduced exactly, split and over-merged clusters, hard negatives merged, seconds and
the child's peak memory. `--ledger` scores an existing ledger instead of running the engine.

The metric functions do not depend on custinfo:

- `pairwise_scores(truth_clusters, predicted_cluster_by_row)`: pairs are all unordered pairs of
  rows in one cluster; counted from cluster sizes and truth x predicted intersections
  (n(n-1)/2 each), never enumerated, so a million rows is fine.
- `cluster_scores(truth_clusters, predicted_cluster_by_row, hard_negatives)`: cluster-level
  figures.

Rows absent from `predicted_cluster_by_row` are singletons; rows absent from the truth clusters
are entities of their own.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
GENERATOR = ROOT / "samples" / "dupes.py"
SEED = 20240520


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _truth_ids(truth_clusters: Iterable[Sequence[int]]) -> dict[int, int]:
    ids: dict[int, int] = {}
    for k, rows in enumerate(truth_clusters):
        for r in rows:
            if r in ids:
                raise ValueError(f"row {r} is in two truth clusters")
            ids[r] = k
    return ids


def _labels(
    truth_clusters: Sequence[Sequence[int]], predicted: Mapping[int, Hashable]
) -> tuple[dict[int, int], list[tuple[int, Any, Any]]]:
    """(truth id per clustered row, [(row, truth label, predicted label)] over all rows)."""
    tid = _truth_ids(truth_clusters)
    rows = set(predicted) | set(tid)
    out = [(r, tid.get(r, ("s", r)), predicted.get(r, ("s", r))) for r in sorted(rows)]
    return tid, out


def pairwise_scores(
    truth_clusters: Sequence[Sequence[int]], predicted_cluster_by_row: Mapping[int, Hashable]
) -> dict[str, float]:
    """Pairwise precision, recall, F1 and tp/fp/fn over all within-cluster row pairs.

    With no predicted pairs precision is 1.0; with no true pairs recall is 1.0."""
    _, labels = _labels(truth_clusters, predicted_cluster_by_row)
    both: Counter[tuple[Any, Any]] = Counter()
    pred: Counter[Any] = Counter()
    true: Counter[Any] = Counter()
    for _, t, p in labels:
        both[(t, p)] += 1
        pred[p] += 1
        true[t] += 1
    tp = sum(_pairs(n) for n in both.values())
    pred_pairs = sum(_pairs(n) for n in pred.values())
    true_pairs = sum(_pairs(n) for n in true.values())
    fp, fn = pred_pairs - tp, true_pairs - tp
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def cluster_scores(
    truth_clusters: Sequence[Sequence[int]],
    predicted_cluster_by_row: Mapping[int, Hashable],
    hard_negatives: Sequence[Sequence[Any]] = (),
) -> dict[str, Any]:
    """Cluster-level figures.

    - truth_clusters: true clusters (of 2+ rows)
    - exact: true clusters whose rows form exactly one predicted cluster, nothing more or less
    - exact_share: exact / truth_clusters (1.0 when there are none)
    - split: true clusters whose rows fall into 2+ predicted clusters
    - overmerged: true clusters whose predicted cluster(s) also hold rows of other entities
    - predicted_clusters: predicted clusters of 2+ rows
    - wrong_merges: predicted clusters that hold rows of 2+ true entities
    - hard_negatives, hard_negatives_merged: look-alike pairs, and those put in one cluster;
      hard_negatives_merged_by_kind counts them by the text before ":" in the reason
    """
    tid, labels = _labels(truth_clusters, predicted_cluster_by_row)
    pred_of = {r: p for r, _, p in labels}
    pred_size: Counter[Any] = Counter(p for _, _, p in labels)
    entities_in: dict[Any, set[Any]] = {}
    for _, t, p in labels:
        entities_in.setdefault(p, set()).add(t)
    exact = split = over = 0
    for rows in truth_clusters:
        preds = {pred_of[r] for r in rows}
        if len(preds) > 1:
            split += 1
        if any(len(entities_in[p]) > 1 for p in preds):
            over += 1
        if len(preds) == 1 and pred_size[next(iter(preds))] == len(rows):
            exact += 1
    predicted_clusters = sum(1 for n in pred_size.values() if n > 1)
    wrong = sum(1 for ts in entities_in.values() if len(ts) > 1)
    merged_by_kind: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for hn in hard_negatives:
        a, b = int(hn[0]), int(hn[1])
        kind = str(hn[2]).split(":", 1)[0] if len(hn) > 2 else ""
        kinds[kind] += 1
        pa = pred_of.get(a, ("s", a))
        pb = pred_of.get(b, ("s", b))
        if pa == pb and tid.get(a, ("s", a)) != tid.get(b, ("s", b)):
            merged_by_kind[kind] += 1
    n = len(truth_clusters)
    return {
        "truth_clusters": n,
        "exact": exact,
        "exact_share": exact / n if n else 1.0,
        "split": split,
        "overmerged": over,
        "predicted_clusters": predicted_clusters,
        "wrong_merges": wrong,
        "hard_negatives": sum(kinds.values()),
        "hard_negatives_merged": sum(merged_by_kind.values()),
        "hard_negatives_by_kind": dict(sorted(kinds.items())),
        "hard_negatives_merged_by_kind": dict(sorted(merged_by_kind.items())),
    }


def read_ledger(path: Path, sheet: str | None = None) -> dict[int, str]:
    """source_row -> cluster_id from a dedupe ledger (only `sheet`'s rows when given)."""
    out: dict[int, str] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            if sheet and rec.get("source_sheet") not in (None, "", sheet):
                continue
            out[int(rec["source_row"])] = rec["cluster_id"]
    return out


# --- running the engine ----------------------------------------------------------------------
def _load_dupes() -> ModuleType:
    name = "custinfo_samples_dupes"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def dataset(rows: int, lang: str, seed: int) -> tuple[Path, dict[str, Any]]:
    """The cached workbook and truth for (rows, lang, seed), generated in this process (so the
    children's peak memory is the engine's alone)."""
    DATA.mkdir(parents=True, exist_ok=True)
    book = DATA / f"dupes-{lang}-{rows}-{seed}.xlsx"
    truth = book.with_suffix(".json")
    if not (book.exists() and truth.exists()):
        t0 = time.perf_counter()
        _load_dupes().generate(rows, seed, book, truth, lang)
        print(f"generated {book.name} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return book, json.loads(truth.read_text(encoding="utf-8"))


def _custinfo() -> str | None:
    exe = Path(sys.executable).parent / "custinfo"
    return str(exe) if exe.exists() else shutil.which("custinfo")


def has_dedupe(exe: str) -> bool:
    r = subprocess.run([exe, "dedupe", "--help"], capture_output=True, text=True, check=False)
    return r.returncode == 0


def run_engine(exe: str, book: Path, ledger: Path, extra: Sequence[str]) -> tuple[float, float]:
    """(seconds, peak MB of the largest child so far) for one dedupe run."""
    cmd = [exe, "dedupe", str(book), "--ledger", str(ledger), "--fail-on", "never", *extra]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    secs = time.perf_counter() - t0
    if r.returncode != 0 or not ledger.exists():
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    return secs, peak_kb / 1024


def table(
    rows: int, lang: str, p: dict[str, float], c: dict[str, Any], secs: float, mb: float
) -> str:
    head = (
        "| rows | lang | precision | recall | F1 | clusters exact | split | over-merged "
        "| hard negatives merged | seconds | peak MB |"
    )
    sep = "|" + "---|" * 11
    hn = f"{c['hard_negatives_merged']}/{c['hard_negatives']}"
    line = (
        f"| {rows:,} | {lang} | {p['precision']:.4f} | {p['recall']:.4f} | {p['f1']:.4f} "
        f"| {c['exact_share']:.3f} ({c['exact']}/{c['truth_clusters']}) | {c['split']} "
        f"| {c['overmerged']} | {hn} | {secs:.1f} | {mb:.0f} |"
    )
    return "\n".join((head, sep, line))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--ledger", help="score this ledger instead of running the engine")
    ap.add_argument(
        "--engine-arg", action="append", default=[], help="extra argument for custinfo dedupe"
    )
    ap.add_argument("--json", action="store_true", help="also print the full figures as JSON")
    a = ap.parse_args(argv)
    book, truth = dataset(a.rows, a.lang, a.seed)
    secs = mb = float("nan")
    if a.ledger:
        ledger = Path(a.ledger)
    else:
        exe = _custinfo()
        if exe is None or not has_dedupe(exe):
            print(
                f"`custinfo dedupe` is not available yet ({exe or 'custinfo not installed'}); "
                f"the labelled workbook is {book}",
                file=sys.stderr,
            )
            return 2
        tmp = Path(tempfile.mkdtemp(prefix="dedupe-quality-"))
        ledger = tmp / "ledger.csv"
        try:
            secs, mb = run_engine(exe, book, ledger, a.engine_arg)
        except RuntimeError as exc:
            print(f"`custinfo dedupe` did not finish: {exc}", file=sys.stderr)
            return 3
    predicted = read_ledger(ledger, truth.get("sheet"))
    p = pairwise_scores(truth["clusters"], predicted)
    c = cluster_scores(truth["clusters"], predicted, truth["hard_negatives"])
    print(table(a.rows, a.lang, p, c, secs, mb))
    if a.json:
        print(json.dumps({"pairwise": p, "clusters": c}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
