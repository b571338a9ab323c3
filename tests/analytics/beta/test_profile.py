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
    assert payload["notes"] == ["SYNTHETIC sample"]
    assert payload["rolling"]["window"] == 120
    assert "Beta profile of BTC-USD on ^IXIC" in profile.summary()
