"""The events file: named market events (earnings, FOMC decisions) with their reaction dates.

This module is pure: the :class:`Event` and :class:`EventCatalog` types, the pydantic
models of the file (:class:`EventEntry`, one entry; :class:`EventsFile`, the file) and
:func:`parse_events`, which validates an already-parsed document. Reading files (the
shipped ``bubblelink/data/events.yaml``, the user's ``$BUBBLELINK_HOME/events.yaml``)
is :mod:`bubblelink.service.catalogs`' job, through the one configuration loader, whose
errors add the line and column.

Schema (version 1), one mapping per entry under ``events`` (unknown keys are errors):

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

Reaction-date rule (:mod:`bubblelink.analytics.events._reaction`, the one definition, also
used for earnings dates fetched from Yahoo): ``before_open`` and ``during_session`` react
on the announcement date itself (it must be a session); ``after_close`` and
``non_trading_day`` react on the first NYSE session *after* the announcement date. A given
``reaction_date`` that disagrees raises :class:`ConfigError`.

The announcement instant (:attr:`Event.announced_at`, tz-aware UTC) is ``announced_time`` in
New York when given; otherwise 09:30 ET for ``before_open`` (an upper bound: the release
came before the open), 16:00 ET for ``after_close`` (a lower bound) and ``None`` for the
rest. It decides day 0 on 24/7 calendars (see :mod:`bubblelink.analytics.events._session`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

import pandas as pd

from bubblelink.errors import DataError

Timing = Literal["before_open", "during_session", "after_close", "non_trading_day"]
Kind = Literal["earnings", "macro", "other"]

KINDS: tuple[str, ...] = ("earnings", "macro", "other")


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
        day = utc_midnight(reaction_date)
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
        day = utc_midnight(date)
        for event in self.events:
            if event.symbol.upper() == symbol.upper() and day in (
                event.reaction_date,
                event.announced_date,
            ):
                return event
        return None


def utc_midnight(value: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if stamp is pd.NaT:
        raise ValueError("not a date")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return pd.Timestamp(stamp.date()).tz_localize("UTC")
