"""The numba kernels behind :mod:`bubblelink.analytics.universe._windows` (one pass per series).

The algorithm, its update equations, the exact-recompute rule and the NaN and
constant-window rules are stated in :mod:`~bubblelink.analytics.universe._windows`;
:mod:`~bubblelink.analytics.universe._numpy_kernels` is the pure-numpy fallback that
gives the same numbers. Decorators come from :mod:`bubblelink.analytics._compat.numba`
(numba's lazy ``njit`` without signatures: nothing compiles at import, the first call
compiles, or loads the ``cache=True`` build); only call these when ``HAS_NUMBA`` is
true, without numba they are plain (slow) Python loops.
"""

from __future__ import annotations

import math

import numpy as np

from bubblelink.analytics._compat.numba import njit, prange


@njit(cache=True)
def _two_pass(values: np.ndarray, t: int, window: int, shift: float) -> tuple[float, float]:
    """Mean and centred sum of squares of ``values[t-w+1 .. t] - shift`` (two-pass)."""
    start = t - window + 1
    acc = 0.0
    for k in range(window):
        acc += values[start + k] - shift
    mean = acc / window
    m2 = 0.0
    for k in range(window):
        z = (values[start + k] - shift) - mean
        m2 += z * z
    return mean, m2


@njit(cache=True)
def _two_pass_cross(
    x: np.ndarray, y: np.ndarray, t: int, window: int, cx: float, mx: float, cy: float, my: float
) -> float:
    """Centred co-moment of two windows given their shifts and means."""
    start = t - window + 1
    acc = 0.0
    for k in range(window):
        acc += ((x[start + k] - cx) - mx) * ((y[start + k] - cy) - my)
    return acc


@njit(cache=True)
def _target_column(
    y: np.ndarray,
    y_same: np.ndarray,
    x: np.ndarray,
    window: int,
    limit: float,
    every: int,
    corr: np.ndarray,
    beta: np.ndarray,
) -> None:
    """Rolling corr and beta of ``y`` on one column ``x``, written into ``corr``/``beta``."""
    n_obs = x.shape[0]
    inv_w = 1.0 / window
    nan = np.nan
    last_bad = -1
    same = 0
    steps = 0
    cx = cy = mx = my = 0.0
    cxy = mxx = myy = 0.0
    sx = sy = 0.0
    for t in range(n_obs):
        xt = x[t]
        yt = y[t]
        if not (math.isfinite(xt) and math.isfinite(yt)):
            last_bad = t
        same = same + 1 if t > 0 and xt == x[t - 1] else 1
        run = t - last_bad
        if run < window:
            corr[t] = nan
            beta[t] = nan
            continue
        const_x = same >= window
        const_y = y_same[t] >= window
        fresh = run == window or steps >= every
        if not fresh:
            xo = x[t - window] - cx
            yo = y[t - window] - cy
            xn = xt - cx
            yn = yt - cy
            dx = xn - xo
            dy = yn - yo
            mx1 = mx + dx * inv_w
            my1 = my + dy * inv_w
            hx = 0.5 * ((xn - mx1) + (xo - mx))
            hy = 0.5 * ((yn - my1) + (yo - my))
            cxy += dx * hy + hx * dy
            mxx += dx * hx + hx * dx
            myy += dy * hy + hy * dy
            mx = mx1
            my = my1
            steps += 1
            gx = steps * mx
            gy = steps * my
            sx += abs(mxx) + dx * dx + hx * hx + gx * gx
            sy += abs(myy) + dy * dy + hy * hy + gy * gy
            fresh = (not const_x and sx > limit * mxx) or (not const_y and sy > limit * myy)
        if fresh:
            cx = xt
            cy = yt
            mx, mxx = _two_pass(x, t, window, cx)
            my, myy = _two_pass(y, t, window, cy)
            cxy = _two_pass_cross(x, y, t, window, cx, mx, cy, my)
            steps = 0
            sx = sy = 0.0
        if const_x or not mxx > 0.0:
            corr[t] = nan
            beta[t] = nan
        elif const_y:
            corr[t] = nan
            beta[t] = 0.0
        else:
            beta[t] = cxy / mxx
            r = cxy / math.sqrt(mxx * myy) if myy > 0.0 else nan
            if r > 1.0:
                r = 1.0
            elif r < -1.0:
                r = -1.0
            corr[t] = r


@njit(cache=True, parallel=True)
def target_kernel(
    y: np.ndarray,
    xt: np.ndarray,
    window: int,
    limit: float,
    every: int,
    corr_t: np.ndarray,
    beta_t: np.ndarray,
) -> None:
    """Columns in parallel; ``xt``, ``corr_t``, ``beta_t`` are (N, T) C-ordered."""
    n_obs = y.shape[0]
    y_same = np.empty(n_obs, dtype=np.int64)  # run length of equal values ending at t
    for t in range(n_obs):
        y_same[t] = y_same[t - 1] + 1 if t > 0 and y[t] == y[t - 1] else 1
    for j in prange(xt.shape[0]):
        _target_column(y, y_same, xt[j], window, limit, every, corr_t[j], beta_t[j])


