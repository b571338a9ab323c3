"""Correlation on market stress days against calm days."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import (
    check_not_constant,
    check_positive,
    check_sample_size,
    overlapping,
)
from bubblelink.analytics.beta._ols_beta import ESTIMATE_COLUMNS, MIN_REGRESSION_OBS
from bubblelink.analytics.correlation import fisher_ci, fisher_z_difference
from bubblelink.results import ResultBase

#: Fewest days accepted in the stress (and calm) set: Fisher's z needs n > 3.
MIN_STRESS_OBS = 5


@dataclass(frozen=True)
class StressCorrelationResult(ResultBase):
    """Pearson correlation on stress days and on calm days, and their difference.

    Conditional correlations are biased upwards on high-volatility days even when the
    dependence structure is unchanged (Forbes & Rigobon, 2002); use
    :func:`bubblelink.analytics.contagion.forbes_rigobon` for the adjusted comparison.
    """

    asset: str
    market: str
    k: float
    market_sigma: float
    threshold: float
    stress_corr: float
    n_stress: int
    calm_corr: float
    n_calm: int
    difference: float
    difference_z: float
    difference_p: float
    confidence: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """Rows stress_corr, calm_corr (Fisher-z CIs) and stress_minus_calm (z-test p).

        Correlations carry no symmetric standard error, so ``std_error`` is empty.
        """
        nan = float("nan")
        rows = []
        for name, r, n in (
            ("stress_corr", self.stress_corr, self.n_stress),
            ("calm_corr", self.calm_corr, self.n_calm),
        ):
            low, high = fisher_ci(r, n, "pearson", self.confidence)
            rows.append((name, r, nan, float(low), float(high), nan, n))
        rows.append(
            ("stress_minus_calm", self.difference, nan, nan, nan, self.difference_p,
             self.n_stress + self.n_calm)
        )  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=["statistic", *ESTIMATE_COLUMNS])
        return frame.set_index("statistic")


def stress_correlation(
    asset: pd.Series,
    market: pd.Series,
    k: float = 1.5,
    confidence: float = 0.95,
) -> StressCorrelationResult:
    r"""Correlation of ``asset`` and ``market`` on market stress days vs calm days.

    Stress days are :math:`S = \{t : r_{m,t} < -k\,\sigma_m\}` where :math:`\sigma_m`
    is the full-sample standard deviation of the market (ddof = 1) over the overlapping
    sample, and the threshold is measured from zero, not from the mean (daily means
    are negligible against :math:`\sigma`). Calm days are all the other days. Pearson
    correlations are computed in each set, with Fisher-z intervals
    (:func:`~bubblelink.analytics.correlation.fisher_ci`); the difference is tested with
    Fisher's z, :math:`(\operatorname{atanh} \rho_S - \operatorname{atanh} \rho_C) /
    \sqrt{1/(n_S-3) + 1/(n_C-3)}`
    (:func:`~bubblelink.analytics.correlation.fisher_z_difference`), two-sided, treating
    the sets as independent samples. The stress correlation is not volatility-adjusted
    (see the class note).

    Edge cases
    ----------
    NaNs are dropped pairwise. Fewer than 5 stress or calm days, or a constant series
    within a set, raise :class:`~bubblelink.errors.DataError` naming the counts.
    """
    check_positive(k, "the stress multiple k")
    pair = overlapping(asset, market, min_obs=MIN_REGRESSION_OBS)
    name_a, name_m = (str(c) for c in pair.columns)
    check_not_constant(pair[name_m], what=f"market {name_m}")
    a = pair[name_a].to_numpy(dtype=float)
    m = pair[name_m].to_numpy(dtype=float)
    sigma = float(m.std(ddof=1))
    threshold = -k * sigma
    stress = m < threshold
    n_stress, n_calm = int(stress.sum()), int((~stress).sum())
    check_sample_size(
        n_stress,
        MIN_STRESS_OBS,
        f"the stress window of {name_m} (return < -{k:g} sigma = {threshold:.4g}, {len(m)} days)",
        hint="lower --stress-k or use a longer date range",
    )
    check_sample_size(n_calm, MIN_STRESS_OBS, f"the calm days of {name_m}", hint="raise --stress-k")
    corrs = []
    for label, mask in (("stress", stress), ("calm", ~stress)):
        for name, values in ((name_a, a), (name_m, m)):
            check_not_constant(pd.Series(values[mask]), what=f"{name} on {label} days")
        corrs.append(float(np.corrcoef(a[mask], m[mask])[0, 1]))
    stress_corr, calm_corr = corrs
    z = fisher_z_difference(stress_corr, n_stress, calm_corr, n_calm)
    return StressCorrelationResult(
        asset=name_a,
        market=name_m,
        k=float(k),
        market_sigma=sigma,
        threshold=threshold,
        stress_corr=stress_corr,
        n_stress=n_stress,
        calm_corr=calm_corr,
        n_calm=n_calm,
        difference=stress_corr - calm_corr,
        difference_z=z,
        difference_p=float(2.0 * stats.norm.sf(abs(z))),
        confidence=confidence,
    )
