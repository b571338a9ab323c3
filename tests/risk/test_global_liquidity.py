"""The global-liquidity impulse component: known answer, and switched off by rule."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.risk import RiskConfig, RiskInputs, component_histories, risk_from_inputs
from bubblelink.risk._config import COMPONENTS, ComponentSpec

SESSIONS = pd.bdate_range("2025-03-03", periods=30, tz="UTC", name="date")
DAYS = pd.date_range("2025-02-01", "2025-04-20", freq="D", tz="UTC")
#: global M2 (billions USD) as known each day: a step every 10 days
LEVEL = [95_000.0 + 400.0 * (k // 10) + (300.0 if (k // 10) % 3 == 1 else 0.0)
         for k in range(len(DAYS))]  # fmt: skip


def _spec(name: str, weight: float, window: int | None) -> ComponentSpec:
    _, direction, unit, text = COMPONENTS[name]
    return ComponentSpec(name, weight, window, direction, unit, text)


def _config() -> RiskConfig:
    specs = (
        _spec("ai_drawdown", 0.5, 5),
        _spec("global_liquidity_impulse", 0.5, 14),
    )
    return RiskConfig("BTC-USD", "^IXIC", ("NVDA",), 3, specs)


def _inputs(**kw: object) -> RiskInputs:
    btc = pd.Series([100.0 + (k % 5) - 0.3 * k for k in range(30)], index=SESSIONS)
    basket = pd.DataFrame({"NVDA": [10.0 + ((k * 7) % 6) * 0.1 for k in range(30)]},
                          index=SESSIONS)  # fmt: skip
    base = RiskInputs(btc=btc, tech=btc, basket=basket,
                      global_m2=pd.Series(LEVEL, index=DAYS))  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def test_global_liquidity_impulse_is_the_log_change_over_the_window_in_days() -> None:
    histories = component_histories(_inputs(), _config())
    got = histories["global_liquidity_impulse"]
    level = dict(zip(DAYS, LEVEL, strict=True))
    for day in SESSIONS:
        then = day - pd.Timedelta(days=14)
        assert got.loc[day] == pytest.approx(math.log(level[day] / level[then]), rel=1e-12)
    assert COMPONENTS["global_liquidity_impulse"][1] == -1  # falling liquidity = risk


def test_a_component_switched_off_is_reported_and_left_out() -> None:
    config = _config()
    off = risk_from_inputs(
        _inputs(global_m2=None, off={"global_liquidity_impulse": "coverage cannot be measured"}),
        config,
        skill=False,
    )
    row = off.components.loc["global_liquidity_impulse"]
    assert row["status"] == "off" and row["effective_weight"] == 0 and row["weight"] == 0.5
    assert "coverage cannot be measured" in row["note"] and "weight 0.5" in row["note"]
    assert (off.components_used, off.components_total) == (1, 1)
    assert not any("missing component" in n for n in off.notes)
    # the score is the score without the component
    alone = RiskConfig("BTC-USD", "^IXIC", ("NVDA",), 3, config.components[:1])
    without = risk_from_inputs(_inputs(global_m2=None), alone, skill=False)
    assert off.score == pytest.approx(without.score)
    pd.testing.assert_series_equal(off.history, without.history)
    # switched on, it counts with its weight
    on = risk_from_inputs(_inputs(), config, skill=False)
    assert on.components.loc["global_liquidity_impulse", "status"] == "ok"
    assert (on.components_used, on.components_total) == (2, 2)


@pytest.mark.real_data
def test_the_component_is_off_on_the_real_data_with_the_missing_fx_named(
    shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from bubblelink.risk import load_risk_config
    from bubblelink.service.data import store_data
    from bubblelink.service.risk import _global_liquidity
    from tests.world_store import world_store

    store = world_store(shared_data_dir, tmp_path_factory.getbasetemp())
    config = load_risk_config()
    assert any(s.name == "global_liquidity_impulse" and s.weight > 0 for s in config.components)
    with store_data(store, "2025-12-12") as data:
        series, off = _global_liquidity(data, config, SESSIONS)
    assert series is None
    assert "FX DEXUSUK missing" in off["global_liquidity_impulse"]
    assert "FX DEXSZUS missing" in off["global_liquidity_impulse"]
