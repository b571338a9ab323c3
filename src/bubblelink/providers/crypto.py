"""Crypto OHLCV bars from a named exchange, through ccxt (synchronous).

Endpoint: ``exchange.fetch_ohlcv(symbol, timeframe, since, limit)``; for Binance that is
``GET https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=...&limit=...``
answering arrays ``[openTime ms, "open", "high", "low", "close", "volume", closeTime,
...]``. ccxt loads the market list first (Binance: ``GET /api/v3/exchangeInfo``; this
provider restricts Binance to spot markets so only that one request is made).

Paging: long histories are read page by page, moving ``since`` to the bar after the
last one received, until the end date. Some exchanges ignore ``since`` (Kraken serves
only its latest 720 bars); a page that does not move ``since`` forward stops the loop
with a warning (counted in :attr:`CryptoProvider.stalled_pages`) instead of looping
forever. ccxt itself drops bars older than ``since``, so a repeated old page usually
arrives *empty*: an empty page well before the end of the window counts as a stall too. Overlapping bars between pages are de-duplicated (the later copy wins).

Output: one batch per pair, fields ``open, high, low, close, volume`` (volume in the
base currency, prices in the quote currency). Series id ``{BASE}-{QUOTE}@{exchange}``
for ``1d`` bars (``frequency="daily"``, date = the UTC calendar day of the bar open,
naive midnight) and ``{BASE}-{QUOTE}@{exchange}:{timeframe}`` for intraday bars
(``frequency="intraday"``, date = tz-aware UTC timestamp of the bar open), e.g.
``BTC-USDT@binance:1h``. ``calendar="24/7"``.

Rate limits: ccxt's own throttle is switched off and replaced by this provider's
:class:`~bubblelink.providers.http.RateLimiter` at the exchange's declared
``rateLimit`` (Binance 50 ms), so tests can inject ``sleep``. Network errors and
``RateLimitExceeded``/``DDoSProtection`` are retried with full-jitter backoff.
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

_FIELDS = ("open", "high", "low", "close", "volume")
_DAY_MS = 86_400_000

#: Exchange options that keep market loading to what OHLCV needs.
_EXCHANGE_OPTIONS: dict[str, dict[str, Any]] = {
    "binance": {"fetchMarkets": {"types": ["spot"]}},
}


def _to_utc(value: DateLike | None) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def unified_symbol(symbol: str) -> str:
    """``"btc-usdt"`` / ``"BTC/USDT"`` → ccxt's unified ``"BTC/USDT"``."""
    text = symbol.strip().upper().replace("-", "/")
    if "/" not in text:
        raise ProviderError(
            f"crypto: {symbol!r} is not a pair: write it as BASE-QUOTE, e.g. BTC-USDT"
        )
    return text


def series_id(symbol: str, exchange: str, timeframe: str) -> str:
    """``BTC-USDT@binance`` for daily bars, ``BTC-USDT@binance:1h`` for intraday."""
    pair = unified_symbol(symbol).replace("/", "-")
    suffix = "" if timeframe == "1d" else f":{timeframe}"
    return f"{pair}@{exchange}{suffix}"