@njit(cache=True)
def _pairwise_rows(
    x: np.ndarray,
    window: int,
    limit: float,
    every: int,
    r0: int,
    r1: int,
    out: np.ndarray,
) -> None:
    """Rows ``r0..r1-1`` of every correlation matrix.

    Every block keeps its own identical copy of the per-column state (window means,
    variances, bounds, NaN and equal-value runs), so blocks never wait for each other.
    """
    n_obs, n = x.shape
    inv_w = 1.0 / window
    nan = np.nan
    last_bad = np.full(n, -1, dtype=np.int64)  # last row with a NaN/±inf
    same = np.zeros(n, dtype=np.int64)  # run of equal consecutive values
    steps = np.zeros(n, dtype=np.int64)  # updates since the last exact recompute
    status = np.zeros(n, dtype=np.int8)  # 0 incomplete, 1 updated, 2 recomputed
    shift = np.zeros(n)
    mean = np.zeros(n)
    m2 = np.zeros(n)
    bound = np.zeros(n)
    d = np.zeros(n)
    h = np.zeros(n)
    inv = np.empty(n)  # 1/sqrt(M2), NaN when the column's correlations are undefined
    fresh_idx = np.empty(n, dtype=np.int64)
    z = np.zeros((window, n))  # centred window, filled when some column is recomputed
    cov = np.zeros((r1 - r0, n))
    for t in range(n_obs):
        # -- per-column state (O(N)) -------------------------------------------------
        n_fresh = 0
        for j in range(n):
            xt = x[t, j]
            if not math.isfinite(xt):
                last_bad[j] = t
            same[j] = same[j] + 1 if t > 0 and xt == x[t - 1, j] else 1
            run = t - last_bad[j]
            d[j] = 0.0
            h[j] = 0.0
            if run < window:
                status[j] = 0
                inv[j] = nan
                continue
            const = same[j] >= window
            fresh = run == window or steps[j] >= every
            if not fresh:
                xo = x[t - window, j] - shift[j]
                xn = xt - shift[j]
                dj = xn - xo
                m1 = mean[j] + dj * inv_w
                hj = 0.5 * ((xn - m1) + (xo - mean[j]))
                m2[j] += dj * hj + hj * dj
                mean[j] = m1
                steps[j] += 1
                g = steps[j] * m1
                bound[j] += abs(m2[j]) + dj * dj + hj * hj + g * g
                fresh = not const and bound[j] > limit * m2[j]
                if not fresh:
                    d[j] = dj
                    h[j] = hj
                    status[j] = 1
            if fresh:
                shift[j] = xt
                mean[j], m2[j] = _two_pass(x[:, j], t, window, xt)
                steps[j] = 0
                bound[j] = 0.0
                status[j] = 2
                fresh_idx[n_fresh] = j
                n_fresh += 1
            inv[j] = 1.0 / math.sqrt(m2[j]) if not const and m2[j] > 0.0 else nan
        if n_fresh > 0:
            start = t - window + 1
            for k in range(window):
                for j in range(n):
                    if status[j] != 0:
                        z[k, j] = (x[start + k, j] - shift[j]) - mean[j]
        # -- rows of this block (O(N) each) -------------------------------------------
        for r in range(r0, r1):
            row = cov[r - r0]
            orow = out[t, r]
            st = status[r]
            if st == 0:
                orow[:] = nan
                continue
            if st == 2:
                row[:] = 0.0
                for k in range(window):
                    zr = z[k, r]
                    zk = z[k]
                    for j in range(n):
                        row[j] += zr * zk[j]
            else:
                dr = d[r]
                hr = h[r]
                if n_fresh == 0:
                    ir = inv[r]
                    for j in range(n):
                        c = row[j] + (dr * h[j] + hr * d[j])
                        row[j] = c
                        v = c * (ir * inv[j])
                        if v > 1.0:
                            v = 1.0
                        elif v < -1.0:
                            v = -1.0
                        orow[j] = v
                    orow[r] = 1.0 if ir == ir else nan
                    continue
                for j in range(n):
                    row[j] += dr * h[j] + hr * d[j]
                for q in range(n_fresh):
                    j = fresh_idx[q]
                    acc = 0.0
                    for k in range(window):
                        acc += z[k, r] * z[k, j]
                    row[j] = acc
            ir = inv[r]
            for j in range(n):
                v = row[j] * (ir * inv[j])
                if v > 1.0:
                    v = 1.0
                elif v < -1.0:
                    v = -1.0
                orow[j] = v
            orow[r] = 1.0 if ir == ir else nan


@njit(cache=True, parallel=True)
def pairwise_kernel(
    x: np.ndarray, window: int, limit: float, every: int, n_blocks: int, out: np.ndarray
) -> None:
    """All N×N matrices into ``out`` (T, N, N), ``n_blocks`` blocks of matrix rows in parallel."""
    n = x.shape[1]
    for b in prange(n_blocks):
        _pairwise_rows(x, window, limit, every, b * n // n_blocks, (b + 1) * n // n_blocks, out)
