from __future__ import annotations

import pytest

from custinfo.fields import DEFAULT_REGISTRY, SheetKind, clean_header, display_header


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("*行业类型", "行业类型"),
        ("合作阶段（必填）", "合作阶段"),
        ("客户名称*", "客户名称"),
        ("Email", "Email"),
        ("*", "*"),
    ],
)
def test_display_header_drops_required_marks(typed: str, shown: str) -> None:
    assert display_header(typed) == shown


def test_every_standard_header_maps_to_itself() -> None:
    for kind in SheetKind:
        index = DEFAULT_REGISTRY.header_index(kind)
        for f in DEFAULT_REGISTRY.for_sheet(kind):
            assert index[clean_header(f.zh)] == f.name
