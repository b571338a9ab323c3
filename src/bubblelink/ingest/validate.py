"""Validation of incoming observations, never silent.

Every problem is either a :class:`~bubblelink.errors.ValidationError` (the whole series
is rejected, nothing of it is stored) or a counted warning that ends up in the ingest
summary. The rules:

=============================================  ==========================================
problem                                        outcome
=============================================  ==========================================
value that is not a number ("abc")             error (count and first example)
infinite value                                 error
NaN / empty value                              dropped, counted warning
non-positive open/high/low/close/adj_close     error (first date), for ``kind="price"``
same date and field twice, different values    error (first date, both values)
same date and field twice, same value          de-duplicated, counted warning
dates not sorted                               sorted, warning
naive and tz-aware timestamps mixed            error
gap longer than the series' frequency allows   counted warning with the longest gap
unknown field name                             error
crypto series without weekend bars             warning; registered as weekday bars
                                               (see :func:`bar_timing`)
=============================================  ==========================================
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from bubblelink.errors import ValidationError
from bubblelink.providers.base import KNOWN_FIELDS, PRICE_FIELDS, SeriesBatch, SeriesMeta

#: Longest gap between consecutive observations that is still normal, by frequency.
MAX_NORMAL_GAP = {
    "daily": pd.Timedelta(days=1),
    "business": pd.Timedelta(days=4),  # Friday -> Tuesday over a holiday Monday
    "weekly": pd.Timedelta(days=8),
    "monthly": pd.Timedelta(days=32),
    "quarterly": pd.Timedelta(days=93),
}


def validate_batch(batch: SeriesBatch) -> SeriesBatch:
    """Check and clean one batch; return a new batch with warnings appended.

    Raises
    ------
    ValidationError
        With a one-line message naming the series and what to fix.
    """
    sid = batch.meta.id
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
                f"{row['value']} on {_d(row['date'])}): fix the source or import it as --kind macro"
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
    return SeriesBatch(meta=meta, data=clean, warnings=warnings)


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
    empty = text.isna() | (text == "") | (text == ".")
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
    return ts.date().isoformat() if ts.hour == ts.minute == 0 else ts.isoformat()
