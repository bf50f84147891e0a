"""custinfo run with history and the weekly report: two weeks of one sheet with planted changes,
the report against the previous week, re-running a week replaces it, --mask, and the lock."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from custinfo.cli import app
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
]
WEEK1 = [
    HEADER,
    [
        "C202401001",
        "深圳市星河科技有限公司",
        "企业",
        "王总",
        "13800138000",
        "软件",
        "意向客户",
        "张三",
    ],
    ["C202401002", "李明", "个人", None, "13912345678", "零售", "潜在客户", "李四"],
]
WEEK2 = [
    *WEEK1[:2],
    [
        "C202401002",
        "李明",
        "个人",
        None,
        "13912345678",
        "零售",
        "成交客户",
        "李四",
    ],  # status changed
    [
        "C202401003",
        "杭州云帆软件有限公司",
        "企业",
        "赵总",
        "13700137000",
        "软件",
        "意向客户",
        "王五",
    ],
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CUSTINFO_RULES", raising=False)
    monkeypatch.delenv("CUSTINFO_HISTORY", raising=False)  # the default place: here
    return tmp_path


def _run(book: Path, as_of: str, *args: str) -> None:
    result = CliRunner().invoke(
        app,
        ["run", str(book), "--out-dir", "out", "--as-of", as_of, "--fail-on", "never", "-q", *args],
    )
    assert result.exit_code == 0, result.stderr


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_two_weeks_report_what_changed(here: Path) -> None:
    _run(write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1}), "2024-05-19", "--report", "week")
    assert (here / "out" / "客户周报-2024-W20.xlsx").exists()
    _run(write_xlsx(here / "客户.xlsx", {"客户信息": WEEK2}), "2024-05-26", "--report", "week")
    book = here / "out" / "客户周报-2024-W21.xlsx"
    new = [r for r in _rows(book, "新增客户") if "C202401003" in r]
    assert len(new) == 1
    changed = [r for r in _rows(book, "状态变化") if "C202401002" in r]
    assert len(changed) == 1 and "潜在客户" in changed[0] and "成交客户" in changed[0]
    summary = json.loads((here / "out" / "客户.summary.json").read_text("utf-8"))
    assert summary["report"]["new_customers"] == 1 and summary["report"]["period"] == "2024-W21"
    mail = (here / "out" / "客户周报-2024-W21.md").read_text("utf-8")
    assert "新增客户：1" in mail and "状态变化：1" in mail
    with sqlite3.connect(here / "custinfo.history.sqlite") as db:
        periods = [r[0] for r in db.execute("SELECT period FROM runs ORDER BY period")]
    assert periods == ["2024-W20", "2024-W21"]
    # the quality trend has both weeks and a native line chart
    assert sum(1 for r in _rows(book, "概览") if r[0] in ("2024-W20", "2024-W21")) == 2
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3  # the trend line, customers per status, customers per RFM segment
    assert sum("<c:lineChart>" in c for c in charts) == 1
    status = next(c for c in charts if "客户状态分布" in c)
    rows = _rows(book, "概览")
    drawn = [i + 1 for i, r in enumerate(rows) if r[0] == "客户状态"]  # 1-based Excel rows
    assert f"$B${drawn[0]}:$B${drawn[-1]}" in status  # exactly the status rows of 客户分布


def test_a_customer_without_id_is_the_same_customer_after_rows_move(here: Path) -> None:
    no_id = ["", "周杰", "个人", None, "13655556666", "零售", "潜在客户", "李四"]
    _run(write_xlsx(here / "客户.xlsx", {"客户信息": [*WEEK1, no_id]}), "2024-05-19")
    moved = [HEADER, WEEK2[3], [*no_id[:6], "意向客户", no_id[7]], *WEEK1[1:]]  # a row above it
    _run(write_xlsx(here / "客户.xlsx", {"客户信息": moved}), "2024-05-26", "--report", "week")
    book = here / "out" / "客户周报-2024-W21.xlsx"
    new = [r for r in _rows(book, "新增客户")[1:] if any(r)]
    assert [r for r in new if "周杰" in r] == []  # not new: matched by its values, not its row
    assert len([r for r in new if "C202401003" in r]) == 1
    changed = [r for r in _rows(book, "状态变化") if "周杰" in r]
    assert len(changed) == 1 and "意向客户" in changed[0]


def test_rerunning_a_week_replaces_it(here: Path) -> None:
    book = write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1})
    _run(book, "2024-05-19")
    _run(book, "2024-05-17")  # same ISO week
    with sqlite3.connect(here / "custinfo.history.sqlite") as db:
        assert db.execute("SELECT COUNT(*), MIN(as_of) FROM runs").fetchone() == (1, "2024-05-17")
        assert db.execute("SELECT COUNT(*) FROM snapshots").fetchone() == (2,)


def test_history_option_moves_the_file(here: Path) -> None:
    book = write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1})
    _run(book, "2024-05-19", "--history", str(here / "h" / "hist.sqlite"))
    assert (here / "h" / "hist.sqlite").exists() and not (here / "custinfo.history.sqlite").exists()


def test_masked_report_has_no_phone_in_clear(here: Path) -> None:
    _run(write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1}), "2024-05-19")
    _run(
        write_xlsx(here / "客户.xlsx", {"客户信息": WEEK2}),
        "2024-05-26",
        "--report",
        "week",
        "--mask",
    )
    book = here / "out" / "客户周报-2024-W21.xlsx"
    with zipfile.ZipFile(book) as z:
        text = " ".join(
            z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")
        )
    assert not re.search(r"1[3-9]\d{9}", text)
    assert "李明" not in text  # a person's name is masked (李*)


def test_a_second_run_on_a_locked_history_exits_4(here: Path) -> None:
    book = write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1})
    lock = here / "custinfo.history.sqlite.lock"
    lock.write_text("1")  # pid 1 is always alive: a lock held by another run
    result = CliRunner().invoke(app, ["run", str(book), "--out-dir", "out", "--fail-on", "never"])
    assert result.exit_code == 4
    assert "另一个 custinfo" in result.stderr and "Traceback" not in result.stderr
    assert not (here / "out").exists()  # nothing written
    assert lock.read_text() == "1"


def test_log_file_gets_the_messages_not_stderr(here: Path) -> None:
    book = write_xlsx(here / "客户.xlsx", {"客户信息": WEEK1})
    log = here / "custinfo.log"
    args = ["run", str(book), "--out-dir", "out", "--fail-on", "never", "--log", str(log)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "已写出" in log.read_text("utf-8") and log.read_text("utf-8").startswith("=== custinfo ")
    missing = CliRunner().invoke(app, ["run", str(here / "无.xlsx"), "--log", str(log)])
    assert missing.exit_code == 2 and missing.stderr == ""
    text = log.read_text("utf-8")
    assert text.count("=== custinfo ") == 2 and "无.xlsx" in text
