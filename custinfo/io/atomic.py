"""Atomic file output: write beside the target, then rename over it in one step.

A reader (Excel, a cron job picking up last week's report) never sees a half-written file, and a
failed run leaves the previous output as it was. Inside `published_together()` the renames wait
until every output of the block is written, so a run's outputs change all together or not at all.

The temporary file is `.<target name>.tmp-<pid>-<random>`, hidden and never an output's name. A
process killed while writing (kill -9, power cut) cannot remove its own; the next write of the
same target removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from custinfo.errors import OutputError

# mkstemp creates files as 0600; outputs should get the usual mode the user's umask allows.
# Read once at import: os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

# (temporary, target) pairs waiting for the end of a `published_together()` block
_pending: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("_pending", default=None)


@contextlib.contextmanager
def atomic_path(target: Path, *, protect: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` atomically.

    On any exception the temporary file is removed and the exception re-raised; an `OSError`
    (permission denied, missing directory, disk full) becomes an `OutputError` with a Chinese
    message naming the path. `protect` lists input files that must never be overwritten.
    """
    target = Path(target)
    _refuse_inputs(target, protect)
    if target.is_dir():
        raise _error(target, IsADirectoryError(errno.EISDIR, "is a directory", str(target)))
    _sweep(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f"{_prefix(target)}{os.getpid()}-", dir=target.parent)
    except OSError as e:
        raise _error(target, e) from e
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        pending = _pending.get()
        if pending is None:
            _publish(tmp, target)
        else:
            pending.append((tmp, target))
    except OSError as e:
        _discard(tmp)
        raise _error(target, e) from e
    except BaseException:
        _discard(tmp)
        raise


@contextlib.contextmanager
def published_together() -> Iterator[None]:
    """Outputs written with `atomic_path` inside the block replace their targets only when the
    block ends without an error, one rename after another; on an error none does and every
    temporary file is removed."""
    pending: list[tuple[Path, Path]] = []
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _discard(tmp)
        raise
    finally:
        _pending.reset(token)
    for i, (tmp, target) in enumerate(pending):
        try:
            _publish(tmp, target)
        except OSError as e:
            for rest, _ in pending[i:]:
                _discard(rest)
            raise _error(target, e) from e


def _publish(tmp: Path, target: Path) -> None:
    tmp.chmod((target.stat().st_mode & 0o7777) if target.exists() else 0o666 & ~_UMASK)
    tmp.replace(target)


def _prefix(target: Path) -> str:
    return f".{target.name}.tmp-"


def _sweep(target: Path) -> None:
    """Remove the temporary files of `target` left by processes that no longer exist."""
    prefix = _prefix(target)
    with contextlib.suppress(OSError):
        for p in target.parent.iterdir():
            if p.name.startswith(prefix) and _gone(p.name[len(prefix) :].split("-")[0]):
                _discard(p)


def _gone(pid: str) -> bool:
    """Whether the process `pid` has ended (False when unsure: the file may be in use)."""
    if os.name == "nt" or not pid.isdigit() or int(pid) <= 0:
        return False  # on Windows signal 0 is CTRL_C_EVENT, not a probe
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def _refuse_inputs(target: Path, protect: Iterable[Path]) -> None:
    for source in protect:
        try:
            same = target.exists() and Path(source).exists() and target.samefile(source)
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"输出文件 {target} 就是输入文件；custinfo 从不修改输入文件",
                "请用 -o 指定另一个文件名",
                message_en=f"output {target} is the input file; custinfo never modifies its input",
                hint_en="Choose another file name with -o",
            )


def _error(target: Path, e: OSError) -> OutputError:
    """The OSError as a message the user can act on."""
    code = e.errno
    if code in (errno.EACCES, errno.EPERM):
        return OutputError(
            f"没有权限写入 {target}",
            "请确认对该目录有写权限；如果该文件正在 Excel 或 WPS 中打开，请先关闭后重试，"
            "或用 -o 换一个位置",
            message_en=f"permission denied writing {target}",
            hint_en="Check that you may write to the folder; if the file is open in Excel or WPS, "
            "close it and retry, or choose another place with -o",
        )
    if code == errno.ENOENT:
        return OutputError(
            f"无法写入 {target}：目录 {target.parent} 不存在",
            "请先创建该目录，或用 -o 指定已有目录中的文件",
            message_en=f"cannot write {target}: folder {target.parent} does not exist",
            hint_en="Create the folder first, or choose a file in an existing folder with -o",
        )
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            f"磁盘空间不足，无法写入 {target}",
            "请清理磁盘空间或用 -o 写到其他磁盘；原有的输出文件未被改动",
            message_en=f"no space left on the disk writing {target}",
            hint_en="Free some space or write elsewhere with -o; any previous output is unchanged",
        )
    if code == errno.EROFS:
        return OutputError(
            f"{target} 所在位置是只读的，无法写入",
            "请用 -o 指定可写的位置",
            message_en=f"{target} is on a read-only file system",
            hint_en="Choose a writable place with -o",
        )
    if code == errno.EISDIR:
        return OutputError(
            f"{target} 是一个目录，不能作为输出文件",
            "请在 -o 中给出文件名，如 out/客户.annotated.xlsx",
            message_en=f"{target} is a folder, not a file",
            hint_en="Give a file name with -o, such as out/customers.annotated.xlsx",
        )
    reason = e.strerror or str(e)
    return OutputError(
        f"无法写入 {target}：{reason}",
        "请检查路径和磁盘后重试，或用 -o 指定其他位置",
        message_en=f"cannot write {target}: {reason}",
        hint_en="Check the path and the disk and retry, or choose another place with -o",
    )
