"""Validation of incoming observations, never silent.

Every problem is either a :class:`~bubblelink.errors.ValidationError` (the whole series
is rejected, nothing of it is stored) or a counted warning that ends up in the ingest
summary. The rules:

=============================================  ==========================================
problem                                        outcome
=============================================  ==========================================
value that is not a number ("abc")             error (count and first example)
infinite value                                 error
NaN / empty value (blank, ``.``, ``NaN``,      dropped, counted warning
``NA``, ``N/A``, ``#N/A``, ``null``: the
:data:`~bubblelink.providers.base.
MISSING_VALUE_TEXTS`)
non-positive open/high/low/close/adj_close     error (first date), for ``kind="price"``
same date and field twice, different values    error (first date, both values)
same date and field twice, same value          de-duplicated, counted warning
dates not sorted                               sorted, warning
naive and tz-aware timestamps mixed            error
gap longer than the series' frequency allows   counted warning with the longest gap
unknown field name                             error
series id outside the grammar (length,         error (:func:`~bubblelink.symbols.
characters)                                    series_id_problem`)
crypto series without weekend bars             warning; registered as weekday bars
                                               (see :func:`bar_timing`)
date after the ingest day + 1 (time zones)     error (how many, the first, where)
bar with low > open/close/high or high <       error (how many, the first bar, where);
open/close (OHLC consistency)                  a flag when within :data:`OHLC_TOLERANCE`
move between consecutive bars with             flag with the largest move and its date
|log return| above the asset class's limit     (:data:`MAX_LOG_MOVE`; ``strict``: error)
run of >= ``stale_run`` identical closes       flag with the longest run (``strict``: error)
(the OHLC, move and stale checks apply to ``kind="price"`` series)
=============================================  ==========================================

The data-quality gates (issue 16) are set by :class:`QualityGates` (defaults
:data:`DEFAULT_GATES`). "Where" names the file, its line and column when the provider
carries them (the CSV importer's generic layout: columns ``source_line``/``source_column``
of the batch), else the date and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from bubblelink.errors import ValidationError
from bubblelink.providers.base import (
    KNOWN_FIELDS,
    PRICE_FIELDS,
    SeriesBatch,
    SeriesMeta,
    missing_value_mask,
)
from bubblelink.symbols import is_crypto_symbol, is_volatility_index, series_id_problem

#: Longest gap between consecutive observations that is still normal, by frequency.
MAX_NORMAL_GAP = {
    "daily": pd.Timedelta(days=1),
    "business": pd.Timedelta(days=4),  # Friday -> Tuesday over a holiday Monday
    "weekly": pd.Timedelta(days=8),
    "monthly": pd.Timedelta(days=32),
    "quarterly": pd.Timedelta(days=93),
}


#: Largest |log return| between two consecutive bars that passes without a flag, by asset
#: class (:func:`asset_class`). Crypto moved 0.47 in a day (BTC, 2020-03-12) and large
#: equities about 0.3 (NVDA 2024-02-22: +0.15; AMD 2016: +0.42 is flagged); a flag is a
#: warning in the ingest summary and in the ingest log, a rejection with ``strict``.
#: Volatility indices (:data:`bubblelink.symbols.VOLATILITY_INDICES`, or metadata
#: ``asset_class: volatility``) have their own limit: ^VIX's largest daily move since 1990 is
#: +0.77 (2018-02-05, 17.31 -> 37.32), so 1.0 (a factor of e in a day) flags only what is
#: outside that record.
MAX_LOG_MOVE: Mapping[str, float] = MappingProxyType(
    {"crypto": 0.5, "equity": 0.35, "volatility": 1.0}
)


@dataclasses.dataclass(frozen=True)
class QualityGates:
    """Settings of the data-quality gates run on every batch (issue 16).

    Attributes
    ----------
    future_days : int
        Observations dated more than this many days after the ingest day (UTC) are
        rejected (1: a session date ahead of UTC in Asia is still fine).
    max_log_move : Mapping[str, float]
        Per asset class (``crypto``, ``volatility``, ``equity``): the largest |log return| between
        consecutive bars that is not flagged.
    stale_run : int
        A run of at least this many identical consecutive closes is flagged.
    strict : bool
        Turn every flag (extreme move, stale run) into a rejection of the series.
    today : datetime.date or None
        The ingest day (None: today in UTC); for tests and replays.
    """

    future_days: int = 1
    max_log_move: Mapping[str, float] = dataclasses.field(default_factory=lambda: MAX_LOG_MOVE)
    stale_run: int = 10
    strict: bool = False
    today: dt.date | None = None


DEFAULT_GATES = QualityGates()


def asset_class(meta: SeriesMeta) -> str:
    """``crypto`` (24/7 calendar, ``asset_class`` metadata or a crypto pair), ``volatility``
    (a volatility index such as ^VIX, or ``asset_class: volatility`` metadata) or ``equity``
    (everything else priced on an exchange calendar: stocks, ETFs, indices, FX)."""
    if meta.metadata.get("asset_class") == "volatility" or is_volatility_index(meta.id):
        return "volatility"
    if (
        meta.calendar == "24/7"
        or meta.metadata.get("asset_class") == "crypto"
        or is_crypto_symbol(meta.id)
    ):
        return "crypto"
    return "equity"


def validate_batch(batch: SeriesBatch, gates: QualityGates = DEFAULT_GATES) -> SeriesBatch:
    """Check and clean one batch; return a new batch with warnings appended.

    ``gates`` sets the data-quality gates (:class:`QualityGates`).

    Raises
    ------
    ValidationError
        With a one-line message naming the series and what to fix.
    """
    sid = batch.meta.id
    id_problem = series_id_problem(sid)
    if id_problem is not None:
        raise ValidationError(id_problem)
    data = batch.data
    warnings = list(batch.warnings)
    missing = {"date", "field", "value"} - set(data.columns)
    if missing:
        raise ValidationError(f"{sid}: batch lacks columns {sorted(missing)}")
    if data.empty:
        raise ValidationError(f"{sid}: no observations to store (check the symbol and the dates)")

    dates = _parse_dates(data["date"], sid)
    values = _parse_values(data["value"], sid)
    fields = data["field"].astype(str).to_numpy()
    unknown = sorted(set(fields) - set(KNOWN_FIELDS))
    if unknown:
        raise ValidationError(
            f"{sid}: unknown field(s) {unknown}; use one of {list(KNOWN_FIELDS)} (--field)"
        )
    clean = pd.DataFrame({"date": dates, "field": fields, "value": values})
    if "vintage" in data.columns:
        clean["vintage"] = pd.to_datetime(data["vintage"].to_numpy(), utc=True)
    for col in SOURCE_COLUMNS:
        if col in data.columns:
            clean[col] = data[col].to_numpy()
    _check_future(clean, batch.meta, gates)

    n_nan = int(np.isnan(values).sum())
    if n_nan:
        warnings.append(f"{n_nan} missing (NaN/empty) values skipped")
        clean = clean[~np.isnan(clean["value"].to_numpy())]
    n_inf = int(np.isinf(clean["value"].to_numpy()).sum())
    if n_inf:
        first = clean.loc[np.isinf(clean["value"].to_numpy()), "date"].iloc[0]
        raise ValidationError(
            f"{sid}: {n_inf} infinite values (first on {_d(first)}): fix the source"
        )
    if clean.empty:
        raise ValidationError(f"{sid}: every value is missing; nothing to store")

    if batch.meta.kind == "price":
        bad = clean["field"].isin(PRICE_FIELDS).to_numpy() & (clean["value"].to_numpy() <= 0)
        if bad.any():
            row = clean[bad].iloc[0]
            raise ValidationError(
                f"{sid}: {int(bad.sum())} non-positive prices (first: {row['field']} = "
                f"{row['value']} on {_d(row['date'])}{_where(batch.meta, row)}): "
                "fix the source or import it as --kind macro"
            )

    in_order = clean.groupby("field", sort=False)["date"].apply(lambda d: d.is_monotonic_increasing)
    if not in_order.all():
        warnings.append("dates were not sorted; sorted them")
    key = ["date", "field"] + (["vintage"] if "vintage" in clean.columns else [])
    clean = clean.sort_values(key, kind="stable").reset_index(drop=True)

    dup_mask = clean.duplicated(subset=key, keep=False)
    if dup_mask.any():
        dups = clean[dup_mask]
        spread = dups.groupby(key)["value"].agg(["min", "max"])
        conflicting = spread[spread["min"] != spread["max"]]
        if not conflicting.empty:
            first_key = conflicting.index[0]
            lo, hi = conflicting.iloc[0]["min"], conflicting.iloc[0]["max"]
            raise ValidationError(
                f"{sid}: {len(conflicting)} dates have conflicting values "
                f"(first: {_d(first_key[0])} {first_key[1]} = {lo} vs {hi}): "
                "remove the duplicate rows or pick one source"
            )
        n_dup = int(clean.duplicated(subset=key).sum())
        warnings.append(f"{n_dup} duplicate rows with identical values merged")
        clean = clean.drop_duplicates(subset=key).reset_index(drop=True)

    meta, timing_warning = bar_timing(batch.meta, clean["date"])
    if timing_warning:
        warnings.append(timing_warning)
    gap_warning = _gap_warning(clean["date"], meta.frequency)
    if gap_warning:
        warnings.append(gap_warning)
    if meta.kind == "price":
        checks = (_ohlc_flag(clean, meta), _move_flag(clean, meta, gates))
        flags = [f for f in (*checks, _stale_flag(clean, gates)) if f]
        if flags and gates.strict:
            raise ValidationError(f"{sid}: {flags[0]} (--strict turns flags into rejections)")
        warnings.extend(flags)
    clean = clean.drop(columns=[c for c in SOURCE_COLUMNS if c in clean.columns])
    return SeriesBatch(meta=meta, data=clean, warnings=warnings)


#: Optional batch columns naming where a row came from (line of the file, its column).
SOURCE_COLUMNS = ("source_line", "source_column")


def _where(meta: SeriesMeta, row: pd.Series, column: str | None = None) -> str:
    """``, file F, line N, column C`` for a row whose provider says where it came from."""
    parts = []
    file = meta.metadata.get("file")
    if file:
        parts.append(f"file {file}")
    line = row.get("source_line") if hasattr(row, "get") else None
    if line is not None and not pd.isna(line):
        parts.append(str(line))
    col = column or (row.get("source_column") if hasattr(row, "get") else None)
    if col is not None and not pd.isna(col):
        parts.append(f"column {col}")
    return (", " + ", ".join(parts)) if parts else ""


def _check_future(clean: pd.DataFrame, meta: SeriesMeta, gates: QualityGates) -> None:
    today = gates.today or dt.datetime.now(dt.UTC).date()
    limit = pd.Timestamp(today) + pd.Timedelta(days=gates.future_days + 1)
    dates = pd.DatetimeIndex(clean["date"])
    if dates.tz is not None:
        dates = dates.tz_convert("UTC").tz_localize(None)
    future = np.asarray(dates >= limit)
    if future.any():
        row = clean[future].iloc[0]
        raise ValidationError(
            f"{meta.id}: {int(future.sum())} observations dated after the ingest day "
            f"{today.isoformat()} (+{gates.future_days} day; first: {_d(row['date'])} "
            f"{row['field']}{_where(meta, row)}): fix the dates or remove those rows"
        )


def _latest(clean: pd.DataFrame) -> pd.DataFrame:
    """One row per (date, field): the latest vintage."""
    if "vintage" in clean.columns:
        clean = clean.sort_values(["date", "field", "vintage"], kind="stable")
    return clean.drop_duplicates(subset=["date", "field"], keep="last")


#: Relative amount by which a bar may break OHLC consistency and still be stored with a
#: flag (vendor rounding: HYG on 2026-08-21 opens at 79.66 above its 79.65 high); a larger
#: break rejects the series.
OHLC_TOLERANCE = 1e-3


def _ohlc_flag(clean: pd.DataFrame, meta: SeriesMeta) -> str | None:
    """Reject bars breaking OHLC consistency by more than :data:`OHLC_TOLERANCE`; return a
    flag for smaller breaks (None when every bar is consistent)."""
    ohlc = _latest(clean[clean["field"].isin(("open", "high", "low", "close"))])
    if ohlc.empty:
        return None
    wide = ohlc.pivot(index="date", columns="field", values="value")
    problems = []
    for low_f, high_f in (
        ("low", "high"),
        ("low", "open"),
        ("low", "close"),
        ("open", "high"),
        ("close", "high"),
    ):
        if low_f in wide.columns and high_f in wide.columns:
            lo, hi = wide[low_f], wide[high_f]
            excess = (lo - hi) / hi.abs()
            for date in wide.index[(excess > 1e-12).fillna(False).to_numpy()]:
                problems.append((date, low_f, high_f, lo[date], hi[date], excess[date]))
    if not problems:
        return None
    problems.sort(key=lambda p: p[0])
    gross = [p for p in problems if p[5] > OHLC_TOLERANCE]
    shown = gross or problems
    n_bars = len({p[0] for p in shown})
    date, low_f, high_f, lo, hi, _ = shown[0]
    broken = "low" if low_f == "low" else "high"
    src = ohlc[(ohlc["date"] == date) & (ohlc["field"] == broken)].iloc[0]
    detail = f"{_d(date)}: {low_f} {lo:g} > {high_f} {hi:g}{_where(meta, src)}"
    if gross:
        raise ValidationError(
            f"{meta.id}: {n_bars} bars break OHLC consistency (first: {detail}): a bar needs "
            "low <= open, close <= high; fix or delete those rows"
        )
    return f"{n_bars} bars break OHLC consistency by at most {OHLC_TOLERANCE:.1%} (first: {detail})"


def _closes(clean: pd.DataFrame) -> pd.Series:
    """The series a move or a stale run is measured on: close, else adj_close, else value."""
    for field in ("close", "adj_close", "value"):
        rows = _latest(clean[clean["field"] == field])
        if len(rows):
            return pd.Series(rows["value"].to_numpy(), index=pd.DatetimeIndex(rows["date"]))
    return pd.Series(dtype=float)


def _move_flag(clean: pd.DataFrame, meta: SeriesMeta, gates: QualityGates) -> str | None:
    closes = _closes(clean)
    closes = closes[closes > 0]
    if len(closes) < 2:
        return None
    cls = asset_class(meta)
    limit = gates.max_log_move.get(cls)
    if limit is None:
        return None
    moves = np.log(closes).diff().iloc[1:]
    big = moves[moves.abs() > limit]
    if big.empty:
        return None
    worst = big.abs().idxmax()
    pos = closes.index.get_loc(worst)
    prev = closes.iloc[pos - 1]
    return (
        f"{len(big)} extreme moves between consecutive bars (|log return| > {limit:g}, "
        f"{cls} limit; largest {big[worst]:+.3f} on {_d(worst)}: {prev:g} -> "
        f"{closes[worst]:g}; first {_d(big.index[0])})"
    )


def _stale_flag(clean: pd.DataFrame, gates: QualityGates) -> str | None:
    closes = _closes(clean)
    if len(closes) < gates.stale_run:
        return None
    values = closes.to_numpy()
    run_id = np.concatenate([[0], np.cumsum(values[1:] != values[:-1])])
    lengths = np.bincount(run_id)
    stale = np.flatnonzero(lengths >= gates.stale_run)
    if not len(stale):
        return None
    longest = int(stale[np.argmax(lengths[stale])])
    idx = np.flatnonzero(run_id == longest)
    return (
        f"{len(stale)} runs of >= {gates.stale_run} identical consecutive values (longest: "
        f"{int(lengths[longest])} of {values[idx[0]]:g} from {_d(closes.index[idx[0]])} to "
        f"{_d(closes.index[idx[-1]])})"
    )


#: Shortest span of daily bars over which a crypto series must show weekend bars.
WEEKEND_CHECK_SPAN = pd.Timedelta(days=28)


def bar_timing(meta: SeriesMeta, dates: pd.Series) -> tuple[SeriesMeta, str | None]:
    """Register what a crypto series' bars really are: detect a weekday-only feed.

    A crypto series (calendar ``24/7`` or ``metadata["asset_class"] == "crypto"``) of
    daily bars spanning at least :data:`WEEKEND_CHECK_SPAN` with **no** Saturday or
    Sunday bar comes from a weekday-only vendor feed (Stooq's BTCUSD): each Monday bar
    holds the weekend's move and the bar closes at the vendor's hour, not at the 00:00 UTC
    close of a Yahoo/CoinMarketCap candle. It is registered as what it is —
    ``frequency="business"``, ``calendar="XNYS"`` (weekday bars, annualised with 252
    periods a year, aligned like an equity), ``metadata["bars"] = "weekdays"`` and a
    ``timing_note`` the alignment notes repeat — and the ingest summary says so.

    Returns
    -------
    (SeriesMeta, str or None)
        The registry entry to store and the warning (None when nothing was found).
    """
    crypto = meta.calendar == "24/7" or meta.metadata.get("asset_class") == "crypto"
    daily = meta.frequency in ("daily", "business")
    if not (crypto and daily and meta.kind in ("price", "crypto_market")):
        return meta, None
    days = pd.DatetimeIndex(dates.unique())
    if len(days) < 2 or days.max() - days.min() < WEEKEND_CHECK_SPAN:
        return meta, None
    if bool((days.day_of_week >= 5).any()):
        return meta, None
    note = (
        "weekday-only crypto bars (none on Saturday/Sunday, so the Monday bar holds the "
        "weekend; closing at the vendor's hour, not at 00:00 UTC)"
    )
    stamp_note = meta.metadata.get("timing_note")
    if stamp_note and stamp_note != note:
        note = f"{note}; {stamp_note}"
    metadata = {**meta.metadata, "bars": "weekdays", "timing_note": note}
    registered = dataclasses.replace(meta, frequency="business", calendar="XNYS", metadata=metadata)
    warning = (
        f"crypto series without weekend bars (none of {len(days)} bars from {_d(days.min())} "
        f"to {_d(days.max())} falls on a Saturday or Sunday): a weekday-only feed, registered "
        "as weekday bars (frequency business, calendar XNYS, 252 a year), not 24/7; its "
        "Monday bar holds the weekend's move and it closes at the vendor's hour"
    )
    return registered, warning


def _parse_dates(column: pd.Series, sid: str) -> pd.Series:
    if column.dtype == object:
        aware = {
            getattr(v, "tzinfo", None) is not None
            for v in column
            if isinstance(v, dt.datetime | pd.Timestamp)
        }
        if len(aware) > 1:
            raise ValidationError(
                f"{sid}: mixed timezone-naive and timezone-aware timestamps; "
                "make all dates UTC (or all naive session dates)"
            )
    try:
        parsed = pd.to_datetime(column, utc=False)
    except (ValueError, TypeError) as exc:
        if "tz-aware" in str(exc) or "timezone" in str(exc).lower():
            raise ValidationError(
                f"{sid}: mixed timezone-naive and timezone-aware timestamps; "
                "make all dates UTC (or all naive session dates)"
            ) from exc
        raise ValidationError(
            f"{sid}: unreadable dates ({exc}); use ISO dates (YYYY-MM-DD)"
        ) from exc
    if parsed.isna().any():
        raise ValidationError(f"{sid}: {int(parsed.isna().sum())} rows have no date")
    return parsed


def _parse_values(column: pd.Series, sid: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.to_numpy(dtype=float)
    text = column.astype("string").str.strip()
    empty = missing_value_mask(text)
    numeric = pd.to_numeric(text.where(~empty), errors="coerce")
    bad = numeric.isna() & ~empty
    if bad.any():
        example = text[bad].iloc[0]
        raise ValidationError(
            f"{sid}: {int(bad.sum())} non-numeric values (first: {example!r}); "
            "fix the file or choose the value column with --field/--value-col"
        )
    return numeric.to_numpy(dtype=float, na_value=np.nan)


def _gap_warning(dates: pd.Series, frequency: str) -> str | None:
    limit = MAX_NORMAL_GAP.get(frequency)
    unique = pd.DatetimeIndex(dates.unique()).sort_values()
    if limit is None or len(unique) < 2:
        return None
    gaps = unique[1:] - unique[:-1]
    long_gaps = gaps > limit
    if not long_gaps.any():
        return None
    worst = int(np.argmax(gaps))
    return (
        f"{int(long_gaps.sum())} gaps longer than expected for {frequency} data "
        f"(longest: {gaps[worst].days} days after {_d(unique[worst])})"
    )


def _d(value: object) -> str:
    ts = pd.Timestamp(value)
    try:
        return ts.date().isoformat() if ts.hour == ts.minute == 0 else ts.isoformat()
    except (ValueError, NotImplementedError, OverflowError):  # outside Python's dates
        return str(ts)
