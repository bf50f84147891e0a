from __future__ import annotations

import ast
import builtins
import contextlib
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.rules.expr import (
    MAX_LENGTH,
    Condition,
    ExprError,
    Name,
    ValueType,
    compile_condition,
)

AS_OF = dt.date(2024, 1, 11)
T, N, D = ValueType.TEXT, ValueType.NUMBER, ValueType.DATE
NAMES = {
    "客户状态": Name("status", T),
    "status": Name("status", T),
    "预算上限": Name("budget_max", N),
    "预算下限": Name("budget_min", N),
    "产品/服务": Name("product", T),
    "联系电话(必填)": Name("phone", T),
    "下次跟进": Name("next_followup", D),
    "创建日期": Name("created", D),
    "备注": Name("note", T),
}


def frame() -> pd.DataFrame:
    # row 3 is blank everywhere; row 1 has the stripped-text, NaN and NaT cases mixed in
    return pd.DataFrame(
        {
            "status": ["成交客户", " 成交客户 ", "意向客户", None, "流失"],
            "budget_max": [500.0, 2000.0, 5000.0, np.nan, 0.0],
            "budget_min": [100.0, 0.0, 1000.0, np.nan, 0.0],
            "product": ["CRM系统", "ERP", None, None, "crm"],
            "phone": ["13800138000", "0755-1234", "139", None, ""],
            "next_followup": pd.to_datetime(
                ["2024-01-01", "2024-01-20 15:30", "NaT", "NaT", "2023-12-31"], format="ISO8601"
            ),
            "created": pd.to_datetime(["2023-12-01", "2024-01-01", "2024-01-01", "NaT", "NaT"]),
            "note": ["VIP 客户", "要发票", "vip", None, "   "],
        },
        index=[10, 11, 12, 13, 14],  # not 0..n: masks must align with the frame's own index
    )


def mask(text: str) -> list[bool]:
    result = compile_condition(text, NAMES).mask(frame(), AS_OF)
    assert result.dtype == bool
    assert result.index.equals(frame().index)
    return result.tolist()


def error(text: str) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_condition(text, NAMES)
    assert info.value.message and info.value.message_en
    assert str(info.value) == info.value.message
    return info.value


