"""Load stored series as a wide DataFrame: the only way analytics get data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.store import Store
from bubblelink.symbols import canonical

DateLike = str | dt.date | pd.Timestamp | None


def parse_utc_date(value: DateLike, what: str) -> pd.Timestamp:
    """A user-given date as a tz-aware UTC Timestamp (naive values are taken as UTC),
    or a one-line :class:`DataError` saying what to type."""
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise DataError(f"{what} {value!r} is not a date: use YYYY-MM-DD") from exc
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def parse_date(value: DateLike, what: str) -> pd.Timestamp | None:
    """A user-given date as a naive UTC Timestamp (aware values are converted to UTC),
    or a one-line :class:`DataError` saying what to type."""
    if value is None:
        return None
    stamp = parse_utc_date(value, what)
    if stamp is pd.NaT:
        raise DataError(f"{what} {value!r} is not a date: use YYYY-MM-DD")
    return stamp.tz_localize(None)


def open_store(store: Store | str | Path | None) -> tuple[Store, bool]:
    """Return ``(store, owned)``: open read-only from a path when not given a Store."""
    if isinstance(store, Store):
        return store, False
    return Store(store, read_only=True), True


def default_field(fields: Sequence[str]) -> str:
    """The field ``field="auto"`` picks: adjusted close, else close, else value."""
    for candidate in ("adj_close", "close", "value"):
        if candidate in fields:
            return candidate
    return fields[0]


def load(
    symbols: Sequence[str],
    start: DateLike = None,
    end: DateLike = None,
    field: str = "auto",
    as_of: DateLike = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """Stored values of several series side by side.

    Parameters
    ----------
    symbols : sequence of str
        Canonical ids or aliases (``BTC`` → ``BTC-USD``); unknown ones raise
        :class:`DataError` listing what the store holds.
    start, end : date-like, optional
        Inclusive observation-date bounds.
    field : str
        ``"auto"`` takes each series' adjusted close if stored, else its close, else its
        value (recorded in ``attrs["fields"]``); or any stored field (``high``...).
    as_of : date-like, optional
        Only what was known at that time (vintages; see :class:`bubblelink.store.Store`).
    store : Store or path, optional
        Default: the default store location, opened read-only.

    Returns
    -------
    DataFrame
        Tz-aware UTC ``DatetimeIndex`` named ``date``; one column per symbol (canonical
        id). ``attrs`` holds ``fields``, ``calendars``, ``synthetic`` (per symbol) and
        ``provenance`` (list of dicts: series, source, first, last, rows, synthetic).
    """
    if not symbols:
        raise DataError("no symbols given")
    start, end, as_of = (
        parse_date(start, "start date"),
        parse_date(end, "end date"),
        parse_date(as_of, "as-of date"),
    )
    if start is not None and end is not None and start > end:
        raise DataError(f"start date {start.date()} is after end date {end.date()}: swap them")
    ids = list(dict.fromkeys(canonical(s) for s in symbols))
    st, owned = open_store(store)
    try:
        infos = {i.id: i for i in st.info(ids)}
        fields = {
            sid: (default_field(infos[sid].fields) if field == "auto" else field) for sid in ids
        }
        for sid in ids:
            if infos[sid].rows and fields[sid] not in infos[sid].fields:
                raise DataError(
                    f"{sid} has no field {fields[sid]!r} (stored: {', '.join(infos[sid].fields)})"
                )
        long = st.read(ids, fields=sorted(set(fields.values())), start=start, end=end, as_of=as_of)
    finally:
        if owned:
            st.close()
    columns = {}
    for sid in ids:
        rows = long[(long["series_id"] == sid) & (long["field"] == fields[sid])]
        series = pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]))
        columns[sid] = series
    frame = pd.DataFrame(columns)
    frame.index = pd.DatetimeIndex(frame.index).tz_localize("UTC").rename("date")
    frame = frame.sort_index()
    empty = [sid for sid in ids if frame[sid].dropna().empty] if len(frame) else ids
    if empty:
        window = f"{_d(start) if start is not None else 'the start'} to " + (
            _d(end) if end is not None else "the end"
        )
        known = "; ".join(
            f"{sid}: {_d(infos[sid].first_date)}..{_d(infos[sid].last_date)}" for sid in empty
        )
        raise DataError(
            f"no data for {', '.join(empty)} from {window}"
            + (f" as of {_d(as_of)}" if as_of is not None else "")
            + f" (stored: {known}): pick dates inside the stored range"
        )
    frame.attrs = {
        "fields": fields,
        "calendars": {sid: _calendar_of(infos[sid].calendar, infos[sid].kind) for sid in ids},
        "synthetic": {sid: infos[sid].synthetic for sid in ids},
        "provenance": [_provenance(infos[sid], frame[sid]) for sid in ids],
    }
    return frame


def _calendar_of(calendar: str, kind: str) -> str:
    if kind in ("macro", "fundamental", "flow"):
        return "none"
    return calendar


def _provenance(info: Any, values: pd.Series) -> dict[str, Any]:
    observed = values.dropna()
    return {
        "series": info.id,
        "source": info.source,
        "kind": info.kind,
        "unit": info.unit,
        "first": observed.index.min().date().isoformat() if len(observed) else None,
        "last": observed.index.max().date().isoformat() if len(observed) else None,
        "rows": len(observed),
        "synthetic": info.synthetic,
    }


def _d(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "none"
