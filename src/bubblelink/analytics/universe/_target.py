"""One target against N assets: rolling Pearson correlation and rolling beta."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_window
from bubblelink.analytics.universe._windows import rolling_corr_beta_arrays
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclass(frozen=True, eq=False)
class TargetRollingResult(ResultBase):
    """Rolling correlation and beta of one target against each of N assets.

    Attributes
    ----------
    corr : pandas.DataFrame
        Rolling Pearson correlation, index = the (aligned) input dates, columns = assets.
    beta : pandas.DataFrame
        Rolling beta of the **target on each asset**, ``cov(target, asset) /
        var(asset)`` over the same window (the slope of regressing the target on the
        asset).
    window : int
        Observations per window.
    target : str
        Name of the target series.
    """

    corr: pd.DataFrame
    beta: pd.DataFrame
    window: int
    target: str = field(default="target")

    def to_frame(self) -> pd.DataFrame:
        """Long frame: index ``date``; columns ``asset``, ``corr``, ``beta`` (NaN rows kept)."""
        corr = self.corr.stack(future_stack=True).rename("corr")
        beta = self.beta.stack(future_stack=True).rename("beta")
        long = pd.concat([corr, beta], axis=1)
        long.index = long.index.set_names(["date", "asset"])
        return long.reset_index(level="asset")

    def to_dict(self) -> dict[str, Any]:
        """``{target, window, assets, corr: [{date, <asset>: value…}], beta: […]}``."""
        return {
            "target": self.target,
            "window": self.window,
            "assets": [str(c) for c in self.corr.columns],
            "corr": plain(_dated(self.corr)),
            "beta": plain(_dated(self.beta)),
        }

    def summary(self) -> str:
        """Latest correlation and beta per asset."""
        last = pd.DataFrame({"corr": self.corr.iloc[-1], "beta": self.beta.iloc[-1]})
        head = f"{self.target}: rolling {self.window}-observation correlation and beta"
        return f"{head} (as of {self.corr.index[-1]})\n{last.to_string()}"


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.index = out.index.rename("date")
    return out


def _numeric(frame: pd.DataFrame, what: str) -> np.ndarray:
    try:
        return frame.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{what} has non-numeric values ({exc}): pass prices or returns") from exc


def rolling_target_corr_beta(
    target: pd.Series, assets: pd.DataFrame, window: int
) -> TargetRollingResult:
    r"""Rolling Pearson correlation and beta of ``target`` against every column of ``assets``.

    For the window :math:`W_t = \{t-w+1, \dots, t\}` (``w`` = ``window`` rows):

    .. math::

        \rho_t = \frac{\sum_{W_t} (y-\bar y)(x-\bar x)}
                      {\sqrt{\sum_{W_t} (y-\bar y)^2 \sum_{W_t} (x-\bar x)^2}},
        \qquad
        \beta_t = \frac{\widehat{\mathrm{cov}}_t(y, x)}{\widehat{\mathrm{var}}_t(x)}

    with ``y`` the target and ``x`` the asset: :math:`\beta_t` is the beta **of the
    target on the asset** (regress target on asset). Computed in O(T·N) by a numba
    kernel, one pass per asset (assets in parallel), carrying the window means and
    centred co-moments from one window to the next (``x⁺``/``y⁺`` enter, ``x⁻``/``y⁻``
    leave, both shifted by a recent value so a level shift such as ``x + 1e6`` costs no
    precision):

    .. math::

        d_x = x^+ - x^-,\quad m_x' = m_x + d_x/w,\quad
        h_x = \tfrac12\left[(x^+ - m_x') + (x^- - m_x)\right]\ \text{(same for y)},

        C_{xy}' = C_{xy} + d_x h_y + h_x d_y,\quad
        M_{2,x}' = M_{2,x} + 2 d_x h_x,\quad M_{2,y}' = M_{2,y} + 2 d_y h_y,

    :math:`\rho = C_{xy}/\sqrt{M_{2,x} M_{2,y}}`, :math:`\beta = C_{xy}/M_{2,x}`. The
    window is recomputed exactly (two-pass) when it becomes complete, every
    ``RECOMPUTE_EVERY`` updates and when the first-order rounding bound of the updates
    exceeds ``MAX_REL_ERROR`` of the variance (both in
    :mod:`bubblelink.analytics.universe._windows`, which states the bound; without
    numba a two-pass numpy fallback gives the same values). The values equal pandas
    ``target.rolling(w).corr(asset)`` and
    ``target.rolling(w).cov(asset) / asset.rolling(w).var()`` to ~1e-12.

    Parameters
    ----------
    target : pandas.Series
        The series explained (e.g. BTC returns).
    assets : pandas.DataFrame
        One column per asset.
    window : int
        Rows per window (sessions of whatever calendar the data is on; weekends are
        rows only if the input has them).

    Returns
    -------
    TargetRollingResult
        ``corr`` and ``beta`` frames indexed like the input, columns = assets.

    Notes
    -----
    * Alignment: when the indexes differ they are aligned on their union (as pandas
      does); a date present in only one input is a NaN in the other.
    * NaN rule = pandas' default ``min_periods=window``: a window with a NaN (or ±inf)
      in the target or the asset gives NaN for that asset; the first ``window - 1``
      rows are NaN.
    * A window in which the asset is constant (``window`` equal values) gives NaN
      correlation and beta; a constant target gives NaN correlation (pandas gives the
      same NaNs) and beta 0 (zero covariance).

    Raises
    ------
    DataError
        ``window`` < 2 or longer than the data, or non-numeric input.
    """
    if isinstance(assets, pd.Series):
        assets = assets.to_frame()
    if not target.index.equals(assets.index):
        target, assets = target.align(assets, join="outer", axis=0)
    name = str(target.name) if target.name is not None else "target"
    check_window(len(target), window, f"{name} against {assets.shape[1]} assets")
    y = _numeric(target.to_frame(), f"target {name}")[:, 0]
    x = _numeric(assets, "assets")
    corr, beta = rolling_corr_beta_arrays(y, x, window)
    # the kernel's fresh arrays become the frames' blocks as they are (no copy)
    return TargetRollingResult(
        corr=pd.DataFrame(corr, index=assets.index, columns=assets.columns, copy=False),
        beta=pd.DataFrame(beta, index=assets.index, columns=assets.columns, copy=False),
        window=window,
        target=name,
    )
