"""Generalized FEVD against an independent computation, DY identities, statsmodels checks."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.api import VAR
from statsmodels.tsa.vector_ar.var_model import VARProcess

from bubblelink.analytics.spillover import (
    RollingSpillover,
    VARSpillover,
    cholesky_fevd,
    connectedness,
    generalized_fevd,
    ma_coefficients,
    row_normalise,
)
from bubblelink.analytics.spillover._var import ols_var
from bubblelink.errors import DataError

A1 = np.array([[0.30, 0.10, -0.05], [0.20, 0.15, 0.05], [-0.10, 0.25, 0.40]])
SIGMA = np.array([[1.00, 0.40, 0.20], [0.40, 2.00, -0.30], [0.20, -0.30, 1.50]])


def reference_gfevd(a: np.ndarray, sigma: np.ndarray, horizon: int) -> np.ndarray:
    """Pesaran-Shin (1998) GFEVD of a VAR(1), straight from the formula with loops."""
    k = a.shape[0]
    eye = np.eye(k)
    theta = np.zeros((k, k))
    for i in range(k):
        e_i = eye[:, i]
        denominator = sum(
            e_i @ np.linalg.matrix_power(a, h) @ sigma @ np.linalg.matrix_power(a, h).T @ e_i
            for h in range(horizon)
        )
        for j in range(k):
            e_j = eye[:, j]
            numerator = sum(
                (e_i @ np.linalg.matrix_power(a, h) @ sigma @ e_j) ** 2 for h in range(horizon)
            )
            theta[i, j] = numerator / sigma[j, j] / denominator
    return theta


def simulate_var(coefs: list[np.ndarray], sigma: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    k = sigma.shape[0]
    p = len(coefs)
    chol = np.linalg.cholesky(sigma)
    y = np.zeros((n + 200, k))
    for t in range(p, n + 200):
        y[t] = sum(coefs[j] @ y[t - 1 - j] for j in range(p)) + chol @ rng.standard_normal(k)
    index = pd.date_range("2015-01-01", periods=n, freq="D", tz="UTC", name="date")
    return pd.DataFrame(y[200:] * 0.01, index=index, columns=[f"V{i}" for i in range(k)])


@pytest.mark.parametrize("horizon", [1, 2, 10, 25])
def test_gfevd_matches_independent_formula(horizon: int) -> None:
    got = generalized_fevd(A1[None], SIGMA, horizon)
    expected = reference_gfevd(A1, SIGMA, horizon)
    assert np.abs(got - expected).max() < 1e-8


def test_ma_coefficients_match_statsmodels() -> None:
    a2 = np.array([[0.1, 0.0, 0.05], [-0.05, 0.1, 0.0], [0.0, 0.02, -0.1]])
    coefs = np.stack([A1, a2])
    process = VARProcess(coefs, np.zeros(3), SIGMA)
    np.testing.assert_allclose(ma_coefficients(coefs, 12), process.ma_rep(11), atol=1e-12)


def test_diagonal_system_has_zero_spillover() -> None:
    a = np.diag([0.5, -0.2, 0.3])
    sigma = np.diag([1.0, 4.0, 0.5])
    theta = row_normalise(generalized_fevd(a[None], sigma, 10))
    np.testing.assert_allclose(theta, np.eye(3), atol=1e-15)
    conn = connectedness(theta)
    assert conn.total == 0.0
    assert np.all(conn.to_others == 0) and np.all(conn.from_others == 0) and np.all(conn.net == 0)


def test_generalized_equals_cholesky_when_shocks_uncorrelated() -> None:
    sigma = np.diag([1.0, 2.0, 1.5])
    np.testing.assert_allclose(
        generalized_fevd(A1[None], sigma, 10), cholesky_fevd(A1[None], sigma, 10), atol=1e-13
    )


def test_generalized_is_order_invariant() -> None:
    perm = [2, 0, 1]
    theta = generalized_fevd(A1[None], SIGMA, 10)
    permuted = generalized_fevd(A1[perm][:, perm][None], SIGMA[perm][:, perm], 10)
    np.testing.assert_allclose(permuted, theta[perm][:, perm], atol=1e-13)


def test_cholesky_matches_statsmodels_fevd() -> None:
    data = simulate_var([A1], SIGMA, 800, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = VAR(data.to_numpy()).fit(2)
    expected = res.fevd(10).decomp[:, 9, :]  # (variable, horizon, shock) at H = 10
    np.testing.assert_allclose(cholesky_fevd(res.coefs, res.sigma_u, 10), expected, atol=1e-12)
    result = VARSpillover(lags=2, decomposition="cholesky").fit(data)
    np.testing.assert_allclose(result.table.to_numpy() / 100, expected, atol=1e-12)


def test_connectedness_identities() -> None:
    theta = row_normalise(generalized_fevd(A1[None], SIGMA, 10))
    conn = connectedness(theta)
    k = 3
    np.testing.assert_allclose(conn.table.sum(axis=1), 100.0)
    off = theta.sum() - np.trace(theta)
    assert conn.total == pytest.approx(100 * off / k)
    assert conn.total == pytest.approx(conn.from_others.mean())
    assert conn.total == pytest.approx(conn.to_others.mean())
    assert conn.net.sum() == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(conn.pairwise_net, -conn.pairwise_net.T)
    assert conn.pairwise_net[0, 1] == pytest.approx(100 * (theta[1, 0] - theta[0, 1]))
    np.testing.assert_allclose(conn.pairwise_net.sum(axis=1), conn.net, atol=1e-12)


def test_var_spillover_on_simulated_data() -> None:
    data = simulate_var([A1], SIGMA, 3000, seed=2)
    result = VARSpillover(horizon=10).fit(data)
    assert result.lags == 1  # true order, chosen by AIC
    # with 3000 rows the estimate is close to the population GFEVD
    truth = 100 * row_normalise(reference_gfevd(A1, SIGMA, 10))
    assert np.abs(result.table.to_numpy() - truth).max() < 2.0
    frame = result.to_frame()
    assert frame.loc["to_others", "from_others"] == pytest.approx(result.total)
    assert list(frame.index) == ["V0", "V1", "V2", "to_others", "net"]
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["total"] == pytest.approx(result.total)
    assert "Total spillover index" in result.summary()


def test_lag_selection_matches_statsmodels() -> None:
    a2 = np.array([[0.3, 0.0, 0.0], [0.0, -0.3, 0.0], [0.2, 0.0, 0.25]])
    data = simulate_var([A1, a2], SIGMA, 1500, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = VAR(data.to_numpy()).select_order(6).selected_orders
    for ic in ("aic", "bic"):
        result = VARSpillover(ic=ic, max_lags=6).fit(data)
        assert result.lags == max(1, expected[ic])
        assert ic.upper() in result.lag_selection


@pytest.mark.parametrize(("n_obs", "lags"), [(250, 3), (200, 1), (200, 2), (60, 4)])
def test_numpy_ols_matches_statsmodels_var(n_obs: int, lags: int) -> None:
    """The hand-written rolling fit (kept for speed: bench/bench_spillover.py) equals
    statsmodels' ``VAR.fit``: coefficients to 1e-10, residual covariance to 1e-12."""
    data = simulate_var([A1], SIGMA, n_obs, seed=4 + lags).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = VAR(data).fit(lags, trend="c")
    coefs, sigma = ols_var(data, lags)
    np.testing.assert_allclose(coefs, res.coefs, atol=1e-10)
    np.testing.assert_allclose(sigma, res.sigma_u, atol=1e-12)


