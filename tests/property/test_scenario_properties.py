"""Scenario engines: every percentile the runner reports is ordered (hypothesis).

The factor engine with any sensitivities, and the filtered-historical-simulation engine
fitted once on a simulated GARCH history, run with small path counts: the fan's
``q05 <= q25 <= q50 <= q75 <= q95`` on every day, and the same order for the phase-1
drawdown and the end price; ``VaR <= ES`` at each level.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bubblelink.scenarios import (
    ScenarioParameters,
    factor_engine,
    load_scenario,
    parse_scenario,
    run_engines,
)
from bubblelink.scenarios._fhs import prepare_fhs
from tests.property._settings import SLOW
from tests.scenarios.test_fhs import garch_history

QUANTILES = ["q05", "q25", "q50", "q75", "q95"]


def _check_ordered(run) -> None:  # type: ignore[no-untyped-def]
    for outcome in run.engines:
        fan = outcome.fan[QUANTILES].to_numpy()
        assert np.all(np.diff(fan, axis=1) >= -1e-9 * np.abs(fan[:, 1:])), outcome.fan
        for summary in (outcome.phase1_drawdown, outcome.end_price):
            values = [summary[q] for q in QUANTILES]
            assert values == sorted(values), summary
        for row in outcome.risk:
            if "var" in row and "es" in row:
                assert row["var"] <= row["es"] + 1e-12, row


@SLOW
@given(
    t1=st.integers(1, 30),
    t2=st.integers(1, 30),
    basket_change=st.floats(-0.6, 0.3),
    stress_beta=st.floats(-1.0, 3.0),
    recovery_beta=st.floats(-1.0, 3.0),
    basket_vol=st.just(0.0) | st.floats(1e-5, 0.08),
    residual_vol=st.just(0.0) | st.floats(1e-5, 0.1),  # hand-set values, not subnormals
    paths=st.integers(5, 400),
    seed=st.integers(0, 2**31 - 1),
)
def test_factor_engine_percentiles_are_ordered(
    t1: int, t2: int, basket_change: float, stress_beta: float, recovery_beta: float,
    basket_vol: float, residual_vol: float, paths: int, seed: int,
) -> None:  # fmt: skip
    base = load_scenario("ai_credit_shock")
    spec = dataclasses.replace(
        base,
        phase1=dataclasses.replace(base.phase1, sessions=t1, basket_change=basket_change),
        phase2=dataclasses.replace(base.phase2, sessions=t2),
    )
    params = ScenarioParameters.from_values(
        stress_beta=stress_beta,
        recovery_beta=recovery_beta,
        basket_vol=basket_vol,
        credit_sensitivity=-0.05,
        liquidity_elasticity=1.0,
        dollar_elasticity=-1.0,
        residual_vol=residual_vol,
    )
    run = run_engines(spec, [factor_engine(spec, params)], start_price=90_000.0,
                      start_date="2025-12-01", below=[70_000.0], n_paths=paths, seed=seed)  # fmt: skip
    _check_ordered(run)


@pytest.fixture(scope="module")
def fhs_history():  # type: ignore[no-untyped-def]
    return garch_history(n=1500)


@SLOW
@given(
    s1=st.integers(2, 20),
    s2=st.integers(2, 20),
    p1=st.floats(-0.4, 0.0),
    paths=st.integers(5, 300),
    seed=st.integers(0, 2**31 - 1),
)
def test_fhs_engine_percentiles_are_ordered(
    fhs_history,
    s1: int,
    s2: int,
    p1: float,
    paths: int,
    seed: int,  # type: ignore[no-untyped-def]
) -> None:
    spec = parse_scenario(
        {
            "name": "fhs property",
            "phase1": {"sessions": s1, "basket_change": p1},
            "phase2": {"sessions": s2, "basket_change": 0.05},
        }
    )
    engine = prepare_fhs(spec, fhs_history)
    run = run_engines(spec, [engine], start_price=100.0, start_date="2025-12-01",
                      below=[80.0], n_paths=paths, seed=seed)  # fmt: skip
    _check_ordered(run)
