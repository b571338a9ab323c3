"""Simulate a DCC(1,1)-GARCH(1,1) process with known parameters (test fixture)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_dcc(
    n_obs: int,
    a: float,
    b: float,
    corr: np.ndarray,
    seed: int,
    omega: float = 2e-6,
    alpha: float = 0.08,
    beta: float = 0.90,
    mu: float = 3e-4,
    burn: int = 500,
    nu: float | None = None,
) -> pd.DataFrame:
    """Returns (decimal units) from DCC(1,1) with identical GARCH(1,1) margins.

    Innovations are Gaussian, or with ``nu`` standardised multivariate Student t:
    ``ε = sqrt((ν − 2) / w) · L z`` with ``z ~ N(0, I)``, ``w ~ χ²_ν`` and ``L L' = R_t``,
    so ``Cov(ε) = R_t``. Written as a plain time loop, independently of the estimator's
    vectorised kernel.
    """
    rng = np.random.default_rng(seed)
    k = corr.shape[0]
    total = n_obs + burn
    q = corr.copy()
    eps_prev = np.zeros(k)
    var = np.full(k, omega / (1 - alpha - beta))
    u_prev = np.zeros(k)
    out = np.empty((total, k))
    for t in range(total):
        if t > 0:
            q = (1 - a - b) * corr + a * np.outer(eps_prev, eps_prev) + b * q
            var = omega + alpha * u_prev**2 + beta * var
        d = 1 / np.sqrt(np.diag(q))
        r = q * np.outer(d, d)
        eps = np.linalg.cholesky(r) @ rng.standard_normal(k)
        if nu is not None:
            eps = eps * np.sqrt((nu - 2.0) / rng.chisquare(nu))
        u = np.sqrt(var) * eps
        out[t] = mu + u
        eps_prev, u_prev = eps, u
    index = pd.date_range("2000-01-03", periods=n_obs, freq="B", tz="UTC", name="date")
    return pd.DataFrame(out[burn:], index=index, columns=[f"S{i}" for i in range(k)])
