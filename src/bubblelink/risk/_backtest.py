"""Descriptive study: the risk score against BTC's forward maximum drawdown."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics.performance import max_drawdown
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

LABEL = (
    "DESCRIPTIVE, in-sample, overlapping windows: how the score and BTC's forward "
    "max drawdown moved together historically; not a forecast and not tuned"
)


def forward_max_drawdown(prices: pd.Series, horizon: int = 21) -> pd.Series:
    r"""Worst peak-to-trough loss over the next ``horizon`` observations.

    .. math::

        \mathrm{FMDD}_t = \min_{t < s \le t+h} \left(\frac{P_s}{\max_{t \le u \le s} P_u} - 1\right)

    (0 when the price only rises). NaN for the last ``horizon`` dates.
    """
    p = prices.dropna().to_numpy(dtype=float)
    out = np.full(len(p), np.nan)
    if len(p) > horizon:
        windows = np.lib.stride_tricks.sliding_window_view(p, horizon + 1)
        out[: len(windows)] = np.minimum(0.0, max_drawdown(windows, axis=1))
    return pd.Series(out, index=prices.dropna().index, name=f"fwd_mdd_{horizon}")


@dataclass(frozen=True, eq=False)
class ForwardDrawdownStudy(ResultBase):
    """Score quintiles against BTC's forward max drawdown (descriptive only).

    ``table`` index ``quintile`` (1 = lowest scores); columns ``score_low``,
    ``score_high``, ``n``, ``mean_fwd_mdd``, ``median_fwd_mdd``.
    """

    horizon: int
    n: int
    spearman: float
    pearson: float
    table: pd.DataFrame
    label: str = LABEL
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The quintile table."""
        return self.table


def score_vs_forward_drawdown(
    score: pd.Series, prices: pd.Series, horizon: int = 21, buckets: int = 5
) -> ForwardDrawdownStudy:
    """Correlations and per-quintile averages of the score and the forward drawdown.

    Rows pair the score on date *t* (known at *t*) with BTC's max drawdown over the next
    ``horizon`` sessions. Windows overlap (21-fold), so the correlations are not
    independent draws and no p-value is reported.
    """
    fmdd = forward_max_drawdown(prices, horizon)
    both = pd.concat([score.rename("score"), fmdd.rename("fmdd")], axis=1).dropna()
    if len(both) < 5 * buckets:
        raise DataError(
            f"only {len(both)} dates with both a score and a forward drawdown; need "
            f"{5 * buckets}: use a longer history"
        )
    labels = pd.qcut(both["score"].rank(method="first"), buckets, labels=range(1, buckets + 1))
    grouped = both.groupby(labels, observed=True)
    table = pd.DataFrame(
        {
            "score_low": grouped["score"].min(),
            "score_high": grouped["score"].max(),
            "n": grouped.size(),
            "mean_fwd_mdd": grouped["fmdd"].mean(),
            "median_fwd_mdd": grouped["fmdd"].median(),
        }
    )
    table.index = table.index.astype(int).rename("quintile")
    return ForwardDrawdownStudy(
        horizon=horizon,
        n=len(both),
        spearman=float(stats.spearmanr(both["score"], both["fmdd"]).statistic),
        pearson=float(np.corrcoef(both["score"], both["fmdd"])[0, 1]),
        table=table,
        notes=(LABEL,),
    )
