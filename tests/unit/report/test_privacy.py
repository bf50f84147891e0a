from __future__ import annotations

import re

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


def test_personal_masking_keeps_companies_and_scrubs_free_text() -> None:
    table = make_table(
        SheetKind.CUSTOMERS,
        [
            {"name": "深圳市星河科技有限公司", "customer_type": "企业", "contact": "王建国",
             "phone": "13812345670", "notes": "王建国说打 13812345670 或找欧阳娜娜"},
            {"name": "欧阳娜娜", "customer_type": "个人", "wechat": "wx_ouyang",
             "email": "nana@example.cn", "phone": "0755-26661234"},
        ],
    )  # fmt: skip
    masked = mask_dataset(make_dataset(table), personal=True).customers
    assert masked["name"].tolist() == ["深圳市星河科技有限公司", "欧***"]
    assert masked["contact"].tolist()[0] == "王**"
    assert masked["phone"].tolist() == ["138****5670", "0755-****1234"]
    assert masked["notes"].tolist()[0] == "王**说打 138****5670 或找欧***"
    assert masked["wechat"].tolist()[1] == "wx*******"
    assert masked["email"].tolist()[1] == "n***@example.cn"


def test_without_personal_only_ids_are_masked() -> None:
    table = make_table(SheetKind.CUSTOMERS, [{"name": "王伟", "phone": "13812345670"}])
    masked = mask_dataset(make_dataset(table)).customers
    assert masked["name"].item() == "王伟" and masked["phone"].item() == "13812345670"


@given(st.text(max_size=40))
def test_scrubbed_text_keeps_its_length_and_no_long_digit_run(text: str) -> None:
    table = make_table(SheetKind.CUSTOMERS, [{"name": "王伟", "contact": "李雷", "notes": text}])
    (out,) = mask_dataset(make_dataset(table), personal=True).customers["notes"].tolist()
    assert out is None or (len(out) == len(text.strip()) or len(out) == len(text))
    assert out is None or ("李雷" not in out and not re.search(r"\d{7}", out))
