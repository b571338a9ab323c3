"""Claims: does a published narrative's numbers hold up, and did its forecasts?

``claims`` reproduces each numeric claim of a claims file (default: the shipped
December 2025 narrative) from the store as known on ``as_of``, under its default method
and every variant, and gives a verdict; with ``scorecard`` the forward-looking claims
are scored instead. ``fundamentals`` lists the sourced AI-boom figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bubblelink.claims import (
    COMPUTATIONS,
    FORWARD_COMPUTATIONS,
    check_claims,
    load_claims,
    score_forward,
)
from bubblelink.fundamentals import load_fundamentals
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import ClaimsParams


def claims(store: StoreLike, params: ClaimsParams | None = None, **kw: Any) -> ServiceResult:
    """Check a narrative's numeric claims, or score its forecasts (``claims``)."""
    p = params or ClaimsParams.build(**kw)
    parsed = load_claims(
        p.file, computations=COMPUTATIONS, forward_computations=FORWARD_COMPUTATIONS
    )
    with store_data(store, p.as_of) as data:
        if p.scorecard:
            card = score_forward(parsed, data)
            notes = [f"{e.id}: {n}" for e in card.entries for n in e.notes]
            title = (
                f"Forward claims scored from {card.published.date() if card.published else '?'} "
                f"to {card.as_of.date() if card.as_of else 'the end of the data'}"
            )
            return answer("claims-scorecard", card, data, notes, title=title)
        report = check_claims(parsed, data)
        notes = [f"{c.id} {c.verdict}: {c.statement}" for c in report.claims]
        return answer("claims", report, data, notes, title=parsed.title or "Claims")


def warm_up() -> None:
    """Parse and validate the shipped claims files as :func:`claims` does (kept per file
    version, :func:`bubblelink.config.once_per_version`): a server calls this at start-up
    so that its first claims answer does not pay the ~0.2 s of YAML."""
    load_claims(None, computations=COMPUTATIONS, forward_computations=FORWARD_COMPUTATIONS)


def scorecard(store: StoreLike, params: ClaimsParams | None = None, **kw: Any) -> ServiceResult:
    """The forward-claims scorecard (``claims --scorecard``; ``/api/claims/scorecard``)."""
    p = params or ClaimsParams.build(**kw)
    return claims(store, p.model_copy(update={"scorecard": True}))


def fundamentals(file: str | Path | None = None) -> ServiceResult:
    """Sourced AI-boom figures and derived ratios (``fundamentals show``)."""
    result = load_fundamentals(file)
    return ServiceResult(
        "fundamentals",
        result,
        notes=tuple(result.notes),
        title=f"AI-boom fundamentals ({result.source_file})",
    )
