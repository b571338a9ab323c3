"""DCC(1,1)-GARCH(1,1): recovery of known parameters, correlation bounds, optimum, errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import multivariate_t

from bubblelink.analytics.dcc import DCC, DCCResult
from bubblelink.analytics.dcc._likelihood import (
    correlation_loglikelihood,
    dcc_correlations,
    dcc_q,
    student_t_log_density,
    student_t_loglik_terms,
    target_matrix,
)
from bubblelink.errors import DataError
from tests.analytics.dcc._simulate import simulate_dcc

TRUE_A, TRUE_B = 0.05, 0.90
CORR = np.array([[1.0, 0.5], [0.5, 1.0]])


@pytest.fixture(scope="module")
def fitted_5000() -> DCCResult:
    returns = simulate_dcc(5000, TRUE_A, TRUE_B, CORR, seed=20240611)
    return DCC().fit(returns)


def test_recovers_known_dcc_parameters(fitted_5000: DCCResult) -> None:
    assert abs(fitted_5000.a - TRUE_A) <= 0.02, fitted_5000.params
    assert abs(fitted_5000.b - TRUE_B) <= 0.05, fitted_5000.params
    assert fitted_5000.converged
    std_error = fitted_5000.params["std_error"]
    assert np.all(np.isfinite(std_error)) and np.all(std_error > 0)
    assert 0.001 < std_error["a"] < 0.03  # ~0.007 expected at T=5000


def test_recovers_margins(fitted_5000: DCCResult) -> None:
    margins = fitted_5000.margins.set_index(["series", "parameter"])["estimate"]
    for name in ("S0", "S1"):
        assert margins[(name, "alpha")] == pytest.approx(0.08, abs=0.03)
        assert margins[(name, "beta")] == pytest.approx(0.90, abs=0.04)
        # omega is reported on the percent scale: 2e-6 * 100^2 = 0.02
        assert margins[(name, "omega")] == pytest.approx(0.02, rel=0.6)


def test_correlations_within_bounds_and_near_target(fitted_5000: DCCResult) -> None:
    corr = fitted_5000.correlations
    assert list(corr.columns) == ["S0~S1"]
    assert len(corr) == fitted_5000.n == 5000
    assert corr.to_numpy().min() >= -1.0 and corr.to_numpy().max() <= 1.0
    assert corr["S0~S1"].mean() == pytest.approx(0.5, abs=0.05)
    assert fitted_5000.unconditional_correlation.loc["S0", "S1"] == pytest.approx(0.5, abs=0.05)


def test_likelihood_at_optimum_beats_nearby_points(fitted_5000: DCCResult) -> None:
    eps = fitted_5000.std_resid.to_numpy()
    a, b = fitted_5000.a, fitted_5000.b
    best = correlation_loglikelihood(eps, a, b)
    assert best == pytest.approx(fitted_5000.loglikelihood_correlation)
    for da, db in [
        (0.005, 0),
        (-0.005, 0),
        (0, 0.01),
        (0, -0.01),
        (0.003, -0.003),
        (-0.003, 0.003),
    ]:
        assert correlation_loglikelihood(eps, a + da, b + db) < best


def test_vectorised_recursion_matches_plain_loop() -> None:
    rng = np.random.default_rng(5)
    eps = rng.standard_normal((300, 3))
    a, b = 0.07, 0.85
    qbar = target_matrix(eps)
    q = qbar.copy()
    expected = [qbar]
    for t in range(1, 300):
        q = (1 - a - b) * qbar + a * np.outer(eps[t - 1], eps[t - 1]) + b * q
        expected.append(q)
    got = dcc_q(eps, a, b, qbar)
    np.testing.assert_allclose(got, np.array(expected), rtol=1e-12, atol=1e-12)
    r = dcc_correlations(got)
    np.testing.assert_allclose(np.einsum("tii->ti", r), 1.0)
    # log-likelihood against a per-observation loop
    total = 0.0
    for t in range(300):
        rt = r[t]
        total += -0.5 * (
            np.log(np.linalg.det(rt)) + eps[t] @ np.linalg.inv(rt) @ eps[t] - eps[t] @ eps[t]
        )
    assert correlation_loglikelihood(eps, a, b) == pytest.approx(total, rel=1e-10)


def test_three_assets_student_t_and_outputs() -> None:
    corr = np.array([[1.0, 0.4, 0.2], [0.4, 1.0, 0.3], [0.2, 0.3, 1.0]])
    returns = simulate_dcc(1200, 0.04, 0.92, corr, seed=11)
    result = DCC(dist="t", cov_type="hessian").fit(returns)
    assert list(result.correlations.columns) == ["S0~S1", "S0~S2", "S1~S2"]
    assert np.abs(result.correlations.to_numpy()).max() <= 1.0
    assert "nu" in set(result.margins["parameter"])
    frame = result.to_frame()
    assert frame.index[:3].tolist() == ["dcc a", "dcc b", "dcc nu"]
    assert frame.shape[0] == 3 + 3 * 5
    # Gaussian data: the joint shape runs to its upper bound, and the note says so
    assert result.nu == pytest.approx(500.0)
    assert any("data look Gaussian" in n for n in result.notes)
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["dist"] == "t" and len(payload["correlations"]) == 1200
    # the project's vocabulary, in the frames and on the wire
    estimate_cols = ["estimate", "std_error", "z", "p_value", "ci_low", "ci_high"]
    assert list(frame.columns) == estimate_cols
    assert list(result.margins.columns) == ["series", "parameter", *estimate_cols]
    assert payload["n"] == 1200 and "nobs" not in payload
    assert set(payload["params"][0]) == {"parameter", *estimate_cols}
    text = result.summary()
    assert "DCC(1,1)-GARCH(1,1)" in text and "S1~S2" in text and "first-step" in text
    # volatility is back in decimal return units
    assert result.volatility.mean().between(0.005, 0.05).all()


def test_nan_rows_dropped_with_note() -> None:
    returns = simulate_dcc(600, TRUE_A, TRUE_B, CORR, seed=3)
    returns.iloc[[10, 20, 30], 0] = np.nan
    result = DCC().fit(returns)
    assert result.n == 597
    assert any("dropped 3 of 600 rows" in n and "S0 3" in n for n in result.notes)


def test_bad_input_raises_clear_errors() -> None:
    returns = simulate_dcc(300, TRUE_A, TRUE_B, CORR, seed=4)
    constant = returns.assign(S1=0.001)
    with pytest.raises(DataError, match="S1 is constant over the 300"):
        DCC().fit(constant)
    with pytest.raises(DataError, match=r"only 50 complete observations.*at least 100"):
        DCC().fit(returns.iloc[:50])
    with pytest.raises(DataError, match="at least 2 series"):
        DCC().fit(returns[["S0"]])
    with pytest.raises(DataError, match="unknown margin distribution"):
        DCC(dist="skewt")  # type: ignore[arg-type]


def test_simulation_is_seeded() -> None:
    one = simulate_dcc(50, TRUE_A, TRUE_B, CORR, seed=1)
    two = simulate_dcc(50, TRUE_A, TRUE_B, CORR, seed=1)
    pd.testing.assert_frame_equal(one, two)


def test_normal_results_are_those_of_the_implementation_before_the_options(
    fitted_5000: DCCResult,
) -> None:
    """Figures of the same fit by the code before qbar/variance_start/mvt existed."""
    assert (fitted_5000.qbar, fitted_5000.variance_start) == ("second_moment", "backcast")
    np.testing.assert_allclose(
        fitted_5000.params["estimate"], [0.05089924498375998, 0.8924245071732168], rtol=1e-9
    )
    np.testing.assert_allclose(
        fitted_5000.params["std_error"], [0.007390675824228676, 0.018902173269941085], rtol=1e-6
    )
    assert fitted_5000.loglikelihood == pytest.approx(32914.02996265453, rel=1e-12)
    assert fitted_5000.nu is None


def test_qbar_second_moment_and_sample_correlation(fitted_5000: DCCResult) -> None:
    eps = fitted_5000.std_resid
    # second moment: ε'ε/T, not demeaned, diagonal only near one
    moment = target_matrix(eps.to_numpy())
    assert moment[0, 1] == pytest.approx(float((eps["S0"] * eps["S1"]).mean()), rel=1e-12)
    assert moment[0, 0] == pytest.approx(float((eps["S0"] ** 2).mean()), rel=1e-12)
    sample = target_matrix(eps.to_numpy(), "sample")
    np.testing.assert_allclose(sample, eps.corr().to_numpy(), rtol=1e-12)
    returns = simulate_dcc(5000, TRUE_A, TRUE_B, CORR, seed=20240611)
    with_sample = DCC(qbar="sample").fit(returns)
    assert with_sample.qbar == "sample" and with_sample.to_dict()["qbar"] == "sample"
    np.testing.assert_allclose(
        with_sample.unconditional_correlation.to_numpy(), eps.corr().to_numpy(), rtol=1e-12
    )
    assert abs(with_sample.a - TRUE_A) <= 0.02 and abs(with_sample.b - TRUE_B) <= 0.05
    # the first Q_t is the target: R_1 is its correlation
    assert with_sample.correlations.iloc[0, 0] == pytest.approx(sample[0, 1], rel=1e-12)
    assert fitted_5000.correlations.iloc[0, 0] == pytest.approx(
        moment[0, 1] / np.sqrt(moment[0, 0] * moment[1, 1]), rel=1e-12
    )


@pytest.mark.parametrize("variance_start", ["backcast", "sample"])
def test_variance_start_of_the_garch_recursion(variance_start: str) -> None:
    """σ²_1 = ω + (α + β) v, v = arch's 0.94-weighted backcast or the sample variance."""
    returns = simulate_dcc(800, TRUE_A, TRUE_B, CORR, seed=8)
    result = DCC(variance_start=variance_start).fit(returns)  # type: ignore[arg-type]
    assert result.variance_start == variance_start
    y = returns["S0"].to_numpy() * 100.0
    u = y - y.mean()
    if variance_start == "backcast":
        w = 0.94 ** np.arange(75)
        v = float(np.sum(u[:75] ** 2 * w) / w.sum())
    else:
        v = float(np.mean(u**2))
    m = result.margins.set_index(["series", "parameter"])["estimate"]
    first = m[("S0", "omega")] + (m[("S0", "alpha")] + m[("S0", "beta")]) * v
    assert (result.volatility["S0"].iloc[0] * 100.0) ** 2 == pytest.approx(first, rel=1e-10)


