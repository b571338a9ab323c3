"""Numerically stable rolling-window moments: the numpy engine of the universe kernels.

Two engines, both exact in the sense of "no catastrophic cancellation":

* :func:`rolling_corr_beta_arrays` (one target against N columns, O(T·N)): window sums
  from prefix sums, but the prefix sums are restarted every ``chunk`` rows on data
  centred by the mean of that chunk's segment (Chan, Golub & LeVeque, 1983, "shifted
  data"). Raw prefix sums of ``x + 1e6`` lose ~12 of 16 digits; centred, chunked
  sums lose a factor ~ (segment length / window) only.
* :func:`rolling_cross_products` (N×N, O(T·w·N²) but BLAS-bound): for every window the
  textbook two-pass algorithm — subtract the window's own mean, then one matrix
  product ``Xᵀ X`` per window (batched ``matmul`` over a sliding-window view).

Missing-value rule (identical to pandas ``rolling(window)`` with the default
``min_periods=window``): a window that contains any NaN (for a pair: a NaN in either
series) gives NaN; the first ``window - 1`` rows are NaN. ±inf is treated as NaN.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

_EPS = float(np.finfo(np.float64).eps)

#: Output rows per chunk of the target kernel (restart of the centred prefix sums).
TARGET_CHUNK = 512
#: Columns per block of the target kernel (keeps the working set in the L2 cache).
TARGET_COL_BLOCK = 128
#: Output rows per chunk of the pairwise kernel (bounds the temporary memory).
PAIRWISE_CHUNK = 64
#: Largest relative rounding error accepted from the prefix sums before a window is
#: recomputed with the two-pass formula.
REFINE_REL = 1e-11


def _chunks(n_obs: int, window: int, chunk: int) -> Iterator[tuple[int, int, int]]:
    """Yield ``(segment_start, out_start, out_stop)``: rows ``segment_start..out_stop-1``
    feed the windows ending at ``out_start..out_stop-1``."""
    for t0 in range(window - 1, n_obs, chunk):
        t1 = min(t0 + chunk, n_obs)
        yield t0 - window + 1, t0, t1


def _as_float(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(values as float64, mask of non-finite entries)``."""
    arr = np.asarray(values, dtype=np.float64)
    missing = ~np.isfinite(arr)
    return arr, missing


def window_nan_free(missing: np.ndarray, window: int) -> np.ndarray:
    """Boolean array (same shape as ``missing``): the window ending at row t is complete.

    Rows ``0..window-2`` are False (not enough observations).
    """
    counts = np.cumsum(missing, axis=0, dtype=np.int64)
    ok = np.zeros(missing.shape, dtype=bool)
    if missing.shape[0] < window:
        return ok
    in_window = counts[window - 1 :].copy()
    in_window[1:] -= counts[: missing.shape[0] - window]
    ok[window - 1 :] = in_window == 0
    return ok


