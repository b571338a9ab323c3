"""Out-of-sample skill of the risk score: AUC against a brute-force pair count, Brier and
reliability by hand, walk-forward fits that never see the future, a simulation with a
known logistic truth, and the headline rule both ways."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from bubblelink.risk import (
    auc,
    brier_score,
    forward_max_drawdown,
    reliability_table,
    score_skill,
    walk_forward_logit,
)
from bubblelink.risk._skill import RiskSkillResult, _auc_rows, trailing_event_rate


def _pairs_auc(y: np.ndarray, p: np.ndarray) -> float:
    """Every (event, non-event) pair: 1 when the event scored higher, 1/2 on a tie."""
    pos, neg = p[y == 1], p[y == 0]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auc_equals_a_brute_force_pair_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = (rng.random(120) < 0.35).astype(float)
    p = np.round(rng.random(120) + 0.3 * y, 1)  # rounded: many ties
    assert auc(y, p) == pytest.approx(_pairs_auc(y, p), abs=1e-12)
    rows = np.stack([p, 1 - p, np.full_like(p, 0.5)])
    expected = [_pairs_auc(y, p), _pairs_auc(y, 1 - p), 0.5]
    np.testing.assert_allclose(_auc_rows(np.stack([y] * 3), rows), expected, atol=1e-12)
    assert np.isnan(auc(np.zeros(5), np.arange(5.0)))


def test_brier_and_reliability_by_hand() -> None:
    y = np.array([1, 0, 1, 1, 0, 0], dtype=float)
    p = np.array([0.9, 0.15, 0.55, 0.05, 0.5, 1.0])
    assert brier_score(y, p) == pytest.approx((0.01 + 0.0225 + 0.2025 + 0.9025 + 0.25 + 1.0) / 6)
    table = reliability_table(y, p, bins=2)
    # [0, 0.5): 0.15, 0.05 -> one event of two; [0.5, 1]: 0.9, 0.55, 0.5, 1.0 -> two of four
    assert table["n"].tolist() == [2, 4]
    assert table["mean_predicted"].tolist() == pytest.approx([0.1, 0.7375])
    assert table["observed_rate"].tolist() == pytest.approx([0.5, 0.5])


def test_trailing_event_rate_uses_only_known_labels() -> None:
    events = pd.Series([1.0, 0.0, 1.0, 1.0, 0.0, np.nan, np.nan])
    rate = trailing_event_rate(events, horizon=2, min_train=2)
    # at t the labels of s <= t - 2 are known
    assert np.isnan(rate.iloc[2])  # one label known
    assert rate.iloc[3] == pytest.approx(0.5)  # labels 0, 1
    assert rate.iloc[4] == pytest.approx(2 / 3)
    assert rate.iloc[6] == pytest.approx(3 / 5)


def test_walk_forward_predictions_never_use_the_future() -> None:
    rng = np.random.default_rng(4)
    n, h = 900, 21
    x = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    events = pd.Series((rng.random(n) < 1 / (1 + np.exp(-x["a"]))).astype(float))
    base = walk_forward_logit(x, events, horizon=h, min_train=200, min_events=20)
    assert base.iloc[:220].isna().all() and base.iloc[-1] > 0
    for t in (400, 650):
        later_x = x.copy()
        later_x.iloc[t + 1 :] = rng.normal(size=(n - t - 1, 2))
        later_y = events.copy()
        later_y.iloc[t - h + 1 :] = 1.0 - later_y.iloc[t - h + 1 :]  # labels not yet known
        again = walk_forward_logit(later_x, later_y, horizon=h, min_train=200, min_events=20)
        pd.testing.assert_series_equal(again.iloc[: t + 1], base.iloc[: t + 1])
        assert not np.allclose(again.iloc[t + h + 30 :], base.iloc[t + h + 30 :])


def test_walk_forward_recovers_a_known_logistic_truth() -> None:
    rng = np.random.default_rng(5)
    n = 4000
    x = pd.DataFrame({"x": rng.normal(size=n)})
    truth = 1 / (1 + np.exp(-(-0.5 + 1.5 * x["x"])))
    events = pd.Series((rng.random(n) < truth).astype(float))
    p = walk_forward_logit(x, events, horizon=1, min_train=500, min_events=20)
    late = p.index >= 2000
    assert np.abs(p[late] - truth[late]).max() < 0.06
    # the true model's AUC, reached out of sample (refits shift the mapping a little)
    assert auc(events[late], p[late]) == pytest.approx(auc(events[late], truth[late]), abs=0.005)


def _market(n: int = 1600, seed: int = 7) -> tuple[pd.Series, pd.Series]:
    """BTC closes with calm and stormy spells; the event and a noisy 'oracle' of it."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2015-01-01", periods=n, tz="UTC", name="date")
    storm = (np.sin(np.arange(n) / 40.0) > 0.3).astype(float)
    returns = rng.normal(0.0, 0.01 + 0.04 * storm)
    btc = pd.Series(100 * np.exp(np.cumsum(returns)), index=index)
    fmdd = forward_max_drawdown(btc, 21)
    events = (fmdd < -0.15).astype(float).where(fmdd.notna())
    return btc, events


