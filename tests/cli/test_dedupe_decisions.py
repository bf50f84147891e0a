"""The review loop and undo: 是/否 typed into 待确认 and read back with --decisions, remembered in
custinfo.decisions.csv beside the rules (so next week's sheet, rows moved, is not asked again),
and --unmerge splitting a merged customer back into its records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from tests.cli.conftest import write_xlsx
from tests.cli.test_dedupe import HEADER, NEVER, ROWS

STORE = "custinfo.decisions.csv"
MINGYUE = ("C202405006", "C202405007")  # one switchboard, two contacts: asked, never merged
XINGHE_MASTER = "C202405001"  # rows 2, 3 and 5 merge into it


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No rules file: decisions are remembered in the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CUSTINFO_RULES", raising=False)
    return tmp_path


def _book(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    return write_xlsx(path, {"客户信息": [header, *rows]})


def _dedupe(runner: CliRunner, book: Path, *args: str) -> Path:
    out = book.with_name(book.stem + ".deduped.xlsx")
    result = runner.invoke(app, ["dedupe", str(book), "-o", str(out), *NEVER, "-q", *args])
    assert result.exit_code == 0, result.stderr
    return out


def _sheet(path: Path, name: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _customer_ids(path: Path) -> list[str]:
    return sorted(str(r["客户编号"]) for r in _sheet(path, "客户信息"))


def _answer(path: Path, answers: dict[tuple[str, str], str]) -> Path:
    """Type 是/否 into 待确认 for the pairs named by their 客户编号, as a user would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb["待确认"]
    head = [c.value for c in ws[1]]
    a, b, col = head.index("客户编号A"), head.index("客户编号B"), head.index("是否同一客户")
    done = set()
    for line in ws.iter_rows(min_row=2):
        pair = (str(line[a].value), str(line[b].value))
        for key in (pair, pair[::-1]):
            if key in answers:
                line[col].value = answers[key]
                done.add(key)
    assert done == set(answers), f"pairs not on 待确认: {set(answers) - done}"
    wb.save(path)
    return path


def _store(here: Path) -> list[dict[str, str]]:
    with (here / STORE).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_review_sheet_carries_record_keys_and_an_empty_answer_column(
    runner: CliRunner, here: Path
) -> None:
    out = _dedupe(runner, _book(here / "客户.xlsx", ROWS))
    review = _sheet(out, "待确认")
    pair = next(r for r in review if {r["客户编号A"], r["客户编号B"]} == set(MINGYUE))
    assert pair["是否同一客户"] in (None, "")
    assert {pair["记录标识A"], pair["记录标识B"]} == {f"id:{i}" for i in MINGYUE}
    assert not (here / STORE).exists()  # nothing decided, nothing written


def test_yes_merges_the_pair_and_is_remembered(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book), {MINGYUE: "是"})
    out = _dedupe(runner, book, "--decisions", str(reviewed))
    assert MINGYUE[1] not in _customer_ids(out)  # merged into the earlier ID
    assert not any({r["客户编号A"], r["客户编号B"]} == set(MINGYUE) for r in _sheet(out, "待确认"))
    ledger = {r["来源行号"]: r for r in _sheet(out, "合并记录")}
    assert "人工确认为同一客户" in str(ledger[8]["依据"])
    stored = _store(here)
    assert [(r["record_a"], r["record_b"], r["same_customer"]) for r in stored] == [
        (f"id:{MINGYUE[0]}", f"id:{MINGYUE[1]}", "是")
    ]
    assert stored[0]["source"] == reviewed.name
    # next week: a new sheet with the rows in another order and a new customer on top
    week2 = _book(here / "客户-第2周.xlsx", [ROWS[-1], *ROWS[::-1]])
    out2 = _dedupe(runner, week2)
    assert MINGYUE[1] not in _customer_ids(out2)
    assert not any({r["客户编号A"], r["客户编号B"]} == set(MINGYUE) for r in _sheet(out2, "待确认"))


def test_no_keeps_the_pair_apart_and_stops_asking(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book), {MINGYUE: "否"})
    for extra in (["--decisions", str(reviewed)], []):
        out = _dedupe(runner, book, *extra)
        assert set(MINGYUE) <= set(_customer_ids(out))
        asked = [
            r for r in _sheet(out, "待确认") if {r["客户编号A"], r["客户编号B"]} == set(MINGYUE)
        ]
        assert asked == []
    assert _store(here)[0]["same_customer"] == "否"


