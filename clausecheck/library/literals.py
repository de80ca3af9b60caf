"""Required literals of a regular expression: a set of strings one of which every match must
contain. Worked out once when the library is loaded (like scancode's index-time analysis); the
engine uses them to run a regex only on the sentences that could match — and to compile only
the regexes a contract can match at all — instead of scanning the whole contract with each of
a thousand patterns.

Derived from the parsed pattern (``re._parser``): a literal run is required as itself; a
group requires what its content requires; an alternation requires the union of its branches;
a repeat with a minimum of one requires what its body requires; anything else (classes,
optional parts, look-arounds) requires nothing. Of the requirements of a sequence, the most
selective is kept. ``None`` means no usable requirement: the regex scans the whole text.
"""

from __future__ import annotations

import re

from clausecheck.library.regex import C

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
    """A run of consecutive literals is one required string; a small class inside a run
    multiplies it (``re`` factors 每年|每季 into 每[年季]: that is {每年, 每季}, not 每)."""
    best: Req = None
    run: list[str] = []

    def close_run() -> None:
        nonlocal best, run
        if run and run != [""]:
            best = _best(best, frozenset(run))
        run = []

    for op, av in items:
        if op is C.LITERAL:
            run = [r + chr(av) for r in run or [""]]
            continue
        chars = _small_class(op, av)
        if chars and len(run or [""]) * len(chars) <= MAX_ALTERNATIVES:
            run = [r + c for r in run or [""] for c in chars]
            continue
        close_run()
        best = _best(best, _node(op, av))
    close_run()
    return best


def _small_class(op, av) -> list[str] | None:
    if op is C.IN and len(av) <= 8 and all(o is C.LITERAL for o, _ in av):
        return [chr(v) for _, v in av]
    return None


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
    chars = _small_class(op, av)
    return frozenset(chars) if chars else None


def required_literals(tree) -> frozenset[str] | None:
    """For a tree from :func:`clausecheck.library.regex.parse`."""
    if tree.state.flags & re.IGNORECASE:
        return None
    req = _seq(list(tree))
    if not req or any(not s for s in req):
        return None
    return req
