"""VAR(p) estimation for the spillover estimators: lag choice, statsmodels fit, fast OLS.

Lag selection and the full-sample fit are statsmodels' ``VAR``. The rolling index
refits a small VAR in every window (2,301 windows for 2,500 days and a 200-day window),
where statsmodels' per-fit overhead dominates: :func:`ols_var` is the same least-squares
estimator in a few numpy lines, kept because ``bench/bench_spillover.py`` measures it
about 10x faster on that workload (figures in the README), and tested equal to
``VAR.fit`` (coefficients and ``Σ_u``) in ``tests/analytics/spillover``.
"""

from __future__ import annotations

import warnings
from typing import Literal, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from statsmodels.tsa.api import VAR

from bubblelink.analytics._checks import check_min_obs

FloatArray = NDArray[np.float64]
InfoCriterion = Literal["aic", "bic", "hqic", "fpe"]

#: Residual degrees of freedom per equation required on top of the ``k·p + 1`` regressors.
MIN_DF_RESID = 10


def min_obs_for_var(k: int, lags: int) -> int:
    """Smallest sample for a VAR(p) with constant: ``p + (k·p + 1) + 10`` observations."""
    return lags + k * lags + 1 + MIN_DF_RESID


def select_lags(data: pd.DataFrame, max_lags: int, ic: InfoCriterion, what: str) -> int:
    """Lag order in ``1..max_lags`` minimising ``ic`` (statsmodels ``VAR.select_order``).

    All candidate orders are compared on the common sample that drops the first
    ``max_lags`` rows. A choice of 0 lags is raised to 1 (a spillover needs dynamics;
    with ``p = 1`` and no real dynamics the estimated ``A_1`` is simply near zero).
    ``max_lags`` is lowered when the sample is too short for it.
    """
    k = data.shape[1]
    while max_lags > 1 and len(data) < min_obs_for_var(k, max_lags) + max_lags:
        max_lags -= 1
    check_min_obs(len(data), min_obs_for_var(k, 1), what, f"a VAR(1) in {k} variables")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        order = VAR(data.to_numpy(dtype=float)).select_order(max_lags, trend="c")
    return max(1, int(order.selected_orders[ic]))


def fit_var(data: pd.DataFrame, lags: int, what: str) -> tuple[FloatArray, FloatArray]:
    """Fit a VAR(p) with constant by OLS with statsmodels; return ``coefs`` (p×k×k), ``Σ_u``.

    ``Σ_u`` is statsmodels' degrees-of-freedom adjusted residual covariance
    ``U'U / (T - p - k·p - 1)``.
    """
    k = data.shape[1]
    check_min_obs(len(data), min_obs_for_var(k, lags), what, f"a VAR({lags}) in {k} variables")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = VAR(data.to_numpy(dtype=float)).fit(lags, trend="c")
    return np.asarray(res.coefs, dtype=float), np.asarray(res.sigma_u, dtype=float)


def ols_var(values: FloatArray, lags: int) -> tuple[FloatArray, FloatArray]:
    r"""Same estimator as :func:`fit_var` in plain numpy (for many rolling windows).

    Regresses ``y_t`` on ``[1, y_{t-1}, ..., y_{t-p}]`` for ``t = p..T-1`` by least
    squares (equation by equation, one ``lstsq``):

    .. math::

        Y = X B + U, \qquad \hat B = (X'X)^{-1} X'Y, \qquad
        \hat\Sigma_u = \frac{\hat U'\hat U}{T - p - k p - 1}

    and returns ``coefs`` (``p × k × k``, ``coefs[l-1] = A_l``) and ``Σ_u``, the
    statsmodels conventions (its ``VAR(values).fit(p, trend="c")``: ``coefs`` and
    ``sigma_u``). No input checks: the caller has checked the window length.
    """
    t_obs, k = values.shape
    n = t_obs - lags
    x = np.empty((n, 1 + k * lags))
    x[:, 0] = 1.0
    for j in range(1, lags + 1):
        x[:, 1 + (j - 1) * k : 1 + j * k] = values[lags - j : t_obs - j]
    y = values[lags:]
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    sigma = resid.T @ resid / (n - k * lags - 1)
    coefs = beta[1:].reshape(lags, k, k).transpose(0, 2, 1)
    return cast(FloatArray, coefs), sigma  # numpy stubs: floating[Any]
