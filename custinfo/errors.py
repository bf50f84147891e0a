"""The only exceptions library code raises; the CLI turns them into a message and an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # finished, but findings at or above --fail-on
    USER = 2  # the user must fix input, rules or arguments
    INTERNAL = 3  # a bug in custinfo
    LOCKED = 4  # another run holds the history's lock


class CustinfoError(Exception):
    """A problem the user can act on: `message` says what, `hint` says what to do."""

    exit_code: ExitCode = ExitCode.USER

    def __init__(self, message: str, hint: str = "", *, message_en: str = "", hint_en: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.message_en = message_en or message
        self.hint_en = hint_en or hint

    def text(self, lang: str = "zh") -> tuple[str, str]:
        """Return (message, hint) in the requested language."""
        if lang == "en":
            return self.message_en, self.hint_en
        return self.message, self.hint


class InputError(CustinfoError):
    """The input file cannot be read: missing, unreadable, encrypted, oversized, no header."""


class ConfigError(CustinfoError):
    """rules.yaml has one or more mistakes; `problems` lists every one with its line."""

    def __init__(
        self, problems: list[str], problems_en: list[str] | None = None, *, path: str = ""
    ):
        self.problems = problems
        self.problems_en = problems_en or problems
        self.path = path
        super().__init__(
            "\n".join(problems),
            "规则写法见 docs/rules.md",
            message_en="\n".join(self.problems_en),
            hint_en="See docs/rules.md for the rules file format",
        )


class OutputError(CustinfoError):
    """An output cannot be written (permission, disk full, bad extension)."""
