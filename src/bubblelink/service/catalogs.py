"""The catalog files analyses read: the events files and the shares-outstanding table.

Events
------
The shipped file is ``bubblelink/data/events.yaml`` (read-only). Users extend it with a
file of the same schema: ``$BUBBLELINK_HOME/events.yaml`` (:func:`user_events_path`; what
``bubblelink events fetch`` writes) is read after the shipped file when it exists, and any
other file can be passed explicitly. The schema and its checks against the NYSE calendar
are :class:`EventsFile` (below); files are read by the one loader of
:mod:`bubblelink.config.files`, so errors name the file, line, column, key and event id.

Shares outstanding
------------------
CSV with columns ``symbol,date,shares_outstanding`` (one row per symbol and effective date;
other columns are ignored), or YAML ``{shares_outstanding: {SYMBOL: [{date: YYYY-MM-DD,
shares: N, source: ...}, ...]}}``. Errors name the file and line (``FILE:LINE`` for a CSV
row, ``FILE:LINE:COL`` and the key for YAML).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import yaml
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bubblelink.analytics.events import Event, EventCatalog
from bubblelink.analytics.events._catalog import Kind, Timing, utc_midnight
from bubblelink.analytics.events._reaction import NEW_YORK, is_session
from bubblelink.analytics.events._reaction import reaction_date as first_reaction
from bubblelink.config import home_dir
from bubblelink.config.files import (
    ConfigDocument,
    Source,
    load_config,
    resolve_config_path,
    validate_config,
)
from bubblelink.config.models import ConfigModel, Date, Number, Text, VersionedFile
from bubblelink.errors import ConfigError
from bubblelink.sessions import nyse_calendar

__all__ = [
    "UserEventsUpdate",
    "add_to_user_events",
    "default_events_path",
    "load_events",
    "load_shares_outstanding",
    "user_events_path",
]

EVENTS_KIND = "events"
EVENTS_FILE = "events.yaml"
SHARES_KIND = "shares outstanding"
SHARES_COLUMNS = ("symbol", "date", "shares_outstanding")


def default_events_path() -> Path:
    """Path of the shipped ``events.yaml``."""
    return resolve_config_path(None, kind=EVENTS_KIND, default=EVENTS_FILE)


def user_events_path() -> Path:
    """Path of the user's events file, ``$BUBBLELINK_HOME/events.yaml`` (may not exist)."""
    return home_dir() / EVENTS_FILE


def load_events(path: Source = None) -> EventCatalog:
    """Load and validate an events file.

    With ``path`` None this is the shipped file followed by the user's file
    (:func:`user_events_path`) when that exists; an id present in both is an error.
    With a ``path`` (a file, or the shipped name ``events``), only that file is read.

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or an entry breaks the schema; the message
        names the file, line, column, key and the entry's id.
    """
    if path is not None:
        return _load_events_file(resolve_config_path(path, kind=EVENTS_KIND, default=EVENTS_FILE))
    shipped = _load_events_file(default_events_path())
    user_file = user_events_path()
    if not user_file.is_file():
        return shipped
    user = _load_events_file(user_file)
    clash = sorted({e.id for e in shipped} & {e.id for e in user})
    if clash:
        raise ConfigError(
            f"{user_file}: id {clash[0]!r} is already used by the shipped events file: "
            "rename it in the user file"
        )
    return EventCatalog(events=shipped.events + user.events, path=f"{shipped.path} + {user.path}")


def _load_events_file(file: Path) -> EventCatalog:
    return load_config(file, EventsFile, kind=EVENTS_KIND).to_catalog(str(file))


# --- the schema -------------------------------------------------------------------------------


def _event_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(f"must be a date YYYY-MM-DD, got {value.isoformat()!r}")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"must be a date YYYY-MM-DD, got {value!r}") from None
    return value


def _clock(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 14:00 unquoted as the sexagesimal number 840
        value = f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"must be HH:MM (New York time), got {value!r}") from None
    return value


def _empty_if_null(value: Any) -> Any:
    return "" if value is None else value


_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_Date = Annotated[dt.date, BeforeValidator(_event_date)]


