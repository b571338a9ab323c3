"""``btc_follows_easing`` with its default gain (10%) and without a cut by the horizon, on
a policy rate and a BTC path that differ every day (every expected figure is read off
the values written below)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims._forward import btc_follows_easing, easing
from bubblelink.errors import DataError
from bubblelink.service.data import store_data
from tests.claims.world import DAYS, PUBLISHED, crypto, macro, write

CUT = pd.Timestamp("2026-01-21", tz="UTC")
RATE_END = pd.Timestamp("2026-03-31", tz="UTC")


def _dff() -> pd.Series:
    """4.30% to 2026-01-20, 4.05% from the cut, and 0.001 pp lower every day after it."""
    days = DAYS[(pd.Timestamp("2025-11-01", tz="UTC") <= DAYS) & (DAYS <= RATE_END)]
    rate = pd.Series(4.30, index=days)
    after = days >= CUT
    rate[after] = 4.05 - 0.001 * np.arange(int(after.sum()))
    return rate


def _btc() -> pd.Series:
    """Up 200 a day from 90,000 to 2026-04-30."""
    days = DAYS[(pd.Timestamp("2025-11-01", tz="UTC") <= DAYS) & (DAYS <= "2026-04-30")]
    return pd.Series(90_000.0 + 200.0 * np.arange(len(days)), index=days)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        tmp_path_factory.mktemp("easing-defaults") / "store.duckdb",
        [macro(_dff(), "DFF", "percent", "daily"), crypto(_btc())],
    )


def test_the_default_gain_is_ten_percent(store: Path) -> None:
    btc = _btc()
    change = btc[RATE_END] / btc[CUT] - 1
    assert 0.10 < change < 0.15
    with store_data(store) as data:
        found = btc_follows_easing(data, {"rates": ["DFF"]}, PUBLISHED, None)
        higher = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.15}, PUBLISHED, None)
    assert found.status == "supported" and higher.status == "open"
    assert found.figures == {"first_cut": CUT, "btc_change": pytest.approx(change, abs=1e-12)}
    assert {p["series"] for p in found.provenance} == {"DFF", "BTC-USD"}


def test_no_cut_by_the_horizon_keeps_the_easing_evidence(store: Path) -> None:
    params = {"rates": ["DFF"], "cut": 1.0}
    with store_data(store) as data:
        found = btc_follows_easing(data, params, PUBLISHED, RATE_END)
    latest = float(_dff().iloc[-1])
    assert found.status == "open"
    assert found.evidence == (
        f"no easing after publication yet (DFF 4.30% at publication (2025-12-12), "
        f"{latest:.2f}% on 2026-03-31 ({latest - 4.30:+.2f} pp); no cut of 1.00 pp by "
        "2026-03-31)"
    )
    assert found.figures == {
        "series": "DFF",
        "at_publication": 4.30,
        "latest": pytest.approx(latest, abs=1e-12),
        "first_eased": None,
    }
    assert {p["series"] for p in found.provenance} == {"DFF"} and found.notes == ()
    assert found.sample is not None and found.sample.series == ("DFF",)
    assert found.sample.last == RATE_END


def test_btc_ending_on_the_cut_day_has_nothing_after_it(tmp_path: Path) -> None:
    store = write(
        tmp_path / "store.duckdb",
        [macro(_dff(), "DFF", "percent", "daily"), crypto(_btc().loc[:CUT])],
    )
    with store_data(store) as data:
        found = btc_follows_easing(data, {"rates": ["DFF"]}, PUBLISHED, None)
        with pytest.raises(DataError, match="unknown series 'ETH-USD'"):
            btc_follows_easing(data, {"rates": ["DFF"], "btc": "ETH-USD"}, PUBLISHED, None)
    assert found.status == "open"
    assert found.evidence == "no BTC data after the first cut yet"
    assert found.figures == {} and found.notes == ()
    assert {p["series"] for p in found.provenance} == {"DFF"}
    sample = found.sample
    assert sample is not None and sample.series == ("DFF", "BTC-USD")
    assert (sample.first, sample.last, sample.n) == (CUT, CUT, 0)
    assert (sample.requested_first, sample.requested_last) == (CUT, CUT)
    assert sample.prices == (
        "BTC-USD: close as stored (no adj_close beside it: adjusted or raw not recorded)"
    )


def test_the_rate_sample_runs_to_the_cut_off(store: Path) -> None:
    as_of = pd.Timestamp("2026-02-15", tz="UTC")
    with store_data(store, as_of) as data:
        found = btc_follows_easing(data, {"rates": ["DFF"], "cut": 1.0}, PUBLISHED, None)
    sample = found.sample
    assert sample is not None and sample.unit == "observations after publication"
    assert (sample.last, sample.requested_last) == (as_of, as_of)
    assert sample.n == (as_of - PUBLISHED).days


def _fedfunds() -> pd.Series:
    """Monthly averages dated at the month's start: 4.30% to December, 3.95% from 2026-02."""
    months = pd.date_range("2025-06-01", "2026-03-01", freq="MS", tz="UTC")
    return pd.Series(np.where(months < pd.Timestamp("2026-02-01", tz="UTC"), 4.30, 3.95), months)


def test_the_default_rates_are_dff_then_fedfunds(tmp_path: Path) -> None:
    only_dff = write(tmp_path / "dff.duckdb", [macro(_dff(), "DFF", "percent", "daily")])
    only_ff = write(tmp_path / "ff.duckdb", [macro(_fedfunds(), "FEDFUNDS", "percent", "monthly")])
    with store_data(only_dff) as data:
        daily = easing(data, {}, PUBLISHED, None)
    with store_data(only_ff) as data:
        monthly = easing(data, {}, PUBLISHED, None)
    assert daily.figures["series"] == "DFF" and daily.figures["first_eased"] == CUT
    assert monthly.figures["series"] == "FEDFUNDS"
    assert monthly.figures["first_eased"] == pd.Timestamp("2026-02-01", tz="UTC")
    assert monthly.notes == ("FEDFUNDS is a monthly average dated at the month's start",)


def test_a_rate_ending_on_the_publication_day_keeps_its_sample(tmp_path: Path) -> None:
    store = write(
        tmp_path / "store.duckdb",
        [macro(_dff().loc[:PUBLISHED], "DFF", "percent", "daily"), crypto(_btc())],
    )
    as_of = pd.Timestamp("2026-01-31", tz="UTC")
    with store_data(store, as_of) as data:
        found = easing(data, {"rates": ["DFF"]}, PUBLISHED, None)
    assert found.status == "open" and found.evidence == "no DFF value after publication yet"
    assert found.figures == {} and found.notes == ()
    assert {p["series"] for p in found.provenance} == {"DFF"}
    sample = found.sample
    assert sample is not None and sample.series == ("DFF",)
    assert (sample.first, sample.last, sample.n) == (PUBLISHED, PUBLISHED, 0)
    assert sample.requested_last == as_of
