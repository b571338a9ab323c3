"""The events file: named market events (earnings, FOMC decisions) with their reaction dates.

The shipped file is ``bubblelink/data/events.yaml`` (read-only). Users extend it with a
file of the same schema: ``$BUBBLELINK_HOME/events.yaml`` (:func:`user_events_path`; what
``bubblelink events fetch`` writes) is read after the shipped file when it exists, and any
other file can be passed explicitly. Loading is the only I/O in this package; the parsing
and the validation (:func:`parse_events`) are pure.

Schema (version 1), one mapping per entry under ``events``:

==================  =========  ===========================================================
field               required   meaning
==================  =========  ===========================================================
``id``              yes        unique key, e.g. ``orcl-fy26q2``
``name``            yes        human-readable name
``symbol``          yes        the asset the event belongs to (``ORCL``; ``FED`` for FOMC)
``kind``            yes        ``earnings`` | ``macro`` | ``other``
``announced_date``  yes        date of the announcement in New York (``YYYY-MM-DD``)
``timing``          yes        ``before_open`` | ``during_session`` | ``after_close`` |
                               ``non_trading_day``
``announced_time``  no         ``HH:MM`` America/New_York (e.g. FOMC ``14:00``)
``reaction_date``   no         first NYSE session that can react; derived when left out
``source``          yes        where the date comes from
``notes``           no         free text
==================  =========  ===========================================================

Reaction-date rule (checked against the NYSE calendar, ``exchange_calendars`` XNYS):
``before_open`` and ``during_session`` react on the announcement date itself (it must be a
session); ``after_close`` and ``non_trading_day`` react on the first session *after* the
announcement date. A given ``reaction_date`` that disagrees raises :class:`ConfigError`.

The announcement instant (:attr:`Event.announced_at`, tz-aware UTC) is ``announced_time`` in
New York when given; otherwise 09:30 ET for ``before_open`` (an upper bound: the release
came before the open), 16:00 ET for ``after_close`` (a lower bound) and ``None`` for the
rest. It decides day 0 on 24/7 calendars (see :mod:`bubblelink.analytics.events._session`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from bubblelink.config import home_dir
from bubblelink.errors import ConfigError, DataError

Timing = Literal["before_open", "during_session", "after_close", "non_trading_day"]
Kind = Literal["earnings", "macro", "other"]

TIMINGS: tuple[str, ...] = ("before_open", "during_session", "after_close", "non_trading_day")
KINDS: tuple[str, ...] = ("earnings", "macro", "other")
NEW_YORK = "America/New_York"
_REQUIRED = ("id", "name", "symbol", "kind", "announced_date", "timing", "source")
_OPTIONAL = ("announced_time", "reaction_date", "notes")


@dataclasses.dataclass(frozen=True)
class Event:
    """One market event.

    Attributes
    ----------
    id, name, symbol, kind, timing, source, notes
        As in the events file.
    announced_date
        Announcement date in New York, as a tz-aware UTC midnight timestamp.
    reaction_date
        First NYSE session that can react (tz-aware UTC midnight, the session's date).
    announced_at
        Announcement instant (tz-aware UTC), or ``None`` when the file gives no time and
        the timing does not bound it.
    """

    id: str
    name: str
    symbol: str
    kind: str
    announced_date: pd.Timestamp
    timing: str
    reaction_date: pd.Timestamp
    source: str
    announced_at: pd.Timestamp | None = None
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able view."""
        return {
            "id": self.id,
            "name": self.name,
            "symbol": self.symbol,
            "kind": self.kind,
            "announced_date": self.announced_date.date().isoformat(),
            "announced_at": None if self.announced_at is None else self.announced_at.isoformat(),
            "timing": self.timing,
            "reaction_date": self.reaction_date.date().isoformat(),
            "source": self.source,
            "notes": self.notes,
        }

    @classmethod
    def ad_hoc(cls, symbol: str, reaction_date: str | dt.date | pd.Timestamp) -> Event:
        """An event known only by its reaction session (no announcement time).

        Used when a date is given directly (``bubblelink event ORCL --date 2025-12-11``) and
        the events file has no matching entry: day 0 is that date on every calendar.
        """
        day = _utc_midnight(reaction_date)
        return cls(
            id=f"{symbol.lower()}-{day.date().isoformat()}",
            name=f"{symbol} event on {day.date().isoformat()}",
            symbol=symbol,
            kind="other",
            announced_date=day,
            timing="during_session",
            reaction_date=day,
            source="given on the command line",
            announced_at=None,
            notes="ad-hoc event: no announcement time, day 0 = the given date on every calendar",
        )


@dataclasses.dataclass(frozen=True)
class EventCatalog:
    """The events of one file, in file order."""

    events: tuple[Event, ...]
    path: str = ""

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def get(self, event_id: str) -> Event:
        """The event with this id (DataError when absent)."""
        for event in self.events:
            if event.id == event_id:
                return event
        known = ", ".join(e.id for e in self.events)
        raise DataError(
            f"no event with id {event_id!r} in {self.path or 'the events file'}; known ids: {known}"
        )

    def find(self, symbol: str, date: str | dt.date | pd.Timestamp) -> Event | None:
        """The event of ``symbol`` whose reaction date or announcement date is ``date``."""
        day = _utc_midnight(date)
        for event in self.events:
            if event.symbol.upper() == symbol.upper() and day in (
                event.reaction_date,
                event.announced_date,
            ):
                return event
        return None


def default_events_path() -> Path:
    """Path of the shipped ``events.yaml``."""
    return Path(str(resources.files("bubblelink") / "data" / "events.yaml"))


def user_events_path() -> Path:
    """Path of the user's events file, ``$BUBBLELINK_HOME/events.yaml`` (may not exist)."""
    return home_dir() / "events.yaml"


def load_events(path: str | Path | None = None) -> EventCatalog:
    """Load and validate an events file.

    With ``path`` None this is the shipped file followed by the user's file
    (:func:`user_events_path`) when that exists; an id present in both is an error.
    With a ``path``, only that file is read.

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or an entry breaks the schema; the message
        names the entry (its id or position) and the field.
    """
    if path is not None:
        return _load_file(Path(path))
    shipped = _load_file(default_events_path())
    user_file = user_events_path()
    if not user_file.is_file():
        return shipped
    user = _load_file(user_file)
    clash = sorted({e.id for e in shipped} & {e.id for e in user})
    if clash:
        raise ConfigError(
            f"{user_file}: id {clash[0]!r} is already used by the shipped events file: "
            "rename it in the user file"
        )
    return EventCatalog(events=shipped.events + user.events, path=f"{shipped.path} + {user.path}")


def _load_file(file: Path) -> EventCatalog:
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read events file {file}: {exc.strerror}") from exc
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"events file {file} is not valid YAML: {exc}".splitlines()[0]) from exc
    return parse_events(document, origin=str(file))


