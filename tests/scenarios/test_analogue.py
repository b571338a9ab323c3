"""Historical analogues (scenarios/_analogue.py): splitting, scaling, replay of 2020."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.scenarios import ScenarioHistory, parse_scenario
from bubblelink.scenarios._analogue import (
    EPISODES,
    MAX_SCALE,
    Episode,
    prepare_analogue,
    rescale_time,
    split_episode,
)


def history(daily: pd.DataFrame) -> ScenarioHistory:
    return ScenarioHistory(
        daily=daily,
        liquidity=None,
        frequency="weekly",
        liquidity_level_bn=None,
        notes=[],
        provenance=[],
        synthetic=True,
    )


def scenario(c1: float, c2: float, s1: int, s2: int):
    return parse_scenario(
        {
            "name": "analogue test",
            "phase1": {"sessions": s1, "basket_change": c1},
            "phase2": {"sessions": s2, "basket_change": c2},
        }
    )


#: 30 sessions: basket +1% x5 (peak on session 4), -4% x5 (trough on 9), +1% x10, then flat.
DAYS = pd.bdate_range("2021-01-04", periods=30, tz="UTC", name="date")
BASKET = np.r_[np.full(5, 0.01), np.full(5, -0.04), np.full(10, 0.01), np.zeros(10)]
TOY = Episode(
    "toy",
    "a hand-made crash and rebound",
    str(DAYS[0].date()),
    str(DAYS[14].date()),
    str(DAYS[19].date()),
    "test",
)


@pytest.fixture
def toy_history() -> ScenarioHistory:
    btc = 2.0 * BASKET + np.linspace(-0.005, 0.005, 30)
    credit = np.full(30, 0.1)
    return history(pd.DataFrame({"btc": btc, "basket": BASKET, "credit": credit}, index=DAYS))


def test_split_is_peak_to_trough_then_to_the_end(toy_history: ScenarioHistory) -> None:
    parts, reason = split_episode(toy_history.daily, TOY)
    assert parts is not None and reason == ""
    phase1, phase2 = parts
    assert list(phase1.index) == list(DAYS[5:10])
    assert list(phase2.index) == list(DAYS[10:20])


def test_scaling_rule_known_answer(toy_history: ScenarioHistory) -> None:
    """Episode phase 1 = -0.20 log, phase 2 = +0.10; the scenario asks -0.10 and +0.20."""
    spec = scenario(np.expm1(-0.10), np.expm1(0.20), 5, 10)
    engine = prepare_analogue(spec, toy_history, episodes=(TOY,))
    (replay,) = engine.replays
    assert replay.scale == pytest.approx((0.5, 2.0), rel=1e-12)
    block = engine.block(1, np.random.default_rng(0))
    btc = toy_history.daily["btc"].to_numpy()
    np.testing.assert_allclose(block.btc[0], np.r_[0.5 * btc[5:10], 2.0 * btc[10:20]], atol=1e-15)
    np.testing.assert_allclose(block.basket[0, :5].sum(), -0.10, atol=1e-15)
    np.testing.assert_allclose(block.basket[0, 5:].sum(), 0.20, atol=1e-15)
    assert block.labels == ("toy",) and engine.deterministic_paths == 1
    # credit: 5 sessions of +0.1 pp scaled by 0.5 = +25 bp; 10 of +0.1 pp by 2 = +200 bp
    assert replay.credit_change_pp == pytest.approx((0.25, 2.0))
    assert "+25 bp" in engine.notes[0] and "+200 bp" in engine.notes[0]


def test_time_scaling_known_answer() -> None:
    # cumulative [0, .1, .3] read at 0, .5, 1, 1.5, 2 -> [0, .05, .1, .2, .3]
    np.testing.assert_allclose(rescale_time(np.array([0.1, 0.2]), 4), [0.05, 0.05, 0.1, 0.1])
    # compress 4 -> 2: every other point of the cumulative path
    np.testing.assert_allclose(rescale_time(np.array([0.1, 0.2, -0.1, 0.3]), 2), [0.3, 0.2])
    same = np.array([0.01, -0.02, 0.03])
    np.testing.assert_array_equal(rescale_time(same, 3), same)


def test_time_scaled_replay_keeps_each_phase_total(toy_history: ScenarioHistory) -> None:
    spec = scenario(np.expm1(-0.30), np.expm1(0.05), 13, 3)
    engine = prepare_analogue(spec, toy_history, episodes=(TOY,))
    block = engine.block(1, np.random.default_rng(0))
    assert block.btc.shape == (1, 16)
    np.testing.assert_allclose(block.basket[0, :13].sum(), -0.30, atol=1e-14)
    np.testing.assert_allclose(block.basket[0, 13:].sum(), 0.05, atol=1e-14)
    btc = toy_history.daily["btc"].to_numpy()
    s1, s2 = -0.30 / -0.20, 0.05 / 0.10
    np.testing.assert_allclose(block.btc[0, :13].sum(), s1 * btc[5:10].sum(), atol=1e-14)
    np.testing.assert_allclose(block.btc[0, 13:].sum(), s2 * btc[10:20].sum(), atol=1e-14)


@pytest.mark.parametrize(
    ("c1", "c2", "reason"),
    [
        (0.10, 0.10, "opposite sign"),
        (-0.10, -0.05, "opposite sign"),
        (-0.10, 0.0, "would erase the episode"),
        (np.expm1(-0.20 * (MAX_SCALE + 1)), 0.1, "above 5"),
    ],
)
def test_guards_skip_with_a_reason(
    toy_history: ScenarioHistory, c1: float, c2: float, reason: str
) -> None:
    spec = scenario(c1, c2, 5, 10)
    with pytest.raises(DataError, match=reason) as info:
        prepare_analogue(spec, toy_history, episodes=(TOY,))
    assert "no analogue episode is usable" in str(info.value)
    assert "\n" not in str(info.value)


def test_tiny_episode_move_is_skipped() -> None:
    daily = pd.DataFrame({"btc": BASKET / 100, "basket": BASKET / 100}, index=DAYS)
    with pytest.raises(DataError, match="too small to rescale"):
        prepare_analogue(scenario(-0.1, 0.1, 5, 10), history(daily), episodes=(TOY,))


def test_episodes_outside_the_data_are_skipped_with_the_dates(
    toy_history: ScenarioHistory,
) -> None:
    spec = scenario(-0.10, 0.10, 5, 10)
    engine = prepare_analogue(spec, toy_history, episodes=(TOY, *EPISODES))
    assert engine.deterministic_paths == 1 and engine.block(1, None).labels == ("toy",)  # type: ignore[arg-type]
    for episode in EPISODES:
        (note,) = [n for n in engine.notes if n.startswith(f"{episode.name} skipped")]
        assert f"{episode.shock_start}..{episode.end}" in note
        assert "2021-01-04..2021-02-12" in note
    with pytest.raises(DataError, match="covid_crash_qe_2020 skipped: needs daily BTC"):
        prepare_analogue(spec, toy_history)


def test_block_is_deterministic(toy_history: ScenarioHistory) -> None:
    engine = prepare_analogue(scenario(-0.1, 0.1, 7, 4), toy_history, episodes=(TOY, TOY))
    a = engine.block(2, np.random.default_rng(1))
    b = engine.block(2, np.random.default_rng(2))
    np.testing.assert_array_equal(a.btc, b.btc)
    with pytest.raises(ValueError, match="one per episode"):
        engine.block(3, np.random.default_rng(1))


def test_episode_table_is_well_formed() -> None:
    names = [e.name for e in EPISODES]
    assert len(set(names)) == 4
    for e in EPISODES:
        start, shock_end, end = (pd.Timestamp(d) for d in (e.shock_start, e.shock_end, e.end))
        assert start < shock_end < end and e.description and e.source


# --- real data: the 2020 crash replayed at scale 1 ---------------------------------------------


def _real_daily(real_data_dir: Path) -> pd.DataFrame:
    """BTC and the equal-weight NVDA/ORCL/AMD basket (daily rebalanced) on NYSE sessions,
    2020-01..2021-06, from the raw CSVs (BTC: close of the same calendar date)."""

    def close(file: str) -> pd.Series:
        frame = pd.read_csv(real_data_dir / file, parse_dates=["date"], index_col="date")
        return frame["close"]

    sessions = close("nvda.csv").loc["2019-12-31":"2021-06-30"].index
    closes = pd.DataFrame(
        {f: close(f).reindex(sessions) for f in ("btc_usd.csv", "nvda.csv", "orcl.csv", "amd.csv")}
    )
    assert closes.notna().all().all()
    r = np.log(closes).diff().iloc[1:]
    basket = np.log(np.exp(r[["nvda.csv", "orcl.csv", "amd.csv"]]).mean(axis=1))
    daily = pd.DataFrame({"btc": r["btc_usd.csv"], "basket": basket})
    daily.index = daily.index.tz_localize("UTC").rename("date")
    return daily


@pytest.mark.real_data
def test_2020_replay_at_scale_one_reproduces_history(real_data_dir: Path) -> None:
    daily = _real_daily(real_data_dir)
    covid = EPISODES[0]
    # independent maximum drawdown of the basket level in the shock window (O(n^2) search)
    level = daily["basket"].cumsum().loc[covid.shock_start : covid.shock_end]
    values = level.to_numpy()
    _fall, i, j = min(
        (values[j] - values[i], i, j) for i in range(len(values)) for j in range(i, len(values))
    )
    peak, trough = level.index[i], level.index[j]
    assert (peak.date().isoformat(), trough.date().isoformat()) == ("2020-02-19", "2020-03-16")
    phase1 = daily[(daily.index > peak) & (daily.index <= trough)]
    phase2 = daily.loc[daily.index > trough].loc[: covid.end]
    spec = scenario(
        float(np.expm1(phase1["basket"].sum())),
        float(np.expm1(phase2["basket"].sum())),
        len(phase1),
        len(phase2),
    )
    engine = prepare_analogue(spec, history(daily))
    assert engine.deterministic_paths == 1
    block = engine.block(1, np.random.default_rng(0))
    assert block.labels == ("covid_crash_qe_2020",)
    (replay,) = engine.replays
    assert replay.scale == pytest.approx((1.0, 1.0), abs=1e-12)
    expected = np.r_[phase1["btc"].to_numpy(), phase2["btc"].to_numpy()]
    np.testing.assert_allclose(block.btc[0], expected, rtol=0, atol=1e-12)
    basket = np.r_[phase1["basket"].to_numpy(), phase2["basket"].to_numpy()]
    np.testing.assert_allclose(block.basket[0], basket, rtol=0, atol=1e-12)
    # the other three episodes lie outside these data: skipped with the dates they need
    skipped = [n for n in engine.notes if " skipped: needs daily BTC and basket history" in n]
    assert len(skipped) == 3
