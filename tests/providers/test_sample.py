"""The sample market: deterministic, flagged synthetic, ground truth stored and recoverable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.frames import load, load_returns
from bubblelink.ingest import ingest
from bubblelink.providers import sample
from bubblelink.store import Store


def test_same_seed_same_market_other_seed_other_market() -> None:
    a, b = sample.simulate(seed=11), sample.simulate(seed=11)
    pd.testing.assert_frame_equal(a.closes, b.closes)
    assert not np.allclose(sample.simulate(seed=12).closes["NVDA"], a.closes["NVDA"])


def test_covers_eight_years_and_every_regime() -> None:
    market = sample.simulate()
    span = market.sessions[-1] - market.sessions[0]
    assert span.days >= 8 * 365
    assert set(market.regimes.unique()) == {0, 1, 2}
    # BTC trades every calendar day, equities on NYSE sessions only
    btc = market.ohlcv["BTC-USD"]
    assert (btc.index.day_of_week >= 5).any()
    assert not (market.ohlcv["NVDA"].index.day_of_week >= 5).any()
    bars = market.ohlcv["NVDA"]
    assert (bars["high"] >= bars[["open", "close"]].max(axis=1)).all()
    assert (bars["low"] <= bars[["open", "close"]].min(axis=1)).all()


def test_true_loadings_are_recovered_by_regression() -> None:
    market = sample.simulate()
    tech = market.tech_factor
    for sym, beta in sample.EQUITY_BETA.items():
        r = np.log(market.closes[sym].dropna()).diff().reindex(tech.index)
        ok = r.notna()
        slope = np.polyfit(tech[ok], r[ok], 1)[0]
        assert abs(slope - beta) < 0.05, (sym, slope, beta)


def test_ingest_flags_every_series_synthetic_and_outputs_say_so(store_path: Path) -> None:
    with Store(store_path) as st:
        summary = ingest(st, sample.SampleProvider().fetch(), "sample")
        assert summary.ok
        infos = st.info()
        assert all(i.synthetic for i in infos)
        ids = {i.id for i in infos}
        assert {
            "BTC-USD",
            "NVDA",
            "ORCL",
            "AMD",
            "^IXIC",
            "DX-Y.NYB",
            "M2SL",
            "WALCL",
            "WTREGEN",
            "RRPONTSYD",
            "BAMLH0A0HYM2",
            "SAMPLE_REGIME",
        } <= ids
        assert st.meta("BTC-USD").metadata["model"]["btc_beta"] == list(sample.BTC_BETA)
    rf = load_returns(["BTC-USD", "^IXIC"], store=store_path)
    assert rf.synthetic and rf.notes[0].startswith("SYNTHETIC sample data")


def test_btc_beta_is_higher_in_the_selloff_regime(store_path: Path) -> None:
    with Store(store_path) as st:
        ingest(st, sample.SampleProvider().fetch(), "sample")
    rf = load_returns(["BTC-USD", "^IXIC"], store=store_path)
    regimes = load(["SAMPLE_REGIME"], store=store_path)["SAMPLE_REGIME"].reindex(rf.returns.index)
    betas = {}
    for code in (0, 1):
        sub = rf.returns[regimes == code]
        betas[code] = np.cov(sub["BTC-USD"], sub["^IXIC"])[0, 1] / sub["^IXIC"].var()
    assert betas[1] > betas[0] + 0.5
