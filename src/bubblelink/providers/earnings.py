"""Earnings announcement dates from Yahoo Finance, through yfinance, as events.

Endpoint: yfinance 1.x ``Ticker.get_earnings_dates(limit)`` scrapes Yahoo's earnings
calendar page ``GET https://finance.yahoo.com/calendar/earnings?symbol={symbol}&offset=0
&size={25|50|100}`` (HTML, not a JSON API): it reads the page's one ``<table>`` (columns
``Symbol, Company, Earnings Date, EPS Estimate, Reported EPS, Surprise (%)``, ``-`` for
missing), parses ``Earnings Date`` cells such as ``"December 10, 2025 at 4 PM EST"`` (hour
resolution only) into tz-aware ``America/New_York`` timestamps, and returns ``None`` when
the page has no table. Rows come newest first, upcoming (estimated) dates included.

Each row becomes an :class:`EarningsDate`:

* ``announced_at``: the announcement instant, tz-aware UTC.
* ``timing``, from the time of day in New York (the NYSE regular session is 09:30-16:00):
  not an NYSE session date (weekend, holiday) → ``non_trading_day``; before 09:30 →
  ``before_open``; 16:00 or later → ``after_close`` (Yahoo stamps after-the-bell releases
  "4 PM"); otherwise ``during_session``. A row stamped exactly 00:00 carries no usable
  time of day (a release at midnight is implausible; date-only entries land there), so
  its timing and reaction date are ``None`` and it is never turned into an event.
  Early-close days (13:00) are not special-cased: a 14:00 release on such a day is
  labelled ``during_session``.
* ``reaction_date``: the first NYSE session that can react (from
  :func:`bubblelink.frames.nyse_sessions`): the announcement date itself for
  ``before_open``/``during_session``, the next session for ``after_close`` and
  ``non_trading_day`` (a Friday after-close release reacts on Monday; one on the eve of
  Thanksgiving reacts on the Friday after it). The same rule as the events file.
* EPS estimate, reported EPS and surprise (%) as Yahoo gives them (NaN when missing).
* ``source``: ``"Yahoo Finance via yfinance, fetched <UTC time>"``.

:meth:`EarningsDate.event_entry` turns a row into an entry of the events file schema
(:mod:`bubblelink.analytics.events._catalog`), id ``ORCL-2025-12-10-earnings``;
:func:`add_to_user_events` appends the new ones to the user's events file
(``$BUBBLELINK_HOME/events.yaml``), skipping any event the shipped or user file already
has (same symbol and reaction date, or same id) and any upcoming or time-less row. The
shipped file is never written.

Known traps handled here (the same as :mod:`bubblelink.providers.yahoo`):

* an unknown symbol, or one without earnings (ETFs, crypto, indices), gives a page
  without a table: yfinance returns ``None`` → :class:`ProviderError` "no earnings dates";
* HTTP 429 raises ``YFRateLimitError``: retried with full-jitter backoff through
  :func:`bubblelink.providers.http.call_with_retries` (injected ``sleep``), then a
  :class:`ProviderError`;
* no network (connection refused, DNS failure, timeout) →
  :class:`~bubblelink.providers.http.HttpStatusError` with ``status`` None, whose message
  says to add the events to the YAML file by hand;
* yfinance logs "symbol may be delisted" on stderr: silenced during the call (the
  failure is reported by the error instead).

Limits: unofficial page, no key; Yahoo's dates have been wrong by a day in the past
(yfinance issues #2365, #2371), so a fetched event is only as good as Yahoo's calendar:
the ``source`` says where it came from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import math
import os
import random
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from bubblelink.analytics.events import (
    Event,
    default_events_path,
    load_events,
    parse_events,
    user_events_path,
)
from bubblelink.errors import ConfigError, DataError, ProviderError
from bubblelink.frames import nyse_sessions
from bubblelink.providers.http import HttpStatusError, RetryPolicy, call_with_retries

NEW_YORK = "America/New_York"
SOURCE = "Yahoo Finance via yfinance"
PAGE_URL = "https://finance.yahoo.com/calendar/earnings?symbol={symbol}"
SESSION_OPEN = dt.time(9, 30)
SESSION_CLOSE = dt.time(16, 0)
MAX_LIMIT = 100  # yfinance refuses more ("Yahoo caps limit at 100")

_COLUMNS = ("EPS Estimate", "Reported EPS", "Surprise(%)")
_NETWORK_ERRORS = frozenset({"ConnectionError", "Timeout", "TimeoutError", "DNSError", "gaierror"})
_USER_FILE_HEADER = """\
# bubblelink user events (schema version 1, the same as the shipped events.yaml).
# Read after the shipped file by every command that uses events. `bubblelink events
# fetch` appends to it; entries may also be added or edited by hand.
version: 1
events:
"""


@dataclasses.dataclass(frozen=True)
class EarningsDate:
    """One earnings announcement of one company, as Yahoo lists it.

    Attributes
    ----------
    symbol
        The company's ticker (upper case).
    announced_at
        Announcement instant, tz-aware UTC (Yahoo gives the hour only).
    timing
        ``before_open`` | ``during_session`` | ``after_close`` | ``non_trading_day``, or
        None when Yahoo gives no time of day (see the module docstring).
    reaction_date
        First NYSE session that can react, tz-aware UTC midnight; None with ``timing``.
    eps_estimate, eps_actual, surprise_pct
        Consensus EPS, reported EPS and surprise in percent; NaN when Yahoo has none
        (always for upcoming reports).
    fetched_at
        When the page was read, tz-aware UTC.
    source
        ``"Yahoo Finance via yfinance, fetched YYYY-MM-DD HH:MM UTC"``.
    """

    symbol: str
    announced_at: pd.Timestamp
    timing: str | None
    reaction_date: pd.Timestamp | None
    eps_estimate: float
    eps_actual: float
    surprise_pct: float
    fetched_at: pd.Timestamp
    source: str

    @property
    def announced_local(self) -> pd.Timestamp:
        """The announcement instant in New York."""
        return self.announced_at.tz_convert(NEW_YORK)

    @property
    def upcoming(self) -> bool:
        """True when the announcement lies after the fetch (an estimated date)."""
        return bool(self.announced_at > self.fetched_at)

    @property
    def event_id(self) -> str:
        """Events-file id, e.g. ``ORCL-2025-12-10-earnings`` (New York announcement date)."""
        return f"{self.symbol}-{self.announced_local.date().isoformat()}-earnings"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able view (NaN → None)."""
        return {
            "symbol": self.symbol,
            "id": self.event_id,
            "announced_at": self.announced_at.isoformat(),
            "announced_local": self.announced_local.isoformat(),
            "timing": self.timing,
            "reaction_date": None
            if self.reaction_date is None
            else self.reaction_date.date().isoformat(),
            "eps_estimate": _or_none(self.eps_estimate),
            "eps_actual": _or_none(self.eps_actual),
            "surprise_pct": _or_none(self.surprise_pct),
            "upcoming": self.upcoming,
            "source": self.source,
        }

    def event_entry(self) -> dict[str, Any]:
        """This announcement as an entry of the events file (schema version 1).

        Raises
        ------
        DataError
            When Yahoo gives no time of day, so timing and reaction date are unknown.
        """
        if self.timing is None or self.reaction_date is None:
            raise DataError(
                f"{self.event_id}: Yahoo gives no time of day, so the reaction session is "
                "unknown: add this event to the events file by hand with its timing"
            )
        local = self.announced_local
        figures = [
            f"{label} {_number(value, suffix)}"
            for label, value, suffix in (
                ("EPS estimate", self.eps_estimate, ""),
                ("reported", self.eps_actual, ""),
                ("surprise", self.surprise_pct, "%"),
            )
            if math.isfinite(value)
        ]
        notes = "; ".join(
            [
                *([", ".join(figures)] if figures else []),
                f"Yahoo time {local:%H:%M} ET (hour resolution), "
                + PAGE_URL.format(symbol=self.symbol).removeprefix("https://"),
            ]
        )
        return {
            "id": self.event_id,
            "name": f"{self.symbol} earnings release of {local.date().isoformat()}",
            "symbol": self.symbol,
            "kind": "earnings",
            "announced_date": local.date(),
            "announced_time": f"{local:%H:%M}",
            "timing": self.timing,
            "reaction_date": self.reaction_date.date(),
            "source": self.source,
            "notes": notes,
        }

    def to_event(self) -> Event:
        """The :class:`Event` the events file would load for :meth:`event_entry`."""
        document = {"version": 1, "events": [self.event_entry()]}
        return parse_events(document, origin=f"{SOURCE} ({self.symbol})").events[0]


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
        ``(event id, reason)`` of the rows not added.
    written
        True when the file was written (False for a dry run or nothing new).
    """

    path: Path
    added: tuple[Event, ...]
    skipped: tuple[tuple[str, str], ...]
    written: bool


def fetch_earnings_dates(
    symbol: str,
    limit: int = 12,
    *,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    now: Callable[[], pd.Timestamp] | None = None,
) -> list[EarningsDate]:
    """Earnings announcements of ``symbol`` from Yahoo Finance, newest first.

    Parameters
    ----------
    symbol
        Ticker of a listed company (``ORCL``, ``NVDA``).
    limit
        How many of the most recent rows Yahoo lists to keep (upcoming dates included),
        1 to 100.
    retry
        Retries on ``YFRateLimitError`` (HTTP 429); default 3 retries, 2 s base, 60 s cap,
        full jitter.
    sleep, rng
        Injected into the backoff (tests never really sleep).
    now
        Clock of the fetch time (default: the current UTC time).

    Returns
    -------
    list of EarningsDate

    Raises
    ------
    DataError
        When ``limit`` is outside 1..100.
    ProviderError
        No earnings dates for the symbol, rate limited after the retries, or an answer
        yfinance could not read. No network: :class:`HttpStatusError` with ``status`` None.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise DataError(f"limit must be between 1 and {MAX_LIMIT} (Yahoo's cap), got {limit}")
    symbol = symbol.strip().upper()
    frame = _download(symbol, limit, retry, sleep, rng)
    fetched_at = (now or _utc_now)().tz_convert("UTC")
    if frame is None or frame.empty:
        raise ProviderError(_no_dates_message(symbol))
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ProviderError(
            f"yahoo: earnings dates of {symbol} lack columns {missing}: yfinance may have "
            "changed; upgrade bubblelink/yfinance"
        )
    index = pd.DatetimeIndex(frame.index)
    if index.tz is None:  # yfinance localizes to New York; be safe if that changes
        index = index.tz_localize(NEW_YORK)
    source = f"{SOURCE}, fetched {fetched_at:%Y-%m-%d %H:%M} UTC"
    rows = frame.assign(_at=index.tz_convert("UTC")).dropna(subset=["_at"])
    rows = rows.sort_values("_at", ascending=False).head(limit)
    out = []
    for stamp, est, act, surprise in zip(
        rows["_at"], *(rows[c].astype("float64") for c in _COLUMNS), strict=True
    ):
        timing, reaction = reaction_session(stamp)
        out.append(
            EarningsDate(
                symbol=symbol,
                announced_at=pd.Timestamp(stamp),
                timing=timing,
                reaction_date=reaction,
                eps_estimate=float(est),
                eps_actual=float(act),
                surprise_pct=float(surprise),
                fetched_at=fetched_at,
                source=source,
            )
        )
    return out


