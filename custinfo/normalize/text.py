"""Free text (备注, 需求, 职务 …): trimmed, one space between words, no invisible characters,
full-width Latin letters and digits as ASCII.

What is safe to change, and what is not:

- Full-width letters and digits (ＡＢＣ１２３) become ASCII: nobody means them, and they break
  search and matching. So do the full-width symbols that have no Chinese role
  (＠＃＄％＆＊＋－／＜＝＞＼＾＿｀｜), and ． between letters or digits (ｗｗｗ．ａ．ｃｏｍ, １２．５)
  and ： between digits (１０：３０).
- Chinese punctuation stays as typed (，。：；！？（）【】“”、～): it is correct in Chinese text.
- Line breaks in notes are deliberate (Alt+Enter in Excel) and are kept; spaces around them go,
  and more than one empty line in a row becomes one. \\r\\n, \\r, U+2028/2029 become \\n.
- Every other run of whitespace (tab, full-width space U+3000, non-breaking space …) becomes
  one ASCII space.
- Invisible characters go: zero-width space/non-joiner, word joiner, BOM, soft hyphen,
  direction marks, control characters (they cannot even be written to .xlsx), and the Hangul
  fillers that WeChat users put in "blank" names. A zero-width joiner stays only inside an
  emoji sequence (👨‍👩‍👧), where it is part of the character.

A cell that is empty after cleaning is blank (None). `clean_one` is the per-value function the
name normalizers build on.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from custinfo.distinct import flagged, per_distinct
from custinfo.normalize.column import Normalized

RULE = "text.clean"

_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # control characters (not \t \n \v \f \r, NEL)
    "\u00ad\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u2800\u3164\ufeff\uffa0]"
)
INVISIBLE = _INVISIBLE.pattern  # the class, for other patterns (see MAY_CHANGE)
# A zero-width joiner is part of an emoji sequence when it sits between two pictographs.
_PICTO = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
_STRAY_ZWJ = re.compile(f"(?<![{_PICTO}])\u200d|\u200d(?![{_PICTO}])")
_LINE_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # str.split()'s, strip()'s
_HSPACE = "\t\x0b\x0c \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_HSPACE}]+")
_AROUND_BREAK = re.compile(" *\n *")
_BLANK_LINES = re.compile("\n{3,}")

# Full-width forms that are always safe as ASCII: letters, digits and symbols with no role in
# Chinese punctuation.
_SAFE_SYMBOLS = "＠＃＄％＆＊＋－／＜＝＞＼＾＿｀｜"
SAFE_WIDTH: dict[int, int] = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},  # ０-９
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    **{ord(c): ord(c) - 0xFEE0 for c in _SAFE_SYMBOLS},
}
# Every full-width ASCII form (！ to ～): for text with no Chinese in it at all.
ALL_WIDTH: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_DOT = re.compile("(?<=[0-9A-Za-z])．(?=[0-9A-Za-z])")
_COLON = re.compile("(?<=[0-9])：(?=[0-9])")


def strip_invisible(text: str) -> str:
    """`text` without invisible and control characters (see the module docstring)."""
    text = _INVISIBLE.sub("", text)
    return _STRAY_ZWJ.sub("", text) if "\u200d" in text else text


def half_width(text: str) -> str:
    """Full-width letters, digits and safe symbols as ASCII; Chinese punctuation kept."""
    text = text.translate(SAFE_WIDTH)
    if "．" in text:
        text = _DOT.sub(".", text)
    if "：" in text:
        text = _COLON.sub(":", text)
    return text


def collapse_spaces(text: str, keep_lines: bool = True) -> str:
    """Runs of whitespace as one space, trimmed; line breaks kept (or made spaces)."""
    if not keep_lines:
        return " ".join(text.split())  # str.split's whitespace: the same set, and line breaks
    text = _SPACES.sub(" ", _LINE_BREAK.sub("\n", text))
    if "\n" in text:
        text = _BLANK_LINES.sub("\n\n", _AROUND_BREAK.sub("\n", text))
    return text.strip(" \n")


def as_text(value: object) -> str:
    """A cell as a string (cells arrive as text; anything else is written as Python shows it)."""
    return value if isinstance(value, str) else str(value)


def clean_one(value: object) -> str:
    """One free-text value cleaned; "" when nothing is left."""
    text = as_text(value)
    for _ in range(4):  # each step is idempotent; a second round catches what one step exposes
        new = collapse_spaces(half_width(strip_invisible(text)))
        if new == text:
            break
        text = new
    return text


# What `clean_one` may change, in RE2 syntax for `flagged`: a value with none of it is clean as
# typed (no invisible character or ZWJ, nothing to make half-width, no line break to unify, no
# whitespace but single spaces, no space next to a line break, no blank lines to merge, nothing
# to trim, not empty). Most cells are clean, and only the others go through `clean_one`.
MAY_CHANGE = "|".join(
    (
        INVISIBLE,
        "\u200d",
        "[" + "".join(map(chr, SAFE_WIDTH)) + "．：]",
        "[\r\x85\u2028\u2029]",
        "[" + _HSPACE.replace(" ", "") + "]",
        "  ",
        " \n",
        "\n ",
        "\n\n\n",
        "^[ \n]",
        "[ \n]$",
        "^$",
    )
)


def _clean_distinct(uniq: pd.Series) -> np.ndarray:
    out = uniq.to_numpy(dtype=object, copy=True)
    for i in np.flatnonzero(flagged(uniq, MAY_CHANGE)).tolist():
        out[i] = clean_one(uniq.iat[i]) or None
    return out


def clean_text(values: pd.Series) -> Normalized:
    """Free text cleaned, once per distinct value; blank (None) where nothing is left."""
    cleaned = per_distinct(values, _clean_distinct, None)
    return Normalized(values=cleaned, rule=RULE)
