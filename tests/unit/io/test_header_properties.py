"""Header text is free text: cleaning and matching are total, idempotent and decoration-blind."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custinfo.fields import DEFAULT_REGISTRY, SheetKind, clean_header
from custinfo.io.header import matchers

MS = matchers(DEFAULT_REGISTRY, 85)
STANDARD = [f.zh for f in DEFAULT_REGISTRY.for_sheet(SheetKind.CUSTOMERS)]


@given(st.text(max_size=40))
def test_clean_header_is_total_and_idempotent(text: str) -> None:
    once = clean_header(text)
    assert clean_header(once) == once


@given(st.text(max_size=40), st.sampled_from(list(SheetKind)))
def test_matching_any_text_never_fails(text: str, kind: SheetKind) -> None:
    m = MS[kind].match(text)
    assert m is None or (m.field and 0 < m.score <= 100)


@given(
    st.sampled_from(STANDARD),
    st.sampled_from(["", "*", "＊", " ", "\u3000", "\n"]),
    st.sampled_from(["", "*", "（必填）", "(必填)", " ", "：", "\u200b"]),
)
def test_decorations_do_not_change_the_field(header: str, before: str, after: str) -> None:
    plain = MS[SheetKind.CUSTOMERS].match(header)
    decorated = MS[SheetKind.CUSTOMERS].match(before + header + after)
    assert plain is not None and decorated is not None
    assert decorated.field == plain.field and decorated.method == "exact"
