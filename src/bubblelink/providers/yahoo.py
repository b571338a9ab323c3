"""Daily OHLCV from Yahoo Finance, through yfinance.

Endpoint: yfinance's ``Ticker.history()`` calls Yahoo's chart API
``GET https://query2.finance.yahoo.com/v8/finance/chart/{symbol}`` (first with
``range=1d`` to learn the exchange time zone, then with ``period1``/``period2``/
``interval=1d``) and parses ``chart.result[0]``: ``timestamp``, ``meta``
(``exchangeTimezoneName``, ``currency``, ``instrumentType``...),
``indicators.quote[0].{open,high,low,close,volume}`` and
``indicators.adjclose[0].adjclose``.

Output per symbol: fields ``open, high, low, close, adj_close, volume``. ``close`` is the
raw close; ``adj_close`` is adjusted for splits *and* dividends (Yahoo's adjustment),
the other prices are split-adjusted only (Yahoo's convention). Prices are in the quote
currency (``meta.currency``; indices are stored with unit ``"index"``), volume in shares
(coins for crypto, 0 for most indices).

Dates: the *session date* in the exchange's time zone, as naive midnight
``datetime64`` (Yahoo stamps a daily bar at the session open; yfinance converts it to
the exchange date). Crypto pairs (``BTC-USD``) are quoted in UTC, so a "day" is the UTC
calendar day: ``frequency="daily"``, ``calendar="24/7"``. Equities and indices
(``NVDA``, ``^IXIC``, ``DX-Y.NYB``) are ``frequency="business"``, ``calendar="XNYS"``.

Known traps handled here:

* Yahoo answers an unknown or delisted ticker with an *empty* frame, not an error: it
  becomes a failure ``"no data for X from Yahoo: check the symbol ..."``.
* HTTP 429 raises ``yfinance.exceptions.YFRateLimitError``: retried with full-jitter
  backoff through :func:`bubblelink.providers.http.call_with_retries` (injected
  ``sleep``), then reported as a failure.
* yfinance needs ``curl_cffi`` to look like a browser and refuses custom/caching
  sessions, so this provider does *not* use :class:`~bubblelink.providers.http.HttpClient`
  and never passes a session; it only spaces calls (``min_interval``).
* Rows Yahoo leaves empty (``null``) are dropped and counted in ``warnings``.

Limits: unofficial API, no key; Yahoo throttles bursts (roughly a few hundred requests
per hour per IP), hence the default 1 s spacing between symbols.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from bubblelink.dates import DateLike
from bubblelink.errors import ProviderError
from bubblelink.providers.base import (
    FetchResult,
    SeriesBatch,
    SeriesMeta,
    drop_missing_values,
)
from bubblelink.providers.http import RateLimiter, RetryPolicy, call_with_retries
from bubblelink.symbols import is_crypto_symbol

_COLUMNS = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
}
_CRYPTO_TYPES = {"CRYPTOCURRENCY"}
_META_KEYS = ("currency", "instrumentType", "exchangeName", "exchangeTimezoneName")


def _to_day(value: DateLike | None) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def _no_data_message(symbol: str) -> str:
    return (
        f"no data for {symbol} from Yahoo: check the symbol "
        "(Yahoo-style tickers, e.g. BTC-USD, ^IXIC)"
    )


def _http_status(exc: BaseException) -> int | None:
    """HTTP status carried by a requests/curl_cffi ``HTTPError``, if any."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


