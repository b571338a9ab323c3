"""Market-model event study: simulated truth, independent OLS reference, BMP size, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from bubblelink.analytics.events import (
    Event,
    MarketModelEventStudy,
    bmp_test,
    cross_asset_event_study,
    pooled_event_study,
)
from bubblelink.errors import DataError


def _sessions(n: int, start: str = "2024-01-02") -> pd.DatetimeIndex:
    return pd.bdate_range(start, periods=n, tz="UTC", name="date")


def _simulate(
    rng: np.random.Generator,
    n: int = 300,
    alpha: float = 0.0005,
    beta: float = 1.3,
    noise: float = 0.01,
) -> tuple[pd.Series, pd.Series]:
    index = _sessions(n)
    market = pd.Series(rng.normal(0.0003, 0.012, n), index=index, name="MKT")
    target = pd.Series(
        alpha + beta * market.to_numpy() + rng.normal(0, noise, n), index=index, name="TGT"
    )
    return target, market


def test_injected_abnormal_return_is_recovered() -> None:
    rng = np.random.default_rng(1)
    target, market = _simulate(rng, noise=0.002)
    day0 = target.index[250]
    target.iloc[250] += 0.05
    target.iloc[251] -= 0.02
    result = MarketModelEventStudy(window=(0, 1)).fit(target, Event.ad_hoc("TGT", day0), market)
    assert result.event_date == day0
    assert result.ar.iloc[0] == pytest.approx(0.05, abs=0.008)
    assert result.ar.iloc[1] == pytest.approx(-0.02, abs=0.008)
    assert result.car == pytest.approx(0.03, abs=0.01)
    assert result.beta == pytest.approx(1.3, abs=0.05)
    assert result.t_stat > 5
    assert result.p_value < 1e-4
    # estimation window: 120 rows ending 10 rows before day 0
    assert result.estimation_end == target.index[240]
    assert result.estimation_start == target.index[121]
    assert result.n_estimation == 120


def test_variance_matches_statsmodels_prediction_error() -> None:
    """Var(AR_t) = σ²(1 + x'(X'X)⁻¹x): statsmodels' ``se_obs`` of an OLS prediction."""
    rng = np.random.default_rng(7)
    target, market = _simulate(rng)
    day0 = target.index[200]
    result = MarketModelEventStudy(window=(-1, 2)).fit(target, Event.ad_hoc("TGT", day0), market)
    est = slice(200 - 10 - 120 + 1, 200 - 10 + 1)
    x = sm.add_constant(market.iloc[est].to_numpy())
    ols = sm.OLS(target.iloc[est].to_numpy(), x).fit()
    ev = slice(199, 203)
    xs = sm.add_constant(market.iloc[ev].to_numpy(), has_constant="add")
    pred = ols.get_prediction(xs)
    np.testing.assert_allclose(result.ar_std_error.to_numpy(), pred.se_obs, rtol=1e-10)
    np.testing.assert_allclose(
        result.ar.to_numpy(), target.iloc[ev].to_numpy() - pred.predicted_mean, atol=1e-14
    )
    # Var(CAR) = 1'V1 with V = σ²(I + X*(X'X)⁻¹X*')
    v = ols.scale * (np.eye(4) + xs @ np.linalg.inv(x.T @ x) @ xs.T)
    assert result.car_std_error == pytest.approx(np.sqrt(v.sum()), rel=1e-10)
    plain = MarketModelEventStudy(window=(-1, 2), prediction_error=False).fit(
        target, Event.ad_hoc("TGT", day0), market
    )
    assert plain.car_std_error == pytest.approx(np.sqrt(4 * ols.scale), rel=1e-10)
    assert result.car_std_error > plain.car_std_error


def test_bmp_rejection_rate_near_nominal_under_null() -> None:
    rng = np.random.default_rng(2024)
    reps, n_events, rejections = 300, 10, 0
    study = MarketModelEventStudy(window=(-1, 1), estimation=60, gap=5)
    for _ in range(reps):
        scars = []
        for _ in range(n_events):
            target, market = _simulate(rng, n=80, noise=rng.uniform(0.005, 0.03))
            scars.append(study.fit(target, Event.ad_hoc("TGT", target.index[70]), market).scar)
        rejections += bmp_test(scars).p_value < 0.05
    rate = rejections / reps
    assert 0.02 <= rate <= 0.09, rate


def test_bmp_detects_an_effect_and_pools_events() -> None:
    rng = np.random.default_rng(5)
    target, market = _simulate(rng, n=1200)
    positions = [200, 400, 600, 800, 1000, 1150]
    for p in positions:
        target.iloc[p] += 0.04
    events = [Event.ad_hoc("TGT", target.index[p]) for p in positions]
    pooled = pooled_event_study(target, events, market, window=(0, 0))
    assert pooled.bmp.n_events == 6
    assert pooled.bmp.mean_car == pytest.approx(0.04, abs=0.01)
    assert pooled.bmp.p_value < 0.01
    assert set(pooled.to_frame().columns) >= {"car", "t_stat", "p_value"}


def test_cross_asset_market_target_uses_mean_adjusted_model() -> None:
    rng = np.random.default_rng(3)
    target, market = _simulate(rng)
    frame = pd.concat([target, market.rename("^IXIC")], axis=1)
    result = cross_asset_event_study(
        frame, Event.ad_hoc("XYZ", frame.index[200]), ["TGT", "^IXIC"], market="^IXIC"
    )
    ixic = result.result("^IXIC")
    assert ixic.model == "mean_adjusted"
    est = frame["^IXIC"].iloc[200 - 10 - 120 + 1 : 191]
    expected = frame["^IXIC"].iloc[199:202].to_numpy() - est.mean()
    np.testing.assert_allclose(ixic.ar.to_numpy(), expected, atol=1e-14)
    assert any("constant-mean" in n for n in result.notes)
    payload = result.to_dict()["targets"][0]
    for key in ("symbol", "event_date", "window", "ar", "car", "t_stat", "p_value", "raw_return"):
        assert key in payload
    assert payload["ar"][0].keys() == {"date", "value"}


def test_bad_inputs_give_one_line_data_errors() -> None:
    rng = np.random.default_rng(0)
    target, market = _simulate(rng, n=200)
    frame = pd.concat([target, market], axis=1)
    study = MarketModelEventStudy()
    with pytest.raises(DataError, match=r"outside the TGT data \(2024-01-02\.\."):
        study.fit(target, Event.ad_hoc("TGT", "2030-01-02"), market)
    with pytest.raises(DataError, match="overlaps the event window"):
        MarketModelEventStudy(window=(-5, 1), gap=3).fit(
            target, Event.ad_hoc("TGT", target.index[150]), market
        )
    with pytest.raises(DataError, match=r"only 41 rows from 2024-01-02.*need 120"):
        study.fit(target, Event.ad_hoc("TGT", target.index[50]), market)
    with pytest.raises(DataError, match="past the last row"):
        MarketModelEventStudy(window=(0, 5)).fit(
            target, Event.ad_hoc("TGT", target.index[-2]), market
        )
    with pytest.raises(DataError, match="unknown symbol 'NOPE'"):
        cross_asset_event_study(
            frame, Event.ad_hoc("TGT", target.index[150]), ["NOPE"], market="MKT"
        )
    for error in (DataError,):
        try:
            study.fit(target, Event.ad_hoc("TGT", "2030-01-02"), market)
        except error as exc:
            assert "\n" not in str(exc)
