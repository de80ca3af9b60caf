"""Who is the firm and who is the vendor, whatever the contract calls them.

Patterns speak of 甲方/乙方 (and customer/supplier), but vendor paper says 本公司 for the
vendor and 客戶 for the firm, and a firm's paper may call itself 本公司 and the vendor 廠商
or a short name. The parties block defines these aliases (「…股份有限公司（以下簡稱「本公司」）」,
``… Limited ("Party A")``, a 客戶名稱 | …期貨股份有限公司 row). Each alias is given a role —
from the label it is defined under, or from the party's name (a futures firm is the firm) —
and its occurrences are rewritten to the canonical word in the matching text only, with the
offset map kept, so evidence still quotes the contract's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausecheck.normalize import Normalized

FIRM, VENDOR = "firm", "vendor"
CANONICAL = {(FIRM, "zh"): "甲方", (VENDOR, "zh"): "乙方", (FIRM, "en"): "customer", (VENDOR, "en"): "supplier"}
_STANDARD = {
    "甲方": FIRM, "委託人": FIRM, "委託方": FIRM, "委任人": FIRM, "customer": FIRM, "the customer": FIRM,
    "the company": FIRM, "client": FIRM,
    "乙方": VENDOR, "受託人": VENDOR, "受託方": VENDOR, "受任人": VENDOR, "供應商": VENDOR, "廠商": VENDOR,
    "supplier": VENDOR, "vendor": VENDOR, "provider": VENDOR, "contractor": VENDOR,
}
#: 使用者 is how OpenCC s2twp renders a mainland contract's 用户.
_FIRM_LABEL = re.compile(r"^(?:甲方|委託人|委託方|客戶|用戶|使用者|訂戶|買方|訂購人|customer|client|party a)")
_VENDOR_LABEL = re.compile(r"^(?:乙方|受託人|受託方|服務提供者|服務提供商|服務商|服務方|供應商|廠商|賣方|承攬人|supplier|vendor|provider|party b)")
#: US-style terms define pronouns as parties: ("Provider", "we", "us" or "our"), ("Customer" or "you").
_PRONOUN_DEF = re.compile(r"\([^()\n]{0,80}?\"(we|us|our|you|your)\"[^()\n]{0,40}?\)")
_PRONOUNS = {"we": ("we", "us", "our"), "you": ("you", "your")}
_FIRM_NAME = re.compile(r"期貨|槓桿交易|投資顧問|futures|leverage")
_ORG = re.compile(r"公司|銀行|事務所|limited|ltd|inc\b|co\.|corporation|llc|b\.v\.|branch|gmbh|plc|pte")
_OPEN_Q, _CLOSE_Q = "「\"“『", "」\"”』"  # 以下簡稱「乙方」, 以下简称“服务商”
_DEF_ZH = re.compile(rf"([^\n:;()。]{{2,60}}?)\((?:[^()\n]{{0,30}}?,)?(?:以下簡稱|以下稱|下稱|以下并稱|簡稱)\s*[{_OPEN_Q}]?"
                     rf"([^{_CLOSE_Q}(),\n]{{1,10}}?)[{_CLOSE_Q}]?\)")
_DEF_EN = re.compile(r"([^\n()]{2,200}?)\(\s*(?:hereinafter(?: referred to as)?\s*|the\s*)?\"([a-z][a-z .]{1,24}?)\"\s*\)")
#: 用户（甲方）：宏瑞期货… / 服务商（乙方）：… — a party's own word with its role beside it.
_ROLE_LABEL = re.compile(r"(?m)^\s*([^\s:()|\d]{1,8})\((甲方|乙方|party a|party b)\)\s*[:|]")
#: OpenCC renders a mainland 用户 as 使用者 or 用戶 depending on the phrase: one alias is both.
_SAME_WORD = {"使用者": "用戶", "用戶": "使用者"}
_LABEL_ROW = re.compile(r"(客戶|用戶|訂戶|委託人|服務提供者|供應商|廠商)(?:名稱)?(?:\s*[:|]\s*|\n)([^\n|]{2,40})")


#: 客戶關係管理, 客戶端, 客戶名稱 and the firm's own 客戶 (its clients: 客戶之帳號, 客戶屬性) are
#: not the party: such compounds are left as written.
_NOT_COMPOUND = r"(?!關係|端|名稱|屬性|群|之(?:交易)?帳號|交易|委託|下單|申訴|服務中心)"


@dataclass(frozen=True)
class Alias:
    alias: str
    role: str
    lang: str
    defined_by: str  # the text that defined it


def _role_of(name: str, line_label: str) -> str | None:
    if _FIRM_LABEL.match(line_label):
        return FIRM
    if _VENDOR_LABEL.match(line_label):
        return VENDOR
    if not _ORG.search(name):
        return None
    return FIRM if _FIRM_NAME.search(name) else VENDOR


def _role_of_label_list(group: str) -> str | None:
    """The role of a definition list such as ("Provider", "we", "us"): from its party word."""
    words = re.findall(r'"([a-z][a-z ]{1,24})"', group)
    for w in words:
        if _FIRM_LABEL.match(w):
            return FIRM
        if _VENDOR_LABEL.match(w):
            return VENDOR
    return None


def find_aliases(text: str) -> list[Alias]:
    """Aliases defined in the first part of the contract (its parties block)."""
    head = text[:6000]
    found: dict[str, Alias] = {}
    for rx, lang in ((_DEF_ZH, "zh"), (_DEF_EN, "en")):
        for m in rx.finditer(head):
            name, alias = m.group(1).strip(), m.group(2).strip()
            if alias in _STANDARD or alias in found:
                continue
            label = name.split(":")[0] if ":" in name else ""
            role = _role_of(name.split(":")[-1], label.strip())
            if role is not None:
                found[alias] = Alias(alias, role, lang, m.group(0).strip())
    for m in _LABEL_ROW.finditer(head):
        label, name = m.group(1), m.group(2)
        role = FIRM if _FIRM_LABEL.match(label) else VENDOR
        if "以下" in name or "下稱" in name or not _ORG.search(name) or (role == FIRM) != bool(_FIRM_NAME.search(name)):
            continue  # a row that defines its own alias, or a name that does not fit the label
        if label in ("客戶", "用戶", "使用者", "訂戶") and label not in found:
            found[label] = Alias(label, role, "zh", m.group(0).strip())
    for m in _ROLE_LABEL.finditer(head):
        alias, role = m.group(1), FIRM if m.group(2) in ("甲方", "party a") else VENDOR
        if alias not in _STANDARD and alias not in found:
            found[alias] = Alias(alias, role, "zh" if not alias.isascii() else "en", m.group(0).strip())
    for alias in list(found):
        twin = _SAME_WORD.get(alias)
        if twin and twin not in found:
            found[twin] = Alias(twin, found[alias].role, "zh", found[alias].defined_by)
    for m in _PRONOUN_DEF.finditer(head):
        group = m.group(0)
        role = _role_of_label_list(group)
        word = "we" if m.group(1) in _PRONOUNS["we"] else "you"
        if role is None:
            role = VENDOR if word == "we" else FIRM
        for pronoun in _PRONOUNS[word]:
            found.setdefault(pronoun, Alias(pronoun, role, "en", group))
    # Vendor terms say 本公司 of the vendor when the firm is their 客戶.
    if "本公司" not in found and any(a.alias in ("客戶", "用戶", "使用者", "訂戶") and a.role == FIRM
                                     for a in found.values()) \
            and text.count("本公司") >= 3:
        found["本公司"] = Alias("本公司", VENDOR, "zh", "本公司 in terms whose 客戶 is the firm")
    return list(found.values())


def rewrite(norm: Normalized, aliases: list[Alias]) -> Normalized:
    """Replace each alias with its canonical party word, keeping the map to the original."""
    if not aliases:
        return norm
    by_len = sorted(aliases, key=lambda a: -len(a.alias))
    rx = re.compile("|".join(
        (r"\b" + re.escape(a.alias) + r"\b") if a.lang == "en" else re.escape(a.alias) + _NOT_COMPOUND
        for a in by_len
    ))
    table = {a.alias: CANONICAL[(a.role, a.lang)] for a in aliases}
    text, index = norm.text, norm.index
    out: list[str] = []
    out_index: list[int] = []
    pos = 0
    for m in rx.finditer(text):
        if m.group() not in table:
            continue
        out.append(text[pos : m.start()])
        out_index.extend(index[pos : m.start()])
        rep = table[m.group()]
        span = index[m.start() : m.end()]
        out.append(rep)
        # first to first and last to last, so evidence spans the alias whole (本公司 → 乙方)
        last = max(len(rep) - 1, 1)
        out_index.extend(span[round(i * (len(span) - 1) / last)] for i in range(len(rep)))
        pos = m.end()
    out.append(text[pos:])
    out_index.extend(index[pos : len(text)])
    out_index.append(index[len(text)])
    return Normalized("".join(out), tuple(out_index))
