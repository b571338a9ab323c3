"""Typed results of the claims check and the forward-looking scorecard.

Tables and JSON carry the same names: a claim row's ``sample`` column is the text of the
JSON ``sample`` object (series, first/last date, n, the window asked for, coverage,
price field), ``verdict`` and ``reason`` are the JSON keys of the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.claims._sample import Sample
from bubblelink.claims._spec import Target
from bubblelink.results import ResultBase, plain


def _sample_text(sample: Sample | None) -> str:
    return sample.describe() if sample is not None else ""


@dataclass(frozen=True)
class VariantValue:
    """The figure one method variant gave, its sample, and how it stands (``assessment``:
    see :data:`bubblelink.claims._verdict.ASSESSMENTS`; ``reason`` says why, and why it
    never counts when it is a proxy or illustrative)."""

    name: str
    value: float | None
    matches: bool | None
    counts: bool = True
    method: str = ""
    reason: str = ""
    note: str = ""
    illustrative: bool = False
    assessment: str = ""
    sample: Sample | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain form: name, value, matches, counts, illustrative, assessment, method,
        reason, note, sample."""
        return {
            "name": self.name,
            "value": plain(self.value),
            "matches": self.matches,
            "counts": self.counts,
            "illustrative": self.illustrative,
            "assessment": self.assessment,
            "method": self.method,
            "reason": self.reason,
            "note": self.note,
            "sample": self.sample.to_dict() if self.sample is not None else None,
        }


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
        One of :data:`bubblelink.claims.VERDICTS`.
    statement
        The verdict in one plain sentence (names the variants, the qualifier, the basis).
    reason
        Why this verdict, in one line: the tolerance check, or the sample, noise or
        rounding that makes it inconclusive, or what is missing.
    value, method
        The default method's figure (None when not computed) and what it is.
    sample
        The default figure's sample (:class:`~bubblelink.claims._sample.Sample`).
    variants
        Every variant's figure, sample and assessment.
    matched_variants
        Variants that reproduce the claim (for ``reproduced_only_with``).
    qualifier
        E.g. "point estimate only: ..." when the claimed difference is not significant.
    basis
        ``market data`` or ``recorded source``.
    needs
        The data that would make a ``not_checkable`` claim checkable.
    source
        For a ``recorded source`` claim: the record, its source, the source's date
        (``published``), the retrieval date (``retrieved``) and its status.
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
    sample: Sample | None = None
    source: Mapping[str, Any] | None = None

    def verdict_row(self) -> dict[str, Any]:
        """One row: id, verdict, value, claimed, sample, reason."""
        return {
            "id": self.id,
            "verdict": self.verdict,
            "value": self.value,
            "claimed": self.claimed.describe(),
            "sample": _sample_text(self.sample),
            "reason": self.reason,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per method (default first): id, method, value, claimed, matches,
        counts, sample, verdict (the claim's), reason (the row's own)."""
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
                "sample": _sample_text(self.sample),
                "verdict": self.verdict,
                "reason": self.reason,
            }
        ]
        for v in self.variants:
            tag = " (illustrative)" if v.illustrative else ("" if v.counts else " (not counted)")
            rows.append(
                {
                    "id": self.id,
                    "method": v.name + tag,
                    "value": v.value,
                    "claimed": self.claimed.describe(),
                    "matches": v.matches,
                    "counts": v.counts,
                    "sample": _sample_text(v.sample),
                    "verdict": self.verdict,
                    "reason": v.reason,
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
            "reason": self.reason,
            "statement": self.statement,
            "value": plain(self.value),
            "method": self.method,
            "sample": self.sample.to_dict() if self.sample is not None else None,
            "variants": [v.to_dict() for v in self.variants],
            "matched_variants": list(self.matched_variants),
            "qualifier": self.qualifier,
            "basis": self.basis,
            "needs": self.needs,
            "source": plain(dict(self.source)) if self.source is not None else None,
            "provenance": plain([dict(p) for p in self.provenance]),
            "synthetic": self.synthetic,
            "details": plain(dict(self.details)),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """``id verdict: statement``."""
        return f"{self.id} {self.verdict}: {self.statement}"


#: Columns of the one-row-per-claim table.
VERDICT_COLUMNS = ["id", "verdict", "value", "claimed", "sample", "reason"]
#: Columns of the one-row-per-method table (the CSV).
METHOD_COLUMNS = [
    "id",
    "method",
    "value",
    "claimed",
    "matches",
    "counts",
    "sample",
    "verdict",
    "reason",
]


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
            return pd.DataFrame(columns=METHOD_COLUMNS)
        return pd.concat([c.to_frame() for c in self.claims], ignore_index=True)

    def verdict_frame(self) -> pd.DataFrame:
        """One row per claim: id, verdict, value, claimed, sample, reason."""
        return pd.DataFrame([c.verdict_row() for c in self.claims], columns=VERDICT_COLUMNS)

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The verdicts (one row per claim), then every method (one row per variant)."""
        return [
            ("Claims: verdict, sample and reason", self.verdict_frame()),
            ("Every method and variant", self.to_frame()),
        ]

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

    ``status`` is ``supported``, ``contradicted``, ``open`` or ``inconclusive``;
    ``evidence`` says what the data show to date (and why when inconclusive);
    ``figures`` holds the numbers behind it; ``sample`` the series, the publication
    reference date and the last date the claim was evaluated to (the last date on which
    all of *its own* series have data).
    """

    id: str
    claim: str
    status: str
    evidence: str
    figures: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    synthetic: bool = False
    notes: tuple[str, ...] = ()
    sample: Sample | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row: id, claim, status, sample, evidence."""
        return pd.DataFrame(
            [
                {
                    "id": self.id,
                    "claim": self.claim,
                    "status": self.status,
                    "sample": _sample_text(self.sample),
                    "evidence": self.evidence,
                }
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "id": self.id,
            "claim": self.claim,
            "status": self.status,
            "evidence": self.evidence,
            "sample": self.sample.to_dict() if self.sample is not None else None,
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
            return pd.DataFrame(columns=["id", "claim", "status", "sample", "evidence"])
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
