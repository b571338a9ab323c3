"""Intraday bars (1-minute to 4-hour) in local CSV/Parquet files.

:func:`bubblelink.providers.csvfile.read_file` hands a file here when its timestamps are
less than a day apart (:func:`~bubblelink.providers.csvfile.infer_frequency`).

Timestamps
----------
* Column: ``ts``, ``ts_utc``, ``timestamp``, ``timestamps``, ``datetime``, ``time`` (or
  ``--date-col``), matched case-insensitively.
* Zone: a stamp with a UTC offset (``2025-12-09T14:30:00+00:00``,
  ``2025-12-09 09:30:00-05:00``, ``...Z``) is converted to UTC; a naive stamp
  (``2025-12-09 14:30:00``) is read **as UTC** and the metadata says so
  (``timestamps: naive, read as UTC``). Naive and zone-aware stamps mixed are an error.
* Convention: each stamp is the bar's **open** (Yahoo, Polygon, Bitstamp, ccxt, Binance
  klines), which is what the store keeps (as ccxt bars are:
  :mod:`bubblelink.providers.crypto`). A file stamped at the bar **close** is read with
  ``--bar-stamp close``: each bar's open is then ``close − timeframe``, or the previous
  stamp when that is nearer (a shortened bar such as the last half hour of a US session
  closing at 21:00 UTC opens at 20:30, not 20:00). Nothing in a file tells the two apart
  reliably (after-hours bars also open at 16:00 ET), so the convention is an option, never
  guessed; it is recorded as ``bar_stamp_convention``.

Timeframe
---------
The most common spacing between consecutive distinct stamps, one of :data:`TIMEFRAMES`
(``1m`` ... ``4h``); recorded as ``metadata["timeframe"]`` with the share of spacings equal
to it. Overnight and weekend breaks of an equity session, missing minutes and a shortened
last bar (NVDA's 20:30 UTC half-hour bar) do not change the most common spacing.

Series id
---------
``{SYMBOL}[@{venue}]:{timeframe}`` (the grammar of :func:`bubblelink.symbols.canonical`,
as ``BTC-USDT@binance:1h`` of :mod:`bubblelink.providers.crypto`). The symbol comes from
``--symbol`` or the ``symbols.csv`` row (``NVDA`` → ``NVDA:1h``, ``NVDA@yahoo`` →
``NVDA@yahoo:1h``; a timeframe written there must match the bars), else from the file
name by :data:`FILE_NAME_RULE`: ``{symbol}[_{quote}]_{timeframe}[_{source}]``. For a crypto
pair the source is the exchange the prices come from, so it becomes the venue:
``btc_usd_1h_bitstamp.csv`` → ``BTC-USD@bitstamp:1h`` (as ccxt bars are
``BTC-USDT@binance:1h``). For any other symbol it is a data vendor of the consolidated tape,
not a venue, so it is kept as ``metadata["vendor"]`` and the id is the symbol's, as daily
equity bars are ``NVDA`` whoever served them: ``nvda_1h_yahoo.csv`` → ``NVDA:1h``,
``qqq_1m_polygon.csv`` → ``QQQ:1m`` (two vendors of one symbol and timeframe are one
series: load a second with ``--symbol QQQ@polygon`` to keep them apart). Aliases apply
(``btc_1h_kraken`` → ``BTC-USD@kraken:1h``). Any other file name gives the upper-cased stem
plus the timeframe, with a warning.

Checks (each a one-line error naming the file's line, nothing stored)
---------------------------------------------------------------------
* an unreadable timestamp;
* two rows with the same timestamp (after conversion to UTC), whatever their values;
* an OHLC violation: ``low`` above ``open``/``close``/``high``, or ``high`` below
  ``open``/``close``.

Gaps are reported, not rejected: for a crypto pair (24/7) every spacing longer than the
timeframe is a gap; for any other symbol (an exchange session) bars on different
America/New_York dates are separated by the market's closure (overnight, weekend,
holiday) and only a longer spacing inside one New York date is a gap. The metadata
records whether the bars stay inside the US regular session (09:30–16:00 ET) or include
extended hours.

Columns: ``open, high, low, close`` and ``volume`` (a column named ``volume_<unit>``,
e.g. Bitstamp's ``volume_btc``, is the volume in that unit) are stored; other columns
(``amount``, ``vwap``, ``trades``...) are not, and the summary says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.providers.base import missing_value_mask
from bubblelink.symbols import ALIASES, TIMEFRAME_SUFFIX, canonical, is_crypto_symbol

BarStamp = Literal["open", "close"]

#: Bar sizes recognised from the spacing of the stamps.
TIMEFRAMES: dict[str, pd.Timedelta] = {
    name: pd.Timedelta(name.replace("m", "min"))
    for name in ("1m", "2m", "3m", "5m", "10m", "15m", "30m", "1h", "2h", "4h")
}

#: ``{symbol}[_{quote}]_{timeframe}[_{source}]`` (case-insensitive): the file-name rule.
FILE_NAME_RULE = re.compile(
    r"^(?P<symbol>[A-Za-z0-9^.=]+?)(?:[_-](?P<quote>usd|usdt|usdc|eur|btc|eth))?"
    r"_(?P<timeframe>\d+[mh])(?:_(?P<venue>[A-Za-z][A-Za-z0-9]*))?$",
    re.IGNORECASE,
)

#: The US regular session in New York time (bar opens inside it).
_REGULAR_OPEN, _REGULAR_CLOSE = pd.Timedelta(hours=9, minutes=30), pd.Timedelta(hours=16)
_NEW_YORK = "America/New_York"
_OHLC = ("open", "high", "low", "close")


@dataclass(frozen=True)
class IntradayBars:
    """The bars of one intraday file, keyed by their UTC open.

    Attributes
    ----------
    series_id : str
        ``{SYMBOL}[@{venue}]:{timeframe}``.
    opens : DatetimeIndex
        Tz-aware UTC bar opens, one per row (file order).
    values : dict
        Field → float array aligned with ``opens``.
    timeframe : str
        ``1m`` ... ``4h``.
    metadata : dict
        What the registry keeps: timeframe, stamp convention and zone, session, gaps.
    warnings : list of str
        For the ingest summary.
    """

    series_id: str
    opens: pd.DatetimeIndex
    values: dict[str, np.ndarray]
    timeframe: str
    metadata: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def detect_timeframe(stamps: pd.DatetimeIndex) -> tuple[str, float]:
    """The most common spacing of ``stamps`` as a timeframe, and the share of spacings
    equal to it.

    Raises
    ------
    DataError
        Fewer than two distinct stamps, or a most common spacing that is not one of
        :data:`TIMEFRAMES`.
    """
    unique = pd.DatetimeIndex(stamps.unique()).sort_values()
    if len(unique) < 2:
        raise DataError("fewer than two distinct timestamps: cannot tell the bar size")
    spacing = pd.Series(unique[1:] - unique[:-1])
    counts = spacing.value_counts()
    modal = counts[counts == counts.max()].index.min()
    for name, step in TIMEFRAMES.items():
        if modal == step:
            return name, float(counts[modal] / len(spacing))
    raise DataError(
        f"the most common spacing between timestamps is {modal}, not a bar size bubblelink "
        f"reads ({', '.join(TIMEFRAMES)}): resample the file to one of them"
    )


def symbol_from_file_name(path: Path) -> tuple[str, str | None, str] | None:
    """``(symbol, source, timeframe)`` named by ``path`` under :data:`FILE_NAME_RULE`."""
    match = FILE_NAME_RULE.match(path.stem)
    if match is None:
        return None
    base = match["symbol"].upper()
    if match["quote"]:
        base = f"{base}-{match['quote'].upper()}"
    base = ALIASES.get(base, base)
    venue = match["venue"].lower() if match["venue"] else None
    return base, venue, match["timeframe"].lower()


@dataclass(frozen=True)
class IntradayName:
    """The series id of a file's bars and where it came from."""

    series_id: str
    venue: str | None = None
    vendor: str | None = None
    warning: str | None = None