def test_a_later_answer_about_the_same_pair_replaces_the_earlier(
    runner: CliRunner, here: Path
) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    first = _answer(_dedupe(runner, book), {MINGYUE: "是"})
    _dedupe(runner, book, "--decisions", str(first))
    # the user changes their mind: answer the same pair on an older copy of the sheet
    second = _answer(
        _dedupe(runner, _book(here / "副本.xlsx", ROWS), "--decisions", str(first)),
        {},
    )
    wb = openpyxl.load_workbook(second)
    ws = wb["待确认"]
    head = [c.value for c in ws[1]]
    ws.append(
        {
            head.index("记录标识A") + 1: f"id:{MINGYUE[1]}",
            head.index("记录标识B") + 1: f"id:{MINGYUE[0]}",
            head.index("是否同一客户") + 1: "不是",
        }
    )
    wb.save(second)
    out = _dedupe(runner, book, "--decisions", str(second))
    assert set(MINGYUE) <= set(_customer_ids(out))
    assert [r["same_customer"] for r in _store(here)] == ["否"]


def test_without_customer_ids_records_are_known_by_their_fingerprint(
    runner: CliRunner, here: Path
) -> None:
    header = HEADER[1:]
    rows = [r[1:] for r in ROWS]
    book = _book(here / "客户.xlsx", rows, header)
    out = _dedupe(runner, book)
    wb = openpyxl.load_workbook(out)
    ws = wb["待确认"]
    head = [c.value for c in ws[1]]
    line = next(
        r
        for r in ws.iter_rows(min_row=2)
        if {r[head.index("联系人A")].value, r[head.index("联系人B")].value} == {"张伟", "李娜"}
    )
    assert str(line[head.index("记录标识A")].value).startswith("fp:")
    line[head.index("是否同一客户")].value = "是"
    wb.save(out)
    _dedupe(runner, book, "--decisions", str(out))
    moved = _book(here / "第2周.xlsx", rows[::-1], header)
    masters = _sheet(_dedupe(runner, moved), "客户信息")
    assert sum(r["客户名称"] == "深圳市明月贸易有限公司" for r in masters) == 1


def test_unmerge_splits_a_merged_customer_and_it_stays_split(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    out = _dedupe(runner, book, "--unmerge", XINGHE_MASTER)
    ids = _customer_ids(out)
    assert {"C202405001", "C202405002", "C202405004"} <= set(ids)
    ledger = _sheet(out, "合并记录")
    assert len(ledger) == len(ROWS)  # every record still accounted for
    stored = _store(here)
    assert len(stored) == 3  # three records: three pairs, each 否
    assert {r["same_customer"] for r in stored} == {"否"}
    assert {r["source"] for r in stored} == {f"unmerge {XINGHE_MASTER}"}
    again = _dedupe(runner, book)
    assert {"C202405001", "C202405002", "C202405004"} <= set(_customer_ids(again))
    # split pairs were decided: they are not asked about either
    asked = {frozenset((r["客户编号A"], r["客户编号B"])) for r in _sheet(again, "待确认")}
    assert not asked & {frozenset(("C202405001", "C202405002"))}


def test_a_no_inside_a_chain_splits_the_chain(runner: CliRunner, here: Path) -> None:
    """Rows 2, 3 and 5 link pairwise; 否 between two of them keeps those two apart."""
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = here / "决定.csv"
    reviewed.write_text(
        "记录标识A,记录标识B,是否同一客户\nid:C202405001,id:C202405002,否\n", encoding="utf-8"
    )
    out = _dedupe(runner, book, "--decisions", str(reviewed))
    masters = {r["source_row"]: r["master_id"] for r in _ledger_rows(out)}
    assert masters[2] != masters[3]


def _ledger_rows(out: Path) -> list[dict[str, object]]:
    return [
        {"source_row": r["来源行号"], "master_id": r["主记录编号"]} for r in _sheet(out, "合并记录")
    ]


def test_unmerge_of_an_unknown_id_is_a_clear_error(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "--unmerge", "C999"])
    assert result.exit_code == 2
    assert "C999" in result.stderr and "主记录编号" in result.stderr
    assert XINGHE_MASTER in result.stderr  # names an ID that would work
    assert "Traceback" not in result.stderr
    assert not (here / STORE).exists()
    assert not book.with_name("客户.deduped.xlsx").exists()


