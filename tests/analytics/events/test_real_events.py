"""Oracle 2025-12-11 on real data: CAR(0,0) against an independent market-model computation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.events import (
    MarketModelEventStudy,
    cross_asset_event_study,
    value_moved,
)
from bubblelink.service.catalogs import load_events

pytestmark = pytest.mark.real_data


def _closes(path: Path, column: str = "close") -> pd.Series:
    frame = pd.read_csv(path, parse_dates=["date"]).set_index("date")
    series = frame[column].astype(float)
    series.index = series.index.tz_localize("UTC")
    return series


def test_orcl_2025_12_11_car_matches_independent_market_model(real_data_dir: Path) -> None:
    orcl = _closes(real_data_dir / "orcl.csv")
    ixic = _closes(real_data_dir / "nasdaq_composite.csv")
    prices = pd.concat({"ORCL": orcl, "^IXIC": ixic}, axis=1, join="inner").loc["2024":"2026-03"]
    rets = np.log(prices).diff().dropna()
    day0 = pd.Timestamp("2025-12-11", tz="UTC")
    assert rets.loc[day0, "ORCL"] == pytest.approx(-0.115, abs=0.001)

    # independent: 120 sessions ending 10 sessions before day 0, np.polyfit OLS
    t0 = rets.index.get_loc(day0)
    est = rets.iloc[t0 - 10 - 119 : t0 - 10 + 1]
    slope, intercept = np.polyfit(est["^IXIC"], est["ORCL"], 1)
    expected_ar = rets.loc[day0, "ORCL"] - intercept - slope * rets.loc[day0, "^IXIC"]

    event = load_events().get("orcl-fy26q2")
    result = MarketModelEventStudy(window=(0, 0)).fit(rets["ORCL"], event, rets["^IXIC"])
    assert result.event_date == day0
    assert result.n_estimation == 120 and est.index[-1] == result.estimation_end
    assert result.car == pytest.approx(expected_ar, abs=1e-9)
    assert result.beta == pytest.approx(slope, abs=1e-9)
    assert result.car < -0.10

    cross = cross_asset_event_study(
        rets.join(np.log(_closes(real_data_dir / "nvda.csv")).diff().rename("NVDA")),
        event,
        ["NVDA", "^IXIC"],
        window="-1:1",
    )
    assert [t.symbol for t in cross.targets] == ["NVDA", "^IXIC"]
    assert cross.result("^IXIC").model == "mean_adjusted"


def test_orcl_value_moved_on_raw_closes(shared_data_dir: Path) -> None:
    raw = pd.read_csv(
        shared_data_dir / "crosscheck" / "orcl_pqbackend.csv", parse_dates=["date"]
    ).set_index("date")
    raw.index = raw.index.tz_localize("UTC")
    shares = 2.8e9  # illustrative count, the arithmetic is what is tested
    result = value_moved(
        raw["close"].rename("ORCL"),
        "2025-12-11",
        "2025-12-11",
        shares_outstanding=shares,
        high=raw["high"],
        low=raw["low"],
    )
    assert result.base_close == pytest.approx(223.01, abs=0.01)
    assert result.end_close == pytest.approx(198.85, abs=0.01)
    assert result.close_to_close_return == pytest.approx(198.85 / 223.01 - 1, abs=1e-4)
    assert result.value_change == pytest.approx(shares * (198.85 - 223.01), rel=1e-4)
    # "fell as much as 16.5%": low 186.23 vs the previous close 223.01
    assert result.largest_intraday_fall == pytest.approx(186.23 / 223.01 - 1, abs=1e-4)
    assert result.largest_intraday_fall_date == pd.Timestamp("2025-12-11", tz="UTC")
    assert "fell as much as 16.49%" in result.summary()
