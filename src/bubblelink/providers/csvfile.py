"""Local CSV and Parquet files and directories.

Recognised layouts (generic column names are matched case-insensitively):

* **Yahoo-style**: ``Date, Open, High, Low, Close, Adj Close, Volume`` (any subset of the
  price columns; ``adj close``/``adjclose``/``adj_close`` all mean ``adj_close``).
* **FRED-style**: ``DATE`` or ``observation_date`` plus one value column named ``VALUE``
  or the series id (``M2SL``). Missing values (a blank cell, ``.``, ``NaN``, ``NA``,
  ``N/A``, ``#N/A`` or ``null``, any case) are skipped and counted, in every layout. Each value's vintage is its observation date plus the series' publication
  lag (:mod:`bubblelink.providers.fred_catalog`), so "as of" reads never see a figure
  before it was published.
* **Generic**: a date column (``date``, ``datetime``, ``timestamp``, ``time``, ``day``, or
  ``--date-col``) plus either price columns or exactly one value column (its field is
  ``--field``, else ``close`` for prices and ``value`` otherwise).

Vendor exports, recognised from their first lines (exact header spelling) and named in
the ingest summary's warnings (``layout: ...``):

=================  ==========================================  ==========================
layout             what identifies it                          fields stored
=================  ==========================================  ==========================
yfinance           line 1 ``Price,Close,High,...``, line 2      without an ``Adj Close``
                   ``Ticker,<sym>,...``, line 3 ``Date,,,``;    column (``auto_adjust``,
                   data from line 4 (yfinance >= 0.2.51         the default) ``Close`` is
                   ``df.to_csv()``)                             adjusted: ``adj_close``;
                                                                with one, ``Close`` is the
                                                                raw ``close``
Stooq              ``Date,Open,High,Low,Close[,Volume]``        ``Close`` as published:
                   (or the Polish ``Data,Otwarcie,...``) and    ``close`` (no adjusted
                   ISO dates                                    close in the file)
CoinMarketCap      ``timeOpen;timeClose;...;close;volume;...``  OHLC, volume; keyed by
                   (semicolons, ISO UTC stamps with ``Z``)      ``timeOpen``'s UTC date;
                                                                ``marketCap`` not stored
Investing.com      ``"Date","Price","Open","High","Low",``      ``Price`` is the quoted
                   ``"Vol.","Change %"`` (``12/11/2025``,       price: ``close``; ``Vol.``
                   ``92,511.3``, ``45.2K``)                     ``K``/``M``/``B`` expanded
CoinMarketCap      ``date,last_updated`` then any of            one series per column
global metrics     ``btc_dominance, eth_dominance,``            (:data:`CMC_GLOBAL_METRICS`:
(wide)             ``total_market_cap, altcoin_market_cap,``    ``BTC_DOMINANCE_CMC``, ...),
                   ``stablecoin_market_cap, total_volume_24h``  field ``value``; the
                   (a daily pull of ``v1/global-metrics/``      snapshot times
                   ``quotes/latest``)                           (``last_updated``) kept in
                                                                the metadata
=================  ==========================================  ==========================

The symbol is ``--symbol``, else the yfinance ``Ticker`` row, else the file name (a
CoinMarketCap ``Bitcoin_..._historical_data_coinmarketcap.csv``, an Investing.com
``Bitcoin Historical Data.csv`` or a Stooq ``btcusd_d.csv`` name the asset; aliases apply:
``Bitcoin`` → ``BTC-USD``). Exports listed newest first are sorted. Investing.com dates
are MM/DD/YYYY (investing.com) unless a first number above 12 shows them day-first (its
UK and EU sites); with no number above 12, the order that keeps the rows sorted, US
first; ``Dec 11, 2025`` is read too. A single-header ``auto_adjust=True`` yfinance file
looks like a Stooq export and is read as one: its ``close`` is then adjusted. A
malformed row of a recognised layout is a one-line error naming the layout, the line and
what to fix (``Investing.com layout, line 7: Price 'abc' is not a number: fix or delete
that row``).

A directory may carry a ``symbols.csv`` with columns ``file, symbol, kind, source`` and an
optional ``unit`` mapping its files to symbols; several files mapping to one symbol are merged into one
series (identical values on a date are fine, conflicting ones are an error). Files not
listed there are imported under their file name (upper-cased stem) with a warning.

Units: a series catalogued in :mod:`bubblelink.providers.fred_catalog` or
:mod:`bubblelink.providers.world_catalog` (``EA_M2`` → ``millions EUR``, ``JP_M2`` →
``100 millions JPY``, …) is stored with the catalog's unit, metadata (publisher, currency,
scale, seasonal adjustment) and publication-lag vintages; a ``unit`` column in
``symbols.csv`` sets (or overrides) the unit of any other file. A money series whose unit
stays ``unknown`` is refused by the liquidity gauges rather than guessed.

Frequency and calendar are inferred from the dates and documented in each series'
metadata: spacing under a day → intraday bars, read by
:mod:`bubblelink.providers.csv_intraday` (timestamp columns ``ts``, ``ts_utc``,
``timestamp(s)``, ``datetime``, ``time``; naive stamps are UTC, offsets are converted to
UTC; stamps are bar opens unless ``--bar-stamp close``; stored as the series
``{SYMBOL}[@{venue}]:{timeframe}``, e.g. ``NVDA@yahoo:1h``, never under the daily
symbol); daily with weekend rows → ``daily`` on the
24/7 calendar; daily without weekends → ``business`` (XNYS for prices); then weekly,
monthly, quarterly. A price symbol quoted in a crypto currency pair (``BTC-USD``,
``ETH-USDT@binance``, ``BTC-USD@stooq``) is marked ``asset_class: crypto`` in the
metadata, so validation can tell a weekday-only crypto feed from a 24/7 one
(:func:`bubblelink.ingest.validate.bar_timing`).

Daily bars stamped with a time of day (``2025-12-11T05:00:00Z``, ``2025-12-11 00:00-05:00``)
are keyed by the date as written; a stamp other than the UTC day boundary (00:00 UTC, or
23:59:59 for close-stamped UTC-day candles) is recorded as ``bar_stamp`` in the metadata,
and for a crypto series it is a warning: its bar closes at another hour than the 00:00 UTC
close of a Yahoo/CoinMarketCap daily candle.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.errors import DataError, ValidationError
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta, missing_value_mask
from bubblelink.providers.csv_intraday import BarStamp, detect_timeframe, read_intraday
from bubblelink.providers.fred_catalog import publication_lag, series_info
from bubblelink.providers.world_catalog import world_series_info
from bubblelink.symbols import ALIASES, canonical, is_crypto_symbol

DATE_NAMES = (
    "date",
    "observation_date",
    "datetime",
    "timestamp",
    "timestamps",
    "ts_utc",
    "ts",
    "time",
    "day",
)
PRICE_COLUMN_NAMES = {
    "open": "open",
    "high": "high",
    "low": "low",
    "close": "close",
    "adj close": "adj_close",
    "adj_close": "adj_close",
    "adjclose": "adj_close",
    "adjusted close": "adj_close",
    "volume": "volume",
}
SUFFIXES = (".csv", ".parquet", ".pq", ".txt")
KINDS = ("price", "macro", "crypto_market", "flow", "fundamental")


@dataclass(frozen=True)
class FileSpec:
    """How to read one file: which symbol it holds, and optional overrides."""

    path: Path
    symbol: str | None = None
    kind: str | None = None
    source: str | None = None
    field: str | None = None
    date_col: str | None = None
    unit: str | None = None
    bar_stamp: BarStamp = "open"


class CsvProvider:
    """Import local CSV/Parquet files or directories as series batches.

    Parameters
    ----------
    symbol, kind, field, date_col : str, optional
        Overrides for a single file (``--symbol``, ``--kind``, ``--field``,
        ``--date-col``); for a directory, ``field`` and ``date_col`` apply to every file.
    bar_stamp : {"open", "close"}
        What the timestamps of intraday bars mark (``--bar-stamp``; default the bar open;
        see :mod:`bubblelink.providers.csv_intraday`); applies to every file.
    """

    name = "csv"

    def __init__(
        self,
        symbol: str | None = None,
        kind: str | None = None,
        field: str | None = None,
        date_col: str | None = None,
        bar_stamp: BarStamp = "open",
    ) -> None:
        if kind is not None and kind not in KINDS:
            raise DataError(f"unknown kind {kind!r}; use one of {list(KINDS)}")
        if bar_stamp not in ("open", "close"):
            raise DataError(f"unknown bar stamp {bar_stamp!r}; use open or close")
        self.bar_stamp: BarStamp = bar_stamp
        self.symbol = symbol
        self.kind = kind
        self.field = field
        self.date_col = date_col

    def fetch_paths(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[str, int, int, str], None] | None = None,
    ) -> FetchResult:
        """Read every file (directories are expanded through their ``symbols.csv``).

        ``progress`` (optional) is called as ``("ingest csv", done, total, file name)``
        before each file and once after the last.
        """
        result = FetchResult()
        specs: list[FileSpec] = []
        for raw in paths:
            path = Path(raw).expanduser()
            if path.is_dir():
                specs.extend(self._directory_specs(path, result))
            elif path.exists():
                specs.append(
                    FileSpec(
                        path,
                        symbol=self.symbol,
                        kind=self.kind,
                        field=self.field,
                        date_col=self.date_col,
                        bar_stamp=self.bar_stamp,
                    )
                )
            else:
                raise DataError(f"no such file or directory: {path}")
        if self.symbol is not None and len(specs) > 1:
            raise DataError("--symbol applies to a single file; use a symbols.csv for a directory")
        for done, spec in enumerate(specs):
            if progress is not None:
                progress("ingest csv", done, len(specs), spec.path.name)
            label = spec.symbol or spec.path.name
            try:
                result.batches.extend(read_file_batches(spec))
            except (DataError, OSError, ValueError) as exc:
                result.failures[canonical(spec.symbol) if spec.symbol else label] = (
                    f"{spec.path.name}: {exc}"
                )
        if progress is not None:
            progress("ingest csv", len(specs), len(specs), "")
        return result

    def _directory_specs(self, directory: Path, result: FetchResult) -> list[FileSpec]:
        files = sorted(p for p in directory.iterdir() if p.suffix.lower() in SUFFIXES)
        mapping_file = directory / "symbols.csv"
        mapped: dict[str, dict[str, str]] = {}
        if mapping_file.exists():
            table = pd.read_csv(mapping_file, dtype=str, keep_default_na=False)
            need = {"file", "symbol"}
            if not need <= set(table.columns):
                raise DataError(
                    f"{mapping_file} must have columns file, symbol[, kind, source]; "
                    f"found {list(table.columns)}"
                )
            for row in table.to_dict("records"):
                mapped[row["file"]] = row
            for name, row in mapped.items():
                if not (directory / name).exists():
                    result.failures[canonical(row["symbol"])] = (
                        f"{name} is listed in symbols.csv but does not exist"
                    )
        specs = []
        for path in files:
            if path.name == "symbols.csv":
                continue
            row = mapped.get(path.name)
            if row is None and mapped:
                # not in the mapping: import under the file name, but say so
                specs.append(
                    FileSpec(
                        path, field=self.field, date_col=self.date_col, bar_stamp=self.bar_stamp
                    )
                )
                continue
            specs.append(
                FileSpec(
                    path,
                    symbol=row["symbol"] if row else None,
                    kind=(row.get("kind") or None) if row else self.kind,
                    source=(row.get("source") or None) if row else None,
                    unit=(row.get("unit") or None) if row else None,
                    field=self.field,
                    date_col=self.date_col,
                    bar_stamp=self.bar_stamp,
                )
            )
        return specs


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (every cell as text, so validation sees what was written) or Parquet.

    Raises
    ------
    DataError
        An empty, malformed or non-UTF-8 CSV; a file that is not a readable Parquet file.
    """
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow as pa

        try:
            return pd.read_parquet(path)
        except (pa.ArrowException, OSError, ValueError) as exc:
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            first = first.replace(str(path), path.name)
            raise DataError(
                f"not a readable Parquet file ({first}): write it again with "
                "DataFrame.to_parquet or import a CSV"
            ) from exc
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError as exc:
        raise DataError("the file is empty") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8") from exc
    except pd.errors.ParserError as exc:
        first = str(exc).splitlines()[0]
        raise DataError(f"malformed CSV ({first}); check the delimiter and quoting") from exc