def parse_events(document: Any, origin: str = "events file") -> EventCatalog:
    """Validate a parsed events document (see the module docstring for the schema)."""
    if not isinstance(document, Mapping) or "events" not in document:
        raise ConfigError(f"{origin}: top level must be a mapping with an 'events' list")
    version = document.get("version", 1)
    if version != 1:
        raise ConfigError(f"{origin}: unsupported version {version!r}; this bubblelink reads 1")
    entries = document["events"]
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{origin}: 'events' must be a non-empty list")
    events: list[Event] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        event = _parse_entry(entry, position, origin)
        if event.id in seen:
            raise ConfigError(f"{origin}: entry {position} ({event.id}): duplicate id")
        seen.add(event.id)
        events.append(event)
    return EventCatalog(events=tuple(events), path=origin)


def _parse_entry(entry: Any, position: int, origin: str) -> Event:
    label = f"{origin}: entry {position}"
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{label}: must be a mapping of fields, got {type(entry).__name__}")
    if isinstance(entry.get("id"), str) and entry["id"].strip():
        label = f"{origin}: entry {position} ({entry['id']})"
    for field in _REQUIRED:
        value = entry.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ConfigError(f"{label}: field '{field}' is required")
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ConfigError(
            f"{label}: unknown field '{unknown[0]}' (allowed: {', '.join(_REQUIRED + _OPTIONAL)})"
        )
    for field in ("id", "name", "symbol", "source"):
        if not isinstance(entry[field], str):
            raise ConfigError(f"{label}: field '{field}' must be text")
    kind = entry["kind"]
    if kind not in KINDS:
        raise ConfigError(f"{label}: field 'kind' is {kind!r}; use one of {', '.join(KINDS)}")
    timing = entry["timing"]
    if timing not in TIMINGS:
        raise ConfigError(f"{label}: field 'timing' is {timing!r}; use one of {', '.join(TIMINGS)}")
    announced = _parse_date(entry["announced_date"], label, "announced_date")
    announced_at = _announcement_instant(entry.get("announced_time"), announced, timing, label)
    expected = _expected_reaction(announced, timing, label)
    if entry.get("reaction_date") is not None:
        reaction = _parse_date(entry["reaction_date"], label, "reaction_date")
        if reaction != expected:
            raise ConfigError(
                f"{label}: field 'reaction_date' is {reaction.date()} but a {timing} "
                f"announcement on {announced.date()} first reacts on the NYSE session "
                f"{expected.date()}: fix the date or the timing"
            )
    else:
        reaction = expected
    notes = entry.get("notes") or ""
    return Event(
        id=entry["id"].strip(),
        name=entry["name"].strip(),
        symbol=entry["symbol"].strip(),
        kind=kind,
        announced_date=announced,
        timing=timing,
        reaction_date=reaction,
        source=" ".join(str(entry["source"]).split()),
        announced_at=announced_at,
        notes=str(notes),
    )


