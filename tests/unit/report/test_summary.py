from __future__ import annotations

import pandas as pd

from custinfo.fields import SheetKind
from custinfo.findings import findings_from_mask
from custinfo.report.summary import fails, finding_records
from tests.frames import make_dataset, make_table


def test_finding_records_mask_id_numbers_and_sort_worst_first() -> None:
    table = make_table(SheetKind.CUSTOMERS, [{"id_number": "110101199003074578", "status": "意向"}])
    ds = make_dataset(table)
    one = pd.Series([True])
    f = pd.concat(
        [
            findings_from_mask(
                table, ds.customers, one, "status", "enum.synonym", suggestion="意向客户"
            ),
            findings_from_mask(table, ds.customers, one, "id_number", "required.missing"),
        ],
        ignore_index=True,
    )
    records = finding_records(f, "zh")
    assert [r["code"] for r in records] == ["required.missing", "enum.synonym"]
    assert records[0]["value"] == "110***********4578"
    assert "110101199003074578" not in str(records)
    assert records[1]["message"] == "「意向」不是「客户状态」的标准写法，应为「意向客户」"


def test_fails_by_threshold() -> None:
    f = pd.DataFrame({"severity": ["warning", "info"]})
    assert (
        fails(f, "warning") and fails(f, "info") and not fails(f, "error") and not fails(f, "never")
    )
    assert not fails(f.iloc[0:0], "info")


def test_finding_records_list_only_the_worst_up_to_the_limit() -> None:
    rows = [{"status": "意向", "name": ""} for _ in range(5)]
    table = make_table(SheetKind.CUSTOMERS, rows)
    ds = make_dataset(table)
    every = pd.Series([True] * 5)
    f = pd.concat(
        [
            findings_from_mask(table, ds.customers, every, "status", "enum.synonym", suggestion="意向客户"),
            findings_from_mask(table, ds.customers, every, "name", "required.missing"),
        ],
        ignore_index=True,
    )  # fmt: skip
    full = finding_records(f, "zh")
    assert len(full) == 10
    top = finding_records(f, "zh", limit=3)
    assert top == full[:3] and {r["code"] for r in top} == {"required.missing"}