def read_file_batches(spec: FileSpec) -> list[SeriesBatch]:
    """Every series one file holds: several for a wide CoinMarketCap global-metrics file
    (:func:`read_cmc_global_metrics`), else the one :func:`read_file` reads."""
    if is_cmc_global_metrics(spec.path):
        return read_cmc_global_metrics(spec)
    return [read_file(spec)]


def read_file(spec: FileSpec) -> SeriesBatch:
    """Turn one file into a batch (layout detection as described in the module doc)."""
    export = read_export(spec.path)
    if export is not None:
        return _export_batch(spec, export)
    table = read_table(spec.path)
    table.columns = [str(c).strip() for c in table.columns]
    if table.empty:
        raise DataError("the file has a header but no rows")
    date_col = _date_column(table, spec.date_col)
    if _looks_intraday(table[date_col]):
        return _intraday_batch(spec, table, date_col)
    value_cols = [c for c in table.columns if c != date_col and c.strip()]
    price_map = {
        c: PRICE_COLUMN_NAMES[c.lower()] for c in value_cols if c.lower() in PRICE_COLUMN_NAMES
    }
    fred_style = date_col.lower() == "observation_date" or (
        len(value_cols) == 1 and _looks_like_fred_id(value_cols[0])
    )

    if price_map and len(price_map) >= 1 and not (len(value_cols) == 1 and spec.field):
        kind = spec.kind or "price"
        columns = price_map
    else:
        if len(value_cols) != 1:
            raise DataError(
                f"cannot tell which column holds the values (columns: {list(table.columns)}); "
                "pass --field with a single-value file or use OHLC column names"
            )
        kind = spec.kind or ("macro" if fred_style or spec.source == "fred" else "price")
        field = spec.field or ("close" if kind == "price" else "value")
        columns = {value_cols[0]: field}

    symbol = spec.symbol or _symbol_from(spec.path, value_cols, fred_style)
    symbol = canonical(symbol)
    keyed = bar_dates(table[date_col])
    parquet = spec.path.suffix.lower() in (".parquet", ".pq")
    # where each row came from, for validation messages (header on line 1; no blank lines)
    lines = [f"row {i + 1}" if parquet else f"line {i + 2}" for i in range(len(table))]
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "date": keyed.dates.to_numpy(),
                    "field": field,
                    "value": table[col].to_numpy(),
                    "source_line": lines,
                    "source_column": col,
                }
            )
            for col, field in columns.items()
        ],
        ignore_index=True,
    )
    is_fred = spec.source == "fred" or (spec.source is None and fred_style)
    meta = _meta_for(symbol, kind, keyed.frequency, spec, is_fred)
    warnings = _stamp_warnings(meta, keyed)
    if is_fred or world_series_info(symbol) is not None:
        lag = publication_lag(symbol, keyed.frequency)
        naive = pd.DatetimeIndex(long["date"])
        if naive.tz is not None:
            naive = naive.tz_convert("UTC").tz_localize(None)
        long["vintage"] = (naive + pd.Timedelta(days=lag)).tz_localize("UTC")
        meta.metadata["publication_lag_days"] = lag
        meta.metadata["vintage_rule"] = "observation date + publication lag (no real-time data)"
    return SeriesBatch(meta=meta, data=long, warnings=warnings)