def _parse_date(value: Any, label: str, field: str) -> pd.Timestamp:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ConfigError(f"{label}: field '{field}' must be a date YYYY-MM-DD, got {value!r}")
    try:
        return _utc_midnight(value)
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            f"{label}: field '{field}' must be a date YYYY-MM-DD, got {value!r}"
        ) from exc


def _utc_midnight(value: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if stamp is pd.NaT:
        raise ValueError("not a date")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return pd.Timestamp(stamp.date()).tz_localize("UTC")


def _announcement_instant(
    value: Any, announced: pd.Timestamp, timing: str, label: str
) -> pd.Timestamp | None:
    if value is None:
        default = {"before_open": "09:30", "after_close": "16:00"}.get(timing)
        if default is None:
            return None
        value = default
    if isinstance(value, int):  # YAML 1.1 reads 14:00 unquoted as sexagesimal 840
        value = f"{value // 60:02d}:{value % 60:02d}"
    try:
        clock = dt.time.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(
            f"{label}: field 'announced_time' must be HH:MM (New York time), got {value!r}"
        ) from exc
    local = pd.Timestamp(dt.datetime.combine(announced.date(), clock)).tz_localize(NEW_YORK)
    return local.tz_convert("UTC")


def _expected_reaction(announced: pd.Timestamp, timing: str, label: str) -> pd.Timestamp:
    calendar = _nyse()
    day = pd.Timestamp(announced.date())
    if day < calendar.first_session or day >= calendar.last_session:
        raise ConfigError(
            f"{label}: field 'announced_date' {day.date()} is outside the NYSE calendar "
            f"({calendar.first_session.date()}..{calendar.last_session.date()})"
        )
    if timing in ("before_open", "during_session"):
        if not calendar.is_session(day):
            raise ConfigError(
                f"{label}: field 'timing' is {timing} but {day.date()} is not an NYSE "
                "session: use non_trading_day"
            )
        session = day
    else:
        session = calendar.date_to_session(day, direction="next")
        if session == day:
            session = calendar.next_session(day)
    return pd.Timestamp(session.date()).tz_localize("UTC")


@functools.lru_cache(maxsize=1)
def _nyse() -> Any:
    import exchange_calendars as xcals

    return xcals.get_calendar("XNYS", start="1990-01-02")
