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
    parse_window,
)
from bubblelink.errors import ConfigError, DataError
from bubblelink.service.catalogs import load_events, parse_events


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
        (
            {"timing": "after_hours"},
            r"^events file: events\[0\]\.timing \(id 'x-1'\): must be one of 'before_open'",
        ),
        ({"source": None}, r"events\[0\]\.source \(id 'x-1'\): expected text, got null"),
        (
            {"reaction_date": "2025-12-12"},
            r"reaction_date \(id 'x-1'\): is 2025-12-12 .* session 2025-12-11",
        ),
        (
            {"announced_date": "2025-13-01"},
            r"announced_date \(id 'x-1'\): must be a date YYYY-MM-DD, got '2025-13-01'",
        ),
        (
            {"kind": "rumour"},
            r"kind \(id 'x-1'\): must be one of 'earnings', 'macro', 'other', got 'rumour'",
        ),
        (
            {"colour": "red"},
            r"events\[0\]\.colour \(id 'x-1'\): unknown key 'colour' \(allowed: id, name",
        ),
        (
            {"announced_time": "25:00"},
            r"announced_time \(id 'x-1'\): must be HH:MM \(New York time\), got '25:00'",
        ),
        (
            {"timing": "during_session", "announced_date": "2025-12-13", "reaction_date": None},
            r"timing \(id 'x-1'\): is during_session but 2025-12-13 is not an NYSE session",
        ),
    ],
)
def test_bad_entries_name_the_entry_and_field(overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_events({"version": 1, "events": [_entry(**overrides)]})


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text("events: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"events\.yaml:2:1: invalid YAML"):
        load_events(bad)
    with pytest.raises(ConfigError, match=r"events file .*missing\.yaml does not exist"):
        load_events(tmp_path / "missing.yaml")
    two = {"events": [_entry(), _entry()]}
    bad.write_text(yaml.safe_dump(two), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"events\[1\] has the duplicate id 'x-1'"):
        load_events(bad)


def test_bad_file_names_file_line_column_key_and_id(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(yaml.safe_dump({"events": [_entry(timing="after_hours")]}, sort_keys=False))
    line = bad.read_text().splitlines().index("  timing: after_hours") + 1
    with pytest.raises(ConfigError) as info:
        load_events(bad)
    assert str(info.value) == (
        f"{bad}:{line}:3: events[0].timing (id 'x-1'): must be one of 'before_open', "
        "'during_session', 'after_close', 'non_trading_day', got 'after_hours'"
    )


def test_shipped_events_by_name_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert len(load_events("events")) == len(load_events("events.yaml")) > 0


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
