""" "Falls harder": the asset's return on the market's worst days against its beta."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bubblelink.analytics._block_bootstrap import (
    bootstrap_draws,
    default_block_length,
    percentile_interval,
)
from bubblelink.analytics._checks import (
    check_fraction,
    check_not_constant,
    check_sample_size,
    overlapping,
)
from bubblelink.analytics.beta._ols_beta import ESTIMATE_COLUMNS, MIN_REGRESSION_OBS
from bubblelink.results import ResultBase

#: Fewest "worst days" accepted.
MIN_WORST_OBS = 5


@dataclass(frozen=True)
class FallsHarderResult(ResultBase):
    """Mean asset return on the market's worst days vs what the full-sample beta implies.

    ``difference = asset_mean - implied_mean``; negative means the asset fell harder
    on those days than its beta implies. CIs are stationary-bootstrap percentile
    intervals; ``*_std_error`` are bootstrap standard deviations.
    """

    asset: str
    market: str
    worst_pct: float
    n_worst: int
    n: int
    market_cutoff: float
    market_mean: float
    beta: float
    asset_mean: float
    asset_mean_std_error: float
    asset_mean_ci: tuple[float, float]
    implied_mean: float
    difference: float
    difference_std_error: float
    difference_ci: tuple[float, float]
    n_boot: int
    block_length: float
    seed: int
    confidence: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """Rows market_mean, beta, asset_mean, implied_mean, difference."""
        nan = float("nan")
        rows = [
            ("worst_days_market_mean", self.market_mean, nan, nan, nan, nan, self.n_worst),
            ("full_sample_beta", self.beta, nan, nan, nan, nan, self.n),
            ("worst_days_asset_mean", self.asset_mean, self.asset_mean_std_error,
             *self.asset_mean_ci, nan, self.n_worst),
            ("worst_days_beta_implied_mean", self.implied_mean, nan, nan, nan, nan,
             self.n_worst),
            ("worst_days_asset_minus_implied", self.difference, self.difference_std_error,
             *self.difference_ci, nan, self.n_worst),
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=["statistic", *ESTIMATE_COLUMNS])
        return frame.set_index("statistic")


def _worst_days(m: np.ndarray, n_worst: int) -> np.ndarray:
    """Mask of each row's ``n_worst`` lowest values, ties at the cut-off taken in row
    order: the set a stable sort's first ``n_worst`` give, found by a partition (linear
    time; the bootstrap's 2,000 full sorts were most of the beta panel's time)."""
    cutoff = np.partition(m, n_worst - 1, axis=1)[:, n_worst - 1 : n_worst]
    below = m < cutoff
    missing = n_worst - below.sum(axis=1, keepdims=True)  # taken among the ties
    at = m == cutoff
    return below | (at & (np.cumsum(at, axis=1) <= missing))


def _worst_day_stats(a: np.ndarray, m: np.ndarray, n_worst: int) -> tuple[np.ndarray, ...]:
    """Row-wise (beta, market mean, asset mean, implied, difference) for 2-D ``a``, ``m``."""
    m_centred = m - m.mean(axis=1, keepdims=True)
    a_centred = a - a.mean(axis=1, keepdims=True)
    beta = (a_centred * m_centred).sum(axis=1) / (m_centred * m_centred).sum(axis=1)
    worst = _worst_days(m, n_worst)
    market_mean = np.where(worst, m, 0.0).sum(axis=1) / n_worst
    asset_mean = np.where(worst, a, 0.0).sum(axis=1) / n_worst
    implied = beta * market_mean
    return beta, market_mean, asset_mean, implied, asset_mean - implied


def falls_harder(
    asset: pd.Series,
    market: pd.Series,
    worst_pct: float = 10.0,
    n_boot: int = 2000,
    block_length: float | None = None,
    seed: int = 0,
    confidence: float = 0.95,
) -> FallsHarderResult:
    r"""Does the asset fall harder on the market's worst days than its beta implies?

    Let :math:`W` be the :math:`\lfloor n \cdot \mathrm{worst\_pct}/100 \rfloor` days
    with the lowest market returns (ties broken by date order) and :math:`\hat\beta`
    the full-sample OLS slope of the asset on the market. Then

    .. math::

        \bar r_a^W = \frac{1}{|W|} \sum_{t \in W} r_{a,t}, \qquad
        \text{implied} = \hat\beta \, \bar r_m^W, \qquad
        \Delta = \bar r_a^W - \hat\beta \, \bar r_m^W .

    The implied return omits the intercept (the question is the response to the
    market, not drift). :math:`\Delta < 0`: the asset fell harder than its beta says.

    Uncertainty: stationary bootstrap (Politis & Romano, 1994) of the date pairs, with
    mean block length ``block_length`` (default :math:`\mathrm{round}(n^{1/3})`, ~13
    for 2,000 days) because volatility clusters; every resample recomputes
    :math:`\hat\beta`, the worst-day set and :math:`\Delta`. Percentile intervals;
    ``seed`` makes them reproducible.

    Edge cases
    ----------
    NaNs are dropped pairwise. ``worst_pct`` must be in (0, 50]; fewer than 5 worst
    days or a constant market raise :class:`~bubblelink.errors.DataError`.
    """
    check_fraction(worst_pct, "worst_pct (percent of days)", 0.0, 50.0 + 1e-12)
    pair = overlapping(asset, market, min_obs=MIN_REGRESSION_OBS)
    name_a, name_m = (str(c) for c in pair.columns)
    check_not_constant(pair[name_m], what=f"market {name_m}")
    a = pair[name_a].to_numpy(dtype=float)
    m = pair[name_m].to_numpy(dtype=float)
    n = len(m)
    n_worst = int(np.floor(n * worst_pct / 100.0 + 1e-9))
    check_sample_size(
        n_worst,
        MIN_WORST_OBS,
        f"the worst {worst_pct:g}% of {n} {name_m} days",
        hint="raise --worst-pct or use a longer date range",
    )
    beta, market_mean, asset_mean, implied, difference = (
        float(v[0]) for v in _worst_day_stats(a[None, :], m[None, :], n_worst)
    )
    if block_length is None:
        block_length = default_block_length(n)

    def resampled(idx: np.ndarray) -> np.ndarray:
        _, _, asset_w, _, diff_w = _worst_day_stats(a[idx], m[idx], n_worst)
        return np.column_stack([asset_w, diff_w])

    draws = bootstrap_draws(n, n_boot, block_length, seed, resampled)
    boot_asset, boot_diff = draws[:, 0], draws[:, 1]
    return FallsHarderResult(
        asset=name_a,
        market=name_m,
        worst_pct=float(worst_pct),
        n_worst=n_worst,
        n=n,
        market_cutoff=float(np.sort(m, kind="stable")[n_worst - 1]),
        market_mean=market_mean,
        beta=beta,
        asset_mean=asset_mean,
        asset_mean_std_error=float(np.std(boot_asset, ddof=1)),
        asset_mean_ci=percentile_interval(boot_asset, confidence),
        implied_mean=implied,
        difference=difference,
        difference_std_error=float(np.std(boot_diff, ddof=1)),
        difference_ci=percentile_interval(boot_diff, confidence),
        n_boot=n_boot,
        block_length=float(block_length),
        seed=seed,
        confidence=confidence,
    )