class CryptoProvider:
    """OHLCV bars from one ccxt exchange, paged over long histories.

    Parameters
    ----------
    exchange : str
        ccxt exchange id (``"binance"``, ``"kraken"``, ``"coinbase"``...).
    timeframe : str
        ``"1d"`` (daily) or an intraday timeframe the exchange supports (``"1h"``...).
    limit : int
        Bars per request (Binance allows up to 1000).
    client : ccxt.Exchange, optional
        A ready exchange instance (tests, or custom options/markets). Its built-in
        throttle is switched off; this provider's limiter is used instead.
    retry : RetryPolicy, optional
    max_pages : int
        Hard stop on the number of pages per symbol.
    sleep, clock, rng
        Injectable time sources and jitter generator.

    Attributes
    ----------
    stalled_pages : int
        How many times a page failed to advance ``since`` (exchange ignored it).
    """

    name = "crypto"

    def __init__(
        self,
        exchange: str = "binance",
        timeframe: str = "1d",
        *,
        limit: int = 1000,
        client: Any | None = None,
        retry: RetryPolicy | None = None,
        max_pages: int = 10_000,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.exchange_id = exchange.lower()
        self.timeframe = timeframe
        self.limit = limit
        self.max_pages = max_pages
        self.retry = retry if retry is not None else RetryPolicy(max_retries=4, backoff_base=1.0)
        self.sleep = sleep
        self.clock = clock
        self.rng = rng if rng is not None else random.Random()
        self._client = client
        self._limiter: RateLimiter | None = None
        self.stalled_pages = 0

    # ------------------------------------------------------------------ exchange
    @property
    def client(self) -> Any:
        """The ccxt exchange (created on first use)."""
        if self._client is None:
            import ccxt

            if not hasattr(ccxt, self.exchange_id):
                raise ProviderError(
                    f"crypto: unknown exchange {self.exchange_id!r}: use a ccxt exchange "
                    "id such as binance, kraken, coinbase, bitstamp"
                )
            factory = getattr(ccxt, self.exchange_id)
            self._client = factory({"options": _EXCHANGE_OPTIONS.get(self.exchange_id, {})})
        self._client.enableRateLimit = False
        if self._limiter is None:
            interval = max(float(getattr(self._client, "rateLimit", 0) or 0) / 1000.0, 1e-3)
            self._limiter = RateLimiter.min_interval(interval, clock=self.clock, sleep=self.sleep)
        return self._client

    def _call(self, func: Callable[[], Any]) -> Any:
        import ccxt

        def attempt() -> Any:
            if self._limiter is not None:
                self._limiter.acquire()
            return func()

        def give_up(exc: BaseException, attempts: int) -> Exception:
            return ProviderError(
                f"crypto: {self.exchange_id} kept failing ({type(exc).__name__}) after "
                f"{attempts} attempts: try again later or use another exchange"
            )

        return call_with_retries(
            attempt,
            retry_on=(ccxt.NetworkError,),
            policy=self.retry,
            sleep=self.sleep,
            rng=self.rng,
            on_give_up=give_up,
        )

    # ------------------------------------------------------------------ public API
    def fetch(
        self,
        symbols: Iterable[str],
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> FetchResult:
        """Fetch bars for each pair; one failing pair never stops the others.

        Parameters
        ----------
        symbols : iterable of str
            Pairs as ``BASE-QUOTE`` or ``BASE/QUOTE`` (``BTC-USDT``, ``ETH/USD``).
        start, end : date-like, optional
            Inclusive bounds (naive values are UTC; a date ``end`` includes that whole
            day). Without ``start`` the exchange's history from its first bar.
        """
        import ccxt

        result = FetchResult()
        first, last = _to_utc(start), _to_utc(end)
        for raw in symbols:
            try:
                sid = series_id(raw, self.exchange_id, self.timeframe)
            except ProviderError as exc:
                result.failures[raw] = str(exc)
                continue
            try:
                result.batches.append(self._fetch_one(raw, sid, first, last))
            except ProviderError as exc:
                result.failures[sid] = str(exc)
            except ccxt.BadSymbol:
                result.failures[sid] = (
                    f"crypto: {self.exchange_id} has no market {unified_symbol(raw)}: "
                    "check the pair (e.g. BTC-USDT on binance, BTC-USD on kraken)"
                )
            except ccxt.BaseError as exc:
                result.failures[sid] = (
                    f"crypto: {self.exchange_id} refused {unified_symbol(raw)} "
                    f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]}): "
                    "check the pair and timeframe"
                )
        return result

    # ------------------------------------------------------------------ internals
    def _fetch_one(
        self,
        raw: str,
        sid: str,
        first: pd.Timestamp | None,
        last: pd.Timestamp | None,
    ) -> SeriesBatch:
        exchange = self.client
        symbol = unified_symbol(raw)
        if not exchange.markets:
            self._call(exchange.load_markets)
        if self.timeframe not in (getattr(exchange, "timeframes", None) or {self.timeframe: 1}):
            raise ProviderError(
                f"crypto: {self.exchange_id} has no timeframe {self.timeframe!r}: use one "
                f"of {', '.join(sorted(exchange.timeframes))}"
            )
        step_ms = int(exchange.parse_timeframe(self.timeframe) * 1000)
        since = int(first.timestamp() * 1000) if first is not None else 0
        if last is None:
            end_ms = int(self.clock_now().timestamp() * 1000)
        elif last == last.normalize():  # a date: include the whole day
            end_ms = int(last.timestamp() * 1000) + _DAY_MS - 1
        else:
            end_ms = int(last.timestamp() * 1000)

        bars: list[list[Any]] = []
        warnings: list[str] = []
        pages = 0
        while since <= end_ms:
            requested = since

            def fetch_page(s: int = requested) -> Any:
                return exchange.fetch_ohlcv(symbol, self.timeframe, s, self.limit)

            page = self._call(fetch_page)
            pages += 1
            if not page:
                # ccxt drops bars older than `since`, so an exchange that ignores `since`
                # and repeats an older page shows up here as an empty page. Empty is
                # normal at the end of the history; well before it, it is a stall.
                horizon = min(end_ms, int(self.clock_now().timestamp() * 1000))
                if bars and requested + step_ms < horizon:
                    self._stalled(warnings, sid, pages, requested, "came back empty")
                break
            bars.extend(page)
            last_open = int(page[-1][0])
            next_since = last_open + step_ms
            if next_since <= requested:
                self._stalled(warnings, sid, pages, requested, "did not advance")
                break
            if pages >= self.max_pages:
                warnings.append(f"{sid}: stopped after max_pages={self.max_pages} pages")
                break
            since = next_since
        if not bars:
            raise ProviderError(
                f"crypto: no {self.timeframe} bars for {symbol} on {self.exchange_id} in the "
                "requested window: check the dates (listing date) and the pair"
            )
        return self._batch(bars, sid, symbol, first, end_ms, warnings)

    def _stalled(self, warnings: list[str], sid: str, page: int, requested: int, what: str) -> None:
        self.stalled_pages += 1
        warnings.append(
            f"{sid}: page {page} {what} at since="
            f"{pd.Timestamp(requested, unit='ms', tz='UTC').isoformat()} "
            f"({self.exchange_id} ignored 'since'?); stopped paging, history may be "
            "incomplete"
        )

    def clock_now(self) -> pd.Timestamp:
        """Current UTC time (the default end of a request)."""
        return pd.Timestamp.now(tz="UTC")

    def _batch(
        self,
        bars: list[list[Any]],
        sid: str,
        symbol: str,
        first: pd.Timestamp | None,
        end_ms: int,
        warnings: list[str],
    ) -> SeriesBatch:
        frame = pd.DataFrame([row[:6] for row in bars], columns=["ts", *_FIELDS])
        n_raw = len(frame)
        frame = frame.drop_duplicates(subset="ts", keep="last").sort_values("ts")
        duplicates = n_raw - len(frame)
        if duplicates:
            warnings.append(f"{sid}: {duplicates} overlapping bars de-duplicated")
        start_ms = int(first.timestamp() * 1000) if first is not None else None
        if start_ms is not None:
            frame = frame.loc[frame["ts"] >= start_ms]
        frame = frame.loc[frame["ts"] <= end_ms]
        opens = pd.to_datetime(frame["ts"].astype("int64"), unit="ms", utc=True)
        daily = self.timeframe == "1d"
        if daily:
            dates = opens.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
        else:
            dates = opens.astype("datetime64[ns, UTC]")
        wide = pd.DataFrame({"date": dates.to_numpy()})
        for name in _FIELDS:
            wide[name] = pd.to_numeric(frame[name], errors="coerce").to_numpy()
        long = wide.melt(id_vars=["date"], var_name="field", value_name="value")
        long, dropped = drop_missing_values(long, "empty bar values")
        if dropped:
            warnings.append(f"{sid}: {dropped}")
        if long.empty:
            raise ProviderError(
                f"crypto: no {self.timeframe} bars for {symbol} on {self.exchange_id} in the "
                "requested window: check the dates and the pair"
            )
        long = long.sort_values(["date", "field"], kind="stable").reset_index(drop=True)
        quote = symbol.split("/")[1].split(":")[0]
        meta = SeriesMeta(
            id=sid,
            kind="price",
            unit=quote,
            frequency="daily" if daily else "intraday",
            source=f"ccxt:{self.exchange_id}",
            calendar="24/7",
            metadata={
                "exchange": self.exchange_id,
                "symbol": symbol,
                "timeframe": self.timeframe,
                "volume_unit": symbol.split("/")[0],
                "date_rule": "UTC day of bar open" if daily else "bar open, UTC",
            },
        )
        return SeriesBatch(meta=meta, data=long, warnings=warnings)
