"""Capture ratios: empyrical-reloaded is the reference (its annualised-CAGR convention)."""

from __future__ import annotations

import empyrical
import numpy as np
import pytest

from bubblelink.analytics.beta import capture_ratios
from bubblelink.errors import DataError
from tests.analytics.beta.simulated import simulate_pair


@pytest.mark.parametrize(("period", "per_year"), [("daily", 252), ("weekly", 52), ("monthly", 12)])
def test_matches_empyrical_simple_returns(period: str, per_year: int) -> None:
    asset, market = simulate_pair(n=700, seed=21)
    result = capture_ratios(asset, market, kind="simple", periods_per_year=per_year)
    assert result.up_capture == pytest.approx(
        empyrical.up_capture(asset, market, period=period), rel=1e-8
    )
    assert result.down_capture == pytest.approx(
        empyrical.down_capture(asset, market, period=period), rel=1e-8
    )
    assert result.up_down_capture == pytest.approx(
        empyrical.up_down_capture(asset, market, period=period), rel=1e-8
    )


def test_log_inputs_are_converted_to_simple() -> None:
    asset, market = simulate_pair(n=700, seed=22)
    result = capture_ratios(asset, market, kind="log")
    simple_a, simple_m = np.expm1(asset), np.expm1(market)
    assert result.down_capture == pytest.approx(
        empyrical.down_capture(simple_a, simple_m), rel=1e-8
    )
    assert result.up_capture == pytest.approx(empyrical.up_capture(simple_a, simple_m), rel=1e-8)


def test_hand_computed_small_case_and_zero_market_days_excluded() -> None:
    asset, market = simulate_pair(n=6)
    asset[:] = [0.02, -0.03, 0.01, -0.01, 0.05, 0.04]
    market[:] = [0.01, -0.02, 0.02, -0.01, 0.0, 0.03]
    result = capture_ratios(asset, market, kind="simple", periods_per_year=252)
    up_a = (1.02 * 1.01 * 1.04) ** (252 / 3) - 1
    up_m = (1.01 * 1.02 * 1.03) ** (252 / 3) - 1
    down_a = (0.97 * 0.99) ** (252 / 2) - 1
    down_m = (0.98 * 0.99) ** (252 / 2) - 1
    assert (result.n_up, result.n_down) == (3, 2)
    assert result.up_capture == pytest.approx(up_a / up_m, rel=1e-12)
    assert result.down_capture == pytest.approx(down_a / down_m, rel=1e-12)


def test_asset_equal_to_market_has_unit_captures() -> None:
    _, market = simulate_pair(n=300)
    result = capture_ratios(market.rename("copy"), market)
    assert result.up_capture == pytest.approx(1.0) and result.down_capture == pytest.approx(1.0)


def test_errors() -> None:
    asset, market = simulate_pair(n=50)
    with pytest.raises(DataError, match=r"\^IXIC down periods has only 0 observations"):
        capture_ratios(asset, market.abs() + 0.001)
    with pytest.raises(DataError, match="periods_per_year must be a positive number"):
        capture_ratios(asset, market, periods_per_year=0)


def test_zero_market_days_counted_as_up_or_down_by_hand() -> None:
    asset, market = simulate_pair(n=6)
    asset[:] = [0.02, -0.03, 0.01, -0.01, 0.05, 0.04]
    market[:] = [0.01, -0.02, 0.02, -0.01, 0.0, 0.03]
    as_up = capture_ratios(asset, market, kind="simple", zero_days="up")
    up_a = (1.02 * 1.01 * 1.05 * 1.04) ** (252 / 4) - 1
    up_m = (1.01 * 1.02 * 1.0 * 1.03) ** (252 / 4) - 1
    assert (as_up.n_up, as_up.n_down, as_up.n_zero) == (4, 2, 1)
    assert as_up.up_capture == pytest.approx(up_a / up_m, rel=1e-12)
    as_down = capture_ratios(asset, market, kind="simple", zero_days="down")
    down_a = (0.97 * 0.99 * 1.05) ** (252 / 3) - 1
    down_m = (0.98 * 0.99 * 1.0) ** (252 / 3) - 1
    assert (as_down.n_up, as_down.n_down) == (3, 3)
    assert as_down.down_capture == pytest.approx(down_a / down_m, rel=1e-12)
    assert capture_ratios(asset, market, kind="simple").zero_days == "exclude"


def test_default_matches_empyrical_with_many_zero_market_days() -> None:
    asset, market = simulate_pair(n=700, seed=23)
    market = market.where(np.arange(700) % 5 != 0, 0.0)
    result = capture_ratios(asset, market, kind="simple")
    assert result.n_zero == 140 and result.n_up + result.n_down == 560
    assert result.up_capture == pytest.approx(empyrical.up_capture(asset, market), rel=1e-8)
    assert result.down_capture == pytest.approx(empyrical.down_capture(asset, market), rel=1e-8)
