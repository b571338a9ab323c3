"""The numba kernels: long level-shifted random walks, the recompute paths, ``out=``.

References are the textbook two-pass moments of every window (numpy, vectorised), which
are exact to ~1e-15 whatever the level of the data.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from bubblelink.analytics.universe import _windows
from bubblelink.analytics.universe._windows import rolling_corr_beta_arrays, rolling_corr_matrices


def _centred_windows(a: np.ndarray, window: int) -> np.ndarray:
    """(T - w + 1, N, w): every window of every column minus its own mean (two-pass)."""
    view = sliding_window_view(a, window, axis=0)
    return view - view.mean(axis=-1, keepdims=True)


def _exact_target(y: np.ndarray, x: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    xc = _centred_windows(x, window)
    yc = _centred_windows(y[:, None], window)
    sxy = np.einsum("tnw,tnw->tn", xc, np.broadcast_to(yc, xc.shape))
    sxx = np.einsum("tnw,tnw->tn", xc, xc)
    syy = np.einsum("tnw,tnw->tn", yc, yc)
    pad = np.full((window - 1, x.shape[1]), np.nan)
    return np.vstack([pad, sxy / np.sqrt(sxx * syy)]), np.vstack([pad, sxy / sxx])


def _exact_matrices(x: np.ndarray, window: int) -> np.ndarray:
    xc = _centred_windows(x, window)
    cov = np.einsum("tiw,tjw->tij", xc, xc)
    sd = np.sqrt(np.einsum("tii->ti", cov))
    pad = np.full((window - 1, x.shape[1], x.shape[1]), np.nan)
    return np.concatenate([pad, cov / sd[:, :, None] / sd[:, None, :]])


def _random_walks(n_obs: int, n_cols: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n_obs, 1))
    steps = 0.6 * common + rng.normal(size=(n_obs, n_cols)) * np.linspace(0.5, 2.0, n_cols)
    return 1e6 + np.cumsum(steps, axis=0)


def test_long_random_walk_at_1e6_target() -> None:
    """20,000 rows of price-like random walks around 1e6: ~40 periodic recomputes."""
    walks = _random_walks(20_000, 4, seed=11)
    y, x = walks[:, 0], walks[:, 1:]
    corr, beta = rolling_corr_beta_arrays(y, x, 60)
    ref_corr, ref_beta = _exact_target(y, x, 60)
    np.testing.assert_allclose(corr, ref_corr, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(beta, ref_beta, rtol=1e-9, atol=1e-12, equal_nan=True)


def test_long_random_walk_at_1e6_pairwise() -> None:
    walks = _random_walks(20_000, 4, seed=12)
    values = rolling_corr_matrices(walks, 60)
    ref = _exact_matrices(walks, 60)
    np.testing.assert_allclose(values, ref, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(values, values.transpose(0, 2, 1))  # exactly symmetric


def _spiky(n_obs: int = 400) -> np.ndarray:
    rng = np.random.default_rng(5)
    data = rng.normal(size=(n_obs, 3))
    data[150, 1] = 1e9  # its square swamps the window's sums while it is inside
    data[260, 0] = -3e8
    return data


def test_spike_leaving_a_short_window_triggers_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a 1e9 spike leaves a 5-row window the running sums hold ~1e18·eps of noise;
    the rounding bound catches it, and without the bound the result is visibly wrong."""
    data = _spiky()
    ref_corr, ref_beta = _exact_target(data[:, 2], data[:, :2], 5)
    ref_cube = _exact_matrices(data, 5)
    corr, beta = rolling_corr_beta_arrays(data[:, 2], data[:, :2], 5)
    np.testing.assert_allclose(corr, ref_corr, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(beta, ref_beta, rtol=1e-9, atol=1e-12, equal_nan=True)
    cube = rolling_corr_matrices(data, 5)
    np.testing.assert_allclose(cube, ref_cube, rtol=0, atol=1e-9, equal_nan=True)

    monkeypatch.setattr(_windows, "_BOUND_LIMIT", np.nan)  # every bound test is False
    monkeypatch.setattr(_windows, "RECOMPUTE_EVERY", 10**9)
    blind_corr, _ = rolling_corr_beta_arrays(data[:, 2], data[:, :2], 5)
    blind_cube = rolling_corr_matrices(data, 5)
    # blind, the variance right after the spike leaves comes out as -128 (true: 3.0)
    assert not np.allclose(blind_corr, ref_corr, rtol=0, atol=1e-3, equal_nan=True)
    assert not np.allclose(blind_cube, ref_cube, rtol=0, atol=1e-3, equal_nan=True)


def test_recompute_every_row_equals_the_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    """K = 1 (pure two-pass every row) and the default K give the same numbers."""
    walks = _random_walks(3_000, 5, seed=13)
    walks[700, 2] = np.nan
    corr, beta = rolling_corr_beta_arrays(walks[:, 0], walks[:, 1:], 30)
    cube = rolling_corr_matrices(walks, 30)
    monkeypatch.setattr(_windows, "RECOMPUTE_EVERY", 1)
    corr_1, beta_1 = rolling_corr_beta_arrays(walks[:, 0], walks[:, 1:], 30)
    cube_1 = rolling_corr_matrices(walks, 30)
    np.testing.assert_allclose(corr, corr_1, rtol=0, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(beta, beta_1, rtol=0, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(cube, cube_1, rtol=0, atol=1e-12, equal_nan=True)


def test_nan_and_inf_blank_the_window_then_the_column_is_recomputed() -> None:
    walks = _random_walks(500, 3, seed=14)
    with_inf = walks.copy()
    with_inf[200, 1] = np.inf
    with_nan = walks.copy()
    with_nan[200, 1] = np.nan
    cube = rolling_corr_matrices(with_inf, 20)
    np.testing.assert_array_equal(cube, rolling_corr_matrices(with_nan, 20))
    assert np.isnan(cube[200:220, 1, :]).all() and np.isnan(cube[200:220, :, 1]).all()
    assert np.isfinite(cube[200:220, 0, 2]).all()
    ref = _exact_matrices(walks, 20)  # the rows whose window is clean are unaffected
    np.testing.assert_allclose(cube[220:], ref[220:], rtol=0, atol=1e-9)
    corr, _ = rolling_corr_beta_arrays(with_inf[:, 0], with_inf[:, 1:], 20)
    assert np.isnan(corr[200:220, 0]).all() and np.isfinite(corr[220:, 0]).all()


def test_constant_target_gives_nan_corr_and_zero_beta() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(200, 2))
    y = rng.normal(size=200)
    y[50:120] = 0.3
    corr, beta = rolling_corr_beta_arrays(y, x, 30)
    assert np.isnan(corr[79:120]).all() and (beta[79:120] == 0.0).all()
    assert np.isfinite(corr[120:]).all()


def test_out_buffer_is_filled_in_place_and_checked() -> None:
    walks = _random_walks(300, 4, seed=15)
    fresh = rolling_corr_matrices(walks, 25)
    buf = np.full((300, 4, 4), 7.0)
    assert rolling_corr_matrices(walks, 25, out=buf) is buf
    np.testing.assert_array_equal(buf, fresh)
    with pytest.raises(ValueError, match="C-contiguous float64 array of shape"):
        rolling_corr_matrices(walks, 25, out=np.empty((300, 4, 3)))
