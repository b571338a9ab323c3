"""Filtered historical simulation (scenarios/_fhs.py) on simulated GARCH(1,1) data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from arch import arch_model

from bubblelink.errors import DataError
from bubblelink.scenarios import ScenarioHistory, parse_scenario, stress_days
from bubblelink.scenarios._engine import block_rng
from bubblelink.scenarios._fhs import (
    FHSEngine,
    FHSFit,
    condition_on_basket,
    decorrelate,
    prepare_fhs,
    simulate_fhs,
)

#: True GARCH(1,1) parameters (decimal units) and the innovations' correlation.
TRUE = {
    "btc": {"omega": 4.5e-5, "alpha": 0.10, "beta": 0.85},  # persistence 0.95, vol 3%
    "basket": {"omega": 4.5e-6, "alpha": 0.08, "beta": 0.90},  # persistence 0.98, vol 1.5%
}
RHO = 0.6
#: Tolerance on alpha + beta (fit on 4000 sessions; sampling s.e. about 0.01).
PERSISTENCE_TOL = 0.03


def _uncond(name: str) -> float:
    p = TRUE[name]
    return p["omega"] / (1.0 - p["alpha"] - p["beta"])


def garch_history(n: int = 4000, seed: int = 3) -> ScenarioHistory:
    """Two GARCH(1,1) series whose normal innovations have correlation ``RHO``."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 2))
    z[:, 1] = RHO * z[:, 0] + np.sqrt(1 - RHO**2) * z[:, 1]
    names = ("btc", "basket")
    out = np.empty((n, 2))
    var = np.array([_uncond(k) for k in names])
    for t in range(n):
        out[t] = np.sqrt(var) * z[t]
        for i, k in enumerate(names):
            p = TRUE[k]
            var[i] = p["omega"] + p["alpha"] * out[t, i] ** 2 + p["beta"] * var[i]
    index = pd.date_range("2010-01-04", periods=n, freq="B", tz="UTC", name="date")
    return ScenarioHistory(
        daily=pd.DataFrame(out, index=index, columns=list(names)),
        liquidity=None,
        frequency="weekly",
        liquidity_level_bn=None,
        notes=[],
        provenance=[],
        synthetic=True,
    )


def scenario(p1: float = -0.25, p2: float = 0.10, s1: int = 30, s2: int = 60, **est: object):
    return parse_scenario(
        {
            "name": "fhs test",
            "phase1": {"sessions": s1, "basket_change": p1},
            "phase2": {"sessions": s2, "basket_change": p2},
            "estimation": est,
        }
    )


@pytest.fixture(scope="module")
def history() -> ScenarioHistory:
    return garch_history()


@pytest.fixture(scope="module")
def engine(history: ScenarioHistory) -> FHSEngine:
    return prepare_fhs(scenario(), history)


def test_fit_recovers_true_persistence(engine: FHSEngine) -> None:
    for i, name in enumerate(("btc", "basket")):
        true = TRUE[name]["alpha"] + TRUE[name]["beta"]
        assert abs(engine.fit.persistence[i] - true) < PERSISTENCE_TOL, name


def test_fhs_paths_have_the_simulated_persistence(engine: FHSEngine) -> None:
    """An unconditional FHS run (all dates in the pool, no shock), refitted with arch,
    shows the persistence of the process that generated the history."""
    fit = engine.fit
    paths = simulate_fhs(fit, 3, np.random.default_rng(5), [(fit.residuals, 6000)])
    for i, name in enumerate(("btc", "basket")):
        series = (paths.btc, paths.basket)[i]
        estimates = []
        for row in series:
            res = arch_model(100 * row, mean="Zero", vol="GARCH", p=1, q=1, rescale=False).fit(
                disp="off"
            )
            estimates.append(res.params["alpha[1]"] + res.params["beta[1]"])
        true = TRUE[name]["alpha"] + TRUE[name]["beta"]
        assert abs(np.mean(estimates) - true) < PERSISTENCE_TOL, (name, estimates)


