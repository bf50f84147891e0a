"""xlsxwriter workbooks opened and closed one way for every writer (annotated copy, template),
and the sheet names they may use.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

# Text stays text: "=HYPERLINK(..)", "+8613800138000", "-5x", "@SUM(A1)" are data, not formulas.
TEXT_AS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@contextlib.contextmanager
def open_workbook(path: Path, *, constant_memory: bool = False) -> Iterator[xlsxwriter.Workbook]:
    """Yield a workbook writing to `path`, closed (saved) when the block ends without error.

    `constant_memory` streams rows to disk (flat memory for 100k-row sheets) but then rows must
    be written in order. A failure saving raises the underlying `OSError`, which `atomic_path`
    turns into a message naming the path; any failure leaves no row-data temp files behind.
    """
    wb = xlsxwriter.Workbook(str(path), {**TEXT_AS_TEXT, "constant_memory": constant_memory})
    # a full sheet's XML passes 4 GB (1M rows of 问题清单 or 变更记录): without ZIP64 the close
    # fails after minutes of writing; Excel and LibreOffice read ZIP64 packages
    wb.use_zip64()
    try:
        yield wb
        wb.close()
    except FileCreateError as e:  # xlsxwriter wraps the OSError
        raise (e.args[0] if e.args and isinstance(e.args[0], OSError) else OSError(str(e))) from e
    finally:
        _close_quietly(wb)


def _close_quietly(wb: xlsxwriter.Workbook) -> None:
    """Remove the row-data temp files of a workbook whose writing failed before close()."""
    if getattr(wb, "fileclosed", True):
        return
    wb.fileclosed = True
    for ws in wb.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()
        name = getattr(ws, "row_data_filename", None)
        if name:
            Path(name).unlink(missing_ok=True)


class SheetNames:
    """Valid, unique Excel sheet names (31 characters, none of []:*?/\\, case-insensitive)."""

    _BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> str:
        base = str(name).translate(self._BAD).strip("'")[:31] or "Sheet"
        if base.lower() == "history":  # Excel reserves it
            base = "History_"
        candidate, n = base, 1
        while candidate.lower() in self.used:
            n += 1
            suffix = f"({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        self.used.add(candidate.lower())
        return candidate
