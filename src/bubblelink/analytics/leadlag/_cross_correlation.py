"""Cross-correlation of two return series at leads and lags, with null bands."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.tsa.stattools import acf, ccf

from bubblelink.analytics._checks import check_min_obs, check_not_constant, overlapping
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Observations required beyond the largest lag.
MIN_OBS_BEYOND_LAG = 20

SIGN_CONVENTION = "lag k > 0: corr(A[t-k], B[t]), A leads B; k < 0: B leads A"


@dataclasses.dataclass(frozen=True, eq=False)
class CrossCorrelationResult(ResultBase):
    """Cross-correlations ``r_k`` for ``k = -K..K``.

    Attributes
    ----------
    a, b
        Names of the two series (``A`` and ``B`` in the sign convention).
    table
        Index ``lag``; columns ``corr``, ``band`` (``1.96/√n``), ``p_value`` (white-noise
        null), ``bartlett_band`` and ``p_value_bartlett`` (NaN when not requested),
        ``significant`` (outside the Bartlett band when computed, else the plain band).
    n
        Overlapping observations.
    max_lag
        ``K``.
    peak_lag, peak_corr
        Lag with the largest ``|r_k|`` and its value.
    convention
        The sign convention, spelled out.
    notes
        Anything the caller should know (e.g. weekly aggregation).
    """

    a: str
    b: str
    table: pd.DataFrame
    n: int
    max_lag: int
    peak_lag: int
    peak_corr: float
    convention: str
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The per-lag table."""
        return self.table

    def summary(self) -> str:
        """Header, convention and the per-lag table."""
        lines = [
            f"Cross-correlation of {self.a} (A) and {self.b} (B), n={self.n}",
            self.convention,
            f"Peak |r| at lag {self.peak_lag}: {self.peak_corr:.4f}",
            self.table.to_string(float_format=lambda v: f"{v:.4f}"),
        ]
        return "\n".join(lines + [f"Note: {n}" for n in self.notes])


def cross_correlation(
    a: pd.Series,
    b: pd.Series,
    max_lag: int,
    bartlett: bool = True,
    notes: Sequence[str] = (),
) -> CrossCorrelationResult:
    r"""Sample cross-correlation ``r_k = corr(A_{t-k}, B_t)`` for ``k = -K..K``.

    .. math::

        r_k = \frac{\frac1n \sum_t (a_{t-k} - \bar a)(b_t - \bar b)}{s_a s_b},

    with full-sample means and ``1/n`` standard deviations (the usual biased
    estimator), computed by statsmodels: ``r_k = ccf(b, a, adjusted=False)[k]`` for
    ``k ≥ 0`` and ``ccf(a, b, adjusted=False)[-k]`` for ``k < 0``. **Positive lag = A
    leads B.**

    Bands (two-sided 5%): under the null of two independent white noises
    ``r_k ≈ N(0, 1/n)``, band ``1.96/√n``. With ``bartlett=True`` also Bartlett's
    (1946) formula for two independent but autocorrelated series,
    ``Var(r_k) ≈ (1/n)(1 + 2 Σ_{j=1}^{m} ρ_A(j) ρ_B(j))``, truncated at
    ``m = min(n // 4, max(10, K))`` (autocorrelations by statsmodels ``acf``); returns
    are often autocorrelated in squares, less in levels, so the two bands are usually
    close.

    Edge cases: only rows where both are finite are used; fewer than ``K + 20`` such
    rows, ``K < 1``, or a constant series raise :class:`~bubblelink.errors.DataError`.
    """
    if max_lag < 1:
        raise DataError(f"max lag must be at least 1, got {max_lag}")
    pair = overlapping(a, b, min_obs=3)
    name_a, name_b = (str(c) for c in pair.columns)
    check_min_obs(
        len(pair), max_lag + MIN_OBS_BEYOND_LAG, f"{name_a}/{name_b}", f"lags up to {max_lag}"
    )
    check_not_constant(pair.iloc[:, 0], name_a)
    check_not_constant(pair.iloc[:, 1], name_b)
    x = pair.iloc[:, 0].to_numpy(dtype=float)
    y = pair.iloc[:, 1].to_numpy(dtype=float)
    n = x.size
    lags = np.arange(-max_lag, max_lag + 1)
    a_leads = ccf(y, x, adjusted=False, fft=False, nlags=max_lag + 1)  # r_0 .. r_K
    b_leads = ccf(x, y, adjusted=False, fft=False, nlags=max_lag + 1)  # r_0 .. r_-K
    corr = np.concatenate([b_leads[:0:-1], a_leads])
    se = 1.0 / np.sqrt(n)
    crit = float(norm.ppf(0.975))
    table = pd.DataFrame(
        {"corr": corr, "band": crit * se, "p_value": 2 * norm.sf(np.abs(corr) / se)},
        index=pd.Index(lags, name="lag"),
    )
    if bartlett:
        m = min(n // 4, max(10, max_lag))
        rho_a = acf(x, nlags=m, adjusted=False, fft=False)[1:]
        rho_b = acf(y, nlags=m, adjusted=False, fft=False)[1:]
        var = max((1.0 + 2.0 * float(rho_a @ rho_b)) / n, 1e-12)
        table["bartlett_band"] = crit * np.sqrt(var)
        table["p_value_bartlett"] = 2 * norm.sf(np.abs(corr) / np.sqrt(var))
        table["significant"] = np.abs(corr) > table["bartlett_band"]
    else:
        table["bartlett_band"] = np.nan
        table["p_value_bartlett"] = np.nan
        table["significant"] = np.abs(corr) > table["band"]
    peak = int(np.argmax(np.abs(corr)))
    return CrossCorrelationResult(
        a=name_a,
        b=name_b,
        table=table,
        n=n,
        max_lag=max_lag,
        peak_lag=int(lags[peak]),
        peak_corr=float(corr[peak]),
        convention=SIGN_CONVENTION,
        notes=tuple(notes),
    )