def test_student_t_density_is_scipys_multivariate_t_with_covariance_r() -> None:
    rng = np.random.default_rng(2)
    corr = np.array([[1.0, 0.6, -0.2], [0.6, 1.0, 0.1], [-0.2, 0.1, 1.0]])
    eps = rng.standard_normal((50, 3))
    for nu in (2.5, 5.0, 30.0):
        ref = multivariate_t(loc=np.zeros(3), shape=corr * (nu - 2.0) / nu, df=nu).logpdf(eps)
        np.testing.assert_allclose(student_t_log_density(eps, corr, nu), ref, rtol=1e-12)


@pytest.fixture(scope="module")
def student_t_fit() -> tuple[pd.DataFrame, DCCResult]:
    corr = np.array([[1.0, 0.4, 0.2], [0.4, 1.0, 0.3], [0.2, 0.3, 1.0]])
    returns = simulate_dcc(3000, 0.04, 0.92, corr, seed=0, nu=6.0)
    return returns, DCC(dist="t").fit(returns)


def test_dcc_t_recovers_the_joint_shape(student_t_fit: tuple[pd.DataFrame, DCCResult]) -> None:
    """Simulated DCC-t (ν = 6, 3 series, T = 3000): ν within 1 and 3 standard errors.

    Over seeds 0-7 the estimate ranged 5.6-6.5 with standard errors 0.23-0.33.
    """
    _, result = student_t_fit
    assert result.converged and result.dist == "t"
    nu, nu_se = result.nu, float(result.params.loc["nu", "std_error"])
    assert nu is not None
    assert abs(nu - 6.0) <= 1.0 and abs(nu - 6.0) <= 3.0 * nu_se, result.params
    assert abs(result.a - 0.04) <= 0.02 and abs(result.b - 0.92) <= 0.05
    eps = result.std_resid.to_numpy()
    best = float(student_t_loglik_terms(eps, result.a, result.b, nu).sum())
    assert best == pytest.approx(result.loglikelihood_correlation, rel=1e-12)
    for d_nu in (-0.3, 0.3):
        assert student_t_loglik_terms(eps, result.a, result.b, nu + d_nu).sum() < best


