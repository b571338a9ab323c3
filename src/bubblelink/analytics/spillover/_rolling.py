"""Rolling-window Diebold-Yilmaz spillover index."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics._blas import single_blas_thread
from bubblelink.analytics._checks import check_window
from bubblelink.analytics.spillover._connectedness import connectedness
from bubblelink.analytics.spillover._spillover import (
    Decomposition,
    check_params,
    decompose,
    prepare,
)
from bubblelink.analytics.spillover._var import InfoCriterion, min_obs_for_var, ols_var
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclasses.dataclass(frozen=True, eq=False)
class RollingSpilloverResult(ResultBase):
    """Spillover measures per window, indexed by the window's last date.

    Attributes
    ----------
    variables
        Series names.
    total
        Total spillover index per window (percent).
    to_others, from_others, net
        Directional measures per window (columns: variables; percent).
    window, step
        Window length and step, in observations.
    lags, lag_selection, horizon, decomposition
        As in :class:`~bubblelink.analytics.spillover.SpilloverResult`; the lag order is
        the same in every window.
    notes
        Dropped rows, lag choice, windows that could not be estimated.
    """

    variables: tuple[str, ...]
    total: pd.Series
    to_others: pd.DataFrame
    from_others: pd.DataFrame
    net: pd.DataFrame
    window: int
    step: int
    lags: int
    lag_selection: str
    horizon: int
    decomposition: str
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per window end: ``total`` then ``to_<v>``, ``from_<v>``, ``net_<v>``."""
        parts = [
            self.total.rename("total").to_frame(),
            self.to_others.add_prefix("to_"),
            self.from_others.add_prefix("from_"),
            self.net.add_prefix("net_"),
        ]
        frame = pd.concat(parts, axis=1)
        frame.index = frame.index.rename("date")
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The settings, then ``windows``: the table's rows (same labels)."""
        return {
            "variables": list(self.variables),
            "window": int(self.window),
            "step": int(self.step),
            "lags": int(self.lags),
            "lag_selection": self.lag_selection,
            "horizon": int(self.horizon),
            "decomposition": self.decomposition,
            "windows": plain(self.to_frame()),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """Header and the distribution of the total index over the windows."""
        total = self.total.dropna()
        lines = [
            "Rolling Diebold-Yilmaz spillover index",
            "=" * 78,
            f"{len(self.total)} windows of {self.window} obs, step {self.step}; "
            f"VAR({self.lags}) lags {self.lag_selection}; {self.decomposition} FEVD, "
            f"H={self.horizon}",
            f"Total index: last {total.iloc[-1]:.2f}%, mean {total.mean():.2f}%, "
            f"min {total.min():.2f}%, max {total.max():.2f}%"
            if len(total)
            else "no window",
            "-" * 78,
            "Mean net spillover per variable (to - from):",
            self.net.mean().to_string(float_format=lambda v: f"{v:.2f}"),
        ]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


class RollingSpillover:
    """Diebold-Yilmaz (2012) spillover index re-estimated over rolling windows.

    Each window holds ``window`` consecutive complete rows; windows end every ``step``
    rows, the last one at the last row, and are labelled by their last date. In each
    window a VAR(p) with constant is fitted by OLS (numpy :func:`ols_var`, equal to
    statsmodels' ``VAR.fit`` with the same df-adjusted ``Σ_u``, about 10x faster on this
    workload: ``bench/bench_spillover.py``) and the FEVD and connectedness measures
    are computed exactly as in :class:`~bubblelink.analytics.spillover.VARSpillover`.

    The lag order is fixed across windows: ``lags`` when given, else chosen once by
    ``ic`` on the full sample (so that the index moves with the data, not with a lag
    order that flips between windows).

    Edge cases: NaN rows dropped with a note (as in ``VARSpillover``); a window
    longer than the data, or shorter than ``p + k·p + 11`` rows, raises
    :class:`~bubblelink.errors.DataError`; a window whose VAR cannot be decomposed
    (e.g. a series constant inside it) gives NaN measures and a note.
    """

    def __init__(
        self,
        window: int,
        step: int = 1,
        lags: int | None = None,
        horizon: int = 10,
        ic: InfoCriterion = "aic",
        max_lags: int = 10,
        decomposition: Decomposition = "generalized",
    ) -> None:
        check_params(lags, horizon, ic, max_lags, decomposition)
        if step < 1:
            raise DataError(f"rolling step must be at least 1 observation, got {step}")
        self.window = window
        self.step = step
        self.lags = lags
        self.horizon = horizon
        self.ic: InfoCriterion = ic
        self.max_lags = max_lags
        self.decomposition: Decomposition = decomposition

    def fit(self, returns: pd.DataFrame, notes: Sequence[str] = ()) -> RollingSpilloverResult:
        """Estimate the spillover measures in every window of ``returns``.

        ``notes`` (e.g. the synthetic-data notice) are carried into the result. Runs
        with one BLAS thread (:mod:`bubblelink.analytics._blas`): every window's
        matrices are small.
        """
        with single_blas_thread():
            return self._fit(returns, notes)

    def _fit(self, returns: pd.DataFrame, notes: Sequence[str]) -> RollingSpilloverResult:
        what = "rolling spillover"
        check_window(len(returns), self.window, what)
        data, fit_notes, lags, how = prepare(returns, self.lags, self.ic, self.max_lags, what)
        notes = [*notes, *fit_notes]
        k = data.shape[1]
        check_window(len(data), self.window, what + " (complete rows)")
        need = min_obs_for_var(k, lags)
        if self.window < need:
            raise DataError(
                f"{what}: a window of {self.window} observations is too short for a "
                f"VAR({lags}) in {k} variables; need at least {need}: use a longer --window "
                "or fewer --lags"
            )
        values = data.to_numpy(dtype=float)
        ends = np.arange(len(data), self.window - 1, -self.step)[::-1]
        total = np.full(ends.size, np.nan)
        to_o = np.full((ends.size, k), np.nan)
        from_o = np.full((ends.size, k), np.nan)
        failed = 0
        for n, end in enumerate(ends):
            block = values[end - self.window : end]
            try:
                coefs, sigma = ols_var(block, lags)
                theta = decompose(coefs, sigma, self.horizon, self.decomposition)
            except (DataError, np.linalg.LinAlgError):
                failed += 1
                continue
            if not np.all(np.isfinite(theta)):
                failed += 1
                continue
            conn = connectedness(theta)
            total[n] = conn.total
            to_o[n] = conn.to_others
            from_o[n] = conn.from_others
        if failed:
            notes.append(f"{what}: {failed} of {ends.size} windows could not be estimated (NaN)")
        index = data.index[ends - 1]
        index = index.rename("date") if isinstance(index, pd.DatetimeIndex) else index
        names = list(data.columns)
        return RollingSpilloverResult(
            variables=tuple(names),
            total=pd.Series(total, index=index, name="total"),
            to_others=pd.DataFrame(to_o, index=index, columns=names),
            from_others=pd.DataFrame(from_o, index=index, columns=names),
            net=pd.DataFrame(to_o - from_o, index=index, columns=names),
            window=self.window,
            step=self.step,
            lags=lags,
            lag_selection=how,
            horizon=self.horizon,
            decomposition=self.decomposition,
            notes=tuple(notes),
        )
