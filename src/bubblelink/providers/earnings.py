"""Earnings announcement dates from Yahoo Finance, through yfinance.

Endpoint: yfinance 1.x ``Ticker.get_earnings_dates(limit)`` scrapes Yahoo's earnings
calendar page ``GET https://finance.yahoo.com/calendar/earnings?symbol={symbol}&offset=0
&size={25|50|100}`` (HTML, not a JSON API): it reads the page's one ``<table>`` (columns
``Symbol, Company, Earnings Date, EPS Estimate, Reported EPS, Surprise (%)``, ``-`` for
missing), parses ``Earnings Date`` cells such as ``"December 10, 2025 at 4 PM EST"`` (hour
resolution only) into tz-aware ``America/New_York`` timestamps, and returns ``None`` when
the page has no table. Rows come newest first, upcoming (estimated) dates included.

Each row becomes an :class:`EarningsDate`:

* ``announced_at``: the announcement instant, tz-aware UTC (hour resolution).
* EPS estimate, reported EPS and surprise (%) as Yahoo gives them (NaN when missing).
* ``source``: ``"Yahoo Finance via yfinance, fetched <UTC time>"``.

This module only fetches: the timing and reaction session of an announcement follow the
one reaction-date rule (:mod:`bubblelink.analytics.events._reaction`), and the service
layer (:func:`bubblelink.service.events.events_fetch`) applies it and appends new events
to the user's events file (:func:`bubblelink.service.catalogs.add_to_user_events`).

Known traps handled here (the same as :mod:`bubblelink.providers.yahoo`):

* an unknown symbol, or one without earnings (ETFs, crypto, indices), gives a page
  without a table: yfinance returns ``None`` → :class:`ProviderError` "no earnings dates";
* HTTP 429 raises ``YFRateLimitError``: retried with full-jitter backoff through
  :func:`bubblelink.providers.http.call_with_retries` (injected ``sleep``), then a
  :class:`ProviderError`;
* no network (connection refused, DNS failure, timeout) →
  :class:`~bubblelink.providers.http.HttpStatusError` with ``status`` None;
* yfinance logs "symbol may be delisted" on stderr: silenced during the call (the
  failure is reported by the error instead).

Limits: unofficial page, no key; Yahoo's dates have been wrong by a day in the past
(yfinance issues #2365, #2371), so a fetched event is only as good as Yahoo's calendar:
the ``source`` says where it came from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import random
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from bubblelink.errors import DataError, ProviderError
from bubblelink.providers.http import HttpStatusError, RetryPolicy, call_with_retries

NEW_YORK = "America/New_York"
SOURCE = "Yahoo Finance via yfinance"
PAGE_URL = "https://finance.yahoo.com/calendar/earnings?symbol={symbol}"
MAX_LIMIT = 100  # yfinance refuses more ("Yahoo caps limit at 100")

_COLUMNS = ("EPS Estimate", "Reported EPS", "Surprise(%)")
_NETWORK_ERRORS = frozenset({"ConnectionError", "Timeout", "TimeoutError", "DNSError", "gaierror"})


@dataclasses.dataclass(frozen=True)
class EarningsDate:
    """One earnings announcement of one company, as Yahoo lists it.

    Attributes
    ----------
    symbol
        The company's ticker (upper case).
    announced_at
        Announcement instant, tz-aware UTC (Yahoo gives the hour only).
    eps_estimate, eps_actual, surprise_pct
        Consensus EPS, reported EPS and surprise in percent; NaN when Yahoo has none
        (always for upcoming reports).
    fetched_at
        When the page was read, tz-aware UTC.
    source
        ``"Yahoo Finance via yfinance, fetched YYYY-MM-DD HH:MM UTC"``.
    """

    symbol: str
    announced_at: pd.Timestamp
    eps_estimate: float
    eps_actual: float
    surprise_pct: float
    fetched_at: pd.Timestamp
    source: str

    @property
    def announced_local(self) -> pd.Timestamp:
        """The announcement instant in New York."""
        return self.announced_at.tz_convert(NEW_YORK)

    @property
    def upcoming(self) -> bool:
        """True when the announcement lies after the fetch (an estimated date)."""
        return bool(self.announced_at > self.fetched_at)

    @property
    def event_id(self) -> str:
        """Events-file id, e.g. ``ORCL-2025-12-10-earnings`` (New York announcement date)."""
        return f"{self.symbol}-{self.announced_local.date().isoformat()}-earnings"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able view (NaN → None)."""
        return {
            "symbol": self.symbol,
            "id": self.event_id,
            "announced_at": self.announced_at.isoformat(),
            "announced_local": self.announced_local.isoformat(),
            "eps_estimate": _or_none(self.eps_estimate),
            "eps_actual": _or_none(self.eps_actual),
            "surprise_pct": _or_none(self.surprise_pct),
            "upcoming": self.upcoming,
            "source": self.source,
        }

    def figures_note(self) -> str:
        """EPS figures and Yahoo's time in one line (the ``notes`` of an events entry)."""
        figures = [
            f"{label} {_number(value, suffix)}"
            for label, value, suffix in (
                ("EPS estimate", self.eps_estimate, ""),
                ("reported", self.eps_actual, ""),
                ("surprise", self.surprise_pct, "%"),
            )
            if math.isfinite(value)
        ]
        return "; ".join(
            [
                *([", ".join(figures)] if figures else []),
                f"Yahoo time {self.announced_local:%H:%M} ET (hour resolution), "
                + PAGE_URL.format(symbol=self.symbol).removeprefix("https://"),
            ]
        )


