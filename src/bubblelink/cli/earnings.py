"""CLI group ``bubblelink events``: list the events files, fetch earnings dates.

``events list`` prints the shipped events plus the user's file
(``$BUBBLELINK_HOME/events.yaml``); ``events fetch`` reads earnings dates from Yahoo
Finance (:mod:`bubblelink.providers.earnings`) and appends the new ones to the user's
file. The commands format; the provider and the events catalog do the work.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

from bubblelink.analytics.events import Event, load_events, user_events_path
from bubblelink.cli.options import FormatOption, OutputFormat
from bubblelink.cli.output import emit
from bubblelink.errors import ProviderError
from bubblelink.providers.earnings import (
    EarningsDate,
    UserEventsUpdate,
    add_to_user_events,
    fetch_earnings_dates,
)
from bubblelink.providers.http import HttpStatusError
from bubblelink.providers.reachability import offline_forced

events_app = typer.Typer(
    help="The events files: list the events, fetch earnings dates from Yahoo Finance.",
    no_args_is_help=True,
)


@dataclasses.dataclass(frozen=True)
class _EventList:
    """Events of the catalog as a table / JSON document."""

    events: tuple[Event, ...]
    files: str

    def to_frame(self) -> pd.DataFrame:
        columns = ["id", "symbol", "kind", "announced_date", "timing", "reaction_date", "source"]
        rows = [{k: e.to_dict()[k] for k in columns} for e in self.events]
        return pd.DataFrame(rows, columns=columns).set_index("id")

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files.split(" + "), "events": [e.to_dict() for e in self.events]}


@dataclasses.dataclass(frozen=True)
class _FetchTable:
    """Fetched earnings dates and what became of each."""

    dates: tuple[EarningsDate, ...]
    status: dict[str, str]

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {
                "id": d.event_id,
                "announced (New York)": f"{d.announced_local:%Y-%m-%d %H:%M}",
                "timing": d.timing,
                "reaction_date": None if d.reaction_date is None else d.reaction_date.date(),
                "eps_estimate": d.eps_estimate,
                "eps_actual": d.eps_actual,
                "surprise_%": d.surprise_pct,
                "status": self.status.get(d.event_id, ""),
            }
            for d in self.dates
        ]
        return pd.DataFrame(rows).set_index("id")

    def to_dict(self) -> dict[str, Any]:
        return {
            "dates": [{**d.to_dict(), "status": self.status.get(d.event_id)} for d in self.dates]
        }


@events_app.command("list")
def list_command(
    symbol: Annotated[
        str | None, typer.Option("--symbol", help="Only this asset's events, e.g. ORCL.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Events of the shipped file and of $BUBBLELINK_HOME/events.yaml."""
    catalog = load_events()
    events = tuple(e for e in catalog if symbol is None or e.symbol.upper() == symbol.upper())
    notes = [f"files: {catalog.path}"]
    if not user_events_path().is_file():
        notes.append(f"no user events file yet ({user_events_path()}): `events fetch` creates it")
    if not events:
        notes.append(f"no events for {symbol}")
    emit(_EventList(events, catalog.path), fmt, title=f"{len(events)} events", notes=notes)


@events_app.command("fetch")
def fetch_command(
    symbols: Annotated[list[str], typer.Argument(help="Company tickers, e.g. ORCL NVDA.")],
    limit: Annotated[
        int,
        typer.Option("--limit", help="Most recent dates per symbol (upcoming included), ≤ 100."),
    ] = 12,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
) -> None:
    """Earnings dates from Yahoo Finance (via yfinance), added to $BUBBLELINK_HOME/events.yaml.

    Events the shipped or user file already has (same symbol and reaction session) and
    upcoming dates are listed but not added; running it twice adds nothing.
    """
    err = Console(stderr=True, soft_wrap=True)
    by_hand = (
        f"add the events to {user_events_path()} by hand (same schema as the shipped "
        "events.yaml; see `bubblelink events list`)"
    )
    if offline_forced():
        err.print(f"[red]error:[/red] BUBBLELINK_OFFLINE is set: {by_hand}", highlight=False)
        raise typer.Exit(1)
    found: dict[str, list[EarningsDate]] = {}
    failures: dict[str, str] = {}
    for raw in dict.fromkeys(symbols):
        symbol = raw.strip().upper()
        try:
            found[symbol] = fetch_earnings_dates(symbol, limit=limit)
        except HttpStatusError as exc:
            if exc.status is None:  # no network: the other symbols would fail the same way
                err.print(
                    f"[red]error:[/red] cannot reach Yahoo Finance ({symbol}): {by_hand}",
                    highlight=False,
                )
                raise typer.Exit(1) from exc
            failures[symbol] = str(exc)
        except ProviderError as exc:
            failures[symbol] = str(exc)
    dates = tuple(d for batch in found.values() for d in batch)
    update = add_to_user_events(dates, dry_run=dry_run)
    added = "would add" if dry_run else "added"
    status = {e.id: added for e in update.added} | dict(update.skipped)
    if dates:
        emit(_FetchTable(dates, status), OutputFormat.table, title="earnings dates from Yahoo")
    for symbol, batch in found.items():
        typer.echo(f"{symbol}: {_summary(batch, status, added)}")
    typer.echo(_outcome(update, dry_run))
    for symbol, message in failures.items():
        err.print(f"[red]error:[/red] {symbol}: {message}", highlight=False)
    if failures:
        raise typer.Exit(1)


def _summary(batch: list[EarningsDate], status: dict[str, str], added: str) -> str:
    states = [status.get(d.event_id, "") for d in batch]
    parts = [
        f"{len(batch)} dates",
        f"{states.count(added)} {added}",
        f"{sum(s.startswith('already') for s in states)} already known",
        f"{sum(s.startswith('upcoming') for s in states)} upcoming",
    ]
    no_time = sum(s.startswith("no time") for s in states)
    if no_time:
        parts.append(f"{no_time} without a time of day (add by hand)")
    return ", ".join(parts)


def _outcome(update: UserEventsUpdate, dry_run: bool) -> str:
    n = len(update.added)
    if dry_run:
        return f"dry run: {n} new events would be added to {update.path}; nothing written"
    if update.written:
        return f"wrote {n} new events to {update.path}"
    return f"nothing new: {update.path} unchanged"


def register(app: typer.Typer) -> None:
    """Add the ``events`` group to app."""
    app.add_typer(events_app, name="events")
