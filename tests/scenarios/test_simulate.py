"""Monte Carlo engine: analytic deterministic case, reproducibility, convergence."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bubblelink.errors import ConfigError
from bubblelink.scenarios import (
    PhaseSpec,
    ScenarioParameters,
    ScenarioSpec,
    liquidity_log_change,
    load_scenario,
    scenario_result,
    shock_path,
    simulate_paths,
)

T1, T2 = 40, 80


def _spec(vol1: float = 0.0, vol2: float = 0.0) -> ScenarioSpec:
    return dataclasses.replace(
        load_scenario(),
        phase1=PhaseSpec(
            sessions=T1, basket_change=-0.30, vol_multiplier=vol1, credit_spread_bp=250
        ),
        phase2=PhaseSpec(
            sessions=T2,
            basket_change=0.10,
            vol_multiplier=vol2,
            credit_spread_bp=-150,
            net_liquidity_change_bn=500,
            dollar_change=-0.05,
        ),
    )


FIXED = {
    "stress_beta": 1.2,
    "recovery_beta": 0.8,
    "basket_vol": 0.02,
    "credit_sensitivity": -0.05,
    "liquidity_elasticity": 2.0,
    "dollar_elasticity": -1.0,
    "liquidity_level_bn": 5800.0,
}


def test_deterministic_case_is_the_analytic_path() -> None:
    params = ScenarioParameters.from_values(**FIXED)
    paths = simulate_paths(
        shock_path(_spec(), params),
        params,
        50,
        seed=1,
        residuals="none",
        parameter_uncertainty=False,
    )
    phase1 = 1.2 * np.log(0.70) - 0.05 * 2.5
    phase2 = 0.8 * np.log(1.10) - 0.05 * -1.5 + 2.0 * np.log(1 + 500 / 5800) - np.log(0.95)
    days = np.arange(T1 + T2 + 1)
    log_path = np.where(days <= T1, phase1 * days / T1, phase1 + phase2 * (days - T1) / T2)
    np.testing.assert_allclose(
        paths.levels, np.broadcast_to(np.exp(log_path), paths.levels.shape), rtol=1e-12
    )
    assert paths.end_phase1 == pytest.approx(np.exp(phase1))
    assert paths.end_phase2 == pytest.approx(np.exp(phase1 + phase2))
    # monotone fall in phase 1: the max drawdown is the phase-1 loss
    assert paths.phase1_max_drawdown == pytest.approx(np.exp(phase1) - 1.0)


def test_basket_bridge_hits_the_scenario_exactly() -> None:
    """With basket noise but no residuals, every path ends each phase at the same level,
    while the paths differ in between."""
    params = ScenarioParameters.from_values(
        **{
            **FIXED,
            "credit_sensitivity": 0.0,
            "liquidity_elasticity": 0.0,
            "dollar_elasticity": 0.0,
        }
    )
    paths = simulate_paths(
        shock_path(_spec(vol1=1.5, vol2=1.0), params),
        params,
        2000,
        seed=2,
        residuals="none",
        parameter_uncertainty=False,
    )
    np.testing.assert_allclose(paths.end_phase1, 0.70**1.2, rtol=1e-10)
    np.testing.assert_allclose(paths.end_phase2, 0.70**1.2 * 1.10**0.8, rtol=1e-10)
    mid = np.log(paths.levels[:, T1 // 2])
    # bridge variance at the midpoint: beta^2 sigma^2 (T/2)(T/2)/T * T/(T-1)
    expected = 1.2 * 1.5 * 0.02 * np.sqrt(T1 / 4 * T1 / (T1 - 1))
    assert mid.std() == pytest.approx(expected, rel=0.06)


def test_parameter_uncertainty_spreads_the_paths() -> None:
    params = dataclasses.replace(
        ScenarioParameters.from_values(**FIXED), stress_cov=np.diag([0.3**2, 0.0])
    )
    shocks = shock_path(_spec(), params)
    paths = simulate_paths(shocks, params, 20_000, seed=3, residuals="none")
    log_end1 = np.log(paths.end_phase1)
    assert log_end1.std() == pytest.approx(0.3 * abs(np.log(0.7)), rel=0.03)
    fixed = simulate_paths(
        shocks, params, 100, seed=3, residuals="none", parameter_uncertainty=False
    )
    assert np.ptp(fixed.end_phase1) == 0.0


@pytest.mark.parametrize("method", ["bootstrap", "normal", "student_t"])
def test_residual_methods_have_the_residual_volatility(method: str) -> None:
    params = ScenarioParameters.from_values(**{**FIXED, "residual_vol": 0.03})
    if method == "student_t":
        params = dataclasses.replace(params, stress_dof=4.0, recovery_dof=4.0)
    paths = simulate_paths(
        shock_path(_spec(), params),
        params,
        20_000,
        seed=4,
        residuals=method,
        parameter_uncertainty=False,
    )
    daily = np.diff(np.log(paths.levels), axis=1)
    residual = daily - daily.mean(axis=0)
    assert residual.std() == pytest.approx(0.03, rel=0.02)


def test_reproducible_and_seed_dependent() -> None:
    params = ScenarioParameters.from_values(**{**FIXED, "residual_vol": 0.03})
    shocks = shock_path(_spec(1.5, 1.0), params)
    a = simulate_paths(shocks, params, 500, seed=9)
    b = simulate_paths(shocks, params, 500, seed=9)
    c = simulate_paths(shocks, params, 500, seed=10)
    np.testing.assert_array_equal(a.levels, b.levels)
    assert not np.array_equal(a.levels, c.levels)


def _result(n_paths: int, seed: int):  # type: ignore[no-untyped-def]
    spec = _spec(1.5, 1.0)
    params = dataclasses.replace(
        ScenarioParameters.from_values(**{**FIXED, "residual_vol": 0.035}),
        stress_cov=np.diag([0.1**2, 0.02**2]),
    )
    paths = simulate_paths(shock_path(spec, params), params, n_paths, seed=seed)
    return scenario_result(spec, params, paths, ["note"], [], synthetic=True)


def test_quantiles_are_monotone() -> None:
    result = _result(5000, 5)
    fan = result.fan.to_numpy()
    assert (np.diff(fan, axis=1) >= 0).all()
    assert (fan[0] == 1.0).all() and len(fan) == T1 + T2 + 1
    for block in (result.phase1_drawdown["quantiles"], result.end_phase1, result.end_phase2):
        q = [block[k] for k in ("q05", "q25", "q50", "q75", "q95")]
        assert q == sorted(q)
    assert result.phase1_drawdown["quantiles"]["q95"] <= 0.0
    worse = [p["probability"] for p in result.phase1_drawdown["probabilities"]]
    assert worse == sorted(worse, reverse=True)  # thresholds 20%, 30%, 50%


def test_probabilities_converge_with_reported_standard_errors() -> None:
    small, big_a, big_b = _result(2_000, 1), _result(40_000, 2), _result(40_000, 3)
    for event in ("p_end_above_start", "p_survive_and_gain", "p_gain_in_phase2"):
        p_s, se_s = small.probability(event)
        p_a, se_a = big_a.probability(event)
        p_b, se_b = big_b.probability(event)
        assert 0.0 < p_a < 1.0
        assert se_a == pytest.approx(np.sqrt(p_a * (1 - p_a) / 40_000))
        assert se_s / se_a == pytest.approx(np.sqrt(20), rel=0.15)
        assert abs(p_a - p_b) < 4 * np.hypot(se_a, se_b)
        assert abs(p_s - p_a) < 4 * np.hypot(se_s, se_a)
    surv, _ = big_a.probability("p_survive_and_gain")
    assert surv <= big_a.probability("p_end_above_start")[0]
    assert surv <= big_a.probability("p_survive_phase1")[0]


def test_liquidity_impulse() -> None:
    phase = PhaseSpec(sessions=10, basket_change=0.0, net_liquidity_change_bn=580, m2_growth=0.02)
    assert liquidity_log_change(phase, "net_liquidity", 5800.0) == pytest.approx(np.log(1.1))
    assert liquidity_log_change(phase, "m2", 5800.0) == pytest.approx(np.log(1.02))
    drain = dataclasses.replace(phase, net_liquidity_change_bn=-6000)
    with pytest.raises(ConfigError, match="net liquidity"):
        liquidity_log_change(drain, "net_liquidity", 5800.0)