def _looks_intraday(column: pd.Series) -> bool:
    """True when the readable stamps of ``column`` are less than a day apart."""
    parsed = pd.to_datetime(
        column.astype(str).str.strip(), format="mixed", errors="coerce", utc=True
    ).dropna()
    return len(parsed) >= 3 and infer_frequency(pd.DatetimeIndex(parsed.unique())) == "intraday"


def _intraday_batch(spec: FileSpec, table: pd.DataFrame, date_col: str) -> SeriesBatch:
    """A file of intraday bars (:mod:`bubblelink.providers.csv_intraday`)."""
    first_line = 1 if spec.path.suffix.lower() in (".parquet", ".pq") else 2
    bars = read_intraday(table, date_col, spec.path, spec.symbol, spec.bar_stamp, first_line)
    meta = _meta_for(bars.series_id, spec.kind or "price", "intraday", spec, is_fred=False)
    if meta.kind == "price" and meta.metadata.get("asset_class") != "crypto":
        meta = dataclasses.replace(meta, calendar="XNYS")
    meta.metadata.update(bars.metadata)
    long = pd.concat(
        [
            pd.DataFrame({"date": bars.opens, "field": name, "value": values})
            for name, values in bars.values.items()
        ],
        ignore_index=True,
    )
    return SeriesBatch(meta=meta, data=long, warnings=list(bars.warnings))


def _meta_for(symbol: str, kind: str, frequency: str, spec: FileSpec, is_fred: bool) -> SeriesMeta:
    source = f"csv:{spec.path.name}" + (f" ({spec.source})" if spec.source else "")
    metadata: dict[str, object] = {"file": str(spec.path), "frequency_inferred": True}
    if spec.source:
        metadata["original_source"] = spec.source
    world = world_series_info(symbol)
    if world is not None:
        unit = world.unit
        metadata.update(world.metadata())
    elif is_fred:
        info = series_info(symbol)
        unit = info.unit if info else "unknown"
        if info:
            metadata["title"] = info.title
    elif kind == "price":
        unit = "index points" if symbol.startswith("^") else "USD"
    elif symbol == "BTC_DOMINANCE":
        unit = "percent"
    elif kind == "crypto_market":
        unit = "USD"
    else:
        unit = "unknown"
    if spec.unit:
        unit = spec.unit
    if kind == "price":
        calendar = "24/7" if frequency in ("daily", "intraday") else "XNYS"
        if is_crypto_symbol(symbol):
            metadata["asset_class"] = "crypto"
    elif kind == "crypto_market":
        calendar = "24/7"
    else:
        calendar = "none"
    return SeriesMeta(
        id=symbol,
        kind=kind,  # type: ignore[arg-type]
        unit=unit,
        frequency=frequency,  # type: ignore[arg-type]
        source=source,
        calendar=calendar,  # type: ignore[arg-type]
        synthetic=False,
        metadata=metadata,
    )


