"""Full N×N rolling correlation matrices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_window
from bubblelink.analytics.universe._windows import rolling_corr_matrices
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclass(frozen=True, eq=False)
class PairwiseRollingResult(ResultBase):
    """Rolling N×N Pearson correlation matrices.

    Attributes
    ----------
    values : numpy.ndarray
        ``values[t, i, j]`` = correlation of ``columns[i]`` and ``columns[j]`` over the
        window ending at ``index[t]``; shape (T, N, N), float64, symmetric, NaN where
        undefined (see :func:`rolling_pairwise_corr`).
    index : pandas.Index
        The dates (rows of the input).
    columns : pandas.Index
        The asset names.
    window : int
        Rows per window.
    """

    values: np.ndarray
    index: pd.Index
    columns: pd.Index
    window: int

    def _position(self, name: Any) -> int:
        try:
            pos = self.columns.get_loc(name)
        except KeyError:
            raise DataError(
                f"{name} is not one of the {len(self.columns)} columns of this result: "
                f"use one of {', '.join(map(str, self.columns[:10]))}"
            ) from None
        if not isinstance(pos, int):
            raise DataError(f"column {name} appears more than once: rename the duplicates")
        return pos

    def pair(self, a: Any, b: Any) -> pd.Series:
        """Rolling correlation of columns ``a`` and ``b`` as a Series indexed by date."""
        i, j = self._position(a), self._position(b)
        return pd.Series(self.values[:, i, j], index=self.index, name=f"{a}~{b}")

    def at(self, date: Any | None = None) -> pd.DataFrame:
        """The N×N matrix of the window ending at ``date`` (default: the last row)."""
        t = len(self.index) - 1 if date is None else self.index.get_loc(date)
        if not isinstance(t, int | np.integer):
            raise DataError(f"date {date} does not identify a single row")
        return pd.DataFrame(self.values[t], index=self.columns, columns=self.columns)

    def to_frame(self) -> pd.DataFrame:
        """The latest matrix (the full cube is T×N×N; use :meth:`pair` or :meth:`at`)."""
        frame = self.at()
        frame.index = frame.index.rename("asset")
        return frame

    def to_dict(self) -> dict[str, Any]:
        """``{window, columns, date, matrix}`` for the latest window (matrix as nested lists)."""
        return {
            "window": self.window,
            "columns": [str(c) for c in self.columns],
            "date": plain(self.index[-1]) if len(self.index) else None,
            "matrix": plain(self.values[-1]) if len(self.index) else [],
        }


def _check_out_buffer(out: object, shape: tuple[int, int, int]) -> None:
    """Raise a one-line :class:`DataError` unless ``out`` can receive a (T, N, N) cube."""
    wanted = f"a writeable C-contiguous float64 numpy array of shape {shape}"
    fix = f"allocate it with numpy.empty({shape}) (rows × columns × columns of the frame)"
    if not isinstance(out, np.ndarray):
        raise DataError(f"out must be {wanted}, got {type(out).__name__}: {fix}")
    problems = []
    if out.shape != shape:
        problems.append(f"shape {out.shape}")
    if out.dtype != np.float64:
        problems.append(f"dtype {out.dtype}")
    if not out.flags.c_contiguous:
        problems.append("a non-contiguous view")
    if not out.flags.writeable:
        problems.append("a read-only array")
    if problems:
        raise DataError(f"out must be {wanted}, got {', '.join(problems)}: {fix}")


def rolling_pairwise_corr(
    frame: pd.DataFrame, window: int, *, out: np.ndarray | None = None
) -> PairwiseRollingResult:
    r"""Rolling Pearson correlation of every pair of columns of ``frame``.

    For each window :math:`W_t` of ``window`` rows, with :math:`C_t` the co-moment
    matrix of the window centred by its own column means,

    .. math:: R_t = D_t^{-1/2}\, C_t\, D_t^{-1/2}, \quad D_t = \mathrm{diag}(C_t)

    :math:`C_t` is carried from one window to the next by the symmetric rank-two update
    (``x⁺`` enters, ``x⁻`` leaves, ``m`` the window means)

    .. math::

        d = x^+ - x^-,\quad m' = m + d/w,\quad
        h = \tfrac12\left[(x^+ - m') + (x^- - m)\right],\quad
        C_{t} = C_{t-1} + d h^\top + h d^\top

    (O(N²) per row, numba kernel, blocks of matrix rows in parallel; without numba a
    two-pass numpy fallback with the same results), on data shifted by
    a recent value so level shifts such as ``x + 1e6`` cost no precision. Row and
    column ``i`` are recomputed exactly (two-pass) when column ``i``'s window becomes
    complete, every ``RECOMPUTE_EVERY`` updates and when its first-order rounding bound
    exceeds ``MAX_REL_ERROR`` (both in :mod:`bubblelink.analytics.universe._windows`,
    which states the bound). Equals pandas
    ``frame.rolling(window).corr()`` (pairwise) to ~1e-12.

    Parameters
    ----------
    frame : pandas.DataFrame
        T rows × N columns (returns, usually).
    window : int
        Rows per window.
    out : numpy.ndarray, optional
        A writeable C-contiguous float64 array of shape (T, N, N) to write the result
        into (default: a new array). Every element is overwritten and the result's
        ``values`` *is* ``out`` (no copy), so a later call with the same buffer
        overwrites this result. Reuse one buffer across calls on same-shaped frames
        (e.g. when scanning many universes): writing into memory already touched
        avoids the first-touch page faults of a fresh multi-GB output, which on a VM
        can cost more than the kernel itself (``bench/bench_correlation.py``).

    Returns
    -------
    PairwiseRollingResult
        ``values`` of shape (T, N, N) (``out`` when given).

    Notes
    -----
    * NaN rule (pandas' default ``min_periods=window``, pairwise): entry (i, j) at t is
      NaN when column i or column j has a NaN/±inf in the window; a NaN in a third
      column does not matter. The first ``window - 1`` matrices are all NaN.
    * A column constant over the window has a NaN row and column (its correlation is
      undefined), diagonal included; otherwise the diagonal is exactly 1.
    * NaN columns: column i's moments are not updated while its window holds a NaN;
      its row and column are recomputed exactly once the NaN has left the window.
    * Memory: the output is T·N²·8 bytes (500 assets × 2,520 days ≈ 5 GB), written
      in place (into ``out`` when given); the kernel adds O(N² + window·N) floats per
      thread.

    Raises
    ------
    DataError
        ``window`` < 2 or longer than the data, non-numeric columns, or an ``out``
        that is not a writeable C-contiguous float64 array of shape (T, N, N).

    Examples
    --------
    One buffer for many frames of 2,520 rows × 500 columns (``universes``: yours):

    >>> buffer = np.empty((2520, 500, 500))  # doctest: +SKIP
    >>> for frame in universes:  # doctest: +SKIP
    ...     latest = rolling_pairwise_corr(frame, 60, out=buffer).to_frame()
    """
    check_window(len(frame), window, f"the {frame.shape[1]} columns")
    if out is not None:
        _check_out_buffer(out, (len(frame), frame.shape[1], frame.shape[1]))
    try:
        x = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise DataError(f"frame has non-numeric values ({exc}): pass prices or returns") from exc
    values = rolling_corr_matrices(x, window, out=out)
    return PairwiseRollingResult(
        values=values, index=frame.index, columns=frame.columns, window=window
    )
