"""custinfo run --mask: every file the run writes is safe to share outside the sales team — no
mobile number, landline, ID number or person's name in clear, in any output format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custinfo.cli import app
from tests.cli.conftest import write_xlsx

HEADER = [
    "客户编号",
    "客户名称",
    "客户类型",
    "联系人",
    "联系电话",
    "身份证号",
    "微信",
    "所属行业",
    "客户状态",
    "负责人",
    "备注",
]
ROWS = [
    HEADER,
    ["C001", "深圳市星河科技有限公司", "企业", "王建国", "13812345670", None, None, "软件",
     "意向客户", "张三", "王建国说 13812345670 白天打"],
    ["C002", "深圳星河科技", "企业", "王建国", "138-1234-5670", None, None, "软件",
     "意向客户", "张三", None],  # a duplicate of C001: merged, its values go to the ledger
    ["C003", "欧阳娜娜", "个人", None, "13912345678", "11010519491231002X", "wx_ouyang",
     "零售", "潜在客户", "李四", None],
    ["C004", "李明", "个人", None, "0755-26661234", None, None, "零售", "成交客户", "李四", None],
    ["C005", "杭州云帆软件有限公司", "企业", "赵小兵", "1370013700", None, None, "软件",
     "意向客户", "王五", None],  # a mobile one digit short: a finding quotes it
    ["C006", "李明", "个人", None, "0755-26661234", None, None, "零售", "成交客户", "李四", None],
]  # fmt: skip
SECRETS = ["王建国", "欧阳娜娜", "李明", "赵小兵", "26661234", "11010519491231002X", "1370013700"]
MOBILE = re.compile(r"1[3-9]\d{9}")
EXAMPLE = "13800138000"  # the example number in custinfo's own hints, not data


def _texts(out: Path) -> dict[str, str]:
    """Every file the run wrote, as text (an xlsx: all its XML parts)."""
    texts = {}
    for path in out.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = " ".join(
                    z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")
                )
        elif path.is_file() and path.suffix != ".sqlite":
            texts[path.name] = path.read_text("utf-8-sig")
    return {name: text.replace(EXAMPLE, "") for name, text in texts.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_masked_run_writes_nothing_in_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    book = write_xlsx(tmp_path / "客户.xlsx", {"客户信息": ROWS})
    args = ["run", str(book), "--out-dir", "out", "--fail-on", "never", "--as-of", "2024-05-26"]
    result = CliRunner().invoke(app, [*args, "--report", "week", "--mask", "--lang", lang])
    assert result.exit_code == 0, result.output
    for name, text in _texts(tmp_path / "out").items():
        assert not MOBILE.search(text), (name, MOBILE.search(text))
        for secret in SECRETS:
            assert secret not in text, (name, secret)
    for extra in ("data.csv", "data.jsonl"):
        out = tmp_path / "out" / extra
        result = CliRunner().invoke(app, [*args, "--mask", "-o", str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8-sig")
        assert not MOBILE.search(text) and not any(s in text for s in SECRETS), extra
    for text in (result.stdout, result.stderr):  # what the terminal shows
        text = text.replace(EXAMPLE, "")
        assert not MOBILE.search(text) and not any(s in text for s in SECRETS)


def test_masked_values_keep_their_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    book = write_xlsx(tmp_path / "客户.xlsx", {"客户信息": ROWS})
    out = tmp_path / "out" / "data.csv"
    args = ["run", str(book), "-o", str(out), "--fail-on", "never", "--mask"]
    assert CliRunner().invoke(app, args).exit_code == 0
    text = out.read_text("utf-8-sig")
    assert "138****5670" in text and "王**" in text and "欧***" in text
    assert "深圳市星河科技有限公司" in text  # company names are not personal data


def test_without_mask_only_id_numbers_are_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    book = write_xlsx(tmp_path / "客户.xlsx", {"客户信息": ROWS})
    out = tmp_path / "out" / "data.csv"
    assert CliRunner().invoke(app, ["run", str(book), "-o", str(out), "--fail-on", "never"])
    text = out.read_text("utf-8-sig")
    assert "13812345670" in text and "王建国" in text
    assert "11010519491231002X" not in text