def intraday_series_id(path: Path, symbol: str | None, timeframe: str) -> IntradayName:
    """The series id of a file's bars (module doc, *Series id*).

    Raises
    ------
    DataError
        A timeframe written in ``symbol`` or the file name that differs from the bars'.
    """
    if symbol is not None:
        text = symbol.strip()
        written = TIMEFRAME_SUFFIX.match(text)
        if written is not None:
            if written["timeframe"].lower() != timeframe:
                raise DataError(
                    f"symbol {symbol!r} says {written['timeframe']} bars but the timestamps "
                    f"are {timeframe} apart: fix the symbol (or the file)"
                )
            text = written["base"]
        sid = canonical(f"{text}:{timeframe}")
        venue = sid.split("@", 1)[1].split(":", 1)[0] if "@" in sid else None
        return IntradayName(sid, venue=venue)
    named = symbol_from_file_name(path)
    if named is None:
        sid = canonical(f"{path.stem}:{timeframe}")
        return IntradayName(
            sid,
            warning=f"symbol {sid} from the file name {path.name} (not "
            "{symbol}[_{quote}]_{timeframe}[_{source}]): pass --symbol or list the file in "
            "symbols.csv",
        )
    base, source, named_tf = named
    if named_tf != timeframe:
        raise DataError(
            f"the file name says {named_tf} bars but the timestamps are {timeframe} apart: "
            "rename the file or pass --symbol"
        )
    if source is not None and is_crypto_symbol(base):
        return IntradayName(canonical(f"{base}@{source}:{timeframe}"), venue=source)
    return IntradayName(canonical(f"{base}:{timeframe}"), vendor=source)


