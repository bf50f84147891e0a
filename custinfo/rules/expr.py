"""The condition language of rules.yaml, e.g. ``客户状态 == '成交客户' and 预算上限 < 1000``.

A condition is parsed with Python's ``ast`` and checked against a whitelist; it is never run as
Python (no eval/exec/compile). It compiles to a function computing a boolean mask over all rows
at once.

- Fields: a header, an alias or a canonical name (预算上限, status). Headers with spaces or
  symbols go in backticks: `产品/服务`.
- Values: 'text' or "text", 1000, 0.5, True, False. A date is ISO text: '2024-01-01'.
- Comparisons: == != < <= > >=, chained (1000 <= 预算上限 < 5000); text only with == and !=;
  x in ['a', 'b'] and x not in [...]. Combine with and, or, not and parentheses.
- Arithmetic on numbers: + - * / and a leading minus; date - date is a number of days.
- Functions: contains(text, 'a', 'b', …) (any of the texts, taken literally),
  startswith(text, 'a', …), endswith(text, 'a', …), is_blank(x), not_blank(x),
  days_since(date) (days from the date to the run's as-of date), days_until(date), length(text).
- Types are checked when the condition is compiled: text compares with text, numbers with
  numbers, dates with dates or date text.
- Text is compared stripped and exactly; dates by day.
- Blank cells: a comparison or function on a blank value is false (except is_blank/not_blank);
  a division by zero is blank. This is settled per comparison, before ``not`` applies, so
  ``not (预算上限 < 1000)`` is true for a blank 预算上限.
- Outside quotes, full-width （）［］，＝＜＞！ and ‘’“” are read as their ASCII forms, and
  Excel's <> means !=.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from typing import Any, NoReturn

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

MAX_LENGTH = 2000  # characters
MAX_NODES = 400  # expressions; 2000 characters hold a long `in` list but not much more
MAX_DEPTH = 40  # the compiler recurses, so hostile nesting must stop well before the stack does


class ValueType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


BOOL = "bool"  # the internal fourth type: a mask
_ZH = {"text": "文字", "number": "数字", "date": "日期", BOOL: "判断"}
_HINT = {
    "text": "文字要加引号，如 '成交客户'",
    "number": "数字不用加引号",
    "date": "日期写成 '2024-01-01'",
}


@dataclass(frozen=True)
class Name:
    """What an identifier in a condition refers to."""

    column: str  # the frame column holding its typed values
    type: ValueType


class ExprError(ValueError):
    """A condition that is not allowed; `offset` is 0-based in the original text, -1 if unknown."""

    def __init__(self, message: str, message_en: str, offset: int = -1) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.offset = offset


_Run = Callable[["_Ctx"], Any]  # a Series aligned with the frame, or a scalar for constants


@dataclass(frozen=True)
class Condition:
    text: str
    columns: frozenset[str]  # frame columns the condition reads
    _run: _Run = field(repr=False, compare=False)

    def mask(self, frame: pd.DataFrame, as_of: dt.date) -> pd.Series:
        """One bool per row of `frame` (which must hold `columns`, typed as the names said)."""
        with np.errstate(all="ignore"):  # overflow and 0/0 become inf/NaN, never exceptions
            out = _filled(self._run(_Ctx(frame, as_of)))
        return out if isinstance(out, pd.Series) else pd.Series(out, frame.index, dtype=bool)


class _Ctx:
    def __init__(self, frame: pd.DataFrame, as_of: dt.date) -> None:
        self.frame = frame
        self.today = pd.Timestamp(as_of)
        self._loaded: dict[Name, pd.Series] = {}

    def load(self, name: Name) -> pd.Series:
        if name not in self._loaded:
            col = self.frame[name.column]
            if name.type is ValueType.TEXT:
                col = col.astype("string").str.strip()
                col = col.where(col != "")
            elif name.type is ValueType.NUMBER:
                col = pd.to_numeric(col, errors="coerce").astype("float64")
            else:
                col = pd.to_datetime(col, errors="coerce").dt.normalize()
            self._loaded[name] = col
        return self._loaded[name]


@dataclass(frozen=True)
class _Val:
    type: str  # a ValueType or BOOL
    run: _Run
    node: ast.expr
    const: bool = False  # no field involved: `value` is known at compile time
    value: Any = None


def _filled(x: Any) -> Any:
    if isinstance(x, pd.Series):
        return pd.Series(x.to_numpy(dtype=bool, na_value=False), index=x.index)
    return bool(x)


def _known(out: Any, *operands: Any) -> Any:
    """A comparison's result, false wherever an operand is blank (NaN != 1 is True in pandas)."""
    out = _filled(out)
    for x in operands:
        out = out & (x.notna().to_numpy() if isinstance(x, pd.Series) else not pd.isna(x))
    return out


