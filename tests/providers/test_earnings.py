"""Earnings dates: yfinance's own scraper replayed on Yahoo's earnings-calendar page.

The replay (:func:`tests.providers._replay.replay_yfinance`) is shared with ``test_yahoo.py``: yfinance's
``YfData`` gets a plain ``requests.Session`` that ``responses`` intercepts and the
cookie/crumb handshake is stubbed: ``Ticker.get_earnings_dates`` really requests the page and really parses its
``<table>`` (BeautifulSoup + ``pandas.read_html``). The pages are built in the format
yfinance 1.x parses, not recorded (see ``fixtures/README.md``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses
import yaml

from bubblelink.analytics.events import load_events
from bubblelink.errors import ConfigError, DataError, ProviderError
from bubblelink.providers.earnings import (
    EarningsDate,
    add_to_user_events,
    fetch_earnings_dates,
    reaction_session,
)
from bubblelink.providers.http import HttpStatusError, RetryPolicy
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
    assert (q2.timing, q2.reaction_date) == ("after_close", day("2025-12-11"))
    assert (q2.eps_estimate, q2.eps_actual, q2.surprise_pct) == (1.64, 2.26, 37.8)
    # the surprise Yahoo prints is (reported - estimate) / estimate in percent
    for d in dates[1:]:
        expected = (d.eps_actual - d.eps_estimate) / abs(d.eps_estimate) * 100
        assert d.surprise_pct == pytest.approx(expected, abs=0.01)
    assert pd.isna(upcoming.eps_actual) and upcoming.to_dict()["eps_actual"] is None
    assert q2.source == "Yahoo Finance via yfinance, fetched 2026-01-05 14:30 UTC"
    assert q2.event_id == "ORCL-2025-12-10-earnings"
    # the shipped events file agrees on the reaction session of the two it has
    shipped = load_events()
    assert shipped.find("ORCL", q2.reaction_date).id == "orcl-fy26q2"  # type: ignore[union-attr]
    assert shipped.find("ORCL", dates[2].reaction_date).id == "orcl-fy26q1"  # type: ignore[union-attr]


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
    ("local_date", "timing", "reaction"),
    [
        ("2025-11-26", "after_close", "2025-11-28"),  # Wed before Thanksgiving → Fri
        ("2025-10-21", "before_open", "2025-10-21"),  # 6 AM → the same session
        ("2025-08-01", "after_close", "2025-08-04"),  # Friday after the close → Monday
        ("2025-05-06", "during_session", "2025-05-06"),  # noon
        ("2025-03-01", "non_trading_day", "2025-03-03"),  # Saturday → Monday
        ("2025-01-20", "non_trading_day", "2025-01-21"),  # MLK day, 8 AM → Tuesday
    ],
)
def test_timing_and_reaction_session(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    local_date: str,
    timing: str,
    reaction: str,
) -> None:
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    dates = {d.announced_local.date().isoformat(): d for d in fetch("EXMPL", fake_time)}
    found = dates[local_date]
    assert (found.timing, found.reaction_date) == (timing, day(reaction))
    # and the events file derives the same session from the entry's timing
    event = found.to_event()
    assert event.reaction_date == day(reaction)
    assert event.announced_at == found.announced_at


def test_midnight_stamp_has_no_timing(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
) -> None:
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    last = fetch("EXMPL", fake_time)[-1]
    assert last.announced_local == pd.Timestamp("2025-01-02 00:00", tz="America/New_York")
    assert (last.timing, last.reaction_date) == (None, None)
    with pytest.raises(DataError, match="no time of day"):
        last.event_entry()


def test_reaction_rule_at_the_session_bounds() -> None:
    ny = "America/New_York"
    assert reaction_session(pd.Timestamp("2025-12-10 09:29", tz=ny))[0] == "before_open"
    assert reaction_session(pd.Timestamp("2025-12-10 09:30", tz=ny))[0] == "during_session"
    assert reaction_session(pd.Timestamp("2025-12-10 15:59", tz=ny))[0] == "during_session"
    assert reaction_session(pd.Timestamp("2025-12-10 16:00", tz=ny)) == (
        "after_close",
        day("2025-12-11"),
    )
    # Thursday 2025-07-03 (early close) after 16:00, Friday the 4th a holiday → Monday
    assert reaction_session(pd.Timestamp("2025-07-03 16:00", tz=ny))[1] == day("2025-07-07")
    # a UTC stamp is read in New York: 01:00 UTC on the 11th is 20:00 ET on the 10th
    assert reaction_session(pd.Timestamp("2025-12-11 01:00", tz="UTC")) == (
        "after_close",
        day("2025-12-11"),
    )


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
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    earnings_replay.add(
        responses.GET, page_url("ORCL"), body=requests.ConnectionError("Name or service unknown")
    )
    with pytest.raises(HttpStatusError) as caught:
        fetch("ORCL", fake_time)
    assert caught.value.status is None
    message = str(caught.value)
    assert "ConnectionError" in message and "by hand" in message
    assert str(tmp_path / "events.yaml") in message and "\n" not in message


# ------------------------------------------------------------------ the user file
def orcl_dates(earnings_replay: responses.RequestsMock, fake_time: FakeTime) -> list[EarningsDate]:
    add_page(earnings_replay, "ORCL", "earnings_calendar_ORCL.html")
    return fetch("ORCL", fake_time)


def test_merge_adds_only_new_reported_events_and_is_idempotent(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    shipped_text = (Path(load_events().path)).read_text(encoding="utf-8")
    dates = orcl_dates(earnings_replay, fake_time)
    first = add_to_user_events(dates)
    assert first.written and first.path == tmp_path / "events.yaml"
    assert [e.id for e in first.added] == [
        "ORCL-2025-06-11-earnings",
        "ORCL-2025-03-10-earnings",
        "ORCL-2024-12-09-earnings",
    ]
    assert dict(first.skipped) == {
        "ORCL-2026-03-09-earnings": "upcoming: Yahoo's date is an estimate",
        "ORCL-2025-12-10-earnings": "already in the events files as orcl-fy26q2",
        "ORCL-2025-09-09-earnings": "already in the events files as orcl-fy26q1",
    }
    catalog = load_events()  # shipped + user file
    event = catalog.find("ORCL", "2025-06-12")
    assert event is not None and event.id == "ORCL-2025-06-11-earnings"
    assert (event.kind, event.timing, event.announced_date) == (
        "earnings",
        "after_close",
        day("2025-06-11"),
    )
    assert event.announced_at == pd.Timestamp("2025-06-11 20:00", tz="UTC")
    assert event.source == "Yahoo Finance via yfinance, fetched 2026-01-05 14:30 UTC"
    assert "reported 1.70" in event.notes
    text = first.path.read_text(encoding="utf-8")
    second = add_to_user_events(dates)
    assert second.added == () and not second.written
    assert first.path.read_text(encoding="utf-8") == text
    assert len(load_events()) == len(load_events(load_events().path.split(" + ")[0])) + 3
    # the shipped file is untouched
    assert Path(load_events().path.split(" + ")[0]).read_text(encoding="utf-8") == shipped_text


def test_merge_appends_and_keeps_hand_edits(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    tmp_path: Path,
) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "# my events\nversion: 1\nevents:\n"
        "- id: orcl-fy25q4-by-hand  # typed in\n"
        "  name: Oracle FY25 Q4\n  symbol: ORCL\n  kind: earnings\n"
        "  announced_date: 2025-06-11\n  timing: after_close\n  source: press release\n",
        encoding="utf-8",
    )
    update = add_to_user_events(orcl_dates(earnings_replay, fake_time), user)
    assert [e.id for e in update.added] == [
        "ORCL-2025-03-10-earnings",
        "ORCL-2024-12-09-earnings",
    ]
    assert ("ORCL-2025-06-11-earnings", "already in the events files as orcl-fy25q4-by-hand") in (
        update.skipped
    )
    text = user.read_text(encoding="utf-8")
    assert text.startswith("# my events\n") and "# typed in" in text
    ids = [e["id"] for e in yaml.safe_load(text)["events"]]
    assert ids == ["orcl-fy25q4-by-hand", "ORCL-2025-03-10-earnings", "ORCL-2024-12-09-earnings"]


def test_written_file_loads_back_to_the_same_events(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    tmp_path: Path,
) -> None:
    add_page(earnings_replay, "EXMPL", "earnings_calendar_EXMPL.html")
    dates = fetch("EXMPL", fake_time)
    update = add_to_user_events(dates, tmp_path / "e.yaml")
    # all but the upcoming one and the one without a time of day
    assert len(update.added) == len(dates) - 2
    loaded = {e.id: e for e in load_events(tmp_path / "e.yaml")}
    for d in dates[1:-1]:
        assert loaded[d.event_id] == d.to_event()
        assert loaded[d.event_id].announced_at == d.announced_at
        assert loaded[d.event_id].reaction_date == d.reaction_date


def test_dry_run_writes_nothing(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    tmp_path: Path,
) -> None:
    update = add_to_user_events(
        orcl_dates(earnings_replay, fake_time), tmp_path / "e.yaml", dry_run=True
    )
    assert len(update.added) == 3 and not update.written
    assert not (tmp_path / "e.yaml").exists()


def test_user_file_that_cannot_be_appended_is_refused(
    earnings_replay: responses.RequestsMock,
    fake_time: FakeTime,
    tmp_path: Path,
) -> None:
    user = tmp_path / "e.yaml"
    original = (
        "events:\n  - id: x\n    name: X\n    symbol: FED\n    kind: macro\n"
        "    announced_date: 2025-09-17\n    timing: during_session\n    source: Fed\n"
        "version: 1\n"
    )
    user.write_text(original, encoding="utf-8")
    with pytest.raises(ConfigError, match="must be the last block"):
        add_to_user_events(orcl_dates(earnings_replay, fake_time), user)
    assert user.read_text(encoding="utf-8") == original


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
