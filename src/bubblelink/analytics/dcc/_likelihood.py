"""Vectorised DCC(1,1) correlation recursion and second-step log-likelihoods.

The recursion ``Q_t = (1 - a - b) Q̄ + a ε_{t-1} ε'_{t-1} + b Q_{t-1}`` is linear in
``Q``, so every element of ``Q`` follows the same first-order IIR filter. It is run for
all ``k × k`` elements at once with :func:`scipy.signal.lfilter` (C loop over time,
no Python loop); determinants and quadratic forms use batched :mod:`numpy.linalg`.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.signal import lfilter
from scipy.special import gammaln

FloatArray = NDArray[np.float64]

#: ``Q̄``: ``second_moment`` = ``ε'ε / T`` (Engle 2002; rmgarch), ``sample`` = the sample
#: correlation matrix of ``ε`` (demeaned and rescaled to a unit diagonal).
QbarKind = Literal["second_moment", "sample"]


def target_matrix(std_resid: FloatArray, kind: QbarKind = "second_moment") -> FloatArray:
    """Correlation-targeting matrix ``Q̄`` of the standardised residuals ``ε`` (``T × k``).

    ``kind="second_moment"`` (default): ``Q̄ = (1/T) Σ_t ε_t ε'_t``, the uncentred second
    moment, as in Engle (2002) and rmgarch; its diagonal is only close to 1 (the GARCH
    residuals have sample variance near, not at, one). ``kind="sample"``: the sample
    correlation matrix of ``ε`` (``numpy.corrcoef``: demeaned, unit diagonal).
    """
    if kind == "second_moment":
        return std_resid.T @ std_resid / std_resid.shape[0]
    if kind == "sample":
        return np.atleast_2d(np.corrcoef(std_resid, rowvar=False))
    raise ValueError(f"unknown Q̄ kind {kind!r}")


def dcc_q(std_resid: FloatArray, a: float, b: float, qbar: FloatArray) -> FloatArray:
    """Quasi-correlation matrices ``Q_t`` (shape ``T × k × k``), with ``Q_1 = Q̄``.

    Parameters
    ----------
    std_resid
        Standardised residuals ``ε_t`` (``T × k``), unit conditional variance.
    a, b
        DCC news and persistence parameters (``a, b ≥ 0``, ``a + b < 1``).
    qbar
        Unconditional target ``Q̄`` (``k × k``).
    """
    t_obs, k = std_resid.shape
    outer = std_resid[:-1, :, None] * std_resid[:-1, None, :]
    drive = ((1.0 - a - b) * qbar)[None, :, :] + a * outer
    q = np.empty((t_obs, k, k))
    q[0] = qbar
    if t_obs > 1:
        q[1:], _ = lfilter([1.0], [1.0, -b], drive, axis=0, zi=(b * qbar)[None, :, :])
    return q


def dcc_correlations(q: FloatArray) -> FloatArray:
    """Rescale ``Q_t`` to correlation matrices ``R_t = diag(Q_t)^{-1/2} Q_t diag(Q_t)^{-1/2}``."""
    scale = 1.0 / np.sqrt(np.einsum("tii->ti", q))
    r = q * scale[:, :, None] * scale[:, None, :]
    idx = np.arange(q.shape[1])
    r[:, idx, idx] = 1.0
    return r


def _logdet_and_quad(
    std_resid: FloatArray, a: float, b: float, qbar: FloatArray | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``sign|R_t|``, ``log|R_t|`` and ``ε'_t R_t^{-1} ε_t`` along the DCC path."""
    target = target_matrix(std_resid) if qbar is None else qbar
    r = dcc_correlations(dcc_q(std_resid, a, b, target))
    sign, logdet = np.linalg.slogdet(r)
    solved = np.linalg.solve(r, std_resid[:, :, None])[:, :, 0]
    quad = np.einsum("ti,ti->t", std_resid, solved)
    return sign, logdet, quad


