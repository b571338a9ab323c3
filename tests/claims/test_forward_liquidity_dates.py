"""Net-liquidity claim on H.4.1 inputs that differ every week and an ON RRP that differs
every business day, so the value at publication, the latest value and the sample's end
are each pinned to one date (flat weekly data cannot tell the last value from the one
before it).

The expected figures are computed below from the values written, with FRED's release
schedule stated here: a Wednesday H.4.1 level (WALCL, WTREGEN) is known from the Friday
two days later (the Thursday-afternoon release, first UTC midnight after it), an ON RRP
business-day figure from the next day.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims._forward import liquidity_turns
from bubblelink.service.data import store_data
from tests.claims.world import PUBLISHED, SESSIONS, macro, write

WEEKS = pd.date_range("2025-01-01", "2026-03-25", freq="W-WED", tz="UTC")
BDAYS = SESSIONS[(pd.Timestamp("2025-01-01", tz="UTC") <= SESSIONS) & (SESSIONS <= "2026-03-26")]
LAGS = {"WALCL": 2, "WTREGEN": 2, "RRPONTSYD": 1}
LABEL = "Fed net liquidity (WALCL - TGA - ON RRP)"
DAY = pd.Timedelta(days=1)


def _inputs(
    tga_until: str | None = None, until: dict[str, str] | None = None
) -> dict[str, pd.Series]:
    """WALCL +4 bn a week to publication and +10 bn a week after it; the TGA -0.5 bn a
    week; ON RRP +0.25 bn every business day (millions for the H.4.1 series, as FRED)."""
    i = np.arange(len(WEEKS))
    after = np.cumsum(WEEKS > PUBLISHED)
    walcl = pd.Series(6_500_000.0 + 4_000.0 * i + 6_000.0 * after, index=WEEKS)
    tga = pd.Series(800_000.0 - 500.0 * i, index=WEEKS)
    rrp = pd.Series(200.0 + 0.25 * np.arange(len(BDAYS)), index=BDAYS)
    if tga_until is not None:
        tga = tga.loc[:tga_until]
    inputs = {"WALCL": walcl, "WTREGEN": tga, "RRPONTSYD": rrp}
    return {sid: s.loc[: (until or {}).get(sid)] for sid, s in inputs.items()}


def _known_on(day: pd.Timestamp, tga_until: str | None = None) -> float:
    """Net liquidity (bn) as known on ``day``: each input's latest observation released
    by then (observation date + lag <= day; none here is older than its 14- or 7-day
    freshness limit on the days asked)."""
    known = {}
    for sid, series in _inputs(tga_until).items():
        released = series[series.index + pd.Timedelta(days=LAGS[sid]) <= day]
        known[sid] = float(released.iloc[-1])
    return known["WALCL"] / 1000 - known["WTREGEN"] / 1000 - known["RRPONTSYD"]


#: The last release: WALCL of 2026-03-25 and ON RRP of 2026-03-26, both on 2026-03-27.
LAST = pd.Timestamp("2026-03-27", tz="UTC")


def _write(path: Path, tga_until: str | None = None, until: dict[str, str] | None = None) -> Path:
    units = {"WALCL": "millions USD", "WTREGEN": "millions USD", "RRPONTSYD": "billions USD"}
    freqs = {"WALCL": "weekly", "WTREGEN": "weekly", "RRPONTSYD": "business"}
    return write(
        path,
        [macro(s, sid, units[sid], freqs[sid]) for sid, s in _inputs(tga_until, until).items()],
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("liquidity-dates") / "store.duckdb")


def test_the_data_separate_each_day_from_the_one_before() -> None:
    day = pd.Timedelta(days=1)
    assert _known_on(PUBLISHED) != _known_on(PUBLISHED - day)
    assert _known_on(LAST) != _known_on(LAST - day)


def test_liquidity_turns_reads_the_publication_day_and_the_last_release(store: Path) -> None:
    base, latest = _known_on(PUBLISHED), _known_on(LAST)
    change = latest / base - 1
    assert 0.02 < change < 0.03  # supported at the default 2%, not at 3%
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
        strict = liquidity_turns(data, {"threshold": 0.03}, PUBLISHED, None)
    assert found.status == "supported"
    assert found.figures == {
        "gauge": LABEL,
        "at_publication": pytest.approx(base, abs=1e-9),
        "latest": pytest.approx(latest, abs=1e-9),
        "change": pytest.approx(change, abs=1e-12),
    }
    assert found.evidence == (
        f"{LABEL} {base:,.0f} bn at publication, {latest:,.0f} bn on 2026-03-27 ({change:+.1%})"
    )
    assert strict.status == "open"
    assert strict.evidence == found.evidence + "; within ±3%"
    assert {p["series"] for p in found.provenance} == set(LAGS)
    assert found.notes == ()  # only notes about a stale input are kept
    sample = found.sample
    assert sample is not None
    assert sample.series == ("WALCL", "WTREGEN", "RRPONTSYD")
    assert (sample.first, sample.last) == (PUBLISHED, LAST)
    # one net-liquidity value per calendar day after publication, to the last release
    assert sample.n == (LAST - PUBLISHED).days == 105
    assert sample.unit == "days with net liquidity known after publication"
    assert sample.requested == "publication 2025-12-12 to the end of the data"


def test_a_cut_off_ends_the_latest_value_there(store: Path) -> None:
    as_of = pd.Timestamp("2026-02-15", tz="UTC")  # a Sunday: Friday's releases are latest
    with store_data(store, as_of) as data:
        found = liquidity_turns(data, {"threshold": 0.001}, PUBLISHED, None)
    assert found.figures["latest"] == pytest.approx(_known_on(as_of), abs=1e-9)
    assert found.figures["latest"] != pytest.approx(_known_on(as_of - pd.Timedelta(days=3)))
    assert found.sample is not None and found.sample.last == as_of
    assert found.sample.requested_last == as_of
    assert found.status == "supported"


def test_a_tga_that_stops_leaves_the_value_known_before_publication(tmp_path: Path) -> None:
    """The TGA of 2025-11-19 (known from 11-21) is the last: net liquidity is known to
    2025-12-05 (14 days on) and missing after, so nothing is known after publication."""
    store = _write(tmp_path / "store.duckdb", tga_until="2025-11-19")
    last_known = pd.Timestamp("2025-12-05", tz="UTC")
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
        early = liquidity_turns(data, {}, pd.Timestamp("2025-01-02", tz="UTC"), None)
    note = "WTREGEN last observed 2025-11-19: net liquidity is missing after 2025-12-05"
    assert found.status == "inconclusive"
    assert found.figures == {
        "gauge": LABEL,
        "at_publication": pytest.approx(_known_on(last_known, "2025-11-19"), abs=1e-9),
    }
    assert found.figures["at_publication"] != pytest.approx(
        _known_on(last_known - DAY, "2025-11-19")
    )
    assert found.evidence == f"{LABEL} is not known after publication ({note})"
    assert found.notes == (note,)
    assert {p["series"] for p in found.provenance} == set(LAGS)
    assert found.sample is not None and found.sample.n == 0
    assert found.sample.last == last_known
    # published before the first day all three inputs are known: nothing at publication
    assert early.status == "inconclusive"
    assert early.evidence == f"{LABEL}: no value known at publication"
    assert early.figures == {} and early.notes == (note,)
    assert {p["series"] for p in early.provenance} == set(LAGS)
    assert early.sample is not None and early.sample.series == tuple(LAGS)


def test_without_its_inputs_net_liquidity_is_not_available(tmp_path: Path) -> None:
    walcl = _inputs()["WALCL"]
    store = write(tmp_path / "store.duckdb", [macro(walcl, "WALCL", "millions USD", "weekly")])
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
    assert found.status == "inconclusive"
    assert found.evidence.startswith(f"{LABEL} not available: net liquidity needs WALCL, ")
    assert found.sample is None and found.figures == {}


def test_known_on_the_publication_day_only_is_not_known_after_it(tmp_path: Path) -> None:
    """WALCL and the TGA of 2025-11-26 (known from 11-28) are the last: net liquidity is
    known to 2025-12-12, the publication day itself, and missing after it."""
    until = {"WALCL": "2025-11-26", "WTREGEN": "2025-11-26"}
    store = _write(tmp_path / "store.duckdb", until=until)
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
    reason = (
        "WALCL last observed 2025-11-26: net liquidity is missing after 2025-12-12; "
        "WTREGEN last observed 2025-11-26: net liquidity is missing after 2025-12-12"
    )
    assert found.status == "inconclusive"
    assert found.evidence == f"{LABEL} is not known after publication ({reason})"
    assert found.sample is not None and found.sample.last == PUBLISHED


def test_nothing_released_after_publication_yet(tmp_path: Path) -> None:
    """Every input's last release falls on the publication day: nothing is stale, nothing
    is known after it."""
    until = {"WALCL": "2025-12-10", "WTREGEN": "2025-12-10", "RRPONTSYD": "2025-12-11"}
    store = _write(tmp_path / "store.duckdb", until=until)
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
    assert found.status == "inconclusive" and found.notes == ()
    assert (
        found.evidence
        == f"{LABEL} is not known after publication (no release after publication yet)"
    )
    assert found.figures["at_publication"] == pytest.approx(_known_on(PUBLISHED), abs=1e-9)
