"""The chunked runner: determinism across chunk sizes and threads, known answers for
probabilities, VaR/ES and the fan, deterministic engines, correlation, plan bounds."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np
import pytest

from bubblelink.errors import ConfigError
from bubblelink.scenarios import (
    BLOCK_PATHS,
    MAX_PATHS,
    PathBlock,
    ScenarioParameters,
    ScenarioRun,
    _runner,
    block_rng,
    factor_engine,
    load_scenario,
    plan_run,
    run_engines,
    value_at_risk,
)


def _spec(t1: int = 40, t2: int = 80, **phase1: float):  # type: ignore[no-untyped-def]
    spec = load_scenario("ai_credit_shock")
    return dataclasses.replace(
        spec,
        phase1=dataclasses.replace(spec.phase1, sessions=t1, **phase1),
        phase2=dataclasses.replace(spec.phase2, sessions=t2),
    )


def _factor(spec, residual_vol: float = 0.03, beta: float = 1.3):  # type: ignore[no-untyped-def]
    params = ScenarioParameters.from_values(
        stress_beta=beta,
        recovery_beta=0.7,
        basket_vol=0.02,
        credit_sensitivity=-0.05,
        liquidity_elasticity=1.0,
        dollar_elasticity=-1.0,
        residual_vol=residual_vol,
    )
    return factor_engine(spec, params)


def _same(a: ScenarioRun, b: ScenarioRun) -> None:
    for x, y in zip(a.engines, b.engines, strict=True):
        np.testing.assert_array_equal(x.fan.to_numpy(), y.fan.to_numpy())
        assert x.phase1_drawdown == y.phase1_drawdown
        assert x.thresholds == y.thresholds
        assert x.risk == y.risk
        assert x.moves == y.moves
        assert x.probabilities == y.probabilities
    assert a.comparison.equals(b.comparison)


def test_chunk_size_and_threads_do_not_change_results() -> None:
    spec = _spec()
    engine = _factor(spec)
    n = 3 * BLOCK_PATHS + 517  # a partial last block
    kw = {"start_price": 90_000.0, "start_date": "2025-12-01", "below": [70_000, 60_000]}
    one = run_engines(spec, [engine], n_paths=n, seed=5, chunk_blocks=1, threads=1, **kw)
    three = run_engines(spec, [engine], n_paths=n, seed=5, chunk_blocks=3, threads=2, **kw)
    _same(one, three)
    assert one.plan["chunk_blocks"] == 1 and three.plan["chunk_blocks"] == 3
    other = run_engines(spec, [engine], n_paths=n, seed=6, **kw)
    assert one.engines[0].risk != other.engines[0].risk


def test_fan_subset_is_the_first_paths_whatever_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fan budget for ~1.5 blocks: the fan uses the first paths in block order
    spec = _spec(10, 10)
    monkeypatch.setattr(_runner, "FAN_BUDGET_BYTES", int(1.5 * BLOCK_PATHS * 21 * 8))
    engine = _factor(spec)
    n = 4 * BLOCK_PATHS
    kw = {"start_price": 100.0, "start_date": "2025-12-01", "n_paths": n, "seed": 2}
    a = run_engines(spec, [engine], chunk_blocks=1, threads=1, **kw)
    b = run_engines(spec, [engine], chunk_blocks=4, threads=2, **kw)
    _same(a, b)
    fan_paths = a.engines[0].fan_paths
    assert BLOCK_PATHS < fan_paths < n
    assert any("fan quantiles from the first" in note for note in a.engines[0].notes)
    # independent recomputation of the fan from the same blocks
    prices = []
    for i in range(4):
        block = engine.block(BLOCK_PATHS, block_rng(2, i))
        prices.append(100.0 * np.exp(np.cumsum(block.btc, axis=1)))
    levels = np.vstack(prices)[:fan_paths].astype(np.float32)
    expected = np.quantile(levels[:, -1], [0.05, 0.5, 0.95])
    got = a.engines[0].fan.loc[20, ["q05", "q50", "q95"]].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-6)


class _Fixed:
    """A Monte Carlo engine whose paths are given rows (cycled), for known answers."""

    name: ClassVar[str] = "fixed"
    model = "hand-made paths"
    deterministic_paths: int | None = None
    notes: tuple[str, ...] = ()

    def __init__(self, prices: np.ndarray, start: float, t1: int) -> None:
        levels = np.column_stack([np.full(len(prices), start), prices])
        self.returns = np.diff(np.log(levels), axis=1)
        self.sessions = (t1, prices.shape[1] - t1)

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        return PathBlock(btc=self.returns[:n_paths])


PRICES = np.array(
    [
        [85.0, 100.0, 100.0, 100.0],  # dips below 90 in phase 1, back to the start
        [95.0, 95.0, 92.0, 88.0],  # below 90 only at the end
        [110.0, 120.0, 130.0, 140.0],  # never below; ends above the start
        [75.0, 70.0, 79.0, 95.0],  # below 80 and 90 in phase 1, recovers
    ]
)


def test_threshold_probabilities_known_answer() -> None:
    spec = _spec(2, 2)
    engine = _Fixed(PRICES, 100.0, 2)
    run = run_engines(
        spec, [engine], start_price=100.0, start_date="d", below=[80, 90], n_paths=4, seed=0
    )
    outcome = run.engine("fixed")
    rows = {row["price"]: row for row in outcome.thresholds}
    assert run.below == [90.0, 80.0]
    assert rows[90.0]["p_below_any_time"] == 0.75
    assert rows[90.0]["p_below_any_time_phase1"] == 0.5
    assert rows[90.0]["p_below_end"] == 0.25
    assert rows[80.0]["p_below_any_time"] == 0.25
    assert rows[80.0]["p_below_any_time_phase1"] == 0.25
    assert rows[80.0]["p_below_end"] == 0.0
    assert rows[90.0]["p_below_end_std_error"] == pytest.approx(np.sqrt(0.25 * 0.75 / 4))
    assert outcome.probability("p_end_above_start") == (0.25, pytest.approx(np.sqrt(0.75 / 16)))
    # phase-1 max drawdowns -15%, -5%, 0, -30%: median -10%
    assert outcome.phase1_drawdown["q50"] == pytest.approx(-0.10)
    assert outcome.phase1_drawdown["mean"] == pytest.approx(-0.125)
    # the fan at the end: exact quantiles of 100, 88, 140, 95
    assert outcome.fan.loc[4, "q50"] == pytest.approx(97.5)
    assert outcome.end_price["q50"] == pytest.approx(97.5)
    assert run.comparison.loc["fixed", "median_end_price"] == pytest.approx(97.5)
    assert outcome.fan.loc[0, "q05"] == 100.0
    assert outcome.fan.loc[4, "mean"] == pytest.approx((100 + 88 + 140 + 95) / 4)


def test_value_at_risk_against_numpy_on_a_small_sample() -> None:
    losses = np.arange(1, 101) / 100.0  # 0.01 .. 1.00
    var, es = value_at_risk(losses, 0.95)
    assert var == pytest.approx(0.9505)  # numpy linear: 0.95 + 0.05 * 0.01
    assert es == pytest.approx(np.mean([0.96, 0.97, 0.98, 0.99, 1.00]))
    var99, es99 = value_at_risk(losses, 0.99)
    assert var99 == pytest.approx(0.9901) and es99 == pytest.approx(1.0)


def test_runner_var_es_match_numpy_on_the_same_paths() -> None:
    spec = _spec(5, 7)
    engine = _factor(spec)
    n = 2 * BLOCK_PATHS
    run = run_engines(spec, [engine], start_price=50.0, start_date="d", n_paths=n, seed=9)
    r = np.vstack([engine.block(BLOCK_PATHS, block_rng(9, i)).btc for i in range(2)])
    windows = {"phase1": r[:, :5].sum(1), "phase2": r[:, 5:].sum(1), "horizon": r.sum(1)}
    for row in run.engine("factor").risk:
        loss = -np.expm1(windows[row["window"]])
        var = np.quantile(loss, row["level"])
        assert row["var"] == pytest.approx(var, rel=1e-12)
        assert row["es"] == pytest.approx(loss[loss >= var].mean(), rel=1e-12)
        assert row["n"] == n


def test_null_scenario_reproduces_the_models_unconditional_moments() -> None:
    # nothing shocked: no basket change, no credit, liquidity or dollar impulse
    spec = _spec(30, 30, basket_change=0.0, credit_spread_bp=0.0, vol_multiplier=1.0)
    spec = dataclasses.replace(
        spec,
        phase2=dataclasses.replace(
            spec.phase2,
            basket_change=0.0,
            credit_spread_bp=0.0,
            net_liquidity_change_bn=0.0,
            dollar_change=0.0,
        ),
        simulation=dataclasses.replace(
            spec.simulation, residuals="normal", parameter_uncertainty=False
        ),
    )
    beta, basket_vol, resid = 1.3, 0.02, 0.03
    engine = _factor(spec, residual_vol=resid, beta=beta)
    block = engine.block(BLOCK_PATHS * 4, block_rng(3, 0))
    r = block.btc[:, :30]  # phase 1 (stress beta)
    n = r.shape[0]
    expected_var = beta**2 * basket_vol**2 + resid**2
    # each session across independent paths: mean 0 and the model variance
    for t in (0, 14, 29):
        x = r[:, t]
        assert abs(x.mean()) < 4 * np.sqrt(expected_var / n)
        assert abs(x.var(ddof=1) - expected_var) < 4 * expected_var * np.sqrt(2 / (n - 1))
    # pooled over sessions and paths
    assert abs(r.mean()) < 4 * np.sqrt(expected_var / n)


def test_gaussian_beta_special_case_mean_phase1_move() -> None:
    x = 0.25  # basket log move of -X over phase 1
    spec = _spec(20, 20, basket_change=float(np.expm1(-x)), credit_spread_bp=0.0)
    spec = dataclasses.replace(
        spec,
        simulation=dataclasses.replace(
            spec.simulation, residuals="normal", parameter_uncertainty=False
        ),
    )
    beta, resid = 1.4, 0.03
    engine = _factor(spec, residual_vol=resid, beta=beta)
    n = 8 * BLOCK_PATHS
    run = run_engines(spec, [engine], start_price=100.0, start_date="d", n_paths=n, seed=4)
    phase1 = next(m for m in run.engine("factor").moves if m["window"] == "phase1")
    assert phase1["std_error"] == pytest.approx(resid * np.sqrt(20 / n), rel=0.05)
    assert abs(phase1["mean_log_move"] - beta * -x) < 4 * phase1["std_error"]


class _Replay:
    """A deterministic engine: two labelled paths, the rng ignored."""

    name: ClassVar[str] = "replay"
    model = "two episodes"
    deterministic_paths: int | None = 2
    notes: tuple[str, ...] = ()
    sessions = (2, 2)

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        btc = np.log(np.array([[0.9, 1.0, 1.0, 1.2], [0.8, 1.0, 1.0, 1.0]]))
        corr = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]])
        return PathBlock(
            btc=btc[:n_paths], correlation=corr[:n_paths], labels=("2020 crash", "2022 tightening")
        )


def test_deterministic_engine_is_reported_per_label_not_as_a_distribution() -> None:
    spec = _spec(2, 2)
    run = run_engines(
        spec, [_Replay()], start_price=100.0, start_date="d", below=[85.0], n_paths=50_000, seed=1
    )
    outcome = run.engine("replay")
    assert outcome.kind == "deterministic" and outcome.n_paths == 2
    assert outcome.risk == [] and outcome.probabilities == [] and outcome.thresholds == []
    labels = outcome.per_label
    assert labels is not None and list(labels.index) == ["2020 crash", "2022 tightening"]
    assert labels.loc["2020 crash", "end_price"] == pytest.approx(100 * 0.9 * 1.2)
    assert labels.loc["2022 tightening", "phase1_max_drawdown"] == pytest.approx(-0.2)
    assert not labels.loc["2020 crash", "below_85_any_time"]
    assert labels.loc["2022 tightening", "below_85_end"]
    assert list(outcome.fan.columns) == ["2020 crash", "2022 tightening"]
    assert outcome.correlation is not None
    assert outcome.correlation.loc[3, "2022 tightening"] == pytest.approx(0.7)
    row = run.comparison.loc["replay"]
    assert np.isnan(row["var_99_horizon"]) and row["paths"] == 2


class _Correlated(_Fixed):
    name: ClassVar[str] = "correlated"

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        corr = rng.uniform(-1, 1, size=(n_paths, self.returns.shape[1]))
        btc = np.resize(self.returns, (n_paths, self.returns.shape[1]))
        return PathBlock(btc=btc, correlation=corr)


def test_correlation_path_mean_and_quantiles() -> None:
    spec = _spec(2, 2)
    engine = _Correlated(PRICES, 100.0, 2)
    n = BLOCK_PATHS + 10
    run = run_engines(spec, [engine], start_price=100.0, start_date="d", n_paths=n, seed=8)
    corr = np.vstack(
        [
            engine.block(BLOCK_PATHS, block_rng(8, 0)).correlation,
            engine.block(10, block_rng(8, 1)).correlation,
        ]
    )
    table = run.engine("correlated").correlation
    assert table is not None and list(table.index) == [1, 2, 3, 4]
    np.testing.assert_allclose(table["mean"].to_numpy(), corr.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(
        table["q50"].to_numpy(), np.median(corr.astype(np.float32), axis=0), rtol=1e-6
    )


def test_plan_bounds_paths_before_any_work() -> None:
    with pytest.raises(ConfigError, match=r"--paths 1,000,001 is above the maximum"):
        plan_run(MAX_PATHS + 1, 120)
    with pytest.raises(ConfigError, match=r"above the memory budget"):
        plan_run(1_000_000, 252, budget_bytes=64 << 20)
    small, large = plan_run(100_000, 252), plan_run(MAX_PATHS, 252)
    # memory flat as paths grow: the fan subset is capped, the per-path part is 48 bytes
    assert small.fan_paths == 100_000 and large.fan_paths < MAX_PATHS
    assert large.estimated_peak_bytes < _runner.MEMORY_BUDGET_BYTES
    assert large.estimated_peak_bytes - small.estimated_peak_bytes < 300 << 20


def test_fan_days_keep_phase_boundary_and_ends() -> None:
    days = _runner.fan_days(84, 252)
    assert days[0] == 0 and days[-1] == 252 and 84 in days and days.size <= 65
    np.testing.assert_array_equal(_runner.fan_days(40, 50), np.arange(51))


def test_run_chart_draws_bands_labels_and_thresholds() -> None:
    from bubblelink.report.charts import scenario_run_chart

    spec = _spec(2, 2)
    run = run_engines(
        spec,
        [_Fixed(PRICES, 100.0, 2), _Replay()],
        start_price=100.0,
        start_date="2025-12-31",
        below=[90.0],
        n_paths=4,
        seed=0,
    )
    fig = scenario_run_chart(run, synthetic=False)
    names = [trace.name for trace in fig.data]
    assert "fixed median" in names and "fixed 5-95%" in names
    assert "replay: 2020 crash" in names and "replay: 2022 tightening" in names
    assert [shape.y0 for shape in fig.layout.shapes if shape.type == "line" and shape.y0] == [90.0]
    assert "BTC price from 100" in fig.layout.title.text


def test_null_scenario_moments_of_the_fitted_model() -> None:
    """Fitted on simulated history (bootstrap residuals, no parameter uncertainty): with
    nothing shocked, each session's BTC return has the fitted model's mean and variance,
    beta^2 sigma_b^2 + the residual sample's variance, in each phase."""
    from bubblelink.scenarios import prepare_factor
    from tests.scenarios._simulated import simulated_history

    spec = _spec(10, 10, basket_change=0.0, credit_spread_bp=0.0, vol_multiplier=1.0)
    spec = dataclasses.replace(
        spec,
        phase2=dataclasses.replace(
            spec.phase2,
            basket_change=0.0,
            credit_spread_bp=0.0,
            net_liquidity_change_bn=0.0,
            dollar_change=0.0,
            vol_multiplier=1.0,
        ),
        simulation=dataclasses.replace(
            spec.simulation, residuals="bootstrap", parameter_uncertainty=False
        ),
    )
    engine = prepare_factor(spec, simulated_history())
    p = engine.params
    r = np.vstack([engine.block(BLOCK_PATHS, block_rng(12, i)).btc for i in range(4)])
    n = r.shape[0]
    for columns, beta, resid in (
        (slice(0, 10), p.stress_beta, p.stress_residuals),
        (slice(10, 20), p.recovery_beta, p.recovery_residuals),
    ):
        mean = float(resid.mean())
        var = beta**2 * p.basket_vol**2 + float(resid.var())
        x = r[:, columns]
        for t in range(10):
            assert abs(x[:, t].mean() - mean) < 4 * np.sqrt(var / n)
            # fat-tailed residuals: the variance's standard error from the 4th moment
            se = np.sqrt((np.mean((x[:, t] - x[:, t].mean()) ** 4) - x[:, t].var() ** 2) / n)
            assert abs(x[:, t].var(ddof=1) - var) < 4 * se