def _date_column(table: pd.DataFrame, override: str | None) -> str:
    if override is not None:
        if override not in table.columns:
            raise DataError(
                f"--date-col {override!r} is not a column (columns: {list(table.columns)})"
            )
        return override
    for name in DATE_NAMES:
        for column in table.columns:
            if column.lower() == name:
                return column
    raise ValidationError(
        f"no recognisable date column (found columns: {list(table.columns)}); "
        "name it Date/observation_date (intraday: ts, ts_utc, timestamp(s), datetime, time) "
        "or pass --date-col"
    )


def _parse_dates_column(dates: pd.Series) -> pd.Series:
    text = dates.astype(str).str.strip()
    if (text == "").any():
        raise ValidationError(f"{int((text == '').sum())} rows have an empty date")
    has_tz = text.str.contains(_OFFSET, regex=True)
    if has_tz.any() and not has_tz.all():
        raise ValidationError(
            "mixed timezone-naive and timezone-aware timestamps; make all dates UTC "
            "(or all naive session dates)"
        )
    try:
        parsed = pd.to_datetime(text, utc=bool(has_tz.all()), format="mixed")
    except (ValueError, TypeError) as exc:
        try:
            each = pd.to_datetime(text, utc=bool(has_tz.all()), format="mixed", errors="coerce")
        except (ValueError, TypeError):
            # no single bad cell: a zone inside the text (``+0200 (CEST)``), which the
            # offset check above (at the end of the text) does not see
            raise ValidationError(
                f"dates in more than one time zone (e.g. {_zoned(text)!r}): make all dates "
                "UTC (or all naive session dates) in ISO form YYYY-MM-DD[THH:MM+00:00]"
            ) from exc
        bad = text[each.isna()]
        example = bad.iloc[0] if len(bad) else text.iloc[0]  # the first date that fails
        raise ValidationError(
            f"unreadable dates (e.g. {example!r}): use ISO dates YYYY-MM-DD"
        ) from exc
    years = parsed.dt.year
    outside = (years < FIRST_YEAR) | (years > LAST_YEAR)
    if outside.any():
        raise ValidationError(
            f"{int(outside.sum())} dates outside the years {FIRST_YEAR}-{LAST_YEAR} (e.g. "
            f"{text[outside].iloc[0]!r}): use ISO dates YYYY-MM-DD"
        )
    return parsed


#: The years a date may have (pandas' nanosecond timestamps span 1677-09-21 to
#: 2262-04-11: a file's year 2 or 12025 is a typo, not data).
FIRST_YEAR, LAST_YEAR = 1678, 2261


def _zoned(text: pd.Series) -> str:
    """The first date of ``text`` read with a time zone (else the first date)."""
    for value in text:
        try:
            if pd.Timestamp(value).tzinfo is not None:
                return str(value)
        except (ValueError, TypeError, OverflowError):
            continue
    return str(text.iloc[0])


def _looks_like_fred_id(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9]{3,20}", name)) or name.lower() == "value"


def _symbol_from(path: Path, value_cols: list[str], fred_style: bool) -> str:
    if fred_style and len(value_cols) == 1 and value_cols[0].lower() != "value":
        return value_cols[0]
    stem = path.stem
    return stem.removeprefix("fred_").upper()


def infer_frequency(dates: pd.DatetimeIndex) -> str:
    """Classify observation spacing: intraday, daily (24/7), business, weekly, monthly, quarterly."""
    dates = dates.sort_values()
    if len(dates) < 3:
        return "daily"
    spacing = (dates[1:] - dates[:-1]).total_seconds().to_numpy() / 86_400.0
    median = float(np.median(spacing))
    if median < 0.9:
        return "intraday"
    if median <= 1.5:
        weekend_share = float(np.mean(dates.day_of_week >= 5))
        return "daily" if weekend_share > 0.1 else "business"
    if median <= 10:
        return "weekly"
    if median <= 45:
        return "monthly"
    return "quarterly"


# -- the time of day of daily bars -----------------------------------------------------

#: A UTC offset at the end of a timestamp (``Z``, ``+00:00``, ``-0500``).
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
#: Stamps from here to midnight are the close of a UTC-day candle (CoinMarketCap's
#: ``23:59:59.999Z``), as good as a 00:00 UTC open stamp.
_DAY_END = pd.Timedelta(hours=23, minutes=59)


@dataclass(frozen=True)
class BarDates:
    """The dates a file's rows are keyed by.

    Attributes
    ----------
    dates : Series
        Naive session dates for daily and lower-frequency bars (the date as written,
        whatever time of day or offset it carries); the timestamps themselves for
        intraday bars (tz-aware UTC when the file gives offsets).
    frequency : str
        :func:`infer_frequency` of the keyed dates.
    stamp : str or None
        For daily bars stamped at a time of day other than the UTC day boundary, the most
        common stamp (``"05:00 UTC"``, ``"16:00 (no time zone in the file)"``); else None.
    """

    dates: pd.Series
    frequency: str
    stamp: str | None = None


def bar_dates(column: pd.Series) -> BarDates:
    """Key the rows of a file by date (see :class:`BarDates`).

    Raises
    ------
    ValidationError
        Empty or unreadable dates, or naive and tz-aware stamps mixed.
    """
    text = column.astype(str).str.strip()
    parsed = _parse_dates_column(text)
    stamps = pd.DatetimeIndex(parsed)
    frequency = infer_frequency(pd.DatetimeIndex(stamps.unique()))
    if frequency == "intraday":
        return BarDates(parsed, frequency)
    aware = stamps.tz is not None
    naive = stamps.tz_convert("UTC").tz_localize(None) if aware else stamps
    time_of_day = naive - naive.normalize()
    if not aware and bool((time_of_day == pd.Timedelta(0)).all()):
        return BarDates(parsed, frequency)
    wall = pd.to_datetime(text.str.replace(_OFFSET, "", regex=True), format="mixed")
    keyed = pd.Series(pd.DatetimeIndex(wall).normalize(), index=column.index)
    modal = pd.Series(time_of_day).mode().iloc[0]
    stamp: str | None = None
    if not aware:
        stamp = f"{_hh_mm(modal)} (no time zone in the file)"
    elif modal != pd.Timedelta(0) and modal < _DAY_END:
        stamp = f"{_hh_mm(modal)} UTC"
    return BarDates(keyed, infer_frequency(pd.DatetimeIndex(keyed.unique())), stamp)