def _div(a: Any, b: Any) -> Any:
    if isinstance(b, pd.Series):
        return a / b.where(b != 0)
    return a / b if b != 0 else a * np.nan


def _isin(x: Any, values: list[Any], negate: bool) -> Any:
    if not isinstance(x, pd.Series):
        return not pd.isna(x) and (x in values) != negate
    hit = x.isin(values)
    return (~hit & x.notna()) if negate else hit


_DAY = pd.Timedelta(days=1)
# fmt: off
_CMP: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_ARITH: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: _div,
}
_SEARCH: dict[str, Callable[[pd.Series, str], Any]] = {  # a text field, then quoted texts
    "contains": lambda s, p: s.str.contains(p, regex=False),
    "startswith": lambda s, p: s.str.startswith(p),
    "endswith": lambda s, p: s.str.endswith(p),
}
_UNARY: dict[str, Callable[[Any, pd.Timestamp], Any]] = {
    "is_blank": lambda x, _: x.isna(),
    "not_blank": lambda x, _: x.notna(),
    "days_since": lambda d, today: (today - d) / _DAY,
    "days_until": lambda d, today: (d - today) / _DAY,
    "length": lambda s, _: s.str.len().astype("float64"),
}
# function: (type of its field argument, "" for any; type of its result)
_FUNCS = {
    "contains": ("text", BOOL), "startswith": ("text", BOOL), "endswith": ("text", BOOL),
    "is_blank": ("", BOOL), "not_blank": ("", BOOL),
    "days_since": ("date", "number"), "days_until": ("date", "number"), "length": ("text", "number"),
}
_ALLOWED = (
    "条件里只能用字段名、带引号的文字、数字、比较（== != < <= > >= in）、and/or/not、+ - * / 和函数 " + "、".join(_FUNCS),
    "allowed: field names, quoted text, numbers, comparisons (== != < <= > >= in), and/or/not, + - * / and the functions " + ", ".join(_FUNCS),
)
_LIST = "客户状态 in ['成交客户', '意向客户']"
# Chinese first, for sales-ops staff who know Excel rather than Python; then English.
# {allowed} says what the language does allow.
_MSG: dict[str, tuple[str, str]] = {
    "too_long": (f"条件太长（超过 {MAX_LENGTH} 个字符）", f"longer than {MAX_LENGTH} characters"),
    "empty": ("条件是空的", "the condition is empty"),
    "backtick": ("反引号 ` 要成对，中间写字段名，如 `产品/服务`", "unpaired or empty backticks"),
    "syntax": ("条件写法有误（第 {n} 个字符附近）：{hint}请检查括号和引号是否成对、文字是否加了引号", "syntax error near character {n}: {error}"),
    "unparsable": ("条件太复杂或含有不能识别的字符", "cannot parse the condition: {error}"),
    "complex": ("条件太复杂：请拆成几条规则", "the condition is too deeply nested or too long"),
    "attribute": ("不支持属性访问（.）；{allowed}", "attribute access (.) is not allowed; {allowed}"),
    "subscript": ("不支持下标（[ ]）；{allowed}", "subscripts ([ ]) are not allowed; {allowed}"),
    "lambda": ("不支持 lambda；{allowed}", "lambda is not allowed; {allowed}"),
    "ifexp": ("不支持 if … else；{allowed}", "if … else is not allowed; {allowed}"),
    "walrus": ("不支持 :=；{allowed}", ":= is not allowed; {allowed}"),
    "fstring": ("不支持 f 字符串；{allowed}", "f-strings are not allowed; {allowed}"),
    "braces": ("不支持花括号 {{ }}；{allowed}", "dict and set literals are not allowed; {allowed}"),
    "loop": ("不支持 for … in … 推导式；{allowed}", "comprehensions are not allowed; {allowed}"),
    "other": ("不支持这种写法；{allowed}", "not allowed; {allowed}"),
    "dunder": ("不支持以 __ 开头的名字 {name}；{allowed}", "{name}: names starting with __ are not allowed"),
    "bytes": ("不支持 b'…' 字节串，文字直接写 '…'", "bytes literals are not allowed"),
    "none": ("不支持 None；判断空值请用 is_blank(字段)", "None is not allowed: use is_blank(x)"),
    "bitwise": ("不支持 & | ^ << >>，请用 and、or、not", "bitwise operators: write and/or/not instead"),
    "power": ("不支持乘方 **", "power (**) is not allowed"),
    "modulo": ("不支持 % // @；计算只能用 + - * /", "% // @ are not allowed; use + - * /"),
    "invert": ("不支持 ~，请用 not", "~ is not allowed: write not"),
    "is": ("不支持 is / is not：比较请用 == 或 !=，判断空值请用 is_blank(字段)", "is / is not: use == / != or is_blank(x)"),
    "function": ("不支持函数 {name}(…)；可用的函数：" + "、".join(_FUNCS), "{name}(…) is not an allowed function; allowed: " + ", ".join(_FUNCS)),
    "star": ("不支持 *", "* unpacking is not allowed"),
    "keyword": ("{name} 不支持 名字=值 形式的参数", "{name}: keyword arguments are not allowed"),
    "arity_search": ("{name}(字段, '文字', …) 至少要 2 个参数", "{name} takes a field and texts"),
    "arity_one": ("{name}(字段) 只要 1 个参数", "{name} takes one argument"),
    "list_place": (f"方括号列表只能写在 in / not in 的右边，如 {_LIST}", "a list may only follow in / not in"),
    "in_list": (f"in 的右边要写方括号列表，如 {_LIST}；找包含的文字请用 contains(备注, 'VIP')", "in needs a [list] on its right; use contains() for substrings"),
    "list_item": ("列表里只能写固定的文字、数字或日期", "list items must be literals"),
    "not_test": ("{shown}不是判断。条件必须是判断（比较、and/or/not 或 is_blank 等），如 预算上限 > 1000", "a condition must be a test (a comparison, and/or/not, is_blank …)"),
    "big_number": ("数字太大", "number too large"),
    "unknown": ("不认识的字段名「{name}」{guess}字段名里有空格或符号时请用反引号括起来，如 `产品/服务`；文字要加引号，如 '成交客户'", "unknown name {name!r}{guess_en}"),
    "not_number": ("{shown}是{kind}，不能做 + - * / 计算：只有数字可以计算，两个日期可以相减得到天数", "only numbers take part in + - * / (date - date gives days)"),
    "bad_date": ("{text!r} 不是日期；日期请写成 '2024-01-01' 这样的格式", "{text!r} is not a date (write '2024-01-01')"),
    "test_compared": ("{shown}本身是判断，不能再拿来{doing}；判断之间请用 and、or、not 组合", "a test cannot be compared; combine tests with and/or/not"),
    "mismatch": ("{shown}是{kind}，不能和{other_kind}{other}{doing}{hint}", "cannot compare {kind_en} with {other_kind_en}"),
    "text_order": ("文字只能用 == 或 != 比较，不能比大小；找开头、结尾或包含的文字请用 startswith、endswith、contains", "text compares only with == and !="),
    "empty_text": ("判断空值请用 is_blank(字段) 或 not_blank(字段)", "use is_blank(x) for blanks"),
    "const_arg": ("{name} 的第 1 个参数应当是字段名，不是固定的值", "{name}: the first argument must be a field"),
    "arg_type": ("{shown}是{kind}，{name} 只能用于{want}字段", "{name} needs a {want_en} argument"),
    "pattern": ("{name} 的第 {i} 个参数应当是带引号的文字", "{name}: argument {i} must be quoted text"),
}
_REJECTED: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute", ast.Subscript: "subscript", ast.Lambda: "lambda", ast.IfExp: "ifexp",
    ast.NamedExpr: "walrus", ast.JoinedStr: "fstring", ast.Dict: "braces", ast.Set: "braces",
    ast.Starred: "star", ast.ListComp: "loop", ast.SetComp: "loop", ast.DictComp: "loop",
    ast.GeneratorExp: "loop",
}
_BINOP_KEYS: dict[type[ast.operator], str] = {
    ast.BitAnd: "bitwise", ast.BitOr: "bitwise", ast.BitXor: "bitwise", ast.LShift: "bitwise",
    ast.RShift: "bitwise", ast.Pow: "power",
}
# fmt: on


