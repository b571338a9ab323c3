"""Easing claims on a policy rate and a BTC path that differ every day, so the reference
value, the latest value, the cut date and the sample's end are each pinned to one date.

Expected figures are read off the values written below (tests/claims/world.py writes them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims._forward import btc_follows_easing, easing
from bubblelink.service.data import store_data
from tests.claims.world import DAYS, PUBLISHED, crypto, macro, write

CUT = pd.Timestamp("2026-01-21", tz="UTC")
RATE_END = pd.Timestamp("2026-03-31", tz="UTC")


def _dff() -> pd.Series:
    """4.33% the day before publication, 4.30% from publication, 4.05% from the cut (exactly
    0.25 pp lower), 3.80% from 2026-02-20 and 3.90% on the last day, 2026-03-31."""
    days = DAYS[(pd.Timestamp("2025-11-01", tz="UTC") <= DAYS) & (DAYS <= RATE_END)]
    rate = pd.Series(4.30, index=days)
    rate[days < PUBLISHED] = 4.33
    rate[days >= CUT] = 4.05
    rate[days >= pd.Timestamp("2026-02-20", tz="UTC")] = 3.80
    rate[RATE_END] = 3.90
    return rate


def _btc() -> pd.Series:
    """Up 100 a day from 90,000 (every close differs), to 2026-04-30: past the rate's end."""
    days = DAYS[(pd.Timestamp("2025-11-01", tz="UTC") <= DAYS) & (DAYS <= "2026-04-30")]
    return pd.Series(90_000.0 + 100.0 * np.arange(len(days)), index=days)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        tmp_path_factory.mktemp("easing-dates") / "store.duckdb",
        [macro(_dff(), "DFF", "percent", "daily"), crypto(_btc())],
    )


def test_easing_reads_the_publication_day_and_the_last_day(store: Path) -> None:
    with store_data(store) as data:
        eased = easing(data, {"rates": ["DFF"], "cut": 0.25}, PUBLISHED, None)
    assert eased.status == "supported"
    assert eased.figures == {
        "series": "DFF",
        "at_publication": 4.30,
        "latest": 3.90,
        "first_eased": CUT,
    }
    assert eased.evidence == (
        "DFF 4.30% at publication (2025-12-12), 3.90% on 2026-03-31 (-0.40 pp); "
        "eased by 0.25 pp or more from 2026-01-21"
    )


def test_an_unmet_cut_is_contradicted_on_the_horizon_date_itself(store: Path) -> None:
    with store_data(store) as data:
        due = easing(data, {"rates": ["DFF"], "cut": 1.0}, PUBLISHED, RATE_END)
        later = easing(
            data, {"rates": ["DFF"], "cut": 1.0}, PUBLISHED, RATE_END + pd.Timedelta(days=1)
        )
    assert due.status == "contradicted"
    assert due.evidence.endswith("; no cut of 1.00 pp by 2026-03-31")
    assert later.status == "open"


def test_a_rate_that_ends_on_the_publication_day_has_nothing_after_it(tmp_path: Path) -> None:
    rate = _dff().loc[:PUBLISHED]
    store = write(tmp_path / "store.duckdb", [macro(rate, "DFF", "percent", "daily")])
    with store_data(store) as data:
        found = easing(data, {"rates": ["DFF"]}, PUBLISHED, None)
    assert found.status == "open" and found.evidence == "no DFF value after publication yet"


def test_btc_after_the_cut_stops_where_the_rate_stops(store: Path) -> None:
    btc = _btc()
    with store_data(store) as data:
        found = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.01}, PUBLISHED, None)
    change = btc[RATE_END] / btc[CUT] - 1
    assert found.status == "supported"
    assert found.figures == {"first_cut": CUT, "btc_change": pytest.approx(change)}
    sample = found.sample
    assert sample is not None
    assert sample.series == ("DFF", "BTC-USD")
    assert (sample.first, sample.last, sample.requested_last) == (CUT, RATE_END, RATE_END)
    assert sample.n == int(((btc.index > CUT) & (btc.index <= RATE_END)).sum()) == 69
    assert sample.unit == "BTC closes after the first cut"
    assert sample.requested == (
        "the first cut (2026-01-21) to the last date BTC and the rate have data"
    )
    assert found.evidence == (
        f"first cut from 2026-01-21; BTC {change:+.1%} from then to 2026-03-31"
    )
