"""One definition, every consumer: the same store gives the same derived numbers everywhere.

Net liquidity is read by the liquidity gauges (and the report's liquidity section), the
risk score, the scenarios, the forward-claims scorecard and the monitor; the AI basket by
corr/beta (CLI, API, report), the risk score and the scenarios. Each test computes the
number once through :class:`StoreData` and checks every consumer against it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.basket import basket_index
from bubblelink.claims._forward import liquidity_turns
from bubblelink.monitor import RuleData, parse_rule
from bubblelink.monitor._evaluate import evaluate_rule
from bubblelink.risk import load_risk_config
from bubblelink.scenarios import load_history, load_scenario
from bubblelink.service.data import store_data
from bubblelink.service.liquidity import liquidity
from bubblelink.service.risk import risk, risk_inputs

ASOF = "2025-06-30"


def _rule(text: str):  # type: ignore[no-untyped-def]
    from bubblelink.monitor import Rule

    return Rule(name="nl", expression=text, tree=parse_rule(text), message="", line=1, column=1)


def test_net_liquidity_is_the_same_in_every_consumer(sample_store: Path) -> None:
    with store_data(sample_store, ASOF) as data:
        reference = data.net_liquidity().value.dropna()
        level, day = float(reference.iloc[-1]), reference.index[-1]
        # risk score inputs: the same daily series
        inputs = risk_inputs(data, load_risk_config(None))
        assert inputs.net_liquidity is not None
        pd.testing.assert_series_equal(
            inputs.net_liquidity.dropna(), reference, check_names=False, check_freq=False
        )
        # scenarios: the level the phase-2 change is scaled by
        history = load_history(load_scenario(None), data)
        assert history.liquidity_level_bn == pytest.approx(level)
        # monitor: level(NET_LIQUIDITY)
        evaluation = evaluate_rule(_rule("level(NET_LIQUIDITY) > 0"), RuleData(data))
        assert evaluation.values["level(NET_LIQUIDITY)"] == pytest.approx(level)
        # forward claims: the value known at "publication" (a date before the cut-off)
        published = day - pd.Timedelta(days=60)
        found = liquidity_turns(data, {}, published, None)
        assert found.figures["at_publication"] == pytest.approx(reference.loc[:published].iloc[-1])
        assert found.figures["latest"] == pytest.approx(level)
    # the gauges (and the report's liquidity section, which shows this table)
    gauge = liquidity(sample_store, as_of=ASOF, btc=False).result.snapshot.table
    assert gauge.loc["net_liquidity", "value"] == pytest.approx(level)
    assert gauge.loc["net_liquidity", "known_since"] == day.date().isoformat()


@pytest.mark.real_data
def test_a_stale_tga_makes_net_liquidity_missing_everywhere(liquidity_real_store: Path) -> None:
    # WTREGEN stops on 2025-11-19 in the shared data: from 2025-12-06 net liquidity is
    # missing in every consumer (no consumer drops the TGA or carries it forward)
    as_of = "2026-03-31"
    with store_data(liquidity_real_store, as_of) as data:
        nl = data.net_liquidity()
        last = nl.value.dropna().index[-1]
        assert last == pd.Timestamp("2025-12-05", tz="UTC")
        found = liquidity_turns(data, {}, pd.Timestamp("2025-12-12", tz="UTC"), None)
        assert found.status == "inconclusive"
        assert "WTREGEN last observed 2025-11-19" in found.evidence
    gauge = liquidity(liquidity_real_store, as_of=as_of, btc=False).result.snapshot.table
    assert gauge.loc["net_liquidity", "status"] == "stale"
    assert gauge.loc["net_liquidity", "known_since"] == "2025-12-05"
    score = risk(liquidity_real_store, as_of=as_of).result.components
    assert score.loc["net_liquidity_impulse", "status"] == "missing"


def test_the_ai_basket_is_the_same_in_every_consumer(sample_store: Path) -> None:
    from bubblelink.service.linkage import correlation

    with store_data(sample_store, ASOF) as data:
        rf = data.returns(["NVDA", "ORCL", "AMD", "AI_BASKET"], start="2024-01-01")
        basket = rf.returns["AI_BASKET"]
        inputs = risk_inputs(data, load_risk_config(None))
        history = load_history(load_scenario(None), data)
    # risk score: its basket index, from the member closes
    index = basket_index(inputs.basket, start_value=1.0)
    from_index = np.log(index).diff().reindex(basket.index)
    np.testing.assert_allclose(from_index.to_numpy(), basket.to_numpy(), atol=1e-12)
    # scenarios: the daily basket return of the equal-weight file
    common = history.daily.index.intersection(basket.index)
    np.testing.assert_allclose(
        history.daily.loc[common, "basket"].to_numpy(), basket.loc[common].to_numpy(), atol=1e-12
    )
    # corr against the pseudo-symbol: correlation of BTC with exactly this series
    answer = correlation(sample_store, a="BTC-USD", b="AI_BASKET", as_of=ASOF, window=60)
    with store_data(sample_store, ASOF) as data:
        both = data.returns(["BTC-USD", "AI_BASKET"]).returns.iloc[-60:]
    assert answer.result.value == pytest.approx(both.corr().iloc[0, 1], abs=1e-12)


@pytest.mark.real_data
def test_global_m2_is_the_same_in_every_consumer(
    shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # global M2 in USD: liquidity --global, the gauge, BTC vs liquidity, claim 7 and the
    # risk score all read StoreData.global_m2 (one definition)
    from bubblelink.claims._computations import liquidity_relation
    from bubblelink.service.liquidity import btc_liquidity_result, liquidity_global
    from bubblelink.service.risk import _global_liquidity
    from tests.world_store import world_store

    store = world_store(shared_data_dir, tmp_path_factory.getbasetemp())
    day = "2025-12-12"
    reference = liquidity_global(store, as_of=day).result
    assert reference.month == "2025-09"
    gauge = liquidity(store, as_of=day, btc=False).result.snapshot.table.loc["global_m2"]
    assert gauge["value"] == pytest.approx(reference.total, rel=1e-12)
    assert gauge["series"] == "+".join(reference.components_used)
    with store_data(store, day) as data:
        btc = btc_liquidity_result(data, choice="global")
        assert btc.weekly["liquidity"].iloc[-1] == pytest.approx(reference.total, rel=1e-12)
        assert btc.global_m2 is not None and btc.global_m2.total == reference.total
        claim = liquidity_relation(data, {"require": "available", "end": day})
        assert claim.details["liquidity"] == btc.liquidity_label
        config = load_risk_config()
        sessions = pd.bdate_range("2025-01-02", day, tz="UTC")
        _, off = _global_liquidity(data, config, sessions)
        assert off["global_liquidity_impulse"] == reference.coverage_note
