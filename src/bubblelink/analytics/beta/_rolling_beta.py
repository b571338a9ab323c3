"""Rolling beta of an asset on a market (a view on the universe rolling kernel)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bubblelink.analytics._checks import check_window, overlapping
from bubblelink.analytics.universe import rolling_target_corr_beta
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class RollingBetaResult(ResultBase):
    """Rolling OLS beta (and correlation) of ``asset`` on ``market``, one value per date.

    The first ``window - 1`` dates are NaN.
    """

    asset: str
    market: str
    window: int
    beta: pd.Series
    corr: pd.Series

    @property
    def latest(self) -> float:
        """The most recent beta."""
        return float(self.beta.iloc[-1])

    def to_frame(self) -> pd.DataFrame:
        """Index ``date``; columns ``beta`` and ``corr`` (warm-up rows dropped)."""
        frame = pd.DataFrame({"beta": self.beta, "corr": self.corr}).dropna(how="all")
        frame.index = frame.index.rename("date")
        return frame


def rolling_beta(asset: pd.Series, market: pd.Series, window: int) -> RollingBetaResult:
    r"""Rolling beta of ``asset`` on ``market`` over ``window`` observations.

    .. math:: \beta_t = \widehat{\mathrm{cov}}_{W_t}(r_a, r_m) / \widehat{\mathrm{var}}_{W_t}(r_m)

    over the last ``window`` rows :math:`W_t` ending at :math:`t`, i.e. the OLS slope
    of :func:`~bubblelink.analytics.beta.ols_beta` fitted on each window. Computed by
    the one rolling kernel of the package,
    :func:`bubblelink.analytics.universe.rolling_target_corr_beta`.

    Edge cases
    ----------
    Dates where either return is missing are dropped first (pairwise, as in
    ``ols_beta``), so a window is ``window`` joint observations. A window in which
    the market is constant gives NaN. ``window`` < 2 or longer than the joint sample
    raises :class:`~bubblelink.errors.DataError`.
    """
    pair = overlapping(asset, market, min_obs=2)
    name_a, name_m = (str(c) for c in pair.columns)
    check_window(len(pair), window, f"{name_a} on {name_m}")
    kernel = rolling_target_corr_beta(pair[name_a], pair[[name_m]], window)
    return RollingBetaResult(
        asset=name_a,
        market=name_m,
        window=window,
        beta=kernel.beta[name_m].rename("beta"),
        corr=kernel.corr[name_m].rename("corr"),
    )