def _hh_mm(delta: pd.Timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _stamp_warnings(meta: SeriesMeta, keyed: BarDates) -> list[str]:
    """Record an off-boundary stamp in the metadata; for a crypto series, warn."""
    if keyed.stamp is None:
        return []
    meta.metadata["bar_stamp"] = keyed.stamp
    if meta.metadata.get("asset_class") != "crypto" and meta.calendar != "24/7":
        return []
    note = (
        f"daily bars stamped {keyed.stamp}, not at the UTC day boundary: keyed by the date "
        "as written, so each bar closes at another hour than a 00:00 UTC daily candle"
    )
    meta.metadata["timing_note"] = note
    return [note]


# -- vendor exports --------------------------------------------------------------------


@dataclass(frozen=True)
class VendorExport:
    """A recognised vendor export, read into columns.

    Attributes
    ----------
    layout : str
        ``yfinance``, ``Stooq``, ``CoinMarketCap`` or ``Investing.com``.
    dates : Series of str
        The date of each row (ISO text, as the generic date parser reads it).
    values : dict
        Field name → float Series aligned with ``dates`` (NaN where the file is empty).
    message : str
        ``layout: ...``: what was recognised and which field is adjusted or raw.
    symbol : str or None
        The symbol the file names (yfinance ``Ticker`` row, file-name patterns).
    unit : str or None
        The quote unit when the file states one (CoinMarketCap's ``name`` id).
    metadata : dict
        Kept in the registry entry (``layout``, ``adjustment``, ``bar_close``...).
    """

    layout: str
    dates: pd.Series
    values: dict[str, pd.Series]
    message: str
    symbol: str | None = None
    unit: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


#: Stooq's answers that come instead of a CSV (saved as the file by a download script).
_STOOQ_REFUSALS = ("no data", "exceeded the daily hits limit")
_STOOQ_HEADERS = (
    ["Date", "Open", "High", "Low", "Close"],
    ["Date", "Open", "High", "Low", "Close", "Volume"],
    ["Data", "Otwarcie", "Najwyzszy", "Najnizszy", "Zamkniecie"],
    ["Data", "Otwarcie", "Najwyzszy", "Najnizszy", "Zamkniecie", "Wolumen"],
)
#: Investing.com's header (``Vol.`` is absent for some indices).
_INVESTING_HEADER = ["Date", "Price", "Open", "High", "Low", "Vol.", "Change %"]
#: CoinMarketCap's id of the quote currency in its ``name`` column.
_CMC_QUOTES = {"2781": "USD"}


def read_export(path: Path) -> VendorExport | None:
    """Read ``path`` when its first lines are a known vendor export, else None.

    Raises
    ------
    DataError
        A recognised layout with a malformed row (the layout, the line and what to fix),
        or a Stooq refusal ("No data") saved as the file.
    """
    if path.suffix.lower() not in (".csv", ".txt"):
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            head = [handle.readline().strip() for _ in range(3)]
    except (OSError, UnicodeDecodeError):
        return None
    cells = [[c.strip().strip('"') for c in line.split(",")] for line in head]
    if head[0].lower() in _STOOQ_REFUSALS:
        raise DataError(
            f"Stooq layout, line 1: the file holds Stooq's answer {head[0]!r}, not prices: "
            "check the symbol (e.g. btcusd, nvda.us) and the date range, then download again"
        )
    if cells[0][0] == "Price" and cells[1][0] == "Ticker":
        return _yfinance(path)
    if head[0].split(";")[:2] == ["timeOpen", "timeClose"]:
        return _coinmarketcap(path)
    if cells[0][:5] == _INVESTING_HEADER[:5] and cells[0][-1] == "Change %":
        return _investing(path)
    if cells[0] in _STOOQ_HEADERS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[1][0]):
        return _stooq(path)
    return None


Row = tuple[int, list[str]]


def _records(path: Path, layout: str, delimiter: str = ",") -> list[Row]:
    """Non-empty rows of ``path`` with their line numbers (quotes handled by ``csv``)."""
    rows: list[Row] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    rows.append((reader.line_num, [c.strip() for c in cells]))
        except csv.Error as exc:
            raise DataError(
                f"{layout} layout, line {reader.line_num}: {exc}: fix the quoting of that row"
            ) from exc
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{layout} layout: the file is not UTF-8 text: save it as UTF-8"
            ) from exc
    return rows


def _table(layout: str, header: list[str], rows: list[Row]) -> tuple[pd.DataFrame, np.ndarray]:
    """The data rows as text columns named by ``header``, and each row's line number."""
    if not rows:
        raise DataError(f"{layout} layout: the file has its header but no rows")
    for line, cells in rows:
        if len(cells) != len(header):
            raise DataError(
                f"{layout} layout, line {line}: {len(cells)} fields where the header has "
                f"{len(header)} ({','.join(header)}): fix or delete that row"
            )
    lines = np.array([line for line, _ in rows])
    table = pd.DataFrame([cells for _, cells in rows], columns=header, dtype=str)
    return table, lines


def _numbers(
    layout: str,
    text: pd.Series,
    lines: np.ndarray,
    column: str,
    clean: Callable[[pd.Series], pd.Series] | None = None,
) -> pd.Series:
    """Floats of one column; missing cells (blank, ``NaN``, ``N/A``...:
    :func:`~bubblelink.providers.base.missing_value_mask`) are NaN, anything else
    unreadable is an error."""
    raw = text.astype(str).str.strip()
    cleaned = clean(raw) if clean is not None else raw
    missing = missing_value_mask(cleaned)
    values = pd.to_numeric(cleaned.where(~missing), errors="coerce")
    bad = values.isna().to_numpy() & ~missing.to_numpy()
    if bad.any():
        first = int(np.argmax(bad))
        raise DataError(
            f"{layout} layout, line {lines[first]}: {column} {raw.iloc[first]!r} is not a "
            "number: fix or delete that row"
        )
    return values.astype(float)


