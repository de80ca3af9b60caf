"""Required literals of a regular expression: a set of strings one of which every match must
contain. The engine uses them to run a regex only on the sentences that could match, instead
of scanning the whole contract with each of several hundred patterns.

Derived from the parsed pattern (``re._parser``): a literal run is required as itself; a
group requires what its content requires; an alternation requires the union of its branches;
a repeat with a minimum of one requires what its body requires; anything else (classes,
optional parts, look-arounds) requires nothing. Of the requirements of a sequence, the most
selective is kept. ``None`` means no usable requirement: the regex scans the whole text.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MAX_ALTERNATIVES = 40

Req = frozenset[str] | None


def _cost(req: Req) -> float:
    """Lower is more selective: few alternatives, long literals."""
    if not req:
        return float("inf")
    shortest = min(len(s) for s in req)
    return len(req) / (shortest**1.5)


def _best(a: Req, b: Req) -> Req:
    return a if _cost(a) <= _cost(b) else b


def _seq(items) -> Req:
    best: Req = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best, run
        if run:
            best = _best(best, frozenset(["".join(run)]))
            run = []

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        best = _best(best, _node(op, av))
    close_run()
    return best


def _node(op, av) -> Req:
    if op is C.SUBPATTERN:
        return _seq(av[-1])
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            r = _seq(branch)
            if not r:
                return None
            out |= r
            if len(out) > MAX_ALTERNATIVES:
                return None
        return frozenset(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, _hi, body = av
        return _seq(body) if lo >= 1 else None
    if op is C.IN and len(av) <= 8 and all(o is C.LITERAL for o, _ in av):
        return frozenset(chr(v) for _, v in av)
    return None


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern we cannot analyse simply scans everything
        return None
    req = _seq(list(parsed))
    if not req or any(not s for s in req):
        return None
    return req
