"""Load stored series as a wide DataFrame: the only way analytics get data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.dates import DateLike, parse_date, parse_utc_date
from bubblelink.errors import DataError
from bubblelink.frames.attrs import shared
from bubblelink.frames.calendars import AlignedFrame, CalendarMode, CryptoBar, align
from bubblelink.frames.returns import ReturnKind, to_returns
from bubblelink.frames.returns_frame import (
    MAX_CARRIED_SHARE,
    ReturnsFrame,
    frame_notes,
    refuse_mixed_frequencies,
)
from bubblelink.store import Store
from bubblelink.symbols import canonical

#: Extra history loaded before ``start`` so the first return in range has a prior price
#: and a quarterly macro series has a value to carry forward into the range.
LOOKBACK = pd.Timedelta(days=100)

__all__ = [
    "DateLike",
    "default_field",
    "load",
    "load_returns",
    "open_store",
    "parse_date",
    "parse_utc_date",
]


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
        id). ``attrs`` holds ``fields``, ``calendars``, ``synthetic`` (per symbol),
        ``provenance`` (list of dicts: series, source, first, last, rows, synthetic), and
        for the series whose registry entry describes unusual bars (set at ingest by
        :func:`bubblelink.ingest.validate.bar_timing` and the CSV importer) ``bars``
        (``"weekdays"`` for a weekday-only crypto feed) and ``timing`` (the note the
        alignment rule repeats: weekday-only bars, a vendor's off-hour bar stamp);
        ``intraday``: the bar size of each intraday series (``{"NVDA:1h": "1h"}``).
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
    vintages: dict[str, pd.Timestamp | None] = {}
    # row positions of each (series, field) in one pass (a mask per series is O(N²))
    groups = long.groupby(["series_id", "field"], sort=False).indices if len(long) else {}
    nothing = np.empty(0, dtype=np.int64)
    for sid in ids:
        rows = long.iloc[groups.get((sid, fields[sid]), nothing)]
        series = pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]))
        columns[sid] = series
        newest = pd.Timestamp(rows["vintage"].max()) if len(rows) else None
        if newest is not None and newest is not pd.NaT and newest.tzinfo is None:
            newest = newest.tz_localize("UTC")
        vintages[sid] = newest
    frame = pd.DataFrame(columns)
    frame.index = pd.DatetimeIndex(frame.index).tz_localize("UTC").rename("date")
    frame = frame.sort_index()
    empty = [sid for sid in ids if frame[sid].dropna().empty] if len(frame) else ids
    if empty:
        raise no_data_error(empty, infos, start, end, as_of)
    frame.attrs = shared(
        {
            "fields": fields,
            "calendars": {sid: _calendar_of(infos[sid].calendar, infos[sid].kind) for sid in ids},
            "synthetic": {sid: infos[sid].synthetic for sid in ids},
            "provenance": [_provenance(infos[sid], frame[sid], vintages[sid]) for sid in ids],
            "bars": _registry_notes(infos, ids, "bars"),
            "timing": _registry_notes(infos, ids, "timing_note"),
            "intraday": {
                sid: str(infos[sid].metadata.get("timeframe", "intraday"))
                for sid in ids
                if infos[sid].frequency == "intraday"
            },
        }
    )
    return frame


def no_data_error(
    empty: Sequence[str],
    infos: dict[str, Any],
    start: pd.Timestamp | None,
    end: pd.Timestamp | None,
    as_of: pd.Timestamp | None,
) -> DataError:
    """The one message for series without data in the asked window: it names their range."""
    window = f"{_d(start) if start is not None else 'the start'} to " + (
        _d(end) if end is not None else "the end"
    )
    known = "; ".join(
        f"{sid}: {_d(infos[sid].first_date)}..{_d(infos[sid].last_date)}" for sid in empty
    )
    return DataError(
        f"no data for {', '.join(empty)} from {window}"
        + (f" as of {_d(as_of)}" if as_of is not None else "")
        + f" (stored: {known}): pick dates inside the stored range"
    )


def _registry_notes(infos: dict[str, Any], ids: list[str], key: str) -> dict[str, str]:
    """``metadata[key]`` of each series that has one (what its bars really are)."""
    return {sid: str(infos[sid].metadata[key]) for sid in ids if infos[sid].metadata.get(key)}


def _calendar_of(calendar: str, kind: str) -> str:
    if kind in ("macro", "fundamental", "flow"):
        return "none"
    return calendar


def _provenance(info: Any, values: pd.Series, vintage: pd.Timestamp | None) -> dict[str, Any]:
    """Series, source, first/last date, rows (``n`` in the envelope), newest vintage read."""
    observed = values.dropna()
    return {
        "series": info.id,
        "source": info.source,
        "kind": info.kind,
        "unit": info.unit,
        "first": observed.index.min().date().isoformat() if len(observed) else None,
        "last": observed.index.max().date().isoformat() if len(observed) else None,
        "rows": len(observed),
        "vintage": vintage.isoformat() if vintage is not None and vintage is not pd.NaT else None,
        "synthetic": info.synthetic,
    }


def _d(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "none"


def load_returns(
    symbols: Sequence[str],
    store: Store | str | Path | None = None,
    calendar: CalendarMode = "equity",
    kind: ReturnKind = "log",
    start: DateLike = None,
    end: DateLike = None,
    as_of: DateLike = None,
    field: str = "auto",
    crypto_bar: CryptoBar = "same-date",
    max_carried: float | None = MAX_CARRIED_SHARE,
) -> ReturnsFrame:
    """Load, align and difference in one step (see ``load``, ``align``, ``to_returns``).

    ``end`` defaults to ``as_of``: a result "as of" a date uses neither later
    observations nor later revisions.

    Intraday series (``NVDA:1h``) are refused: their bars are not sessions.
    Mixed frequencies are refused, not smoothed over: when more than ``max_carried`` of a
    series' aligned values are carried forward (a weekly or monthly macro series on a
    daily calendar), its daily "returns" would be mostly zeros and every daily statistic
    built on them meaningless, so :class:`DataError` names the series and the share.
    Pass ``max_carried=None`` to accept carried-forward values deliberately (the
    ``filled`` mask says which they are).
    """
    start_ts, end_ts, as_of_ts = (
        parse_date(start, "start date"),
        parse_date(end, "end date"),
        parse_date(as_of, "as-of date"),
    )
    cut_by_as_of = as_of_ts is not None and (end_ts is None or end_ts > as_of_ts)
    if cut_by_as_of:
        end_ts = as_of_ts
    if start_ts is not None and end_ts is not None and start_ts > end_ts:
        if cut_by_as_of:
            raise DataError(
                f"the period starts {start_ts.date()}, after the as-of date {end_ts.date()}: "
                "nothing known then covers it; ask with a later as_of"
            )
        raise DataError(
            f"start date {start_ts.date()} is after end date {end_ts.date()}: swap them"
        )
    load_start = start_ts - LOOKBACK if start_ts is not None else None
    prices = load(symbols, start=load_start, end=end_ts, field=field, as_of=as_of_ts, store=store)
    intraday = prices.attrs.get("intraday") or {}
    if intraday:
        named = ", ".join(f"{sid} ({bars} bars)" for sid, bars in intraday.items())
        raise DataError(
            f"{named}: intraday bars, while daily returns need daily bars: use the daily "
            "series (e.g. NVDA, not NVDA:1h); intraday bars serve the intraday claims"
        )
    aligned: AlignedFrame = align(prices, calendar=calendar, crypto_bar=crypto_bar)
    if max_carried is not None:
        refuse_mixed_frequencies(aligned, max_carried)
    rets = to_returns(aligned.data, kind=kind)
    if start_ts is not None:
        first = pd.Timestamp(start_ts)
        first = first.tz_localize("UTC") if first.tzinfo is None else first.tz_convert("UTC")
        rets = rets[rets.index >= first]
        # the look-back found prices before ``start``; none on or after it is a window
        # outside the stored data, said as such (not as a too-short overlap later)
        later = prices[prices.index >= first]
        later.attrs = {}  # column access copies attrs: O(N) each, O(N²) for the frame
        after = [c for c in later.columns if later[c].dropna().empty]
        if after:
            st, owned = open_store(store)
            try:
                infos = {i.id: i for i in st.info(after)}
            finally:
                if owned:
                    st.close()
            raise no_data_error(after, infos, start_ts, end_ts, as_of_ts)
    prices_used = aligned.data
    if len(rets):
        position = max(aligned.data.index.get_loc(rets.index[0]) - 1, 0)
        prices_used = aligned.data.iloc[position:]
    notes = [f"alignment: {aligned.rule}", f"returns: {kind}", *aligned.notes]
    head, tail = frame_notes(prices)
    notes = [*head, *notes, *tail]
    synthetic = prices.attrs.get("synthetic", {})
    return ReturnsFrame(
        returns=rets,
        prices=prices_used,
        filled=aligned.filled.loc[prices_used.index],
        calendar=calendar,
        kind=kind,
        notes=notes,
        provenance=prices.attrs.get("provenance", []),
        synthetic=any(synthetic.values()),
    )
