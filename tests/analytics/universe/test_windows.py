"""The universe kernels, numba and numpy fallback alike: long level-shifted random walks,
the recompute paths, NaN/inf and constant windows, ``out=``, and the numba switch.

References are the textbook two-pass moments of every window (numpy, vectorised), which
are exact to ~1e-15 whatever the level of the data. Every behavioural test runs on both
implementations (the numba one is skipped when numba is not installed); the tests of
the update algorithm's own knobs (recompute period, rounding bound) run on numba only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from bubblelink.analytics._compat.numba import HAS_NUMBA
from bubblelink.analytics.universe import _windows


class Kernels(NamedTuple):
    """One implementation of the two kernels."""

    target: Callable[[np.ndarray, np.ndarray, int], tuple[np.ndarray, np.ndarray]]
    matrices: Callable[..., np.ndarray]


NUMBA = Kernels(_windows.rolling_corr_beta_numba, _windows.rolling_corr_matrices_numba)
NUMPY = Kernels(_windows.rolling_corr_beta_fallback, _windows.rolling_corr_matrices_fallback)
needs_numba = pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed or disabled")


@pytest.fixture(
    params=[pytest.param(NUMBA, id="numba", marks=needs_numba), pytest.param(NUMPY, id="numpy")]
)
def kernels(request: pytest.FixtureRequest) -> Kernels:
    """Each implementation in turn."""
    return request.param


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


def test_long_random_walk_at_1e6_target(kernels: Kernels) -> None:
    """20,000 rows of price-like random walks around 1e6: ~40 periodic recomputes."""
    walks = _random_walks(20_000, 4, seed=11)
    y, x = walks[:, 0], walks[:, 1:]
    corr, beta = kernels.target(y, x, 60)
    ref_corr, ref_beta = _exact_target(y, x, 60)
    np.testing.assert_allclose(corr, ref_corr, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(beta, ref_beta, rtol=1e-9, atol=1e-12, equal_nan=True)


def test_long_random_walk_at_1e6_pairwise(kernels: Kernels) -> None:
    walks = _random_walks(20_000, 4, seed=12)
    values = kernels.matrices(walks, 60)
    ref = _exact_matrices(walks, 60)
    np.testing.assert_allclose(values, ref, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(values, values.transpose(0, 2, 1))  # exactly symmetric


def _spiky(n_obs: int = 400) -> np.ndarray:
    rng = np.random.default_rng(5)
    data = rng.normal(size=(n_obs, 3))
    data[150, 1] = 1e9  # its square swamps the window's sums while it is inside
    data[260, 0] = -3e8
    return data


def test_spike_leaving_a_short_window_is_exact(kernels: Kernels) -> None:
    """After a 1e9 spike leaves a 5-row window the values are right again at once."""
    data = _spiky()
    ref_corr, ref_beta = _exact_target(data[:, 2], data[:, :2], 5)
    corr, beta = kernels.target(data[:, 2], data[:, :2], 5)
    np.testing.assert_allclose(corr, ref_corr, rtol=0, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(beta, ref_beta, rtol=1e-9, atol=1e-12, equal_nan=True)
    cube = kernels.matrices(data, 5)
    np.testing.assert_allclose(cube, _exact_matrices(data, 5), rtol=0, atol=1e-9, equal_nan=True)


@needs_numba
def test_spike_leaving_a_short_window_triggers_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The updates hold ~1e18·eps of noise after the spike leaves; the rounding bound
    catches it (previous test), and without the bound the result is visibly wrong."""
    data = _spiky()
    ref_corr, _ = _exact_target(data[:, 2], data[:, :2], 5)
    ref_cube = _exact_matrices(data, 5)
    monkeypatch.setattr(_windows, "_BOUND_LIMIT", np.nan)  # every bound test is False
    monkeypatch.setattr(_windows, "RECOMPUTE_EVERY", 10**9)
    blind_corr, _ = NUMBA.target(data[:, 2], data[:, :2], 5)
    blind_cube = NUMBA.matrices(data, 5)
    # blind, the variance right after the spike leaves comes out as -128 (true: 3.0)
    assert not np.allclose(blind_corr, ref_corr, rtol=0, atol=1e-3, equal_nan=True)
    assert not np.allclose(blind_cube, ref_cube, rtol=0, atol=1e-3, equal_nan=True)


