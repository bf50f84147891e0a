"""custinfo dedupe through the CLI: the merged workbook and its sheets, -o .csv/.jsonl, the
--ledger file, --json, --lang en, the input left alone, and no cell written as a formula."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from custinfo.codes import CODES
from tests.cli.conftest import write_xlsx

HEADER = [
    "客户编号",
    "客户名称",
    "客户类型",
    "联系人",
    "联系电话",
    "所属行业",
    "客户状态",
    "负责人",
    "备注",
]
XINGHE = "深圳市星河科技有限公司"
ROWS: list[list[object]] = [
    # rows 2, 3 and 5 are one customer (王总/王经理 on one mobile); 4 and 6 one person (李明/李先生)
    ["C202405002", XINGHE, "企业", "王总", "13800138000", "软件", "意向客户", "张三", None],
    ["C202405001", XINGHE, "企业", "王经理", "+86 138 0013 8000", "软件", "潜在客户", "李四", None],
    ["C202405003", "李明", "个人", None, "13912345678", "零售", "意向客户", "张三", None],
    # a merged row whose cells start with = and + (notes survive by concatenation)
    ["C202405004", XINGHE, "企业", "王总", "138-0013-8000", "软件", "意向客户", "张三", "=SUM(1)"],
    ["C202405005", "李先生", "个人", None, "139 1234 5678", "零售", "意向客户", "张三", "+86 备用"],
    # two contacts on one switchboard: to review, not merged
    [
        "C202405006",
        "深圳市明月贸易有限公司",
        "企业",
        "张伟",
        "0755-88881234",
        "批发",
        "意向客户",
        "张三",
    ],
    [
        "C202405007",
        "深圳市明月贸易有限公司",
        "企业",
        "李娜",
        "0755-88881234",
        "批发",
        "意向客户",
        "张三",
    ],
    ["C202405008", "华为技术有限公司", "企业", "孙丽", "13500135000", "制造业", "意向客户", "张三"],
]
RECORDS, CUSTOMERS = 8, 5
LEDGER_HEADER = [
    "source_sheet",
    "source_row",
    "master_id",
    "cluster_id",
    "match_score",
    "evidence",
    "lost_values",
]
NEVER = ["--fail-on", "never"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "客户.xlsx", {"客户信息": [HEADER, *ROWS]})


def test_default_output_has_the_merged_customers_and_the_dedupe_sheets(
    runner: CliRunner, book: Path
) -> None:
    before = book.read_bytes()
    result = runner.invoke(app, ["dedupe", str(book), *NEVER, "-q"])
    assert result.exit_code == 0, result.stderr
    assert book.read_bytes() == before  # the input is never modified
    out = book.with_name("客户.deduped.xlsx")
    assert out.exists()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:1] == ["客户信息"]
    assert {"重复客户", "待确认", "合并记录", "去重分组"} <= set(wb.sheetnames)
    customers = list(wb["客户信息"].iter_rows(values_only=True))
    head, body = customers[0], customers[1:]
    assert len(body) == CUSTOMERS  # one row per customer
    ids = [r[head.index("客户编号")] for r in body]
    assert sorted(ids) == ["C202405001", "C202405003", "C202405006", "C202405007", "C202405008"]
    clusters = list(wb["重复客户"].iter_rows(min_row=2, values_only=True))
    assert len(clusters) == 2
    review = list(wb["待确认"].iter_rows(values_only=True))
    assert "是否同一客户" in review[0]
    pairs = {(r[review[0].index("行号A")], r[review[0].index("行号B")]) for r in review[1:]}
    assert (7, 8) in pairs
    ledger = list(wb["合并记录"].iter_rows(values_only=True))
    assert len(ledger) == RECORDS + 1
    rows = [r[ledger[0].index("来源行号")] for r in ledger[1:]]
    assert sorted(rows) == list(range(2, RECORDS + 2))
    assert wb["去重分组"].max_row > 1


def test_no_cell_is_written_as_a_formula(runner: CliRunner, book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["dedupe", str(book), "-o", str(out), *NEVER, "-q"])
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
    # the values are there, as text, in the masters' 备注 (notes survive by concatenation)
    ws = wb["客户信息"]
    head = [c.value for c in ws[1]]
    notes = {
        line[head.index("客户编号")].value: line[head.index("备注")]
        for line in ws.iter_rows(min_row=2)
    }
    assert (notes["C202405001"].value, notes["C202405001"].data_type) == ("=SUM(1)", "s")
    assert (notes["C202405003"].value, notes["C202405003"].data_type) == ("+86 备用", "s")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_machine_outputs_hold_the_merged_customers(
    runner: CliRunner, book: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    result = runner.invoke(app, ["dedupe", str(book), "-o", str(out), *NEVER, "-q"])
    assert result.exit_code == 0, result.stderr
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            records = list(csv.DictReader(fh))
        ids = [r["客户编号"] for r in records]
        # CSV cells Excel could run as a formula are quoted (io/export.py)
        cells = [v for r in records for v in r.values() if v]
        assert not [v for v in cells if v[0] in "=+-@"]
        assert "'=SUM(1)" in cells
    else:
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        ids = [r["customer_id"] for r in records]
    assert len(records) == CUSTOMERS
    assert sorted(ids) == ["C202405001", "C202405003", "C202405006", "C202405007", "C202405008"]


def test_ledger_csv_has_one_row_per_input_row(
    runner: CliRunner, book: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "l.csv"
    out = tmp_path / "out.xlsx"
    args = ["dedupe", str(book), "-o", str(out), "--ledger", str(ledger), *NEVER, "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    with ledger.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == LEDGER_HEADER
    assert sorted(int(r["source_row"]) for r in rows) == list(range(2, RECORDS + 2))
    by_row = {int(r["source_row"]): r for r in rows}
    assert {by_row[r]["master_id"] for r in (2, 3, 5)} == {"C202405001"}
    assert len({by_row[r]["cluster_id"] for r in (2, 3, 5)}) == 1
    assert by_row[3]["match_score"] == ""  # the master
    assert float(by_row[2]["match_score"]) >= 90
    assert "电话相同" in by_row[2]["evidence"]
    assert "客户编号=C202405002" in by_row[2]["lost_values"]
    assert by_row[8]["cluster_id"] != by_row[9]["cluster_id"]  # the switchboard pair
    assert len({r["cluster_id"] for r in rows}) == CUSTOMERS


def test_ledger_jsonl(runner: CliRunner, book: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "l.jsonl"
    out = tmp_path / "out.csv"
    args = ["dedupe", str(book), "-o", str(out), "--ledger", str(ledger), *NEVER, "-q"]
    assert runner.invoke(app, args).exit_code == 0
    records = [json.loads(line) for line in ledger.read_text("utf-8").splitlines()]
    assert len(records) == RECORDS
    assert all(list(r) == LEDGER_HEADER for r in records)


def test_ledger_as_xlsx_is_a_usage_error_and_nothing_is_written(
    runner: CliRunner, book: Path, tmp_path: Path
) -> None:
    ledger, out = tmp_path / "l.xlsx", tmp_path / "out.xlsx"
    args = ["dedupe", str(book), "-o", str(out), "--ledger", str(ledger), *NEVER]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误")
    assert "合并记录" in result.stderr and ".csv" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not ledger.exists() and not out.exists()
    assert not book.with_name("客户.deduped.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["客户.xlsx"]


def test_json_summary_has_the_dedupe_counts(runner: CliRunner, book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["dedupe", str(book), "-o", str(out), "--json", *NEVER])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    d = summary["dedupe"]
    for key in ("records", "customers", "clusters", "merged_records", "review_pairs"):
        assert isinstance(d[key], int), key
    assert d["candidate_pairs"] >= d["review_pairs"] + 3
    assert (d["records"], d["customers"], d["clusters"]) == (RECORDS, CUSTOMERS, 2)
    assert d["records"] == d["customers"] + d["merged_records"]
    assert d["review_pairs"] >= 1
    assert isinstance(d["blocking"], list) and d["blocking"]
    assert {"rule", "keys", "pairs", "new_pairs", "skipped_blocks"} <= set(d["blocking"][0])
    assert sum(b["new_pairs"] for b in d["blocking"]) == d["candidate_pairs"]
    codes = summary["finding_counts"]["by_code"]
    assert codes["dedupe.merged"]["total"] == d["merged_records"]


def test_lang_en_gives_english_words(runner: CliRunner, book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["dedupe", str(book), "-o", str(out), "--lang", "en", *NEVER])
    assert result.exit_code == 0, result.stderr
    text = result.stdout + result.stderr
    assert "Dedupe:" in text and "customers" in text
    assert "去重" not in text and "合并" not in text
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Duplicates", "To review", "Merge ledger", "Blocking"} <= set(names)
    assert not {"重复客户", "待确认", "合并记录", "去重分组"} & set(names)


def test_lang_en_messages_name_rows_in_english(
    runner: CliRunner, book: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    args = ["dedupe", str(book), "-o", str(out), "--lang", "en", "--json", *NEVER]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("dedupe.")]
    assert found
    assert not [f["message"] for f in found if re.search(r"第\s*\d+\s*行", f["message"])]


def test_dedupe_hints_name_only_options_that_exist(runner: CliRunner) -> None:
    help_text = runner.invoke(app, ["dedupe", "--help"], terminal_width=200).stdout
    named = {
        opt
        for slug in ("dedupe.merged", "dedupe.review")
        for text in vars(CODES[slug]).values()
        if isinstance(text, str)
        for opt in re.findall(r"--[a-z][a-z-]+", text)
    }
    assert named <= set(re.findall(r"--[a-z][a-z-]+", help_text))
