"""Full-sample OLS beta of an asset on a market with Newey–West standard errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_not_constant, overlapping
from bubblelink.analytics.beta._hac import hac_ols
from bubblelink.results import ResultBase

#: Fewest overlapping observations accepted for a regression.
MIN_REGRESSION_OBS = 10

#: Columns of every estimate table in this package (one row per statistic).
ESTIMATE_COLUMNS = ("estimate", "std_error", "ci_low", "ci_high", "p_value", "n")


@dataclass(frozen=True)
class BetaResult(ResultBase):
    """OLS beta, alpha and R² with HAC (Newey–West) standard errors.

    ``alpha`` is per period (per session on the equity calendar). Confidence intervals
    and p-values (H0: coefficient = 0) use the normal distribution, as statsmodels does
    for HAC fits.
    """

    asset: str
    market: str
    beta: float
    beta_std_error: float
    beta_p: float
    alpha: float
    alpha_std_error: float
    alpha_p: float
    r_squared: float
    n: int
    hac_lags: int
    start: pd.Timestamp
    end: pd.Timestamp
    confidence: float = 0.95

    def conf_int(self) -> pd.DataFrame:
        """Normal confidence intervals of alpha and beta (rows), ``ci_low``/``ci_high`` columns."""
        z = stats.norm.ppf(0.5 + self.confidence / 2.0)
        rows = {
            "alpha": (self.alpha - z * self.alpha_std_error, self.alpha + z * self.alpha_std_error),
            "beta": (self.beta - z * self.beta_std_error, self.beta + z * self.beta_std_error),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["ci_low", "ci_high"])

    def to_frame(self) -> pd.DataFrame:
        """Rows alpha, beta, r_squared; columns estimate, std_error, ci_low, ci_high, p_value, n."""
        ci = self.conf_int()
        nan = float("nan")
        rows = [
            ("alpha", self.alpha, self.alpha_std_error, *ci.loc["alpha"], self.alpha_p, self.n),
            ("beta", self.beta, self.beta_std_error, *ci.loc["beta"], self.beta_p, self.n),
            ("r_squared", self.r_squared, nan, nan, nan, nan, self.n),
        ]
        frame = pd.DataFrame.from_records(rows, columns=["statistic", *ESTIMATE_COLUMNS])
        return frame.set_index("statistic")

    def summary(self) -> str:
        """Short text: the coefficient table and the sample."""
        head = (
            f"OLS beta of {self.asset} on {self.market}: n={self.n}, "
            f"{self.start.date()}..{self.end.date()}, Newey-West HAC with {self.hac_lags} lags"
        )
        return head + "\n" + self.to_frame().to_string()


def two_sided_p(z: float) -> float:
    """Two-sided p-value of a standard-normal statistic."""
    return float(2.0 * stats.norm.sf(abs(z)))


def ols_beta(
    asset: pd.Series,
    market: pd.Series,
    lags: int | None = None,
    confidence: float = 0.95,
) -> BetaResult:
    r"""Beta of ``asset`` on ``market`` by OLS, with Newey–West standard errors.

    .. math:: r_{a,t} = \alpha + \beta\, r_{m,t} + \varepsilon_t

    so :math:`\hat\beta = \widehat{\mathrm{cov}}(r_a, r_m) / \widehat{\mathrm{var}}(r_m)`.
    Standard errors are HAC with Bartlett weights (Newey & West, 1987) and truncation
    lag ``lags``; ``None`` uses :math:`\lfloor 4 (n/100)^{2/9} \rfloor` (Newey & West,
    1994), e.g. 7 lags for 2,000 sessions. No small-sample correction: the numbers equal
    statsmodels ``OLS(...).fit(cov_type="HAC", cov_kwds={"maxlags": lags})``.

    Parameters
    ----------
    asset, market
        Aligned returns (e.g. from ``bubblelink.frames.load_returns``), same frequency.
    lags
        HAC truncation lag; 0 gives White's heteroskedasticity-robust HC0 errors.
    confidence
        Level of the normal confidence intervals.

    Edge cases
    ----------
    Only dates where both returns are finite are used (NaN from holidays or late
    listings are dropped pairwise, never filled); the HAC lags then count rows, not
    calendar days. Fewer than 10 overlapping observations, or a constant market,
    raise :class:`~bubblelink.errors.DataError`.
    """
    pair = overlapping(asset, market, min_obs=MIN_REGRESSION_OBS)
    name_a, name_m = (str(c) for c in pair.columns)
    check_not_constant(pair[name_m], what=f"market {name_m}")
    y = pair[name_a].to_numpy(dtype=float)
    m = pair[name_m].to_numpy(dtype=float)
    fit = hac_ols(y, np.column_stack([np.ones_like(m), m]), lags=lags)
    se = fit.std_errors
    return BetaResult(
        asset=name_a,
        market=name_m,
        beta=float(fit.params[1]),
        beta_std_error=float(se[1]),
        beta_p=two_sided_p(fit.params[1] / se[1]),
        alpha=float(fit.params[0]),
        alpha_std_error=float(se[0]),
        alpha_p=two_sided_p(fit.params[0] / se[0]),
        r_squared=fit.r_squared,
        n=fit.n_obs,
        hac_lags=fit.lags,
        start=pair.index[0],
        end=pair.index[-1],
        confidence=confidence,
    )
