"""Loading the clause library: YAML files in, validated :class:`Requirement` objects out.

The library is data (``clause_library/<id>.yaml``, one file per requirement, plus
``_library.yaml`` for the order and ``_vocabulary.yaml`` for shared pattern pieces). Overlay
folders given with ``--library`` add requirements or replace them by id, so a firm can keep
its own playbook without forking ours.
"""

from __future__ import annotations

import gc
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from clausecheck.errors import LibraryError
from clausecheck.library import cache
from clausecheck.library.literals import required_literals
from clausecheck.library.regex import compiled, parse, program, use_programs
from clausecheck.library.schema import SCOPE_FLAGS, Problems, validate_requirement

PATTERN_KINDS = ("regex", "phrases", "tokens", "fuzzy")
#: libyaml's safe loader when PyYAML was built with it (10x faster), else the Python one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MACRO = re.compile(r"\{([a-z_]+)(?::(\d+))?\}")
_GAP_DEFAULT = 30


@dataclass(frozen=True)
class Pattern:
    """One way of finding an element (or a look-alike, a conflict, a topic)."""

    uid: str  # requirement/part/index, unique in the library
    kind: str  # regex | phrases | tokens | fuzzy
    source: str  # the pattern as written (for reports and debugging)
    regex_text: str = ""  # the regex with vocabulary macros expanded
    literals: frozenset[str] | None = None  # one of these is in every match (None: unknown)
    phrases: tuple[str, ...] = ()
    tokens: tuple[dict[str, Any], ...] = ()
    fuzzy_text: str = ""
    fuzzy_keys: tuple[str, ...] = ()
    fuzzy_min: int = 85
    lang: str = "any"
    heading_text: str = ""  # a regex the sentence's heading must match, expanded
    score: int | None = None
    reason: str = ""
    scope: str = "clause"  # for look-alikes: clause | sentence | span

    @property
    def regex(self) -> re.Pattern[str] | None:
        """Compiled on first use (see :mod:`clausecheck.library.regex`)."""
        return compiled(self.regex_text) if self.regex_text else None

    @property
    def heading(self) -> re.Pattern[str] | None:
        return compiled(self.heading_text) if self.heading_text else None


@dataclass(frozen=True)
class Element:
    id: str
    text: str
    find: tuple[Pattern, ...]
    applies: dict[str, Any] = field(default_factory=dict)
    optional: bool = False


@dataclass(frozen=True)
class Requirement:
    id: str
    citations: tuple[str, ...]
    title_zh: str
    title_en: str
    strength: str
    applies: dict[str, Any]
    elements: tuple[Element, ...]
    headings: tuple[str, ...] = ()
    topic: tuple[Pattern, ...] = ()
    lookalikes: tuple[Pattern, ...] = ()
    conflicts: tuple[Pattern, ...] = ()
    suggestion_zh: str = ""
    suggestion_en: str = ""
    checklist: tuple[int, ...] = ()
    examples: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""

    @property
    def citation(self) -> str:
        return ", ".join(self.citations)

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def suggestion(self, lang: str = "zh") -> str:
        return self.suggestion_zh if lang == "zh" else self.suggestion_en


@dataclass
class Library:
    requirements: dict[str, Requirement]
    vocabulary: dict[str, str]
    scope: dict[str, tuple[Pattern, ...]]  # scope flag -> patterns whose hit sets it
    version: str  # hash of every file's content: a change anywhere means re-check
    sources: list[str]

    def __iter__(self):
        return iter(self.requirements.values())

    def __len__(self) -> int:
        return len(self.requirements)

    def get(self, rid: str) -> Requirement:
        return self.requirements[rid]

    def patterns(self):
        """Every pattern: elements', topics', look-alikes', conflicts' and the scope flags'."""
        for req in self:
            for el in req.elements:
                yield from el.find
            yield from req.topic
            yield from req.lookalikes
            yield from req.conflicts
        for flag_patterns in self.scope.values():
            yield from flag_patterns

    def regex_texts(self) -> set[str]:
        """Every regex the patterns use (their own and their heading conditions)."""
        return {t for p in self.patterns() for t in (p.regex_text, p.heading_text) if t}


def builtin_library_dir() -> Path:
    """The bundled library: inside the installed package, or the source tree's folder."""
    import clausecheck

    pkg = Path(clausecheck.__file__).parent
    for candidate in (pkg / "clause_library", pkg.parent / "clause_library"):
        if (candidate / "_library.yaml").is_file():
            return candidate
    raise LibraryError([f"{pkg}: the bundled clause library is missing (reinstall clausecheck)"])