def test_the_issues_example() -> None:
    condition = compile_condition("客户状态 == '成交客户' and 预算上限 < 1000", NAMES)
    assert isinstance(condition, Condition)
    assert condition.columns == frozenset({"status", "budget_max"})
    assert condition.mask(frame(), AS_OF).tolist() == [True, False, False, False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # text: stripped, exact; aliases and backticks name the same column
        ("客户状态 == '成交客户'", [True, True, False, False, False]),
        ("status == ' 成交客户'", [True, True, False, False, False]),
        ("客户状态 != '成交客户'", [False, False, True, False, True]),
        ("`产品/服务` == 'ERP'", [False, True, False, False, False]),
        ("` 联系电话(必填) ` == '139'", [False, False, True, False, False]),
        ("客户状态 in ['成交客户', '流失']", [True, True, False, False, True]),
        ("客户状态 in ('意向客户',)", [False, False, True, False, False]),
        ("客户状态 not in ['成交客户']", [False, False, True, False, True]),
        # numbers: comparisons, chains, arithmetic, blanks
        ("预算上限 < 1000", [True, False, False, False, True]),
        ("预算上限 <= 500", [True, False, False, False, True]),
        ("预算上限 > 500", [False, True, True, False, False]),
        ("预算上限 >= 2000", [False, True, True, False, False]),
        ("预算上限 == 500.0", [True, False, False, False, False]),
        ("预算上限 != 500", [False, True, True, False, True]),
        ("1000 <= 预算上限 < 5000", [False, True, False, False, False]),
        ("预算上限 in [0, 5000]", [False, False, True, False, True]),
        ("预算上限 not in [0, 5000]", [True, True, False, False, False]),
        ("预算上限 - 预算下限 > 1000", [False, True, True, False, False]),
        ("预算上限 * 2 + 1 == 1001", [True, False, False, False, False]),
        ("预算上限 / 预算下限 >= 5", [True, False, True, False, False]),  # x/0 is blank
        ("预算上限 / 0 != 1", [False, False, False, False, False]),
        ("-预算上限 < -1000", [False, True, True, False, False]),
        ("预算上限 > -1", [True, True, True, False, True]),
        # blanks before not: a blank 预算上限 fails the comparison, so `not` makes it true
        ("not (预算上限 < 1000)", [False, True, True, True, False]),
        ("not 客户状态 == '成交客户'", [False, False, True, True, True]),
        # dates: by day, against ISO text or other dates
        ("下次跟进 == '2024-01-20'", [False, True, False, False, False]),
        ("下次跟进 < '2024-01-01'", [False, False, False, False, True]),
        ("'2024-01-01' <= 下次跟进", [True, True, False, False, False]),
        ("下次跟进 > 创建日期", [True, True, False, False, False]),
        ("下次跟进 - 创建日期 == 31", [True, False, False, False, False]),
        ("下次跟进 - '2024-01-01' >= 0", [True, True, False, False, False]),
        ("下次跟进 in ['2023-12-31', '2024-01-20']", [False, True, False, False, True]),
        ("days_since(下次跟进) == 10", [True, False, False, False, False]),
        ("days_since(下次跟进) > 7", [True, False, False, False, True]),
        ("days_until(下次跟进) == 9", [False, True, False, False, False]),
        ("days_until(下次跟进) < 0", [True, False, False, False, True]),
        # functions
        ("contains(备注, 'VIP')", [True, False, False, False, False]),
        ("contains(备注, 'vip', '发票')", [False, True, True, False, False]),
        ("contains(备注, '.')", [False, False, False, False, False]),  # literal, not a regex
        ("startswith(`联系电话(必填)`, '138', '139')", [True, False, True, False, False]),
        ("endswith(`产品/服务`, '系统')", [True, False, False, False, False]),
        ("length(`联系电话(必填)`) == 11", [True, False, False, False, False]),
        ("length(备注) <= 3", [False, True, True, False, False]),
        ("is_blank(备注)", [False, False, False, True, True]),
        ("is_blank(`联系电话(必填)`)", [False, False, False, True, True]),
        ("is_blank(预算上限)", [False, False, False, True, False]),
        ("is_blank(下次跟进)", [False, False, True, True, False]),
        ("not_blank(`产品/服务`)", [True, True, False, False, True]),
        ("is_blank(预算上限 / 预算下限)", [False, True, False, True, True]),
        # and/or/not, parentheses, constants
        ("客户状态 == '流失' or 预算上限 > 3000", [False, False, True, False, True]),
        (
            "(客户状态 == '流失' or 预算上限 > 3000) and not_blank(备注)",
            [False, False, True, False, False],
        ),
        ("not (客户状态 == '流失' or 预算上限 > 3000)", [True, True, False, True, False]),
        ("True", [True] * 5),
        ("False or is_blank(客户状态)", [False, False, False, True, False]),
        ("1 < 2 and 预算上限 == 0", [False, False, False, False, True]),
        # what Chinese keyboards and Excel habits produce
        ("客户状态 ＝＝ ‘成交客户’", [True, True, False, False, False]),
        ("客户状态 == “流失”", [False, False, False, False, True]),
        ("（预算上限 ＞ 1000）", [False, True, True, False, False]),
        ("预算上限\u3000<> 0", [True, True, True, False, False]),
        ("客户状态 == '成交客户'\n  and 预算上限 < 1000", [True, False, False, False, False]),
    ],
)
def test_masks(text: str, expected: list[bool]) -> None:
    assert mask(text) == expected


def test_columns_are_those_read() -> None:
    condition = compile_condition("is_blank(`产品/服务`) or days_since(下次跟进) > 1", NAMES)
    assert condition.columns == frozenset({"product", "next_followup"})
    assert compile_condition("1 < 2", NAMES).columns == frozenset()


def test_empty_frame() -> None:
    empty = frame().iloc[:0]
    result = compile_condition("客户状态 == 'a' or True", NAMES).mask(empty, AS_OF)
    assert result.dtype == bool and result.empty


