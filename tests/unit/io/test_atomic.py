"""atomic_path: all or nothing, beside the target, with messages the user can act on."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from custinfo.errors import OutputError
from custinfo.io.atomic import atomic_path, published_together


def test_success_replaces_target(tmp_path: Path) -> None:
    target = tmp_path / "客户.annotated.xlsx"
    target.write_text("old", "utf-8")
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".客户.annotated.xlsx.tmp-")
        tmp.write_text("new", "utf-8")
        assert target.read_text("utf-8") == "old"  # untouched until the block ends
    assert target.read_text("utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["客户.annotated.xlsx"]


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_path(target) as tmp:
        tmp.write_text("x", "utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_exception_keeps_previous_target_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("last week", "utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_path(target) as tmp:
        tmp.write_text("half", "utf-8")
        raise RuntimeError("boom")
    assert target.read_text("utf-8") == "last week"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info, atomic_path(tmp_path / "nope" / "out.xlsx"):
        pass
    assert "不存在" in info.value.message and "nope" in info.value.message
    assert info.value.hint


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with (
            pytest.raises(OutputError, match="没有权限写入") as info,
            atomic_path(locked / "a.xlsx"),
        ):
            pass
        assert "Excel" in info.value.hint
    finally:
        locked.chmod(0o700)


def test_disk_full_inside_the_block(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(OutputError, match="磁盘空间不足"), atomic_path(target) as tmp:
        tmp.write_text("partial", "utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_on_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. Windows, when the previous report is open in Excel
    target = tmp_path / "out.xlsx"
    target.write_text("open in Excel", "utf-8")

    def refuse(self: Path, other: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError, match="没有权限写入"), atomic_path(target) as tmp:
        tmp.write_text("new", "utf-8")
    assert target.read_text("utf-8") == "open in Excel"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_target_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="是一个目录"), atomic_path(tmp_path):
        pass


def test_protected_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "客户.xlsx"
    source.write_bytes(b"input")
    with pytest.raises(OutputError, match="输入文件"), atomic_path(source, protect=[source]):
        pass
    assert source.read_bytes() == b"input"


def test_permission_denied_creating_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same as an unwritable folder, also when the tests run as root
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(OutputError) as info, atomic_path(tmp_path / "a.xlsx"):
        pass
    assert info.value.message == f"没有权限写入 {tmp_path / 'a.xlsx'}"
    assert "-o" in info.value.hint


def test_published_together_replaces_nothing_until_all_are_written(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.json"
    a.write_text("old a", "utf-8")
    b.write_text("old b", "utf-8")
    with published_together():
        with atomic_path(a) as tmp:
            tmp.write_text("new a", "utf-8")
        assert a.read_text("utf-8") == "old a"  # waits for the end of the block
        with atomic_path(b) as tmp:
            tmp.write_text("new b", "utf-8")
    assert (a.read_text("utf-8"), b.read_text("utf-8")) == ("new a", "new b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.json"]


def test_published_together_all_or_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.json"
    a.write_text("old a", "utf-8")
    with pytest.raises(OutputError, match="磁盘空间不足"), published_together():
        with atomic_path(a) as tmp:
            tmp.write_text("new a", "utf-8")
        with atomic_path(b) as tmp:
            raise OSError(errno.ENOSPC, "No space left on device")
    assert a.read_text("utf-8") == "old a"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_temp_files_of_dead_processes_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    dead = _dead_pid()
    stale = tmp_path / f".out.xlsx.tmp-{dead}-abc123"
    alive = tmp_path / f".out.xlsx.tmp-{os.getppid()}-abc123"  # another run still writing
    other = tmp_path / f".other.xlsx.tmp-{dead}-abc123"  # not this target's
    for p in (stale, alive, other):
        p.write_text("half", "utf-8")
    with atomic_path(target) as tmp:
        assert f".tmp-{os.getpid()}-" in tmp.name
        tmp.write_text("new", "utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [alive.name, other.name, target.name]
    )


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid
