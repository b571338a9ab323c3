"""The beta profile bundles the family; its outputs are JSON-able and carry notes."""

from __future__ import annotations

import json

from bubblelink.analytics.beta import beta_profile, ols_beta
from tests.analytics.beta.simulated import simulate_pair


def test_profile_tables_and_json() -> None:
    asset, market = simulate_pair(n=600)
    profile = beta_profile(asset, market, window=120, n_boot=100, notes=["SYNTHETIC sample"])
    frame = profile.to_frame()
    assert frame.loc["beta", "estimate"] == ols_beta(asset, market).beta
    assert set(frame["group"]) == {
        "ols",
        "asymmetric",
        "capture",
        "stress",
        "falls_harder",
        "rolling",
    }
    assert frame.index.is_unique
    payload = json.loads(json.dumps(profile.to_dict()))
    assert payload["notes"][0] == "SYNTHETIC sample"
    assert "zero_days=exclude" in payload["notes"][1]
    assert payload["rolling"]["window"] == 120
    assert "Beta profile of BTC-USD on ^IXIC" in profile.summary()


def test_profile_passes_the_zero_day_rule_to_both_splits() -> None:
    from bubblelink.analytics.beta import asymmetric_beta, capture_ratios

    asset, market = simulate_pair(n=600, seed=4)
    market = market.where(market.abs() > 0.002, 0.0)
    profile = beta_profile(asset, market, n_boot=50, zero_days="up")
    assert profile.asymmetric == asymmetric_beta(asset, market, zero_days="up")
    assert profile.capture == capture_ratios(asset, market, zero_days="up")
    payload = profile.to_dict()
    assert payload["zero_days"] == "up"
    assert payload["n_at_threshold"] == payload["n_zero_days"] == int((market == 0).sum()) > 0
    assert beta_profile(asset, market, n_boot=50).to_dict()["zero_days"] == "exclude"