def test_identifiers_are_nfkc_normalized_like_python_does() -> None:
    names = {"地址２": Name("address", T)}
    assert compile_condition("地址２ == 'x'", names).columns == frozenset({"address"})
    assert compile_condition("`地址２` == 'x'", names).columns == frozenset({"address"})


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("客户状态 == 1 and x.y", "x.y"),
        ("预算上限 > 1 or 备注[0] == 'a'", "备注[0]"),
        ("a.b() == 1", "a.b"),
        ("open('/etc/passwd') == 'x'", "open"),
        ("exec('1') and True", "exec"),
        ("预算上限(1) > 2", "预算上限"),
        ("contains(备注, 'a', regex='b')", "regex="),
        ("contains(备注, *['a'])", "*['a']"),
        ("contains(备注)", "contains"),
        ("is_blank(备注, 备注)", "is_blank"),
        ("days_since() > 1", "days_since"),
        ("(lambda: 1)() == 1", "lambda"),
        ("[x for x in 备注] == 1", "[x for"),
        ("备注 == f'{备注}'", "f'{"),
        ("(备注 := 'a') == 'a'", "备注 :="),
        ("'a' if 备注 else 'b'", "'a' if"),
        ("客户状态 in {'a', 'b'}", "{'a'"),
        ("客户状态 == {'a': 1}", "{'a'"),
        ("客户状态 == b'a'", "b'a'"),
        ("客户状态 is None", "is None"),
        ("is_blank(备注) is not True", "is not"),
        ("客户状态 == None", "None"),
        ("预算上限 > 1 & 预算下限 > 1", "& 预算下限"),
        ("(预算上限 > 1) | (预算下限 > 1)", "| ("),
        ("~(预算上限 > 1)", "~"),
        ("预算上限 ** 2 > 1", "**"),
        ("预算上限 % 2 == 0", "%"),
        ("预算上限 // 2 == 0", "//"),
        ("__import__ == 1", "__import__"),
        ("预算上限 > 1 and __builtins__", "__builtins__"),
        ("预算上限 == 1j", "1j"),
        ("预算上限 == ...", "..."),
        ("[1, 2]", "[1, 2]"),
        ("预算上限 in [1, [2]]", "[2]"),
        ("预算上限 in [1, 预算下限]", "预算下限]"),
        ("预算上限 in 预算下限", "预算下限"),
        ("预算上限 > (1", "("),
        ("客户状态 = '成交客户'", "= '"),
        ("客户状态 == '成交客户", "'成交客户"),
        ("客户状态 == `产品", "`"),
        ("startswith(联系电话(必填), '13')", "联系电话"),
        ("`` == 'a'", "``"),
    ],
)
def test_rejections_point_at_the_offending_token(text: str, at: str) -> None:
    assert error(text).offset == text.index(at)