def _error(key: str, offset: int, **kw: Any) -> ExprError:
    zh, en = _MSG[key]
    kw.setdefault("allowed", _ALLOWED[0])
    en_kw = {**kw, "allowed": _ALLOWED[1]}
    return ExprError(zh.format(**kw).strip(), en.format(**en_kw), offset)


_FULL_WIDTH = str.maketrans("（）［］，＝＜＞！\u3000\xa0", "()[],=<>!  ")
_ONE_LINE = str.maketrans("\r\n", "  ")
_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”"}  # opening -> closing
_ASCII_QUOTE = {"‘": "'", "’": "'", "“": '"', "”": '"'}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _prepare(text: str) -> tuple[str, list[tuple[int, int, int, int]], dict[str, str]]:
    """The text as Python can parse it: backtick names become placeholder identifiers (recorded as
    (new start, new end, original start, original end) spans to map offsets back); other changes
    keep lengths, so offsets only move at placeholders."""
    prefix = "_q"
    while prefix in text:
        prefix += "q"
    out: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    quoted: dict[str, str] = {}
    size, i, close = 0, 0, ""  # close: the quote ending the current string, "" outside strings
    while i < len(text):
        c, n = text[i], 1
        if close:
            if c == "\\":
                c, n = text[i : i + 2], 2
            elif c == close:
                c, close = _ASCII_QUOTE.get(c, c), ""
        elif c in _QUOTES:
            c, close = _ASCII_QUOTE.get(c, c), _QUOTES[c]
        elif c == "`":
            end = text.find("`", i + 1)
            if end < 0 or not text[i + 1 : end].strip():
                raise _error("backtick", i)
            c, n = f"{prefix}{len(quoted)}", end + 1 - i
            quoted[c] = text[i + 1 : end].strip()
            spans.append((size, size + len(c), i, end + 1))
        elif text.startswith("<>", i):
            c, n = "!=", 2
        else:
            c = c.translate(_FULL_WIDTH)
        out.append(c)
        size += len(c)
        i += n
    # one line, so that ast's col_offset is all there is to a position
    return "".join(out).translate(_ONE_LINE), spans, quoted


