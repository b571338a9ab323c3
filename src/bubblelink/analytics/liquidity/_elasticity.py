"""Rolling elasticity of BTC to liquidity: log-log regression with Newey–West errors."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_window, overlapping
from bubblelink.analytics.beta import hac_ols, newey_west_lags
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class ElasticityResult(ResultBase):
    """Full-sample and rolling elasticity of BTC's price to a liquidity aggregate.

    Attributes
    ----------
    asset, liquidity : str
        Names of the regressand (BTC) and the regressor (e.g. ``M2SL``).
    elasticity, std_error, ci_low, ci_high, p_value, r_squared : float
        Full-sample slope of ``log BTC`` on ``log liquidity`` with Newey–West errors.
    n, hac_lags : int
    rolling : DataFrame
        Index ``date`` (window end); columns ``elasticity``, ``std_error``, ``ci_low``,
        ``ci_high``, ``r_squared``.
    window : int
        Observations per rolling window.
    notes : tuple of str
    """

    asset: str
    liquidity: str
    elasticity: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    r_squared: float
    n: int
    hac_lags: int
    rolling: pd.DataFrame
    window: int
    start: pd.Timestamp
    end: pd.Timestamp
    confidence: float = 0.95
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The rolling table."""
        return self.rolling

    def summary(self) -> str:
        """One line with the full-sample elasticity and its interval."""
        return (
            f"elasticity of {self.asset} to {self.liquidity}: {self.elasticity:.3f} "
            f"(NW se {self.std_error:.3f}, {self.confidence:.0%} CI {self.ci_low:.3f}.."
            f"{self.ci_high:.3f}, R² {self.r_squared:.3f}, n={self.n}, lags={self.hac_lags})"
        )


def liquidity_elasticity(
    asset: pd.Series,
    liquidity: pd.Series,
    window: int = 104,
    lags: int | None = None,
    confidence: float = 0.95,
) -> ElasticityResult:
    r"""Regress :math:`\log P_t` on :math:`\log L_t` (full sample and rolling windows).

    .. math::

        \log P_t = \alpha + \varepsilon_L \log L_t + u_t, \qquad
        \hat V_{NW} \text{ (Bartlett kernel, } L = \lfloor 4 (n/100)^{2/9} \rfloor)

    :math:`\varepsilon_L` is the elasticity: +1% liquidity goes with
    :math:`\varepsilon_L`% on BTC. Standard errors are Newey & West (1987) (the
    project's :func:`~bubblelink.analytics.beta.hac_ols`, identical to statsmodels
    ``cov_type="HAC"``), because :math:`u_t` is strongly autocorrelated.

    Caveat: both series are trending (I(1)); unless they are cointegrated
    (:func:`cointegration_tests`) a levels regression can be spurious (Granger &
    Newbold, 1974) and its t-statistic is not a valid test even with HAC errors. The
    result says so in its notes; read the growth correlations alongside.

    Parameters
    ----------
    asset, liquidity : Series
        Positive levels on the same dates (weekly, liquidity as known at each date).
    window : int
        Observations per rolling window (104 weeks = 2 years).
    lags : int, optional
        HAC lag; default the Newey–West rule per sample (full and each window).
    confidence : float

    Raises
    ------
    DataError
        Non-positive values, fewer than ``window`` overlapping observations.
    """
    pair = overlapping(asset, liquidity, min_obs=max(window, 10))
    name_a, name_l = (str(c) for c in pair.columns)
    if (pair <= 0).to_numpy().any():
        raise DataError(f"{name_a} and {name_l} must be positive levels to take logs")
    check_window(len(pair), window, f"{name_a} vs {name_l}")
    y = np.log(pair[name_a].to_numpy(dtype=float))
    x = np.column_stack([np.ones(len(pair)), np.log(pair[name_l].to_numpy(dtype=float))])
    z = stats.norm.ppf(0.5 + confidence / 2.0)
    fit = hac_ols(y, x, lags=lags)
    slope, se = float(fit.params[1]), float(fit.std_errors[1])
    rows = np.full((len(pair), 5), np.nan)
    window_lags = lags if lags is not None else newey_west_lags(window)
    for end in range(window, len(pair) + 1):
        xs = x[end - window : end]
        if np.ptp(xs[:, 1]) == 0:
            continue
        w = hac_ols(y[end - window : end], xs, lags=window_lags)
        b, s = float(w.params[1]), float(w.std_errors[1])
        rows[end - 1] = (b, s, b - z * s, b + z * s, w.r_squared)
    rolling = pd.DataFrame(
        rows,
        index=pair.index.rename("date"),
        columns=["elasticity", "std_error", "ci_low", "ci_high", "r_squared"],
    )
    notes = (
        "levels regression of trending series: valid inference only if the series are "
        "cointegrated (see the cointegration tests)",
    )
    return ElasticityResult(
        asset=name_a,
        liquidity=name_l,
        elasticity=slope,
        std_error=se,
        ci_low=slope - z * se,
        ci_high=slope + z * se,
        p_value=float(2.0 * stats.norm.sf(abs(slope / se))),
        r_squared=fit.r_squared,
        n=fit.n_obs,
        hac_lags=fit.lags,
        rolling=rolling,
        window=window,
        start=pair.index[0],
        end=pair.index[-1],
        confidence=confidence,
        notes=notes,
    )
