"""The short linkage summary: how tightly BTC is bound to each AI/tech asset right now.

For each asset: the latest 30- and 90-session Pearson correlation of daily log returns
(with Fisher-z 95% intervals), the full-window OLS beta of BTC on the asset (HAC
standard error), and BTC's downside and upside beta (market return below/above zero).
Everything is computed by the analytics modules; this module only composes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.analytics._result import ResultBase
from bubblelink.analytics.beta import asymmetric_beta, ols_beta
from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.frames import load_returns
from bubblelink.store import Store
from bubblelink.symbols import AI_BASKET

DEFAULT_AGAINST: tuple[str, ...] = (*AI_BASKET, "^IXIC")


@dataclass(frozen=True)
class LinkageRow:
    """BTC against one asset."""

    asset: str
    corr30: float
    corr30_low: float
    corr30_high: float
    corr90: float
    corr90_low: float
    corr90_high: float
    beta: float
    beta_se: float
    downside_beta: float
    upside_beta: float
    n: int


@dataclass(frozen=True)
class LinkageSummary(ResultBase):
    """BTC's current linkage to a list of assets (see the module docstring)."""

    target: str
    asof: pd.Timestamp
    start: pd.Timestamp
    rows: tuple[LinkageRow, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    synthetic: bool = False

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([r.__dict__ for r in self.rows])
        return frame.set_index("asset")

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["rows"] = [r.__dict__ for r in self.rows]
        return out


def linkage_summary(
    store: Store | str | Path | None = None,
    target: str = "BTC-USD",
    against: Sequence[str] = DEFAULT_AGAINST,
    years: float = 3.0,
    asof: str | pd.Timestamp | None = None,
) -> LinkageSummary:
    """Correlations (30/90 sessions) and betas of ``target`` against each asset.

    Parameters
    ----------
    store : Store or path, optional
    target : str
        The asset whose linkage is measured (BTC-USD).
    against : sequence of str
        Assets to compare with; ones missing from the store are skipped with a note.
    years : float
        Length of the beta estimation window ending at the last common date.
    asof : date-like, optional
        Use only data known on that date.
    """
    st = store if isinstance(store, Store) else Store(store, read_only=True)
    try:
        stored = set(st.series_ids())
        present = [a for a in against if a in stored]
        notes = [f"{a} is not in the store: skipped" for a in against if a not in stored]
        rf = load_returns([target, *present], store=st, calendar="equity", as_of=asof)
    finally:
        if not isinstance(store, Store):
            st.close()
    returns = rf.returns.dropna(how="all")
    last = returns[[target, *present]].dropna().index.max()
    start = last - pd.DateOffset(days=int(365.25 * years))
    window = returns.loc[start:last]
    rows = []
    for asset in present:
        a, b = window[target], window[asset]
        c30 = rolling_correlation(a, b, window=30).point()
        c90 = rolling_correlation(a, b, window=90).point()
        beta = ols_beta(a, b)
        asym = asymmetric_beta(a, b)
        rows.append(
            LinkageRow(
                asset=asset,
                corr30=c30.value,
                corr30_low=c30.ci_low,
                corr30_high=c30.ci_high,
                corr90=c90.value,
                corr90_low=c90.ci_low,
                corr90_high=c90.ci_high,
                beta=beta.beta,
                beta_se=beta.beta_se,
                downside_beta=asym.downside_beta,
                upside_beta=asym.upside_beta,
                n=beta.n,
            )
        )
    notes = [*rf.notes, f"betas over {start.date()}..{last.date()} (HAC s.e.)", *notes]
    return LinkageSummary(
        target=target,
        asof=last,
        start=start,
        rows=tuple(rows),
        notes=tuple(notes),
        synthetic=rf.synthetic,
    )