def test_dcc_t_loglikelihood_is_the_density_of_the_returns(
    student_t_fit: tuple[pd.DataFrame, DCCResult],
) -> None:
    """Σ_t log t_ν(r_t; μ, D_t R_t D_t) by scipy, one observation at a time."""
    returns, result = student_t_fit
    nu = result.nu
    assert nu is not None
    mu = result.margins.set_index(["series", "parameter"])["estimate"]
    names = list(result.symbols)
    total = 0.0
    for t in range(len(returns)):
        r = np.eye(3)
        for pair, value in result.correlations.iloc[t].items():
            i, j = (names.index(s) for s in str(pair).split("~"))
            r[i, j] = r[j, i] = value
        d = np.diag(result.volatility.iloc[t].to_numpy())
        u = returns.iloc[t].to_numpy() - np.array([mu[(s, "mu")] / 100.0 for s in names])
        total += multivariate_t(shape=d @ r @ d * (nu - 2.0) / nu, df=nu).logpdf(u)
    assert result.loglikelihood == pytest.approx(total, rel=1e-9)


def test_unknown_conventions_raise() -> None:
    with pytest.raises(DataError, match="unknown qbar 'pearson'"):
        DCC(qbar="pearson")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="unknown variance_start 'zero'"):
        DCC(variance_start="zero")  # type: ignore[arg-type]