def test_fhs_reproduces_unconditional_variance(engine: FHSEngine, history: ScenarioHistory) -> None:
    fit = engine.fit
    paths = simulate_fhs(fit, 2000, np.random.default_rng(9), [(fit.residuals, 600)])
    for i, name in enumerate(("btc", "basket")):
        series = (paths.btc, paths.basket)[i][:, 300:]  # burn-in from the last fitted state
        simulated = float(np.mean(series**2))
        # the fitted model's implied variance times the pool's mean square (MC error ~2%)
        implied = fit.unconditional_variance[i] * float(np.mean(fit.residuals[:, i] ** 2))
        assert simulated == pytest.approx(implied, rel=0.05), name
        # and the variance of the data-generating process and of the sample
        assert simulated == pytest.approx(_uncond(name), rel=0.15), name
        assert simulated == pytest.approx(float(np.var(history.daily[name])), rel=0.10), name


def test_joint_bootstrap_keeps_the_cross_asset_correlation(engine: FHSEngine) -> None:
    fit = engine.fit
    # the pool is decorrelated ...
    assert abs(np.corrcoef(fit.residuals, rowvar=False)[0, 1]) < 0.05
    paths = simulate_fhs(fit, 2000, np.random.default_rng(1), [(fit.residuals, 200)])
    e1 = paths.btc / np.sqrt(paths.btc_variance)
    e2 = paths.basket / np.sqrt(paths.basket_variance)
    simulated = float(np.corrcoef(e1.ravel(), e2.ravel())[0, 1])
    # ... and re-correlated by the DCC path: the simulated standardized residuals have the
    # innovations' correlation
    assert simulated == pytest.approx(RHO, abs=0.03)
    assert float(paths.correlation.mean()) == pytest.approx(RHO, abs=0.05)
    # drawing the two assets' residuals from different dates would lose it
    rng = np.random.default_rng(2)
    shuffled = np.column_stack([fit.residuals[:, 0], rng.permutation(fit.residuals[:, 1])])
    independent = FHSFit(**{**fit.__dict__, "q_next": np.eye(2), "qbar": np.eye(2)})
    indep = simulate_fhs(independent, 2000, np.random.default_rng(1), [(shuffled, 50)])
    assert abs(np.corrcoef(indep.btc.ravel(), indep.basket.ravel())[0, 1]) < 0.05


def test_decorrelate_inverts_the_cholesky_factor() -> None:
    rng = np.random.default_rng(0)
    eps = rng.standard_normal((50, 2))
    rho = rng.uniform(-0.9, 0.9, 50)
    z = decorrelate(eps, rho)
    back = np.column_stack([z[:, 0], rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1]])
    np.testing.assert_allclose(back, eps, atol=1e-12)


def test_recursion_matches_a_scalar_loop(engine: FHSEngine) -> None:
    """One-row pool: the draws are deterministic, so the paths follow by hand."""
    fit = engine.fit
    z = np.array([[-2.0, 1.5]])
    paths = simulate_fhs(fit, 2, np.random.default_rng(0), [(z, 4)])
    s2 = fit.variance_next.copy()
    q = fit.q_next.copy()
    for t in range(4):
        rho = q[0, 1] / np.sqrt(q[0, 0] * q[1, 1])
        e = np.array([z[0, 0], rho * z[0, 0] + np.sqrt(1 - rho**2) * z[0, 1]])
        u = np.sqrt(s2) * e
        assert paths.btc[1, t] == pytest.approx(u[0], rel=1e-12)
        assert paths.basket[1, t] == pytest.approx(u[1], rel=1e-12)
        assert paths.correlation[1, t] == pytest.approx(rho, rel=1e-12)
        s2 = fit.omega + fit.alpha * u**2 + fit.beta * s2
        q = (1 - fit.a - fit.b) * fit.qbar + fit.a * np.outer(e, e) + fit.b * q


def test_conditioning_hits_the_basket_change_on_every_path(engine: FHSEngine) -> None:
    block = engine.block(500, block_rng(7, 0))
    s1 = engine.sessions[0]
    np.testing.assert_allclose(block.basket[:, :s1].sum(axis=1), np.log(0.75), atol=1e-12)
    np.testing.assert_allclose(block.basket[:, s1:].sum(axis=1), np.log(1.10), atol=1e-12)
    assert block.btc.shape == block.basket.shape == block.correlation.shape == (500, 90)