def reaction_session(announced_at: pd.Timestamp) -> tuple[str | None, pd.Timestamp | None]:
    """Timing and first reacting NYSE session of an announcement instant.

    Parameters
    ----------
    announced_at
        Tz-aware instant.

    Returns
    -------
    (timing, reaction_date)
        As described in the module docstring; ``(None, None)`` for a 00:00 New York
        stamp. ``reaction_date`` is UTC midnight of the session date, None when the date
        lies beyond the NYSE calendar's range (about a year ahead).
    """
    local = pd.Timestamp(announced_at).tz_convert(NEW_YORK)
    if local.time() == dt.time(0, 0):
        return None, None
    day = pd.Timestamp(local.date())
    sessions = nyse_sessions(day, day + pd.Timedelta(days=14))
    is_session = len(sessions) > 0 and sessions[0].date() == day.date()
    if not is_session:
        timing = "non_trading_day"
    elif local.time() < SESSION_OPEN:
        timing = "before_open"
    elif local.time() >= SESSION_CLOSE:
        timing = "after_close"
    else:
        timing = "during_session"
    later = sessions[sessions.date > day.date()] if len(sessions) else sessions
    if timing in ("before_open", "during_session"):
        return timing, sessions[0]
    if len(later) == 0:
        return timing, None
    return timing, later[0]