def _fill_gaps(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Replace missing entries by the last (else next) valid value of their column.

    The filled values only ever enter windows that are NaN anyway; filling with a nearby
    value (not 0) keeps the centred prefix sums free of large spurious terms.
    """
    frame = pd.DataFrame(np.where(missing, np.nan, values))
    return frame.ffill().bfill().fillna(0.0).to_numpy(dtype=np.float64)


def _two_pass(
    xv: np.ndarray, yv: np.ndarray, window: int, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact centred co-moments (Σxy, Σxx, Σyy) of the windows ending at ``rows``."""
    take = rows[:, None] + np.arange(1 - window, 1)[None, :]  # (k, w) row numbers
    xw = xv[take, cols[:, None]]
    yw = yv[take]
    xw = xw - xw.mean(axis=1, keepdims=True)
    yw = yw - yw.mean(axis=1, keepdims=True)
    return (
        np.einsum("kw,kw->k", xw, yw),
        np.einsum("kw,kw->k", xw, xw),
        np.einsum("kw,kw->k", yw, yw),
    )


def _prefix_sum_rows(a: np.ndarray) -> None:
    """In-place inclusive prefix sum along axis 0 (a blocked scan, vectorised across rows).

    ``numpy.cumsum(axis=0)`` walks each column with a stride; this does ``√n`` vector
    adds over blocks of rows, then adds the carried block totals: same sums, ~2-3×
    faster on C-ordered (T, …) arrays.
    """
    n = a.shape[0]
    block = max(int(np.sqrt(n)), 1)
    m = n // block
    start = 1
    if m >= 2:
        body = a[: m * block].reshape(m, block, *a.shape[1:])
        for k in range(1, block):
            body[:, k] += body[:, k - 1]
        carry = np.cumsum(body[:, -1], axis=0)
        body[1:] += carry[:-1, None]
        start = m * block
    for r in range(start, n):
        a[r] += a[r - 1]


def _target_block(
    xv: np.ndarray,
    yv: np.ndarray,
    ys: np.ndarray,
    sy: np.ndarray,
    vy: np.ndarray,
    tol_y: float,
    y_flag: np.ndarray,
    complete: np.ndarray | None,
    window: int,
    s0: int,
    t0: int,
    t1: int,
    c0: int,
    c1: int,
    corr: np.ndarray,
    beta: np.ndarray,
) -> None:
    """Correlation and beta of the windows ending at rows t0..t1-1, columns c0..c1-1."""
    w = float(window)
    n = c1 - c0
    xs = xv[s0:t1, c0:c1]
    cx = xs.mean(axis=0)
    # columns: [x | x·y | x·x], centred; row 0 stays 0 (prefix sums)
    sums = np.zeros((xs.shape[0] + 1, 3 * n))
    body = sums[1:]
    xc = body[:, :n]
    np.subtract(xs, cx, out=xc)
    np.multiply(xc, ys, out=body[:, n : 2 * n])
    np.multiply(xc, xc, out=body[:, 2 * n :])
    _prefix_sum_rows(sums)
    win = np.subtract(sums[window:], sums[:-window])
    sx, sxy, vx = win[:, :n], win[:, n : 2 * n], win[:, 2 * n :]
    tmp = np.multiply(sx, 1.0 / w)
    np.multiply(sx, tmp, out=sx)  # Σx²/w
    np.subtract(vx, sx, out=vx)  # S_xx
    np.multiply(tmp, sy, out=tmp)  # Σx·Σy/w
    np.subtract(sxy, tmp, out=sxy)  # S_xy
    tol_x = 32.0 * _EPS * sums[-1, 2 * n :] + w * (4.0 * _EPS * cx) ** 2
    flag = np.less(vx, tol_x / REFINE_REL)
    flag |= y_flag
    if complete is not None:
        flag &= complete[t0:t1, c0:c1]
    vy_b = vy
    if flag.any():
        r_idx, c_idx = np.nonzero(flag)
        exact = _two_pass(xv, yv, window, r_idx + t0, c_idx + c0)
        sxy[r_idx, c_idx], vx[r_idx, c_idx] = exact[0], exact[1]
        vy_b = np.repeat(vy, n, axis=1)
        vy_b[r_idx, c_idx] = exact[2]
    np.less_equal(vx, tol_x, out=flag)
    np.copyto(vx, np.nan, where=flag)  # constant asset window: corr and beta NaN
    with np.errstate(invalid="ignore", divide="ignore"):
        inv_sd_y = np.where(vy_b > tol_y, 1.0 / np.sqrt(vy_b), np.nan)  # constant target
        np.divide(sxy, vx, out=beta[t0:t1, c0:c1])
        np.sqrt(vx, out=vx)
        c_blk = corr[t0:t1, c0:c1]
        np.divide(sxy, vx, out=c_blk)
        np.multiply(c_blk, inv_sd_y, out=c_blk)
    np.clip(c_blk, -1.0, 1.0, out=c_blk)


def rolling_corr_beta_arrays(
    y: np.ndarray,
    x: np.ndarray,
    window: int,
    chunk: int = TARGET_CHUNK,
    col_block: int = TARGET_COL_BLOCK,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Rolling Pearson correlation and beta of ``y`` (T,) on each column of ``x`` (T, N).

    With window sums over :math:`W_t` of data shifted by a per-segment constant ``c``
    (the statistics are shift invariant):

    .. math::

        S_{xy} = \sum (x-c_x)(y-c_y) - \frac{1}{w}\sum (x-c_x) \sum (y-c_y),\quad
        \rho = \frac{S_{xy}}{\sqrt{S_{xx} S_{yy}}},\quad \beta = \frac{S_{xy}}{S_{xx}}

    (``beta`` = cov(y, x)/var(x); ddof cancels). Window sums are differences of prefix
    sums restarted every ``chunk`` output rows on data centred by the segment mean
    (Chan, Golub & LeVeque, 1983). A window whose variance is so small next to its
    segment's that the difference could carry a relative error above ``REFINE_REL`` is
    recomputed with the two-pass formula, so short windows of near-equal values stay
    exact.

    NaN where the window is incomplete (any NaN/±inf in x or y; the first ``window-1``
    rows). A variance below the rounding floor of the sums (``32·eps·Σ(x-c)²`` over the
    segment plus ``w·(4·eps·|c|)²``) counts as zero: corr is then NaN, and beta is NaN
    when var(x) is zero.
    """
    if window < 2:
        raise ValueError("window must be >= 2")
    yv = np.asarray(y, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    if xv.ndim != 2 or yv.ndim != 1 or xv.shape[0] != yv.shape[0]:
        raise ValueError("y must be (T,) and x must be (T, N)")
    n_obs, n_cols = xv.shape
    corr = np.empty((n_obs, n_cols))
    beta = np.empty((n_obs, n_cols))
    corr[: window - 1] = np.nan
    beta[: window - 1] = np.nan
    complete: np.ndarray | None = None
    if not (np.isfinite(xv.sum()) and np.isfinite(yv.sum())):  # one cheap pass each
        x_missing = ~np.isfinite(xv)
        y_missing = ~np.isfinite(yv)
        complete = window_nan_free(x_missing | y_missing[:, None], window)
        xv = _fill_gaps(xv, x_missing)
        yv = _fill_gaps(yv[:, None], y_missing[:, None])[:, 0]
    w = float(window)
    for s0, t0, t1 in _chunks(n_obs, window, chunk):
        ys = yv[s0:t1]
        cy = ys.mean()
        ys = (ys - cy)[:, None]
        # y's window sums are shared by every column block
        y_sums = np.zeros((ys.shape[0] + 1, 2))
        y_sums[1:, 0:1] = ys
        y_sums[1:, 1:2] = ys * ys
        np.cumsum(y_sums, axis=0, out=y_sums)
        y_win = y_sums[window:] - y_sums[:-window]
        sy = y_win[:, 0:1]
        vy = y_win[:, 1:2] - sy * sy / w  # (L, 1)
        tol_y = 32.0 * _EPS * y_sums[-1, 1] + w * (4.0 * _EPS * cy) ** 2
        y_flag = vy < tol_y / REFINE_REL
        for c0 in range(0, n_cols, col_block):
            c1 = min(c0 + col_block, n_cols)
            _target_block(
                xv,
                yv,
                ys,
                sy,
                vy,
                tol_y,
                y_flag,
                complete,
                window,
                s0,
                t0,
                t1,
                c0,
                c1,
                corr,
                beta,
            )
    if complete is not None:
        corr[~complete] = np.nan
        beta[~complete] = np.nan
    return corr, beta


def rolling_cross_products(
    x: np.ndarray,
    window: int,
    out: np.ndarray | None = None,
    chunk: int = PAIRWISE_CHUNK,
    normalize: bool = True,
) -> np.ndarray:
    """Rolling N×N correlation (``normalize=True``) or covariance (ddof=1) matrices.

    ``out[t] = C_tᵀ C_t`` with ``C_t`` the window W_t centred by its own column means
    (two-pass algorithm); for correlations each centred column is first scaled to unit
    norm, so the product is the correlation matrix (off-diagonal values may exceed ±1 by
    a few ulp); for covariances the product is divided by ``window - 1``. Entry (i, j) is NaN when column i or j has a NaN
    in the window (pairwise, like pandas); a column that is constant in the window has
    a NaN row and column in the correlation matrix (its variance is below
    ``window·(8·eps·|mean|)²``, the rounding floor of the centring). The diagonal of a
    valid correlation matrix is exactly 1.

    ``out`` (T×N×N float64) may be preallocated; the temporary memory is
    ``chunk·N·(window + N)`` floats.
    """
    xv, missing = _as_float(x)
    if xv.ndim != 2:
        raise ValueError("x must be (T, N)")
    n_obs, n_cols = xv.shape
    if out is None:
        out = np.empty((n_obs, n_cols, n_cols), dtype=np.float64)
    out[: window - 1] = np.nan
    complete = window_nan_free(missing, window)
    filled = np.where(missing, 0.0, xv)
    diag = np.arange(n_cols)
    for s0, t0, t1 in _chunks(n_obs, window, chunk):
        view = sliding_window_view(filled[s0:t1], window, axis=0)  # (L, N, w)
        means = view.mean(axis=-1, keepdims=True)
        centred = view - means
        ss = np.einsum("lnw,lnw->ln", centred, centred)  # centred sums of squares
        ok = complete[t0:t1]
        block = out[t0:t1]
        if normalize:
            # scale each centred column to unit norm first: the product is then the
            # correlation matrix itself (no pass over the N×N output afterwards)
            ok = ok & (ss > window * (8.0 * _EPS * means[..., 0]) ** 2)
            with np.errstate(all="ignore"):
                centred *= np.where(ok, 1.0 / np.sqrt(ss), 0.0)[..., None]
        np.matmul(centred, centred.transpose(0, 2, 1), out=block)
        if normalize:
            block[:, diag, diag] = np.where(ok, 1.0, np.nan)
        else:
            block /= window - 1.0
        bad = ~ok
        if bad.any():
            t_idx, c_idx = np.nonzero(bad)
            block[t_idx, c_idx, :] = np.nan
            block[t_idx, :, c_idx] = np.nan
    return out
