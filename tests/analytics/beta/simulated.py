"""Simulated return pairs for the beta-family tests (known truth)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def dated(values: np.ndarray, name: str) -> pd.Series:
    """A series on consecutive business days, tz-aware UTC index named ``date``."""
    index = pd.bdate_range("2018-01-02", periods=len(values), tz="UTC", name="date")
    return pd.Series(values, index=index, name=name)


def simulate_pair(
    n: int = 1500, beta: float = 1.5, seed: int = 7, noise: float = 0.02, ar: float = 0.2
) -> tuple[pd.Series, pd.Series]:
    """BTC-like asset = beta * market + AR(1) noise; fat-tailed market (t with 4 df)."""
    rng = np.random.default_rng(seed)
    market = 0.01 * rng.standard_t(4, size=n) / np.sqrt(2.0)
    shocks = rng.normal(0.0, noise, size=n)
    eps = np.empty(n)
    eps[0] = shocks[0]
    for t in range(1, n):
        eps[t] = ar * eps[t - 1] + shocks[t]
    asset = 0.0005 + beta * market + eps
    return dated(asset, "BTC-USD"), dated(market, "^IXIC")