def read_intraday(
    table: pd.DataFrame,
    date_col: str,
    path: Path,
    symbol: str | None,
    bar_stamp: BarStamp = "open",
    first_line: int = 2,
) -> IntradayBars:
    """Read the intraday bars of one table (see the module doc for every rule).

    Parameters
    ----------
    table
        The file's cells as text (a header row, then one bar per row).
    date_col
        The timestamp column.
    path
        The file (its name may name the symbol).
    symbol
        ``--symbol`` or the ``symbols.csv`` symbol, if any.
    bar_stamp
        ``"open"`` (default) or ``"close"``: what the stamps mark.
    first_line
        The file line of the table's first row (2 for a CSV with one header row).
    """
    lines = np.arange(first_line, first_line + len(table))
    text = table[date_col].astype(str).str.strip()
    stamps, zone = _utc_stamps(text, lines, date_col)
    timeframe, share = detect_timeframe(stamps)
    step = TIMEFRAMES[timeframe]
    opens = _bar_opens(stamps, step) if bar_stamp == "close" else stamps
    _check_duplicates(opens, lines, text, date_col)

    values: dict[str, np.ndarray] = {}
    volume_unit: str | None = None
    stored: list[str] = []
    ignored: list[str] = []
    for column in table.columns:
        if column == date_col:
            continue
        label = column.strip().lower()
        target = label if label in (*_OHLC, "volume") else None
        if target is None and re.fullmatch(r"volume[_ ]\w+", label) and "volume" not in values:
            target = "volume"
        if target is None or target in values:
            ignored.append(column)
            continue
        values[target] = _numbers(table[column], lines, column)
        stored.append(column if column.lower() == target else f"{column} as {target}")
        if target == "volume" and label != "volume":
            volume_unit = re.split(r"[_ ]", label, maxsplit=1)[1].upper()
    if "close" not in values:
        raise DataError(
            f"no close column among {list(table.columns)}: name the bar columns "
            "open, high, low, close[, volume]"
        )
    _check_ohlc(values, lines)

    named = intraday_series_id(path, symbol, timeframe)
    series_id = named.series_id
    crypto = is_crypto_symbol(series_id)
    metadata: dict[str, object] = {
        "timeframe": timeframe,
        "timeframe_share": round(share, 4),
        "bar_stamp_convention": (
            "bar open (the file's stamps)"
            if bar_stamp == "open"
            else "bar open = file's close stamp minus the timeframe (or the previous stamp)"
        ),
        "timestamps": zone,
    }
    if named.venue:
        metadata["venue"] = named.venue
    if named.vendor:
        metadata["vendor"] = named.vendor
    if volume_unit:
        metadata["volume_unit"] = volume_unit
    warnings = [
        f"intraday bars: timeframe {timeframe} ({share:.0%} of spacings), stamps = "
        f"{'bar open' if bar_stamp == 'open' else 'bar close, shifted to the open'}, {zone}"
    ]
    if named.warning:
        warnings.append(named.warning)
    if ignored:
        warnings.append(f"not stored: {', '.join(ignored)} (not a bar field)")
    metadata["columns_stored"] = ", ".join(stored)
    if not crypto:
        metadata["session"] = _session(opens)
    gaps, gap_note = _gaps(opens, step, crypto)
    metadata["gaps"] = gaps
    if gap_note:
        warnings.append(gap_note)
    return IntradayBars(series_id, opens, values, timeframe, metadata, warnings)


def _utc_stamps(text: pd.Series, lines: np.ndarray, column: str) -> tuple[pd.DatetimeIndex, str]:
    """Tz-aware UTC stamps and how the file's zone was read."""
    offsets = text.str.extract(r"(Z|[+-]\d{2}:?\d{2})$")[0]
    aware = offsets.notna().to_numpy()
    if aware.any() and not aware.all():
        row = int(np.argmax(~aware if aware[0] else aware))
        raise DataError(
            f"line {lines[row]}: {column} {text.iloc[row]!r} mixes naive and zone-aware "
            f"timestamps with line {lines[0]} ({text.iloc[0]!r}): write every stamp with "
            "its UTC offset, or none (read as UTC)"
        )
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    bad = parsed.isna().to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise DataError(
            f"line {lines[row]}: {column} {text.iloc[row]!r} is not a timestamp "
            "(YYYY-MM-DD HH:MM[:SS] with an optional UTC offset): fix or delete that row"
        )
    if not aware.any():
        zone = "naive, read as UTC"
    else:
        found = sorted({"+00:00" if o == "Z" else o for o in offsets})
        zone = (
            "UTC (+00:00)"
            if found == ["+00:00"]
            else f"UTC offset {', '.join(found)} in the file, converted to UTC"
        )
    return pd.DatetimeIndex(parsed), zone


