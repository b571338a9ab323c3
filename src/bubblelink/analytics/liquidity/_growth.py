"""Correlation of BTC and liquidity growth rates (YoY, 13-week)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import overlapping
from bubblelink.analytics.correlation import fisher_ci
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Default horizons in weekly observations.
GROWTH_HORIZONS: dict[str, int] = {"yoy": 52, "13w": 13}


def log_growth(levels: pd.Series, periods: int) -> pd.Series:
    r"""Log growth over ``periods`` observations, :math:`g_t = \log(x_t / x_{t-h})`."""
    return np.log(levels.astype(float)).diff(periods)


@dataclass(frozen=True, eq=False)
class GrowthCorrelationResult(ResultBase):
    """Correlations of growth rates, one row per horizon.

    ``table`` columns: ``periods``, ``corr``, ``n`` (overlapping growth observations),
    ``n_effective`` (n / periods, for overlapping windows), ``ci_low``, ``ci_high``.
    """

    asset: str
    liquidity: str
    table: pd.DataFrame
    confidence: float = 0.95
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The per-horizon table."""
        return self.table


def growth_correlation(
    asset: pd.Series,
    liquidity: pd.Series,
    horizons: Mapping[str, int] | None = None,
    confidence: float = 0.95,
) -> GrowthCorrelationResult:
    r"""Pearson correlation of :math:`\log` growth over each horizon.

    For horizon :math:`h`, :math:`r_h = \mathrm{corr}(g^{A}_{t,h}, g^{L}_{t,h})` with
    :math:`g_{t,h} = \log(x_t/x_{t-h})` on all dates where both are defined. Growth
    windows overlap, so consecutive values share :math:`h-1` observations; the interval
    uses Fisher's z with an effective sample size :math:`n/h` (non-overlapping
    windows), which is conservative next to the nominal :math:`n`.

    Raises
    ------
    DataError
        Fewer than ``h + 10`` overlapping observations for a horizon.
    """
    horizons = dict(horizons or GROWTH_HORIZONS)
    pair = overlapping(asset, liquidity, min_obs=3)
    name_a, name_l = (str(c) for c in pair.columns)
    rows = []
    for label, periods in horizons.items():
        ga = log_growth(pair[name_a], periods)
        gl = log_growth(pair[name_l], periods)
        both = pd.concat([ga, gl], axis=1).dropna()
        if len(both) < 10:
            raise DataError(
                f"{name_a} vs {name_l}: only {len(both)} {label} growth observations; "
                "need at least 10: use a longer date range"
            )
        r = float(np.corrcoef(both.iloc[:, 0], both.iloc[:, 1])[0, 1])
        n_eff = max(len(both) / periods, 4.0)
        low, high = fisher_ci(np.array([r]), np.array([n_eff]), "pearson", confidence)
        rows.append((label, periods, r, len(both), n_eff, float(low[0]), float(high[0])))
    table = pd.DataFrame.from_records(
        rows, columns=["horizon", "periods", "corr", "n", "n_effective", "ci_low", "ci_high"]
    ).set_index("horizon")
    return GrowthCorrelationResult(
        asset=name_a,
        liquidity=name_l,
        table=table,
        confidence=confidence,
        notes=("growth windows overlap: intervals use n_effective = n / periods",),
    )
