"""The sample a claim figure was computed on, and the coverage rule.

Every claim figure, every variant and every scorecard row reports the sample it actually
used: the series, the first and last date, ``n`` (what ``n`` counts is in ``unit``), the
window the claim asked for, and which price field the levels or returns came from.

Coverage rule
-------------
``coverage`` is the share of the observations the asked-for window holds (on the
computation's calendar: NYSE sessions, calendar days, weeks, intraday bars) that the
figure actually used. Figures built from two endpoints (a period return, a daily move)
use the endpoints instead: 1 when both are the asked ones (within
:data:`~bubblelink.claims._data.COVERAGE_SLACK`), else the share of the union of the
asked and measured spans that both cover. A figure whose coverage is below
:data:`MIN_COVERAGE` (90%) cannot stand for the claim: its verdict is ``inconclusive``
and the reason quotes the sample (e.g. a "since 2018" beta computed on 77 sessions
because the store's Nasdaq starts in August 2025).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.claims._data import COVERAGE_SLACK
from bubblelink.results import plain
from bubblelink.sessions import nyse_sessions

#: A figure computed on fewer than this share of the asked-for observations is inconclusive.
MIN_COVERAGE = 0.9

#: What ``n`` counts on each calendar.
UNITS = {"equity": "NYSE sessions", "XNYS": "NYSE sessions", "all-days": "days", "24/7": "days"}


def _day(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "?"


def _share(value: float) -> str:
    """A coverage as a percentage; one decimal where it would read as the rule's edge."""
    text = f"{value:.0%}"
    return f"{value:.1%}" if text == f"{MIN_COVERAGE:.0%}" and value != MIN_COVERAGE else text


