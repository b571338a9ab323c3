r"""Rolling Pearson moments in one pass per series: the numba kernels of the universe functions.

Two kernels, both O(1) work per (row, pair) and both exact to ~1e-12 under level shifts:

* :func:`rolling_corr_beta_arrays` — one target ``y`` against N columns ``x``: rolling
  correlation and beta, O(T·N), parallel over the columns.
* :func:`rolling_corr_matrices` — the N×N correlation matrix of every window, O(T·N²),
  written straight into the (T, N, N) output; parallel over blocks of matrix rows.

Update equations
----------------
Each series is stored relative to a *shift* ``c`` (its newest value at the last exact
recompute, so the stored numbers are small even for data such as ``x + 1e6``). For a
window of ``w`` rows whose mean is :math:`m` and whose centred co-moment of series
``i`` and ``j`` is :math:`C_{ij} = \sum_W (x_i - m_i)(x_j - m_j)`, moving the window
one row (``x^+`` enters, ``x^-`` leaves, both shifted by ``c``) is

.. math::

    d &= x^+ - x^-, \qquad m' = m + d \cdot (1/w), \\
    h &= \tfrac12 \left[(x^+ - m') + (x^- - m)\right], \\
    C'_{ij} &= C_{ij} + d_i h_j + h_i d_j .

This is the add update :math:`C \mathrel{+}= (x^+ - m_{\text{old}})(x^+ - m_{\text{new}})^\top`
followed by the matching remove update, merged into one symmetric rank-two update
(:math:`d h^\top + h d^\top`); on the diagonal it is the fixed-window Welford update
:math:`M_2' = M_2 + d\,[(x^+ - m') + (x^- - m)]` (Welford, 1962; Chan, Golub & LeVeque,
1983). The expression is symmetric in floating point as well (no fused multiply-add),
so the matrices are exactly symmetric.

Exact recompute and rounding bound
----------------------------------
A series' moments are recomputed exactly with the two-pass algorithm (mean of the
window, then centred sums of products; the shift ``c`` is reset to the newest value)

* when its window becomes complete (the first full window, and the first window after
  a NaN has left it);
* every :data:`RECOMPUTE_EVERY` (K = 512) updates;
* when the running rounding bound exceeds :data:`MAX_REL_ERROR` (1e-10) relative to
  the variance. To first order the error of :math:`C_{ij}` accumulated since the last
  recompute is at most :math:`8\epsilon\sqrt{S_i S_j}` with
  :math:`S_i = \sum_{\text{updates}} \left(|M_{2,i}| + d_i^2 + h_i^2 + (k\, m_i)^2\right)`
  (``k`` = updates so far; the last term bounds the drift of the running mean), so the
  correlation error is at most :math:`16\epsilon\max(S_i/M_{2,i}, S_j/M_{2,j})`; a series
  is recomputed when :math:`S_i > M_{2,i} \cdot 10^{-10} / (16\epsilon)`. This catches
  a variance that collapses (a spike leaving a short window, a series going flat).

In the N×N kernel a recompute of series ``i`` recomputes row and column ``i`` of C
from the centred window (O(w·N)); entries with a series centred by its running mean
carry only a second-order error :math:`w\,\delta m_i\,\delta m_j`.

Missing values and constant windows (identical to pandas ``rolling(w)`` with the
default ``min_periods=w``)
-----------------------------------------------------------------------------------
NaN and ±inf are missing. Each series keeps the row of its last missing value: its
window is complete when that row is at least ``w`` rows back (equivalently, its count
of missing values in the window is zero). A pair's value is NaN when either window is
incomplete; the first ``w - 1`` rows are NaN. A series whose window holds ``w`` equal
values (tracked exactly as the run length of equal consecutive values, as pandas does)
has zero variance: its correlations are NaN, its beta as the regressor is NaN and as
the target (zero covariance) is 0.
"""

from __future__ import annotations

import math

import numba
import numpy as np

_EPS = float(np.finfo(np.float64).eps)

#: Updates between two exact (two-pass) recomputes of a series' window moments (K).
RECOMPUTE_EVERY = 512
#: Largest first-order rounding error of a correlation accepted from the updates.
MAX_REL_ERROR = 1e-10
#: Recompute series ``i`` when ``S_i > _BOUND_LIMIT · M2_i`` (see the module docstring).
_BOUND_LIMIT = MAX_REL_ERROR / (16.0 * _EPS)


@numba.njit(cache=True)
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


@numba.njit(cache=True)
def _two_pass_cross(
    x: np.ndarray, y: np.ndarray, t: int, window: int, cx: float, mx: float, cy: float, my: float
) -> float:
    """Centred co-moment of two windows given their shifts and means."""
    start = t - window + 1
    acc = 0.0
    for k in range(window):
        acc += ((x[start + k] - cx) - mx) * ((y[start + k] - cy) - my)
    return acc


