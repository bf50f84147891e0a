"""The one place exceptions become messages and exit codes (no traceback unless --debug)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import typer

from custinfo.cli.render import err_console
from custinfo.errors import CustinfoError, ExitCode

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Run a command; CustinfoError -> its message + exit 2, anything else -> one line + exit 3."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log = kwargs.get("log")
        if log is None:
            return _guarded(fn, args, kwargs)
        with _logging_to(Path(log)):
            return _guarded(fn, args, kwargs)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """--log FILE: everything meant for stderr (summary, messages, errors) is appended to FILE,
    each run under a line with its start time; stdout (--json) is left alone."""
    try:
        fh = path.open("a", encoding="utf-8")
    except OSError as e:
        raise typer.BadParameter(f"无法写日志文件 {path}（{e.strerror}）") from None
    with fh:
        fh.write(f"=== custinfo {dt.datetime.now().isoformat(timespec='seconds')} ===\n")
        with contextlib.redirect_stderr(fh):
            yield


def _guarded(fn: Callable[..., Any], args: Any, kwargs: dict[str, Any]) -> Any:
    """Run a command; CustinfoError -> its message and exit code, anything else -> one line
    + exit 3."""
    lang = str(kwargs.get("lang") or "zh")
    debug = bool(kwargs.get("debug"))
    console = err_console()
    try:
        return fn(*args, **kwargs)
    except typer.Exit:
        raise
    except CustinfoError as exc:
        if debug:
            console.print(traceback.format_exc(), markup=False, highlight=False)
        message, hint = exc.text(lang)
        label, hint_label = ("error", "hint") if lang == "en" else ("错误", "提示")
        for line in message.splitlines():
            has_label = line.lower().startswith(("错误", "error"))
            text = line if has_label else f"{label}: {line}"
            console.print(f"[red]{_escape(text)}[/red]")
        if hint:
            console.print(f"{hint_label}: {_escape(hint)}", highlight=False)
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        console.print("已中断" if lang != "en" else "interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug in custinfo: one short line, the details only on request
        if debug:
            console.print(traceback.format_exc(), markup=False, highlight=False)
        if lang == "en":
            line = f"internal error ({type(exc).__name__}: {exc}); please send the --debug output to your administrator"
        else:
            line = (
                f"内部错误（{type(exc).__name__}: {exc}）。请加 --debug 重新运行，把输出发给管理员"
            )
        console.print(_escape(line), markup=False, highlight=False)
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