class YahooProvider:
    """Daily OHLCV + adjusted close from Yahoo Finance (via yfinance).

    Parameters
    ----------
    retry : RetryPolicy, optional
        Retries on ``YFRateLimitError`` (HTTP 429); default 3 retries, 2 s base,
        60 s cap, full jitter.
    min_interval : float
        Minimum seconds between two symbols' requests.
    sleep, clock, rng
        Injectable time sources and jitter generator (tests never really sleep).
    timeout : float
        Read timeout passed to yfinance, seconds.
    """

    name = "yahoo"

    def __init__(
        self,
        *,
        retry: RetryPolicy | None = None,
        min_interval: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        timeout: float = 20.0,
    ) -> None:
        self.retry = (
            retry
            if retry is not None
            else RetryPolicy(max_retries=3, backoff_base=2.0, backoff_cap=60.0)
        )
        self.sleep = sleep
        self.rng = rng if rng is not None else random.Random()
        self.timeout = timeout
        self.limiter = (
            RateLimiter.min_interval(min_interval, clock=clock, sleep=sleep)
            if min_interval > 0
            else None
        )

    def fetch(
        self,
        symbols: Iterable[str],
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> FetchResult:
        """Fetch daily bars for each symbol; one failing symbol never stops the others.

        Parameters
        ----------
        symbols : iterable of str
            Yahoo-style tickers (``BTC-USD``, ``NVDA``, ``^IXIC``, ``DX-Y.NYB``).
        start, end : date-like, optional
            Inclusive session-date bounds; without ``start`` the full history
            (``period="max"``) is requested.
        """
        result = FetchResult()
        first, last = _to_day(start), _to_day(end)
        for raw in symbols:
            symbol = raw.strip().upper()
            try:
                batch = self._fetch_one(symbol, first, last)
            except ProviderError as exc:
                result.failures[symbol] = str(exc)
                continue
            except Exception as exc:  # yfinance raises many undocumented types
                if _http_status(exc) == 404:
                    # unknown ticker: yfinance's fallback to the quoteSummary endpoint
                    # raises HTTPError 404 instead of returning an empty frame
                    result.failures[symbol] = _no_data_message(symbol)
                    continue
                result.failures[symbol] = (
                    f"yahoo: {symbol} failed with {type(exc).__name__}: "
                    f"{' '.join(str(exc).split())[:200]}; retry later or check the symbol"
                )
                continue
            result.batches.append(batch)
        return result

    # ------------------------------------------------------------------ internals
    def _download(
        self, symbol: str, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        import yfinance as yf
        from yfinance.exceptions import YFRateLimitError

        def attempt() -> tuple[pd.DataFrame, dict[str, Any]]:
            if self.limiter is not None:
                self.limiter.acquire()
            ticker = yf.Ticker(symbol)
            kwargs: dict[str, Any] = {
                "interval": "1d",
                "auto_adjust": False,
                "actions": False,
                "keepna": True,
                "repair": False,
                "timeout": self.timeout,
            }
            if first is None:
                kwargs["period"] = "max"
            else:
                kwargs["start"] = first.strftime("%Y-%m-%d")
                if last is not None:  # yfinance's end is exclusive
                    kwargs["end"] = (last + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
            frame = ticker.history(**kwargs)
            metadata: dict[str, Any] = {}
            if not frame.empty:
                # Read plain keys only: iterating the lazy mapping would fetch the
                # intraday 'tradingPeriods' with an extra request.
                lazy = ticker.get_history_metadata()
                metadata = {key: lazy[key] for key in _META_KEYS if key in lazy}
            return frame, metadata

        def give_up(exc: BaseException, attempts: int) -> Exception:
            return ProviderError(
                f"yahoo: rate limited (HTTP 429) on {symbol} after {attempts} attempts: "
                "wait a few minutes, then retry with fewer symbols"
            )

        return call_with_retries(
            attempt,
            retry_on=(YFRateLimitError,),
            policy=self.retry,
            sleep=self.sleep,
            rng=self.rng,
            on_give_up=give_up,
        )

    def _fetch_one(
        self, symbol: str, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> SeriesBatch:
        frame, yahoo_meta = self._download(symbol, first, last)
        if frame is None or frame.empty:
            raise ProviderError(_no_data_message(symbol))
        missing = [c for c in _COLUMNS if c not in frame.columns]
        if missing:
            raise ProviderError(
                f"yahoo: answer for {symbol} lacks columns {missing}: yfinance may have "
                "changed; upgrade bubblelink/yfinance"
            )
        index = pd.DatetimeIndex(frame.index)
        if index.tz is not None:
            index = index.tz_localize(None)  # exchange-local session date, naive
        wide = frame[list(_COLUMNS)].rename(columns=_COLUMNS).astype("float64")
        wide.insert(0, "date", index.normalize().astype("datetime64[ns]"))
        wide = wide.loc[~wide["date"].duplicated(keep="last")]
        # keepna=True keeps Yahoo's null rows; yfinance fills their volume with 0, so a
        # row without any price is dropped whole instead of leaving a phantom volume.
        empty_rows = wide[["open", "high", "low", "close", "adj_close"]].isna().all(axis=1)
        n_empty_rows = int(empty_rows.sum())
        wide = wide.loc[~empty_rows]
        if first is not None:
            wide = wide.loc[wide["date"] >= first]
        if last is not None:
            wide = wide.loc[wide["date"] <= last]
        long = wide.melt(id_vars=["date"], var_name="field", value_name="value")
        long, dropped = drop_missing_values(long, "empty Yahoo values")
        if long.empty:
            raise ProviderError(_no_data_message(symbol))
        long = long.sort_values(["date", "field"], kind="stable").reset_index(drop=True)

        instrument = str(yahoo_meta.get("instrumentType") or "").upper()
        crypto = instrument in _CRYPTO_TYPES or (not instrument and is_crypto_symbol(symbol))
        currency = str(yahoo_meta.get("currency") or "USD")
        meta = SeriesMeta(
            id=symbol,
            kind="price",
            unit="index" if instrument == "INDEX" else currency,
            frequency="daily" if crypto else "business",
            source="yahoo",
            calendar="24/7" if crypto else "XNYS",
            metadata={
                "currency": currency,
                "instrument_type": instrument or None,
                "exchange": yahoo_meta.get("exchangeName"),
                "exchange_timezone": yahoo_meta.get("exchangeTimezoneName"),
                "url": f"https://query2.finance.yahoo.com/v8/finance/chart/{symbol}",
                "adjustment": "close raw; adj_close split+dividend adjusted",
            },
        )
        warnings = [f"{symbol}: {n_empty_rows} empty Yahoo rows skipped"] if n_empty_rows else []
        if dropped:
            warnings.append(f"{symbol}: {dropped}")
        return SeriesBatch(meta=meta, data=long, warnings=warnings)
