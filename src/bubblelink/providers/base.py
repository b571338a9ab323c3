"""What every provider returns: tidy observation batches, one per series.

A provider turns a request (symbols, dates) into :class:`SeriesBatch` objects. It never
writes to the store; the ingest pipeline validates each batch and writes all valid
batches in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

SeriesKind = Literal["price", "macro", "crypto_market", "flow", "fundamental"]
Frequency = Literal["intraday", "daily", "business", "weekly", "monthly", "quarterly"]
Calendar = Literal["24/7", "XNYS", "none"]

PRICE_FIELDS = ("open", "high", "low", "close", "adj_close")
KNOWN_FIELDS = (*PRICE_FIELDS, "volume", "value")

#: Cell texts that mean "no value" in every file importer (compared after stripping,
#: case-insensitively): a blank cell, FRED's ``.``, and the spreadsheet/pandas spellings
#: ``NaN``, ``NA``, ``N/A``, ``#N/A`` and ``null``. Such a cell is a missing observation,
#: skipped with a counted warning like a blank one; it never rejects the file.
MISSING_VALUE_TEXTS = frozenset({"", ".", "nan", "na", "n/a", "#n/a", "null"})


def missing_value_mask(text: pd.Series) -> pd.Series:
    """True where a cell of ``text`` is missing (None/NaN or one of :data:`MISSING_VALUE_TEXTS`).

    Parameters
    ----------
    text : pandas.Series
        Cells as read from a file (text; non-text values are turned into text first).

    Returns
    -------
    pandas.Series of bool
        Aligned with ``text``.
    """
    as_text = text.astype("string").str.strip().str.lower()
    return (as_text.isna() | as_text.isin(MISSING_VALUE_TEXTS)).astype(bool)


@dataclass(frozen=True)
class SeriesMeta:
    """Registry entry of one series.

    Attributes
    ----------
    id : str
        Canonical symbol: a Yahoo-style ticker (``BTC-USD``, ``^IXIC``) or a FRED id.
    kind : {"price", "macro", "crypto_market", "flow", "fundamental"}
    unit : str
        E.g. ``"USD"``, ``"billions USD"``, ``"percent"``, ``"index"``.
    frequency : {"intraday", "daily", "business", "weekly", "monthly", "quarterly"}
        ``daily`` means every calendar day (crypto); ``business`` means exchange sessions.
    source : str
        Provider name (``yahoo``, ``fred``, ``csv:<file>``, ``sample``...).
    calendar : {"24/7", "XNYS", "none"}
        The trading calendar of a price series; ``none`` for macro series.
    synthetic : bool
        True for generated data; every output using it says so.
    metadata : dict
        Anything else worth keeping (file, URL, true model parameters of the sample).
    """

    id: str
    kind: SeriesKind = "price"
    unit: str = "USD"
    frequency: Frequency = "business"
    source: str = "unknown"
    calendar: Calendar = "XNYS"
    synthetic: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class SeriesBatch:
    """Observations of one series from one provider call.

    Attributes
    ----------
    meta : SeriesMeta
    data : pandas.DataFrame
        Long format with columns ``date`` (datetime64, UTC-naive session/observation
        date or tz-aware UTC timestamp for intraday bars), ``field`` (one of
        :data:`KNOWN_FIELDS`) and ``value`` (float). Optionally ``vintage``
        (tz-aware UTC timestamp at which the value became known, e.g. FRED's
        ``realtime_start``); when absent the ingest time is the vintage.
    warnings : list of str
        Problems the provider already handled (e.g. "3 empty values skipped").
    """

    meta: SeriesMeta
    data: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def wide_to_long(frame: pd.DataFrame, date_column: str = "date") -> pd.DataFrame:
    """Turn a wide bar table (date, open, high, ...) into the long batch format.

    Columns other than ``date_column`` must already be named with :data:`KNOWN_FIELDS`.
    Missing values are dropped (they are not observations).
    """
    long = frame.melt(id_vars=[date_column], var_name="field", value_name="value")
    long = long.rename(columns={date_column: "date"})
    long = long.dropna(subset=["value"])
    return long.reset_index(drop=True)


@dataclass
class FetchResult:
    """What a provider call returns: the batches it got and the symbols that failed.

    One failing symbol never stops the others: its one-line reason goes to
    ``failures`` and the ingest summary reports it.
    """

    batches: list[SeriesBatch] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def drop_missing_values(data: pd.DataFrame, what: str = "value") -> tuple[pd.DataFrame, str | None]:
    """Drop rows whose ``value`` is missing or not finite (NaN, ±inf).

    Providers never pass NaN/inf on silently: they drop them here and put the returned
    warning (``None`` when nothing was dropped) into :attr:`SeriesBatch.warnings`.

    Parameters
    ----------
    data : pandas.DataFrame
        Long batch frame with a ``value`` column (coerced to float).
    what : str
        How to name the dropped items in the warning, e.g. ``"empty observations"``.
    """
    values = pd.to_numeric(data["value"], errors="coerce").astype("float64")
    keep = values.notna() & ~values.isin([float("inf"), float("-inf")])
    dropped = int((~keep).sum())
    cleaned = data.loc[keep].copy()
    cleaned["value"] = values[keep]
    cleaned = cleaned.reset_index(drop=True)
    if dropped == 0:
        return cleaned, None
    return cleaned, f"{dropped} {what} skipped (missing or not finite)"
