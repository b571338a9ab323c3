"""Flows on chosen days: the worst tech sessions and a stress window."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import ttest_ind

from bubblelink.analytics.flows._streaks import SUM_DECIMALS
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclasses.dataclass(frozen=True, eq=False)
class WorstDaysFlows(ResultBase):
    """Total flow on the ``k`` worst sessions of a tech series and on the next session.

    Attributes
    ----------
    table : DataFrame
        Index ``date`` (worst first); ``tech_return``, ``flow`` (same session),
        ``flow_next`` (next session with flow data), US$ millions.
    tech : str
        The series ranked (e.g. ``AI_BASKET``).
    k : int
    mean_flow, mean_flow_next : float
        Means over the worst days.
    mean_other : float
        Mean flow on every other session with both a return and a flow.
    p_value : float
        Welch t-test of same-day flows on the worst days against the other days.
    n_other : int
    """

    table: pd.DataFrame
    tech: str
    k: int
    mean_flow: float
    mean_flow_next: float
    mean_other: float
    p_value: float
    n_other: int

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return out


def flows_on_worst_days(flows: pd.Series, tech_returns: pd.Series, k: int) -> WorstDaysFlows:
    """Flows on the ``k`` sessions with the lowest ``tech_returns`` among those with flows.

    The ranking uses only sessions where both the tech return and the flow are known (so
    every listed day has a flow); ``flow_next`` is the flow of the next session with
    data (NaN for the last one). The Welch test compares same-day flows on those days
    with the other days (flows are autocorrelated: read it as descriptive).

    Raises
    ------
    DataError
        ``k < 1`` or fewer than ``k + 2`` common sessions.
    """
    if k < 1:
        raise DataError(f"worst days: k must be at least 1, got {k}")
    f = flows.astype(float).dropna()
    both = pd.DataFrame({"tech_return": tech_returns.astype(float), "flow": f}).dropna()
    if len(both) < k + 2:
        raise DataError(
            f"only {len(both)} sessions have both a {tech_returns.name} return and a flow; "
            f"need at least {k + 2} for the {k} worst days"
        )
    worst = both.sort_values("tech_return", kind="stable").head(k).copy()
    following = f.shift(-1)
    worst["flow_next"] = following.reindex(worst.index)
    worst.index.name = "date"
    other = both.loc[~both.index.isin(worst.index), "flow"]
    p_value = float(ttest_ind(worst["flow"], other, equal_var=False).pvalue) if k > 1 else np.nan
    return WorstDaysFlows(
        table=worst[["tech_return", "flow", "flow_next"]],
        tech=str(tech_returns.name),
        k=k,
        mean_flow=float(worst["flow"].mean()),
        mean_flow_next=float(worst["flow_next"].mean()),
        mean_other=float(other.mean()),
        p_value=p_value,
        n_other=int(other.size),
    )


@dataclasses.dataclass(frozen=True, eq=False)
class WindowFlows(ResultBase):
    """Flows in a date window.

    Attributes
    ----------
    start, end : Timestamp
        The window (inclusive).
    n : int
        Sessions with a total flow in the window.
    total, mean : float
        Sum and mean per session of the total flow, US$ millions.
    percentile : float
        Share of all windows of ``n`` consecutive sessions in the sample whose summed
        flow is below this window's (0 = the most negative on record).
    windows : int
        How many such windows the sample has.
    by_fund : DataFrame
        Index ``series``; ``total`` per column in the window (columns without data left
        out), sorted by total.
    label : str
        Where the window comes from.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    n: int
    total: float
    mean: float
    percentile: float
    windows: int
    by_fund: pd.DataFrame
    label: str

    def to_frame(self) -> pd.DataFrame:
        return self.by_fund


def window_flows(
    total: pd.Series,
    funds: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    label: str,
) -> WindowFlows:
    """Sum and mean of the total flow between ``start`` and ``end`` and how unusual it is.

    ``percentile`` ranks the window's sum among the sums of every run of the same number
    of consecutive sessions with data in ``total`` (rolling sum, overlapping windows).

    Raises
    ------
    DataError
        No flow in the window.
    """
    t = total.astype(float).dropna()
    inside = t[(t.index >= start) & (t.index <= end)]
    if inside.empty:
        raise DataError(
            f"no total flow between {start.date()} and {end.date()}: the flow data cover "
            f"{t.index.min().date() if len(t) else '-'} to "
            f"{t.index.max().date() if len(t) else '-'}"
        )
    n = int(inside.size)
    rolling = t.rolling(n).sum().dropna()
    total_sum = round(float(inside.sum()), SUM_DECIMALS)
    percentile = float((rolling < total_sum - 1e-9).mean()) if len(rolling) else np.nan
    part = funds[(funds.index >= start) & (funds.index <= end)]
    sums = part.sum(min_count=1).dropna().round(SUM_DECIMALS).sort_values()
    by_fund = pd.DataFrame({"total": sums})
    by_fund.index.name = "series"
    return WindowFlows(
        start=start,
        end=end,
        n=n,
        total=total_sum,
        mean=float(inside.mean()),
        percentile=percentile,
        windows=len(rolling),
        by_fund=by_fund,
        label=label,
    )
