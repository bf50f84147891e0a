"""The committed sample workbook and its truth file agree, and the generator is deterministic.

samples/truth.json is what other tests measure the product against, so every planted problem must
sit exactly where the truth file says, and every cell that is *not* listed must be clean.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from custinfo.fields import DEFAULT_REGISTRY, STATUSES, SheetKind, clean_header

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
WORKBOOK = SAMPLES / "customers.xlsx"
TRUTH = SAMPLES / "truth.json"
AS_OF = date(2024, 6, 30)
CUST, INTER, TRANS = "客户信息", "互动记录", "交易记录"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "custinfo_samples_generate", SAMPLES / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return json.loads(TRUTH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book() -> Any:
    return openpyxl.load_workbook(WORKBOOK)


def _errors(truth: dict[str, Any], sheet: str, kind_prefix: str = "") -> dict[tuple[int, str], Any]:
    return {
        (e["row"], e["column"]): e
        for e in truth["errors"]
        if e["sheet"] == sheet and e["kind"].startswith(kind_prefix)
    }


def _col(truth: dict[str, Any], sheet: str, field: str) -> str:
    return next(c["column"] for c in truth["sheets"][sheet]["columns"] if c["field"] == field)


def _data_rows(truth: dict[str, Any], sheet: str) -> range:
    s = truth["sheets"][sheet]
    return range(s["first_data_row"], s["last_data_row"] + 1)


_FULL = {ord(c) + 0xFEE0: c for c in "0123456789"}


def parse_date(v: Any) -> date | None:
    """The date forms the generator types (enough to check that untouched cells are valid)."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, int | float):
        return date(1899, 12, 30) + timedelta(days=int(v))
    if not isinstance(v, str):
        return None
    s = v.strip()
    m = (
        re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})( \d{1,2}:\d{2})?", s)
        or re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", s)
        or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    )
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def phone_keys(v: Any) -> set[str]:
    """The last 7 digits of each number in a phone cell (to compare numbers typed differently)."""
    text = str(v).translate(_FULL)
    return {
        d[-7:] for d in (re.sub(r"\D", "", p) for p in re.split(r"[/、；]", text)) if len(d) >= 7
    }


# --------------------------------------------------------------------------------------------


