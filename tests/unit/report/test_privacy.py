from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from custinfo.dataset import CellKind
from custinfo.fields import SheetKind
from custinfo.findings import findings_from_mask
from custinfo.report.privacy import mask_dataset, mask_id_number
from tests.frames import make_dataset, make_table


def test_mask_id_number() -> None:
    s = pd.Series(["110101199003074578", " 11010119900307457X ", "1234", None], dtype=object)
    assert mask_id_number(s).tolist() == ["110***********4578", "110***********457X", "****", None]


@given(st.text(min_size=8, max_size=30).filter(lambda t: len(t.strip()) >= 8))
def test_masked_never_contains_the_middle(value: str) -> None:
    (masked,) = mask_id_number(pd.Series([value], dtype=object)).tolist()
    core = value.strip()
    assert masked.startswith(core[:3]) and masked.endswith(core[-4:])
    assert masked[3:-4] == "*" * 11  # nothing between the kept ends leaks


def test_mask_dataset_masks_frames_tables_and_findings() -> None:
    table = make_table(SheetKind.CUSTOMERS, [{"name": "王伟", "id_number": "110101199003074578"}])
    table.kinds["id_number"] = CellKind.NUMBER  # typed as a number in Excel
    ds = make_dataset(table)
    bad = findings_from_mask(
        table, ds.customers, pd.Series([True]), "id_number", "required.missing"
    )
    masked = mask_dataset(ds.with_findings(bad))
    assert masked.customers["id_number"].item() == "110***********4578"
    t = masked.book.tables[SheetKind.CUSTOMERS]
    assert t.frame["id_number"].item() == "110***********4578"
    assert t.kinds["id_number"].item() == CellKind.TEXT
    assert masked.findings["value"].item() == "110***********4578"
    assert ds.customers["id_number"].item() == "110101199003074578"  # the original is untouched
