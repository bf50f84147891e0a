"""Run history: one SQLite file (no server), a row per run and a snapshot per customer per period.

`custinfo run` records each run here so next week's report can say what changed: new customers,
status changes, segment moves. Re-running the same period replaces that period's snapshot
rather than adding a second one. Everything a run writes goes in one transaction, so a crash
or a kill mid-run leaves the previous history as it was. A lock file beside it keeps two runs
from writing the same history at once (`HistoryLock`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from custinfo.errors import CustinfoError, ExitCode, OutputError

HISTORY_FILE = "custinfo.history.sqlite"
_STAGING = "snapshot_staging"
_DB_ERRORS = (sqlite3.Error, pd.errors.DatabaseError)  # pandas wraps sqlite's own
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    kind TEXT NOT NULL,            -- week | month
    period TEXT NOT NULL,          -- 2024-W20 | 2024-05
    as_of TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    input TEXT NOT NULL,
    input_sha256 TEXT NOT NULL,
    rules_sha256 TEXT NOT NULL,
    version TEXT NOT NULL,
    counts TEXT NOT NULL,          -- JSON: customers, findings, quality …
    PRIMARY KEY (kind, period)
);
"""


class LockedError(CustinfoError):
    """Another run holds the history's lock."""

    exit_code = ExitCode.LOCKED


@dataclass(frozen=True)
class Run:
    kind: str
    period: str
    as_of: str
    recorded_at: str
    input: str
    input_sha256: str
    rules_sha256: str
    version: str
    counts: Mapping[str, Any]


def record(path: Path, run: Run, snapshot: pd.DataFrame) -> None:
    """Store `run` and its per-customer `snapshot`, replacing the same period's, atomically."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            db.executescript(_SCHEMA)
            frame = snapshot.assign(kind=run.kind, period=run.period)
            # staging first (pandas commits as it goes); the visible tables change in one
            # transaction below, or not at all
            frame.to_sql(_STAGING, db, if_exists="replace", index=False, chunksize=50_000)
            with db:
                _ensure_snapshots(db, list(frame.columns))
                db.execute(
                    "DELETE FROM snapshots WHERE kind = ? AND period = ?", (run.kind, run.period)
                )
                cols = ", ".join(_quote(c) for c in frame.columns)
                db.execute(f"INSERT INTO snapshots ({cols}) SELECT {cols} FROM {_STAGING}")
                db.execute(
                    "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run.kind,
                        run.period,
                        run.as_of,
                        run.recorded_at,
                        run.input,
                        run.input_sha256,
                        run.rules_sha256,
                        run.version,
                        json.dumps(dict(run.counts), ensure_ascii=False),
                    ),
                )
                db.execute(f"DROP TABLE {_STAGING}")
    except _DB_ERRORS as e:
        raise _error(path, e) from e


def _ensure_snapshots(db: sqlite3.Connection, columns: list[str]) -> None:
    """The snapshots table, created like the staging table; columns a newer custinfo adds are
    added to it (older periods read them as blank)."""
    have = [r[1] for r in db.execute("PRAGMA table_info(snapshots)")]
    if not have:
        db.execute(f"CREATE TABLE snapshots AS SELECT * FROM {_STAGING} WHERE 0")
        db.execute("CREATE INDEX IF NOT EXISTS snapshots_period ON snapshots (kind, period)")
        return
    for c in columns:
        if c not in have:
            db.execute(f"ALTER TABLE snapshots ADD COLUMN {_quote(c)}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def previous(path: Path, kind: str, period: str) -> tuple[str, pd.DataFrame] | None:
    """The latest snapshot of a period before `period` (its name and rows), or None."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            row = db.execute(
                "SELECT period FROM runs WHERE kind = ? AND period < ? ORDER BY period DESC LIMIT 1",
                (kind, period),
            ).fetchone()
            if row is None:
                return None
            frame = pd.read_sql_query(
                "SELECT * FROM snapshots WHERE kind = ? AND period = ?", db, params=(kind, row[0])
            )
    except _DB_ERRORS as e:
        raise _error(path, e) from e
    return str(row[0]), frame.drop(columns=["kind", "period"])


def runs(path: Path, kind: str) -> pd.DataFrame:
    """Every recorded run of `kind`, oldest first, counts spread into columns (the trend)."""
    if not path.is_file():
        return pd.DataFrame(columns=["period", "as_of"])
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            frame = pd.read_sql_query(
                "SELECT period, as_of, counts FROM runs WHERE kind = ? ORDER BY period",
                db,
                params=(kind,),
            )
    except _DB_ERRORS as e:
        raise _error(path, e) from e
    counts = pd.DataFrame([json.loads(c) for c in frame["counts"]], index=frame.index)
    return pd.concat([frame.drop(columns=["counts"]), counts], axis=1)


def _error(path: Path, e: Exception) -> OutputError:
    causes = (e, e.__cause__, e.__context__)  # pandas wraps sqlite's error
    if any(getattr(c, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL for c in causes):
        return OutputError(
            f"磁盘空间不足，无法写入运行历史「{path}」",
            "请清理磁盘空间后重跑；之前的运行历史和输出文件未被改动",
            message_en=f"no space left on the disk writing the run history '{path}'",
            hint_en="Free some space and run again; the previous history and outputs are unchanged",
        )
    return OutputError(
        f"运行历史文件「{path}」无法读写（{e}）",
        "请检查文件权限和磁盘空间；文件损坏时可改名备份后重跑（会从头记录历史）",
        message_en=f"the run history '{path}' cannot be read or written ({e})",
        hint_en="Check permissions and disk space; if it is damaged, rename it and run again"
        " (history starts afresh)",
    )


@contextlib.contextmanager
def history_lock(path: Path) -> Iterator[None]:
    """Hold `<history>.lock` for the run; a second run on the same history stops at once with
    exit code 4. A lock left by a run that died (its process is gone) is taken over."""
    lock = path.with_name(path.name + ".lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _stale(lock):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                continue
            raise _locked(path, lock) from None
        except OSError as e:
            raise OutputError(
                f"无法创建锁文件「{lock}」（{e.strerror}）",
                "请检查运行历史所在目录的权限",
                message_en=f"cannot create the lock file '{lock}' ({e.strerror})",
                hint_en="Check the permissions of the history's folder",
            ) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
        return
    raise _locked(path, lock)


def _stale(lock: Path) -> bool:
    try:
        pid = int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return False  # unreadable or being written: treat as held
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _locked(path: Path, lock: Path) -> LockedError:
    return LockedError(
        f"另一个 custinfo 正在使用运行历史「{path.name}」（锁文件 {lock}）",
        "等它结束后再运行；确认没有其他 custinfo 在运行时，可删除该锁文件",
        message_en=f"another custinfo run is using the history '{path.name}' (lock file {lock})",
        hint_en="Wait for it to finish; if no other run is going, delete the lock file",
    )
