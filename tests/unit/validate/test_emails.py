"""E-mail cells: practical addresses pass, full-width ones get their fix, the rest say why."""

from __future__ import annotations

import pytest

from tests.unit.validate.formatcheck import codes_of, one

# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "wang@example.com",
        "wang.li+crm@sub.example.com.cn",
        "WANG_LI@EXAMPLE.COM",
        "a1@163.com",
        "wang@example.com; li@example.cn",
        "wang@example.com / li@example.cn",
        "x@xn--fiqs8s.cn",
        "无",  # none given
        "暂无",
        "-",
    ],
)
def test_valid_emails_pass(value: str) -> None:
    assert one("email", value).empty


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("wang@", "@ 后缺少域名"),
        ("wang.example.com", "缺少 @"),
        ("wang@example", "缺少后缀"),
        ("pengyan@qq", "缺少后缀"),
        ("gaoting@@163.com", "只能有一个 @"),
        ("guowenbo#163.com", "缺少 @"),
        ("@example.com", "缺少用户名"),
        (".wang@example.com", "点号"),
        ("wang..li@example.com", "点号"),
        ("wang@example.com.", "点号"),
        ("wang@example.c", "后缀不对"),
        ("wang@-example.com", "不允许的字符"),
        ("张三@example.com", "英文字母"),
        ("wang @example.com", "不能含空格，应为 wang@example.com"),
        ("wang@example.com; li@", "第 2 个邮箱"),
        ("张三", "缺少 @"),
    ],
)
def test_invalid_emails(value: str, why: str) -> None:
    findings = one("email", value)
    assert codes_of(findings) == [[2, "B", "email.invalid"]]
    assert why in findings["suggestion"].item()
    assert "name@example.com" in findings["suggestion"].item() or "空格" in why


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        ("wang＠example.com", "wang@example.com"),
        ("ｗａｎｇ@example.com", "wang@example.com"),
        ("wang@example。com", "wang@example.com"),
    ],
)
def test_fullwidth_email_is_a_warning_with_the_fix(value: str, fixed: str) -> None:
    findings = one("email", value)
    assert codes_of(findings) == [[2, "B", "email.fullwidth"]]
    assert findings["severity"].item() == "warning"
    assert findings["suggestion"].item() == fixed