@dataclass(frozen=True)
class Sample:
    """The data one figure used, next to the window its claim asked for.

    Attributes
    ----------
    series
        The stored series (or recorded figure ids) used.
    first, last
        First and last date of the observations used (None for a recorded figure).
    n
        Observations used; ``unit`` says what they are (NYSE sessions, days, weeks, bars).
    requested
        The window the claim asked for, in words (e.g. ``63 NYSE sessions ending
        2025-11-19``, ``2018-01-01..2025-12-12``).
    requested_first, requested_last, requested_n
        The same window as dates and the number of observations it holds on the
        computation's calendar (None when not countable).
    coverage
        Share of the asked-for window the figure used (see the module docstring); None
        when it does not apply (a latest value, a recorded figure).
    prices
        Which price field the figure used (adjusted or raw close, or a close whose
        adjustment the store does not record); empty when no prices were used.
    """

    series: tuple[str, ...]
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    n: int
    unit: str
    requested: str
    requested_first: pd.Timestamp | None = None
    requested_last: pd.Timestamp | None = None
    requested_n: int | None = None
    coverage: float | None = None
    prices: str = ""

    @property
    def short(self) -> bool:
        """True when the coverage is known and below :data:`MIN_COVERAGE`."""
        return self.coverage is not None and self.coverage < MIN_COVERAGE - 1e-12

    def span(self) -> str:
        """``2025-08-26..2025-12-12, n=77 of 1,999 NYSE sessions asked (4%)``."""
        if self.first is None and self.last is None:
            text = f"n={self.n:,} {self.unit}"
        elif self.first == self.last:
            text = f"{_day(self.last)}, n={self.n:,} {self.unit}"
        else:
            text = f"{_day(self.first)}..{_day(self.last)}, n={self.n:,} {self.unit}"
        if self.requested_n is not None:
            text = text.replace(f" {self.unit}", f" of {self.requested_n:,} {self.unit} asked")
        if self.coverage is not None and self.coverage < 1.0 - 1e-12:
            text += f" ({_share(self.coverage)} coverage)"
        return text

    def describe(self) -> str:
        """One line: series, span, n, the window asked for and the price field."""
        text = f"{', '.join(self.series)}: {self.span()}; asked: {self.requested}"
        if self.prices:
            text += f"; prices: {self.prices}"
        return text

    def shortfall(self) -> str:
        """Why the sample cannot stand for the claim (empty when it can)."""
        if not self.short:
            return ""
        assert self.coverage is not None
        return (
            f"sample too short: {', '.join(self.series)} {self.span()} for the asked "
            f"{self.requested}; coverage {_share(self.coverage)} is below the "
            f"{MIN_COVERAGE:.0%} rule"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain form (``text`` is :meth:`describe`)."""
        return {
            "text": self.describe(),
            "series": list(self.series),
            "first": plain(self.first),
            "last": plain(self.last),
            "n": int(self.n),
            "unit": self.unit,
            "requested": self.requested,
            "requested_first": plain(self.requested_first),
            "requested_last": plain(self.requested_last),
            "requested_n": self.requested_n,
            "coverage": plain(self.coverage),
            "prices": self.prices,
        }


def unit_of(calendar: str) -> str:
    """What one observation is on ``calendar`` (``equity``/``XNYS`` → NYSE sessions)."""
    return UNITS.get(calendar, "observations")


def expected_count(first: pd.Timestamp, last: pd.Timestamp, calendar: str) -> int:
    """Observations ``[first, last]`` holds: NYSE sessions (``equity``/``XNYS``), else days."""
    if last < first:
        return 0
    if calendar in ("equity", "XNYS"):
        return len(nyse_sessions(first, last))
    return int((last.normalize() - first.normalize()).days) + 1


def window_start(end: pd.Timestamp, window: int, calendar: str) -> pd.Timestamp:
    """First date of a window of ``window`` observations ending on ``end``."""
    if calendar in ("equity", "XNYS"):
        sessions = nyse_sessions(end - pd.Timedelta(days=2 * window + 30), end)
        if len(sessions) >= window:
            return pd.Timestamp(sessions[-window])
    return end.normalize() - pd.Timedelta(days=window - 1)


def observed_sample(
    index: pd.DatetimeIndex,
    series: Sequence[str],
    requested_first: pd.Timestamp,
    requested_last: pd.Timestamp,
    calendar: str,
    requested: str,
    prices: str = "",
    requested_n: int | None = None,
) -> Sample:
    """The sample of a statistic computed on the observations ``index``.

    Coverage = observations of ``index`` inside ``[requested_first, requested_last]`` over
    the observations that window holds on ``calendar`` (or ``requested_n`` when given).
    """
    wanted = (
        requested_n
        if requested_n is not None
        else expected_count(requested_first, requested_last, calendar)
    )
    inside = int(((index >= requested_first) & (index <= requested_last)).sum())
    return Sample(
        series=tuple(series),
        first=index[0] if len(index) else None,
        last=index[-1] if len(index) else None,
        n=len(index),
        unit=unit_of(calendar),
        requested=requested,
        requested_first=requested_first,
        requested_last=requested_last,
        requested_n=wanted,
        coverage=min(1.0, inside / wanted) if wanted else 0.0,
        prices=prices,
    )


def endpoint_coverage(
    first: pd.Timestamp, last: pd.Timestamp, asked_first: pd.Timestamp, asked_last: pd.Timestamp
) -> float:
    """Coverage of a two-endpoint figure (module docstring): 1 when the endpoints are the
    asked ones within the slack, else overlap / union of the two spans in days."""
    if abs(first - asked_first) <= COVERAGE_SLACK and abs(last - asked_last) <= COVERAGE_SLACK:
        return 1.0
    overlap = (min(last, asked_last) - max(first, asked_first)).days
    union = (max(last, asked_last) - min(first, asked_first)).days
    return max(0.0, overlap / union) if union > 0 else 0.0


def price_label(
    fields: Mapping[str, str], adjusted_stored: Mapping[str, bool] | None = None
) -> str:
    """Which price field each series used, e.g. ``ORCL: raw close (adj_close stored beside it)``.

    ``fields``: symbol → the stored field read (``adj_close``, ``close``, ``low``...).
    ``adjusted_stored``: symbol → whether an ``adj_close`` is stored beside it (when the
    read field is not ``adj_close``); without it, a field read under ``field="auto"`` that
    is not ``adj_close`` means none is stored. Yahoo-style sources quote ``close`` raw
    (split-adjusted) next to ``adj_close``; a series with one close does not record which
    it is (the shared Yahoo files are split- and dividend-adjusted).
    """
    parts = []
    for symbol, field in fields.items():
        if field == "adj_close":
            text = "adjusted close (adj_close)"
        elif field in ("value", "index", "billions USD"):
            continue
        elif (adjusted_stored or {}).get(symbol, False):
            text = f"raw {field} (adj_close stored beside it)"
        else:
            text = f"{field} as stored (no adj_close beside it: adjusted or raw not recorded)"
        parts.append(f"{symbol}: {text}")
    if not parts:
        return ""
    texts = {p.split(": ", 1)[1] for p in parts}
    if len(texts) == 1 and len(parts) > 1:
        return f"{', '.join(p.split(': ', 1)[0] for p in parts)}: {texts.pop()}"
    return "; ".join(parts)


def returns_prices(prices: pd.DataFrame, symbols: Sequence[str]) -> str:
    """The price field each series' returns came from, from the aligned prices' attrs
    (``field="auto"`` reads ``adj_close`` when stored, so ``close`` means no adjusted
    close is stored beside it)."""
    fields = dict(getattr(prices, "attrs", {}).get("fields", {}) or {})
    label = price_label({s: str(fields[s]) for s in symbols if s in fields})
    return f"returns of {label}" if label else ""
