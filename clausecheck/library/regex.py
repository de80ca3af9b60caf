"""Regular expressions of the library: parsed once when loading, compiled only when used.

Compiling the library's thousand regexes costs three times as much as parsing them, and a
contract only ever needs the few hundred whose required literals it contains (see
:mod:`clausecheck.library.literals`). So loading *parses* each pattern — enough to report a
syntax error with file and line, and the tree the literal analysis reads — and the compiled
form is made the first time a pattern is run, then kept for the process.

Making a compiled pattern is two steps inside ``re``: translating the tree into a program for
the ``_sre`` machine (most of the cost), and handing that program to ``_sre.compile`` (cheap).
The library cache (:mod:`clausecheck.library.cache`) stores the programs next to the loaded
library, keyed by this Python's ``_sre`` version, so a warm process skips the first step too.
Anything unexpected in those internals falls back to plain ``re.compile``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _compiler as _C  # type: ignore[attr-defined]
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _C  # type: ignore[no-redef]
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

try:
    import _sre

    #: Programs are only valid for the ``_sre`` that made them.
    ENGINE_VERSION = f"sre{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another Python implementation
    _sre = None
    ENGINE_VERSION = ""

#: A compiled pattern's program: (flags, code, groups, groupindex, indexgroup).
Program = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_programs: dict[str, Program] = {}


@lru_cache(maxsize=4096)
def parse(text: str):
    """The parsed form of ``text`` (``re`` internals); raises ``re.error`` like ``re.compile``.

    Also rejects what only the compiler would: a look-behind of variable width. Cached so
    that validation and the literal analysis share one parse; the loader clears the cache."""
    tree = P.parse(text, 0)
    if "(?<" in text:
        _check_lookbehind(tree)
    return tree


def _check_lookbehind(items) -> None:
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, body = av
            if direction < 0:
                lo, hi = body.getwidth()
                if lo != hi:
                    raise re.error("look-behind requires fixed-width pattern")
            _check_lookbehind(body)
        elif op is C.SUBPATTERN:
            _check_lookbehind(av[-1])
        elif op is C.BRANCH:
            for branch in av[1]:
                _check_lookbehind(branch)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            _check_lookbehind(av[2])


def program(text: str) -> Program | None:
    """What ``re.compile`` would hand to ``_sre.compile`` for ``text`` (None when this Python
    does not work that way)."""
    if not ENGINE_VERSION:
        return None
    try:
        tree = P.parse(text, 0)
        code = _C._code(tree, 0)
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[Any] = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (int(tree.state.flags), [int(c) for c in code], tree.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - internals changed: re.compile will do
        return None


def use_programs(programs: dict[str, Program]) -> None:
    """Make cached programs available to :func:`compiled` (see the library cache)."""
    _programs.update(programs)


@cache
def compiled(text: str) -> re.Pattern[str]:
    """The compiled regex, from a cached program when there is one; kept for the process
    (``re``'s own cache keeps only 512)."""
    prog = _programs.pop(text, None)
    if prog is not None and _sre is not None:
        flags, code, groups, groupindex, indexgroup = prog
        try:
            return _sre.compile(text, flags, code, groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 - a stale or foreign program: compile normally
            pass
    return re.compile(text)
