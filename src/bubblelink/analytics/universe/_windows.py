r"""Rolling Pearson moments in one pass per series: the kernels of the universe functions.

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

Implementations
---------------
The update algorithm above runs in the numba kernels of
:mod:`~bubblelink.analytics.universe._numba_kernels` (parallel, compiled lazily on the
first call and cached on disk: nothing compiles at import). Without numba (not
installed, or ``BUBBLELINK_NO_NUMBA=1``; see :mod:`bubblelink.analytics._compat.numba`)
the same functions run the vectorised two-pass fallback of
:mod:`~bubblelink.analytics.universe._numpy_kernels`: same rules, same numbers to
~1e-12, O(T·N·w) / O(T·N²·w) instead of O(T·N) / O(T·N²).
"""

from __future__ import annotations

import numpy as np

from bubblelink.analytics._compat.numba import HAS_NUMBA, get_num_threads
from bubblelink.analytics.universe._numpy_kernels import (
    rolling_corr_beta_numpy,
    rolling_corr_matrices_numpy,
)

_EPS = float(np.finfo(np.float64).eps)

#: Updates between two exact (two-pass) recomputes of a series' window moments (K).
RECOMPUTE_EVERY = 512
#: Largest first-order rounding error of a correlation accepted from the updates.
MAX_REL_ERROR = 1e-10
#: Recompute series ``i`` when ``S_i > _BOUND_LIMIT · M2_i`` (see the module docstring).
_BOUND_LIMIT = MAX_REL_ERROR / (16.0 * _EPS)


def _target_inputs(y: np.ndarray, x: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    if window < 2:
        raise ValueError("window must be >= 2")
    yv = np.ascontiguousarray(y, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    if xv.ndim != 2 or yv.ndim != 1 or xv.shape[0] != yv.shape[0]:
        raise ValueError("y must be (T,) and x must be (T, N)")
    return yv, xv


def _matrix_inputs(
    x: np.ndarray, window: int, out: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
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
    return xv, out


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
    rounding bound exceeds :data:`MAX_REL_ERROR`. Without numba the two-pass fallback
    (:func:`rolling_corr_beta_numpy`) gives the same numbers.

    NaN where the window is incomplete (a NaN/±inf in x or y in the window; the first
    ``window - 1`` rows). A window of ``window`` equal x values gives NaN corr and beta;
    of equal y values NaN corr and beta 0 (zero covariance). Correlations are clipped
    to [-1, 1].

    Returns
    -------
    (corr, beta)
        Two (T, N) float64 arrays (F-ordered: each column is computed in one pass).
    """
    if HAS_NUMBA:
        return rolling_corr_beta_numba(y, x, window)
    return rolling_corr_beta_fallback(y, x, window)


def rolling_corr_beta_numba(
    y: np.ndarray, x: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rolling_corr_beta_arrays` on the numba kernel (needs ``HAS_NUMBA``)."""
    from bubblelink.analytics.universe._numba_kernels import target_kernel

    yv, xv = _target_inputs(y, x, window)
    n_obs, n_cols = xv.shape
    xt = np.ascontiguousarray(xv.T)  # one column per row: each pass reads contiguous data
    corr_t = np.empty((n_cols, n_obs))
    beta_t = np.empty((n_cols, n_obs))
    target_kernel(yv, xt, window, _BOUND_LIMIT, RECOMPUTE_EVERY, corr_t, beta_t)
    return corr_t.T, beta_t.T


def rolling_corr_matrices(x: np.ndarray, window: int, out: np.ndarray | None = None) -> np.ndarray:
    r"""Rolling N×N Pearson correlation matrices of the columns of ``x`` (T, N).

    ``out[t] = D^{-1/2} C_t D^{-1/2}`` with :math:`C_t` the centred co-moment matrix of
    the window ending at row t, kept by the symmetric rank-two update
    :math:`C' = C + d h^\top + h d^\top` of the module docstring (O(N²) per row, rows of
    the matrix in parallel blocks) and recomputed exactly, row and column ``i`` at a
    time, when column ``i``'s window becomes complete, every :data:`RECOMPUTE_EVERY`
    updates, or when its rounding bound exceeds :data:`MAX_REL_ERROR`. Without numba
    the two-pass fallback (:func:`rolling_corr_matrices_numpy`) gives the same numbers.

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
    if HAS_NUMBA:
        return rolling_corr_matrices_numba(x, window, out)
    return rolling_corr_matrices_fallback(x, window, out)


def rolling_corr_matrices_numba(
    x: np.ndarray, window: int, out: np.ndarray | None = None
) -> np.ndarray:
    """:func:`rolling_corr_matrices` on the numba kernel (needs ``HAS_NUMBA``)."""
    from bubblelink.analytics.universe._numba_kernels import pairwise_kernel

    xv, buffer = _matrix_inputs(x, window, out)
    n_obs, n_cols = xv.shape
    if n_obs == 0 or n_cols == 0:
        return buffer
    n_blocks = max(1, min(get_num_threads(), n_cols))
    pairwise_kernel(xv, window, _BOUND_LIMIT, RECOMPUTE_EVERY, n_blocks, buffer)
    return buffer


def rolling_corr_matrices_fallback(
    x: np.ndarray, window: int, out: np.ndarray | None = None
) -> np.ndarray:
    """:func:`rolling_corr_matrices` on the numpy fallback, whatever ``HAS_NUMBA`` says."""
    xv, buffer = _matrix_inputs(x, window, out)
    if xv.shape[0] == 0 or xv.shape[1] == 0:
        return buffer
    return rolling_corr_matrices_numpy(xv, window, buffer)


def rolling_corr_beta_fallback(
    y: np.ndarray, x: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rolling_corr_beta_arrays` on the numpy fallback, whatever ``HAS_NUMBA`` says."""
    yv, xv = _target_inputs(y, x, window)
    return rolling_corr_beta_numpy(yv, xv, window)
