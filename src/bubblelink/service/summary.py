"""The short linkage summary: how tightly BTC is bound to each AI/tech asset right now.

For each asset: the latest 30- and 90-session Pearson correlation of daily log returns
(with Fisher-z 95% intervals), the full-window OLS beta of BTC on the asset (HAC
standard error), and BTC's downside and upside beta (market return below/above zero).
Everything is computed by the analytics modules; this module only composes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.beta import asymmetric_beta, ols_beta
from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.results import ResultBase
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import SummaryParams


@dataclass(frozen=True)
class LinkageRow:
    """BTC against one asset."""

    asset: str
    corr30: float
    corr30_ci_low: float
    corr30_ci_high: float
    corr90: float
    corr90_ci_low: float
    corr90_ci_high: float
    beta: float
    beta_std_error: float
    downside_beta: float
    upside_beta: float
    n: int


@dataclass(frozen=True)
class LinkageSummary(ResultBase):
    """BTC's current linkage to a list of assets (see the module docstring)."""

    target: str
    start: pd.Timestamp
    rows: tuple[LinkageRow, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([r.__dict__ for r in self.rows])
        return frame.set_index("asset")

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["rows"] = [r.__dict__ for r in self.rows]
        return out


def linkage_summary(
    store: StoreLike, params: SummaryParams | None = None, **kw: Any
) -> ServiceResult:
    """Correlations (30/90 sessions) and betas of ``target`` against each asset.

    ``against`` assets missing from the store are skipped with a note; the betas are
    estimated over the ``years`` ending at the last common session (as of ``as_of``).
    """
    p = params or SummaryParams.build(**kw)
    with store_data(store, p.as_of) as data:
        target = data.check([p.target])[0]
        present = [a for a in p.against if data.has(a)]
        notes = [f"{a} is not in the store: skipped" for a in p.against if not data.has(a)]
        rf = data.returns([target, *present], calendar="equity")
        present = [c for c in rf.returns.columns if c != target]
        returns = rf.returns.dropna(how="all")
        last = returns[[target, *present]].dropna().index.max()
        start = last - pd.DateOffset(days=int(365.25 * p.years))
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
                    corr30_ci_low=c30.ci_low,
                    corr30_ci_high=c30.ci_high,
                    corr90=c90.value,
                    corr90_ci_low=c90.ci_low,
                    corr90_ci_high=c90.ci_high,
                    beta=beta.beta,
                    beta_std_error=beta.beta_std_error,
                    downside_beta=asym.downside_beta,
                    upside_beta=asym.upside_beta,
                    n=beta.n,
                )
            )
        summary = LinkageSummary(
            target=target,
            start=start,
            rows=tuple(rows),
            notes=(f"betas over {start.date()}..{last.date()} (HAC s.e.)", *notes),
        )
        title = f"{target} linkage as of {last.date()} (daily log returns)"
        return answer("summary", summary, data, rf.notes, as_of=last, title=title)
