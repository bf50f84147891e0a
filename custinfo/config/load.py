"""Load rules.yaml into `Config`: every mistake reported at once, each with its key path and line.

Nothing in the file is executed: `yaml.safe_load` refuses Python tags, and values only ever fill
typed pydantic fields.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
import yaml.constructor
from pydantic import ValidationError

from custinfo.config.conditions import (
    CompiledRule,
    CompiledSegment,
    ExprError,
    compile_named,
    compile_rule,
)
from custinfo.config.model import Config, FieldsConfig, UserRule, ValidateConfig
from custinfo.config.tags import NamedRule, TagsConfig
from custinfo.dataset import PairDecision
from custinfo.errors import ConfigError
from custinfo.fields import DEFAULT_REGISTRY, FieldPatch, Registry, SheetKind
from custinfo.rules.segment_names import LAYERS, POTENTIAL

MAX_RULES_BYTES = 1_000_000  # a rules file is hand-written; anything larger is a mistake
MAX_DEPTH = 20  # deep nesting is never meaningful here and slows the line map
MAX_NODES = 100_000  # values in one top-level section once aliases are expanded (YAML bombs)

# pydantic error type -> (中文, English) sentence
_ERROR_WORDS: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填项", "required key is missing"),
    "extra_forbidden": ("未知的键（是否拼写错误？）", "unknown key (a typo?)"),
    "literal_error": ("取值不在允许范围内", "value is not one of the allowed ones"),
    "bool_type": ("应为 true 或 false", "should be true or false"),
    "bool_parsing": ("应为 true 或 false", "should be true or false"),
    "int_type": ("应为整数", "should be a whole number"),
    "int_parsing": ("应为整数", "should be a whole number"),
    "int_from_float": ("应为整数", "should be a whole number"),
    "float_type": ("应为数字", "should be a number"),
    "float_parsing": ("应为数字", "should be a number"),
    "string_type": ("应为文字", "should be text"),
    "list_type": ("应为列表（每项以 - 开头）", "should be a list (items start with -)"),
    "dict_type": ("应为键值对（键: 值）", "should be a mapping (key: value)"),
    "model_type": ("应为键值对（键: 值）", "should be a mapping (key: value)"),
    "greater_than_equal": ("数值太小", "value is too small"),
    "less_than_equal": ("数值太大", "value is too large"),
}
# value_error carries its own (Chinese) sentence from a validator in config/model.py


@dataclass(frozen=True)
class Rules:
    """The loaded configuration together with where it came from."""

    config: Config
    registry: Registry
    path: Path | None  # None: shipped defaults only
    as_of: dt.date = field(default_factory=dt.date.today)  # "today" for every date check (--as-of)
    user_rules: tuple[CompiledRule, ...] = ()  # validate.rules, compiled
    segment_rules: CompiledSegment = field(default_factory=CompiledSegment)  # segment.tags
    # what people decided about duplicates (custinfo.decisions.csv + --decisions), and the
    # merged customers to split back (--unmerge): data, not configuration, but it travels with it
    decisions: tuple[PairDecision, ...] = ()
    unmerge: tuple[str, ...] = ()
    lang: str = "zh"  # --lang: the language of words a stage writes into outputs (evidence)


def default_rules_path(cwd: Path | None = None) -> Path | None:
    """`$CUSTINFO_RULES`, else `rules.yaml` in the working directory, else None (defaults)."""
    env = os.environ.get("CUSTINFO_RULES")
    if env:
        return Path(env)
    candidate = (cwd or Path.cwd()) / "rules.yaml"
    return candidate if candidate.is_file() else None


DECISIONS_FILE = "custinfo.decisions.csv"


def decisions_path(rules_path: Path | None, cwd: Path | None = None) -> Path:
    """Where people's dedupe decisions are remembered: beside the rules file (the working
    directory when the shipped defaults are used), so every run with those rules finds them."""
    return (rules_path.parent if rules_path else (cwd or Path.cwd())) / DECISIONS_FILE


def load_rules(path: Path | None) -> Rules:
    """Defaults from the package, overridden by `path` (when given); raise ConfigError on mistakes."""
    defaults = _parse(_read_defaults(), "defaults.yaml")
    if path is None:
        data, text, name = defaults, "", "defaults.yaml"
    else:
        text = _read(path)
        name = path.name
        user = _parse(text, name)
        if user is None:
            user = {}
        if not isinstance(user, dict):
            raise ConfigError(
                [f"错误: {name}: 文件内容应为键值对（键: 值），而不是一个{_kind_zh(user)}"],
                [
                    f"error: {name}: the file should hold key: value pairs, not a {type(user).__name__}"
                ],
                path=str(path),
            )
        data = _merge(defaults or {}, user)
    zh, en = _field_problems(data.get("fields"), text, name)
    config: Config | None = None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        more_zh, more_en = _describe(exc, text, name)
        zh, en = more_zh + zh, more_en + en
    # Conditions and statuses are checked even when other keys are wrong: all mistakes at once.
    registry = _registry(config.fields if config else _valid_part(FieldsConfig, data, "fields"))
    validate = config.validate_ if config else _valid_part(ValidateConfig, data, "validate")
    compiled, more_zh, more_en = _compile_rules(_rules_of(validate, data), registry, text, name)
    zh, en = zh + more_zh, en + more_en
    if validate is not None:
        more_zh, more_en = _status_problems(validate, registry, text, name)
        zh, en = zh + more_zh, en + more_en
    segment, more_zh, more_en = _compile_segment(
        config.segment.tags if config else None, registry, text, name
    )
    zh, en = zh + more_zh, en + more_en
    if zh or config is None:
        raise ConfigError(zh, en, path=str(path or ""))
    return Rules(
        config=config, registry=registry, path=path, user_rules=compiled, segment_rules=segment
    )


_Part = TypeVar("_Part", FieldsConfig, ValidateConfig)


def _valid_part(model: type[_Part], data: dict[str, Any], key: str) -> _Part | None:
    """One section of rules.yaml when it is valid on its own (None otherwise)."""
    try:
        return model.model_validate(data.get(key) or {})
    except ValidationError:
        return None


def _rules_of(validate: ValidateConfig | None, data: dict[str, Any]) -> list[tuple[int, UserRule]]:
    """`validate.rules` with their positions; when the section is invalid, the rules that are
    valid on their own (the others were already reported)."""
    if validate is not None:
        return list(enumerate(validate.rules))
    raw = (data.get("validate") or {}).get("rules")
    out = []
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        try:
            out.append((i, UserRule.model_validate(item)))
        except ValidationError:
            continue
    return out


def _compile_rules(
    rules: list[tuple[int, UserRule]], registry: Registry, text: str, name: str
) -> tuple[tuple[CompiledRule, ...], list[str], list[str]]:
    """Every `validate.rules` entry compiled; each mistake with its line and character."""
    out: list[CompiledRule] = []
    zh: list[str] = []
    en: list[str] = []
    seen: set[str] = set()
    for i, rule in rules:
        loc: tuple[Any, ...] = ("validate", "rules", i)
        if rule.name in seen:
            at, at_en = _where(text, (*loc, "name"), name)
            zh.append(f"错误: {at} {_dotted((*loc, 'name'))}: 规则名称「{rule.name}」重复")
            en.append(f"error: {at_en} {_dotted((*loc, 'name'))}: duplicate rule name {rule.name}")
        seen.add(rule.name)
        try:
            out.append(compile_rule(rule, registry))
        except ExprError as exc:
            at, at_en = _where(text, (*loc, "when"), name)
            pos = f"（第 {exc.offset + 1} 个字符）" if exc.offset >= 0 else ""
            pos_en = f" (character {exc.offset + 1})" if exc.offset >= 0 else ""
            key = _dotted((*loc, "when"))
            zh.append(f"错误: {at} {key} 规则「{rule.name}」的条件{pos}: {exc.message}")
            en.append(
                f"error: {at_en} {key} rule '{rule.name}' condition{pos_en}: {exc.message_en}"
            )
        except KeyError:
            at, at_en = _where(text, (*loc, "field"), name)
            zh.append(
                f"错误: {at} 规则「{rule.name}」的 field: 没有名为「{rule.field}」的字段"
                f"（{rule.sheet.zh}）"
            )
            en.append(f"error: {at_en} rule '{rule.name}' field: no field named {rule.field}")
    return tuple(out), zh, en


def _compile_segment(
    tags: TagsConfig | None, registry: Registry, text: str, name: str
) -> tuple[CompiledSegment, list[str], list[str]]:
    """segment.tags.potential and .layers compiled; each mistake with its line and character.
    A potential rule cannot read what is decided after it (客户层级, 综合优先级)."""
    if tags is None:
        return CompiledSegment(), [], []
    zh: list[str] = []
    en: list[str] = []
    done: dict[str, list[tuple[NamedRule, Any]]] = {"potential": [], "layers": []}
    for key, stage in (("potential", POTENTIAL), ("layers", LAYERS)):
        for i, rule in enumerate(getattr(tags, key)):
            try:
                done[key].append((rule, compile_named(rule, registry, stage)))
            except ExprError as exc:
                loc = ("segment", "tags", key, i, "when")
                at, at_en = _where(text, loc, name)
                pos = f"（第 {exc.offset + 1} 个字符）" if exc.offset >= 0 else ""
                pos_en = f" (character {exc.offset + 1})" if exc.offset >= 0 else ""
                zh.append(f"错误: {at} {_dotted(loc)}「{rule.name}」{pos}: {exc.message}")
                en.append(f"error: {at_en} {_dotted(loc)} '{rule.name}'{pos_en}: {exc.message_en}")
    return CompiledSegment(tuple(done["potential"]), tuple(done["layers"])), zh, en


def _status_problems(
    v: ValidateConfig, registry: Registry, text: str, name: str
) -> tuple[list[str], list[str]]:
    """Statuses named in validate.logic / validate.followup must be 客户状态 values."""
    allowed = registry.get(SheetKind.CUSTOMERS, "status").enum
    zh: list[str] = []
    en: list[str] = []
    for loc, values in (
        (("validate", "logic", "deal_statuses"), v.logic.deal_statuses),
        (("validate", "followup", "skip_statuses"), v.followup.skip_statuses),
    ):
        for i, status in enumerate(values):
            if status not in allowed:
                at, at_en = _where(text, (*loc, i), name)
                zh.append(
                    f"错误: {at} {_dotted(loc)}: 「{status}」不是客户状态的可选值"
                    f"（可选：{'、'.join(allowed)}）"
                )
                en.append(f"error: {at_en} {_dotted(loc)}: '{status}' is not a status value")
    return zh, en


def _read_defaults() -> str:
    return resources.files("custinfo.config").joinpath("defaults.yaml").read_text("utf-8")


def _read(path: Path) -> str:
    """The rules file's text; every way reading it can fail becomes one ConfigError."""
    try:
        size = path.stat().st_size
        if size > MAX_RULES_BYTES:
            zh = f"文件过大（{size} 字节），规则文件不应超过 {MAX_RULES_BYTES} 字节"
            raise _file_error(path, zh, f"file too large ({size} bytes); limit {MAX_RULES_BYTES}")
        return path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise _file_error(path, "找不到规则文件", "rules file not found") from None
    except IsADirectoryError:
        raise _file_error(path, "这是一个文件夹，不是规则文件", "this is a directory") from None
    except UnicodeDecodeError:
        raise _file_error(
            path, "不是 UTF-8 编码的文本，请用 UTF-8 保存", "not UTF-8 text"
        ) from None
    except PermissionError:
        raise _file_error(path, "没有权限读取规则文件", "no permission to read it") from None


