from __future__ import annotations

import re

from custinfo.codes import CODES, Severity
from custinfo.dataset import FINDING_COLUMNS


def test_every_code_has_words_in_both_languages() -> None:
    for c in CODES.values():
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", c.slug), c.slug
        assert isinstance(c.severity, Severity)
        for text in (c.zh, c.en, c.hint_zh, c.hint_en, c.title_zh, c.title_en):
            assert text.strip(), c.slug


def test_placeholders_are_finding_columns() -> None:
    for c in CODES.values():
        for text in (c.zh, c.en):
            assert set(re.findall(r"\{(\w+)\}", text)) <= set(FINDING_COLUMNS), c.slug