def test_an_answer_that_is_neither_yes_nor_no_names_its_cell(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book), {MINGYUE: "也许"})
    before = reviewed.read_bytes()
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "--decisions", str(reviewed)])
    assert result.exit_code == 2
    assert "待确认!" in result.stderr and "也许" in result.stderr
    assert "是 或 否" in result.stderr
    assert reviewed.read_bytes() == before
    assert not (here / STORE).exists()


def test_a_workbook_without_a_review_sheet_is_refused(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "--decisions", str(book)])
    assert result.exit_code == 2
    assert "待确认" in result.stderr and "Traceback" not in result.stderr


def test_english_review_sheet_is_read_back(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    out = book.with_name("out.xlsx")
    args = ["dedupe", str(book), "-o", str(out), *NEVER, "-q", "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["To review"]
    head = [c.value for c in ws[1]]
    for line in ws.iter_rows(min_row=2):
        line[head.index("Same customer")].value = "yes"
    wb.save(out)
    again = ["dedupe", str(book), "-o", str(here / "o2.xlsx"), *NEVER, "--lang", "en"]
    result = runner.invoke(app, [*again, "--decisions", str(out)])
    assert result.exit_code == 0, result.stderr
    assert {r["same_customer"] for r in _store(here)} == {"是"}


def test_run_reads_decisions_too(runner: CliRunner, here: Path) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book), {MINGYUE: "是"})
    result = runner.invoke(
        app,
        [
            "run",
            str(book),
            "--out-dir",
            str(here / "out"),
            *NEVER,
            "-q",
            "--decisions",
            str(reviewed),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert _store(here)[0]["same_customer"] == "是"


def test_decisions_are_kept_beside_the_rules_file(runner: CliRunner, here: Path) -> None:
    rules_dir = here / "config"
    rules_dir.mkdir()
    rules = rules_dir / "rules.yaml"
    rules.write_text("dedupe:\n  enabled: true\n", encoding="utf-8")
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book, "--rules", str(rules)), {MINGYUE: "否"})
    _dedupe(runner, book, "--rules", str(rules), "--decisions", str(reviewed))
    assert (rules_dir / STORE).exists() and not (here / STORE).exists()


def test_the_summary_says_what_was_decided_and_where_it_is_kept(
    runner: CliRunner, here: Path
) -> None:
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = _answer(_dedupe(runner, book), {MINGYUE: "否"})
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "--decisions", str(reviewed)])
    assert result.exit_code == 0, result.stderr
    assert "按“否”分开 1 对" in result.stderr  # the human summary goes to stderr
    assert STORE in result.stderr
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "--lang", "en"])
    assert "1 kept apart" in result.stderr
    assert STORE not in result.stderr  # nothing new decided, nothing written


def test_contradictory_decisions_are_a_finding_not_silence(runner: CliRunner, here: Path) -> None:
    """是 on 002–001 and 001–004 with 否 on 002–004 cannot all hold: the 否 is kept, and the 是
    that had to give way is a warning on both its rows, naming the other record."""
    book = _book(here / "客户.xlsx", ROWS)
    reviewed = here / "决定.csv"
    reviewed.write_text(
        "记录标识A,记录标识B,是否同一客户\n"
        "id:C202405002,id:C202405001,是\n"
        "id:C202405001,id:C202405004,是\n"
        "id:C202405002,id:C202405004,否\n",
        encoding="utf-8",
    )
    args = ["run", str(book), "--out-dir", "out", *NEVER, "--json", "--decisions", str(reviewed)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)["findings"]
    problems = [f for f in found if f["code"] == "dedupe.conflict"]
    assert len(problems) == 2 and all("矛盾" in f["message"] for f in problems)
    assert {f["row"] for f in problems} in ({2, 3}, {3, 5})
    masters = {
        r["source_row"]: r["master_id"] for r in _ledger_rows(here / "out" / "客户.annotated.xlsx")
    }
    assert masters[2] != masters[5]  # the 否 holds, even through the chain