def _file_error(path: Path, zh: str, en: str) -> ConfigError:
    return ConfigError([f"错误: {path}: {zh}"], [f"error: {path}: {en}"], path=str(path))


def _parse(text: str, name: str) -> Any:
    aliases = _check_nesting(text, name)
    try:
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:  # e.g. !!python/object: refused, never built
        mark = exc.problem_mark
        key = _key_at(text)
        at = f" 第 {mark.line + 1} 行" if mark else ""
        at_en = f" line {mark.line + 1}" if mark else ""
        key_zh = f" {key}:" if key else ""
        raise ConfigError(
            [
                f"错误: {name}{at}{key_zh} 不支持的 YAML 标签（{exc.problem}）；规则文件只能包含普通的键、值和列表"
            ],
            [
                f"error: {name}{at_en}{key_zh} unsupported YAML tag ({exc.problem}); only plain keys and values"
            ],
            path=name,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"第 {mark.line + 1} 行" if mark else ""
        line_en = f"line {mark.line + 1}" if mark else ""
        problem = exc.problem or "格式错误"
        raise ConfigError(
            [
                f"错误: {name} {line}: YAML 格式错误（{problem}）。常见原因：缩进不一致、冒号后缺空格、引号未闭合"
            ],
            [f"error: {name} {line_en}: YAML syntax error ({problem})"],
            path=name,
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(
            [
                f"错误: {name}: 无法读取的 YAML 内容（{_first_line(exc)}）；规则文件只能包含普通的键、值和列表"
            ],
            [
                f"error: {name}: unsupported YAML ({_first_line(exc)}); only plain keys, values, lists"
            ],
            path=name,
        ) from None
    except RecursionError:
        raise ConfigError(
            [f"错误: {name}: 嵌套层级过深"], [f"error: {name}: nesting too deep"], path=name
        ) from None
    if aliases:
        _check_expansion(data, text, name)
    if _depth(data) > MAX_DEPTH:
        raise ConfigError(
            [f"错误: {name}: 嵌套层级超过 {MAX_DEPTH} 层，请检查缩进"],
            [f"error: {name}: nested deeper than {MAX_DEPTH} levels"],
            path=name,
        )
    return data


def _key_at(text: str) -> str:
    """The dotted key of the first value carrying a tag safe_load cannot build, from the node
    tree (composed, never constructed, so the tag is harmless here); "" when there is none."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return ""
    todo: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    while todo:
        node, path = todo.pop()
        if node is None:
            continue
        if node.tag not in yaml.SafeLoader.yaml_constructors:
            return _dotted(path)
        if isinstance(node, yaml.MappingNode):
            todo += [(v, (*path, k.value)) for k, v in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(v, (*path, i)) for i, v in reversed(list(enumerate(node.value)))]
    return ""


_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _check_nesting(text: str, name: str) -> bool:
    """Refuse nesting deeper than MAX_DEPTH from the tokens alone, before the parser recurses
    into it (10,000 `[` would exhaust the stack); return whether the text uses aliases (*x)."""
    depth, key, aliases, after_key = 0, "", False, False
    try:
        for tok in yaml.scan(text):
            if isinstance(tok, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    line = tok.start_mark.line + 1
                    at = f"（在 {key} 下）" if key else ""
                    at_en = f" (under {key})" if key else ""
                    raise ConfigError(
                        [
                            f"错误: {name} 第 {line} 行{at}: 嵌套层级超过 {MAX_DEPTH} 层，请检查缩进和括号"
                        ],
                        [
                            f"error: {name} line {line}{at_en}: nested deeper than {MAX_DEPTH} levels"
                        ],
                        path=name,
                    )
            elif isinstance(tok, _CLOSE):
                depth -= 1
            elif isinstance(tok, yaml.AliasToken):
                aliases = True
            elif isinstance(tok, yaml.ScalarToken) and after_key and depth == 1:
                key = tok.value
            after_key = isinstance(tok, yaml.KeyToken)
    except yaml.YAMLError:
        return True  # the parser reports it, with its line; check the result's size anyway
    return aliases


def _check_expansion(data: Any, text: str, name: str) -> None:
    """Refuse a "billion laughs" of aliases: nodes counted as the data would be expanded
    (shared nodes counted once per use, each computed once); the message names the top-level
    key where the count passed the limit."""
    memo: dict[int, int] = {}

    def size(value: Any) -> int:
        if id(value) not in memo:
            items = list(value.values()) if isinstance(value, dict) else value
            if isinstance(value, dict | list):
                memo[id(value)] = 1 + sum(size(v) for v in items)
            else:
                memo[id(value)] = 1
        return memo[id(value)]

    parts = data.items() if isinstance(data, dict) else [("", data)]
    n = 0
    for key, value in parts:
        n += size(value)
        if n > MAX_NODES:
            at, at_en = _where(text, (key,), name) if key else (name, name)
            raise ConfigError(
                [
                    f"错误: {at} {key}: 别名（&锚点 / *引用）展开后有 {n:,} 项，超过 {MAX_NODES:,} 项的上限"
                    "（疑似 YAML 炸弹）；请直接写出要用的值"
                ],
                [
                    f"error: {at_en} {key}: aliases (&anchor / *ref) expand to {n:,} items, over "
                    f"the {MAX_NODES:,} limit (a YAML bomb?); write the values out instead"
                ],
                path=name,
            )


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _kind_zh(value: Any) -> str:
    return "列表" if isinstance(value, list) else "单个值"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge mappings: the user's keys win; lists are replaced, not appended."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _describe(exc: ValidationError, text: str, name: str) -> tuple[list[str], list[str]]:
    zh: list[str] = []
    en: list[str] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        path = _dotted(loc)
        at, at_en = _where(text, loc, name)
        msg = str(err["msg"]).removeprefix("Value error, ")
        words_zh, words_en = _ERROR_WORDS.get(err["type"], (msg, msg))
        if err["type"] == "literal_error":
            allowed = err.get("ctx", {}).get("expected", "")
            words_zh += f"（可选：{allowed}）"
            words_en += f" (allowed: {allowed})"
        zh.append(f"错误: {at} {path}: {words_zh}")
        en.append(f"error: {at_en} {path}: {words_en}")
    return zh, en


def _dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_of(text: str, loc: Sequence[Any]) -> int | None:
    """1-based line of the deepest YAML node along `loc` (the key itself when it exists)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_problems(fields: Any, text: str, name: str) -> tuple[list[str], list[str]]:
    """Unknown field names and synonyms that point at no allowed value, with their lines."""
    zh: list[str] = []
    en: list[str] = []
    if not isinstance(fields, dict):
        return zh, en
    for sheet in SheetKind:
        per_sheet = fields.get(sheet.value)
        if not isinstance(per_sheet, dict):
            continue
        known = {f.name: f for f in DEFAULT_REGISTRY.for_sheet(sheet)}
        for field_name, patch in per_sheet.items():
            loc: tuple[str, ...] = ("fields", sheet.value, str(field_name))
            at, at_en = _where(text, loc, name)
            if field_name not in known:
                zh.append(
                    f"错误: {at} {_dotted(loc)}: 没有名为 {field_name} 的字段"
                    f"（{sheet.zh} 的字段有: {', '.join(sorted(known))}）"
                )
                en.append(f"error: {at_en} {_dotted(loc)}: no field named {field_name}")
                continue
            if not isinstance(patch, dict) or not isinstance(patch.get("synonyms"), dict):
                continue
            extra = patch.get("enum")
            allowed = {
                *known[field_name].enum,
                *(map(str, extra) if isinstance(extra, list) else ()),
            }
            for variant, target in patch["synonyms"].items():
                if str(target) in allowed:
                    continue
                sloc = (*loc, "synonyms", str(variant))
                at, at_en = _where(text, sloc, name)
                zh.append(
                    f"错误: {at} {_dotted(sloc)}: 「{target}」不是{known[field_name].zh}的可选值"
                )
                en.append(f"error: {at_en} {_dotted(sloc)}: '{target}' is not an allowed value")
    return zh, en


def _where(text: str, loc: Sequence[Any], name: str) -> tuple[str, str]:
    line = line_of(text, loc) if text else None
    return (f"{name} 第 {line} 行", f"{name} line {line}") if line else (name, name)


def _registry(fields: FieldsConfig | None) -> Registry:
    """The default registry extended by rules.yaml's `fields:` (already checked)."""
    if fields is None:
        return DEFAULT_REGISTRY
    patches = {
        (sheet, field_name): FieldPatch(
            aliases=tuple(fc.aliases),
            required=fc.required,
            enum=tuple(fc.enum),
            synonyms=dict(fc.synonyms),
        )
        for sheet in SheetKind
        for field_name, fc in fields.for_sheet(sheet).items()
    }
    return DEFAULT_REGISTRY.extended(patches)