def fetch_earnings_dates(
    symbol: str,
    limit: int = 12,
    *,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    now: Callable[[], pd.Timestamp] | None = None,
) -> list[EarningsDate]:
    """Earnings announcements of ``symbol`` from Yahoo Finance, newest first.

    Parameters
    ----------
    symbol
        Ticker of a listed company (``ORCL``, ``NVDA``).
    limit
        How many of the most recent rows Yahoo lists to keep (upcoming dates included),
        1 to 100.
    retry
        Retries on ``YFRateLimitError`` (HTTP 429); default 3 retries, 2 s base, 60 s cap,
        full jitter.
    sleep, rng
        Injected into the backoff (tests never really sleep).
    now
        Clock of the fetch time (default: the current UTC time).

    Returns
    -------
    list of EarningsDate

    Raises
    ------
    DataError
        When ``limit`` is outside 1..100.
    ProviderError
        No earnings dates for the symbol, rate limited after the retries, or an answer
        yfinance could not read. No network: :class:`HttpStatusError` with ``status`` None.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise DataError(f"limit must be between 1 and {MAX_LIMIT} (Yahoo's cap), got {limit}")
    symbol = symbol.strip().upper()
    frame = _download(symbol, limit, retry, sleep, rng)
    fetched_at = (now or _utc_now)().tz_convert("UTC")
    if frame is None or frame.empty:
        raise ProviderError(_no_dates_message(symbol))
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ProviderError(
            f"yahoo: earnings dates of {symbol} lack columns {missing}: yfinance may have "
            "changed; upgrade bubblelink/yfinance"
        )
    index = pd.DatetimeIndex(frame.index)
    if index.tz is None:  # yfinance localizes to New York; be safe if that changes
        index = index.tz_localize(NEW_YORK)
    source = f"{SOURCE}, fetched {fetched_at:%Y-%m-%d %H:%M} UTC"
    rows = frame.assign(_at=index.tz_convert("UTC")).dropna(subset=["_at"])
    rows = rows.sort_values("_at", ascending=False).head(limit)
    out = []
    for stamp, est, act, surprise in zip(
        rows["_at"], *(rows[c].astype("float64") for c in _COLUMNS), strict=True
    ):
        out.append(
            EarningsDate(
                symbol=symbol,
                announced_at=pd.Timestamp(stamp),
                eps_estimate=float(est),
                eps_actual=float(act),
                surprise_pct=float(surprise),
                fetched_at=fetched_at,
                source=source,
            )
        )
    return out


# ---------------------------------------------------------------------- internals
def _download(
    symbol: str,
    limit: int,
    retry: RetryPolicy | None,
    sleep: Callable[[float], None],
    rng: random.Random | None,
) -> pd.DataFrame | None:
    import yfinance as yf
    from yfinance.exceptions import YFRateLimitError

    def attempt() -> pd.DataFrame | None:
        with _quiet_yfinance():
            return yf.Ticker(symbol).get_earnings_dates(limit=limit)

    def give_up(exc: BaseException, attempts: int) -> Exception:
        return ProviderError(
            f"yahoo: rate limited (HTTP 429) on the earnings dates of {symbol} after "
            f"{attempts} attempts: wait a few minutes, then retry with fewer symbols"
        )

    policy = retry or RetryPolicy(max_retries=3, backoff_base=2.0, backoff_cap=60.0)
    try:
        return call_with_retries(
            attempt,
            retry_on=(YFRateLimitError,),
            policy=policy,
            sleep=sleep,
            rng=rng,
            on_give_up=give_up,
        )
    except ProviderError:
        raise
    except Exception as exc:  # yfinance raises many undocumented types
        detail = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}".rstrip(": ")
        if _is_network_error(exc):
            raise HttpStatusError(
                "yahoo",
                PAGE_URL.format(symbol=symbol),
                None,
                1,
                detail=f"{detail}; offline? add the events to the events file by hand",
            ) from exc
        raise ProviderError(
            f"yahoo: earnings dates of {symbol} failed with {detail}: check the symbol, "
            "retry later, or upgrade yfinance if Yahoo changed its page"
        ) from exc


def _is_network_error(exc: BaseException) -> bool:
    """Connection refused, DNS failure or timeout, from requests, curl_cffi or socket."""
    return bool(_NETWORK_ERRORS & {cls.__name__ for cls in type(exc).__mro__})


@contextlib.contextmanager
def _quiet_yfinance() -> Iterator[None]:
    """Silence yfinance's own error logs and pandas deprecation warnings during a call.

    The failure is raised instead of logged; the warnings concern yfinance's code, not
    anything a user can change.
    """
    logger = logging.getLogger("yfinance")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"yfinance(\.|$)")
            yield
    finally:
        logger.setLevel(level)


def _no_dates_message(symbol: str) -> str:
    return (
        f"no earnings dates for {symbol} from Yahoo: check the symbol (a listed company's "
        "ticker, e.g. ORCL; ETFs, indices and crypto have none)"
    )


def _utc_now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC")


def _or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _number(value: float, suffix: str) -> str:
    sign = "+" if suffix and value > 0 else ""
    return f"{sign}{value:.2f}{suffix}"
