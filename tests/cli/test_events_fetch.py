"""What ``bubblelink events fetch`` does with fetched earnings dates.

* the one reaction-date rule, :func:`bubblelink.analytics.events.reaction_session`;
* :func:`bubblelink.service.events.events_fetch` with a fake fetch returning
  :class:`~bubblelink.providers.earnings.EarningsDate` objects (the provider itself is
  replayed in ``tests/providers/test_earnings.py``): the rule applied, the user events
  file appended once, dry runs, skipped rows, hand edits kept, invalid files refused.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from bubblelink.analytics.events import reaction_session
from bubblelink.errors import ConfigError, ProviderError
from bubblelink.providers.earnings import EarningsDate
from bubblelink.providers.http import HttpStatusError
from bubblelink.service._envelope import ENVELOPE_KEYS
from bubblelink.service.catalogs import default_events_path, load_events
from bubblelink.service.events import events_fetch

NY = "America/New_York"
NOW = pd.Timestamp("2026-01-05 14:30", tz="UTC")
SOURCE = "Yahoo Finance via yfinance, fetched 2026-01-05 14:30 UTC"
NAN = math.nan

#: Oracle's rows as Yahoo lists them (New York time, EPS estimate, reported, surprise %).
ORCL_ROWS = (
    ("2026-03-09 16:00", 1.70, NAN, NAN),  # upcoming
    ("2025-12-10 16:00", 1.64, 2.26, 37.80),  # shipped as orcl-fy26q2
    ("2025-09-09 16:00", 1.48, 1.47, -0.68),  # shipped as orcl-fy26q1
    ("2025-06-11 16:00", 1.64, 1.70, 3.66),
    ("2025-03-10 16:00", 1.49, 1.47, -1.34),
    ("2024-12-09 16:00", 1.48, 1.47, -0.68),
)
#: Rows of every timing case; the first is upcoming, the last has no time of day.
EXMPL_ROWS = (
    ("2026-03-12 16:00", 0.95, NAN, NAN),
    ("2025-11-26 16:00", 0.90, 0.97, 7.78),
    ("2025-10-21 06:00", 0.85, 0.80, -5.88),
    ("2025-08-01 16:00", 0.80, 0.84, 5.00),
    ("2025-05-06 12:00", 0.75, NAN, NAN),
    ("2025-03-01 10:00", NAN, 0.70, NAN),
    ("2025-01-20 08:00", 0.65, 0.66, 1.54),
    ("2025-01-02 00:00", NAN, NAN, NAN),
)


def day(value: str) -> pd.Timestamp:
    return pd.Timestamp(value, tz="UTC")


def earnings(symbol: str, rows: tuple[tuple[str, float, float, float], ...]) -> list[EarningsDate]:
    """What the provider returns for ``rows`` (newest first)."""
    return [
        EarningsDate(
            symbol=symbol,
            announced_at=pd.Timestamp(local, tz=NY).tz_convert("UTC"),
            eps_estimate=est,
            eps_actual=act,
            surprise_pct=surprise,
            fetched_at=NOW,
            source=SOURCE,
        )
        for local, est, act, surprise in rows
    ]


class FakeFetch:
    """A fetch function: dates (or an error) per symbol; records its calls."""

    def __init__(self, answers: dict[str, list[EarningsDate] | Exception]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, int]] = []

    def __call__(self, symbol: str, limit: int = 12) -> list[EarningsDate]:
        self.calls.append((symbol, limit))
        answer = self.answers[symbol]
        if isinstance(answer, Exception):
            raise answer
        return answer[:limit]


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private BUBBLELINK_HOME, online (the suite sets BUBBLELINK_OFFLINE)."""
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    monkeypatch.delenv("BUBBLELINK_OFFLINE", raising=False)
    return tmp_path


@pytest.fixture()
def orcl() -> FakeFetch:
    return FakeFetch({"ORCL": earnings("ORCL", ORCL_ROWS)})


# ------------------------------------------------------------------ the reaction rule
@pytest.mark.parametrize(
    ("local", "timing", "reaction"),
    [
        ("2025-11-26 16:00", "after_close", "2025-11-28"),  # Wed before Thanksgiving → Fri
        ("2025-10-21 06:00", "before_open", "2025-10-21"),  # 6 AM → the same session
        ("2025-08-01 16:00", "after_close", "2025-08-04"),  # Friday after the close → Monday
        ("2025-05-06 12:00", "during_session", "2025-05-06"),  # noon
        ("2025-03-01 10:00", "non_trading_day", "2025-03-03"),  # Saturday → Monday
        ("2025-01-20 08:00", "non_trading_day", "2025-01-21"),  # MLK day, 8 AM → Tuesday
    ],
)
def test_reaction_session(local: str, timing: str, reaction: str) -> None:
    assert reaction_session(pd.Timestamp(local, tz=NY)) == (timing, day(reaction))


