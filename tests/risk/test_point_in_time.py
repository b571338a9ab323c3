"""The risk score's history is point in time: nothing dated or known after t changes it
on or before t (new sessions, new macro releases, revisions of past macro figures)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.service.params import RiskParams
from bubblelink.service.risk import risk
from bubblelink.store import Store
from tests.service.test_data import FRED_SHAPES, first_releases, write_vintages
from tests.stores import write_series

WEIGHTS = """
version: 1
min_history: 20
components:
  btc_tech_corr_30: {weight: 0.15, window: 10}
  btc_tech_corr_90: {weight: 0.10, window: 20}
  btc_downside_beta: {weight: 0.15, window: 40}
  ai_drawdown: {weight: 0.15, window: 60}
  ai_volatility: {weight: 0.10, window: 10}
  hy_oas_level: {weight: 0.10}
  hy_oas_change: {weight: 0.10, window: 5}
  net_liquidity_impulse: {weight: 0.10, window: 28}
  dollar_trend: {weight: 0.05, window: 10}
"""
PRICES = ("BTC-USD", "^IXIC", "NVDA", "ORCL", "AMD")
START, END = "2024-01-01", "2025-06-30"


def _prices() -> dict[str, pd.Series]:
    rng = np.random.default_rng(21)
    sessions = pd.bdate_range(START, END, tz="UTC")
    days = pd.date_range(START, END, freq="D", tz="UTC")
    out = {}
    for sid in PRICES:
        index = days if sid == "BTC-USD" else sessions
        vol = 0.03 if sid == "BTC-USD" else 0.015
        out[sid] = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, vol, len(index)))), index=index)
    return out


def _history(path: Path, weights: Path) -> pd.Series:
    answer = risk(path, RiskParams.build(weights=str(weights), skill=False))
    return answer.result.history


def test_rows_known_after_t_never_change_the_score_history_up_to_t(tmp_path: Path) -> None:
    weights = tmp_path / "weights.yaml"
    weights.write_text(WEIGHTS)
    prices = _prices()
    rng = np.random.default_rng(22)
    for cut in ("2024-11-15", "2025-03-31"):
        t = pd.Timestamp(cut, tz="UTC")
        path = tmp_path / f"{cut}.duckdb"
        with Store(path) as st:
            for sid, values in prices.items():
                write_series(st, sid, values[values.index <= t], "USD", "price",
                             "daily" if sid == "BTC-USD" else "business")  # fmt: skip
            for i, sid in enumerate(FRED_SHAPES):
                rows = first_releases(sid, START, END, seed=i)
                write_vintages(st, sid, rows[rows["vintage"].dt.normalize() <= t])
        before = _history(path, weights)
        with Store(path) as st:
            for sid, values in prices.items():
                write_series(st, sid, values[values.index > t], "USD", "price",
                             "daily" if sid == "BTC-USD" else "business")  # fmt: skip
            for i, sid in enumerate(FRED_SHAPES):
                rows = first_releases(sid, START, END, seed=i)
                later = rows[rows["vintage"].dt.normalize() > t]
                past = rows[rows["date"] <= t - pd.Timedelta(days=10)]
                past = past.sample(15, random_state=int(rng.integers(1_000_000)))
                revised = past.assign(
                    value=past["value"] * rng.uniform(0.9, 1.1, len(past)),
                    vintage=t + pd.to_timedelta(rng.integers(1, 60, len(past)), unit="D"),
                )
                write_vintages(st, sid, pd.concat([later, revised]))
        after = _history(path, weights)
        assert before.notna().sum() > 100  # a real history to compare
        upto = after.index <= t
        pd.testing.assert_series_equal(after[upto], before, check_freq=False)
        assert after[~upto].notna().any()


def test_a_revision_known_later_would_move_the_past_under_the_latest_vintage(
    tmp_path: Path,
) -> None:
    """The revisions above are not inert: read as the latest vintage at each release date
    (the old rule), the same store gives another history before t."""
    from bubblelink.analytics.liquidity._release import known_on, release_aligned
    from bubblelink.service.data import StoreData

    t = pd.Timestamp("2025-03-31", tz="UTC")
    path = tmp_path / "s.duckdb"
    rows = first_releases("BAMLH0A0HYM2", START, END, seed=3)
    with Store(path) as st:
        write_vintages(st, "BAMLH0A0HYM2", rows[rows["vintage"].dt.normalize() <= t])
        past = rows[(rows["date"] > "2025-03-20") & (rows["date"] <= t)]
        write_vintages(st, "BAMLH0A0HYM2", past.assign(value=past["value"] + 1.0,
                                                         vintage=t + pd.Timedelta(days=20)))  # fmt: skip
        data = StoreData(st)
        grid = pd.date_range(pd.Timestamp("2025-03-01", tz="UTC"), t, freq="D")
        point_in_time = data.known_on("BAMLH0A0HYM2", grid)
        latest = data.macro(["BAMLH0A0HYM2"]).series["BAMLH0A0HYM2"]
        plain = pd.Series(latest.to_numpy(), index=latest.index)  # no vintages attached
        leaky, _ = known_on(release_aligned(plain, 1), grid, 7)
    assert point_in_time is not None
    moved = (leaky - point_in_time).abs() > 0.5
    assert moved.loc["2025-03-21":].any() and not moved.loc[:"2025-03-20"].any()