def expand_macros(text: str, vocabulary: dict[str, str]) -> str:
    """Replace ``{name}`` with the vocabulary entry and ``{gap}`` / ``{gap:N}`` with a lazy run
    of at most N characters that does not cross a sentence end."""

    def sub(m: re.Match[str]) -> str:
        name, num = m.group(1), m.group(2)
        if name == "gap":
            return f"[^。!?\\n]{{0,{int(num) if num else _GAP_DEFAULT}}}?"
        if name not in vocabulary:
            raise KeyError(f"unknown vocabulary name {{{name}}}")
        return f"(?:{vocabulary[name]})"

    return _MACRO.sub(sub, text)


def resolve_vocabulary(vocab: dict[str, str]) -> dict[str, str]:
    """Expand entries that use other entries ({vendor} = {vendor_zh}|{vendor_en}).
    Entries are spliced in flat (no extra group) so an alternation stays one flat list."""
    out = dict(vocab)
    for _ in range(5):
        changed = False
        for name, value in out.items():
            new = _MACRO.sub(lambda m: out[m.group(1)] if m.group(1) in out and m.group(1) != "gap" else m.group(0), value)
            if new != value:
                out[name] = new
                changed = True
        if not changed:
            return out
    raise KeyError("vocabulary entries refer to each other in a cycle")


def _pattern(uid: str, raw: dict[str, Any], vocab: dict[str, str]) -> Pattern:
    kind = next(k for k in PATTERN_KINDS if k in raw)
    heading = raw.get("heading")
    common: dict[str, Any] = {
        "uid": uid,
        "kind": kind,
        "source": str(raw[kind]),
        "lang": raw.get("lang", "any"),
        "heading_text": _parsed(expand_macros(heading, vocab)) if heading else "",
        "score": raw.get("score"),
        "reason": raw.get("reason", ""),
        "scope": raw.get("scope", "clause"),
    }
    if kind == "regex":
        text = expand_macros(raw["regex"], vocab)
        return Pattern(regex_text=text, literals=required_literals(parse(text)), **common)
    if kind == "phrases":
        from clausecheck.normalize import normalize

        return Pattern(phrases=tuple(normalize(p).text for p in raw["phrases"]), **common)
    if kind == "tokens":
        return Pattern(tokens=tuple(raw["tokens"]), **common)
    from clausecheck.normalize import normalize

    fz = raw["fuzzy"]
    return Pattern(
        fuzzy_text=normalize(fz["text"]).text,
        fuzzy_keys=tuple(normalize(k).text for k in fz.get("keys", [])),
        fuzzy_min=int(fz.get("min", 85)),
        **common,
    )


def _parsed(text: str) -> str:
    """``text`` once it parses as a regex (raises ``re.error`` otherwise)."""
    parse(text)
    return text


def _requirement(data: dict[str, Any], source: str, vocab: dict[str, str]) -> Requirement:
    from clausecheck.normalize import normalize

    rid = data["id"]

    def patterns(part: str, items: list[dict[str, Any]] | None) -> tuple[Pattern, ...]:
        return tuple(_pattern(f"{rid}/{part}/{i}", raw, vocab) for i, raw in enumerate(items or []))

    citations = data["citation"]
    return Requirement(
        id=rid,
        citations=tuple(citations if isinstance(citations, list) else [citations]),
        title_zh=data["title"]["zh"],
        title_en=data["title"]["en"],
        strength=data["strength"],
        applies=dict(data.get("applies") or {}),
        elements=tuple(
            Element(
                id=e["id"],
                text=e["text"],
                find=patterns(e["id"], e["find"]),
                applies=dict(e.get("applies") or {}),
                optional=bool(e.get("optional", False)),
            )
            for e in data["elements"]
        ),
        headings=tuple(normalize(h).text for h in data.get("headings") or ()),
        topic=patterns("topic", data.get("topic")),
        lookalikes=patterns("lookalike", data.get("lookalikes")),
        conflicts=patterns("conflict", data.get("conflicts")),
        suggestion_zh=data["suggestion"]["zh"],
        suggestion_en=data["suggestion"]["en"],
        checklist=tuple(data.get("checklist") or ()),
        examples={k: list(v or []) for k, v in (data.get("examples") or {}).items()},
        source=source,
    )


