"""Correlation numbers, intervals and boundaries on tiny hand-made series.

Every expected value is written out or computed here from its formula (the zero-mean
EWMA recursion, Fisher's z, Bonett & Wright's and Fieller et al.'s standard errors),
never read back from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.correlation import (
    RollingCorrelationResult,
    ewma_correlation,
    fisher_ci,
    fisher_se,
    fisher_z_difference,
    levels_correlation,
    rolling_correlation,
    spurious_warning,
)
from bubblelink.analytics.correlation._ranks import _row_pearson, rolling_rank_corr
from bubblelink.errors import DataError

#: Two-sided 90% normal critical value, Φ⁻¹(0.95).
Z90 = 1.6448536269514722
#: Two-sided 95% normal critical value, Φ⁻¹(0.975).
Z95 = 1.959963984540054

DAYS = pd.date_range("2024-01-01", periods=8, tz="UTC")
A = pd.Series([0.01, -0.02, 0.03, 0.00, -0.01, 0.02, -0.03, 0.01], DAYS, name="BTC-USD")
B = pd.Series([0.02, -0.01, 0.01, 0.01, -0.02, 0.01, -0.01, 0.00], DAYS, name="^IXIC")


def _interval(r: float, se: float, z: float) -> tuple[float, float]:
    return math.tanh(math.atanh(r) - z * se), math.tanh(math.atanh(r) + z * se)


# --- Fisher z -------------------------------------------------------------------------


def test_standard_errors_by_method_and_their_smallest_n() -> None:
    assert float(fisher_se(0.5, 10, "pearson")) == pytest.approx(1 / math.sqrt(7))
    assert float(fisher_se(0.5, 10, "spearman")) == pytest.approx(math.sqrt(1.125 / 7))
    assert float(fisher_se(0.5, 10, "kendall")) == pytest.approx(math.sqrt(0.437 / 6))
    assert float(fisher_se(0.5, 9, "ewma")) == pytest.approx(1 / math.sqrt(6))
    # n = 4 is the first n with a Pearson/Spearman interval, n = 5 the first for Kendall
    assert float(fisher_se(0.2, 4, "pearson")) == pytest.approx(1.0)
    assert float(fisher_se(0.0, 4, "spearman")) == pytest.approx(1.0)
    assert float(fisher_se(0.0, 5, "kendall")) == pytest.approx(math.sqrt(0.437))
    assert math.isnan(float(fisher_se(0.2, 3, "pearson")))
    assert math.isnan(float(fisher_se(0.2, 3, "spearman")))
    assert math.isnan(float(fisher_se(0.2, 4, "kendall")))


def test_standard_errors_broadcast_and_are_floats() -> None:
    se = fisher_se([0.0, 0.5, 1.0], 12, "spearman")
    assert se.shape == (3,) and se.dtype == np.float64
    expected = [math.sqrt((1 + r * r / 2) / 9) for r in (0.0, 0.5, 1.0)]
    np.testing.assert_allclose(se, expected)
    n_only = fisher_se(0.3, [4, 10], "pearson")
    np.testing.assert_allclose(n_only, [1.0, 1 / math.sqrt(7)])


def test_interval_known_answer_and_confidence_bounds() -> None:
    low, high = fisher_ci(0.5, 10, "pearson", 0.90)
    exp_low, exp_high = _interval(0.5, 1 / math.sqrt(7), Z90)
    assert float(low) == pytest.approx(exp_low) and float(high) == pytest.approx(exp_high)
    low, high = fisher_ci(0.5, 10)  # defaults: Pearson, 95%
    assert (float(low), float(high)) == pytest.approx(_interval(0.5, 1 / math.sqrt(7), Z95))
    for bad in (0.0, 1.0):
        with pytest.raises(ValueError, match=r"^confidence must be in \(0, 1\)$"):
            fisher_ci(0.5, 10, confidence=bad)


def test_a_correlation_rounded_past_one_gives_the_degenerate_interval() -> None:
    low, high = fisher_ci([1.0 + 1e-12, -1.0 - 1e-12], 10)
    np.testing.assert_array_equal(low, [1.0, -1.0])
    np.testing.assert_array_equal(high, [1.0, -1.0])


def test_z_difference_known_answer_and_its_smallest_n() -> None:
    expected = (math.atanh(0.5) - math.atanh(0.2)) / math.sqrt(1 / 1 + 1 / 1)
    assert fisher_z_difference(0.5, 4, 0.2, 4) == pytest.approx(expected)
    assert math.isnan(fisher_z_difference(0.5, 3, 0.2, 40))
    assert math.isnan(fisher_z_difference(0.5, 40, 0.2, 3))
    # a correlation rounded past ±1 is ±1: an infinite statistic, never NaN
    assert fisher_z_difference(1.0 + 1e-12, 10, 0.0, 10) == math.inf
    assert fisher_z_difference(0.0, 10, 1.0 + 1e-12, 10) == -math.inf
    assert fisher_z_difference(-1.0 - 1e-12, 10, 0.0, 10) == -math.inf
    assert fisher_z_difference(0.0, 10, -1.0 - 1e-12, 10) == math.inf


# --- EWMA -----------------------------------------------------------------------------


def _ewma_by_hand(a: np.ndarray, b: np.ndarray, lam: float, warmup: int) -> np.ndarray:
    saa, sbb, sab = (float(np.mean(v[:warmup])) for v in (a * a, b * b, a * b))
    out = [math.nan] * (warmup - 1) + [sab / math.sqrt(saa * sbb)]
    for t in range(warmup, len(a)):
        saa = lam * saa + (1 - lam) * a[t] ** 2
        sbb = lam * sbb + (1 - lam) * b[t] ** 2
        sab = lam * sab + (1 - lam) * a[t] * b[t]
        out.append(sab / math.sqrt(saa * sbb))
    return np.array(out)


def test_ewma_values_intervals_and_fields() -> None:
    result = ewma_correlation(A, B, lam=0.8, warmup=5, confidence=0.90)
    expected = _ewma_by_hand(A.to_numpy(), B.to_numpy(), 0.8, 5)
    np.testing.assert_allclose(result.value.to_numpy(), expected, atol=1e-12)
    # n_eff = (1 + λ)/(1 - λ) = 9 from the end of the warm-up on, NaN before
    assert result.n.dtype == np.float64
    assert result.n.iloc[:4].isna().all()
    np.testing.assert_allclose(result.n.iloc[4:].to_numpy(), 9.0)
    for t in range(4, 8):
        low, high = _interval(expected[t], 1 / math.sqrt(9 - 3), Z90)
        assert result.ci_low.iloc[t] == pytest.approx(low)
        assert result.ci_high.iloc[t] == pytest.approx(high)
    assert result.ci_low.iloc[:4].isna().all() and result.ci_high.iloc[:4].isna().all()
    assert (result.a, result.b, result.method, result.window) == ("BTC-USD", "^IXIC", "ewma", None)
    assert (result.lam, result.confidence, result.on, result.notes) == (0.8, 0.9, "returns", ())
    for series, name in [
        (result.value, "value"),
        (result.ci_low, "ci_low"),
        (result.ci_high, "ci_high"),
        (result.n, "n"),
    ]:
        assert series.name == name
        assert series.index.equals(DAYS) and series.index.name == "date"
    frame = result.to_frame()
    assert list(frame.columns) == ["value", "ci_low", "ci_high", "n"]
    assert frame.notna().sum().tolist() == [4, 4, 4, 4]


def test_ewma_parameter_bounds() -> None:
    for lam in (0.0, 1.0):
        with pytest.raises(DataError, match=f"strictly between 0 and 1, got {lam}"):
            ewma_correlation(A, B, lam=lam, warmup=5)
    with pytest.raises(DataError, match=r"^EWMA warm-up must be at least 5 observations, got 4$"):
        ewma_correlation(A, B, warmup=4)
    assert ewma_correlation(A, B, warmup=5).value.notna().sum() == 4


@pytest.mark.parametrize("which", ["a", "b"])
def test_ewma_names_the_constant_series(which: str) -> None:
    flat_a = A * 0 + 0.01 if which == "a" else A
    flat_b = B * 0 + 0.01 if which == "b" else B
    name = "BTC-USD" if which == "a" else r"\^IXIC"
    with pytest.raises(DataError, match=f"^{name} is constant"):
        ewma_correlation(flat_a, flat_b, warmup=5)


def test_ewma_of_proportional_series_is_clipped_to_one() -> None:
    # zero-mean moments of b = ±3a give ±1 up to rounding; these inputs overshoot by an ulp
    a = np.array([0.0778837675365145, 0.0698630227504542, -0.5059515474044598])
    a = np.concatenate([a, [-0.6249308733166528, 1.0757175301022592, 0.3375377431915966]])
    a = np.concatenate([a, [1.4619971361669435, -2.384918468917765]])
    x = pd.Series(a, DAYS, name="x")
    up = ewma_correlation(x, 3.0 * x.rename("y"), lam=0.8, warmup=5).value.dropna()
    down = ewma_correlation(x, -3.0 * x.rename("y"), lam=0.8, warmup=5).value.dropna()
    assert (up <= 1.0).all() and (down >= -1.0).all()
    np.testing.assert_allclose(up, 1.0)
    np.testing.assert_allclose(down, -1.0)


# --- rolling windows ------------------------------------------------------------------


def test_rolling_rank_intervals_use_their_own_standard_errors() -> None:
    # window of 5 ranks: A's last five days vs B's
    for method, se_of in [
        ("spearman", lambda r: math.sqrt((1 + r * r / 2) / 2)),
        ("kendall", lambda r: math.sqrt(0.437 / 1)),
        ("pearson", lambda r: 1 / math.sqrt(2)),
    ]:
        result = rolling_correlation(A, B, window=5, method=method, confidence=0.90)
        r = float(result.value.iloc[-1])
        low, high = _interval(r, se_of(r), Z90)
        assert result.ci_low.iloc[-1] == pytest.approx(low), method
        assert result.ci_high.iloc[-1] == pytest.approx(high), method
        assert result.confidence == 0.90 and result.window == 5 and result.method == method


def test_spearman_and_kendall_of_one_window_by_hand() -> None:
    a = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], DAYS[:5], name="a")
    b = pd.Series([2.0, 1.0, 4.0, 3.0, 5.0], DAYS[:5], name="b")
    # Spearman: d = (-1, 1, -1, 1, 0), Σd² = 4 → 1 - 6·4/(5·24) = 0.8
    spearman = rolling_correlation(a, b, window=5, method="spearman")
    assert spearman.value.iloc[-1] == pytest.approx(0.8)
    assert spearman.value.iloc[:4].isna().all()
    # Kendall: 10 pairs, 2 discordant → (8 - 2)/10 = 0.6
    kendall = rolling_correlation(a, b, window=5, method="kendall")
    assert kendall.value.iloc[-1] == pytest.approx(0.6)
    np.testing.assert_array_equal(kendall.n.to_numpy(), [np.nan] * 4 + [5.0])


def test_rolling_result_fields_and_index() -> None:
    result = rolling_correlation(A, B, window=5, method="spearman")
    for series, name in [
        (result.value, "value"),
        (result.ci_low, "ci_low"),
        (result.ci_high, "ci_high"),
        (result.n, "n"),
    ]:
        assert series.name == name
        assert series.index.equals(DAYS) and series.index.name == "date"
    assert result.to_frame().notna().sum().tolist() == [4, 4, 4, 4]


def test_default_window_is_30() -> None:
    idx = pd.date_range("2024-01-01", periods=40, tz="UTC")
    rng = np.random.default_rng(3)
    a, b = pd.Series(rng.normal(size=40), idx), pd.Series(rng.normal(size=40), idx)
    result = rolling_correlation(a, b)
    assert result.window == 30 and int(result.value.notna().sum()) == 11
    levels = levels_correlation(np.exp(a.cumsum()), np.exp(b.cumsum()))
    assert levels.levels.window == 30 and levels.returns.window == 30


def test_rank_kernel_nan_rule_and_a_single_full_window() -> None:
    x = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0])
    y = np.array([1.0, 3.0, 2.0, 4.0, 6.0, 5.0, 7.0])
    out = rolling_rank_corr(x, y, 3, "spearman")
    assert out.dtype == np.float64
    # windows ending at 2, 3, 4 contain the NaN; 5 and 6 do not
    np.testing.assert_allclose(out, [np.nan, np.nan, np.nan, np.nan, np.nan, 0.5, 0.5])
    out = rolling_rank_corr(y, x, 3, "kendall")
    np.testing.assert_allclose(out[5:], [1 / 3, 1 / 3])
    assert np.isnan(out[:5]).all()
    # a sample exactly one window long has one value
    np.testing.assert_allclose(
        rolling_rank_corr(x[3:6], y[3:6], 3, "spearman"), [np.nan] * 2 + [0.5]
    )


def test_row_pearson_is_per_row() -> None:
    x = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 40.0]])
    y = np.array([[1.0, 2.0, 4.0], [3.0, 2.0, 1.0]])
    # row 1: xc = (-1, 0, 1), yc = (-4/3, -1/3, 5/3): r = 3 / √(2 · 42/9)
    # row 2: xc = (-40/3, -10/3, 50/3), yc = (1, 0, -1): r = -30 / √(4200/9 · 2)
    expected = [3 / math.sqrt(2 * 42 / 9), -30 / math.sqrt(4200 / 9 * 2)]
    np.testing.assert_allclose(_row_pearson(x, y), expected)


def test_dropped_dates_note_names_the_joint_span() -> None:
    holey = A.copy()
    holey.iloc[3] = np.nan
    result = rolling_correlation(holey, B, window=5)
    assert result.notes == (
        "1 of 8 dates between 2024-01-01 and 2024-01-08 dropped where BTC-USD or ^IXIC has "
        "no value: windows count joint observations",
    )


# --- levels ---------------------------------------------------------------------------


def test_spurious_warning_text_and_missing_figures() -> None:
    assert spurious_warning(0.912, -0.057) == (
        "correlation of price levels (0.91) is spurious-prone: trending series correlate "
        "without any link; on log returns it is -0.06: use the returns figure"
    )
    text = spurious_warning(math.nan, math.inf, "simple")
    assert "price levels (n/a)" in text and "on simple returns it is n/a:" in text


def test_levels_pass_kind_confidence_and_the_last_levels_value() -> None:
    prices_a = pd.Series(np.exp(np.cumsum(A.to_numpy())) * 100, DAYS, name="BTC-USD")
    prices_b = pd.Series(np.exp(np.cumsum(B.to_numpy())) * 50, DAYS, name="^IXIC")
    result = levels_correlation(prices_a, prices_b, window=5, kind="simple", confidence=0.9)
    simple_a, simple_b = prices_a.pct_change(), prices_b.pct_change()
    r = simple_a.iloc[-5:].corr(simple_b.iloc[-5:])
    assert result.returns.value.iloc[-1] == pytest.approx(r)
    assert result.returns.confidence == 0.9 and result.levels.confidence == 0.9
    low, _ = _interval(r, 1 / math.sqrt(2), Z90)
    assert result.returns.ci_low.iloc[-1] == pytest.approx(low)
    lv = prices_a.iloc[-5:].corr(prices_b.iloc[-5:])
    assert result.warning == spurious_warning(lv, r, "simple")
    assert f"({lv:.2f})" in result.warning and "on simple returns" in result.warning
    frame = result.to_frame()
    np.testing.assert_allclose(frame["returns_value"].iloc[-1], r)


# --- point() --------------------------------------------------------------------------


def _hand_result(values: list[float], window: int | None = 3) -> RollingCorrelationResult:
    idx = pd.DatetimeIndex(["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-06"], tz="UTC")
    idx = idx[: len(values)].rename("date")
    v = pd.Series(values, idx)
    return RollingCorrelationResult(
        a="a", b="b", method="pearson", window=window, value=v, ci_low=v - 0.1,
        ci_high=v + 0.1, n=pd.Series(float(window or 9), idx),
    )  # fmt: skip


def test_point_picks_the_last_date_on_or_before_as_of() -> None:
    result = _hand_result([0.1, 0.2, 0.3, 0.4])
    assert result.point().value == 0.4 and result.point().ci_low == pytest.approx(0.3)
    assert result.point("2024-03-01").value == 0.1  # the first date itself
    assert result.point("2024-03-02").value == 0.1  # a weekend: the Friday before
    assert result.point("2024-03-05").value == 0.3  # the second-to-last date
    assert result.point("2024-03-06").value == 0.4
    assert result.point("2030-01-01").date == pd.Timestamp("2024-03-06", tz="UTC")
    with pytest.raises(DataError, match="on or before 2024-02-29; the first is 2024-03-01"):
        result.point("2024-02-29")
    one = _hand_result([0.7])
    assert one.point().value == 0.7 and one.point("2024-03-01").n == 3.0


def test_point_on_an_incomplete_window_says_which() -> None:
    with pytest.raises(DataError, match=r"on 2024-03-01 \(the window of 3 is incomplete"):
        _hand_result([math.nan, 0.2]).point("2024-03-01")
    with pytest.raises(DataError, match=r"\(the EWMA warm-up is incomplete"):
        _hand_result([math.nan, 0.2], window=None).point("2024-03-01")
    with pytest.raises(DataError, match=r"^no observations for a and b$"):
        _hand_result([]).point()


def test_summary_and_dict_carry_the_latest_point() -> None:
    result = _hand_result([0.1, 0.2, 0.3, math.nan])
    assert result.summary() == (
        "pearson 3-observation correlation of a and b (returns) on 2024-03-05: 0.300 "
        "[0.200, 0.400] (95% CI, n=3)"
    )
    out = result.to_dict()
    assert out["latest"]["value"] == 0.3 and out["window"] == 3 and out["lambda"] is None
    assert {"a", "b", "method", "window", "lambda", "on", "confidence", "notes"} <= set(out)
    undefined = _hand_result([math.nan, math.nan], window=None)
    assert undefined.summary() == (
        "pearson EWMA λ=None correlation of a and b (returns): undefined"
    )
    assert undefined.to_dict()["latest"] is None