def test_reaction_rule_at_the_session_bounds() -> None:
    assert reaction_session(pd.Timestamp("2025-12-10 09:29", tz=NY))[0] == "before_open"
    assert reaction_session(pd.Timestamp("2025-12-10 09:30", tz=NY))[0] == "during_session"
    assert reaction_session(pd.Timestamp("2025-12-10 15:59", tz=NY))[0] == "during_session"
    assert reaction_session(pd.Timestamp("2025-12-10 16:00", tz=NY)) == (
        "after_close",
        day("2025-12-11"),
    )
    # Thursday 2025-07-03 (early close) after 16:00, Friday the 4th a holiday → Monday
    assert reaction_session(pd.Timestamp("2025-07-03 16:00", tz=NY))[1] == day("2025-07-07")
    # a UTC stamp is read in New York: 01:00 UTC on the 11th is 20:00 ET on the 10th
    assert reaction_session(pd.Timestamp("2025-12-11 01:00", tz="UTC")) == (
        "after_close",
        day("2025-12-11"),
    )


def test_midnight_stamp_has_no_timing() -> None:
    assert reaction_session(pd.Timestamp("2025-01-02 00:00", tz=NY)) == (None, None)
    # 05:00 UTC in winter is 00:00 in New York
    assert reaction_session(pd.Timestamp("2025-01-02 05:00", tz="UTC")) == (None, None)


def test_reaction_session_beyond_the_calendar_is_none() -> None:
    # the docstring: "the session is None when it lies beyond the calendar's range"
    assert reaction_session(pd.Timestamp("2045-06-06 16:00", tz=NY)) == ("after_close", None)


# ------------------------------------------------------------------ events_fetch
def test_fetch_adds_new_reported_events_and_is_idempotent(home: Path, orcl: FakeFetch) -> None:
    shipped_text = default_events_path().read_text(encoding="utf-8")
    shipped_count = len(load_events())
    first = events_fetch(["ORCL"], fetch=orcl)
    assert orcl.calls == [("ORCL", 12)]
    update = first.result.update
    assert update.written and update.path == home / "events.yaml"
    assert [e.id for e in update.added] == [
        "ORCL-2025-06-11-earnings",
        "ORCL-2025-03-10-earnings",
        "ORCL-2024-12-09-earnings",
    ]
    assert dict(update.skipped) == {
        "ORCL-2026-03-09-earnings": "upcoming: Yahoo's date is an estimate",
        "ORCL-2025-12-10-earnings": "already in the events files as orcl-fy26q2",
        "ORCL-2025-09-09-earnings": "already in the events files as orcl-fy26q1",
    }
    assert "ORCL: 6 dates, 3 added, 2 already known, 1 upcoming" in first.notes
    assert f"wrote 3 new events to {home / 'events.yaml'}" in first.notes
    catalog = load_events()  # shipped + user file
    event = catalog.find("ORCL", "2025-06-12")
    assert event is not None and event.id == "ORCL-2025-06-11-earnings"
    assert (event.kind, event.timing, event.announced_date) == (
        "earnings",
        "after_close",
        day("2025-06-11"),
    )
    assert event.announced_at == pd.Timestamp("2025-06-11 20:00", tz="UTC")
    assert event.source == SOURCE
    assert "reported 1.70" in event.notes
    text = update.path.read_text(encoding="utf-8")
    second = events_fetch(["ORCL"], fetch=orcl)
    assert second.result.update.added == () and not second.result.update.written
    assert "ORCL: 6 dates, 0 added, 5 already known, 1 upcoming" in second.notes
    assert f"nothing new: {home / 'events.yaml'} unchanged" in second.notes
    assert update.path.read_text(encoding="utf-8") == text
    assert len(load_events()) == shipped_count + 3
    # the shipped file is untouched
    assert default_events_path().read_text(encoding="utf-8") == shipped_text


def test_dry_run_writes_nothing(home: Path, orcl: FakeFetch) -> None:
    out = events_fetch(["ORCL"], limit=4, dry_run=True, fetch=orcl)
    assert orcl.calls == [("ORCL", 4)]
    assert len(out.result.update.added) == 1 and not out.result.update.written
    assert [f.status for f in out.result.dates] == [
        "upcoming: Yahoo's date is an estimate",
        "already in the events files as orcl-fy26q2",
        "already in the events files as orcl-fy26q1",
        "would add",
    ]
    assert "ORCL: 4 dates, 1 would add, 2 already known, 1 upcoming" in out.notes
    assert any(n.startswith("dry run: 1 new events would be added") for n in out.notes)
    assert not (home / "events.yaml").exists()


