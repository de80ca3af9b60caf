"""YAML as people write it: ``no``, ``on``, ``y`` stay strings (YAML 1.1 makes them booleans,
which silently turns the annex's ``{no: 1, ...}`` row number into ``False``)."""

from __future__ import annotations

import re
from typing import Any

import yaml


class PlainLoader(yaml.SafeLoader):
    """SafeLoader whose booleans are only true/false."""


PlainLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
PlainLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> Any:
    return yaml.load(text, Loader=PlainLoader)  # noqa: S506 - PlainLoader is a SafeLoader


def load_checklist_rows(text: str) -> list[dict[str, Any]]:
    """The annex rows. A row whose flow mapping was cut by an unquoted comma in its text
    (``text: a, b``) gets its text put back together."""
    rows = load(text)["rows"]
    out = []
    for row in rows:
        fixed = {k: v for k, v in row.items() if k in ("no", "stage", "phase", "item", "text", "evidence")}
        stray = [k for k, v in row.items() if k not in fixed and v is None]
        if stray:
            fixed["text"] = ", ".join([str(fixed.get("text", "")), *map(str, stray)])
        out.append(fixed)
    return out
