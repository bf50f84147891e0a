"""Nothing lost (#8): a `custinfo run --report week --history H` that is killed, runs out of disk
or may not write leaves last week's outputs byte for byte and the history with exactly last
week's run; the next run cleans up after a killed one."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from custinfo.io.atomic import atomic_path
from tests.cli.conftest import write_xlsx
from tests.cli.test_run_history import WEEK1, WEEK2

REPO = Path(__file__).resolve().parents[2]


def _args(book: Path, here: Path, as_of: str) -> list[str]:
    return [
        "run",
        str(book),
        "--out-dir",
        str(here / "out"),
        "--history",
        str(here / "h.sqlite"),
        "--report",
        "week",
        "--as-of",
        as_of,
        "--fail-on",
        "never",
        "-q",
    ]


@pytest.fixture
def last_week(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory where last week's run (2024-W20) wrote its outputs and history."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CUSTINFO_RULES", raising=False)
    book = write_xlsx(tmp_path / "客户.xlsx", {"客户信息": WEEK1})
    result = CliRunner().invoke(app, _args(book, tmp_path, "2024-05-19"))
    assert result.exit_code == 0, result.stderr
    write_xlsx(book, {"客户信息": WEEK2})  # this week's sheet
    return tmp_path


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _history(here: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(here / "h.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [
            *db.execute("SELECT kind, period, as_of, input_sha256 FROM runs ORDER BY period"),
            *db.execute("SELECT period, COUNT(*) FROM snapshots GROUP BY period"),
        ]


def _unchanged(here: Path, before: dict[str, bytes], history: list[tuple[Any, ...]]) -> None:
    assert _files(here / "out") == before  # no new report, no temporary file, nothing replaced
    assert _history(here) == history
    assert [h[1] for h in history if h[0] == "week"] == ["2024-W20"]


def _run_this_week(here: Path) -> None:
    result = CliRunner().invoke(app, _args(here / "客户.xlsx", here, "2024-05-26"))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (here / "out").iterdir())
    assert "客户周报-2024-W21.xlsx" in names and not [n for n in names if ".tmp-" in n]
    assert [h[1] for h in _history(here) if h[0] == "week"] == ["2024-W20", "2024-W21"]


# --- (a) kill -9 while the outputs are written ------------------------------------------------


def test_kill_during_the_write_leaves_last_week_and_the_next_run_cleans_up(
    last_week: Path,
) -> None:
    here = last_week
    before, history = _files(here / "out"), _history(here)
    this_week = here / "客户.xlsx"
    generate = [sys.executable, str(REPO / "samples" / "generate.py"), "--customers", "3000"]
    subprocess.run([*generate, "--out", str(this_week), "--truth", ""], check=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "custinfo", *_args(this_week, here, "2024-05-26")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        temps = _wait_for(lambda: [p for p in (here / "out").iterdir() if ".tmp-" in p.name])
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    left = [p.name for p in (here / "out").iterdir() if ".tmp-" in p.name]
    assert left and all(n.startswith(".") and f".tmp-{proc.pid}-" in n for n in left), temps
    _unchanged(here, before | {n: (here / "out" / n).read_bytes() for n in left}, history)
    assert (here / "h.sqlite.lock").read_text() == str(proc.pid)  # left behind, taken over next
    write_xlsx(this_week, {"客户信息": WEEK2})
    _run_this_week(here)
    assert not (here / "h.sqlite.lock").exists()


# A run that kills itself at an exact moment: a harness around the real command, so that the
# product needs no test hook.
_KILL_AT = """
import os, signal, sys
import custinfo.cli.job, custinfo.io.history
from custinfo.cli import main
where = sys.argv.pop(1)
module, name = where.rsplit(".", 1)
real = getattr(sys.modules[module], name)
def killed(*args, **kwargs):
    if name == "_ensure_snapshots":  # inside the transaction, the snapshot rows deleted
        real(*args, **kwargs)
        args[0].execute("DELETE FROM snapshots")
    os.kill(os.getpid(), signal.SIGKILL)