def _iso_dates(layout: str, text: pd.Series, lines: np.ndarray, column: str) -> pd.Series:
    """Check every date is ISO 8601 (a day, or a timestamp); report the first that is not."""
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    bad = parsed.isna().to_numpy()
    if bad.any():
        first = int(np.argmax(bad))
        raise DataError(
            f"{layout} layout, line {lines[first]}: {column} {text.iloc[first]!r} is not an ISO "
            "date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ): fix or delete that row"
        )
    return text


def _yfinance(path: Path) -> VendorExport:
    layout = "yfinance"
    rows = _records(path, layout)
    if len(rows) < 3:
        raise DataError(f"{layout} layout: the file has its header rows but no data")
    (_, price), (ticker_line, tickers), (index_line, index_row) = rows[:3]
    if index_row[0] not in ("Date", "Datetime") or any(index_row[1:]):
        raise DataError(
            f"{layout} layout, line {index_line}: expected the index row 'Date,,,...' after "
            f"the Ticker row, found {','.join(index_row)!r}: save the frame with "
            "df.to_csv() as yfinance returns it, or reduce the header to one row "
            "Date,Open,High,Low,Close,Adj Close,Volume"
        )
    names = sorted({t for t in tickers[1:] if t})
    if len(names) > 1:
        raise DataError(
            f"{layout} layout, line {ticker_line}: {len(names)} tickers in one file "
            f"({', '.join(names)}): save one ticker per file (yf.download(ticker)) and "
            "import each"
        )
    header = ["date", *price[1:]]
    table, lines = _table(layout, header, rows[3:])
    columns = price[1:]
    raw_close = "Adj Close" in columns
    fields = {
        "Adj Close": "adj_close",
        "Close": "close" if raw_close else "adj_close",
        "Open": "open",
        "High": "high",
        "Low": "low",
        "Volume": "volume",
    }
    values = {fields[c]: _numbers(layout, table[c], lines, c) for c in columns if c in fields}
    skipped = [c for c in columns if c not in fields]
    if raw_close:
        adjustment = "Close is the raw close (stored as close), Adj Close stored as adj_close"
    else:
        adjustment = (
            "no Adj Close column, so Close is auto-adjusted (yfinance auto_adjust=True): "
            "stored as adj_close; open/high/low are adjusted alike; no raw close"
        )
    symbol = names[0] if names else None
    message = (
        "layout: yfinance multi-row header (Price/Ticker/Date rows"
        + (f", ticker {symbol}" if symbol else "")
        + f"); {adjustment}"
        + (f"; not stored: {', '.join(skipped)}" if skipped else "")
    )
    dates = _iso_dates(layout, table["date"], lines, index_row[0])
    metadata = {"layout": layout, "adjustment": adjustment}
    return VendorExport(layout, dates, values, message, symbol=symbol, metadata=metadata)


def _stooq(path: Path) -> VendorExport:
    layout = "Stooq"
    rows = _records(path, layout)
    header = rows[0][1]
    english = ["Date", "Open", "High", "Low", "Close", "Volume"][: len(header)]
    table, lines = _table(layout, english, rows[1:])
    fields = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume"}
    values = {
        fields[c]: _numbers(layout, table[c], lines, header[i])
        for i, c in enumerate(english)
        if c in fields
    }
    adjustment = "Close stored as close, as published (the file has no adjusted close)"
    message = f"layout: Stooq export ({','.join(header)}); {adjustment}"
    dates = _iso_dates(layout, table["Date"], lines, header[0])
    match = re.fullmatch(r"(?P<name>.+?)(?:[._]us)?_[dwmqy]", path.stem, flags=re.IGNORECASE)
    symbol = _named(match.group("name")) if match else None
    metadata = {"layout": layout, "adjustment": adjustment}
    return VendorExport(layout, dates, values, message, symbol=symbol, metadata=metadata)


def _coinmarketcap(path: Path) -> VendorExport:
    layout = "CoinMarketCap"
    rows = _records(path, layout, delimiter=";")
    header = rows[0][1]
    missing = [
        c for c in ("timeOpen", "timeClose", "open", "high", "low", "close") if c not in header
    ]
    if missing:
        raise DataError(
            f"{layout} layout, line {rows[0][0]}: the header lacks {', '.join(missing)}: "
            "export the historical data again from coinmarketcap.com"
        )
    table, lines = _table(layout, header, rows[1:])
    fields = ("open", "high", "low", "close", "volume")
    values = {f: _numbers(layout, table[f], lines, f) for f in fields if f in table.columns}
    opens = _iso_dates(layout, table["timeOpen"], lines, "timeOpen")
    closes = pd.to_datetime(
        _iso_dates(layout, table["timeClose"], lines, "timeClose"), format="ISO8601", utc=True
    )
    span = (closes - pd.to_datetime(opens, format="ISO8601", utc=True)).mode().iloc[0]
    hours = f"{span.total_seconds() / 3600:.2f} h"
    quotes = sorted(set(table["name"])) if "name" in table.columns else []
    unit = _CMC_QUOTES.get(quotes[0]) if len(quotes) == 1 else None
    if unit is None and quotes:
        unit = f"CoinMarketCap currency id {', '.join(quotes)}"
    not_stored = [c for c in ("marketCap", "circulatingSupply") if c in table.columns]
    message = (
        "layout: CoinMarketCap historical export (semicolon-separated; UTC bars from "
        f"timeOpen to timeClose, {hours}); open/high/low/close/volume keyed by timeOpen's date"
        + (f"; not stored: {', '.join(not_stored)}" if not_stored else "")
    )
    match = re.fullmatch(
        r"(?P<name>.+?)_\d{1,2}_\d{1,2}_\d{4}-\d{1,2}_\d{1,2}_\d{4}_historical_data_coinmarketcap",
        path.stem,
        flags=re.IGNORECASE,
    )
    metadata = {"layout": layout, "bar_close": f"timeClose, {hours} after timeOpen (UTC)"}
    if quotes:
        metadata["quote_id"] = ", ".join(quotes)
    return VendorExport(
        layout,
        opens,
        values,
        message,
        symbol=_named(match.group("name")) if match else None,
        unit=unit,
        metadata=metadata,
    )


