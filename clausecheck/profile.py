"""Who the contract is for (firm type, tier, foreign group) and what the engagement covers
(scope flags). Together they decide which requirements and elements apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clausecheck.errors import UsageError
from clausecheck.library.schema import SCOPE_FLAGS

FIRM_TYPES = ("fcm", "leverage_dealer", "futures_service")


@dataclass
class Profile:
    firm_type: str = "fcm"
    tier: int = 1
    foreign: bool = False
    #: None means "infer from the text" (``--scope auto``); otherwise every flag is set.
    scope: dict[str, bool] | None = None

    def __post_init__(self) -> None:
        if self.firm_type not in FIRM_TYPES:
            raise UsageError(f"unknown firm type {self.firm_type!r}; use one of {', '.join(FIRM_TYPES)}")
        if self.tier not in (1, 2):
            raise UsageError(f"tier must be 1 or 2, not {self.tier!r}")
        if self.scope is not None:
            unknown = set(self.scope) - set(SCOPE_FLAGS)
            if unknown:
                raise UsageError(
                    f"unknown scope flag(s) {', '.join(sorted(unknown))}; use {', '.join(SCOPE_FLAGS)}"
                )
            self.scope = {f: bool(self.scope.get(f, False)) for f in SCOPE_FLAGS}

    @property
    def is_tier1(self) -> bool:
        return self.firm_type == "fcm" and self.tier == 1

    def to_dict(self) -> dict[str, Any]:
        return {"firm_type": self.firm_type, "tier": self.tier, "foreign": self.foreign}

    def key(self, scope: dict[str, bool] | None = None) -> str:
        """A stable string for caching results (batch store)."""
        flags = scope if scope is not None else self.scope
        s = "auto" if flags is None else ",".join(f for f in SCOPE_FLAGS if flags.get(f))
        return f"{self.firm_type}/tier{self.tier}/{'foreign' if self.foreign else 'local'}/{s or 'none'}"


def parse_scope(value: str) -> dict[str, bool] | None:
    """``auto`` → None (infer); ``none`` → all false; ``a,b`` → exactly those true."""
    value = value.strip()
    if value == "auto":
        return None
    if value in ("none", ""):
        return {f: False for f in SCOPE_FLAGS}
    flags = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [f for f in flags if f not in SCOPE_FLAGS]
    if unknown:
        raise UsageError(f"unknown scope flag(s) {', '.join(unknown)}; use auto, none or {', '.join(SCOPE_FLAGS)}")
    return {f: f in flags for f in SCOPE_FLAGS}


@dataclass
class Applicability:
    """Evaluates ``applies:`` maps against a profile and the effective scope."""

    profile: Profile
    scope: dict[str, bool] = field(default_factory=dict)

    def holds(self, applies: dict[str, Any]) -> bool:
        if applies.get("tier1") and not self.profile.is_tier1:
            return False
        firm_types = applies.get("firm_type")
        if firm_types and self.profile.firm_type not in firm_types:
            return False
        flag = applies.get("scope")
        return not (flag and not self.scope.get(flag, False))

    def why_not(self, applies: dict[str, Any]) -> str:
        if applies.get("tier1") and not self.profile.is_tier1:
            return "applies only to a tier-1 futures commission merchant"
        if applies.get("firm_type") and self.profile.firm_type not in applies["firm_type"]:
            return f"applies only to {', '.join(applies['firm_type'])}"
        if applies.get("scope"):
            return f"applies only when the engagement has scope '{applies['scope']}'"
        return ""