setattr(sys.modules[module], name, killed)
sys.argv[0] = "custinfo"
main()
"""


@pytest.mark.parametrize(
    "where",
    [
        "custinfo.cli.job.record",  # every output written, the history not yet recorded
        "custinfo.io.history._ensure_snapshots",  # inside the history's transaction
    ],
)
def test_kill_around_the_history_commit_leaves_last_week(last_week: Path, where: str) -> None:
    here = last_week
    before, history = _files(here / "out"), _history(here)
    args = _args(here / "客户.xlsx", here, "2024-05-26")
    proc = subprocess.run([sys.executable, "-c", _KILL_AT, where, *args], cwd=here, check=False)
    assert proc.returncode == -signal.SIGKILL
    left = {p.name: p.read_bytes() for p in (here / "out").iterdir() if ".tmp-" in p.name}
    assert len(left) == 5  # workbook, report and its .md, summary.json and .md: all staged
    _unchanged(here, before | left, history)
    _run_this_week(here)


def _wait_for(found: Callable[[], list[Path]], timeout: float = 240.0) -> list[Path]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if got := found():
            return got
        time.sleep(0.005)
    raise AssertionError("the run wrote no temporary file in time")


# --- (b) disk full, (c) permission denied: in-process, at every output ------------------------


def _full_disk(path: Path, *args: object, **kwargs: object) -> None:
    """A writer that gets half way through `path` and finds the disk full."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")


# the writers in the order a run calls them; the history is recorded last
WRITERS = {
    "workbook": "custinfo.outputs.write_annotated",
    "report": "custinfo.outputs.write_report",
    "summary": "custinfo.cli.job.write_summary_files",
}


@pytest.mark.parametrize("writer", [*WRITERS, "history"])
def test_disk_full_leaves_last_week(
    last_week: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    here = last_week
    before, history = _files(here / "out"), _history(here)
    if writer == "history":
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]

        def to_sql(*args: object, **kwargs: object) -> None:
            raise full

        monkeypatch.setattr(pd.DataFrame, "to_sql", to_sql)
    else:
        monkeypatch.setattr(WRITERS[writer], _full_disk)
    result = CliRunner().invoke(app, _args(here / "客户.xlsx", here, "2024-05-26"))
    assert result.exit_code == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and "请清理磁盘空间" in result.stderr
    assert "Traceback" not in result.stderr
    _unchanged(here, before, history)
    monkeypatch.undo()
    _run_this_week(here)


def test_disk_full_in_english(last_week: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WRITERS["report"], _full_disk)
    args = [*_args(last_week / "客户.xlsx", last_week, "2024-05-26"), "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "no space left" in result.stderr and "Free some space" in result.stderr


def test_unwritable_output_directory_leaves_last_week(
    last_week: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = last_week
    out = here / "out"
    before, history = _files(out), _history(here)
    if os.geteuid() == 0:  # root writes anywhere: refuse as the kernel would for others
        import tempfile

        mkstemp = tempfile.mkstemp

        def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if Path(kwargs["dir"]) == out:
                raise PermissionError(errno.EACCES, "Permission denied", str(out))
            return mkstemp(*args, **kwargs)

        monkeypatch.setattr("tempfile.mkstemp", refuse)
    else:
        out.chmod(0o555)
    try:
        result = CliRunner().invoke(app, _args(here / "客户.xlsx", here, "2024-05-26"))
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2, result.stderr
    assert "没有权限写入" in result.stderr and "写权限" in result.stderr
    assert "Traceback" not in result.stderr
    _unchanged(here, before, history)


def test_a_file_that_cannot_be_replaced_leaves_last_week(
    last_week: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows: last week's report open in Excel. The renames come after the history is
    # recorded, so this is the one failure that leaves a mix; see docs/cli.md.
    here = last_week
    summary = here / "out" / "客户.summary.json"
    replace = Path.replace

    def refuse(self: Path, target: Path) -> Path:
        if Path(target) == summary:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", refuse)
    result = CliRunner().invoke(app, _args(here / "客户.xlsx", here, "2024-05-26"))
    assert result.exit_code == 2
    assert f"没有权限写入 {summary}" in result.stderr and "Excel" in result.stderr
    assert not [p for p in (here / "out").iterdir() if ".tmp-" in p.name]
    assert [h[1] for h in _history(here) if h[0] == "week"] == ["2024-W20", "2024-W21"]
    assert '"2024-W20"' in summary.read_text("utf-8")  # last week's summary, this week's report
    assert (here / "out" / "客户周报-2024-W21.xlsx").exists()