def _investing(path: Path) -> VendorExport:
    layout = "Investing.com"
    rows = _records(path, layout)
    header = rows[0][1]
    missing = [c for c in ("Date", *_INVESTING_HEADER[1:5], "Change %") if c not in header]
    if missing:
        raise DataError(
            f"{layout} layout, line {rows[0][0]}: the header lacks {', '.join(missing)}: "
            "export the historical data again from investing.com"
        )
    table, lines = _table(layout, header, rows[1:])
    dates, order = _investing_dates(layout, table["Date"], lines)
    fields = {"Price": "close", "Open": "open", "High": "high", "Low": "low"}
    values = {
        field_: _numbers(layout, table[c], lines, c, _without_separators)
        for c, field_ in fields.items()
    }
    if "Vol." in table.columns:
        values["volume"] = _numbers(layout, table["Vol."], lines, "Vol.", _expand_suffix)
    _numbers(layout, table["Change %"], lines, "Change %", _without_percent)  # checked only
    adjustment = "Price is the quoted price: stored as close (not adjusted)"
    message = (
        f"layout: Investing.com export ({order}); {adjustment}; Vol. K/M/B expanded; "
        "Change % not stored"
    )
    match = re.fullmatch(
        r"(?P<name>.+?) (?:Historical Data|Stock Price History)(?: \(\d+\))?", path.stem
    )
    metadata = {"layout": layout, "adjustment": adjustment, "date_order": order}
    return VendorExport(
        layout,
        dates,
        values,
        message,
        symbol=_named(match.group("name")) if match else None,
        metadata=metadata,
    )


