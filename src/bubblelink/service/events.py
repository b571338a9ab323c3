"""Events and periods: how did BTC react to named shocks, and how did it perform?

``event`` (market-model event study of several targets around one event, optionally
the event asset's value moved), ``perf`` (total return, drawdown, volatility, beta over
a period), ``drawdowns`` (episodes) and ``events_list`` (the events file).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.analytics.events import (
    CrossAssetEventResult,
    Event,
    EventCatalog,
    ValueMovedResult,
    cross_asset_event_study,
    day_zero_position,
    equity_bar_close,
    event_data_range,
    parse_window,
    reaction_session,
    value_moved,
)
from bubblelink.analytics.performance import drawdown_tables, period_performance
from bubblelink.dates import parse_utc_date
from bubblelink.errors import DataError, ProviderError
from bubblelink.providers.earnings import EarningsDate, fetch_earnings_dates
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.catalogs import (
    UserEventsUpdate,
    add_to_user_events,
    load_events,
    load_shares_outstanding,
    user_events_path,
)
from bubblelink.service.data import StoreData, StoreLike, store_data
from bubblelink.service.params import DrawdownsParams, EventParams, PerfParams

#: The note every value-moved figure carries (adjusted vs raw closes).
CLOSE_FIELD_NOTE = (
    "uses the stored 'close' field: Yahoo ingests keep raw closes there, but files of "
    "adjusted prices (e.g. auto_adjust=True exports) make the dollar figures approximate"
)


@dataclasses.dataclass(frozen=True, eq=False)
class EventReport:
    """The event study and, when asked, the event asset's value moved."""

    study: CrossAssetEventResult
    moved: ValueMovedResult | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        """The study's notes then the value-moved notes."""
        more = self.moved.notes if self.moved is not None else ()
        return tuple(dict.fromkeys([*self.study.notes, *more]))

    def to_frame(self) -> pd.DataFrame:
        """One row per target (the study's table)."""
        return self.study.to_frame()

    def to_dict(self) -> dict[str, Any]:
        """The study's fields plus ``value_moved`` (null unless asked)."""
        out = dict(self.study.to_dict())
        out["value_moved"] = self.moved.to_dict() if self.moved is not None else None
        return out

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The study's table, then the value-moved table."""
        out = [(self.study.summary().splitlines()[0], self.study.to_frame())]
        if self.moved is not None:
            out.append((f"value moved: {self.study.event.symbol}", self.moved.to_frame()))
        return out


def find_event(catalog: EventCatalog, event_id: str | None, symbol: str | None, date: Any) -> Event:
    """An event by id, or by (symbol, date) — the catalogue's, else an ad-hoc one."""
    if event_id:
        return catalog.get(event_id)
    if not symbol or date is None:
        raise DataError("give an event id, or a symbol and a date (YYYY-MM-DD)")
    day = parse_utc_date(date, "date")
    return catalog.find(symbol, day) or Event.ad_hoc(symbol, day)


def event(
    store: StoreLike,
    params: EventParams | None = None,
    events_file: str | Path | None = None,
    shares_file: str | Path | None = None,
    **kw: Any,
) -> ServiceResult:
    """Abnormal response of TARGETS to one event (market model, MacKinlay 1997).

    ``events_file``: an events YAML (default: the shipped file plus the user's).
    ``shares_file``: shares outstanding (CSV or YAML) for the dollar value moved; it
    implies ``value_moved``.
    """
    p = params or EventParams.build(**kw)
    bounds = parse_window(p.window)
    found = find_event(load_events(events_file), p.event_id, p.symbol, p.date)
    day = found.reaction_date
    with store_data(store, p.as_of) as data:
        wanted = data.check(p.targets)
        market = data.check([p.market])[0]
        symbols = list(dict.fromkeys([*wanted, market]))
        start, end = event_data_range(day, bounds, p.estimation, p.gap)
        if data.as_of is not None and data.as_of < day:
            raise DataError(
                f"--asof {data.as_of.date()} is before the event's reaction date "
                f"{day.date()}: nothing to study yet"
            )
        rf = data.returns(symbols, start, end, "equity", p.returns)
        bar_close, bar_notes = equity_bar_close(rf.prices.attrs.get("calendars", {}) or {})
        study = cross_asset_event_study(
            rf.returns,
            found,
            wanted,
            market=market,
            window=bounds,
            estimation=p.estimation,
            gap=p.gap,
            bar_close=bar_close,
        )
        moved = None
        if p.value_moved or shares_file is not None:
            moved = _value_moved(data, found, bounds, start, end, shares_file)
        report = EventReport(study, moved)
        title = study.summary().splitlines()[0]
        return answer("event", report, data, [*rf.notes, *bar_notes], title=title)


