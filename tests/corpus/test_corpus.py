"""Every case of the hostile-input corpus (generate.py) through the CLI, as a user would run it.

For each: the exit code; on refusal a clear message (Chinese by default) that names the file
and says what to do, and nothing written; never a traceback or an internal error (exit 3); the
input byte-for-byte unchanged and no temp file left anywhere. The cases custinfo reads get a
closer look below (formula injection, long cells, invisible characters …).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from custinfo.cli import app
from custinfo.io.export import FORMULA_TRIGGERS, export_frame
from tests.corpus.generate import BY_NAME, CASES, INJECTIONS, LONG, Case, generate

AS_OF = "2024-06-30"
Make = Callable[[Case], tuple[Path, Path | None]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Make:
    """Each case generated once per module, in its own folder."""
    root = tmp_path_factory.mktemp("corpus")
    made: dict[str, tuple[Path, Path | None]] = {}

    def make(case: Case) -> tuple[Path, Path | None]:
        if case.name not in made:
            made[case.name] = generate(case, root / f"{CASES.index(case):02d}")
        return made[case.name]

    return make


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Ran = Callable[[Case], tuple[Result, Path, Path]]


@pytest.fixture(scope="module")
def ran(corpus: Make, tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """`custinfo run` on each case once per module: (result, input, the run's folder), with the
    input folder's hashes checked before and after."""
    done: dict[str, tuple[Result, Path, Path]] = {}

    def run(case: Case) -> tuple[Result, Path, Path]:
        if case.name not in done:
            src, rules = corpus(case)
            before = _snapshot(src.parent)
            tmp = tmp_path_factory.mktemp("run")
            result = _run(CliRunner(), src, rules, tmp)
            assert _snapshot(src.parent) == before  # the input unchanged, nothing beside it
            done[case.name] = (result, src, tmp)
        return done[case.name]

    return run


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _temp_files(*folders: Path) -> list[Path]:
    return [p for f in folders if f.exists() for p in f.rglob("*") if ".tmp-" in p.name]


def _invoke(runner: CliRunner, args: list[str], rules: Path | None) -> Result:
    return runner.invoke(app, [*args, *(["--rules", str(rules)] if rules else [])])


def _run(runner: CliRunner, src: Path, rules: Path | None, tmp: Path, *more: str) -> Result:
    args = ["run", str(src), "--out-dir", str(tmp / "out"), "--history", str(tmp / "h.sqlite")]
    return _invoke(runner, [*args, "--as-of", AS_OF, *more], rules)


def _no_crash(result: Result) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    assert "内部错误" not in text and "internal error" not in text
    assert result.exit_code != 3


def _clear_refusal(result: Result, case: Case, src: Path, lang: str = "zh") -> None:
    """One message naming the file (or rules.yaml) and saying what to do."""
    err = result.stderr
    assert err.startswith("错误" if lang == "zh" else "error"), err
    assert ("提示:" if lang == "zh" else "hint:") in err, err
    assert (src.name if case.names_file else "rules.yaml") in err, err
    if lang == "zh":
        for words in case.says:
            assert words in err, (words, err)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_run(ran: Ran, case: Case) -> None:
    result, src, tmp = ran(case)
    _no_crash(result)
    assert result.exit_code == case.exit, result.stderr
    assert not _temp_files(tmp, src.parent)
    out = tmp / "out"
    if case.exit == 2:
        _clear_refusal(result, case, src)
        assert not out.exists() or not any(out.iterdir())  # no partial output
        assert not (tmp / "h.sqlite").exists()
    else:
        stem = src.name.rsplit(".", 1)[0]
        assert sorted(p.name for p in out.iterdir()) == sorted(
            f"{stem}.{s}" for s in ("annotated.xlsx", "summary.json", "summary.md")
        )


REFUSED = [c for c in CASES if c.exit == 2]


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_validate_refuses_the_same(corpus: Make, runner: CliRunner, case: Case) -> None:
    """`validate` writes beside the input by default: on refusal, nothing may appear there."""
    src, rules = corpus(case)
    before = _snapshot(src.parent)
    result = _invoke(runner, ["validate", str(src)], rules)
    _no_crash(result)
    assert result.exit_code == 2
    _clear_refusal(result, case, src)
    assert _snapshot(src.parent) == before


@pytest.mark.parametrize(
    "name", ["encrypted", "zip bomb", "rows past Excel's limit", "yaml alias bomb"]
)
def test_english(corpus: Make, runner: CliRunner, tmp_path: Path, name: str) -> None:
    case = BY_NAME[name]
    src, rules = corpus(case)
    result = _run(runner, src, rules, tmp_path, "--lang", "en")
    assert result.exit_code == 2
    _clear_refusal(result, case, src, lang="en")
    assert "无法读取" not in result.stderr and "提示" not in result.stderr


def test_limits_come_from_rules_yaml(corpus: Make, runner: CliRunner, tmp_path: Path) -> None:
    """The file the lowered limits refuse is read under the default ones."""
    src, _ = corpus(BY_NAME["lowered size limit"])
    result = _run(runner, src, None, tmp_path)
    assert result.exit_code == 1, result.stderr  # read; its rows lack required columns


# --- what custinfo reads ------------------------------------------------------------------------


def _read(ran: Ran, case: str) -> dict[str, Any]:
    """The summary of the case's run."""
    result, src, tmp = ran(BY_NAME[case])
    assert result.exit_code == BY_NAME[case].exit, result.stderr
    stem = src.name.rsplit(".", 1)[0]
    return dict(json.loads((tmp / "out" / f"{stem}.summary.json").read_text("utf-8")))


def _cells(path: Path) -> Iterator[tuple[str, openpyxl.cell.cell.Cell]]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_injection_never_a_formula_in_workbooks(
    corpus: Make, runner: CliRunner, tmp_path: Path
) -> None:
    src, _ = corpus(BY_NAME["formula injection"])
    result = _run(runner, src, None, tmp_path, "--report", "week")
    assert result.exit_code == 1, result.stderr
    books = sorted((tmp_path / "out").glob("*.xlsx"))
    assert len(books) == 2  # the annotated workbook and the weekly report
    texts: set[str] = set()
    for book in books:
        for sheet, cell in _cells(book):
            assert cell.data_type != "f", (book.name, sheet, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                texts.add(cell.value)
    # kept as text (normalisation may have tidied "\t=1+1" into "=1+1", "-1+1" into "1+1")
    assert {"=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "=1+1"} <= texts


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("command", "source"),
    [
        ("normalize", "formula injection"),
        ("dedupe", "formula injection"),
        ("validate", "formula injection csv"),
    ],
)
def test_injection_neutralised_in_csv(
    corpus: Make, runner: CliRunner, tmp_path: Path, command: str, source: str
) -> None:
    """OWASP: in CSV every text cell starting with = + - @ tab or CR gets a leading '."""
    src, _ = corpus(BY_NAME[source])
    out = tmp_path / "out.csv"
    args = [command, str(src), "-o", str(out), "--as-of", AS_OF, "--fail-on", "never"]
    if command == "dedupe":
        args += ["--ledger", str(tmp_path / "ledger.csv")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    for path in tmp_path.glob("*.csv"):
        cells = _csv_cells(path)
        risky = [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not _is_number(c)]
        assert not risky, (path.name, risky)
    if command != "dedupe":  # the merged customers keep one row per customer
        cells = _csv_cells(out)
        assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells


def test_injection_exact_in_jsonl(corpus: Make, runner: CliRunner, tmp_path: Path) -> None:
    """JSON Lines is for scripts, never opened as a spreadsheet: texts stay exactly as typed."""
    src, _ = corpus(BY_NAME["formula injection"])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["validate", str(src), "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    names = [json.loads(line)["name"] for line in out.read_text("utf-8").splitlines()]
    assert names == list(INJECTIONS)


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from("=+-@\t\r a1'\"，,\n"), max_size=8))
def test_csv_export_never_starts_a_formula(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.csv"
        export_frame(path, pd.DataFrame({"备注": [text]}))
        (cell,) = _csv_cells(path)[1:]
        assert cell == ("'" + text if text.startswith(FORMULA_TRIGGERS) else text)


def test_long_cells_stay_within_excel(ran: Ran) -> None:
    _, src, tmp = ran(BY_NAME["32767-character cells"])
    longest = 0
    for _, cell in _cells(tmp / "out" / f"{src.stem}.annotated.xlsx"):
        if isinstance(cell.value, str):
            assert len(cell.value) <= LONG
            longest = max(longest, len(cell.value))
    assert longest == LONG  # the 32,767-character cells written back whole


def test_csv_cell_past_excel_limit(ran: Ran) -> None:
    """Reported, and cut to 32,767 in the workbook (a longer cell would corrupt it)."""
    summary = _read(ran, "csv cell past Excel's limit")
    (found,) = [f for f in summary["findings"] if f["code"] == "cell.too_long"]
    assert (found["row"], found["column"]) == (2, "H")
    assert "40,000" in found["message"]
    _, src, tmp = ran(BY_NAME["csv cell past Excel's limit"])
    lengths = [
        len(c.value)
        for _, c in _cells(tmp / "out" / f"{src.stem}.annotated.xlsx")
        if isinstance(c.value, str)
    ]
    assert max(lengths) == LONG


def test_invisible_characters_do_not_defeat_checks(ran: Ran) -> None:
    summary = _read(ran, "emoji, zero-width, RTL")
    codes = {f["code"] for f in summary["findings"]}
    assert not {c for c in codes if c.startswith("phone.")}, summary["findings"]
    assert summary["dedupe"]["merged_records"] == 1  # rows 2 and 3 are one customer


def test_formula_without_value_is_reported(ran: Ran) -> None:
    summary = _read(ran, "formulas")
    found = [f for f in summary["findings"] if f["code"] == "cell.formula_no_value"]
    assert [(f["row"], f["column"], f["value"]) for f in found] == [
        (3, "C", '=TEXT(13900139000,"0")')
    ]
    assert "没有保存它的计算结果" in found[0]["message"]


def test_formula_cached_value_is_read(corpus: Make, runner: CliRunner, tmp_path: Path) -> None:
    src, _ = corpus(BY_NAME["formulas"])
    out = tmp_path / "o.jsonl"
    runner.invoke(app, ["validate", str(src), "-o", str(out), "--fail-on", "never"])
    assert json.loads(out.read_text("utf-8").splitlines()[0])["name"] == "甲有限公司"


def test_hidden_customer_sheet_read_when_named(
    corpus: Make, runner: CliRunner, tmp_path: Path
) -> None:
    src, _ = corpus(BY_NAME["hidden customer sheet"])
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["validate", str(src), "--sheet", "客户信息", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert len(_csv_cells(out)) > 3


def test_very_hidden_sheet_is_noted_not_read(ran: Ran) -> None:
    summary = _read(ran, "very hidden sheet")
    notes = {s["name"]: s["note"] for s in summary["sheets"]}
    assert notes == {"客户信息": None, "内部": "very_hidden"}
    assert summary["sheets"][0]["rows"] == 2


def test_merged_two_row_header(ran: Ran) -> None:
    summary = _read(ran, "merged header")
    mapping = {m["column"]: m["field"] for m in summary["mapping"]}
    assert mapping["A"] == "name" and mapping["B"] == "phone" and mapping["C"] == "email"
    assert summary["sheets"][0]["header_row"] == 2


def test_last_excel_row_is_read(ran: Ran) -> None:
    summary = _read(ran, "1,048,576 rows")
    assert 1_048_576 in {f["row"] for f in summary["findings"]}


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("csv gbk", "gb18030"), ("csv utf-16 le", "utf-16"), ("csv utf-16 be", "utf-16")],
)
def test_csv_encodings(ran: Ran, name: str, encoding: str) -> None:
    summary = _read(ran, name)
    assert summary["encoding"] == encoding
    assert summary["sheets"][0]["rows"] == 2


@pytest.mark.parametrize("name", ["encrypted", "very hidden sheet", "merged header", "zip bomb"])
def test_generation_is_deterministic(tmp_path: Path, name: str) -> None:
    first, _ = generate(BY_NAME[name], tmp_path / "a")
    second, _ = generate(BY_NAME[name], tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
