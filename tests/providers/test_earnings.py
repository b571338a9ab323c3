"""Earnings dates: yfinance's own scraper replayed on Yahoo's earnings-calendar page.

The replay (:func:`tests.providers._replay.replay_yfinance`) is shared with ``test_yahoo.py``: yfinance's
``YfData`` gets a plain ``requests.Session`` that ``responses`` intercepts and the
cookie/crumb handshake is stubbed: ``Ticker.get_earnings_dates`` really requests the page and really parses its
``<table>`` (BeautifulSoup + ``pandas.read_html``). The pages are built in the format
yfinance 1.x parses, not recorded (see ``fixtures/README.md``).

The provider only fetches: the reaction-date rule
(:func:`bubblelink.analytics.events.reaction_session`) and the user events file
(:func:`bubblelink.service.events.events_fetch`) are tested in
``tests/cli/test_events_fetch.py``; here the rule is only applied to what was parsed.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses

from bubblelink.analytics.events import reaction_session
from bubblelink.errors import ConfigError, DataError, ProviderError
from bubblelink.providers.earnings import EarningsDate, fetch_earnings_dates
from bubblelink.providers.http import HttpStatusError, RetryPolicy
from bubblelink.service.catalogs import load_events
from tests.providers._replay import FakeTime, fixture_text, replay_yfinance

PAGE = "https://finance.yahoo.com/calendar/earnings"
NOW = pd.Timestamp("2026-01-05 14:30", tz="UTC")


@pytest.fixture()
def earnings_replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[responses.RequestsMock]:
    with replay_yfinance(monkeypatch) as mock:
        yield mock


def page_url(symbol: str) -> re.Pattern[str]:
    return re.compile(re.escape(f"{PAGE}?symbol={symbol}&") + r".*$")


def add_page(mock: responses.RequestsMock, symbol: str, fixture: str, status: int = 200) -> None:
    mock.add(
        responses.GET,
        page_url(symbol),
        body=fixture_text("yahoo", fixture),
        status=status,
        content_type="text/html; charset=utf-8",
    )


def fetch(symbol: str, fake_time: FakeTime, **kwargs: object) -> list[EarningsDate]:
    return fetch_earnings_dates(
        symbol,
        sleep=fake_time.sleep,
        rng=random.Random(3),
        now=lambda: NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def day(value: str) -> pd.Timestamp:
    return pd.Timestamp(value, tz="UTC")


def test_orcl_page_parsed_by_yfinance(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "ORCL", "earnings_calendar_ORCL.html")
    dates = fetch("orcl", fake_time, limit=12)
    assert [d.symbol for d in dates] == ["ORCL"] * 6
    (call,) = earnings_replay.calls
    assert call.request.url == f"{PAGE}?symbol=ORCL&offset=0&size=25"
    upcoming, q2 = dates[0], dates[1]
    assert upcoming.upcoming and not q2.upcoming
    # "December 10, 2025 at 4 PM EST" = 21:00 UTC, a Wednesday after the close
    assert q2.announced_at == pd.Timestamp("2025-12-10 21:00", tz="UTC")
    assert str(q2.announced_at.tz) == "UTC"
    assert q2.announced_local.hour == 16
    assert reaction_session(q2.announced_at) == ("after_close", day("2025-12-11"))
    assert (q2.eps_estimate, q2.eps_actual, q2.surprise_pct) == (1.64, 2.26, 37.8)
    # the surprise Yahoo prints is (reported - estimate) / estimate in percent
    for d in dates[1:]:
        expected = (d.eps_actual - d.eps_estimate) / abs(d.eps_estimate) * 100
        assert d.surprise_pct == pytest.approx(expected, abs=0.01)
    assert pd.isna(upcoming.eps_actual) and upcoming.to_dict()["eps_actual"] is None
    assert q2.source == "Yahoo Finance via yfinance, fetched 2026-01-05 14:30 UTC"
    assert q2.event_id == "ORCL-2025-12-10-earnings"
    assert all(d.fetched_at == NOW for d in dates)
    # the provider only fetches: no timing, reaction date or events-file entry of its own
    assert {f.name for f in dataclasses.fields(EarningsDate)} == {
        "symbol", "announced_at", "eps_estimate", "eps_actual", "surprise_pct", "fetched_at",
        "source",
    }  # fmt: skip
    # the shipped events file agrees on the reaction session (the one rule) of the two it has
    shipped = load_events()
    for fetched, shipped_id in ((q2, "orcl-fy26q2"), (dates[2], "orcl-fy26q1")):
        session = reaction_session(fetched.announced_at)[1]
        assert shipped.find("ORCL", session).id == shipped_id  # type: ignore[union-attr]


def test_limit_keeps_the_most_recent_rows(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "ORCL", "earnings_calendar_ORCL.html")
    dates = fetch("ORCL", fake_time, limit=3)
    assert [d.announced_local.date().isoformat() for d in dates] == [
        "2026-03-09",
        "2025-12-10",
        "2025-09-09",
    ]
    with pytest.raises(DataError, match="between 1 and 100"):
        fetch("ORCL", fake_time, limit=101)


@pytest.mark.parametrize(
    ("local_date", "local_time", "timing", "reaction"),
    [
        ("2025-11-26", "16:00", "after_close", "2025-11-28"),  # Wed before Thanksgiving → Fri
        ("2025-10-21", "06:00", "before_open", "2025-10-21"),  # 6 AM → the same session
        ("2025-08-01", "16:00", "after_close", "2025-08-04"),  # Friday after the close → Monday
        ("2025-05-06", "12:00", "during_session", "2025-05-06"),  # noon
        ("2025-03-01", "10:00", "non_trading_day", "2025-03-03"),  # Saturday → Monday
        ("2025-01-20", "08:00", "non_trading_day", "2025-01-21"),  # MLK day, 8 AM → Tuesday
    ],
)
def test_parsed_instants_give_the_reaction_session(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    local_date: str,
    local_time: str,
    timing: str,
    reaction: str,
) -> None:
    """Yahoo's "at 4 PM EST/EDT" cells become the instants the reaction rule reads."""
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    dates = {d.announced_local.date().isoformat(): d for d in fetch("EXMPL", fake_time)}
    found = dates[local_date]
    assert f"{found.announced_local:%H:%M}" == local_time
    assert str(found.announced_at.tz) == "UTC"
    assert reaction_session(found.announced_at) == (timing, day(reaction))


