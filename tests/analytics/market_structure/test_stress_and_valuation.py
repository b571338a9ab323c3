"""Stress-day split and the equities/GDP gauge on hand-made series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bubblelink.analytics.beta import falls_harder
from bubblelink.analytics.market_structure import (
    drawdown_days,
    equities_to_gdp,
    split_days,
    stress_split,
    worst_days,
)
from bubblelink.analytics.market_structure._stress import resampled_means
from bubblelink.errors import DataError


def _days(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2024-01-01", periods=n, freq="D", tz="UTC")


def test_worst_days_is_the_falls_harder_set() -> None:
    rng = np.random.default_rng(3)
    idx = _days(200)
    market = pd.Series(rng.normal(0, 0.02, 200), index=idx, name="M")
    asset = pd.Series(rng.normal(0, 0.03, 200), index=idx, name="A")
    mask = worst_days(market, 10.0)
    assert mask.sum() == 20
    assert market[mask].max() < market[~mask].min()
    ref = falls_harder(asset, market, worst_pct=10.0, n_boot=50)
    assert ref.n_worst == 20
    assert ref.market_mean == pytest.approx(market[mask].mean())
    assert ref.asset_mean == pytest.approx(asset[mask].mean())


def test_stress_split_known_answer() -> None:
    idx = _days(40)
    # reference: the 4 worst days (10% of 40) are days 5, 15, 25, 35
    ref = pd.Series(0.01, index=idx, name="BTC-USD")
    worst = [5, 15, 25, 35]
    ref.iloc[worst] = [-0.10, -0.08, -0.09, -0.07]
    ref.iloc[[1, 2]] = [-0.02, -0.03]
    change = pd.Series(np.linspace(-0.05, 0.05, 40), index=idx, name="DOM")
    change.iloc[worst] = [0.5, 0.4, 0.6, 0.3]
    # only 4 stress days: below the minimum of 5
    with pytest.raises(DataError, match="worst 10%"):
        stress_split(change, ref, pct=10.0)
    res = stress_split(change, ref, pct=15.0, n_boot=500, seed=1)  # 6 worst days
    stress_days = [*worst, 1, 2]
    xs = change.iloc[stress_days].to_numpy()
    xo = change.drop(change.index[stress_days]).to_numpy()
    assert (res.n_stress, res.n_other) == (6, 34)
    assert res.mean_stress == pytest.approx(xs.mean())
    assert res.mean_other == pytest.approx(xo.mean())
    assert res.difference == pytest.approx(xs.mean() - xo.mean())
    assert res.median_stress == pytest.approx(np.median(xs))
    assert res.p_value == pytest.approx(stats.ttest_ind(xs, xo, equal_var=False).pvalue)
    assert res.mannwhitney_p == pytest.approx(
        stats.mannwhitneyu(xs, xo, alternative="two-sided").pvalue
    )
    assert res.ci_low < res.difference < res.ci_high
    assert res.threshold == pytest.approx(-0.02)
    frame = res.to_frame()
    assert list(frame.index) == ["stress", "other", "stress_minus_other"]
    assert frame.loc["stress_minus_other", "n"] == 40
    # the bootstrap is seeded: same seed, same interval
    again = stress_split(change, ref, pct=15.0, n_boot=500, seed=1)
    assert (again.ci_low, again.ci_high) == (res.ci_low, res.ci_high)


def test_stress_split_uses_common_dates_only() -> None:
    idx = _days(60)
    ref = pd.Series(np.arange(60, dtype=float), index=idx, name="R")
    change = pd.Series(np.arange(60, dtype=float), index=idx, name="C").iloc[10:]
    res = stress_split(change, ref, pct=10.0, n_boot=100)
    assert res.n_stress + res.n_other == 50
    assert res.n_stress == 5 and res.mean_stress == pytest.approx(np.mean([10, 11, 12, 13, 14]))
    assert res.first == idx[10]


def test_drawdown_days_and_a_split_on_a_given_mask() -> None:
    idx = _days(12)
    # peak 100 on day 1; 79 is 21% below it, 85 is 15% below; a new high resets the peak
    prices = pd.Series([90, 100, 79, 85, 70, 100, 120, 95, 97, 90, 130, 100], idx, float)
    mask = drawdown_days(prices, 0.2)
    expected = [False, False, True, False, True, False, False, True, False, True, False, True]
    assert mask.tolist() == expected
    changes = pd.Series(np.arange(12, dtype=float), index=idx, name="D")
    res = split_days(changes, mask, "P", "P at least 20% below its peak", n_boot=200)
    assert (res.n_stress, res.n_other) == (5, 7)
    flagged = np.array(expected)
    assert res.mean_stress == pytest.approx(np.arange(12)[flagged].mean())
    assert res.mean_other == pytest.approx(np.arange(12)[~flagged].mean())
    assert res.rule == "P at least 20% below its peak" and np.isnan(res.pct)
    with pytest.raises(DataError, match="stress days"):
        split_days(changes, drawdown_days(prices, 0.5), "P", "50% below")


def _quarters(start: str, n: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="QS", tz="UTC")


def test_equities_to_gdp_quarter_matching_lags_and_percentiles() -> None:
    q = _quarters("1988-01-01", 12)  # 1988Q1..1990Q4
    gdp = pd.Series(np.full(12, 5000.0), index=q, name="GDP")  # billions SAAR
    eq_values = 1000.0 * np.array([40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 60, 90], float)
    # an annual observation before the quarterly history: no GDP quarter, dropped
    annual = pd.Series([1.0e6], index=pd.DatetimeIndex(["1985-10-01"], tz="UTC"))
    eq = pd.concat([annual, pd.Series(eq_values, index=q)])
    eq.name = "NCBEILQ027S"  # millions USD: ratio = 100 * E / (1000 * Y)
    full = equities_to_gdp(eq, gdp, equities_lag=165, gdp_lag=120)
    expected = 100.0 * eq_values / (1000.0 * 5000.0)
    assert full.history.to_numpy() == pytest.approx(expected)
    assert full.history.index[0] == q[0]  # the 1985 annual value has no GDP quarter
    assert full.value == pytest.approx(expected[-1]) and full.quarter == "1990Q4"
    assert full.known_since == q[-1] + pd.Timedelta(days=165)
    assert full.percentile_full == pytest.approx(100.0)
    assert full.n == 4 and full.n_full == 12  # since 1990: 1990Q1..Q4
    # as known on 1991-03-01: 1990Q4 (+165 d = 1991-06-15) is not out; 1990Q3
    # (1990-07-01 + 165 d = 1990-12-13) is
    asof = pd.Timestamp("1991-03-01", tz="UTC")
    then = equities_to_gdp(eq, gdp, equities_lag=165, gdp_lag=120, as_of=asof)
    assert then.quarter == "1990Q3" and then.value == pytest.approx(expected[10])
    known = expected[:11]
    assert then.percentile_full == pytest.approx(100.0 * np.mean(known <= known[-1]))
    since_1990 = known[8:]
    assert then.percentile == pytest.approx(100.0 * np.mean(since_1990 <= known[-1]))
    assert then.percentile == pytest.approx(100.0 * 1 / 3)
    # GDP of 1990Q4 is out (1990-10-01 + 120 d = 1991-01-29), its equities are not: the
    # ratio stops at the earlier input, and both last observations are reported
    assert then.equities_last == q[10] and then.gdp_last == q[11]
    # once both are out (1991-06-15), 1990Q4 counts
    later = equities_to_gdp(eq, gdp, 165, 120, as_of=pd.Timestamp("1991-06-15", tz="UTC"))
    assert later.quarter == "1990Q4" and later.value == pytest.approx(expected[11])


def test_equities_to_gdp_nothing_released_is_an_error() -> None:
    q = _quarters("2000-01-01", 2)
    eq = pd.Series([1.0, 2.0], index=q, name="E")
    gdp = pd.Series([1.0, 2.0], index=q, name="G")
    with pytest.raises(DataError, match="released on 2000-02-01"):
        equities_to_gdp(eq, gdp, 165, 120, as_of=pd.Timestamp("2000-02-01", tz="UTC"))


@pytest.mark.parametrize(("n", "n_boot"), [(4001, 2000), (37, 65), (1, 5)])
def test_resampled_means_equal_one_draw_of_every_resample(n: int, n_boot: int) -> None:
    """Block by block, the same integers and the same means as drawing all at once."""
    x = np.random.default_rng(3).standard_normal(n)
    whole = x[np.random.default_rng(7).integers(0, n, size=(n_boot, n))].mean(axis=1)
    np.testing.assert_array_equal(resampled_means(x, n_boot, np.random.default_rng(7)), whole)
