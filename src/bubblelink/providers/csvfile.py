"""Local CSV and Parquet files and directories.

Recognised layouts (column names are matched case-insensitively):

* **Yahoo-style**: ``Date, Open, High, Low, Close, Adj Close, Volume`` (any subset of the
  price columns; ``adj close``/``adjclose``/``adj_close`` all mean ``adj_close``).
* **FRED-style**: ``DATE`` or ``observation_date`` plus one value column named ``VALUE``
  or the series id (``M2SL``). Missing values written ``.`` or left empty are skipped and
  counted. Each value's vintage is its observation date plus the series' publication
  lag (:mod:`bubblelink.providers.fred_catalog`), so "as of" reads never see a figure
  before it was published.
* **Generic**: a date column (``date``, ``datetime``, ``timestamp``, ``time``, ``day``, or
  ``--date-col``) plus either price columns or exactly one value column (its field is
  ``--field``, else ``close`` for prices and ``value`` otherwise).

A directory may carry a ``symbols.csv`` with columns ``file, symbol, kind, source``
mapping its files to symbols; several files mapping to one symbol are merged into one
series (identical values on a date are fine, conflicting ones are an error). Files not
listed there are imported under their file name (upper-cased stem) with a warning.

Frequency and calendar are inferred from the dates and documented in each series'
metadata: spacing under a day → intraday; daily with weekend rows → ``daily`` on the
24/7 calendar; daily without weekends → ``business`` (XNYS for prices); then weekly,
monthly, quarterly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.errors import DataError, ValidationError
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.providers.fred_catalog import publication_lag, series_info
from bubblelink.symbols import canonical

DATE_NAMES = ("date", "observation_date", "datetime", "timestamp", "time", "day")
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


class CsvProvider:
    """Import local CSV/Parquet files or directories as series batches.

    Parameters
    ----------
    symbol, kind, field, date_col : str, optional
        Overrides for a single file (``--symbol``, ``--kind``, ``--field``,
        ``--date-col``); for a directory, ``field`` and ``date_col`` apply to every file.
    """

    name = "csv"

    def __init__(
        self,
        symbol: str | None = None,
        kind: str | None = None,
        field: str | None = None,
        date_col: str | None = None,
    ) -> None:
        if kind is not None and kind not in KINDS:
            raise DataError(f"unknown kind {kind!r}; use one of {list(KINDS)}")
        self.symbol = symbol
        self.kind = kind
        self.field = field
        self.date_col = date_col

    def fetch_paths(self, paths: Iterable[str | Path]) -> FetchResult:
        """Read every file (directories are expanded through their ``symbols.csv``)."""
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
                    )
                )
            else:
                raise DataError(f"no such file or directory: {path}")
        if self.symbol is not None and len(specs) > 1:
            raise DataError("--symbol applies to a single file; use a symbols.csv for a directory")
        for spec in specs:
            label = spec.symbol or spec.path.name
            try:
                result.batches.append(read_file(spec))
            except (DataError, OSError, ValueError) as exc:
                result.failures[canonical(spec.symbol) if spec.symbol else label] = (
                    f"{spec.path.name}: {exc}"
                )
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
                specs.append(FileSpec(path, field=self.field, date_col=self.date_col))
                continue
            specs.append(
                FileSpec(
                    path,
                    symbol=row["symbol"] if row else None,
                    kind=(row.get("kind") or None) if row else self.kind,
                    source=(row.get("source") or None) if row else None,
                    field=self.field,
                    date_col=self.date_col,
                )
            )
        return specs


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (every cell as text, so validation sees what was written) or Parquet."""
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError as exc:
        raise DataError("the file is empty") from exc
    except pd.errors.ParserError as exc:
        first = str(exc).splitlines()[0]
        raise DataError(f"malformed CSV ({first}); check the delimiter and quoting") from exc


def read_file(spec: FileSpec) -> SeriesBatch:
    """Turn one file into a batch (layout detection as described in the module doc)."""
    table = read_table(spec.path)
    table.columns = [str(c).strip() for c in table.columns]
    if table.empty:
        raise DataError("the file has a header but no rows")
    date_col = _date_column(table, spec.date_col)
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
    dates = table[date_col]
    long = pd.concat(
        [
            pd.DataFrame({"date": dates.to_numpy(), "field": field, "value": table[col].to_numpy()})
            for col, field in columns.items()
        ],
        ignore_index=True,
    )
    parsed_dates = _parse_dates_column(long["date"], spec.path.name)
    long["date"] = parsed_dates
    frequency = infer_frequency(pd.DatetimeIndex(parsed_dates.unique()))
    is_fred = spec.source == "fred" or (spec.source is None and fred_style)
    meta = _meta_for(symbol, kind, frequency, spec, is_fred)
    if is_fred:
        lag = publication_lag(symbol, frequency)
        naive = pd.DatetimeIndex(long["date"])
        if naive.tz is not None:
            naive = naive.tz_convert("UTC").tz_localize(None)
        long["vintage"] = (naive + pd.Timedelta(days=lag)).tz_localize("UTC")
        meta.metadata["publication_lag_days"] = lag
        meta.metadata["vintage_rule"] = "observation date + publication lag (no real-time data)"
    return SeriesBatch(meta=meta, data=long)


def _meta_for(symbol: str, kind: str, frequency: str, spec: FileSpec, is_fred: bool) -> SeriesMeta:
    source = f"csv:{spec.path.name}" + (f" ({spec.source})" if spec.source else "")
    metadata: dict[str, object] = {"file": str(spec.path), "frequency_inferred": True}
    if spec.source:
        metadata["original_source"] = spec.source
    if is_fred:
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
    if kind == "price":
        calendar = "24/7" if frequency in ("daily", "intraday") else "XNYS"
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
        "name it Date/observation_date or pass --date-col"
    )


def _parse_dates_column(dates: pd.Series, filename: str) -> pd.Series:
    text = dates.astype(str).str.strip()
    if (text == "").any():
        raise ValidationError(f"{int((text == '').sum())} rows have an empty date")
    has_tz = text.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
    if has_tz.any() and not has_tz.all():
        raise ValidationError(
            "mixed timezone-naive and timezone-aware timestamps; make all dates UTC "
            "(or all naive session dates)"
        )
    try:
        parsed = pd.to_datetime(text, utc=bool(has_tz.all()), format="mixed")
    except (ValueError, TypeError) as exc:
        example = text.iloc[0]
        raise ValidationError(
            f"unreadable dates (e.g. {example!r}): use ISO dates YYYY-MM-DD"
        ) from exc
    return parsed


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
