"""Drawdown episodes of a price series, and the overlap of two assets' drawdowns.

Definitions
-----------
Drawdown ``DD_t = P_t / max_{s≤t} P_s − 1`` (≤ 0; :func:`drawdown`, the one definition,
and :func:`max_drawdown`, its minimum). An *episode* starts at a peak (the last
running-maximum close before the price drops below it), reaches its trough (the minimum of
``DD`` inside the episode) and ends at the recovery: the first close at or above the peak.
An episode with no recovery by the end of the data is *ongoing* (``recovery`` is None,
``duration`` counts to the last observation). Reported per episode:

* ``peak``, ``trough``, ``recovery`` dates; ``peak_price``, ``trough_price``;
* ``depth = trough_price / peak_price − 1``;
* ``decline_days`` (peak → trough), ``recovery_days`` (trough → recovery) and
  ``duration_days`` (peak → recovery, or → last date when ongoing), in calendar days, and
  ``duration_rows`` in observations.

Episodes shallower than ``min_depth`` (default 0: all) are dropped; ``top`` keeps the
deepest. NaN prices are dropped first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain

_EPISODE_COLUMNS = (
    "peak", "trough", "recovery", "peak_price", "trough_price", "depth", "decline_days",
    "recovery_days", "duration_days", "duration_rows", "ongoing",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class DrawdownTable(ResultBase):
    """Drawdown episodes of one asset, deepest first.

    Attributes
    ----------
    symbol
        Asset.
    episodes
        One row per episode (columns in the module docstring), deepest first.
    max_drawdown
        Deepest drawdown over the whole series.
    current_drawdown
        Drawdown at the last observation.
    """

    symbol: str
    episodes: pd.DataFrame
    max_drawdown: float
    current_drawdown: float
    start: pd.Timestamp
    end: pd.Timestamp

    def to_frame(self) -> pd.DataFrame:
        """The episodes, with a ``symbol`` column."""
        frame = self.episodes.copy()
        frame.insert(0, "symbol", self.symbol)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "symbol": self.symbol,
            "start": plain(self.start),
            "end": plain(self.end),
            "max_drawdown": plain(self.max_drawdown),
            "current_drawdown": plain(self.current_drawdown),
            "episodes": plain(self.episodes.reset_index(drop=True)),
        }


@dataclasses.dataclass(frozen=True)
class DrawdownTables(ResultBase):
    """Drawdown tables of several assets."""

    tables: tuple[DrawdownTable, ...]

    def to_frame(self) -> pd.DataFrame:
        """All episodes stacked, with a ``symbol`` column."""
        frames = [t.to_frame() for t in self.tables]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def to_dict(self) -> dict[str, Any]:
        """JSON view: one entry per asset."""
        return {"assets": [t.to_dict() for t in self.tables]}


@overload
def drawdown(prices: np.ndarray, axis: int = -1) -> np.ndarray: ...


@overload
def drawdown(prices: pd.Series, axis: int = -1) -> pd.Series: ...


def drawdown(prices: pd.Series | np.ndarray, axis: int = -1) -> pd.Series | np.ndarray:
    r"""Running-peak drawdown :math:`DD_t = P_t / \max_{s \le t} P_s - 1` (≤ 0).

    The one drawdown definition of bubblelink: the drawdown tables, period
    performance, tech-regime statistics, claims, scenario paths and the risk backtest
    all use it (or :func:`max_drawdown`). The peak includes the current price, so the
    first value is 0 and a new high gives 0.

    Parameters
    ----------
    prices
        Positive price levels (or an index/wealth path). A ``pandas.Series`` is taken
        by date: NaN prices are dropped and the index is sorted first, and the result is
        a Series on the remaining dates with the same name. A numpy array is taken as
        it is (no sorting): NaN prices give NaN drawdowns and do not count toward the
        peak (``numpy.fmax.accumulate``); with more than one dimension the running peak
        runs along ``axis`` (e.g. ``axis=1`` for a paths × sessions array).
    axis
        Time axis of an array (ignored for a Series).

    Returns
    -------
    pandas.Series or numpy.ndarray
        Same kind (and, for arrays, shape) as ``prices``.
    """
    if isinstance(prices, pd.Series):
        clean = prices.dropna().sort_index()
        values = drawdown(clean.to_numpy(dtype=float))
        return pd.Series(values, index=clean.index, name=prices.name)
    values = np.asarray(prices, dtype=float)
    peak = np.fmax.accumulate(values, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return values / peak - 1.0


@overload
def max_drawdown(prices: np.ndarray, axis: int = -1) -> float | np.ndarray: ...


@overload
def max_drawdown(prices: pd.Series, axis: int = -1) -> float: ...


def max_drawdown(prices: pd.Series | np.ndarray, axis: int = -1) -> float | np.ndarray:
    r"""Deepest drawdown :math:`\min_t DD_t` (≤ 0; e.g. -0.25 for a 25% peak-to-trough fall).

    :func:`drawdown` and its minimum over time (NaN drawdowns ignored). A Series or a
    1-D array gives a float; an n-D array gives the minimum along ``axis`` (e.g. one
    value per simulated path, or per rolling window of
    ``numpy.lib.stride_tricks.sliding_window_view(prices, h + 1)`` for the worst fall
    over the next ``h`` observations). NaN when there is no price.
    """
    dd = drawdown(prices, axis=axis)
    values = dd.to_numpy() if isinstance(dd, pd.Series) else dd
    if values.size == 0:
        return float("nan")
    worst = np.fmin.reduce(values, axis=-1 if isinstance(dd, pd.Series) else axis)
    return float(worst) if np.ndim(worst) == 0 else worst


#: Former name of :func:`drawdown` (Series only), kept for existing callers.
drawdown_series = drawdown


def drawdown_table(
    prices: pd.Series, top: int | None = None, min_depth: float = 0.0
) -> DrawdownTable:
    """Drawdown episodes (peak, trough, recovery, depth, durations) of one price series.

    Parameters
    ----------
    prices
        Price levels by date (adjusted closes are fine: drawdowns are ratios).
    top
        Keep the ``top`` deepest episodes (default all).
    min_depth
        Drop episodes shallower than this (e.g. 0.1 for 10%).

    Raises
    ------
    DataError
        Fewer than 2 prices, or non-positive prices.
    """
    symbol = str(prices.name) if prices.name is not None else "asset"
    clean = prices.dropna().sort_index()
    if len(clean) < 2:
        raise DataError(f"{symbol} has {len(clean)} prices; a drawdown table needs at least 2")
    if (clean <= 0).any():
        raise DataError(f"{symbol} has non-positive prices; drawdowns need positive levels")
    values = clean.to_numpy(dtype=float)
    dates = clean.index
    dd = drawdown(values)
    rows: list[dict[str, Any]] = []
    n = len(values)
    i = 0
    while i < n:
        if dd[i] < 0:
            peak_i = i - 1  # previous row is at the running max (dd[0] == 0 always)
            j = i
            while j < n and values[j] < values[peak_i]:
                j += 1
            segment = dd[i:j]
            trough_i = i + int(np.argmin(segment))
            recovered = j < n
            end_i = j if recovered else n - 1
            rows.append(
                {
                    "peak": dates[peak_i],
                    "trough": dates[trough_i],
                    "recovery": dates[j] if recovered else None,
                    "peak_price": float(values[peak_i]),
                    "trough_price": float(values[trough_i]),
                    "depth": float(values[trough_i] / values[peak_i] - 1),
                    "decline_days": int((dates[trough_i] - dates[peak_i]).days),
                    "recovery_days": int((dates[j] - dates[trough_i]).days) if recovered else None,
                    "duration_days": int((dates[end_i] - dates[peak_i]).days),
                    "duration_rows": int(end_i - peak_i),
                    "ongoing": not recovered,
                }
            )
            i = j
        else:
            i += 1
    episodes = pd.DataFrame(rows, columns=list(_EPISODE_COLUMNS))
    if not episodes.empty:
        episodes = episodes[episodes["depth"] <= -abs(min_depth)] if min_depth else episodes
        episodes = episodes.sort_values("depth", kind="stable").reset_index(drop=True)
        if top is not None:
            episodes = episodes.head(top).reset_index(drop=True)
    return DrawdownTable(
        symbol=symbol,
        episodes=episodes,
        max_drawdown=float(dd.min()),
        current_drawdown=float(dd[-1]),
        start=dates[0],
        end=dates[-1],
    )


def drawdown_tables(
    prices: pd.DataFrame,
    symbols: Sequence[str] | None = None,
    top: int | None = None,
    min_depth: float = 0.0,
) -> DrawdownTables:
    """:func:`drawdown_table` for each column (or ``symbols``) of ``prices``."""
    names = list(symbols) if symbols is not None else [str(c) for c in prices.columns]
    for name in names:
        if name not in prices.columns:
            raise DataError(
                f"unknown symbol {name!r}: loaded series are {', '.join(map(str, prices.columns))}"
            )
    return DrawdownTables(
        tables=tuple(
            drawdown_table(prices[s].rename(s), top=top, min_depth=min_depth) for s in names
        )
    )


@dataclasses.dataclass(frozen=True)
class DrawdownOverlapResult(ResultBase):
    """How two assets' drawdowns coincide.

    Attributes
    ----------
    asset, reference
        E.g. ``BTC-USD`` and ``^IXIC``.
    threshold
        A day is "in drawdown" when ``DD_t <= −threshold``.
    days, days_asset, days_reference, days_both
        Common days, and days each / both were in drawdown.
    p_asset_given_reference, p_reference_given_asset, jaccard
        ``P(asset in DD | reference in DD)``, the converse, and ``both / either``.
    episodes
        Per reference episode deeper than ``episode_depth``: its peak, trough, recovery and
        depth, the asset's return from the reference's peak to its trough, and the asset's
        own maximum drawdown within the reference's peak→recovery span.
    """

    asset: str
    reference: str
    threshold: float
    episode_depth: float
    days: int
    days_asset: int
    days_reference: int
    days_both: int
    p_asset_given_reference: float
    p_reference_given_asset: float
    jaccard: float
    episodes: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The per-episode table."""
        return self.episodes

    def summary(self) -> str:
        """Overlap figures and the episode table."""
        return (
            f"{self.asset} vs {self.reference}: {self.days_both} of {self.days} common days both "
            f"in drawdown (≤ −{self.threshold:.0%}); P({self.asset} in DD | {self.reference} "
            f"in DD) = {self.p_asset_given_reference:.2f}, Jaccard = {self.jaccard:.2f}\n"
            + self.episodes.to_string()
        )


