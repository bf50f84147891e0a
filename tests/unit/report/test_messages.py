from __future__ import annotations

from custinfo.dataset import SheetNote
from custinfo.report.messages import SHEET_NOTES, cell_ref, sheet_note


def test_every_sheet_note_has_words() -> None:
    assert set(SHEET_NOTES) == set(SheetNote)
    assert sheet_note("other_chosen", "客户信息") == "已选用「客户信息」，本表未读取"
    assert (
        sheet_note("no_header", "30", "en")
        == "no recognisable header in the first 30 rows; not read"
    )
    assert sheet_note(None) == ""


def test_cell_ref() -> None:
    assert cell_ref("客户信息", 7, "D") == "客户信息!D7"
    assert cell_ref("客户信息", 7, "") == "客户信息!第7行"
