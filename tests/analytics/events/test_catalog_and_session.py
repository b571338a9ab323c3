"""Events file schema and the day-0 rules across calendars."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from bubblelink.analytics.events import (
    Event,
    day_zero_position,
    load_events,
    parse_events,
    parse_window,
)
from bubblelink.errors import ConfigError, DataError


def _entry(**overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "x-1", "name": "X results", "symbol": "X", "kind": "earnings",
        "announced_date": "2025-12-10", "timing": "after_close", "reaction_date": "2025-12-11",
        "source": "press release",
    }  # fmt: skip
    entry.update(overrides)
    return entry


def test_shipped_file_holds_the_key_events() -> None:
    catalog = load_events()
    orcl = catalog.get("orcl-fy26q2")
    assert orcl.symbol == "ORCL"
    assert str(orcl.reaction_date.date()) == "2025-12-11"
    assert orcl.announced_at == pd.Timestamp("2025-12-10 21:00", tz="UTC")
    nvda = catalog.find("NVDA", "2025-11-20")
    assert nvda is not None and nvda.id == "nvda-fy26q3"
    fomc = catalog.get("fomc-2025-09")
    assert fomc.announced_at == pd.Timestamp("2025-09-17 18:00", tz="UTC")  # 14:00 EDT
    assert fomc.reaction_date == pd.Timestamp("2025-09-17", tz="UTC")
    assert catalog.get("orcl-fy26q1").reaction_date == pd.Timestamp("2025-09-10", tz="UTC")
    assert all(e.source for e in catalog)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"timing": "after_hours"}, r"entry 1 \(x-1\): field 'timing'"),
        ({"source": None}, r"entry 1 \(x-1\): field 'source' is required"),
        ({"reaction_date": "2025-12-12"}, r"field 'reaction_date' is 2025-12-12 .* 2025-12-11"),
        ({"announced_date": "2025-13-01"}, r"field 'announced_date' must be a date"),
        ({"kind": "rumour"}, r"field 'kind'"),
        ({"colour": "red"}, r"unknown field 'colour'"),
        ({"announced_time": "25:00"}, r"field 'announced_time' must be HH:MM"),
        (
            {"timing": "during_session", "announced_date": "2025-12-13", "reaction_date": None},
            r"not an NYSE session",
        ),
    ],
)
def test_bad_entries_name_the_entry_and_field(overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_events({"version": 1, "events": [_entry(**overrides)]})


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text("events: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_events(bad)
    with pytest.raises(ConfigError, match="cannot read events file"):
        load_events(tmp_path / "missing.yaml")
    two = {"events": [_entry(), _entry()]}
    bad.write_text(yaml.safe_dump(two), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"entry 2 \(x-1\): duplicate id"):
        load_events(bad)


def test_reaction_date_is_derived_when_missing() -> None:
    catalog = parse_events({"events": [_entry(reaction_date=None, announced_date="2025-12-24")]})
    # after the close on Wed 24 Dec 2025 -> Christmas closed -> Fri 26 Dec
    assert catalog.events[0].reaction_date == pd.Timestamp("2025-12-26", tz="UTC")
    weekend = parse_events(
        {
            "events": [
                _entry(reaction_date=None, timing="non_trading_day", announced_date="2025-12-13")
            ]
        }
    )
    assert weekend.events[0].reaction_date == pd.Timestamp("2025-12-15", tz="UTC")


def test_day_zero_rules_by_calendar() -> None:
    event = load_events().get("orcl-fy26q2")  # after the close on Wed 2025-12-10
    sessions = pd.bdate_range("2025-12-01", "2025-12-31", tz="UTC")
    daily = pd.date_range("2025-12-01", "2025-12-31", tz="UTC")
    assert (
        sessions[day_zero_position(sessions, event, "session")].date().isoformat() == "2025-12-11"
    )
    # BTC's 2025-12-10 UTC candle closes 00:00 UTC 2025-12-11, after the 21:00 UTC release
    assert daily[day_zero_position(daily, event, "utc_day")].date().isoformat() == "2025-12-10"
    saturday = parse_events(
        {
            "events": [
                _entry(
                    timing="non_trading_day",
                    announced_date="2025-12-13",
                    reaction_date="2025-12-15",
                    announced_time="10:00",
                )
            ]
        }
    ).events[0]
    assert daily[day_zero_position(daily, saturday, "utc_day")].date().isoformat() == "2025-12-13"
    assert (
        sessions[day_zero_position(sessions, saturday, "session")].date().isoformat()
        == "2025-12-15"
    )
    ad_hoc = Event.ad_hoc("ORCL", "2025-12-11")
    assert daily[day_zero_position(daily, ad_hoc, "utc_day")].date().isoformat() == "2025-12-11"
    with pytest.raises(DataError, match="outside the BTC-USD data"):
        day_zero_position(daily, Event.ad_hoc("X", "2026-02-01"), "utc_day", "BTC-USD")


def test_parse_window() -> None:
    assert parse_window("-1:1") == (-1, 1)
    assert parse_window("0:5") == (0, 5)
    with pytest.raises(DataError, match="starts after it ends"):
        parse_window("2:1")
    with pytest.raises(DataError, match="START:END"):
        parse_window("a:b")
    assert np.isfinite(parse_window((-2, 3))[0])