@numba.njit(cache=True)
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


@numba.njit(cache=True, parallel=True)
def _target_kernel(
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
    for j in numba.prange(xt.shape[0]):
        _target_column(y, y_same, xt[j], window, limit, every, corr_t[j], beta_t[j])


def rolling_corr_beta_arrays(
    y: np.ndarray, x: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    r"""Rolling Pearson correlation and beta of ``y`` (T,) on each column of ``x`` (T, N).

    Per column, one pass with the updates of the module docstring:

    .. math::

        \rho_t = \frac{C_{xy}}{\sqrt{M_{2,x} M_{2,y}}}, \qquad
        \beta_t = \frac{C_{xy}}{M_{2,x}} = \frac{\widehat{\mathrm{cov}}(y, x)}{\widehat{\mathrm{var}}(x)}

    (ddof cancels). Exact two-pass recompute of a column's window on its first complete
    window, after a NaN leaves it, every :data:`RECOMPUTE_EVERY` updates and when the
    rounding bound exceeds :data:`MAX_REL_ERROR`.

    NaN where the window is incomplete (a NaN/±inf in x or y in the window; the first
    ``window - 1`` rows). A window of ``window`` equal x values gives NaN corr and beta;
    of equal y values NaN corr and beta 0 (zero covariance). Correlations are clipped
    to [-1, 1].

    Returns
    -------
    (corr, beta)
        Two (T, N) float64 arrays (F-ordered: each column is computed in one pass).
    """
    if window < 2:
        raise ValueError("window must be >= 2")
    yv = np.ascontiguousarray(y, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    if xv.ndim != 2 or yv.ndim != 1 or xv.shape[0] != yv.shape[0]:
        raise ValueError("y must be (T,) and x must be (T, N)")
    n_obs, n_cols = xv.shape
    xt = np.ascontiguousarray(xv.T)  # one column per row: each pass reads contiguous data
    corr_t = np.empty((n_cols, n_obs))
    beta_t = np.empty((n_cols, n_obs))
    _target_kernel(yv, xt, window, _BOUND_LIMIT, RECOMPUTE_EVERY, corr_t, beta_t)
    return corr_t.T, beta_t.T


@numba.njit(cache=True)
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


@numba.njit(cache=True, parallel=True)
def _pairwise_kernel(
    x: np.ndarray, window: int, limit: float, every: int, n_blocks: int, out: np.ndarray
) -> None:
    n = x.shape[1]
    for b in numba.prange(n_blocks):
        _pairwise_rows(x, window, limit, every, b * n // n_blocks, (b + 1) * n // n_blocks, out)


def rolling_corr_matrices(x: np.ndarray, window: int, out: np.ndarray | None = None) -> np.ndarray:
    r"""Rolling N×N Pearson correlation matrices of the columns of ``x`` (T, N).

    ``out[t] = D^{-1/2} C_t D^{-1/2}`` with :math:`C_t` the centred co-moment matrix of
    the window ending at row t, kept by the symmetric rank-two update
    :math:`C' = C + d h^\top + h d^\top` of the module docstring (O(N²) per row, rows of
    the matrix in parallel blocks) and recomputed exactly, row and column ``i`` at a
    time, when column ``i``'s window becomes complete, every :data:`RECOMPUTE_EVERY`
    updates, or when its rounding bound exceeds :data:`MAX_REL_ERROR`.

    Entry (i, j) is NaN when column i or j has a NaN/±inf in the window (pairwise, like
    pandas); a column with ``window`` equal values has a NaN row and column. The
    diagonal of a defined entry is exactly 1, the matrices are exactly symmetric and
    off-diagonal values are clipped to [-1, 1].

    Parameters
    ----------
    x : numpy.ndarray
        (T, N) values.
    window : int
        Rows per window (>= 2).
    out : numpy.ndarray, optional
        Preallocated C-contiguous float64 (T, N, N) buffer, overwritten and returned (reuse
        it to avoid paying for fresh memory pages on every call).

    Returns
    -------
    numpy.ndarray
        ``out``. Beyond it the kernel holds O(N² + window·N) floats per thread.
    """
    if window < 2:
        raise ValueError("window must be >= 2")
    xv = np.ascontiguousarray(x, dtype=np.float64)
    if xv.ndim != 2:
        raise ValueError("x must be (T, N)")
    n_obs, n_cols = xv.shape
    shape = (n_obs, n_cols, n_cols)
    if out is None:
        out = np.empty(shape, dtype=np.float64)
    elif out.shape != shape or out.dtype != np.float64 or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous float64 array of shape {shape}")
    if n_obs == 0 or n_cols == 0:
        return out
    n_blocks = max(1, min(numba.get_num_threads(), n_cols))
    _pairwise_kernel(xv, window, _BOUND_LIMIT, RECOMPUTE_EVERY, n_blocks, out)
    return out