@pytest.mark.parametrize(
    ("text", "at", "message"),
    [
        ("预算上限 < '高'", "'高'", "「预算上限」是数字，不能和文字 '高' 比较（数字不用加引号）"),
        ("'高' > 预算上限", "'高'", "「预算上限」是数字，不能和文字 '高' 比较（数字不用加引号）"),
        (
            "`产品/服务` == 1",
            "1",
            "「产品/服务」是文字，不能和数字 1 比较（文字要加引号，如 '成交客户'）",
        ),
        ("客户状态 == 预算上限", "预算上限", "「客户状态」是文字，不能和数字「预算上限」比较"),
        ("下次跟进 > 5", "5", "「下次跟进」是日期，不能和数字 5 比较（日期写成 '2024-01-01'）"),
        ("下次跟进 > '明天'", "'明天'", "'明天' 不是日期；日期请写成 '2024-01-01' 这样的格式"),
        (
            "下次跟进 > '2024-02-30'",
            "'2024",
            "'2024-02-30' 不是日期；日期请写成 '2024-01-01' 这样的格式",
        ),
        (
            "下次跟进 == '2024/1/1'",
            "'2024",
            "'2024/1/1' 不是日期；日期请写成 '2024-01-01' 这样的格式",
        ),
        (
            "客户状态 in ['a', 1]",
            "1]",
            "「客户状态」是文字，不能和数字 1 比较（文字要加引号，如 '成交客户'）",
        ),
        (
            "客户状态 > 'a'",
            "> 'a'",
            "文字只能用 == 或 != 比较，不能比大小；找开头、结尾或包含的文字请用 startswith、endswith、contains",
        ),
        ("客户状态 == ''", "''", "判断空值请用 is_blank(字段) 或 not_blank(字段)"),
        (
            "预算上限",
            "预算上限",
            "「预算上限」不是判断。条件必须是判断（比较、and/or/not 或 is_blank 等），如 预算上限 > 1000",
        ),
        (
            "1",
            "1",
            "1 不是判断。条件必须是判断（比较、and/or/not 或 is_blank 等），如 预算上限 > 1000",
        ),
        (
            "预算上限 > 1 and 预算下限",
            "预算下限",
            "「预算下限」不是判断。条件必须是判断（比较、and/or/not 或 is_blank 等），如 预算上限 > 1000",
        ),
        (
            "not 客户状态",
            "客户状态",
            "「客户状态」不是判断。条件必须是判断（比较、and/or/not 或 is_blank 等），如 预算上限 > 1000",
        ),
        (
            "(预算上限 > 1) == True",
            "预算上限 > 1",
            "「预算上限 > 1」本身是判断，不能再拿来比较；判断之间请用 and、or、not 组合",
        ),
        (
            "客户状态 + 1 > 2",
            "客户状态",
            "「客户状态」是文字，不能做 + - * / 计算：只有数字可以计算，两个日期可以相减得到天数",
        ),
        (
            "下次跟进 + 1 > 2",
            "下次跟进",
            "「下次跟进」是日期，不能做 + - * / 计算：只有数字可以计算，两个日期可以相减得到天数",
        ),
        (
            "-客户状态 == 'a'",
            "客户状态",
            "「客户状态」是文字，不能做 + - * / 计算：只有数字可以计算，两个日期可以相减得到天数",
        ),
        ("contains(预算上限, '1')", "预算上限", "「预算上限」是数字，contains 只能用于文字字段"),
        ("days_since(客户状态) > 1", "客户状态", "「客户状态」是文字，days_since 只能用于日期字段"),
        ("contains(备注, 客户状态)", "客户状态", "contains 的第 2 个参数应当是带引号的文字"),
        ("contains('abc', 'a')", "'abc'", "contains 的第 1 个参数应当是字段名，不是固定的值"),
        (
            "客户状态 == 成交客户",
            "成交客户",
            "不认识的字段名「成交客户」。字段名里有空格或符号时请用反引号括起来，如 `产品/服务`；文字要加引号，如 '成交客户'",
        ),
        (
            "客户状太 == 'a'",
            "客户状太",
            "不认识的字段名「客户状太」，是不是「客户状态」？字段名里有空格或符号时请用反引号括起来，如 `产品/服务`；文字要加引号，如 '成交客户'",
        ),
        (
            "is_blank(备注) and `产品 服务` == 'a'",
            "`产品 服务`",
            "不认识的字段名「产品 服务」，是不是「产品/服务」？字段名里有空格或符号时请用反引号括起来，如 `产品/服务`；文字要加引号，如 '成交客户'",
        ),
        ("预算上限 == " + "9" * 400, "9", "数字太大"),
    ],
)
def test_type_errors_explain_in_chinese(text: str, at: str, message: str) -> None:
    e = error(text)
    assert (e.message, e.offset) == (message, text.index(at))


def test_messages_say_what_is_allowed() -> None:
    e = error("客户状态 == 1 and x.y")
    assert e.message.startswith("不支持属性访问（.）；条件里只能用字段名")
    assert "contains、startswith、endswith、is_blank、not_blank、days_since" in e.message
    assert e.message_en.startswith("attribute access (.) is not allowed")
    assert "请用 and、or、not" in error("(预算上限 > 1) & (预算下限 > 1)").message
    assert "等于要写成 ==" in error("客户状态 = '成交客户'").message


def test_syntax_error_positions_count_characters_after_backticks() -> None:
    text = "`产品/服务` == 'a' and 客户状态 == == 'b'"
    assert error(text).offset == text.index("== 'b'")
    text = "`产品/服务` == 'a' and 客户状态 =="
    assert error(text).offset == len(text)  # the text ends too early
    assert error("预算上限 > 1 and").offset == len("预算上限 > 1 and")
    assert error("").offset == 0 and error("  \n").message == "条件是空的"


def test_limits() -> None:
    assert error("x" * (MAX_LENGTH + 1)).offset == MAX_LENGTH
    assert "太复杂" in error("not " * 60 + "预算上限 > 1").message
    assert "太复杂" in error(" or ".join(["预算上限 > 1"] * 150)).message
    assert "太复杂" in error("-" * 1990 + "1 > 0").message
    assert error("(" * 300 + "1" + ")" * 300).offset >= 0  # the parser's own nesting limit
    # a long but flat list is fine
    regions = ", ".join(f"'城市{i}'" for i in range(150))
    assert mask(f"客户状态 in [{regions}]") == [False] * 5