def _bar_opens(closes: pd.DatetimeIndex, step: pd.Timedelta) -> pd.DatetimeIndex:
    """Opens of close-stamped bars: ``close − step``, or the previous close when nearer."""
    previous = pd.Series(closes).shift(1)
    opens = pd.Series(closes) - step
    shorter = previous.notna() & (previous > opens) & (previous < pd.Series(closes))
    return pd.DatetimeIndex(opens.where(~shorter, previous))


def _check_duplicates(
    opens: pd.DatetimeIndex, lines: np.ndarray, text: pd.Series, column: str
) -> None:
    repeated = opens.duplicated(keep=False)
    if not repeated.any():
        return
    rows = np.flatnonzero(repeated)
    first = rows[0]
    twin = rows[1:][opens[rows[1:]] == opens[first]][0]
    raise DataError(
        f"line {lines[twin]}: {column} {text.iloc[twin]!r} repeats the bar of line "
        f"{lines[first]} ({opens[first].isoformat()} UTC): delete one of the two rows"
    )


def _numbers(column: pd.Series, lines: np.ndarray, name: str) -> np.ndarray:
    raw = column.astype(str).str.strip()
    missing = missing_value_mask(raw)
    values = pd.to_numeric(raw.where(~missing), errors="coerce")
    bad = values.isna().to_numpy() & ~missing.to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise DataError(
            f"line {lines[row]}: {name} {raw.iloc[row]!r} is not a number: fix or delete that row"
        )
    return values.to_numpy(dtype=float)


def _check_ohlc(values: dict[str, np.ndarray], lines: np.ndarray) -> None:
    """``low <= open, close <= high`` and ``low <= high`` on every row that has them."""
    checks = [("low", f) for f in ("open", "close", "high")] + [
        (f, "high") for f in ("open", "close")
    ]
    for below, above in checks:
        if below not in values or above not in values:
            continue
        lo, hi = values[below], values[above]
        bad = np.isfinite(lo) & np.isfinite(hi) & (lo > hi)
        if bad.any():
            row = int(np.argmax(bad))
            raise DataError(
                f"line {lines[row]}: {below} {lo[row]:g} is above {above} {hi[row]:g} "
                "(a bar needs low <= open, close <= high): fix or delete that row"
            )


def _session(opens: pd.DatetimeIndex) -> str:
    """Whether the bar opens stay inside the US regular session (09:30-16:00 ET)."""
    local = opens.tz_convert(_NEW_YORK)
    time_of_day = local - local.normalize()
    inside = (time_of_day >= _REGULAR_OPEN) & (time_of_day < _REGULAR_CLOSE)
    if bool(inside.all()):
        return "US regular session only (bar opens 09:30-16:00 America/New_York)"
    return (
        f"includes extended hours ({int((~inside).sum())} of {len(opens)} bars open outside "
        "09:30-16:00 America/New_York)"
    )


def _gaps(opens: pd.DatetimeIndex, step: pd.Timedelta, crypto: bool) -> tuple[str, str | None]:
    """The gap note for the metadata and, when there are unexpected gaps, a warning."""
    ordered = opens.sort_values()
    spacing = pd.Series(ordered[1:] - ordered[:-1])
    longer = (spacing > step).to_numpy()
    if crypto:
        closures = np.zeros(len(spacing), dtype=bool)
        rule = "24/7: any spacing longer than the timeframe"
    else:
        days = ordered.tz_convert(_NEW_YORK).normalize()
        closures = np.asarray(days[1:] != days[:-1])
        rule = "market closures between New York dates are not gaps"
    unexpected = longer & ~closures
    if not unexpected.any():
        breaks = int((longer & closures).sum())
        note = "none" + (f" ({breaks} session breaks; {rule})" if breaks else f" ({rule})")
        return note, None
    worst = int(np.argmax(np.where(unexpected, spacing.to_numpy(), np.timedelta64(0, "ns"))))
    note = (
        f"{int(unexpected.sum())} gaps longer than {_tf(step)} ({rule}); longest "
        f"{_span(spacing.iloc[worst])} after {ordered[worst].isoformat()}"
    )
    return note, f"intraday gaps: {note}"


def _span(delta: pd.Timedelta) -> str:
    """``50 min``, ``2 h 30 min``, ``3 d 18 h``."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{mins} min" if mins else "",
    ]
    return " ".join(p for p in parts if p) or f"{delta}"


def _tf(step: pd.Timedelta) -> str:
    return next(name for name, value in TIMEFRAMES.items() if value == step)