class EventEntry(ConfigModel):
    """One entry of an events file (see the module docstring).

    Fields are validated in this order, so the checks of ``timing`` and
    ``reaction_date`` against the NYSE calendar see a valid ``announced_date``.
    """

    id: _Text
    name: _Text
    symbol: _Text
    kind: Kind
    announced_date: _Date
    timing: Timing
    announced_time: Annotated[dt.time | None, BeforeValidator(_clock)] = None
    reaction_date: _Date | None = None
    source: Annotated[_Text, AfterValidator(lambda text: " ".join(text.split()))]
    notes: Annotated[str, BeforeValidator(_empty_if_null)] = ""

    @field_validator("announced_date")
    @classmethod
    def _in_calendar(cls, day: dt.date) -> dt.date:
        calendar = nyse_calendar()
        stamp = pd.Timestamp(day)
        if stamp < calendar.first_session or stamp >= calendar.last_session:
            raise ValueError(
                f"{day} is outside the NYSE calendar "
                f"({calendar.first_session.date()}..{calendar.last_session.date()})"
            )
        return day

    @field_validator("timing")
    @classmethod
    def _session(cls, timing: str, info: ValidationInfo) -> str:
        day = info.data.get("announced_date")
        if day is not None and timing in ("before_open", "during_session") and not is_session(day):
            raise ValueError(f"is {timing} but {day} is not an NYSE session: use non_trading_day")
        return timing

    @field_validator("reaction_date")
    @classmethod
    def _matches_timing(cls, reaction: dt.date | None, info: ValidationInfo) -> dt.date | None:
        day, timing = info.data.get("announced_date"), info.data.get("timing")
        if reaction is None or day is None or timing is None:
            return reaction
        expected = first_reaction(day, timing)
        if reaction != expected:
            raise ValueError(
                f"is {reaction} but a {timing} announcement on {day} first reacts on the "
                f"NYSE session {expected}: fix the date or the timing"
            )
        return reaction

    def to_event(self) -> Event:
        """The :class:`Event` (reaction date derived when left out)."""
        announced = utc_midnight(self.announced_date)
        clock = self.announced_time or {
            "before_open": dt.time(9, 30),
            "after_close": dt.time(16, 0),
        }.get(self.timing)
        announced_at = None
        if clock is not None:
            local = pd.Timestamp(dt.datetime.combine(self.announced_date, clock))
            announced_at = local.tz_localize(NEW_YORK).tz_convert("UTC")
        reaction = self.reaction_date or first_reaction(self.announced_date, self.timing)
        return Event(
            id=self.id,
            name=self.name,
            symbol=self.symbol,
            kind=self.kind,
            announced_date=announced,
            timing=self.timing,
            reaction_date=utc_midnight(reaction),
            source=self.source,
            announced_at=announced_at,
            notes=self.notes,
        )


class EventsFile(VersionedFile):
    """An events file: ``version`` (1) and a non-empty list ``events`` with unique ids."""

    events: list[EventEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> EventsFile:
        first: dict[str, int] = {}
        for position, entry in enumerate(self.events):
            if entry.id in first:
                raise ValueError(
                    f"events[{position}] has the duplicate id {entry.id!r} "
                    f"(first used by events[{first[entry.id]}]): ids must be unique"
                )
            first[entry.id] = position
        return self

    def to_catalog(self, origin: str) -> EventCatalog:
        """The :class:`EventCatalog` of these entries, in file order."""
        return EventCatalog(events=tuple(e.to_event() for e in self.events), path=origin)


def parse_events(document: Any, origin: str = "events file") -> EventCatalog:
    """Validate a parsed events document (see :mod:`bubblelink.analytics.events._catalog`).

    Raises
    ------
    ConfigError
        ``ORIGIN: KEY.PATH (id ...): problem`` for the first entry field that fails (a
        file read by :func:`load_events` adds line and column).
    """
    model = validate_config(ConfigDocument(origin, document), EventsFile)
    return model.to_catalog(origin)


# --- shares outstanding -----------------------------------------------------------------------


class ShareCount(ConfigModel):
    """One share count: effective ``date`` and ``shares`` (> 0), optionally its ``source``."""

    date: Date
    shares: Annotated[Number, Field(gt=0)]
    source: str = ""


class SharesFileModel(ConfigModel):
    """A YAML shares file: ``shares_outstanding`` maps symbols to lists of share counts."""

    shares_outstanding: dict[Text, list[ShareCount]]


class ShareRow(ConfigModel):
    """One CSV row; columns other than ``symbol,date,shares_outstanding`` are ignored."""

    model_config = ConfigDict(extra="ignore")

    symbol: Text
    date: Date
    shares_outstanding: Annotated[Number, Field(gt=0)]


def load_shares_outstanding(path: str | os.PathLike[str]) -> dict[str, pd.Series]:
    """Read a file of share counts: ``{symbol: Series(shares by date)}``.

    Parameters
    ----------
    path
        A CSV (``symbol,date,shares_outstanding``) or YAML (``.yaml``/``.yml``) file; see
        the module docstring.

    Returns
    -------
    dict of str to pandas.Series
        Share counts by effective date (tz-aware UTC midnight), sorted, named by symbol.

    Raises
    ------
    ConfigError
        When the file is missing or unreadable, lacks a column or key, or holds a bad date
        or a count that is not a positive number (``FILE:LINE`` for CSV rows).
    """
    file = resolve_config_path(path, kind=SHARES_KIND)
    rows: list[tuple[str, object, float]] = []
    if file.suffix.lower() in (".yaml", ".yml"):
        model = load_config(file, SharesFileModel, kind=SHARES_KIND)
        for symbol, counts in model.shares_outstanding.items():
            rows.extend((symbol, count.date, count.shares) for count in counts)
    else:
        rows = [(r.symbol, r.date, r.shares_outstanding) for r in _csv_rows(file)]
    table: dict[str, list[tuple[pd.Timestamp, float]]] = {}
    for symbol, date, shares in rows:
        table.setdefault(symbol, []).append((pd.Timestamp(date).tz_localize("UTC"), shares))
    return {
        symbol: pd.Series(
            [v for _, v in pairs], index=pd.DatetimeIndex([d for d, _ in pairs]), name=symbol
        ).sort_index()
        for symbol, pairs in table.items()
    }


def _csv_rows(file: Path) -> list[ShareRow]:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{file}: not a UTF-8 text file: save the {SHARES_KIND} file as UTF-8 CSV"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {SHARES_KIND} file {file}: {exc.strerror}") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ConfigError(f"{file}: the {SHARES_KIND} file is empty: expected a CSV header")
    names = [name.strip() for name in header]
    missing = [c for c in SHARES_COLUMNS if c not in names]
    if missing:
        raise ConfigError(
            f"{file}:1: CSV needs columns {','.join(SHARES_COLUMNS)}; has {','.join(names)}"
        )
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        record = {name: value.strip() for name, value in zip(names, values, strict=False)}
        origin = f"{file}:{reader.line_num}"
        rows.append(validate_config(ConfigDocument(origin, record), ShareRow))
    return rows