def _value_moved(
    data: StoreData,
    found: Event,
    bounds: tuple[int, int],
    start: pd.Timestamp,
    end: pd.Timestamp,
    shares_file: str | Path | None,
) -> ValueMovedResult:
    """``value_moved`` of the event's own asset over the event window (stored levels)."""
    closes = data.prices([found.symbol], start, end, field="close")
    close = closes[found.symbol].dropna()
    extremes: dict[str, pd.Series | None] = {}
    for name in ("high", "low"):
        try:
            extremes[name] = data.prices([found.symbol], start, end, field=name)[found.symbol]
        except DataError:
            extremes[name] = None  # no high/low stored: the result says so
    day0 = day_zero_position(close.index, found, "session", found.symbol)
    lo, hi = bounds
    first, last = max(day0 + lo, 1), min(day0 + hi, len(close) - 1)
    counts = None
    if shares_file is not None:
        counts = load_shares_outstanding(shares_file).get(found.symbol)
        if counts is None:
            raise DataError(f"{shares_file} has no shares_outstanding rows for {found.symbol}")
    moved = value_moved(
        close, close.index[first], close.index[last], counts, extremes["high"], extremes["low"]
    )
    return dataclasses.replace(moved, notes=(CLOSE_FIELD_NOTE, *moved.notes))


def performance(store: StoreLike, params: PerfParams | None = None, **kw: Any) -> ServiceResult:
    """Total return, max drawdown, volatility and beta of each asset over a period (``perf``).

    From the last close on or before ``since`` to the last close on or before ``until``
    (default: ``as_of``, else the last stored date).
    """
    p = params or PerfParams.build(**kw)
    since = parse_utc_date(p.since, "since")
    until = parse_utc_date(p.until, "until") if p.until is not None else None
    if until is not None and until < since:
        raise DataError(f"until {p.until} is before since {p.since}: swap them")
    with store_data(store, p.as_of) as data:
        listed = data.check(p.symbols)
        bench = data.check([p.benchmark])[0] if p.benchmark else None
        names = list(dict.fromkeys([*listed, *([bench] if bench else [])]))
        prices = data.prices(names, since - pd.Timedelta(days=14), until)
        end = until if until is not None else data.as_of
        result = period_performance(prices, since, end, symbols=listed, benchmark=bench)
        title = f"Performance since {since.date()}"
        return answer("perf", result, data, _field_notes(prices), title=title)


def drawdowns(store: StoreLike, params: DrawdownsParams | None = None, **kw: Any) -> ServiceResult:
    """Drawdown episodes (peak, trough, recovery, depth, duration) of each asset."""
    p = params or DrawdownsParams.build(**kw)
    with store_data(store, p.as_of) as data:
        names = data.check(p.symbols)
        prices = data.prices(names, p.start, p.end)
        result = drawdown_tables(prices, top=p.top, min_depth=p.min_depth)
        return answer("drawdowns", result, data, _field_notes(prices), title="Drawdowns")


