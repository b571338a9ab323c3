"""BTC's behaviour conditional on tech regimes (Nasdaq up/down months, Nasdaq drawdowns).

Regimes
-------
* **Monthly**: calendar-month simple returns from each asset's last close of the month
  (``P_{m} / P_{m−1} − 1``, each on its own calendar: BTC's month ends at its last UTC
  candle of the month, the Nasdaq's at its last session). Months where the reference
  (``^IXIC``) rose are ``tech_up_month``, the others ``tech_down_month`` (a flat month counts
  as down). The first, partial month is dropped.
* **Daily drawdown state**: on the common dates of the two (aligned) price series, a day is
  ``tech_drawdown`` when the reference's drawdown from its running peak is at least
  ``drawdown_threshold`` (default 10%) at that day's close, else ``tech_normal``. Stats use
  the asset's daily log return on that day.

Per regime: number of periods, the asset's mean and median return, hit rate (share of
positive returns), standard deviation, the reference's mean return, and the asset's
correlation with and OLS beta on the reference within the regime.

Edge cases: a regime with fewer than 3 observations gets NaN correlation/beta; no common
dates raise :class:`DataError`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.performance._drawdowns import drawdown
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclasses.dataclass(frozen=True)
class ConditionalPerformanceResult(ResultBase):
    """Asset statistics per tech regime.

    Attributes
    ----------
    asset, reference
        E.g. ``BTC-USD`` and ``^IXIC``.
    drawdown_threshold
        Depth that defines ``tech_drawdown`` days.
    table
        Rows ``tech_up_month``, ``tech_down_month`` (monthly returns) and ``tech_drawdown``,
        ``tech_normal`` (daily log returns); columns ``frequency, n, asset_mean,
        asset_median, asset_hit_rate, asset_sd, reference_mean, correlation, beta``.
    """

    asset: str
    reference: str
    drawdown_threshold: float
    start: pd.Timestamp
    end: pd.Timestamp
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The regime table."""
        return self.table

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "asset": self.asset,
            "reference": self.reference,
            "drawdown_threshold": self.drawdown_threshold,
            "start": plain(self.start),
            "end": plain(self.end),
            "regimes": plain(self.table),
        }


def conditional_on_tech(
    asset: pd.Series, reference: pd.Series, drawdown_threshold: float = 0.10
) -> ConditionalPerformanceResult:
    """Stats of ``asset`` in tech up/down months and in/out of tech drawdowns.

    Parameters
    ----------
    asset, reference
        Price levels by date (tz-aware UTC), each on its own calendar.
    drawdown_threshold
        Reference drawdown depth (positive fraction) that defines ``tech_drawdown`` days.
    """
    a_name = str(asset.name) if asset.name is not None else "asset"
    r_name = str(reference.name) if reference.name is not None else "reference"
    a = asset.dropna().sort_index()
    r = reference.dropna().sort_index()
    common = a.index.intersection(r.index)
    if len(common) < 3:
        raise DataError(f"{a_name} and {r_name} share only {len(common)} dates; need 3 or more")
    a_month = _monthly(a).iloc[1:]
    r_month = _monthly(r).iloc[1:]
    months = pd.concat(
        [a_month.rename("a"), r_month.rename("r")], axis=1, join="inner", sort=True
    ).dropna()
    daily_a = np.log(a.loc[common]).diff()
    daily_r = np.log(r.loc[common]).diff()
    ref_dd = drawdown(r)
    days = pd.DataFrame({"a": daily_a, "r": daily_r, "dd": ref_dd.loc[common]}).dropna()
    rows = {
        "tech_up_month": _stats(months[months["r"] > 0], "monthly"),
        "tech_down_month": _stats(months[months["r"] <= 0], "monthly"),
        "tech_drawdown": _stats(days[days["dd"] <= -abs(drawdown_threshold)], "daily"),
        "tech_normal": _stats(days[days["dd"] > -abs(drawdown_threshold)], "daily"),
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "regime"
    return ConditionalPerformanceResult(
        asset=a_name,
        reference=r_name,
        drawdown_threshold=abs(drawdown_threshold),
        start=common[0],
        end=common[-1],
        table=table,
    )


def _monthly(prices: pd.Series) -> pd.Series:
    last = prices.groupby(
        prices.index.to_period("M")
        if prices.index.tz is None
        else prices.index.tz_localize(None).to_period("M")
    ).last()
    out = last / last.shift(1) - 1
    out.index = out.index.to_timestamp(how="end").normalize()
    if prices.index.tz is not None:
        out.index = out.index.tz_localize(prices.index.tz)
    return out


def _stats(frame: pd.DataFrame, frequency: str) -> dict[str, Any]:
    n = len(frame)
    if n == 0:
        return {
            "frequency": frequency,
            "n": 0,
            "asset_mean": np.nan,
            "asset_median": np.nan,
            "asset_hit_rate": np.nan,
            "asset_sd": np.nan,
            "reference_mean": np.nan,
            "correlation": np.nan,
            "beta": np.nan,
        }
    a, r = frame["a"], frame["r"]
    enough = n >= 3 and r.var() > 0 and a.var() > 0
    return {
        "frequency": frequency,
        "n": n,
        "asset_mean": float(a.mean()),
        "asset_median": float(a.median()),
        "asset_hit_rate": float((a > 0).mean()),
        "asset_sd": float(a.std(ddof=1)) if n > 1 else np.nan,
        "reference_mean": float(r.mean()),
        "correlation": float(a.corr(r)) if enough else np.nan,
        "beta": float(a.cov(r) / r.var()) if enough else np.nan,
    }
