"""``bubblelink store check``: the store's integrity invariants (issue 16).

The checks themselves live with the store (:mod:`bubblelink.store.integrity`, one query
per invariant); this module runs them on a store opened read-only, with the ingest
gate's allowance for future dates (:data:`bubblelink.ingest.DEFAULT_GATES`), and wraps
the outcome in the one envelope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.ingest.validate import DEFAULT_GATES
from bubblelink.results import ResultBase
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, opened
from bubblelink.store.integrity import CheckOutcome, check_store

#: Columns of the check table (equal to the JSON keys of one check).
CHECK_COLUMNS = ["check", "status", "problems", "detail"]


@dataclass(frozen=True)
class StoreCheck(ResultBase):
    """The outcome of every integrity check on one store file."""

    store: str
    checks: tuple[CheckOutcome, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the failed checks."""
        return tuple(c.check for c in self.checks if not c.ok)

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {"check": c.check, "status": c.status, "problems": c.problems, "detail": c.detail}
            for c in self.checks
        ]
        return pd.DataFrame(rows, columns=CHECK_COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "ok": self.ok,
            "failed": list(self.failed),
            "checks": self.to_frame().to_dict(orient="records"),
        }


def store_check(store: StoreLike) -> ServiceResult:
    """Check the store's integrity (``bubblelink store check``).

    Opens the store read-only (waiting for a running writer to commit) and runs every
    check of :data:`bubblelink.store.integrity.CHECK_NAMES`; ``result.ok`` is False when
    any failed, and the notes name the failed checks.
    """
    with opened(store) as st:
        outcome = StoreCheck(
            store=str(st.path), checks=check_store(st, future_days=DEFAULT_GATES.future_days)
        )
    passed = sum(1 for c in outcome.checks if c.status == "ok")
    if outcome.ok:
        title = f"store check {outcome.store}: ok ({passed} of {len(outcome.checks)} checks passed)"
        notes: tuple[str, ...] = ()
    else:
        title = (
            f"store check {outcome.store}: FAILED "
            f"({len(outcome.failed)} of {len(outcome.checks)} checks failed)"
        )
        notes = (f"failed: {', '.join(outcome.failed)}",)
    return ServiceResult("store check", outcome, notes=notes, title=title)
