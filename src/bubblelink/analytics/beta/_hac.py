"""OLS with Newey–West (HAC) covariance: statsmodels, behind the checks every beta here needs.

The fit is computed with statsmodels' own building blocks (``pinv_extended``,
``S_hac_simple``, ``weights_bartlett``, ``_HCCM2``) in the order
``OLS(y, x).fit(cov_type="HAC")`` calls them, without building the model and results
objects around them: the same numbers to the last bit (``tests/analytics/beta/
test_hac.py`` compares them over random designs), and faster for the small rolling
windows that call it hundreds of times (``bench/bench_hac.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.sandwich_covariance import _HCCM2, S_hac_simple, weights_bartlett
from statsmodels.tools.tools import pinv_extended

from bubblelink.errors import DataError


def newey_west_lags(n_obs: int) -> int:
    r"""Default HAC truncation lag, :math:`L = \lfloor 4 (n/100)^{2/9} \rfloor`.

    The Newey & West (1994) plug-in rule for the Bartlett kernel, also statsmodels'
    default in ``S_hac_simple``; 7 lags for ~2,000 daily observations.
    """
    return math.floor(4.0 * (n_obs / 100.0) ** (2.0 / 9.0))


@dataclass(frozen=True)
class HacFit:
    r"""Raw output of :func:`hac_ols` (numpy arrays; wrapped by the result classes).

    Attributes
    ----------
    params
        :math:`\hat\beta`, one per column of ``x``.
    cov
        Newey–West covariance of ``params``.
    resid
        Residuals :math:`y - X\hat\beta`.
    r_squared
        Centred :math:`R^2 = 1 - \mathrm{SSR} / \sum (y - \bar y)^2`.
    n_obs
        Rows used.
    lags
        HAC truncation lag used.
    """

    params: np.ndarray
    cov: np.ndarray
    resid: np.ndarray
    r_squared: float
    n_obs: int
    lags: int

    @property
    def std_errors(self) -> np.ndarray:
        """Square roots of the diagonal of the HAC covariance."""
        return np.sqrt(np.diag(self.cov))


def hac_ols(y: np.ndarray, x: np.ndarray, lags: int | None = None) -> HacFit:
    r"""OLS of ``y`` on the columns of ``x`` with a Newey–West covariance.

    .. math::

        \hat\beta = (X'X)^{-1} X'y, \qquad
        \hat V = (X'X)^{-1} \hat S (X'X)^{-1}, \\
        \hat S = \sum_t g_t g_t' + \sum_{j=1}^{L} \Bigl(1 - \frac{j}{L+1}\Bigr)
                 \sum_{t>j} (g_t g_{t-j}' + g_{t-j} g_t'), \quad g_t = x_t \hat e_t

    Bartlett weights, no small-sample (n/(n-k)) correction (Newey & West, 1987),
    as statsmodels' ``OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": L})`` computes
    it (its pseudo-inverse, its kernel sum and its sandwich, called directly; bit-equal).
    ``lags=None`` uses :func:`newey_west_lags`; ``lags=0`` gives White's HC0. Rows must
    be consecutive observations in time order (the lags are row lags).

    ``R^2`` is the centred one, :math:`1 - \mathrm{SSR}/\sum (y - \bar y)^2`, whether
    ``x`` holds an explicit constant or regime constants summing to one; ``x`` is
    expected to contain one of the two.

    Raises
    ------
    DataError
        A negative lag, a lag not smaller than the number of rows, a constant ``y``, or
        collinear regressors (statsmodels would silently use a pseudo-inverse).
    """
    n_obs, n_params = x.shape
    if lags is None:
        lags = newey_west_lags(n_obs)
    if lags < 0:
        raise DataError(f"the HAC lag must be 0 or more, got {lags}")
    if lags >= n_obs:
        raise DataError(f"the HAC lag {lags} must be smaller than the {n_obs} observations")
    if n_obs and np.ptp(y) == 0:  # found by the property tests: R² divided by zero
        raise DataError(
            f"the target is constant over the {n_obs} observations used; its R² and "
            "p-values are undefined: check the series or the date range"
        )
    if np.linalg.matrix_rank(x.T @ x) < n_params:
        raise DataError(
            "the regressors are collinear (a regime without variation in the market?): "
            "check the series or the date range"
        )
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    # statsmodels' OLS.fit(method="pinv") then cov_hac_simple(use_correction=False)
    pinv_x, _ = pinv_extended(x)
    bread = np.dot(pinv_x, np.transpose(pinv_x))
    params = np.dot(pinv_x, y)
    resid = y - np.dot(x, params)
    meat = S_hac_simple(x * resid[:, None], nlags=lags, weights_func=weights_bartlett)
    # statsmodels' OLS is a WLS with unit weights: its centred TSS is the weighted one
    weights = np.ones(n_obs)
    centred_tss = np.sum(weights * (y - np.average(y, weights=weights)) ** 2)
    return HacFit(
        params=params,
        cov=_HCCM2(bread, meat),
        resid=resid,
        r_squared=1.0 - float(np.dot(resid, resid)) / float(centred_tss),
        n_obs=n_obs,
        lags=lags,
    )
