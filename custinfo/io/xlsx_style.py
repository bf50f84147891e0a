"""How written workbooks look: severity fills, header and date formats, column and comment sizes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

FILLS = {3: "#FFC7CE", 2: "#FFEB9C", 1: "#DDEBF7"}  # error red, warning yellow, info light blue
HEADER_FILL = "#F2F2F2"
STATUS_HEADER_FILL = "#D9E1F2"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
TIME_FORMAT = "hh:mm:ss"


class Formats:
    """Every format the workbook uses, created once (xlsxwriter formats are workbook objects)."""

    BASES: Mapping[str, Mapping[str, Any]] = {
        "text": {},
        "number": {},
        "date": {"num_format": DATE_FORMAT},
        "datetime": {"num_format": DATETIME_FORMAT},
        "time": {"num_format": TIME_FORMAT},
        "bool": {},
        "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "valign": "top"},
        "title": {"bold": True, "font_size": 12},
        "status_header": {
            "bold": True,
            "bg_color": STATUS_HEADER_FILL,
            "border": 1,
            "valign": "top",
        },
    }

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._cache: dict[tuple[str, int], Format | None] = {}

    def get(self, base: str, rank: int = 0) -> Format | None:
        """The format for `base` filled for severity `rank` (0: no fill); None for no format."""
        key = (base, rank)
        if key not in self._cache:
            props = dict(self.BASES[base])
            if rank:
                props["bg_color"] = FILLS[rank]
            self._cache[key] = self.wb.add_format(props) if props else None
        return self._cache[key]

    def by_rank(self, base: str) -> list[Format | None]:
        """`get(base, rank)` for ranks 0-3, indexable by rank in per-cell loops."""
        return [self.get(base, r) for r in range(4)]


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def comment_options(text: str) -> dict[str, Any]:
    """xlsxwriter comment options sized so `text` shows without scrolling, up to a cap."""
    lines = sum(max(1, math.ceil(display_width(line) / 44)) for line in text.split("\n"))
    return {"author": "custinfo", "width": 320, "height": min(24 + 16 * lines, 480)}
