r"""Pure-numpy fallback of the universe kernels (used when numba is absent or disabled).

Same outputs as the numba kernels of :mod:`~bubblelink.analytics.universe._numba_kernels`
(the tests run both on the same cases): same NaN rule, same constant-window rule, same
clipping, exactly symmetric matrices with an exact unit diagonal. The method differs:
instead of carrying window moments with add/remove updates, every window is centred by
its own mean and its moments are summed directly (the textbook two-pass algorithm),
vectorised over blocks of windows with :func:`numpy.lib.stride_tricks.sliding_window_view`
and ``einsum``/``matmul``:

.. math::

    z_{i,s} = x_{i,s} - \bar x_{i,W_t}, \qquad
    C_{ij,t} = \sum_{s \in W_t} z_{i,s}\, z_{j,s}, \qquad
    \rho_{ij,t} = \frac{C_{ij,t}}{\sqrt{C_{ii,t} C_{jj,t}}}, \qquad
    \beta_t = \frac{C_{xy,t}}{C_{xx,t}} .

Two-pass sums are at least as accurate as the updates (they are the reference the
kernel tests compare against), so the two implementations agree to ~1e-12. The cost is
O(T·N·w) for one target against N columns and O(T·N²·w) for the N×N matrices (the
updates are O(T·N) and O(T·N²)); memory is bounded by working on blocks of
:data:`BLOCK_ELEMENTS` numbers.

Rules (identical to the numba kernels and to pandas ``rolling(w)`` with the default
``min_periods=w``):

* NaN and ±inf are missing; a window holding a missing value gives NaN (for the target
  kernel: missing in the target or in the column), and the first ``w - 1`` rows are NaN.
* A window of ``w`` exactly equal values (``x_t == x_{t-1}`` for the last ``w - 1``
  steps) has zero variance: its correlations are NaN; as the regressor its beta is NaN,
  as the target its beta is 0 (zero covariance).
* Correlations are clipped to [-1, 1].
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

#: Largest number of float64 values in one block of centred windows or matrices.
BLOCK_ELEMENTS = 1 << 21


def _window_sums(flags: np.ndarray, window: int) -> np.ndarray:
    """Number of true ``flags`` (T, ...) in each window of ``window`` rows, (T - w + 1, ...)."""
    counts = np.concatenate(
        [np.zeros((1, *flags.shape[1:]), dtype=np.int64), np.cumsum(flags, axis=0, dtype=np.int64)]
    )
    return counts[window:] - counts[: counts.shape[0] - window]


def _complete(values: np.ndarray, window: int) -> np.ndarray:
    """True where the window ending at each row (from row ``w - 1`` on) has no NaN/±inf."""
    return _window_sums(~np.isfinite(values), window) == 0


def _constant(values: np.ndarray, window: int) -> np.ndarray:
    """True where the window ending at each row (from ``w - 1`` on) holds ``w`` equal values."""
    changed = values[1:] != values[:-1]  # NaN != NaN: a missing value is never "equal"
    return _window_sums(changed, window - 1) == 0


def _rows_per_block(per_window: int) -> int:
    """Windows per block so that a block holds at most :data:`BLOCK_ELEMENTS` numbers."""
    return max(1, BLOCK_ELEMENTS // max(per_window, 1))


def _centred(values: np.ndarray, start: int, stop: int, window: int) -> np.ndarray:
    """Windows ending at rows ``start + w - 1 .. stop + w - 2``, each minus its own mean.

    Shape ``(stop - start, ..., w)`` (the window axis last).
    """
    view = sliding_window_view(values[start : stop + window - 1], window, axis=0)
    return view - view.mean(axis=-1, keepdims=True)


def rolling_corr_beta_numpy(
    y: np.ndarray, x: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rolling correlation and beta of ``y`` (T,) on each column of ``x`` (T, N).

    The numpy twin of the numba target kernel (see the module docstring for the rules).
    Inputs are float64 and already checked by the caller; returns two (T, N) arrays
    (F-ordered, like the numba kernel's).
    """
    n_obs, n_cols = x.shape
    corr_t = np.full((n_cols, n_obs), np.nan)
    beta_t = np.full((n_cols, n_obs), np.nan)
    if n_obs < window or n_cols == 0:
        return corr_t.T, beta_t.T
    y_finite = np.isfinite(y)
    ok = _complete(x, window) & _complete(y, window)[:, None]
    const_x = _constant(x, window)
    const_y = _constant(y, window)
    # missing values are masked out by ``ok``; zero them so they spread no NaN or inf
    y0 = np.where(y_finite, y, 0.0)
    x0 = np.where(np.isfinite(x), x, 0.0)
    n_win = n_obs - window + 1
    cols_per_block = max(1, min(n_cols, BLOCK_ELEMENTS // (window * min(n_win, 1024))))
    rows = _rows_per_block(window * cols_per_block)
    with np.errstate(invalid="ignore", divide="ignore"):
        for c0 in range(0, n_cols, cols_per_block):
            c1 = min(n_cols, c0 + cols_per_block)
            xs = x0[:, c0:c1]
            for r0 in range(0, n_win, rows):
                r1 = min(n_win, r0 + rows)
                yc = _centred(y0, r0, r1, window)  # (R, w)
                xc = _centred(xs, r0, r1, window)  # (R, n, w)
                sxy = np.einsum("rnw,rw->rn", xc, yc)
                sxx = np.einsum("rnw,rnw->rn", xc, xc)
                syy = np.einsum("rw,rw->r", yc, yc)[:, None]
                cx = const_x[r0:r1, c0:c1] | ~(sxx > 0.0)
                cy = np.broadcast_to(const_y[r0:r1, None], cx.shape)
                good = ok[r0:r1, c0:c1]
                beta = np.where(cx, np.nan, np.where(cy, 0.0, sxy / sxx))
                r = np.where(syy > 0.0, sxy / np.sqrt(sxx * syy), np.nan)
                r = np.where(cx | cy, np.nan, np.clip(r, -1.0, 1.0))
                rows_out = slice(window - 1 + r0, window - 1 + r1)
                corr_t[c0:c1, rows_out] = np.where(good, r, np.nan).T
                beta_t[c0:c1, rows_out] = np.where(good, beta, np.nan).T
    return corr_t.T, beta_t.T


def rolling_corr_matrices_numpy(x: np.ndarray, window: int, out: np.ndarray) -> np.ndarray:
    r"""Rolling N×N correlation matrices of the columns of ``x`` (T, N), written into ``out``.

    The numpy twin of the numba N×N kernel (see the module docstring for the rules).
    Each centred window is scaled to unit norm, :math:`u_i = z_i / \lVert z_i \rVert`,
    and the block of matrices is one batched product :math:`R_t = U_t U_t^\top`, which
    numpy computes with BLAS ``syrk`` (one triangle, mirrored), so the matrices are
    exactly symmetric; the diagonal is then set to exactly 1. A column that is
    undefined in a window (missing value, constant) is scaled by NaN, which makes its
    row and column NaN. ``x`` is C-contiguous float64 and ``out`` a checked (T, N, N)
    C-contiguous float64 buffer; both come from the caller.
    """
    n_obs, n_cols = x.shape
    out[: window - 1] = np.nan
    if n_obs < window:
        return out
    defined = _complete(x, window) & ~_constant(x, window)
    x0 = np.where(np.isfinite(x), x, 0.0)
    n_win = n_obs - window + 1
    rows = _rows_per_block(n_cols * max(n_cols, window))
    diag = np.arange(n_cols)
    with np.errstate(invalid="ignore", divide="ignore"):
        for r0 in range(0, n_win, rows):
            r1 = min(n_win, r0 + rows)
            unit = _centred(x0, r0, r1, window)  # (R, N, w)
            m2 = np.einsum("rnw,rnw->rn", unit, unit)
            scale = np.where(defined[r0:r1] & (m2 > 0.0), 1.0 / np.sqrt(m2), np.nan)
            unit *= scale[:, :, None]
            block = out[window - 1 + r0 : window - 1 + r1]
            np.matmul(unit, unit.transpose(0, 2, 1), out=block)
            np.clip(block, -1.0, 1.0, out=block)
            block[:, diag, diag] = np.where(np.isnan(scale), np.nan, 1.0)
    return out