# --- the user's events file -------------------------------------------------------------------

_USER_FILE_HEADER = """\
# bubblelink user events (schema version 1, the same as the shipped events.yaml).
# Read after the shipped file by every command that uses events. `bubblelink events
# fetch` appends to it; entries may also be added or edited by hand.
version: 1
events:
"""


@dataclasses.dataclass(frozen=True)
class UserEventsUpdate:
    """What :func:`add_to_user_events` did.

    Attributes
    ----------
    path
        The user events file.
    added
        Events appended (or that would be, with ``dry_run``), in input order.
    skipped
        ``(event id, reason)`` of the entries not added.
    written
        True when the file was written (False for a dry run or nothing new).
    """

    path: Path
    added: tuple[Event, ...]
    skipped: tuple[tuple[str, str], ...]
    written: bool


def add_to_user_events(
    entries: Sequence[tuple[str, dict[str, Any] | str]],
    path: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = False,
) -> UserEventsUpdate:
    """Append new events to the user's events file.

    ``entries`` are ``(event id, entry)`` where an entry is a mapping of the events schema,
    or a string saying why the event cannot be added (it is then skipped with that
    reason). An entry is also skipped when an event with the same id, or of the same
    symbol with the same reaction date, is already in the shipped or the user file (so
    adding twice adds nothing). The file is created with a header when missing;
    otherwise the entries are appended to its text (comments and hand edits are kept)
    and the result is validated before it replaces the file. The shipped file is only
    read.

    Raises
    ------
    ConfigError
        When the existing user file is invalid, or its ``events`` list is not the last
        block of the file (so entries cannot be appended).
    """
    target = Path(path).expanduser() if path is not None else user_events_path()
    known = list(_load_events_file(default_events_path()))
    if target.is_file():
        known.extend(_load_events_file(target))
    added: list[Event] = []
    new: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    for event_id, entry in entries:
        if isinstance(entry, str):
            skipped.append((event_id, entry))
            continue
        event = parse_events({"version": 1, "events": [entry]}, origin=event_id).events[0]
        same = [
            e.id
            for e in known
            if e.id == event.id
            or (e.symbol.upper(), e.reaction_date) == (event.symbol.upper(), event.reaction_date)
        ]
        if same:
            skipped.append((event.id, f"already in the events files as {same[0]}"))
            continue
        known.append(event)
        added.append(event)
        new.append(entry)
    if dry_run or not new:
        return UserEventsUpdate(target, tuple(added), tuple(skipped), written=False)
    _append_entries(target, new, [e.id for e in added])
    return UserEventsUpdate(target, tuple(added), tuple(skipped), written=True)


def _append_entries(target: Path, entries: list[dict[str, Any]], new_ids: list[str]) -> None:
    """Append ``entries`` to the events list of ``target`` (created when missing)."""
    if target.is_file():
        text = target.read_text(encoding="utf-8")
        old_ids = [e.id for e in _load_events_file(target)]
    else:
        text, old_ids = _USER_FILE_HEADER, []
    indents = re.findall(r"^( *)- ", text, flags=re.MULTILINE)
    indent = indents[-1] if indents else "  "
    block = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=88)
    block = "".join(indent + line if line.strip() else line for line in block.splitlines(True))
    new_text = (text if text.endswith("\n") else text + "\n") + block
    try:
        check = parse_events(yaml.safe_load(new_text), origin=str(target))
        ok = [e.id for e in check] == [*old_ids, *new_ids]
    except (yaml.YAMLError, ConfigError):
        ok = False
    if not ok:
        raise ConfigError(
            f"cannot append to {target}: its 'events' list must be the last block of the "
            "file; move it to the end and run again"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".events-", suffix=".yaml", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(new_text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