def add_to_user_events(
    dates: Iterable[EarningsDate],
    path: str | Path | None = None,
    *,
    dry_run: bool = False,
) -> UserEventsUpdate:
    """Append the new reported announcements to the user's events file.

    A row is skipped when an event of the same symbol with the same reaction date, or
    with the same id, is already in the shipped file or the user file (so running this
    twice adds nothing), when it is upcoming (Yahoo's date is an estimate until the
    release), or when Yahoo gives no time of day. The file is created with a header when
    missing; otherwise the entries are appended to its text (comments and hand edits are
    kept) and the result is validated before it replaces the file. The shipped file is
    only read.

    Parameters
    ----------
    dates
        Fetched announcements (:func:`fetch_earnings_dates`).
    path
        The user events file (default ``$BUBBLELINK_HOME/events.yaml``).
    dry_run
        Decide what would be added, write nothing.

    Raises
    ------
    ConfigError
        When the existing user file is invalid, or its ``events`` list is not the last
        block of the file (so entries cannot be appended).
    """
    target = Path(path).expanduser() if path is not None else user_events_path()
    known = list(load_events(default_events_path()))
    if target.is_file():
        known.extend(load_events(target))
    added: list[Event] = []
    entries: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    for date in dates:
        if date.upcoming:
            skipped.append((date.event_id, "upcoming: Yahoo's date is an estimate"))
            continue
        if date.timing is None or date.reaction_date is None:
            skipped.append((date.event_id, "no time of day from Yahoo: add it by hand"))
            continue
        event = date.to_event()
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
        entries.append(date.event_entry())
    if dry_run or not entries:
        return UserEventsUpdate(target, tuple(added), tuple(skipped), written=False)
    _append_entries(target, entries, [e.id for e in added])
    return UserEventsUpdate(target, tuple(added), tuple(skipped), written=True)


