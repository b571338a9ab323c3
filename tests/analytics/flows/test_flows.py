"""Known-answer tests of the flow analytics on small hand-made series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from bubblelink.analytics.flows import (
    combine_totals,
    cumulative_flows,
    dollar_volume_proxy,
    flow_return_lead_lag,
    flow_streaks,
    flow_table,
    flows_on_worst_days,
    window_flows,
)
from bubblelink.errors import DataError


def _days(n: int, start: str = "2024-01-02") -> pd.DatetimeIndex:
    return pd.bdate_range(start, periods=n, name="date")


# -- streaks ----------------------------------------------------------------------------


def test_streaks_known_answer() -> None:
    values = [5.0, 3.0, -1.0, -2.0, -4.0, 0.0, 2.0, 2.0, 2.0, np.nan, 1.0, -1.0, -1.0]
    flows = pd.Series(values, index=_days(len(values)), name="TOTAL")
    result = flow_streaks(flows)
    days = flows.index
    # runs after dropping the NaN: [5,3] in, [-1,-2,-4] out, 0 breaks, [2,2,2,1] in, [-1,-1] out
    assert result.longest_in is not None and result.longest_out is not None
    assert result.longest_in.length == 4
    assert result.longest_in.start == days[6] and result.longest_in.end == days[10]
    assert result.longest_in.total == pytest.approx(7.0)
    assert result.longest_out.length == 3
    assert (result.longest_out.start, result.longest_out.end) == (days[2], days[4])
    assert result.longest_out.total == pytest.approx(-7.0)
    assert result.current is not None
    assert result.current.direction == "out" and result.current.length == 2
    assert result.current.total == pytest.approx(-2.0)
    assert result.n == 12


def test_streak_ties_take_the_earliest_and_zero_ends_current() -> None:
    flows = pd.Series([1.0, 1.0, -1.0, 1.0, 1.0, 0.0], index=_days(6))
    result = flow_streaks(flows)
    assert result.longest_in is not None
    assert result.longest_in.start == flows.index[0]
    assert result.current is None
    frame = result.to_frame()
    assert list(frame.index) == ["longest_in", "longest_out", "current"]
    assert result.to_dict()["current"] is None


def test_streaks_need_data() -> None:
    with pytest.raises(DataError):
        flow_streaks(pd.Series([np.nan, np.nan], index=_days(2)))


# -- cumulative -------------------------------------------------------------------------


def test_cumulative_and_table() -> None:
    index = _days(5)
    flows = pd.DataFrame(
        {"IBIT": [1.0, 2.0, np.nan, -4.0, 3.0], "MSBT": [np.nan, np.nan, 5.0, 1.0, -1.0]},
        index=index,
    )
    cum = cumulative_flows(flows)
    assert cum["IBIT"].tolist()[:2] == [1.0, 3.0]
    assert np.isnan(cum["IBIT"].iloc[2])  # no data that day
    assert cum["IBIT"].tolist()[3:] == [-1.0, 2.0]
    assert np.isnan(cum["MSBT"].iloc[0]) and cum["MSBT"].iloc[-1] == 5.0
    # independent: the running sum over the days with data
    ibit = flows["IBIT"].dropna()
    assert np.allclose(cum["IBIT"].dropna(), np.cumsum(ibit.to_numpy()))
    table = flow_table(flows)
    assert list(table.index) == ["MSBT", "IBIT"]  # by |cumulative|
    assert table.loc["IBIT", "cumulative"] == 2.0 and table.loc["IBIT", "n"] == 4
    assert table.loc["IBIT", "days_out"] == 1 and table.loc["IBIT", "largest_out"] == -4.0
    assert table.loc["MSBT", "first"] == index[2]


# -- lead-lag ---------------------------------------------------------------------------


def test_lead_lag_against_independent_computation() -> None:
    rng = np.random.default_rng(7)
    n = 200
    index = _days(n)
    r = pd.Series(rng.normal(0, 0.02, n), index=index, name="BTC-USD")
    # flows follow yesterday's return, plus noise
    flow = pd.Series(
        3000 * r.shift(1).fillna(0).to_numpy() + rng.normal(0, 20, n), index=index, name="TOTAL"
    )
    result = flow_return_lead_lag(flow, r, alignment="test")
    table = result.table
    f, x = flow.to_numpy(), r.to_numpy()
    # same day: corr(flow_t, r_t)
    same = stats.pearsonr(f, x)
    assert table.loc["same day", "corr"] == pytest.approx(same.statistic)
    assert table.loc["same day", "n"] == n
    # flows lead: corr(flow_t, r_{t+1})
    lead = stats.pearsonr(f[:-1], x[1:])
    assert table.loc["flows lead", "corr"] == pytest.approx(lead.statistic)
    assert table.loc["flows lead", "p_value"] == pytest.approx(lead.pvalue)
    low, high = lead.confidence_interval()
    assert table.loc["flows lead", "ci_low"] == pytest.approx(low)
    assert table.loc["flows lead", "ci_high"] == pytest.approx(high)
    # returns lead: corr(r_t, flow_{t+1}) — built in, strong
    back = stats.pearsonr(x[:-1], f[1:])
    assert table.loc["returns lead", "corr"] == pytest.approx(back.statistic)
    assert table.loc["returns lead", "corr"] > 0.8
    assert table.loc["returns lead", "n"] == n - 1
    # slope of flow_{t+1} on r_t by OLS is about 3000 (US$ m per unit log return)
    fit = sm.OLS(f[1:], sm.add_constant(x[:-1])).fit(cov_type="HAC", cov_kwds={"maxlags": 5})
    assert table.loc["returns lead", "slope"] == pytest.approx(fit.params[1])
    assert table.loc["returns lead", "slope"] == pytest.approx(3000, rel=0.1)
    assert table.loc["returns lead", "p_value_hac"] == pytest.approx(fit.pvalues[1])
    # slope of r_{t+1} on flow_t per US$ 1 bn
    fit2 = sm.OLS(x[1:], sm.add_constant(f[:-1])).fit(cov_type="HAC", cov_kwds={"maxlags": 5})
    assert table.loc["flows lead", "slope"] == pytest.approx(fit2.params[1] * 1000)
    assert table.loc["flows lead", "std_error"] == pytest.approx(fit2.bse[1] * 1000)


def test_lead_lag_next_session_is_the_next_row() -> None:
    # a missing flow day: the pair (flow_t, r_{t+1}) uses the next session of the union
    index = _days(40)
    r = pd.Series(np.arange(40.0) ** 1.5, index=index)
    flow = pd.Series(np.sin(np.arange(40.0)), index=index).drop(index[10])
    table = flow_return_lead_lag(flow, r, alignment="test").table
    pairs = pd.DataFrame({"f": flow.reindex(index), "r_next": r.shift(-1)}).dropna()
    expected = stats.pearsonr(pairs["f"], pairs["r_next"]).statistic
    assert table.loc["flows lead", "corr"] == pytest.approx(expected)
    assert table.loc["flows lead", "n"] == 38


def test_lead_lag_too_short() -> None:
    index = _days(10)
    with pytest.raises(DataError, match="need at least 30"):
        flow_return_lead_lag(pd.Series(range(10), index=index, dtype=float),
                             pd.Series(range(10), index=index, dtype=float), "t")  # fmt: skip


# -- worst days and windows --------------------------------------------------------------


def test_worst_days() -> None:
    index = _days(8)
    tech = pd.Series([0.01, -0.05, 0.02, -0.03, 0.0, -0.10, 0.01, 0.02], index=index, name="X")
    flows = pd.Series([10.0, -50.0, 20.0, -30.0, 5.0, -100.0, 7.0, 8.0], index=index)
    result = flows_on_worst_days(flows, tech, 2)
    assert list(result.table.index) == [index[5], index[1]]
    assert result.table["flow_next"].tolist() == [7.0, 20.0]
    assert result.mean_flow == -75.0 and result.mean_flow_next == 13.5
    others = [10.0, 20.0, -30.0, 5.0, 7.0, 8.0]
    assert result.mean_other == pytest.approx(np.mean(others))
    expected = stats.ttest_ind([-100.0, -50.0], others, equal_var=False).pvalue
    assert result.p_value == pytest.approx(expected)
    with pytest.raises(DataError):
        flows_on_worst_days(flows, tech, 7)


def test_window_flows_percentile() -> None:
    index = _days(10)
    total = pd.Series([5.0, 4.0, -1.0, -9.0, 3.0, 2.0, 1.0, 6.0, -2.0, 0.5], index=index)
    funds = pd.DataFrame({"A": total - 1.0, "B": pd.Series(1.0, index=index)})
    result = window_flows(total, funds, index[2], index[3], "test window")
    assert result.n == 2 and result.total == -10.0 and result.mean == -5.0
    # rolling 2-day sums: 9, 3, -10, -6, 5, 3, 7, 4, -1.5 → none below -10
    assert result.windows == 9 and result.percentile == 0.0
    assert result.by_fund.loc["A", "total"] == -12.0 and result.by_fund.loc["B", "total"] == 2.0
    later = window_flows(total, funds, index[4], index[5], "w")
    # 5 exceeds 3, -10, -6, 3, 4 and -1.5: 6 of the 9 windows
    sums = total.rolling(2).sum().dropna()
    assert later.percentile == pytest.approx(float((sums < 5.0).mean())) == pytest.approx(6 / 9)
    with pytest.raises(DataError, match="no total flow"):
        window_flows(total, funds, pd.Timestamp("2030-01-01"), pd.Timestamp("2030-02-01"), "w")


# -- the merge rule of the totals --------------------------------------------------------


def test_combine_totals() -> None:
    a = pd.Series([1.0, 2.0, 3.0], index=_days(3))
    b = pd.Series([1.1, 2.5, 3.0, 4.0], index=_days(4))
    merged = combine_totals(a, b)
    assert merged.total.tolist() == [1.0, 2.0, 3.0, 4.0]  # per-fund first, b fills day 4
    assert merged.source.tolist() == ["per-fund", "per-fund", "per-fund", "total-only"]
    assert merged.common == 3
    assert list(merged.disagreements.index) == [a.index[1]]  # 0.1 is within 0.15
    assert merged.disagreements["difference"].iloc[0] == pytest.approx(-0.5)
    assert "disagree (> 0.15 US$ m) on 1" in merged.note()
    only = combine_totals(None, b)
    assert only.n_total_only == 4 and only.common == 0


def test_proxy_is_labelled() -> None:
    index = _days(3)
    proxy = dollar_volume_proxy(
        pd.Series([50.0, 51.0, np.nan], index=index, name="IBIT"),
        pd.Series([2e6, 1e6, 1e6], index=index),
    )
    assert proxy.tolist() == [100.0, 51.0]
    assert "PROXY" in str(proxy.name)
