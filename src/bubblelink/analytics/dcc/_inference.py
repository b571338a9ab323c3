"""Parameter tables and numerical-derivative covariance for quasi-maximum likelihood."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import norm

FloatArray = NDArray[np.float64]


def param_table(names: list[str], estimate: FloatArray, std_error: FloatArray) -> pd.DataFrame:
    r"""Estimate, standard error, z statistic, two-sided p-value and 95% CI per parameter.

    Columns ``estimate``, ``std_error``, ``z = estimate / std_error``,
    ``p_value = 2 (1 - Φ(|z|))`` and the normal interval
    ``ci_low``/``ci_high = estimate ∓ z_{0.975} std_error`` (index ``parameter``). A NaN
    standard error (boundary estimate) gives NaN z, p-value and bounds.
    """
    estimate = np.asarray(estimate, dtype=float)
    std_error = np.asarray(std_error, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = estimate / std_error
    crit = float(norm.ppf(0.975))
    return pd.DataFrame(
        {
            "estimate": estimate,
            "std_error": std_error,
            "z": z,
            "p_value": 2.0 * norm.sf(np.abs(z)),
            "ci_low": estimate - crit * std_error,
            "ci_high": estimate + crit * std_error,
        },
        index=pd.Index(names, name="parameter"),
    )


def qml_covariance(
    loglik_terms: Callable[[FloatArray], FloatArray],
    theta: FloatArray,
    robust: bool = True,
) -> FloatArray:
    """Covariance of a QML estimate from numerical derivatives of per-observation terms.

    With ``ℓ(θ) = Σ_t ℓ_t(θ)``, ``H = ∂²ℓ/∂θ∂θ'`` (central second differences) and scores
    ``s_t = ∂ℓ_t/∂θ`` (central first differences), returns the sandwich
    ``H^{-1} (Σ_t s_t s'_t) H^{-1}`` when ``robust`` (Bollerslev & Wooldridge, 1992),
    else ``-H^{-1}``. Steps are ``1e-4 · max(|θ_i|, 1e-2)``.
    """
    theta = np.asarray(theta, dtype=float)
    n = theta.size
    steps = 1e-4 * np.maximum(np.abs(theta), 1e-2)
    eye = np.eye(n) * steps
    scores = np.column_stack(
        [
            (loglik_terms(theta + eye[i]) - loglik_terms(theta - eye[i])) / (2 * steps[i])
            for i in range(n)
        ]
    )

    def total(x: FloatArray) -> float:
        return float(loglik_terms(x).sum())

    f0 = total(theta)
    hess = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            if i == j:
                value = (total(theta + eye[i]) - 2 * f0 + total(theta - eye[i])) / steps[i] ** 2
            else:
                value = (
                    total(theta + eye[i] + eye[j])
                    - total(theta + eye[i] - eye[j])
                    - total(theta - eye[i] + eye[j])
                    + total(theta - eye[i] - eye[j])
                ) / (4 * steps[i] * steps[j])
            hess[i, j] = hess[j, i] = value
    hess_inv = cast(FloatArray, np.linalg.inv(hess))  # numpy stubs: floating[Any]
    if not robust:
        return -hess_inv
    return hess_inv @ (scores.T @ scores) @ hess_inv