def drawdown_overlap(
    asset: pd.Series,
    reference: pd.Series,
    threshold: float = 0.05,
    episode_depth: float = 0.10,
) -> DrawdownOverlapResult:
    """Overlap of ``asset``'s and ``reference``'s drawdowns (e.g. BTC and the Nasdaq).

    Each series' drawdown is computed on its own full calendar first, then compared on the
    common dates, so BTC's weekend lows count toward its running peak but only trading days
    of the reference enter the day counts.

    Parameters
    ----------
    asset, reference
        Price levels by date.
    threshold
        In-drawdown threshold for the day counts (default 5%).
    episode_depth
        Reference episodes at least this deep get a row in ``episodes`` (default 10%).
    """
    a_name = str(asset.name) if asset.name is not None else "asset"
    r_name = str(reference.name) if reference.name is not None else "reference"
    dd_a, dd_r = drawdown(asset), drawdown(reference)
    common = dd_a.index.intersection(dd_r.index)
    if len(common) < 2:
        raise DataError(f"{a_name} and {r_name} share only {len(common)} dates")
    in_a = dd_a.loc[common] <= -threshold
    in_r = dd_r.loc[common] <= -threshold
    both = int((in_a & in_r).sum())
    either = int((in_a | in_r).sum())
    ref_table = drawdown_table(reference.rename(r_name), min_depth=episode_depth)
    a_clean = asset.dropna().sort_index()
    rows = []
    for ep in ref_table.episodes.sort_values("peak").itertuples(index=False):
        span_end = ep.recovery if ep.recovery is not None else a_clean.index[-1]
        a_span = a_clean.loc[ep.peak : span_end]
        a_to_trough = a_clean.loc[: ep.trough]
        a_at_peak = a_clean.loc[: ep.peak]
        if a_span.empty or a_at_peak.empty:
            continue
        rows.append(
            {
                "peak": ep.peak,
                "trough": ep.trough,
                "recovery": ep.recovery,
                f"{r_name}_depth": ep.depth,
                f"{a_name}_peak_to_trough": float(a_to_trough.iloc[-1] / a_at_peak.iloc[-1] - 1),
                f"{a_name}_max_drawdown_in_span": max_drawdown(a_span),
            }
        )
    return DrawdownOverlapResult(
        asset=a_name,
        reference=r_name,
        threshold=threshold,
        episode_depth=episode_depth,
        days=len(common),
        days_asset=int(in_a.sum()),
        days_reference=int(in_r.sum()),
        days_both=both,
        p_asset_given_reference=both / int(in_r.sum()) if in_r.any() else float("nan"),
        p_reference_given_asset=both / int(in_a.sum()) if in_a.any() else float("nan"),
        jaccard=both / either if either else float("nan"),
        episodes=pd.DataFrame(rows),
    )