@needs_numba
def test_recompute_every_row_equals_the_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    """K = 1 (pure two-pass every row) and the default K give the same numbers."""
    walks = _random_walks(3_000, 5, seed=13)
    walks[700, 2] = np.nan
    corr, beta = NUMBA.target(walks[:, 0], walks[:, 1:], 30)
    cube = NUMBA.matrices(walks, 30)
    monkeypatch.setattr(_windows, "RECOMPUTE_EVERY", 1)
    corr_1, beta_1 = NUMBA.target(walks[:, 0], walks[:, 1:], 30)
    cube_1 = NUMBA.matrices(walks, 30)
    np.testing.assert_allclose(corr, corr_1, rtol=0, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(beta, beta_1, rtol=0, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(cube, cube_1, rtol=0, atol=1e-12, equal_nan=True)


def _awkward(n_obs: int = 1_500, seed: int = 16) -> np.ndarray:
    """Random walks at 1e6 with NaN and inf holes, a late start and flat stretches."""
    data = _random_walks(n_obs, 6, seed=seed)
    data[300, 1] = np.nan
    data[640:655, 2] = np.inf
    data[:200, 3] = np.nan  # late listing
    data[900:1000, 4] = data[900, 4]  # flat for 100 rows
    data[1200:1260, 0] = 7.25  # the target flat for 60 rows
    return data


@needs_numba
@pytest.mark.parametrize("window", [2, 5, 30, 250])
def test_numpy_fallback_equals_numba(window: int) -> None:
    """Same NaN pattern, same numbers (to 1e-12 relative) on the awkward cases."""
    data = _awkward()
    y, x = data[:, 0], data[:, 1:]
    for ours, fallback in zip(NUMBA.target(y, x, window), NUMPY.target(y, x, window), strict=True):
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(fallback))
        scale = max(1.0, float(np.nanmax(np.abs(ours))))
        np.testing.assert_allclose(fallback, ours, rtol=0, atol=1e-12 * scale, equal_nan=True)
    cube, cube_np = NUMBA.matrices(data, window), NUMPY.matrices(data, window)
    np.testing.assert_array_equal(np.isnan(cube), np.isnan(cube_np))
    np.testing.assert_allclose(cube_np, cube, rtol=0, atol=1e-12, equal_nan=True)


def test_flat_stretches_follow_the_constant_rule(kernels: Kernels) -> None:
    data = _awkward()
    corr, beta = kernels.target(data[:, 0], data[:, 1:], 30)
    assert np.isnan(corr[1229:1260]).all() and (beta[1229:1260][:, [0, 1, 3, 4]] == 0).all()
    assert np.isnan(corr[929:1000, 3]).all() and np.isnan(beta[929:1000, 3]).all()
    cube = kernels.matrices(data, 30)
    assert np.isnan(cube[929:1000, 4]).all() and np.isnan(cube[:229, 3]).all()
    assert np.isfinite(cube[229:, 3, 5]).all()


def test_nan_and_inf_blank_the_window_then_the_column_is_recomputed(kernels: Kernels) -> None:
    walks = _random_walks(500, 3, seed=14)
    with_inf = walks.copy()
    with_inf[200, 1] = np.inf
    with_nan = walks.copy()
    with_nan[200, 1] = np.nan
    cube = kernels.matrices(with_inf, 20)
    np.testing.assert_array_equal(cube, kernels.matrices(with_nan, 20))
    assert np.isnan(cube[200:220, 1, :]).all() and np.isnan(cube[200:220, :, 1]).all()
    assert np.isfinite(cube[200:220, 0, 2]).all()
    ref = _exact_matrices(walks, 20)  # the rows whose window is clean are unaffected
    np.testing.assert_allclose(cube[220:], ref[220:], rtol=0, atol=1e-9)
    corr, _ = kernels.target(with_inf[:, 0], with_inf[:, 1:], 20)
    assert np.isnan(corr[200:220, 0]).all() and np.isfinite(corr[220:, 0]).all()


def test_constant_target_gives_nan_corr_and_zero_beta(kernels: Kernels) -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(200, 2))
    y = rng.normal(size=200)
    y[50:120] = 0.3
    corr, beta = kernels.target(y, x, 30)
    assert np.isnan(corr[79:120]).all() and (beta[79:120] == 0.0).all()
    assert np.isfinite(corr[120:]).all()


