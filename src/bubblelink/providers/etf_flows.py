"""Spot bitcoin ETF flow tables (Farside Investors' layout) → flow series for the store.

Two layouts are read, told apart by their header:

* **per-fund**: ``date, IBIT, FBTC, ..., Total`` — one column per fund ticker of
  :data:`FUNDS` (any order, any subset) and optionally ``Total``;
* **total-only**: ``date, Total``.

Cells are net daily flows in **US$ millions**. Outflows are written ``-12.3`` or
``(12.3)``; thousands may be quoted (``"1,045.00"``); ``-`` (or an empty cell, ``NaN``,
``N/A``, ``null``) is *no data* and is stored as missing, never as zero. Dates are ISO (``2024-01-11``) or
``DD Mon YYYY`` (``11 Jan 2024``); CRLF line ends are fine.

Rules (each one either an error or a counted warning in the ingest summary):

=====================================================  =====================================
input                                                  outcome
=====================================================  =====================================
a column that is not a known fund nor ``Total``        error (line 1, the column)
a cell that is not a number, ``-`` or empty            error (line, column, the cell)
a date that is not ISO or ``DD Mon YYYY``              error (line, column)
the same date twice                                    error (both lines)
non-zero flows on a day that is not an NYSE session    error (line): fix or remove the row
all-zero row on a non-session (weekend, holiday)       dropped (calendar filler), counted
all-zero row on a session                              dropped as *not reported* (Farside's
                                                       ``-`` scraped as 0), warning with dates
zeros before a fund's first non-zero flow              missing (*not yet listed*), warning
summary rows ``Total``/``Average``/``Maximum``/        dropped after checking them against
``Minimum`` (also ``Sum``/``Mean``/``Max``/``Min``)    the rows: a mismatch beyond
                                                       :data:`TOLERANCE` is an error (rows
                                                       were lost, doubled or mangled)
a row whose funds do not sum to its ``Total``          warning with the count and first dates
(beyond :data:`TOLERANCE`)
a fund column without any flow                         not stored, warning naming it
a date outside the NYSE calendar's range               error (line)
=====================================================  =====================================

``Average`` is accepted when it matches the mean over every dated row or over the
non-zero rows (Farside averages the days with flows). Nothing is written by this module:
:func:`read_flow_table` returns the checked table and :func:`flow_batches` the series.

Series ids (:func:`flow_series_id`): ``ETF_FLOW:<TICKER>`` per fund, ``ETF_FLOW:TOTAL``
for the ``Total`` of a per-fund table and ``ETF_FLOW:TOTAL@total-only`` for a
total-only table — the same concept from a separate source, so ingesting one never
overwrites the other (the merge rule is
:func:`bubblelink.analytics.flows.combine_totals`).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.providers.base import MISSING_VALUE_TEXTS, FetchResult, SeriesBatch, SeriesMeta
from bubblelink.sessions import nyse_calendar

#: Unit of every flow series.
FLOW_UNIT = "millions USD"
#: Prefix of the flow series ids.
FLOW_PREFIX = "ETF_FLOW:"
#: Id of the total of a per-fund table.
TOTAL_ID = "ETF_FLOW:TOTAL"
#: Id of the total of a total-only table (same concept, separate source).
TOTAL_ONLY_ID = "ETF_FLOW:TOTAL@total-only"
#: US$ millions: a fund sum, a summary row or a second source may differ by this much
#: (one-decimal rounding of each cell).
TOLERANCE = 0.15
#: The total column's name (upper-cased).
TOTAL_COLUMN = "TOTAL"
#: Words of the date column that mark a summary row, and what each one summarises.
SUMMARY_LABELS: dict[str, str] = {
    "total": "sum",
    "sum": "sum",
    "average": "mean",
    "mean": "mean",
    "maximum": "max",
    "max": "max",
    "minimum": "min",
    "min": "min",
}
#: Cells meaning "no data": the missing-value spellings of every file importer
#: (:data:`~bubblelink.providers.base.MISSING_VALUE_TEXTS`: blank, ``NaN``, ``N/A``...)
#: and Farside's dashes.
NO_DATA = MISSING_VALUE_TEXTS | {"-", "–", "—"}


@dataclass(frozen=True)
class Fund:
    """One spot bitcoin ETF.

    Attributes
    ----------
    ticker, name, issuer
        Exchange ticker, fund name and issuer.
    listed : str or None
        First session as a spot bitcoin ETF (ISO date); None when not recorded here
        (flows then start at the fund's first non-zero day in the table).
    """

    ticker: str
    name: str
    issuer: str
    listed: str | None


#: The known funds (Farside's column names). Listing dates: the eleven funds approved
#: by the SEC on 2024-01-10 began trading as spot ETFs on 2024-01-11 (GBTC converted
#: from a trust); the Grayscale Bitcoin Mini Trust (Farside column ``BTC``) on
#: 2024-07-31. Not recorded: Hashdex's DEFI (converted from a futures fund) and Morgan
#: Stanley's MSBT.
FUNDS: dict[str, Fund] = {
    f.ticker: f
    for f in (
        Fund("IBIT", "iShares Bitcoin Trust ETF", "BlackRock", "2024-01-11"),
        Fund("FBTC", "Fidelity Wise Origin Bitcoin Fund", "Fidelity", "2024-01-11"),
        Fund("BITB", "Bitwise Bitcoin ETF", "Bitwise", "2024-01-11"),
        Fund("ARKB", "ARK 21Shares Bitcoin ETF", "ARK Invest / 21Shares", "2024-01-11"),
        Fund("BTCO", "Invesco Galaxy Bitcoin ETF", "Invesco / Galaxy", "2024-01-11"),
        Fund("EZBC", "Franklin Bitcoin ETF", "Franklin Templeton", "2024-01-11"),
        Fund("BRRR", "CoinShares Valkyrie Bitcoin Fund", "CoinShares (Valkyrie)", "2024-01-11"),
        Fund("HODL", "VanEck Bitcoin ETF", "VanEck", "2024-01-11"),
        Fund("BTCW", "WisdomTree Bitcoin Fund", "WisdomTree", "2024-01-11"),
        Fund("DEFI", "Hashdex Bitcoin ETF", "Hashdex", None),
        Fund("MSBT", "Morgan Stanley Bitcoin Trust", "Morgan Stanley", None),
        Fund("GBTC", "Grayscale Bitcoin Trust ETF", "Grayscale", "2024-01-11"),
        Fund("BTC", "Grayscale Bitcoin Mini Trust ETF", "Grayscale", "2024-07-31"),
    )
}


def flow_series_id(column: str, layout: str = "per-fund") -> str:
    """The store id of a table column (``IBIT`` → ``ETF_FLOW:IBIT``; see the module doc)."""
    if column.upper() == TOTAL_COLUMN:
        return TOTAL_ONLY_ID if layout == "total-only" else TOTAL_ID
    return FLOW_PREFIX + column.upper()


@dataclass(frozen=True)
class SummaryCheck:
    """One summary row checked against the rows it summarises."""

    label: str
    column: str
    stated: float
    computed: float
    line: int


@dataclass
class FlowTable:
    """A checked flow table.

    Attributes
    ----------
    path : Path
    layout : {"per-fund", "total-only"}
    values : DataFrame
        NYSE-session rows (naive dates), columns the fund tickers and ``TOTAL``; NaN is
        no data (``-``, not yet listed). Every column is in US$ millions.
    lines : Series
        File line number of each kept row.
    summary_checks : list of SummaryCheck
    warnings : list of str
    """

    path: Path
    layout: str
    values: pd.DataFrame
    lines: pd.Series
    summary_checks: list[SummaryCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_number(text: str, where: str) -> float:
    """A flow cell in US$ millions; NaN for no data.

    ``"12.3"``, ``"-12.3"``, ``"(12.3)"`` (outflow), ``"1,045.00"``, ``"−5"`` (Unicode
    minus); ``""``/``"-"`` → NaN.

    Raises
    ------
    DataError
        ``where`` (file, line, column) and the cell, when it is not a number.
    """
    raw = text.strip()
    if raw.lower() in NO_DATA:
        return math.nan
    cleaned = raw.replace(",", "").replace("\u2212", "-").replace("$", "").strip()
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1].strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise DataError(
            f"{where}: {raw!r} is not a number: write US$ millions like 12.3, -12.3 or (12.3), "
            "or - for no data"
        )
    return -value if negative else value


_DD_MON_YYYY = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str, where: str) -> dt.date:
    """An ISO (``2024-01-11``) or ``DD Mon YYYY`` (``11 Jan 2024``) date."""
    raw = text.strip()
    try:
        if _ISO.match(raw):
            return dt.date.fromisoformat(raw)
        if _DD_MON_YYYY.match(raw):
            return dt.datetime.strptime(raw, "%d %b %Y").date()
    except ValueError:
        pass
    raise DataError(
        f"{where}: {raw!r} is not a date: use YYYY-MM-DD or DD Mon YYYY (e.g. 11 Jan 2024)"
    )


def read_flow_table(path: str | Path) -> FlowTable:
    """Read and check a flow table (see the module docstring for every rule).

    Raises
    ------
    DataError
        One line naming the file, the line and the column, and what to do.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = [(i + 1, row) for i, row in enumerate(csv.reader(handle))]
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable CSV text file ({exc})") from exc
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise DataError(f"{path}: empty file: expected a header date,<fund tickers...>,Total")
    header_line, header = rows[0]
    columns = _columns(path, header_line, header)
    layout = "total-only" if columns == [TOTAL_COLUMN] else "per-fund"
    dated: dict[dt.date, list[float]] = {}
    lines: dict[dt.date, int] = {}
    summaries: list[tuple[int, str, list[float]]] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise DataError(
                f"{path}: line {line}: {len(row)} cells, the header has {len(header)}: fix the row"
            )
        label = row[0].strip()
        values = [
            parse_number(cell, f"{path}: line {line}, column {name}")
            for cell, name in zip(row[1:], columns, strict=True)
        ]
        if label.lower() in SUMMARY_LABELS:
            summaries.append((line, label, values))
            continue
        day = parse_day(label, f"{path}: line {line}, column {header[0].strip() or 'date'}")
        if day in dated:
            raise DataError(
                f"{path}: line {line}, column {header[0].strip() or 'date'}: {day} is already "
                f"on line {lines[day]}: remove one of the two rows"
            )
        dated[day] = values
        lines[day] = line
    if not dated:
        raise DataError(f"{path}: no dated rows under the header")
    index = pd.DatetimeIndex(sorted(dated), name="date")
    frame = pd.DataFrame([dated[d.date()] for d in index], index=index, columns=columns)
    line_of = pd.Series([lines[d.date()] for d in index], index=index, dtype="int64")
    checks = [
        check
        for line, label, values in summaries
        for check in _check_summary(path, frame, line, label, values, columns)
    ]
    table = FlowTable(path, layout, frame, line_of, summary_checks=checks)
    if summaries:
        table.warnings.append(
            f"{len(summaries)} summary rows ({', '.join(s[1] for s in summaries)}) checked "
            "against the rows and dropped"
        )
    _drop_non_sessions(table)
    _drop_unreported(table)
    _mask_before_listing(table)
    _check_fund_sums(table)
    return table


def _columns(path: Path, line: int, header: list[str]) -> list[str]:
    if len(header) < 2:
        raise DataError(
            f"{path}: line {line}: expected a header date,<fund tickers...>,Total, got {header}"
        )
    columns = []
    for position, cell in enumerate(header[1:], start=2):
        name = cell.strip().upper()
        if name != TOTAL_COLUMN and name not in FUNDS:
            raise DataError(
                f"{path}: line {line}, column {position} ({cell.strip()!r}): not a known spot "
                f"bitcoin ETF ticker; known: {', '.join(FUNDS)}, Total"
            )
        if name in columns:
            raise DataError(f"{path}: line {line}, column {position}: {name} appears twice")
        columns.append(name)
    return columns


def _check_summary(
    path: Path, frame: pd.DataFrame, line: int, label: str, values: list[float], columns: list[str]
) -> list[SummaryCheck]:
    what = SUMMARY_LABELS[label.lower()]
    checks = []
    for column, stated in zip(columns, values, strict=True):
        if math.isnan(stated):
            continue
        data = frame[column].dropna()
        if what == "sum":
            candidates = [float(data.sum())]
        elif what == "mean":
            nonzero = data[data != 0]
            candidates = [float(data.mean()), float(nonzero.mean()) if len(nonzero) else math.nan]
        elif what == "max":
            candidates = [float(data.max())]
        else:
            candidates = [float(data.min())]
        best = min(candidates, key=lambda c: abs(c - stated) if math.isfinite(c) else math.inf)
        if not math.isfinite(best) or abs(best - stated) > TOLERANCE:
            raise DataError(
                f"{path}: line {line}, column {column}: summary row {label} says {stated:,.2f} "
                f"but the {len(data)} dated rows give {best:,.2f}: rows are missing, doubled or "
                "mangled; fix the file (or delete the summary row if it covers other dates)"
            )
        checks.append(SummaryCheck(label, column, stated, best, line))
    return checks


def _drop_non_sessions(table: FlowTable) -> None:
    calendar = nyse_calendar()
    frame = table.values
    outside = (frame.index < calendar.first_session) | (frame.index > calendar.last_session)
    if outside.any():
        day = frame.index[outside][0]
        raise DataError(
            f"{table.path}: line {int(table.lines[day])}: {day.date()} is outside the NYSE "
            f"calendar ({calendar.first_session.date()} to {calendar.last_session.date()}): "
            "fix the date"
        )
    sessions = pd.Series(
        [bool(calendar.is_session(d)) for d in frame.index], index=frame.index, dtype=bool
    )
    off = ~sessions
    nonzero = frame.fillna(0).abs().sum(axis=1) > 0
    bad = off & nonzero
    if bad.any():
        day = frame.index[bad.to_numpy()][0]
        raise DataError(
            f"{table.path}: line {int(table.lines[day])}: flows on {day.date()}, which is not "
            "an NYSE session (weekend or holiday): fix the date or remove the row"
        )
    if off.any():
        table.warnings.append(
            f"{int(off.sum())} all-zero rows on non-NYSE days (weekends, holidays) dropped"
        )
    keep = sessions.to_numpy()
    table.values = frame[keep]
    table.lines = table.lines[keep]


def _drop_unreported(table: FlowTable) -> None:
    frame = table.values
    empty = (frame.fillna(0) == 0).all(axis=1)
    if empty.any():
        days = [d.date().isoformat() for d in frame.index[empty.to_numpy()]]
        shown = ", ".join(days[:5]) + (" ..." if len(days) > 5 else "")
        table.warnings.append(
            f"{len(days)} all-zero session rows treated as not reported and dropped: {shown}"
        )
    keep = ~empty.to_numpy()
    table.values = frame[keep]
    table.lines = table.lines[keep]


def _mask_before_listing(table: FlowTable) -> None:
    masked = []
    for column in table.values.columns:
        if column == TOTAL_COLUMN:
            continue
        values = table.values[column]
        nonzero = values.fillna(0) != 0
        if not nonzero.any():
            before = values.notna()
        else:
            first = values.index[nonzero.to_numpy()][0]
            before = (values.index < first) & values.notna().to_numpy()
        n = int(np.asarray(before).sum())
        if n:
            table.values.loc[np.asarray(before), column] = math.nan
            if nonzero.any():
                masked.append(f"{column} before {first.date()} ({n} rows)")
            else:
                masked.append(f"{column} (all {n} rows zero)")
    if masked:
        table.warnings.append(
            "zeros before a fund's first non-zero flow are 'not yet listed' and stored as "
            f"missing: {'; '.join(masked)}"
        )


def _check_fund_sums(table: FlowTable) -> None:
    funds = [c for c in table.values.columns if c != TOTAL_COLUMN]
    if not funds:
        return
    fund_sum = table.values[funds].sum(axis=1, min_count=1)
    if TOTAL_COLUMN not in table.values.columns:
        table.values[TOTAL_COLUMN] = fund_sum
        table.warnings.append("no Total column: the total is the sum of the fund columns")
        return
    total = table.values[TOTAL_COLUMN]
    diff = (fund_sum.fillna(0) - total).abs()
    bad = diff > TOLERANCE
    if bad.any():
        days = table.values.index[bad.to_numpy()]
        first = days[0]
        table.warnings.append(
            f"{int(bad.sum())} rows whose funds do not sum to Total (±{TOLERANCE}): first "
            f"{first.date()} (line {int(table.lines[first])}: funds {fund_sum[first]:.2f} vs "
            f"Total {total[first]:.2f}); Total is stored as given"
        )


def flow_batches(table: FlowTable) -> FetchResult:
    """One :class:`SeriesBatch` per column (missing cells are not observations).

    A fund column without any flow (every cell ``-``, or zero before listing) is not
    stored; a warning names it.
    """
    source = f"csv:{table.path.name}"
    result = FetchResult()
    empty = [c for c in table.values.columns if table.values[c].isna().all()]
    if TOTAL_COLUMN in empty:
        raise DataError(f"{table.path}: no flows in any session row: nothing to store")
    if empty:
        table.warnings.append(
            f"{', '.join(empty)}: no flows in the table (every cell no data, or zero before "
            "listing): not stored"
        )
    for column in table.values.columns:
        values = table.values[column].dropna()
        sid = flow_series_id(column, table.layout)
        if values.empty:
            continue
        fund = FUNDS.get(column)
        metadata: dict[str, object] = {
            "file": str(table.path),
            "layout": table.layout,
            "concept": "spot bitcoin ETF net daily flow (creations minus redemptions)",
            "sign": "positive = inflow, negative = outflow",
        }
        if fund is not None:
            metadata.update(
                {
                    "fund": fund.ticker,
                    "name": fund.name,
                    "issuer": fund.issuer,
                    "listed": fund.listed,
                }
            )
        else:
            metadata["fund"] = "TOTAL"
        meta = SeriesMeta(
            id=sid,
            kind="flow",
            unit=FLOW_UNIT,
            frequency="business",
            source=source,
            calendar="XNYS",
            metadata=metadata,
        )
        data = pd.DataFrame(
            {"date": values.index, "field": "value", "value": values.to_numpy(dtype=float)}
        )
        # the table's warnings once, on its total
        warnings = list(table.warnings) if column == TOTAL_COLUMN else []
        result.batches.append(SeriesBatch(meta=meta, data=data, warnings=warnings))
    return result