def test_nothing_is_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExprError):
        compile_condition("__import__('os').system('echo hi')", NAMES)
    real_compile = builtins.compile
    calls: list[str] = []

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    def ast_only(source: str, filename: str, mode: str, flags: int = 0, **kw: object) -> object:
        # ast.parse is compile(..., PyCF_ONLY_AST): a syntax tree, no code object
        assert flags & ast.PyCF_ONLY_AST, "compile() called for code"
        calls.append(mode)
        return real_compile(source, filename, mode, flags, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "compile", ast_only)
    assert mask("客户状态 == '成交客户' and days_since(下次跟进) > 1") == [True] + [False] * 4
    assert calls == ["eval"]


@given(st.text(max_size=80))
def test_any_text_compiles_or_raises_expr_error(text: str) -> None:
    try:
        condition = compile_condition(text, NAMES)
    except ExprError as e:
        assert -1 <= e.offset <= len(text)
    else:
        assert condition.mask(frame(), AS_OF).dtype == bool


_TOKENS = [*NAMES, "`产品/服务`", "contains(", "is_blank(", "days_since(", "'2024-01-01'", "'a'"]
_TOKENS += ["==", "<", "in", "not", "and", "or", "(", ")", "[", "]", ",", "-", "/", "1", "0.5"]


@given(st.lists(st.sampled_from(_TOKENS), max_size=12).map(" ".join))
def test_token_soup_compiles_or_raises_expr_error(text: str) -> None:
    with contextlib.suppress(ExprError):
        compile_condition(text, NAMES).mask(frame(), AS_OF)


_NUMBER = st.sampled_from(["预算上限", "预算下限", "days_since(下次跟进)", "length(备注)"])
_NUMBER = st.one_of(
    _NUMBER,
    st.integers(-10, 3000).map(str),
    st.tuples(_NUMBER, st.sampled_from("+-*/"), st.sampled_from(["0", "2", "预算下限"])).map(
        lambda t: f"({' '.join(t)})"
    ),
)
_CMP = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
_ATOM = st.one_of(
    st.tuples(_NUMBER, _CMP, _NUMBER).map(" ".join),
    st.tuples(
        st.sampled_from(["客户状态", "`产品/服务`", "备注"]),
        st.sampled_from(["==", "!="]),
        st.sampled_from(["'成交客户'", "'ERP'", "'vip'"]),
    ).map(" ".join),
    st.sampled_from(["下次跟进", "创建日期"]).flatmap(
        lambda d: st.sampled_from([f"{d} < '2024-01-02'", f"{d} >= 创建日期", f"is_blank({d})"])
    ),
    st.sampled_from(["客户状态 in ['成交客户', '流失']", "预算上限 not in [0, 500]"]),
    st.sampled_from(["contains(备注, 'VIP', '发票')", "not_blank(`产品/服务`)", "True"]),
)
_CONDITION = st.recursive(
    _ATOM,
    lambda inner: st.one_of(
        inner.map(lambda c: f"not ({c})"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"
        ),
    ),
    max_leaves=8,
)
_ROWS = st.lists(
    st.tuples(
        st.sampled_from([None, "成交客户", " 流失 ", "", "vip ERP"]),
        st.one_of(st.none(), st.floats(-1e6, 1e6), st.just(0.0)),
        st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2025, 1, 1))),
    ),
    max_size=6,
)


@given(_CONDITION, _ROWS)
def test_generated_conditions_give_clean_masks(text: str, rows: list[tuple[object, ...]]) -> None:
    texts, numbers, dates = zip(*rows, strict=True) if rows else ((), (), ())
    typed = pd.DataFrame(
        {
            "status": pd.Series(texts, dtype=object),
            "product": pd.Series(texts, dtype=object),
            "note": pd.Series(texts, dtype=object),
            "budget_max": pd.Series(numbers, dtype="float64"),
            "budget_min": pd.Series(numbers[::-1], dtype="float64"),
            "next_followup": pd.to_datetime(pd.Series(dates, dtype=object)),
            "created": pd.to_datetime(pd.Series(dates[::-1], dtype=object)),
        }
    )
    condition = compile_condition(text, NAMES)
    result = condition.mask(typed, AS_OF)
    assert result.dtype == bool and len(result) == len(typed) and not result.isna().any()
    # blanks are settled before `not`, so `not` is exactly the complement
    negated = compile_condition(f"not ({text})", NAMES).mask(typed, AS_OF)
    assert (negated == ~result).all()