def correlation_loglik_terms(
    std_resid: FloatArray, a: float, b: float, qbar: FloatArray | None = None
) -> FloatArray:
    """Per-observation Gaussian correlation log-likelihood of Engle (2002), second step.

    ``ℓ_t = -½ (log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)``; the volatility part of the
    Gaussian likelihood is constant in ``(a, b)`` and left to the first step. ``qbar``
    defaults to ``ε'ε / T``. Returns ``-inf`` terms when a ``R_t`` is not positive definite.
    """
    sign, logdet, quad = _logdet_and_quad(std_resid, a, b, qbar)
    terms = -0.5 * (logdet + quad - np.einsum("ti,ti->t", std_resid, std_resid))
    return np.where(sign > 0, terms, -np.inf)


def correlation_loglikelihood(
    std_resid: FloatArray, a: float, b: float, qbar: FloatArray | None = None
) -> float:
    """Sum of :func:`correlation_loglik_terms` (the Gaussian second-step objective)."""
    return float(correlation_loglik_terms(std_resid, a, b, qbar).sum())


def student_t_log_density(std_resid: FloatArray, corr: FloatArray, nu: float) -> FloatArray:
    r"""Log density of the standardised multivariate Student t, one value per row.

    For ``ε ∈ R^k`` with correlation (= covariance) matrix ``R`` and ``ν > 2`` degrees of
    freedom (Fiorentini, Sentana & Calzolari, 2003, eq. 2; the "mvt" of rmgarch's DCC):

    .. math::

        \log f(\varepsilon) = \log\Gamma\bigl(\tfrac{\nu + k}{2}\bigr)
            - \log\Gamma\bigl(\tfrac{\nu}{2}\bigr) - \tfrac{k}{2}\log\bigl(\pi(\nu - 2)\bigr)
            - \tfrac12 \log|R|
            - \tfrac{\nu + k}{2} \log\Bigl(1 + \frac{\varepsilon' R^{-1} \varepsilon}{\nu - 2}\Bigr)

    It is the multivariate t of scipy with shape matrix ``R (ν − 2) / ν``, scaled so that
    ``Cov(ε) = R``. ``corr`` is one ``k × k`` matrix or one per row (``T × k × k``).
    """
    t_obs, k = std_resid.shape
    r = np.broadcast_to(corr, (t_obs, k, k))
    sign, logdet = np.linalg.slogdet(r)
    solved = np.linalg.solve(r, std_resid[:, :, None])[:, :, 0]
    quad = np.einsum("ti,ti->t", std_resid, solved)
    return _student_t_terms(sign, logdet, quad, k, nu)


def _student_t_terms(
    sign: FloatArray, logdet: FloatArray, quad: FloatArray, k: int, nu: float
) -> FloatArray:
    const = (
        float(gammaln((nu + k) / 2.0))
        - float(gammaln(nu / 2.0))
        - 0.5 * k * math.log(math.pi * (nu - 2.0))
    )
    terms = const - 0.5 * logdet - 0.5 * (nu + k) * np.log1p(quad / (nu - 2.0))
    return np.where(sign > 0, terms, -np.inf)


def student_t_loglik_terms(
    std_resid: FloatArray, a: float, b: float, nu: float, qbar: FloatArray | None = None
) -> FloatArray:
    """Per-observation DCC-t second-step log-likelihood ``log f(ε_t | R_t, ν)``.

    ``f`` is :func:`student_t_log_density` along the DCC path ``R_t(a, b)``; with the
    margins' ``-Σ_i log σ_i,t`` it is the log-density of the returns. ``qbar`` defaults
    to ``ε'ε / T``. ``-inf`` where ``ν ≤ 2`` or a ``R_t`` is not positive definite.
    """
    if not nu > 2.0:
        return np.full(std_resid.shape[0], -np.inf)
    sign, logdet, quad = _logdet_and_quad(std_resid, a, b, qbar)
    return _student_t_terms(sign, logdet, quad, std_resid.shape[1], nu)