def test_upcoming_and_timeless_rows_are_skipped_and_the_rest_loads_back(home: Path) -> None:
    dates = earnings("EXMPL", EXMPL_ROWS)
    out = events_fetch(["EXMPL"], fetch=FakeFetch({"EXMPL": dates}))
    status = {f.date.event_id: f.status for f in out.result.dates}
    assert status["EXMPL-2026-03-12-earnings"] == "upcoming: Yahoo's date is an estimate"
    assert status["EXMPL-2025-01-02-earnings"] == "no time of day from Yahoo: add it by hand"
    assert any("1 without a time of day (add by hand)" in n for n in out.notes)
    # all but the upcoming one and the one without a time of day
    assert len(out.result.update.added) == len(dates) - 2
    loaded = {e.id: e for e in load_events(home / "events.yaml")}
    for d in dates[1:-1]:
        timing, session = reaction_session(d.announced_at)
        event = loaded[d.event_id]
        assert (event.timing, event.reaction_date) == (timing, session)
        assert event.announced_at == d.announced_at
    # what the result reports is the same rule
    for fetched in out.result.dates:
        assert (fetched.timing, fetched.reaction_date) == reaction_session(
            fetched.date.announced_at
        )


def test_json_is_the_envelope_then_dates(home: Path, orcl: FakeFetch) -> None:
    payload = events_fetch(["ORCL"], fetch=orcl).to_dict()
    assert list(payload)[: len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)
    assert {"dates", "file", "written", "failures"} <= set(payload)
    assert payload["file"] == str(home / "events.yaml") and payload["written"] is True
    row = next(d for d in payload["dates"] if d["id"] == "ORCL-2025-06-11-earnings")
    assert (row["timing"], row["reaction_date"], row["status"]) == (
        "after_close",
        "2025-06-12",
        "added",
    )
    upcoming = payload["dates"][0]
    assert upcoming["upcoming"] is True and upcoming["eps_actual"] is None


def test_appending_keeps_comments_and_hand_edits(home: Path, orcl: FakeFetch) -> None:
    user = home / "events.yaml"
    user.write_text(
        "# my events\nversion: 1\nevents:\n"
        "- id: orcl-fy25q4-by-hand  # typed in\n"
        "  name: Oracle FY25 Q4\n  symbol: ORCL\n  kind: earnings\n"
        "  announced_date: 2025-06-11\n  timing: after_close\n  source: press release\n",
        encoding="utf-8",
    )
    update = events_fetch(["ORCL"], fetch=orcl).result.update
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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (  # the events list is not the last block: nothing can be appended to it
            "events:\n  - id: x\n    name: X\n    symbol: FED\n    kind: macro\n"
            "    announced_date: 2025-09-17\n    timing: during_session\n    source: Fed\n"
            "version: 1\n",
            "must be the last block",
        ),
        (  # an entry breaking the schema
            "version: 1\nevents:\n  - id: x\n    name: X\n    symbol: FED\n    kind: macro\n"
            "    announced_date: 2025-09-17\n    timing: at_lunch\n    source: Fed\n",
            r"events.yaml:8:5: events\[0\].timing \(id 'x'\): must be one of",
        ),
        ("version: 1\nevents: [\n", "events.yaml:3:1: invalid YAML"),  # not YAML
    ],
)
def test_invalid_user_file_is_refused_and_left_alone(
    home: Path, orcl: FakeFetch, content: str, message: str
) -> None:
    user = home / "events.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        events_fetch(["ORCL"], fetch=orcl)
    assert len(str(info.value).strip().splitlines()) == 1
    assert user.read_text(encoding="utf-8") == content


def test_a_failed_symbol_is_reported_and_the_others_added(home: Path) -> None:
    failure = ProviderError("no earnings dates for ZZZZ from Yahoo: check the symbol")
    fetch = FakeFetch({"ZZZZ": failure, "ORCL": earnings("ORCL", ORCL_ROWS)})
    out = events_fetch(["zzzz", "ORCL", "ORCL"], fetch=fetch)
    assert fetch.calls == [("ZZZZ", 12), ("ORCL", 12)]  # upper-cased, each once
    assert not out.result.ok
    assert out.result.failures == {"ZZZZ": str(failure)}
    assert f"ZZZZ: {failure}" in out.notes
    assert len(out.result.update.added) == 3 and (home / "events.yaml").exists()


def test_no_network_names_the_user_file_and_stops(home: Path) -> None:
    offline = HttpStatusError("yahoo", "https://finance.yahoo.com/calendar/earnings", None, 1,
                              detail="ConnectionError: no route to host")  # fmt: skip
    fetch = FakeFetch({"ORCL": offline, "NVDA": []})
    with pytest.raises(ProviderError) as info:
        events_fetch(["ORCL", "NVDA"], fetch=fetch)
    message = str(info.value)
    assert message.startswith("cannot reach Yahoo Finance (ORCL): add the events to")
    assert f"{home / 'events.yaml'} by hand" in message and "\n" not in message
    assert fetch.calls == [("ORCL", 12)]  # NVDA is not tried once the network is known absent
    assert not (home / "events.yaml").exists()


def test_offline_is_refused_before_any_fetch(
    home: Path, orcl: FakeFetch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_OFFLINE", "1")
    with pytest.raises(ProviderError, match="BUBBLELINK_OFFLINE is set") as info:
        events_fetch(["ORCL"], fetch=orcl)
    assert f"{home / 'events.yaml'} by hand" in str(info.value)
    assert orcl.calls == []
