"""Downside and upside beta from one regression with regime interactions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_not_constant, check_sample_size, overlapping
from bubblelink.analytics.beta._hac import hac_ols
from bubblelink.analytics.beta._ols_beta import (
    ESTIMATE_COLUMNS,
    MIN_REGRESSION_OBS,
    two_sided_p,
)
from bubblelink.analytics.beta._split import ZeroDays, down_up_days
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

Split = Literal["zero", "mean"]

#: Fewest observations accepted in each regime (down days, up days).
MIN_REGIME_OBS = 5


@dataclass(frozen=True)
class AsymmetricBetaResult(ResultBase):
    """Downside and upside betas, their HAC errors and the test of their equality.

    ``difference = downside_beta - upside_beta``: positive means the asset moves more
    with the market on the market's down days than on its up days. ``difference_p`` is
    two-sided (H0: equal betas). ``zero_days`` says where the ``n_at_threshold`` days
    with the market exactly at the threshold went (``exclude``: in neither regime and
    not in ``n``).
    """

    asset: str
    market: str
    split: str
    threshold: float
    downside_beta: float
    downside_std_error: float
    n_down: int
    upside_beta: float
    upside_std_error: float
    n_up: int
    difference: float
    difference_std_error: float
    difference_z: float
    difference_p: float
    hac_lags: int
    n: int
    start: pd.Timestamp
    end: pd.Timestamp
    zero_days: str
    n_at_threshold: int
    confidence: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """Rows downside_beta, upside_beta, downside_minus_upside (estimate table)."""
        z = stats.norm.ppf(0.5 + self.confidence / 2.0)
        rows = []
        for name, est, se, n in (
            ("downside_beta", self.downside_beta, self.downside_std_error, self.n_down),
            ("upside_beta", self.upside_beta, self.upside_std_error, self.n_up),
            ("downside_minus_upside", self.difference, self.difference_std_error, self.n),
        ):
            rows.append((name, est, se, est - z * se, est + z * se, two_sided_p(est / se), n))
        frame = pd.DataFrame.from_records(rows, columns=["statistic", *ESTIMATE_COLUMNS])
        return frame.set_index("statistic")

    def summary(self) -> str:
        """Short text: the split rule and the table."""
        head = (
            f"Asymmetric beta of {self.asset} on {self.market}: split at {self.split} "
            f"({self.threshold:.6g}), n={self.n} ({self.n_down} down, {self.n_up} up; "
            f"{self.n_at_threshold} at the threshold: {self.zero_days}), HAC lags {self.hac_lags}"
        )
        return head + "\n" + self.to_frame().to_string()


def asymmetric_beta(
    asset: pd.Series,
    market: pd.Series,
    split: Split = "zero",
    lags: int | None = None,
    confidence: float = 0.95,
    zero_days: ZeroDays = "exclude",
) -> AsymmetricBetaResult:
    r"""Downside and upside beta of ``asset`` on ``market`` with a test of equality.

    With :math:`D_t = 1\{r_{m,t} < c\}` (``split="zero"``: :math:`c = 0`;
    ``split="mean"``: :math:`c = \bar r_m`, the full-sample mean, as in Ang, Chen &
    Xing, 2006), one fully interacted regression is fitted on the down and up days:

    .. math::

        r_{a,t} = \alpha^- D_t + \alpha^+ (1 - D_t)
                  + \beta^- r_{m,t} D_t + \beta^+ r_{m,t} (1 - D_t) + \varepsilon_t

    Its slopes equal the OLS slopes fitted separately on the down and up days (each
    regime has its own intercept), i.e. :math:`\beta^- =
    \mathrm{cov}(r_a, r_m \mid r_m < c) / \mathrm{var}(r_m \mid r_m < c)`. The joint
    Newey–West covariance (time order kept; lag rule as in
    :func:`~bubblelink.analytics.beta.ols_beta`) gives each beta's standard error and
    the one of :math:`\beta^- - \beta^+` (via :math:`c'\hat V c`, which accounts for
    the covariance between the two estimates), with a two-sided z test.

    **Days with the market exactly at the threshold** (``zero_days``): ``"exclude"``
    (default) leaves them out of both regimes and of the regression: up
    days are :math:`r_m > c` and down days :math:`r_m < c`, empyrical's convention
    (``up_alpha_beta``/``down_alpha_beta`` and the capture ratios filter
    ``factor_returns > 0`` and ``< 0``), so with ``split="zero"`` the betas equal
    empyrical's. ``"up"`` counts them as up days (:math:`r_m \ge c`, this function's
    rule before the option existed) and ``"down"`` as down days (:math:`r_m \le c`).
    With ``split="zero"`` these are the zero-return days of the market (a flat close,
    or every weekend on the all-days calendar, where equities are carried forward);
    with ``split="mean"`` the threshold is practically never hit exactly, and zero-return
    days are ordinary below-mean (or above-mean) days.

    Edge cases
    ----------
    Each regime needs at least 5 observations and some variation in the market, else
    :class:`~bubblelink.errors.DataError`. NaNs are dropped pairwise.
    """
    if split not in ("zero", "mean"):
        raise DataError(f"split must be 'zero' or 'mean', got {split!r}")
    pair = overlapping(asset, market, min_obs=MIN_REGRESSION_OBS)
    name_a, name_m = (str(c) for c in pair.columns)
    check_not_constant(pair[name_m], what=f"market {name_m}")
    y = pair[name_a].to_numpy(dtype=float)
    m = pair[name_m].to_numpy(dtype=float)
    threshold = 0.0 if split == "zero" else float(m.mean())
    is_down, is_up = down_up_days(m, threshold, zero_days)
    n_at_threshold = int((m == threshold).sum())
    kept = is_down | is_up
    y, m, index = y[kept], m[kept], pair.index[kept]
    down = is_down[kept].astype(float)
    up = 1.0 - down
    n_down, n_up = int(down.sum()), int(up.sum())
    for label, n_regime, mask in (("down", n_down, down), ("up", n_up, up)):
        check_sample_size(
            n_regime,
            MIN_REGIME_OBS,
            f"{name_m} {label} days (split at {split}={threshold:.6g})",
            hint="use a longer date range",
        )
        check_not_constant(pd.Series(m[mask == 1.0]), what=f"market {name_m} on its {label} days")
    design = np.column_stack([down, up, m * down, m * up])
    fit = hac_ols(y, design, lags=lags)
    contrast = np.array([0.0, 0.0, 1.0, -1.0])
    difference = float(contrast @ fit.params)
    difference_se = float(np.sqrt(contrast @ fit.cov @ contrast))
    se = fit.std_errors
    return AsymmetricBetaResult(
        asset=name_a,
        market=name_m,
        split=split,
        threshold=threshold,
        downside_beta=float(fit.params[2]),
        downside_std_error=float(se[2]),
        n_down=n_down,
        upside_beta=float(fit.params[3]),
        upside_std_error=float(se[3]),
        n_up=n_up,
        difference=difference,
        difference_std_error=difference_se,
        difference_z=difference / difference_se,
        difference_p=two_sided_p(difference / difference_se),
        hac_lags=fit.lags,
        n=fit.n_obs,
        start=index[0],
        end=index[-1],
        zero_days=zero_days,
        n_at_threshold=n_at_threshold,
        confidence=confidence,
    )