def test_shorter_than_the_window_is_all_nan(kernels: Kernels) -> None:
    walks = _random_walks(10, 3, seed=17)
    corr, beta = kernels.target(walks[:, 0], walks[:, 1:], 20)
    assert corr.shape == (10, 2) and np.isnan(corr).all() and np.isnan(beta).all()
    assert np.isnan(kernels.matrices(walks, 20)).all()


def test_out_buffer_is_filled_in_place_and_checked(kernels: Kernels) -> None:
    walks = _random_walks(300, 4, seed=15)
    fresh = kernels.matrices(walks, 25)
    buf = np.full((300, 4, 4), 7.0)
    assert kernels.matrices(walks, 25, out=buf) is buf
    np.testing.assert_array_equal(buf, fresh)
    with pytest.raises(ValueError, match="C-contiguous float64 array of shape"):
        kernels.matrices(walks, 25, out=np.empty((300, 4, 3)))


def test_the_switch_picks_the_implementation() -> None:
    assert _windows.HAS_NUMBA is HAS_NUMBA
    walks = _random_walks(200, 3, seed=18)
    chosen = NUMBA if HAS_NUMBA else NUMPY
    np.testing.assert_array_equal(
        _windows.rolling_corr_matrices(walks, 20), chosen.matrices(walks, 20)
    )


_NO_NUMBA_SCRIPT = """
import json, sys
import numpy as np, pandas as pd
import bubblelink.analytics.universe as universe
from bubblelink.analytics._compat import numba as compat
rng = np.random.default_rng(3)
frame = pd.DataFrame(1e6 + np.cumsum(rng.normal(size=(120, 3)), axis=0), columns=list("abc"))
frame.iloc[40, 1] = np.nan
target = universe.rolling_target_corr_beta(frame["a"], frame[["b", "c"]], 15)
pairs = universe.rolling_pairwise_corr(frame, 15)
print(json.dumps({
    "has_numba": compat.HAS_NUMBA,
    "numba_imported": "numba" in sys.modules,
    "corr": target.corr.to_numpy().tolist(),
    "beta": target.beta.to_numpy().tolist(),
    "cube": pairs.values.tolist(),
}))
"""


def test_package_runs_without_numba_in_a_subprocess() -> None:
    """``BUBBLELINK_NO_NUMBA=1``: numba is never imported and the numbers equal pandas."""
    env = {**os.environ, "BUBBLELINK_NO_NUMBA": "1"}
    run = subprocess.run(
        [sys.executable, "-c", _NO_NUMBA_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    got = json.loads(run.stdout)
    assert got["has_numba"] is False and got["numba_imported"] is False
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(1e6 + np.cumsum(rng.normal(size=(120, 3)), axis=0), columns=list("abc"))
    frame.iloc[40, 1] = np.nan
    corr = np.array(got["corr"], dtype=float)
    beta = np.array(got["beta"], dtype=float)
    exact = frame - 1e6  # exact (Sterbenz): the same data without the offset
    for j, col in enumerate(["b", "c"]):
        ref_corr = exact["a"].rolling(15).corr(exact[col]).to_numpy()
        ref_beta = (
            exact["a"].rolling(15).cov(exact[col]) / exact[col].rolling(15).var()
        ).to_numpy()
        np.testing.assert_allclose(corr[:, j], ref_corr, rtol=0, atol=1e-9, equal_nan=True)
        np.testing.assert_allclose(beta[:, j], ref_beta, rtol=1e-9, atol=1e-12, equal_nan=True)
    cube = np.array(got["cube"], dtype=float)
    ref_cube = exact.rolling(15).corr().to_numpy().reshape(120, 3, 3)
    np.testing.assert_allclose(cube, ref_cube, rtol=0, atol=1e-9, equal_nan=True)


_IMPORT_SCRIPT = """
import json, sys
import bubblelink.analytics.universe  # noqa: F401
import bubblelink.analytics.correlation  # noqa: F401
kernels = sys.modules.get("bubblelink.analytics.universe._numba_kernels")
print(json.dumps({"kernels_loaded": kernels is not None}))
"""


def test_import_compiles_nothing() -> None:
    """The numba kernels' module is only loaded (and compiled) on the first call."""
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(run.stdout) == {"kernels_loaded": False}
