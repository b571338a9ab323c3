"""DCC(1,1)-GARCH(1,1): recovery of known parameters, correlation bounds, optimum, errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.dcc import DCC, DCCResult
from bubblelink.analytics.dcc._likelihood import (
    correlation_loglikelihood,
    dcc_correlations,
    dcc_q,
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
    assert frame.index[:2].tolist() == ["dcc a", "dcc b"]
    assert frame.shape[0] == 2 + 3 * 5
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
