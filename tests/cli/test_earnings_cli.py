"""`bubblelink events list` / `events fetch`, with yfinance replayed on built Yahoo pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
import responses

from tests.clirunner import CliRunner
from tests.providers._replay import replay_yfinance
from tests.providers.test_earnings import NOW, add_page, page_url


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private BUBBLELINK_HOME, online (the suite sets BUBBLELINK_OFFLINE), fixed clock."""
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    monkeypatch.delenv("BUBBLELINK_OFFLINE", raising=False)
    monkeypatch.setattr("bubblelink.providers.earnings._utc_now", lambda: NOW)
    return tmp_path


@pytest.fixture()
def yahoo(monkeypatch: pytest.MonkeyPatch) -> Iterator[responses.RequestsMock]:
    with replay_yfinance(monkeypatch) as mock:
        yield mock


def test_fetch_adds_new_events_once(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock
) -> None:
    add_page(yahoo, "ORCL", "earnings_calendar_ORCL.html")
    user_file = home / "events.yaml"
    first = cli("events", "fetch", "ORCL")
    assert first.code == 0, first.err
    assert "ORCL: 6 dates, 3 added, 2 already known, 1 upcoming" in first.out
    assert f"wrote 3 new events to {user_file}" in first.out
    assert "ORCL-2025-06-11-earnings" in first.out and "already in the events files" in first.out
    text = user_file.read_text(encoding="utf-8")
    second = cli("events", "fetch", "ORCL")
    assert second.code == 0, second.err
    assert "ORCL: 6 dates, 0 added, 5 already known, 1 upcoming" in second.out
    assert f"nothing new: {user_file} unchanged" in second.out
    assert user_file.read_text(encoding="utf-8") == text


def test_dry_run_writes_nothing(cli: CliRunner, home: Path, yahoo: responses.RequestsMock) -> None:
    add_page(yahoo, "ORCL", "earnings_calendar_ORCL.html")
    result = cli("events", "fetch", "ORCL", "--dry-run", "--limit", "4")
    assert result.code == 0, result.err
    assert "ORCL: 4 dates, 1 would add, 2 already known, 1 upcoming" in result.out
    assert "dry run: 1 new events would be added" in result.out
    assert not (home / "events.yaml").exists()


def test_a_failed_symbol_exits_1_and_the_others_are_added(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock
) -> None:
    add_page(yahoo, "ZZZZNOTATICKER", "earnings_calendar_not_found.html")
    add_page(yahoo, "ORCL", "earnings_calendar_ORCL.html")
    result = cli("events", "fetch", "ZZZZNOTATICKER", "ORCL")
    assert result.code == 1
    assert "ORCL: 6 dates, 3 added" in result.out
    assert result.err.strip() == (
        "error: ZZZZNOTATICKER: no earnings dates for ZZZZNOTATICKER from Yahoo: check the "
        "symbol (a listed company's ticker, e.g. ORCL; ETFs, indices and crypto have none)"
    )
    assert (home / "events.yaml").exists()


def test_offline_is_one_line_saying_to_edit_the_yaml(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    yahoo.add(responses.GET, page_url("ORCL"), body=requests.ConnectionError("no route to host"))
    result = cli("events", "fetch", "ORCL", "NVDA")
    assert result.code != 0 and result.out == ""
    (line,) = result.err.strip().splitlines()
    assert line.startswith("error: cannot reach Yahoo Finance (ORCL): add the events to")
    assert f"{home / 'events.yaml'} by hand" in line
    assert len(yahoo.calls) == 1  # NVDA is not tried once the network is known absent
    assert not (home / "events.yaml").exists()
    monkeypatch.setenv("BUBBLELINK_OFFLINE", "1")
    result = cli("events", "fetch", "ORCL")
    assert result.code != 0 and "BUBBLELINK_OFFLINE is set" in result.err
    assert len(result.err.strip().splitlines()) == 1 and len(yahoo.calls) == 1


def test_offline_exits_1_like_a_failed_fetch(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    yahoo.add(responses.GET, page_url("ORCL"), body=requests.ConnectionError("no route to host"))
    assert cli("events", "fetch", "ORCL").code == 1
    monkeypatch.setenv("BUBBLELINK_OFFLINE", "1")
    assert cli("events", "fetch", "ORCL").code == 1


def test_list_shows_shipped_and_user_events(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock
) -> None:
    before = cli("events", "list", "--symbol", "orcl", "--format", "json")
    assert before.code == 0, before.err
    assert [e["id"] for e in json.loads(before.out)["events"]] == ["orcl-fy26q1", "orcl-fy26q2"]
    add_page(yahoo, "ORCL", "earnings_calendar_ORCL.html")
    assert cli("events", "fetch", "ORCL").code == 0
    after = json.loads(cli("events", "list", "--symbol", "ORCL", "--format", "json").out)
    assert after["files"][1] == str(home / "events.yaml")
    fetched = after["events"][2]
    assert fetched["id"] == "ORCL-2025-06-11-earnings"
    assert (fetched["timing"], fetched["reaction_date"]) == ("after_close", "2025-06-12")
    assert fetched["announced_at"] == "2025-06-11T20:00:00+00:00"
    assert fetched["source"] == "Yahoo Finance via yfinance, fetched 2026-01-05 14:30 UTC"
    assert len(after["events"]) == 5
    csv = cli("events", "list", "--format", "csv").out.splitlines()
    assert csv[0] == "id,symbol,kind,announced_date,timing,reaction_date,source"
    table = cli("events", "list").out
    assert "ORCL-2024-12-09-earnings" in table and "fomc-2025-09" in table


def test_event_command_finds_a_fetched_event(
    cli: CliRunner, home: Path, yahoo: responses.RequestsMock, sample_store: Path
) -> None:
    add_page(yahoo, "ORCL", "earnings_calendar_ORCL.html")
    assert cli("events", "fetch", "ORCL").code == 0
    result = cli("event", "ORCL", "--date", "2025-06-12", "--targets", "NVDA", "--store",
                 sample_store, "--format", "json")  # fmt: skip
    assert result.code == 0, result.err
    event = json.loads(result.out)["event"]
    assert event["id"] == "ORCL-2025-06-11-earnings"
    assert event["timing"] == "after_close"
    assert pd.Timestamp(event["announced_at"]) == pd.Timestamp("2025-06-11 20:00", tz="UTC")