def _read_yaml(path: Path, problems: list[str]) -> tuple[yaml.Node | None, str]:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.compose(text, Loader=_FAST_LOADER), text
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        problems.append(f"{path}: cannot be read as YAML: {exc}")
        return None, ""


def load_library(extra: list[str | Path] | tuple[str | Path, ...] = (), base: Path | None = None) -> Library:
    """Load the bundled library, then each overlay folder (or file) in ``extra`` in order."""
    base = base or builtin_library_dir()
    return _load((str(base), *map(str, extra)))


@contextmanager
def _gc_paused():
    """Loading creates some hundred thousand objects that all live on and form no cycles; with
    a big heap already there (spaCy's) the collector's passes over them cost a third of the
    load time for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=8)
def _load(folders: tuple[str, ...]) -> Library:
    """From the cache when the files are unchanged (see :mod:`clausecheck.library.cache`)."""
    k = cache.key(folders)
    with _gc_paused():
        hit = cache.read(k)
        if hit is not None:
            library, programs = hit
            use_programs(programs)
            return library
        library = _read_library(folders)
    if cache.cache_dir() is not None:
        programs = {t: prog for t in library.regex_texts() if (prog := program(t)) is not None}
        use_programs(programs)
        cache.write(k, library, programs)
    return library


def _read_library(folders: tuple[str, ...]) -> Library:
    problems: list[str] = []
    digest = hashlib.sha256()
    vocab: dict[str, str] = {}
    order: list[str] = []
    scope_raw: dict[str, Any] = {}
    files: list[Path] = []
    for folder in map(Path, folders):
        if folder.is_file():
            files.append(folder)
            continue
        if not folder.is_dir():
            problems.append(f"{folder}: library folder not found")
            continue
        meta = folder / "_library.yaml"
        if meta.is_file():
            data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
            digest.update(meta.read_bytes())
            order.extend(i for i in data.get("order", []) if i not in order)
        vfile = folder / "_vocabulary.yaml"
        if vfile.is_file():
            digest.update(vfile.read_bytes())
            vocab.update(yaml.safe_load(vfile.read_text(encoding="utf-8")) or {})
        sfile = folder / "_scope.yaml"
        if sfile.is_file():
            digest.update(sfile.read_bytes())
            scope_raw.update(yaml.safe_load(sfile.read_text(encoding="utf-8")) or {})
        files.extend(sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_")))

    try:
        vocab = resolve_vocabulary(vocab)
    except KeyError as exc:
        problems.append(f"_vocabulary.yaml: {exc}")
    requirements: dict[str, Requirement] = {}
    for path in files:
        node, text = _read_yaml(path, problems)
        if node is None:
            continue
        digest.update(text.encode("utf-8"))
        p = Problems(str(path))

        def expand(s: str) -> str:
            return expand_macros(s, vocab)

        validate_requirement(node, p, expand=expand)
        if p.items:
            problems.extend(p.items)
            continue
        data = yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
        if data["id"] != path.stem:
            p.add(node, f"id '{data['id']}' does not match the file name '{path.stem}'")
            problems.extend(p.items)
            continue
        try:
            requirements[data["id"]] = _requirement(data, str(path), vocab)
        except (re.error, KeyError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
    scope: dict[str, tuple[Pattern, ...]] = {}
    for flag, items in scope_raw.items():
        if flag not in SCOPE_FLAGS or not isinstance(items, list):
            problems.append(f"_scope.yaml: '{flag}' must be a scope flag ({', '.join(SCOPE_FLAGS)}) "
                            "with a list of patterns")
            continue
        try:
            scope[flag] = tuple(_pattern(f"_scope/{flag}/{i}", raw, vocab) for i, raw in enumerate(items))
        except (re.error, KeyError, StopIteration, TypeError) as exc:
            problems.append(f"_scope.yaml: {flag}: invalid pattern: {exc}")
    parse.cache_clear()  # the trees served validation and the literal analysis; drop them
    if problems:
        raise LibraryError(problems)
    ordered = {rid: requirements[rid] for rid in order if rid in requirements}
    ordered.update({rid: r for rid, r in requirements.items() if rid not in ordered})
    return Library(
        requirements=ordered,
        vocabulary=vocab,
        scope=scope,
        version=digest.hexdigest()[:16],
        sources=list(folders),
    )
