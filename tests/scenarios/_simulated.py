"""Simulated scenario histories with known sensitivities (ground truth for estimation)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.scenarios import ScenarioHistory, stress_days

TRUE = {
    "stress_beta": 1.6,
    "recovery_beta": 0.5,
    "credit": -0.08,
    "liquidity": 3.0,
    "dollar": -1.5,
    "basket_weekly": 0.4,
    "stress_vol": 0.03,
    "recovery_vol": 0.02,
}


def simulated_history(
    n_days: int = 4000, n_weeks: int = 600, seed: int = 11, credit: bool = True
) -> ScenarioHistory:
    """Daily BTC with beta 1.6 on stress days (the default rule) and 0.5 otherwise, and
    weekly BTC changes loading 3.0 on liquidity and -1.5 on the dollar."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2010-01-04", periods=n_days, freq="B", tz="UTC", name="date")
    basket = pd.Series(rng.normal(0.0003, 0.02, n_days), index=days)
    stress = stress_days(basket, 0.10, -0.10, 21).to_numpy()
    spread = rng.normal(0.0, 0.05, n_days)
    noise = rng.standard_normal(n_days)
    btc = np.where(
        stress,
        TRUE["stress_beta"] * basket + TRUE["credit"] * spread + TRUE["stress_vol"] * noise,
        TRUE["recovery_beta"] * basket + TRUE["recovery_vol"] * noise,
    )
    daily = pd.DataFrame({"btc": btc, "basket": basket})
    if credit:
        daily["credit"] = spread
    weeks = pd.date_range("2010-01-06", periods=n_weeks, freq="W-WED", tz="UTC", name="date")
    weekly = pd.DataFrame(
        {
            "basket": rng.normal(0.0, 0.04, n_weeks),
            "liquidity": rng.normal(0.0, 0.01, n_weeks),
            "dollar": rng.normal(0.0, 0.01, n_weeks),
        },
        index=weeks,
    )
    weekly["btc"] = (
        TRUE["basket_weekly"] * weekly["basket"]
        + TRUE["liquidity"] * weekly["liquidity"]
        + TRUE["dollar"] * weekly["dollar"]
        + rng.normal(0.0, 0.03, n_weeks)
    )
    return ScenarioHistory(
        daily=daily,
        liquidity=weekly,
        frequency="weekly",
        liquidity_level_bn=6000.0,
        notes=[],
        provenance=[],
        synthetic=True,
    )