def test_regenerating_with_the_default_seed_gives_the_committed_truth(tmp_path: Path) -> None:
    out, tr = tmp_path / "c.xlsx", tmp_path / "t.json"
    subprocess.run(
        [sys.executable, str(SAMPLES / "generate.py"), "--out", str(out), "--truth", str(tr)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    assert json.loads(tr.read_text(encoding="utf-8")) == json.loads(
        TRUTH.read_text(encoding="utf-8")
    )


def test_committed_workbook_is_small() -> None:
    assert WORKBOOK.stat().st_size < 300_000


def test_every_planted_problem_is_in_the_cell_the_truth_names(
    truth: dict[str, Any], book: Any
) -> None:
    assert truth["errors"], "the messy sample plants problems"
    for e in truth["errors"]:
        ws = book[e["sheet"]]
        header_row = truth["sheets"][e["sheet"]]["header_row"]
        assert ws[f"{e['column']}{header_row}"].value == e["header"], e
        cell = ws[f"{e['column']}{e['row']}"]
        kind = e["cell_type"]
        if kind == "empty":
            assert cell.value is None, e
        elif kind == "text":
            assert cell.data_type == "s" and cell.value == e["value"], (e, cell.value)
        elif kind == "date":
            assert (
                isinstance(cell.value, datetime) and cell.value.date().isoformat() == e["value"]
            ), e
        else:
            assert cell.data_type == "n" and float(cell.value) == float(e["value"]), e


def test_formula_like_text_stays_text(truth: dict[str, Any], book: Any) -> None:
    planted = [e for e in truth["errors"] if e["kind"] == "formula_like_text"]
    assert {e["value"][0] for e in planted} >= {"=", "+", "-", "@"}
    assert any(e["value"].startswith('=HYPERLINK("http://evil"') for e in planted)
    rows = (
        CalamineWorkbook.from_path(str(WORKBOOK))
        .get_sheet_by_name(CUST)
        .to_python(skip_empty_area=False)
    )
    for e in planted:
        assert book[CUST][f"{e['column']}{e['row']}"].data_type == "s"  # not "f"
        col = openpyxl.utils.column_index_from_string(e["column"]) - 1
        assert rows[e["row"] - 1][col] == e["value"]  # a formula would read as its (absent) result


def test_the_workbook_has_the_counts_the_truth_says(truth: dict[str, Any], book: Any) -> None:
    ws = book[CUST]
    s = truth["sheets"][CUST]
    assert book.sheetnames == ["填写说明", CUST, INTER, TRANS]
    assert ws.max_row == s["last_data_row"]
    assert "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}  # merged title row
    assert all(v is None for v in next(ws.iter_rows(min_row=2, max_row=2, values_only=True)))
    empty, filled = [], 0
    for r, row in enumerate(
        ws.iter_rows(min_row=s["first_data_row"], max_row=s["last_data_row"], values_only=True),
        start=s["first_data_row"],
    ):
        if all(v is None for v in row):
            empty.append(r)
        else:
            filled += 1
    assert empty == truth["empty_rows"] and len(empty) == s["empty_rows"] > 0
    assert filled == truth["customers"] == s["records"]
    for sheet in (INTER, TRANS):
        assert book[sheet].max_row - 1 == truth["sheets"][sheet]["records"] > 0
    assert truth["distinct_customers"] == truth["customers"] - sum(
        len(d["rows"]) - 1 for d in truth["duplicates"]
    )
    kinds = {e["kind"] for e in truth["errors"]}
    assert kinds >= {
        "required.missing",
        "status.synonym",
        "status.invalid",
        "phone.truncated",
        "email.invalid",
        "credit_code.checksum",
        "logic.person_with_credit_code",
        "logic.company_with_id_number",
        "logic.next_before_first",
        "date.future",
        "date.unparseable",
        "formula_like_text",
        "id.duplicate",
        "orphan",
    }
    missing = {e["field"] for e in truth["errors"] if e["kind"] == "required.missing"}
    assert missing == {"name", "phone", "industry", "status", "owner"}


def test_headers_map_as_the_truth_says(truth: dict[str, Any]) -> None:
    kinds = {
        "customers": SheetKind.CUSTOMERS,
        "interactions": SheetKind.INTERACTIONS,
        "transactions": SheetKind.TRANSACTIONS,
    }
    for sheet in truth["sheets"].values():
        if sheet["kind"] not in kinds:
            continue
        index = DEFAULT_REGISTRY.header_index(kinds[sheet["kind"]])
        for c in sheet["columns"]:
            key = clean_header(c["header"])
            if c["match"] == "exact":
                assert index.get(key) == c["field"], c
            else:
                assert key not in index, c
    matches = [c["match"] for c in truth["sheets"][CUST]["columns"]]
    assert matches.count("fuzzy") == 1 and matches.count("unmapped") == 1


def test_duplicate_clusters_share_a_phone_or_an_email(truth: dict[str, Any], book: Any) -> None:
    ws = book[CUST]
    id_col, phone_col, email_col = (_col(truth, CUST, f) for f in ("customer_id", "phone", "email"))
    assert truth["duplicates"] and truth["not_duplicates"]
    for cluster in truth["duplicates"]:
        assert [ws[f"{id_col}{r}"].value for r in cluster["rows"]] == cluster["ids"]
        head = cluster["rows"][0]
        for r, kinds in zip(cluster["rows"][1:], cluster["variations"], strict=True):
            same_phone = phone_keys(ws[f"{phone_col}{head}"].value) & phone_keys(
                ws[f"{phone_col}{r}"].value
            )
            same_email = (
                ws[f"{email_col}{r}"].value is not None
                and ws[f"{email_col}{r}"].value == ws[f"{email_col}{head}"].value
            )
            assert same_phone or same_email, (cluster, r)
            assert kinds
    name_col, type_col = _col(truth, CUST, "name"), _col(truth, CUST, "customer_type")
    for pair in truth["not_duplicates"]:
        a, b = pair["rows"]
        assert [ws[f"{id_col}{r}"].value for r in (a, b)] == pair["ids"]
        assert not phone_keys(ws[f"{phone_col}{a}"].value) & phone_keys(ws[f"{phone_col}{b}"].value)
        if ws[f"{type_col}{a}"].value == "企业":  # people may share a name; companies never do
            assert ws[f"{name_col}{a}"].value != ws[f"{name_col}{b}"].value


def test_orphans_are_exactly_the_unknown_ids(truth: dict[str, Any], book: Any) -> None:
    id_col = _col(truth, CUST, "customer_id")
    known = {ws_v for r in _data_rows(truth, CUST) if (ws_v := book[CUST][f"{id_col}{r}"].value)}
    found = []
    for sheet in (INTER, TRANS):
        for r, row in enumerate(book[sheet].iter_rows(min_row=2, values_only=True), start=2):
            if row[0] not in known:
                found.append({"sheet": sheet, "row": r, "customer_id": row[0]})
    assert found == truth["orphans"]


def test_cells_not_listed_in_the_truth_are_clean(truth: dict[str, Any], book: Any) -> None:
    """The truth is complete: untouched required cells are filled, codes pass their checks,
    statuses are standard (or listed synonyms), emails are well formed, dates parse and are not
    in the future, and the next contact is not before the first."""
    ws = book[CUST]
    listed = _errors(truth, CUST)
    col = {c["field"]: c["column"] for c in truth["sheets"][CUST]["columns"] if c["field"]}
    email_re = re.compile(r"[a-z0-9.]+@[a-z0-9-]+(\.[a-z]+)+")
    for r in _data_rows(truth, CUST):
        if r in truth["empty_rows"]:
            continue

        def value(field: str, r: int = r) -> Any:
            return None if (r, col[field]) in listed else ws[f"{col[field]}{r}"].value

        def untouched(field: str, r: int = r) -> bool:
            return (r, col[field]) not in listed

        for f in ("name", "customer_type", "phone", "industry", "status", "owner", "first_contact"):
            if untouched(f):
                assert ws[f"{col[f]}{r}"].value not in (None, ""), (r, f)
        cc = value("credit_code")
        if cc not in (None, "暂无"):
            assert len(cc) == 18 and gen.uscc_check_char(cc[:17]) == cc[17], (r, cc)
            assert ws[f"{col['customer_type']}{r}"].value in ("企业", "企业客户", "公司"), r
        idn = value("id_number")
        if idn is not None:
            assert len(idn) == 18 and gen.id_check_char(idn[:17]) == idn[17], (r, idn)
            assert ws[f"{col['customer_type']}{r}"].value in ("个人", "个人客户", "个体"), r
        if (st := value("status")) is not None:
            assert st in STATUSES, (r, st)
        if (em := value("email")) is not None:
            assert email_re.fullmatch(em), (r, em)
        if (ph := value("phone")) is not None:
            assert phone_keys(ph), (r, ph)
        first = parse_date(value("first_contact")) if untouched("first_contact") else None
        if untouched("first_contact"):
            assert first is not None and first <= AS_OF, (r, ws[f"{col['first_contact']}{r}"].value)
        if untouched("next_contact") and (nv := ws[f"{col['next_contact']}{r}"].value) is not None:
            nxt = parse_date(nv)
            assert nxt is not None, (r, nv)
            if first:
                assert nxt >= first, r
    # interactions and orders: dates parse and are not in the future unless planted
    for sheet, field in ((INTER, "interaction_date"), (TRANS, "order_date")):
        letter = _col(truth, sheet, field)
        planted = _errors(truth, sheet)
        for r in _data_rows(truth, sheet):
            if (r, letter) in planted:
                continue
            d = parse_date(book[sheet][f"{letter}{r}"].value)
            assert d is not None and d <= AS_OF, (sheet, r)


def test_checksums_match_known_codes() -> None:
    assert gen.uscc_check_char("91350100M000100Y4") == "3"
    assert gen.org_check_char("M000100Y") == "4"
    assert gen.id_check_char("11010519491231002") == "X"


def test_fast_row_writer_matches_xlsxwriter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books = []
    for fast in (True, False):
        monkeypatch.setattr(gen, "FAST_ROWS", fast)
        p = tmp_path / f"{fast}.xlsx"
        gen.generate(150, 7, p, None, clean=False)
        books.append(openpyxl.load_workbook(p))
    a, b = books
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert a[name].dimensions == b[name].dimensions
        for ra, rb in zip(a[name].iter_rows(), b[name].iter_rows(), strict=True):
            assert [(c.value, c.number_format) for c in ra] == [
                (c.value, c.number_format) for c in rb
            ]


def test_clean_variant_has_standard_headers_and_nothing_planted(tmp_path: Path) -> None:
    p = tmp_path / "clean.xlsx"
    t = gen.generate(200, 3, p, tmp_path / "clean.json", clean=True)
    assert t["errors"] == [] and t["duplicates"] == [] and t["empty_rows"] == []
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == [CUST, INTER, TRANS]
    ws = wb[CUST]
    headers = [c.value for c in ws[1]]
    fields = {f.name: f for f in DEFAULT_REGISTRY.for_sheet(SheetKind.CUSTOMERS)}
    assert [c["header"] for c in t["sheets"][CUST]["columns"]] == headers
    for c in t["sheets"][CUST]["columns"]:
        assert c["header"] == fields[c["field"]].zh
    status_col = headers.index("客户状态")
    phone_col = headers.index("联系电话")
    assert ws.max_row == 201
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert row[status_col] in STATUSES
        assert re.fullmatch(r"1\d{10}|0\d{2,3}-\d{7,8}", row[phone_col])