def test_conditioning_shifts_btc_by_the_conditional_beta(engine: FHSEngine) -> None:
    free = engine.simulate(300, block_rng(7, 1), conditioned=False)
    shocked = engine.simulate(300, block_rng(7, 1), conditioned=True)
    np.testing.assert_array_equal(free.basket_variance, shocked.basket_variance)
    np.testing.assert_array_equal(free.correlation, shocked.correlation)
    shift = shocked.basket - free.basket
    beta = free.correlation * np.sqrt(free.btc_variance / free.basket_variance)
    np.testing.assert_allclose(shocked.btc - free.btc, beta * shift, atol=1e-14)
    # the shift within a phase is proportional to the simulated basket variance
    s1 = engine.sessions[0]
    ratio = shift[:, :s1] / free.basket_variance[:, :s1]
    np.testing.assert_allclose(ratio, ratio[:, :1] * np.ones_like(ratio), rtol=1e-9)


def test_condition_on_basket_known_answer() -> None:
    """Two sessions, variances 1 and 3: a gap of 0.4 is split 0.1 / 0.3."""
    from bubblelink.scenarios._fhs import FHSPaths

    paths = FHSPaths(
        btc=np.array([[0.0, 0.0]]),
        basket=np.array([[0.1, -0.1]]),
        btc_variance=np.array([[4.0, 4.0]]),
        basket_variance=np.array([[1.0, 3.0]]),
        correlation=np.array([[0.5, 0.5]]),
    )
    condition_on_basket(paths, (2,), (0.4,))
    np.testing.assert_allclose(paths.basket, [[0.2, 0.2]])
    np.testing.assert_allclose(paths.btc, [[0.5 * 2.0 * 0.1, 0.5 * (2.0 / np.sqrt(3.0)) * 0.3]])


def test_phase1_pool_is_the_stress_days(engine: FHSEngine, history: ScenarioHistory) -> None:
    expected = stress_days(history.daily["basket"], 0.10, -0.10, 21).to_numpy()
    np.testing.assert_array_equal(engine.fit.stress, expected)
    stress_pool, all_pool = engine.pools()
    assert len(stress_pool) == expected.sum() and len(all_pool) == len(history.daily)
    # stress residuals are the basket's bad days: their basket component is negative on average
    assert stress_pool[:, 1].mean() < -0.5 < all_pool[:, 1].mean()


def test_same_rng_same_block(engine: FHSEngine) -> None:
    a = engine.block(256, block_rng(11, 3))
    b = engine.block(256, block_rng(11, 3))
    c = engine.block(256, block_rng(11, 4))
    np.testing.assert_array_equal(a.btc, b.btc)
    np.testing.assert_array_equal(a.correlation, b.correlation)
    assert not np.array_equal(a.btc, c.btc)


def test_notes_and_model_state_the_choices(engine: FHSEngine) -> None:
    assert engine.name == "fhs" and engine.deterministic_paths is None
    assert engine.sessions == (30, 60)
    assert "stress days" in engine.model and "DCC" in engine.model
    assert any("not applied" in n for n in engine.notes)


def test_too_few_stress_days_is_a_data_error(history: ScenarioHistory) -> None:
    with pytest.raises(DataError, match="stress days"):
        prepare_fhs(scenario(stress_quantile=0.001, stress_drawdown=-0.9), history)


def test_phase1_draws_come_from_stress_days_only(engine: FHSEngine) -> None:
    """BTC's innovation is z1 of the drawn date (Cholesky order), so it identifies the pool."""
    paths = engine.simulate(200, block_rng(3, 0), conditioned=False)
    z1 = paths.btc / np.sqrt(paths.btc_variance)
    stress_pool, all_pool = engine.pools()
    s1 = engine.sessions[0]
    in_stress = np.isin(np.round(z1[:, :s1], 9), np.round(stress_pool[:, 0], 9))
    assert in_stress.all()
    later = np.isin(np.round(z1[:, s1:], 9), np.round(stress_pool[:, 0], 9))
    assert 0.05 < later.mean() < 0.4  # phase 2 draws from every date (stress share ~18%)
    assert np.isin(np.round(z1[:, s1:], 9), np.round(all_pool[:, 0], 9)).all()
