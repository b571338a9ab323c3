"""Both new engines on histories loaded from the sample store (the path the runner uses)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bubblelink.errors import DataError
from bubblelink.scenarios import load_history, load_scenario
from bubblelink.scenarios._analogue import EPISODES, prepare_analogue
from bubblelink.scenarios._engine import block_rng
from bubblelink.scenarios._fhs import prepare_fhs
from bubblelink.service.data import store_data


def test_fhs_on_the_sample_market(sample_store: Path) -> None:
    spec = load_scenario("ai_credit_wobble")
    with store_data(sample_store) as data:
        history = load_history(spec, data)
    engine = prepare_fhs(spec, history)
    block = engine.block(1000, block_rng(spec.simulation.seed, 0))
    assert block.btc.shape == (1000, 80) and block.correlation is not None
    assert block.basket is not None
    np.testing.assert_allclose(block.basket[:, :20].sum(axis=1), np.log(0.85), atol=1e-12)
    np.testing.assert_allclose(block.basket[:, 20:].sum(axis=1), np.log(1.08), atol=1e-12)
    assert np.all(np.abs(block.correlation) < 1)
    first, last = history.daily.index[0].date(), history.daily.index[-1].date()
    assert engine.notes[0].startswith(f"FHS sample {first}..{last}")


def test_analogue_as_of_no_usable_episode_is_one_line_naming_each(sample_store: Path) -> None:
    """As known on 2022-06-30 the sample market has only the 2020 episode, and its synthetic
    basket keeps falling after the trough (opposite sign to the scenario's +8%)."""
    spec = load_scenario("ai_credit_wobble")
    with store_data(sample_store, "2022-06-30") as data:
        history = load_history(spec, data)
    with pytest.raises(DataError) as info:
        prepare_analogue(spec, history)
    message = str(info.value)
    assert "\n" not in message and message.startswith("no analogue episode is usable")
    assert "covid_crash_qe_2020 skipped: its basket moved" in message
    assert "the opposite sign of the scenario's +8.0%" in message
    covered = f"{history.daily.index[0].date()}..2022-06-30"
    for episode in EPISODES[1:]:
        assert (
            f"{episode.name} skipped: needs daily BTC and basket history "
            f"{episode.shock_start}..{episode.end}, the stored history covers {covered}"
        ) in message


@pytest.mark.parametrize("name", ["ai_credit_shock", "ai_credit_wobble"])
def test_analogue_on_the_whole_sample_market(sample_store: Path, name: str) -> None:
    spec = load_scenario(name)
    with store_data(sample_store) as data:
        history = load_history(spec, data)
    engine = prepare_analogue(spec, history)
    block = engine.block(3, np.random.default_rng(0))
    assert block.labels == tuple(e.name for e in EPISODES[1:])
    assert engine.deterministic_paths == 3
    assert block.basket is not None and block.btc.shape == (
        3,
        spec.phase1.sessions + spec.phase2.sessions,
    )
    s1 = spec.phase1.sessions
    np.testing.assert_allclose(
        block.basket[:, :s1].sum(axis=1), np.log1p(spec.phase1.basket_change), atol=1e-12
    )
    np.testing.assert_allclose(
        block.basket[:, s1:].sum(axis=1), np.log1p(spec.phase2.basket_change), atol=1e-12
    )
    assert any(n.startswith("covid_crash_qe_2020 skipped") for n in engine.notes)