def _field_notes(frame: pd.DataFrame) -> list[str]:
    fields = frame.attrs.get("fields", {}) or {}
    return ["fields: " + ", ".join(f"{s}={f}" for s, f in fields.items())] if fields else []


@dataclasses.dataclass(frozen=True)
class EventListing:
    """The events a study can name: the shipped file plus the user's."""

    catalog: EventCatalog

    def to_frame(self) -> pd.DataFrame:
        """One row per event: id, symbol, kind, announcement, timing, reaction, source."""
        columns = ["id", "symbol", "kind", "announced_date", "timing", "reaction_date", "source"]
        rows = [{k: e.to_dict()[k] for k in columns} for e in self.catalog]
        return pd.DataFrame(rows, columns=columns).set_index("id")

    def to_dict(self) -> dict[str, Any]:
        """``{files: [...], events: [...]}``."""
        return {
            "files": str(self.catalog.path).split(" + "),
            "events": [e.to_dict() for e in self.catalog],
        }


def events_list(events_file: str | Path | None = None, symbol: str | None = None) -> ServiceResult:
    """The events of the shipped file and the user's (``events list``, ``/api/events``)."""
    catalog = load_events(events_file)
    if symbol is not None:
        kept = tuple(e for e in catalog if e.symbol.upper() == symbol.strip().upper())
        catalog = EventCatalog(events=kept, path=catalog.path)
    notes = [f"files: {catalog.path}"]
    if events_file is None and not user_events_path().is_file():
        notes.append(f"no user events file yet ({user_events_path()}): `events fetch` creates it")
    if symbol is not None and not len(catalog):
        notes.append(f"no events for {symbol}")
    return ServiceResult(
        "events", EventListing(catalog), notes=tuple(notes), title=f"{len(catalog)} events"
    )


@dataclasses.dataclass(frozen=True)
class FetchedEarnings:
    """One fetched announcement with its timing, reaction session and what became of it."""

    date: EarningsDate
    timing: str | None
    reaction_date: pd.Timestamp | None
    status: str

    def entry(self) -> dict[str, Any] | str:
        """The events-file entry, or why there is none (upcoming, no time of day)."""
        d = self.date
        if d.upcoming:
            return "upcoming: Yahoo's date is an estimate"
        if self.timing is None or self.reaction_date is None:
            return "no time of day from Yahoo: add it by hand"
        local = d.announced_local
        return {
            "id": d.event_id,
            "name": f"{d.symbol} earnings release of {local.date().isoformat()}",
            "symbol": d.symbol,
            "kind": "earnings",
            "announced_date": local.date(),
            "announced_time": f"{local:%H:%M}",
            "timing": self.timing,
            "reaction_date": self.reaction_date.date(),
            "source": d.source,
            "notes": d.figures_note(),
        }


