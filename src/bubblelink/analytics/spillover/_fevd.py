"""Forecast-error variance decompositions of a VAR: generalized and Cholesky.

Both start from the moving-average form ``y_t = Σ_h Φ_h u_{t-h}`` of a VAR(p)
``y_t = c + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t``, ``E[u u'] = Σ``. The ``H``-step
forecast error uses ``Φ_0, ..., Φ_{H-1}`` (``H = 1`` is the one-step error ``u_t``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from statsmodels.tsa.vector_ar.var_model import ma_rep

from bubblelink.errors import DataError

FloatArray = NDArray[np.float64]


def ma_coefficients(coefs: FloatArray, horizon: int) -> FloatArray:
    """MA coefficients ``Φ_0 .. Φ_{horizon-1}`` of a VAR (shape ``horizon × k × k``).

    ``Φ_0 = I`` and ``Φ_h = Σ_{j=1}^{min(h, p)} A_j Φ_{h-j}`` (Lütkepohl, 2005, eq. 2.1.22),
    computed by statsmodels' ``ma_rep`` (the function behind ``VARResults.ma_rep``).

    Parameters
    ----------
    coefs
        Lag matrices ``A_1 .. A_p`` stacked as ``p × k × k`` (statsmodels' ``coefs``).
    horizon
        Number of MA terms, ``H ≥ 1``.
    """
    _check_horizon(horizon)
    return np.asarray(ma_rep(coefs, horizon - 1), dtype=float)


def generalized_fevd(coefs: FloatArray, sigma: FloatArray, horizon: int) -> FloatArray:
    r"""Generalized FEVD of Pesaran & Shin (1998), as used by Diebold & Yilmaz (2012).

    .. math::

        \theta_{ij}(H) = \frac{\sigma_{jj}^{-1} \sum_{h=0}^{H-1} (e_i' \Phi_h \Sigma e_j)^2}
                              {\sum_{h=0}^{H-1} e_i' \Phi_h \Sigma \Phi_h' e_i}

    Order invariant. Rows do **not** sum to one (shocks are not orthogonal); row
    normalisation is left to the caller (:func:`row_normalise`).

    Returns
    -------
    numpy.ndarray
        ``k × k`` matrix; ``θ_ij`` is the share of variable ``i``'s ``H``-step forecast
        error variance attributed to a shock in variable ``j``.
    """
    _check_horizon(horizon)
    phi = ma_coefficients(coefs, horizon)
    phi_sigma = phi @ sigma
    numerator = (phi_sigma**2).sum(axis=0) / np.diag(sigma)[None, :]
    denominator = np.einsum("hij,hij->i", phi_sigma, phi)  # e_i' Φ_h Σ Φ_h' e_i summed
    return numerator / denominator[:, None]


def cholesky_fevd(coefs: FloatArray, sigma: FloatArray, horizon: int) -> FloatArray:
    r"""Orthogonalised (Cholesky) FEVD, as in Diebold & Yilmaz (2009) and statsmodels.

    With ``Σ = P P'`` (``P`` lower triangular),
    ``ω_ij(H) = Σ_h (e_i' Φ_h P e_j)² / Σ_h e_i' Φ_h Σ Φ_h' e_i``; rows sum to one and
    the result depends on the column order of the variables.
    """
    _check_horizon(horizon)
    phi = ma_coefficients(coefs, horizon)
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError as exc:
        raise DataError(
            "VAR residual covariance is not positive definite: drop a duplicated or "
            "perfectly collinear series"
        ) from exc
    numerator = ((phi @ chol) ** 2).sum(axis=0)
    return numerator / numerator.sum(axis=1, keepdims=True)


def row_normalise(theta: FloatArray) -> FloatArray:
    """``θ̃_ij = θ_ij / Σ_j θ_ij`` (Diebold & Yilmaz, 2012): every row sums to one."""
    return theta / theta.sum(axis=1, keepdims=True)


def _check_horizon(horizon: int) -> None:
    if horizon < 1:
        raise DataError(f"forecast horizon must be at least 1 step, got {horizon}")
