"""Spearman and Kendall correlation of many windows at once (vectorised)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import rankdata

#: Windows per batch of the Kendall kernel (bounds memory at batch·w² booleans).
KENDALL_BATCH = 256


def _row_pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson correlation of each row of ``x`` with the same row of ``y`` (two-pass)."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.einsum("kw,kw->k", xc, yc) / np.sqrt(
            np.einsum("kw,kw->k", xc, xc) * np.einsum("kw,kw->k", yc, yc)
        )
    return np.clip(r, -1.0, 1.0)


def spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row pair: Pearson on average ranks (ties get mid-ranks).

    Equals ``scipy.stats.spearmanr`` row by row; NaN when a row is constant.
    """
    return _row_pearson(rankdata(x, axis=1), rankdata(y, axis=1))


def kendall_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r"""Kendall's tau-b of each row pair (Kendall, 1945), O(w²) per row.

    .. math:: \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    over the :math:`n_0 = w(w-1)/2` pairs, with :math:`n_1, n_2` the pairs tied in x,
    in y. Equals ``scipy.stats.kendalltau`` (variant "b"); NaN when a row is constant.
    """
    k, w = x.shape
    out = np.empty(k)
    iu, ju = np.triu_indices(w, 1)
    for start in range(0, k, KENDALL_BATCH):
        xs = x[start : start + KENDALL_BATCH]
        ys = y[start : start + KENDALL_BATCH]
        dx = np.sign(xs[:, iu] - xs[:, ju])
        dy = np.sign(ys[:, iu] - ys[:, ju])
        s = np.einsum("kp,kp->k", dx, dy)
        tx = np.count_nonzero(dx, axis=1).astype(float)  # n0 - n1
        ty = np.count_nonzero(dy, axis=1).astype(float)  # n0 - n2
        with np.errstate(invalid="ignore", divide="ignore"):
            out[start : start + KENDALL_BATCH] = s / np.sqrt(tx * ty)
    return np.clip(out, -1.0, 1.0)


def rolling_rank_corr(x: np.ndarray, y: np.ndarray, window: int, method: str) -> np.ndarray:
    """Rolling Spearman or Kendall correlation; NaN for incomplete windows.

    A window with a NaN in x or y is NaN (the same rule as the Pearson kernel); the
    first ``window - 1`` values are NaN.
    """
    n_obs = x.shape[0]
    out = np.full(n_obs, np.nan)
    if n_obs < window:
        return out
    xw = sliding_window_view(x, window)
    yw = sliding_window_view(y, window)
    ok = np.isfinite(xw).all(axis=1) & np.isfinite(yw).all(axis=1)
    if not ok.any():
        return out
    func = spearman_rows if method == "spearman" else kendall_rows
    values = np.full(xw.shape[0], np.nan)
    values[ok] = func(xw[ok], yw[ok])
    out[window - 1 :] = values
    return out
