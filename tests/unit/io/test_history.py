"""The run history (io/history.py): a run per period, re-running a period replaces it, the
previous period's snapshot, the trend, the lock, and a failed write leaving the history intact."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from custinfo.errors import ExitCode, OutputError
from custinfo.io.history import LockedError, Run, history_lock, previous, record, runs


def _run(period: str, customers: int) -> Run:
    return Run("week", period, "2024-05-19", "2024-05-20T08:00:00", "客户.xlsx", "a" * 64,
               "b" * 64, "0.1", {"customers": customers, "findings": 3, "quality": 97.5})  # fmt: skip


def _snap(ids: list[str], status: str = "意向客户") -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ids, "status": [status] * len(ids), "findings": 1})


def test_record_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record(db, _run("2024-W19", 2), _snap(["C1", "C2"]))
    record(db, _run("2024-W20", 3), _snap(["C1", "C2", "C3"], "成交客户"))
    prev = previous(db, "week", "2024-W20")
    assert prev is not None
    name, frame = prev
    assert name == "2024-W19"
    assert frame["customer_id"].tolist() == ["C1", "C2"] and set(frame["status"]) == {"意向客户"}
    assert previous(db, "week", "2024-W19") is None
    assert previous(tmp_path / "absent.sqlite", "week", "2024-W20") is None
    trend = runs(db, "week")
    assert trend["period"].tolist() == ["2024-W19", "2024-W20"]
    assert trend["customers"].tolist() == [2, 3] and trend["quality"].tolist() == [97.5, 97.5]


def test_rerunning_a_period_replaces_it(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record(db, _run("2024-W20", 3), _snap(["C1", "C2", "C3"]))
    record(db, _run("2024-W20", 1), _snap(["C9"]))
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM runs").fetchone() == (1,)
        ids = [r[0] for r in con.execute("SELECT customer_id FROM snapshots")]
    assert ids == ["C9"]
    assert runs(db, "week")["customers"].tolist() == [1]


def test_a_new_column_is_added_to_older_history(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record(db, _run("2024-W19", 1), _snap(["C1"]))
    record(db, _run("2024-W20", 1), _snap(["C1"]).assign(layer="高价值客户"))
    _, frame = previous(db, "week", "2024-W21") or ("", pd.DataFrame())
    assert frame["layer"].tolist() == ["高价值客户"]


def test_a_failed_write_leaves_the_history_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record(db, _run("2024-W19", 2), _snap(["C1", "C2"]))
    before = runs(db, "week")
    bad = _snap(["C3"]).assign(status=[object()])  # sqlite cannot store it: fails mid-write
    with pytest.raises(OutputError):
        record(db, _run("2024-W19", 1), bad)
    assert runs(db, "week").equals(before)
    _, frame = previous(db, "week", "2024-W20") or ("", pd.DataFrame())
    assert frame["customer_id"].tolist() == ["C1", "C2"]


def test_killed_mid_write_leaves_the_history_intact(tmp_path: Path) -> None:
    """kill -9 while a large snapshot is being written: the old period is still there."""
    db = tmp_path / "h.sqlite"
    record(db, _run("2024-W19", 2), _snap(["C1", "C2"]))
    code = (
        "import os, sys, pandas as pd\n"
        "from custinfo.io import history\n"
        "orig = history._ensure_snapshots\n"
        "def die(*a):\n"
        "    os.kill(os.getpid(), 9)\n"
        "history._ensure_snapshots = die\n"
        f"history.record(__import__('pathlib').Path({str(db)!r}), "
        "history.Run('week','2024-W19','x','x','x','x','x','x',{}), "
        "pd.DataFrame({'customer_id': ['Z%d' % i for i in range(100000)]}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=Path.cwd(), check=False)
    assert done.returncode == -9
    _, frame = previous(db, "week", "2024-W20") or ("", pd.DataFrame())
    assert frame["customer_id"].tolist() == ["C1", "C2"]


def test_a_second_run_is_locked_out(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with history_lock(db):
        assert (tmp_path / "h.sqlite.lock").exists()
        with pytest.raises(LockedError) as e, history_lock(db):
            pass
        assert e.value.exit_code == ExitCode.LOCKED == 4
        assert "另一个 custinfo" in e.value.message
    assert not (tmp_path / "h.sqlite.lock").exists()


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    (tmp_path / "h.sqlite.lock").write_text(child.stdout.strip())
    with history_lock(db):
        assert (tmp_path / "h.sqlite.lock").read_text() == str(os.getpid())