def test_a_score_that_knows_the_future_beats_the_baselines() -> None:
    btc, events = _market()
    rng = np.random.default_rng(8)
    oracle = 100 / (1 + np.exp(-(3 * (events.fillna(0.5) - 0.5) + rng.normal(0, 0.7, len(btc)))))
    noise = pd.DataFrame({"q": rng.random(len(btc))}, index=btc.index)
    result = score_skill(oracle, noise, btc, horizon=21, n_boot=50)
    assert isinstance(result, RiskSkillResult)
    table = result.table
    assert table.loc["weighted_score", "auc"] > 0.8
    assert table.loc["weighted_score", "brier_skill_ci_low"] > 0
    assert table.loc["unconditional", "brier_skill"] == pytest.approx(0.0)
    assert result.headline == "weighted_score"  # the fitted model on noise does not beat it
    assert "beats the unconditional rate" in result.verdict
    assert result.n == table["n"].iloc[0] and result.n_events == int(
        result.predictions.dropna()["event"].sum()
    )
    assert set(result.reliability["model"]) == set(table.index)


def test_the_fitted_model_becomes_the_headline_only_when_it_beats_the_score() -> None:
    btc, events = _market()
    rng = np.random.default_rng(9)
    useless = pd.Series(100 * rng.random(len(btc)), index=btc.index)
    informative = pd.DataFrame(
        {
            "oracle": 1
            / (1 + np.exp(-(3 * (events.fillna(0.5) - 0.5) + rng.normal(0, 0.7, len(btc))))),
            "noise": rng.random(len(btc)),
        },
        index=btc.index,
    )
    result = score_skill(useless, informative, btc, horizon=21, n_boot=50)
    assert isinstance(result, RiskSkillResult)
    assert result.headline == "logistic_components"
    assert result.brier_difference_ci_high < 0
    assert "does not beat the unconditional rate" in result.verdict


def test_too_short_a_history_says_why() -> None:
    btc, _ = _market(n=400)
    score = pd.Series(50.0, index=btc.index)
    reason = score_skill(score, score.to_frame(), btc, horizon=21)
    assert isinstance(reason, str) and reason.startswith("out-of-sample skill not measured")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_resampled_auc_is_the_row_sort_auc_to_the_bit(seed: int) -> None:
    """The bootstrap's AUC from counts equals ``_auc_rows`` on the resampled rows exactly
    (ties from repeated rows and from rounded predictions; a resample with one class)."""
    from bubblelink.analytics._block_bootstrap import stationary_bootstrap_indices
    from bubblelink.risk._skill import _auc_resampled

    rng = np.random.default_rng(seed)
    n = 150
    y = (rng.random(n) < 0.2).astype(float)
    for p in (rng.random(n), np.round(rng.random(n), 1), np.full(n, 0.3)):
        indices = stationary_bootstrap_indices(n, 400, 10.0, rng)
        indices[0] = np.flatnonzero(y == 0)[0]  # a resample without events: NaN
        got = _auc_resampled(y, p, indices)
        expected = _auc_rows(y[indices], p[indices])
        np.testing.assert_array_equal(got, expected)
        assert np.isnan(got[0])
    with_nan = rng.random(n)
    with_nan[3] = np.nan
    indices = stationary_bootstrap_indices(n, 50, 10.0, rng)
    np.testing.assert_array_equal(
        _auc_resampled(y, with_nan, indices), _auc_rows(y[indices], with_nan[indices])
    )
