"""The shape of a requirement file, checked strictly with file:line for every problem.

A requirement file is reviewed like law, so a typo must not silently switch a rule off:
unknown keys are rejected, types are checked, regexes are parsed, and *all* problems are
collected before anything is reported (as scancode's ``Rule.load`` and Vale do).

Validation walks PyYAML's node tree (not the constructed objects) so each problem carries
the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from clausecheck.library.regex import parse

STATUSES = ("present", "weak", "missing", "conflict", "not_applicable")
STRENGTHS = ("must", "should")
SCOPE_FLAGS = (
    "over_one_year",
    "development",
    "cloud",
    "core_system",
    "trading_host",
    "internet_facing",
)
LANGS = ("zh", "en", "any")


@dataclass(frozen=True)
class Field:
    kind: str  # str | int | bool | list | map | pattern | patterns | text | citation | lang
    required: bool = False
    of: str | None = None  # element kind for lists


PATTERN_KEYS = {
    "regex": Field("str"),
    "phrases": Field("list", of="str"),
    "tokens": Field("list", of="map"),
    "fuzzy": Field("map"),
    "lang": Field("lang"),
    "heading": Field("str"),
    "score": Field("int"),
    "reason": Field("str"),
    "scope": Field("str"),
    "note": Field("str"),
}
FUZZY_KEYS = {"text": Field("str", required=True), "keys": Field("list", of="str"), "min": Field("int")}
APPLIES_KEYS = {"tier1": Field("bool"), "scope": Field("str"), "firm_type": Field("list", of="str")}
ELEMENT_KEYS = {
    "id": Field("str", required=True),
    "text": Field("str", required=True),
    "applies": Field("map"),
    "optional": Field("bool"),
    "find": Field("list", required=True, of="pattern"),
}
REQUIREMENT_KEYS = {
    "id": Field("str", required=True),
    "citation": Field("citation", required=True),
    "title": Field("text", required=True),
    "strength": Field("str", required=True),
    "applies": Field("map"),
    "checklist": Field("list", of="int"),
    "headings": Field("list", of="str"),
    "elements": Field("list", required=True, of="element"),
    "topic": Field("list", of="pattern"),
    "lookalikes": Field("list", of="pattern"),
    "conflicts": Field("list", of="pattern"),
    "suggestion": Field("text", required=True),
    "examples": Field("map", required=True),
    "notes": Field("str"),
}
EXAMPLE_KEYS = {s: Field("list", of="str") for s in ("present", "weak", "missing", "conflict")}
TEXT_KEYS = {"zh": Field("str", required=True), "en": Field("str", required=True)}


class Problems:
    """Collects problems as ``file:line: message``."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append(f"{self.source}:{line}: {message}")


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (constructed directly, not re-parsed)."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return _CONSTRUCTOR.construct_object(node, deep=True)
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _check_map(node: yaml.Node, keys: dict[str, Field], where: str, p: Problems, ctx: dict) -> None:
    if not isinstance(node, yaml.MappingNode):
        p.add(node, f"{where}: expected a mapping")
        return
    seen: set[str] = set()
    for knode, vnode in node.value:
        key = knode.value
        if key in seen:
            p.add(knode, f"{where}: duplicate key '{key}'")
        seen.add(key)
        if key not in keys:
            p.add(knode, f"{where}: unknown key '{key}' (allowed: {', '.join(keys)})")
            continue
        _check_value(vnode, keys[key], f"{where}.{key}", p, ctx)
    for key, f in keys.items():
        if f.required and key not in seen:
            p.add(node, f"{where}: missing required key '{key}'")


def _check_value(node: yaml.Node, f: Field, where: str, p: Problems, ctx: dict) -> None:
    kind = f.kind
    if kind in ("str", "int", "bool", "lang"):
        if not isinstance(node, yaml.ScalarNode):
            p.add(node, f"{where}: expected a {kind}")
            return
        value = _scalar(node)
        expected = {"str": str, "int": int, "bool": bool, "lang": str}[kind]
        if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
            p.add(node, f"{where}: expected a {kind}, got {value!r}")
        elif kind == "lang" and value not in LANGS:
            p.add(node, f"{where}: lang must be one of {', '.join(LANGS)}")
        elif where.endswith((".regex", ".heading")):
            _check_regex(node, value, where, p, ctx)
        return
    if kind == "citation":
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                _check_value(item, Field("str"), where, p, ctx)
        else:
            _check_value(node, Field("str"), where, p, ctx)
        return
    if kind == "text":
        _check_map(node, TEXT_KEYS, where, p, ctx)
        return
    if kind == "map":
        if where.endswith(".applies"):
            _check_map(node, APPLIES_KEYS, where, p, ctx)
            for knode, vnode in getattr(node, "value", []):
                if knode.value == "scope" and _scalar(vnode) not in SCOPE_FLAGS:
                    p.add(vnode, f"{where}.scope: unknown scope flag {_scalar(vnode)!r} "
                          f"(one of {', '.join(SCOPE_FLAGS)})")
        elif where.endswith(".fuzzy"):
            _check_map(node, FUZZY_KEYS, where, p, ctx)
        elif where.endswith(".examples"):
            _check_map(node, EXAMPLE_KEYS, where, p, ctx)
        elif not isinstance(node, yaml.MappingNode):
            p.add(node, f"{where}: expected a mapping")
        return
    if kind == "list":
        if not isinstance(node, yaml.SequenceNode):
            p.add(node, f"{where}: expected a list")
            return
        for i, item in enumerate(node.value):
            sub = f"{where}[{i}]"
            if f.of == "pattern":
                _check_map(item, PATTERN_KEYS, sub, p, ctx)
                _check_pattern_kind(item, sub, p)
            elif f.of == "element":
                _check_map(item, ELEMENT_KEYS, sub, p, ctx)
            else:
                _check_value(item, Field(f.of or "str"), sub, p, ctx)
        return
    raise AssertionError(kind)


def _check_pattern_kind(node: yaml.Node, where: str, p: Problems) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    kinds = [k.value for k, _ in node.value if k.value in ("regex", "phrases", "tokens", "fuzzy")]
    if len(kinds) != 1:
        p.add(node, f"{where}: a pattern needs exactly one of regex, phrases, tokens, fuzzy "
              f"(found {', '.join(kinds) or 'none'})")


def _check_regex(node: yaml.Node, value: str, where: str, p: Problems, ctx: dict) -> None:
    expand = ctx.get("expand")
    try:
        parse(expand(value) if expand else value)
    except (re.error, KeyError) as exc:
        p.add(node, f"{where}: invalid regular expression: {exc}")


def validate_requirement(node: yaml.Node, p: Problems, expand=None) -> None:
    """Check one requirement file's node tree; problems go to ``p``."""
    ctx = {"expand": expand}
    _check_map(node, REQUIREMENT_KEYS, "requirement", p, ctx)
    if not isinstance(node, yaml.MappingNode):
        return
    for knode, vnode in node.value:
        if knode.value == "strength" and _scalar(vnode) not in STRENGTHS:
            p.add(vnode, f"strength must be one of {', '.join(STRENGTHS)}")
        if knode.value == "elements" and isinstance(vnode, yaml.SequenceNode):
            ids = [
                _scalar(v) for e in vnode.value if isinstance(e, yaml.MappingNode)
                for k, v in e.value if k.value == "id"
            ]
            for dup in {i for i in ids if ids.count(i) > 1}:
                p.add(vnode, f"elements: duplicate element id '{dup}'")