# ---------------------------------------------------------------------- internals
def _download(
    symbol: str,
    limit: int,
    retry: RetryPolicy | None,
    sleep: Callable[[float], None],
    rng: random.Random | None,
) -> pd.DataFrame | None:
    import yfinance as yf
    from yfinance.exceptions import YFRateLimitError

    def attempt() -> pd.DataFrame | None:
        with _quiet_yfinance():
            return yf.Ticker(symbol).get_earnings_dates(limit=limit)

    def give_up(exc: BaseException, attempts: int) -> Exception:
        return ProviderError(
            f"yahoo: rate limited (HTTP 429) on the earnings dates of {symbol} after "
            f"{attempts} attempts: wait a few minutes, then retry with fewer symbols"
        )

    policy = retry or RetryPolicy(max_retries=3, backoff_base=2.0, backoff_cap=60.0)
    try:
        return call_with_retries(
            attempt,
            retry_on=(YFRateLimitError,),
            policy=policy,
            sleep=sleep,
            rng=rng,
            on_give_up=give_up,
        )
    except ProviderError:
        raise
    except Exception as exc:  # yfinance raises many undocumented types
        detail = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}".rstrip(": ")
        if _is_network_error(exc):
            raise HttpStatusError(
                "yahoo",
                PAGE_URL.format(symbol=symbol),
                None,
                1,
                detail=f"{detail}; offline? add the events to {user_events_path()} by hand",
            ) from exc
        raise ProviderError(
            f"yahoo: earnings dates of {symbol} failed with {detail}: check the symbol, "
            "retry later, or upgrade yfinance if Yahoo changed its page"
        ) from exc


def _is_network_error(exc: BaseException) -> bool:
    """Connection refused, DNS failure or timeout, from requests, curl_cffi or socket."""
    return bool(_NETWORK_ERRORS & {cls.__name__ for cls in type(exc).__mro__})


@contextlib.contextmanager
def _quiet_yfinance() -> Iterator[None]:
    """Silence yfinance's own error logs and pandas deprecation warnings during a call.

    The failure is raised instead of logged; the warnings concern yfinance's code, not
    anything a user can change.
    """
    logger = logging.getLogger("yfinance")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"yfinance(\.|$)")
            yield
    finally:
        logger.setLevel(level)


def _no_dates_message(symbol: str) -> str:
    return (
        f"no earnings dates for {symbol} from Yahoo: check the symbol (a listed company's "
        "ticker, e.g. ORCL; ETFs, indices and crypto have none)"
    )


def _utc_now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC")


def _or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _number(value: float, suffix: str) -> str:
    sign = "+" if suffix and value > 0 else ""
    return f"{sign}{value:.2f}{suffix}"


def _append_entries(target: Path, entries: list[dict[str, Any]], new_ids: list[str]) -> None:
    """Append ``entries`` to the events list of ``target`` (created when missing)."""
    if target.is_file():
        text = target.read_text(encoding="utf-8")
        old_ids = [e.id for e in load_events(target)]
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