class _Compiler:
    def __init__(self, text: str, names: Mapping[str, Name]) -> None:
        self.text = text
        self.names = dict(names)
        # Python NFKC-normalizes identifiers, so 地址２ arrives as 地址2
        for key, name in names.items():
            self.names.setdefault(unicodedata.normalize("NFKC", key), name)
        self.source, self.spans, self.quoted = _prepare(text)
        self.encoded = self.source.encode("utf-8", "surrogatepass")
        self.columns: set[str] = set()

    # -- positions and messages

    def _orig(self, pos: int) -> int:
        shift = 0
        for start, end, o_start, o_end in self.spans:
            if pos < start:
                break
            if pos < end:
                return o_start
            shift = o_end - end
        return pos + shift

    def _char(self, byte_offset: int) -> int:  # ast offsets count UTF-8 bytes
        return len(self.encoded[:byte_offset].decode("utf-8", "surrogatepass"))

    def offset(self, node: ast.AST) -> int:
        return self._orig(self._char(getattr(node, "col_offset", 0)))

    def src(self, node: ast.expr) -> str:
        end = self._orig(self._char(node.end_col_offset or node.col_offset))
        return self.text[self.offset(node) : end]

    def between(self, left: ast.expr, right: ast.expr) -> int:
        """Offset of the operator written between two operands (ast does not record it)."""
        start, end = self._char(left.end_col_offset or 0), self._char(right.col_offset)
        gap = self.source[start:end]
        return self._orig(start + len(gap) - len(gap.lstrip(" ()")))

    def fail(self, where: ast.AST | int, key: str, **kw: Any) -> NoReturn:
        raise _error(key, where if isinstance(where, int) else self.offset(where), **kw)

    def shown(self, v: _Val) -> str:
        """A value as messages quote it: 「预算上限」, or a literal between spaces."""
        if isinstance(v.node, ast.Name):
            return f"「{self.quoted.get(v.node.id, v.node.id)}」"
        return f" {self.src(v.node)} " if v.const else f"「{self.src(v.node)}」"

    # -- parsing and the whitelist

    def parse(self) -> ast.expr:
        try:
            with warnings.catch_warnings(action="ignore"):  # invalid escapes like '\d' only warn
                return ast.parse(self.source, mode="eval").body
        except SyntaxError as e:
            # offset is 1-based in characters; 0 when the text ends too early
            at = e.offset - 1 if e.offset and e.offset <= len(self.source) else len(self.source)
            pos = self._orig(at)
            hint = "等于要写成 ==，" if self.text[pos : pos + 1] == "=" else ""
            self.fail(pos, "syntax", n=pos + 1, hint=hint, error=e.msg)
        except (RecursionError, MemoryError, ValueError) as e:  # ValueError: NUL, surrogates
            self.fail(0, "unparsable", error=repr(e))

    def check(self, tree: ast.expr) -> None:
        nodes: list[ast.expr] = []
        stack: list[tuple[ast.AST, int]] = [(tree, 1)]
        while stack:  # iterative: the tree may be deeper than is safe to recurse into
            node, depth = stack.pop()
            if depth > MAX_DEPTH or len(nodes) > MAX_NODES:
                self.fail(node, "complex")
            if isinstance(node, ast.expr):
                nodes.append(node)
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
        lists = {
            id(right)
            for node in nodes
            if isinstance(node, ast.Compare)
            for op, right in zip(node.ops, node.comparators, strict=True)
            if isinstance(op, ast.In | ast.NotIn)
        }
        for node in sorted(nodes, key=lambda n: n.col_offset):  # report the leftmost problem
            self._check(node, id(node) in lists)

    def _check(self, node: ast.expr, list_allowed: bool) -> None:
        match node:
            case ast.Name(id=name) if name.startswith("__"):
                self.fail(node, "dunder", name=name)
            case ast.Constant(value=bytes()):
                self.fail(node, "bytes")
            case ast.Constant(value=None):
                self.fail(node, "none")
            case ast.Constant(value=str() | int() | float()):
                pass
            case ast.List() | ast.Tuple() if not list_allowed:
                self.fail(node, "list_place")
            case ast.Compare(left=left, ops=ops, comparators=rights):
                for op, a, b in zip(ops, [left, *rights], rights, strict=False):
                    if isinstance(op, ast.Is | ast.IsNot):
                        self.fail(self.between(a, b), "is")
            case ast.BinOp(op=op) if type(op) not in _ARITH:
                self.fail(self.between(node.left, node.right), _BINOP_KEYS.get(type(op), "modulo"))
            case ast.UnaryOp(op=ast.Invert()):
                self.fail(node, "invert")
            case ast.Call(func=ast.Name(id=name)) if name in _FUNCS:
                self._check_call(node, name)
            case ast.Call(func=ast.Name(id=name)):
                self.fail(node.func, "dunder" if name.startswith("__") else "function", name=name)
            case ast.Call(func=func):  # a method or anything computed: x.upper(), (lambda: 1)()
                self.fail(func, _REJECTED.get(type(func), "other"))
            case ast.BoolOp() | ast.BinOp() | ast.UnaryOp() | ast.Name() | ast.List() | ast.Tuple():
                pass
            case _:  # also constants like 1j and ...
                self.fail(node, _REJECTED.get(type(node), "other"))

    def _check_call(self, node: ast.Call, name: str) -> None:
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self.fail(arg, "star")
        if node.keywords:
            self.fail(node.keywords[0], "keyword", name=name)
        search = name in _SEARCH
        if len(node.args) < 1 + search or (not search and len(node.args) > 1):
            self.fail(node, "arity_search" if search else "arity_one", name=name)

    # -- typed compilation

    def condition(self, node: ast.expr) -> _Val:
        v = self.value(node)
        if v.type != BOOL:
            self.fail(node, "not_test", shown=self.shown(v))
        return v

    def make(self, type_: str, run: _Run, node: ast.expr, *operands: _Val) -> _Val:
        """A value; computed now when no field is involved (literals and their combinations)."""
        if not all(v.const for v in operands):
            return _Val(type_, run, node)
        with np.errstate(all="ignore"):
            value = run(None)  # type: ignore[arg-type]  # constants never look at the frame
        return _Val(type_, lambda _: value, node, True, value)

    def value(self, node: ast.expr) -> _Val:
        match node:
            case ast.Constant(value=bool() as b):
                return _Val(BOOL, lambda _: b, node, True, b)
            case ast.Constant(value=str() as s):  # compared stripped; `value` keeps it as typed
                return _Val(ValueType.TEXT, lambda _: s.strip(), node, True, s)
            case ast.Constant(value=int() | float() as n):
                try:
                    x = np.float64(n)
                except OverflowError:
                    self.fail(node, "big_number")
                return _Val(ValueType.NUMBER, lambda _: x, node, True, x)
            case ast.Name(id=ident):
                return self.name(node, self.quoted.get(ident, ident))
            case ast.BoolOp(op=op, values=values):
                parts = [self.condition(v) for v in values]
                join = operator.and_ if isinstance(op, ast.And) else operator.or_
                return self.make(
                    BOOL, lambda c: reduce(join, (p.run(c) for p in parts)), node, *parts
                )
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                p = self.condition(operand)
                return self.make(BOOL, lambda c: _not(p.run(c)), node, p)
            case ast.UnaryOp(op=op, operand=operand):
                v = self.arithmetic(operand)
                sign = -1.0 if isinstance(op, ast.USub) else 1.0
                return self.make(ValueType.NUMBER, lambda c: sign * v.run(c), node, v)
            case ast.BinOp(op=op, left=left, right=right):
                return self.binop(node, op, left, right)
            case ast.Compare():
                return self.compare(node)
            case ast.Call(func=ast.Name(id=name), args=args):
                return self.call(node, name, args)
        self.fail(node, "other")  # unreachable after check(); kept as the whitelist's backstop

    def name(self, node: ast.expr, ident: str) -> _Val:
        target = self.names.get(ident)
        if target is None:
            known = [k for k in self.names if not k.startswith("__")]
            match = process.extractOne(ident, known, scorer=fuzz.ratio, score_cutoff=70)
            guess = f"，是不是「{match[0]}」？" if match else "。"
            guess_en = f"; did you mean {match[0]!r}?" if match else ""
            self.fail(node, "unknown", name=ident, guess=guess, guess_en=guess_en)
        self.columns.add(target.column)
        return _Val(target.type, lambda c: c.load(target), node)

    def arithmetic(self, node: ast.expr) -> _Val:
        v = self.value(node)
        if v.type != ValueType.NUMBER:
            self.fail(node, "not_number", shown=self.shown(v), kind=_ZH[v.type])
        return v

    def binop(self, node: ast.expr, op: ast.operator, left: ast.expr, right: ast.expr) -> _Val:
        a, b = self.value(left), self.value(right)
        if isinstance(op, ast.Sub) and ValueType.DATE in (a.type, b.type):
            a, b = self.unify(a, b, "相减")
            return self.make(ValueType.NUMBER, lambda c: (a.run(c) - b.run(c)) / _DAY, node, a, b)
        a, b = self.arithmetic(left), self.arithmetic(right)
        fn = _ARITH[type(op)]
        return self.make(ValueType.NUMBER, lambda c: fn(a.run(c), b.run(c)), node, a, b)

    def as_date(self, v: _Val) -> _Val:
        if not (v.const and v.type == ValueType.TEXT):
            return v
        try:
            if not _ISO_DATE.fullmatch(v.value.strip()):
                raise ValueError(v.value)
            day = pd.Timestamp(dt.date.fromisoformat(v.value.strip()))
        except ValueError:
            self.fail(v.node, "bad_date", text=v.value)
        return _Val(ValueType.DATE, lambda _: day, v.node, True, day)

    def unify(self, a: _Val, b: _Val, doing: str) -> tuple[_Val, _Val]:
        """Both sides of a comparison (or date subtraction), date text read as a date."""
        for v in (a, b):
            if v.type == BOOL:
                self.fail(v.node, "test_compared", shown=f"「{self.src(v.node)}」", doing=doing)
        if ValueType.DATE in (a.type, b.type):
            a, b = self.as_date(a), self.as_date(b)
        if a.type != b.type:
            s, o = (b, a) if a.const and not b.const else (a, b)  # the field is the subject
            self.fail(
                o.node,
                "mismatch",
                shown=self.shown(s),
                kind=_ZH[s.type],
                other=self.shown(o),
                other_kind=_ZH[o.type],
                doing=doing,
                hint=f"（{_HINT[s.type]}）" if o.const else "",
                kind_en=s.type,
                other_kind_en=o.type,
            )
        return a, b

    def operand(self, node: ast.expr) -> _Val:
        if isinstance(node, ast.List | ast.Tuple):
            self.fail(node, "list_place")
        return self.value(node)

    def compare(self, node: ast.Compare) -> _Val:
        parts: list[_Val] = []
        pairs = zip(node.ops, [node.left, *node.comparators], node.comparators, strict=False)
        for op, left, right in pairs:
            if isinstance(op, ast.In | ast.NotIn):
                parts.append(self.membership(left, right, isinstance(op, ast.NotIn)))
                continue
            a, b = self.unify(self.operand(left), self.operand(right), "比较")
            if a.type == ValueType.TEXT and not isinstance(op, ast.Eq | ast.NotEq):
                self.fail(self.between(left, right), "text_order")
            for v in (a, b):
                if v.type == ValueType.TEXT and v.const and not v.value.strip():
                    self.fail(v.node, "empty_text")
            parts.append(self.make(BOOL, _comparison(_CMP[type(op)], a, b), node, a, b))
        return self.make(
            BOOL, lambda c: reduce(operator.and_, (p.run(c) for p in parts)), node, *parts
        )

    def membership(self, left: ast.expr, right: ast.expr, negate: bool) -> _Val:
        if not isinstance(right, ast.List | ast.Tuple):
            self.fail(right, "in_list")
        a = self.operand(left)
        values = []
        for elt in right.elts:
            v = self.unify(a, self.value(elt), "比较")[1]
            if not v.const:
                self.fail(elt, "list_item")
            values.append(v.value.strip() if v.type == ValueType.TEXT else v.value)
        return self.make(BOOL, lambda c: _isin(a.run(c), values, negate), right, a)

    def call(self, node: ast.expr, name: str, args: list[ast.expr]) -> _Val:
        x, *patterns = [self.value(a) for a in args]
        want, result = _FUNCS[name]
        if x.const:
            self.fail(x.node, "const_arg", name=name)
        if x.type == BOOL or (want and x.type != want):
            kind, wanted = _ZH[x.type], _ZH[want] if want else ""
            self.fail(
                x.node,
                "arg_type",
                shown=self.shown(x),
                kind=kind,
                name=name,
                want=wanted,
                want_en=want or "field",
            )
        for i, p in enumerate(patterns, 2):
            if not (p.const and p.type == ValueType.TEXT):
                self.fail(p.node, "pattern", name=name, i=i)
        texts = [p.value for p in patterns]  # as typed: a leading space may matter
        if name in _SEARCH:
            search = _SEARCH[name]

            def any_hit(c: _Ctx) -> Any:
                return reduce(operator.or_, [_filled(search(x.run(c), t)) for t in texts])

            return _Val(BOOL, any_hit, node)
        unary = _UNARY[name]
        return _Val(result, lambda c: unary(x.run(c), c.today), node)


def _not(x: Any) -> Any:
    return ~x if isinstance(x, pd.Series) else not x


def _comparison(fn: Callable[[Any, Any], Any], a: _Val, b: _Val) -> _Run:
    def run(c: _Ctx) -> Any:
        x, y = a.run(c), b.run(c)
        return _known(fn(x, y), x, y)

    return run


def compile_condition(text: str, names: Mapping[str, Name]) -> Condition:
    """Compile one condition; raise ExprError on anything not allowed, at its position."""
    if len(text) > MAX_LENGTH:
        raise _error("too_long", MAX_LENGTH)
    if not text.strip():
        raise _error("empty", 0)
    compiler = _Compiler(text, names)
    tree = compiler.parse()
    compiler.check(tree)
    run = compiler.condition(tree).run
    return Condition(text, frozenset(compiler.columns), run)