def test_rolling_windows_equal_statsmodels_fits() -> None:
    """Every window of a rolling run equals the statsmodels VAR fit of that window."""
    data = simulate_var([A1], SIGMA, 260, seed=8)
    rolling = RollingSpillover(window=200, step=20, lags=2).fit(data)
    values = data.to_numpy()
    for end, total in zip(range(260, 199, -20), rolling.total.iloc[::-1], strict=False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = VAR(values[end - 200 : end]).fit(2, trend="c")
        theta = row_normalise(generalized_fevd(res.coefs, res.sigma_u, 10))
        assert total == pytest.approx(connectedness(theta).total, abs=1e-9)


def test_rolling_last_window_equals_full_fit_on_that_window() -> None:
    data = simulate_var([A1], SIGMA, 500, seed=5)
    rolling = RollingSpillover(window=150, step=7, lags=2).fit(data)
    last = VARSpillover(lags=2).fit(data.iloc[-150:])
    assert rolling.total.iloc[-1] == pytest.approx(last.total, abs=1e-9)
    np.testing.assert_allclose(
        rolling.net.iloc[-1].to_numpy(), last.directional["net"].to_numpy(), atol=1e-9
    )
    first = VARSpillover(lags=2).fit(data.iloc[500 - 150 - 7 * (len(rolling.total) - 1) :][:150])
    assert rolling.total.iloc[0] == pytest.approx(first.total, abs=1e-9)
    assert rolling.total.index[-1] == data.index[-1]
    assert len(rolling.total) == (500 - 150) // 7 + 1
    assert rolling.total.index.to_series().diff().dropna().eq(pd.Timedelta(days=7)).all()
    frame = rolling.to_frame()
    assert frame.columns[0] == "total" and "net_V2" in frame.columns
    json.dumps(rolling.to_dict())


def test_bad_input_raises_clear_errors() -> None:
    data = simulate_var([A1], SIGMA, 300, seed=6)
    with pytest.raises(DataError, match="window of 400 observations is longer than the 300"):
        RollingSpillover(window=400).fit(data)
    with pytest.raises(DataError, match=r"window of 15 observations is too short for a VAR\(2\)"):
        RollingSpillover(window=15, lags=2).fit(data)
    with pytest.raises(DataError, match="V1 is constant over the 300"):
        VARSpillover(lags=1).fit(data.assign(V1=0.0))
    with pytest.raises(
        DataError, match=r"only 12 complete observations across V0, V1, V2; need at least 15"
    ):
        VARSpillover(lags=1).fit(data.iloc[:12])
    with pytest.raises(DataError, match="at least 2 series"):
        VARSpillover().fit(data[["V0"]])
    with pytest.raises(DataError, match="horizon must be at least 1"):
        VARSpillover(horizon=0)


def test_nan_rows_dropped_with_note() -> None:
    data = simulate_var([A1], SIGMA, 300, seed=7)
    data.iloc[5, 2] = np.nan
    result = VARSpillover(lags=1).fit(data)
    assert result.n == 299
    assert any("dropped 1 of 300 rows" in n and "V2 1" in n for n in result.notes)