def _investing_dates(layout: str, text: pd.Series, lines: np.ndarray) -> tuple[pd.Series, str]:
    """ISO dates from ``MM/DD/YYYY`` (investing.com), ``DD/MM/YYYY`` (its UK and EU
    sites) or ``Dec 11, 2025``, and the order used with the reason."""
    text = text.astype(str).str.strip()
    named = pd.to_datetime(text, format="%b %d, %Y", errors="coerce")
    if named.notna().all():
        return named.dt.strftime("%Y-%m-%d"), "dates like 'Dec 11, 2025'"
    parts = text.str.extract(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
    bad = parts[0].isna().to_numpy()
    if bad.any():
        first = int(np.argmax(bad))
        raise DataError(
            f"{layout} layout, line {lines[first]}: Date {text.iloc[first]!r} is not "
            "MM/DD/YYYY or DD/MM/YYYY: fix or delete that row"
        )
    first_part, second_part, year = (parts[i].astype(int) for i in range(3))
    if (first_part > 12).any() and (second_part > 12).any():
        row = int(np.argmax((second_part > 12).to_numpy()))
        raise DataError(
            f"{layout} layout, line {lines[row]}: Date {text.iloc[row]!r} contradicts the "
            "day-first dates above it: use one date format throughout the file"
        )
    candidates = {
        "MM/DD/YYYY": (second_part, first_part),
        "DD/MM/YYYY": (first_part, second_part),
    }
    if (first_part > 12).any():
        orders = ["DD/MM/YYYY"]
        reason = "a first number above 12"
    elif (second_part > 12).any():
        orders = ["MM/DD/YYYY"]
        reason = "a second number above 12"
    else:
        orders = list(candidates)
        reason = "no number above 12: the order that keeps the rows in date order, US first"
    for order in orders:
        day, month = candidates[order]
        iso = pd.to_datetime(
            pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
        )
        if iso.isna().any():
            row = int(np.argmax(iso.isna().to_numpy()))
            raise DataError(
                f"{layout} layout, line {lines[row]}: Date {text.iloc[row]!r} is not a "
                f"valid {order} date: fix or delete that row"
            )
        if len(orders) == 1 or iso.is_monotonic_increasing or iso.is_monotonic_decreasing:
            return iso.dt.strftime("%Y-%m-%d"), f"{order} dates, {reason}"
    raise DataError(
        f"{layout} layout, line {lines[0]}: dates such as {text.iloc[0]!r} are out of order "
        "both as MM/DD/YYYY and as DD/MM/YYYY: sort the rows or write dates as YYYY-MM-DD"
    )


def _without_separators(text: pd.Series) -> pd.Series:
    return text.str.replace(",", "", regex=False).replace("-", "")


_SUFFIX_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def _expand_suffix(text: pd.Series) -> pd.Series:
    """``45.23K`` → ``45230``; empty or ``-`` stays empty; unknown text passes through."""
    plain = _without_separators(text)
    suffix = plain.str[-1:].str.upper()
    scale = suffix.map(_SUFFIX_SCALE)
    number = pd.to_numeric(plain.str[:-1].where(scale.notna()), errors="coerce")
    scaled = (number * scale).map(lambda v: "" if pd.isna(v) else repr(float(v)))
    return plain.where(scale.isna() | number.isna(), scaled)


def _without_percent(text: pd.Series) -> pd.Series:
    return _without_separators(text).str.removesuffix("%")


def _named(name: str) -> str:
    """A symbol from a name in a file name: an alias (``Bitcoin`` → ``BTC-USD``) or the
    name upper-cased."""
    key = name.strip().upper()
    return ALIASES.get(key, key)


def _export_batch(spec: FileSpec, export: VendorExport) -> SeriesBatch:
    keyed = bar_dates(export.dates)
    symbol = canonical(spec.symbol or export.symbol or _symbol_from(spec.path, [], False))
    if keyed.frequency == "intraday":
        # intraday bars never share the id of the daily series (NVDA -> NVDA:1h)
        timeframe, _ = detect_timeframe(pd.DatetimeIndex(pd.to_datetime(keyed.dates, utc=True)))
        if not symbol.endswith(f":{timeframe}"):
            symbol = canonical(f"{symbol}:{timeframe}")
        export.metadata["timeframe"] = timeframe
    meta = _meta_for(symbol, spec.kind or "price", keyed.frequency, spec, is_fred=False)
    if export.unit is not None:
        meta = dataclasses.replace(meta, unit=export.unit)
    meta.metadata.update(export.metadata)
    message = export.message
    if spec.symbol is None and (export.symbol is None or export.layout != "yfinance"):
        message += f"; symbol {symbol} from the file name (--symbol chooses another)"
    dates = pd.DatetimeIndex(keyed.dates)
    if len(dates) > 1 and dates.is_monotonic_decreasing:
        message += "; rows newest first, sorted"
    order = np.argsort(dates.to_numpy(), kind="stable")
    long = pd.concat(
        [
            pd.DataFrame({"date": dates[order], "field": name, "value": values.to_numpy()[order]})
            for name, values in export.values.items()
        ],
        ignore_index=True,
    )
    return SeriesBatch(meta=meta, data=long, warnings=[message, *_stamp_warnings(meta, keyed)])


# -- CoinMarketCap global metrics (wide) ------------------------------------------------

#: Columns of a CoinMarketCap global-metrics pull (``v1/global-metrics/quotes/latest``, one
#: row per daily run) and the series each is stored as (units, lags: the world catalog).
CMC_GLOBAL_METRICS: dict[str, str] = {
    "btc_dominance": "BTC_DOMINANCE_CMC",
    "eth_dominance": "ETH_DOMINANCE_CMC",
    "total_market_cap": "CRYPTO_TOTAL_MCAP_CMC",
    "altcoin_market_cap": "ALTCOIN_MCAP_CMC",
    "stablecoin_market_cap": "STABLECOIN_MCAP_CMC",
    "total_volume_24h": "CRYPTO_VOLUME_24H_CMC",
}
_CMC_WIDE = "CoinMarketCap global metrics"


def is_cmc_global_metrics(path: Path) -> bool:
    """True when the header is ``date,last_updated`` followed only by global-metrics columns
    (:data:`CMC_GLOBAL_METRICS`), at least one of them."""
    if path.suffix.lower() not in (".csv", ".txt"):
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = [c.strip().strip('"').lower() for c in handle.readline().split(",")]
    except (OSError, UnicodeDecodeError):
        return False
    rest = header[2:]
    return (
        header[:2] == ["date", "last_updated"]
        and bool(rest)
        and set(rest) <= set(CMC_GLOBAL_METRICS)
    )


def read_cmc_global_metrics(spec: FileSpec) -> list[SeriesBatch]:
    """One batch per column of a wide CoinMarketCap global-metrics file.

    Rows are keyed by ``date`` (the UTC run date); ``last_updated`` is the time CoinMarketCap
    computed the snapshot (about 01:20-03:30 UTC for the shared file): its range and median
    are recorded as ``snapshot_utc`` and in a timing note, because the values are *not*
    CoinMarketCap's 00:00 UTC historical closes. Series ids come from
    :data:`CMC_GLOBAL_METRICS`; units, metadata and publication-lag vintages from the
    world catalog, as for the narrow ``date,value`` files of the same columns (so a
    directory holding both stores identical rows, merged by the ingest).

    Raises
    ------
    DataError
        ``--symbol`` given (the file holds several series), a row with the wrong number of
        fields, a date or ``last_updated`` that is not ISO, a value that is not a number.
    """
    if spec.symbol:
        raise DataError(
            f"{_CMC_WIDE} layout: the file holds one series per column "
            f"({', '.join(CMC_GLOBAL_METRICS.values())}): import it without --symbol"
        )
    rows = _records(spec.path, _CMC_WIDE)
    header = [c.lower() for c in rows[0][1]]
    table, lines = _table(_CMC_WIDE, header, rows[1:])
    _iso_dates(_CMC_WIDE, table["date"], lines, "date")
    stamps = pd.to_datetime(
        _iso_dates(_CMC_WIDE, table["last_updated"], lines, "last_updated"),
        format="ISO8601",
        utc=True,
    )
    of_day = (stamps - stamps.dt.normalize()).dt.total_seconds() / 60.0
    snapshot = (
        f"{_hh_mm(pd.Timedelta(minutes=float(of_day.min())))}-"
        f"{_hh_mm(pd.Timedelta(minutes=float(of_day.max())))} UTC "
        f"(median {_hh_mm(pd.Timedelta(minutes=float(of_day.median())))})"
    )
    keyed = bar_dates(table["date"])
    naive = pd.DatetimeIndex(keyed.dates)
    timing = (
        f"CoinMarketCap 'latest' snapshots taken {snapshot} on the date they are keyed by, "
        "not CoinMarketCap's 00:00 UTC historical values"
    )
    batches = []
    for column in header[2:]:
        sid = CMC_GLOBAL_METRICS[column]
        values = _numbers(_CMC_WIDE, table[column], lines, column)
        column_spec = dataclasses.replace(spec, symbol=sid, kind="crypto_market")
        meta = _meta_for(sid, "crypto_market", keyed.frequency, column_spec, is_fred=False)
        lag = publication_lag(sid, keyed.frequency)
        meta.metadata.update(
            layout=_CMC_WIDE,
            column=column,
            snapshot_utc=snapshot,
            timing_note=timing,
            publication_lag_days=lag,
            vintage_rule="observation date + publication lag (no real-time data)",
        )
        keep = values.notna().to_numpy()
        data = pd.DataFrame(
            {
                "date": naive[keep],
                "field": "value",
                "value": values.to_numpy()[keep],
                "vintage": (naive[keep] + pd.Timedelta(days=lag)).tz_localize("UTC"),
            }
        )
        message = f"layout: {_CMC_WIDE} (wide); column {column} stored as {sid}; {timing}"
        skipped = int((~keep).sum())
        warnings = [message] + ([f"{skipped} empty values skipped"] if skipped else [])
        batches.append(SeriesBatch(meta=meta, data=data, warnings=warnings))
    return batches