@dataclasses.dataclass(frozen=True)
class EarningsFetch:
    """Fetched earnings dates, what became of each, and the user-file update."""

    dates: tuple[FetchedEarnings, ...]
    update: UserEventsUpdate
    failures: dict[str, str]
    dry_run: bool

    def to_frame(self) -> pd.DataFrame:
        """One row per fetched date."""
        rows = [
            {
                "id": f.date.event_id,
                "announced_local": f"{f.date.announced_local:%Y-%m-%d %H:%M}",
                "timing": f.timing,
                "reaction_date": None if f.reaction_date is None else f.reaction_date.date(),
                "eps_estimate": f.date.eps_estimate,
                "eps_actual": f.date.eps_actual,
                "surprise_pct": f.date.surprise_pct,
                "status": f.status,
            }
            for f in self.dates
        ]
        return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()

    def to_dict(self) -> dict[str, Any]:
        """``{dates: [...], file, written, failures}``."""
        return {
            "dates": [
                {
                    **f.date.to_dict(),
                    "timing": f.timing,
                    "reaction_date": f.reaction_date,
                    "status": f.status,
                }
                for f in self.dates
            ],
            "file": str(self.update.path),
            "written": self.update.written,
            "failures": dict(self.failures),
        }

    @property
    def ok(self) -> bool:
        """True when every symbol was fetched."""
        return not self.failures

    def summaries(self) -> list[str]:
        """One line per symbol, then what happened to the file."""
        added = "would add" if self.dry_run else "added"
        lines = []
        for symbol in dict.fromkeys(f.date.symbol for f in self.dates):
            states = [f.status for f in self.dates if f.date.symbol == symbol]
            parts = [
                f"{len(states)} dates",
                f"{states.count(added)} {added}",
                f"{sum(s.startswith('already') for s in states)} already known",
                f"{sum(s.startswith('upcoming') for s in states)} upcoming",
            ]
            no_time = sum(s.startswith("no time") for s in states)
            if no_time:
                parts.append(f"{no_time} without a time of day (add by hand)")
            lines.append(f"{symbol}: {', '.join(parts)}")
        n = len(self.update.added)
        if self.dry_run:
            lines.append(f"dry run: {n} new events would be added to {self.update.path}; "
                         "nothing written")  # fmt: skip
        elif self.update.written:
            lines.append(f"wrote {n} new events to {self.update.path}")
        else:
            lines.append(f"nothing new: {self.update.path} unchanged")
        return lines


def events_fetch(
    symbols: Sequence[str],
    limit: int = 12,
    dry_run: bool = False,
    fetch: Callable[..., list[EarningsDate]] | None = None,
) -> ServiceResult:
    """Earnings dates from Yahoo Finance added to the user's events file (``events fetch``).

    Each announcement's timing and reaction session follow the one reaction-date rule
    (:func:`bubblelink.analytics.events.reaction_session`). Events the shipped or user
    file already has (same symbol and reaction session) and upcoming dates are listed but
    not added; fetching twice adds nothing.

    Raises
    ------
    ProviderError
        Offline (``BUBBLELINK_OFFLINE``) or Yahoo unreachable: the message says to add the
        events to the user's file by hand. A failure of one symbol is reported in the
        result instead (the others are still added).
    """
    from bubblelink.providers.http import HttpStatusError
    from bubblelink.providers.reachability import offline_forced

    by_hand = (
        f"add the events to {user_events_path()} by hand (same schema as the shipped "
        "events.yaml; see `bubblelink events list`)"
    )
    if offline_forced():
        raise ProviderError(f"BUBBLELINK_OFFLINE is set: {by_hand}")
    get = fetch or fetch_earnings_dates
    found: list[EarningsDate] = []
    failures: dict[str, str] = {}
    for raw in dict.fromkeys(symbols):
        symbol = raw.strip().upper()
        try:
            found.extend(get(symbol, limit=limit))
        except HttpStatusError as exc:
            if exc.status is None:  # no network: the other symbols would fail the same way
                raise ProviderError(f"cannot reach Yahoo Finance ({symbol}): {by_hand}") from exc
            failures[symbol] = str(exc)
        except ProviderError as exc:
            failures[symbol] = str(exc)
    sessions = [reaction_session(d.announced_at) for d in found]
    pending = [
        FetchedEarnings(d, timing, day, "")
        for d, (timing, day) in zip(found, sessions, strict=True)
    ]
    update = add_to_user_events([(f.date.event_id, f.entry()) for f in pending], dry_run=dry_run)
    added = "would add" if dry_run else "added"
    status = {e.id: added for e in update.added} | dict(update.skipped)
    dates = tuple(dataclasses.replace(f, status=status.get(f.date.event_id, "")) for f in pending)
    result = EarningsFetch(dates, update, failures, dry_run)
    notes = [*result.summaries(), *(f"{s}: {m}" for s, m in failures.items())]
    return ServiceResult(
        "events-fetch", result, notes=tuple(notes), title="earnings dates from Yahoo"
    )