def test_midnight_stamp_is_kept_as_given(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    last = fetch("EXMPL", fake_time)[-1]
    assert last.announced_local == pd.Timestamp("2025-01-02 00:00", tz="America/New_York")
    assert pd.isna(last.eps_estimate) and pd.isna(last.eps_actual)
    assert reaction_session(last.announced_at) == (None, None)  # no time of day


def test_figures_note_and_upcoming(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    dates = fetch("EXMPL", fake_time)
    assert [d.upcoming for d in dates] == [True] + [False] * (len(dates) - 1)
    by_day = {d.announced_local.date().isoformat(): d for d in dates}
    assert by_day["2025-11-26"].figures_note() == (
        "EPS estimate 0.90, reported 0.97, surprise +7.78%; Yahoo time 16:00 ET (hour "
        "resolution), finance.yahoo.com/calendar/earnings?symbol=EXMPL"
    )
    # missing figures are left out, never printed as NaN
    assert by_day["2025-03-01"].figures_note().startswith("reported 0.70; Yahoo time 10:00 ET")


def test_unknown_symbol_is_a_failure(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    # Yahoo answers a page without a table; yfinance retries once on a 404 status
    add_page(earnings_replay, "ZZZZNOTATICKER", "earnings_calendar_not_found.html", status=404)
    with pytest.raises(ProviderError) as caught:
        fetch("ZZZZNOTATICKER", fake_time)
    assert str(caught.value) == (
        "no earnings dates for ZZZZNOTATICKER from Yahoo: check the symbol (a listed "
        "company's ticker, e.g. ORCL; ETFs, indices and crypto have none)"
    )
    assert fake_time.sleeps == []


def test_empty_page_is_a_failure(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "BTC-USD", "earnings_calendar_not_found.html")
    with pytest.raises(ProviderError, match="no earnings dates for BTC-USD"):
        fetch("BTC-USD", fake_time)


def test_429_is_retried_with_backoff(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    url = page_url("ORCL")
    # yfinance retries once itself (other cookie strategy): two 429s = one failed attempt
    earnings_replay.add(responses.GET, url, body="Too Many Requests\r\n", status=429)
    earnings_replay.add(responses.GET, url, body="Too Many Requests\r\n", status=429)
    add_page(earnings_replay, "ORCL", "earnings_calendar_ORCL.html")
    dates = fetch("ORCL", fake_time, retry=RetryPolicy(max_retries=2, backoff_base=2.0))
    assert len(dates) == 6
    assert len(earnings_replay.calls) == 3
    assert len(fake_time.sleeps) == 1 and 0.0 <= fake_time.sleeps[0] <= 2.0


def test_429_exhausted_is_a_failure(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    earnings_replay.add(responses.GET, page_url("ORCL"), body="Too Many Requests\r\n", status=429)
    with pytest.raises(ProviderError) as caught:
        fetch("ORCL", fake_time, retry=RetryPolicy(max_retries=2))
    assert str(caught.value) == (
        "yahoo: rate limited (HTTP 429) on the earnings dates of ORCL after 3 attempts: "
        "wait a few minutes, then retry with fewer symbols"
    )
    assert len(fake_time.sleeps) == 2


def test_no_network_says_to_add_events_by_hand(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    # the user file's path is added by the service (tests/cli/test_events_fetch.py)
    earnings_replay.add(
        responses.GET, page_url("ORCL"), body=requests.ConnectionError("Name or service unknown")
    )
    with pytest.raises(HttpStatusError) as caught:
        fetch("ORCL", fake_time)
    assert caught.value.status is None
    message = str(caught.value)
    assert "ConnectionError" in message and "by hand" in message and "\n" not in message
    assert fake_time.sleeps == []  # a network failure is not retried


# ------------------------------------------------------------------ the events files
def test_user_file_id_clashing_with_the_shipped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    (tmp_path / "events.yaml").write_text(
        "version: 1\nevents:\n  - id: orcl-fy26q2\n    name: dup\n    symbol: ORCL\n"
        "    kind: earnings\n    announced_date: 2025-12-10\n    timing: after_close\n"
        "    source: me\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="already used by the shipped events file"):
        load_events()
