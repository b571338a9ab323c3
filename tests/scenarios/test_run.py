"""End to end on the sample store: result shape, notes, and fallbacks when data are missing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bubblelink.service.scenarios import scenario


@pytest.fixture(scope="module")
def prices_only_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample market without any macro series (no spread, no liquidity data)."""
    from bubblelink.ingest import ingest
    from bubblelink.providers.base import FetchResult
    from bubblelink.providers.sample import SampleProvider
    from bubblelink.store import Store

    fetched = SampleProvider().fetch()
    prices = FetchResult()
    prices.batches.extend(b for b in fetched.batches if b.meta.kind == "price")
    path = tmp_path_factory.mktemp("prices-only") / "store.duckdb"
    with Store(path) as st:
        ingest(st, prices, "sample")
    return path


def test_sample_store_run(sample_store: Path) -> None:
    result = scenario(sample_store, paths=2000, seed=1).result
    assert result.synthetic
    assert result.notes[0].startswith("SYNTHETIC sample data")
    assert result.n_paths == 2000 and result.sessions == {"phase1": 40, "phase2": 80}
    table = result.parameters
    assert set(table.columns) == {"estimate", "std_error", "n", "source"}
    assert (table.loc[["stress_beta", "recovery_beta"], "std_error"] > 0).all()
    assert not table["source"].str.startswith("ASSUMPTION").any()
    # the sample's BTC loads positively on the tech basket in every regime
    assert table.loc["stress_beta", "estimate"] > 0
    assert result.end_phase1["q50"] < 1.0  # a 30% basket fall drags BTC down
    frame = result.to_frame()
    assert list(frame.columns) == ["section", "statistic", "value", "std_error"]
    again = scenario(sample_store, paths=2000, seed=1).result
    np.testing.assert_array_equal(result.fan.to_numpy(), again.fan.to_numpy())
    assert "Scenario ai_credit_shock" in result.summary()


def test_to_dict_documented_keys(sample_store: Path) -> None:
    out = scenario(sample_store, paths=500, seed=2).result.to_dict()
    assert set(out) >= {
        "name",
        "n_paths",
        "seed",
        "sessions",
        "fan",
        "phase1_drawdown",
        "end_phase1",
        "end_phase2",
        "probabilities",
        "parameters",
        "assumptions",
        "notes",
        "provenance",
        "synthetic",
    }
    assert set(out["fan"][0]) == {"day", "q05", "q25", "q50", "q75", "q95"}
    assert out["fan"][0]["day"] == 0 and len(out["fan"]) == 121
    assert {p["event"] for p in out["probabilities"]} >= {
        "p_end_above_start",
        "p_survive_and_gain",
    }
    assert all({"probability", "std_error", "definition"} <= set(p) for p in out["probabilities"])
    assert out["parameters"][0]["parameter"] == "stress_beta"
    assert out["assumptions"]["phase1"]["basket_change"] == -0.30


def test_missing_macro_data_fall_back_and_say_so(prices_only_store: Path) -> None:
    result = scenario(prices_only_store, paths=500).result
    sources = result.parameters["source"]
    for name in (
        "credit_sensitivity_per_pp",
        "liquidity_elasticity",
        "dollar_elasticity",
        "net_liquidity_level_bn",
    ):
        assert sources[name].startswith("ASSUMPTION"), name
    text = " ".join(result.notes)
    assert "BAMLH0A0HYM2 not usable" in text
    assert "net liquidity not usable (net liquidity needs WALCL, WTREGEN and RRPONTSYD" in text
    assert "liquidity elasticity is the scenario file's ASSUMPTION" in text


def test_as_of_ends_the_window(sample_store: Path) -> None:
    result = scenario(sample_store, paths=500, as_of="2022-12-30").result
    assert any(n.startswith("estimated as of 2022-12-30") for n in result.notes)
    assert any("..2022-12-30" in n for n in result.notes)
