"""Typed results of the claims check and the forward-looking scorecard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.claims._spec import Target
from bubblelink.results import ResultBase, plain


@dataclass(frozen=True)
class VariantValue:
    """The figure one method variant gave."""

    name: str
    value: float | None
    matches: bool | None
    counts: bool = True
    method: str = ""
    reason: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain form: name, value, matches, counts, method, reason, note."""
        return {k: plain(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True, eq=False)
class ClaimResult(ResultBase):
    """One claim: the claimed figure, the reproduced figures and the verdict.

    Attributes
    ----------
    id, claim
        The claim's id and sentence.
    claimed
        The claimed target (value ± tolerance, or a bound).
    verdict
        ``reproduced``, ``reproduced_only_with``, ``not_reproduced`` or ``not_checkable``.
    statement
        The verdict in one plain sentence (names the variants, the qualifier, the basis).
    value, method
        The default method's figure (None when not computed) and what it is.
    variants
        Every variant's figure.
    matched_variants
        Variants that reproduce the claim (for ``reproduced_only_with``).
    qualifier
        E.g. "point estimate only: ..." when the claimed difference is not significant.
    basis
        ``market data`` or ``recorded source``.
    reason, needs
        Why the claim is not checkable and the data it would need.
    provenance
        Series, source, first/last date, rows, synthetic, for every series used.
    synthetic
        True when any series used is synthetic (the statement then says so).
    details
        Other figures of the default computation (CI, n, p-values, dates).
    notes
        What the reader must know (alignment, adjustments, proxies, the claim's notes).
    """

    id: str
    claim: str
    claimed: Target
    verdict: str
    statement: str
    value: float | None
    method: str
    variants: tuple[VariantValue, ...] = ()
    matched_variants: tuple[str, ...] = ()
    qualifier: str = ""
    basis: str = "market data"
    reason: str = ""
    needs: str = ""
    provenance: tuple[Mapping[str, Any], ...] = ()
    synthetic: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per method (default first): id, method, value, matches, counts, verdict."""
        rows = [
            {
                "id": self.id,
                "method": f"default: {self.method}" if self.method else "default",
                "value": self.value,
                "claimed": self.claimed.describe(),
                "matches": None
                if self.value is None
                else self.claimed.matches(self.value, self.details),
                "counts": True,
                "verdict": self.verdict,
            }
        ]
        for v in self.variants:
            rows.append(
                {
                    "id": self.id,
                    "method": v.name + ("" if v.counts else " (not counted)"),
                    "value": v.value,
                    "claimed": self.claimed.describe(),
                    "matches": v.matches,
                    "counts": v.counts,
                    "verdict": self.verdict,
                }
            )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON view (the per-claim object of ``bubblelink claims --format json``)."""
        return {
            "id": self.id,
            "claim": self.claim,
            "claimed": self.claimed.to_dict(),
            "verdict": self.verdict,
            "statement": self.statement,
            "value": plain(self.value),
            "method": self.method,
            "variants": [v.to_dict() for v in self.variants],
            "matched_variants": list(self.matched_variants),
            "qualifier": self.qualifier,
            "basis": self.basis,
            "reason": self.reason,
            "needs": self.needs,
            "provenance": plain([dict(p) for p in self.provenance]),
            "synthetic": self.synthetic,
            "details": plain(dict(self.details)),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """``id verdict: statement``."""
        return f"{self.id} {self.verdict}: {self.statement}"


@dataclass(frozen=True, eq=False)
class ClaimsReport(ResultBase):
    """Every claim of a claims file, checked against one store."""

    claims: tuple[ClaimResult, ...]
    source: str = ""
    as_of: pd.Timestamp | None = None
    synthetic: bool = False
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """All claims' method rows, stacked (see :meth:`ClaimResult.to_frame`)."""
        if not self.claims:
            return pd.DataFrame(columns=["id", "method", "value", "claimed", "matches", "verdict"])
        return pd.concat([c.to_frame() for c in self.claims], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """``{source, claims: [one object per claim], notes}``."""
        return {
            "source": self.source,
            "claims": [c.to_dict() for c in self.claims],
            "notes": list(self.notes),
        }

    def verdicts(self) -> dict[str, str]:
        """``{claim id: verdict}``."""
        return {c.id: c.verdict for c in self.claims}

    def get(self, claim_id: str) -> ClaimResult:
        """The result of one claim (KeyError when absent)."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def summary(self) -> str:
        """One line per claim."""
        return "\n".join(c.summary() for c in self.claims)


@dataclass(frozen=True, eq=False)
class ForwardResult(ResultBase):
    """One forward-looking claim scored against the data after publication.

    ``status`` is ``supported``, ``contradicted``, ``open`` or ``inconclusive``; ``evidence`` says what the
    data show to date; ``figures`` holds the numbers behind it.
    """

    id: str
    claim: str
    status: str
    evidence: str
    figures: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    synthetic: bool = False
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row: id, claim, status, evidence."""
        return pd.DataFrame(
            [{"id": self.id, "claim": self.claim, "status": self.status, "evidence": self.evidence}]
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "id": self.id,
            "claim": self.claim,
            "status": self.status,
            "evidence": self.evidence,
            "figures": plain(dict(self.figures)),
            "provenance": plain([dict(p) for p in self.provenance]),
            "synthetic": self.synthetic,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, eq=False)
class Scorecard(ResultBase):
    """The forward-looking claims scored to ``as_of`` (or the end of the data)."""

    entries: tuple[ForwardResult, ...]
    published: pd.Timestamp | None
    as_of: pd.Timestamp | None
    synthetic: bool = False
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per forward claim."""
        if not self.entries:
            return pd.DataFrame(columns=["id", "claim", "status", "evidence"])
        return pd.concat([e.to_frame() for e in self.entries], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """``{published, claims: [one object per forward claim], notes}``."""
        return {
            "published": plain(self.published),
            "claims": [e.to_dict() for e in self.entries],
            "notes": list(self.notes),
        }

    def statuses(self) -> dict[str, str]:
        """``{id: status}``."""
        return {e.id: e.status for e in self.entries}

    def summary(self) -> str:
        """One line per forward claim."""
        return "\n".join(f"{e.id} {e.status}: {e.evidence}" for e in self.entries)
