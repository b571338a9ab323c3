"""Crypto-market aggregates from CoinGecko: BTC dominance and total market cap.

Series (``kind="crypto_market"``, ``frequency="daily"``, ``calendar="24/7"``):

* ``CRYPTO_TOTAL_MCAP`` — total crypto market capitalisation, USD.
* ``BTC_DOMINANCE`` — Bitcoin's share of it, percent (0–100).

Endpoints (``/api/v3`` on ``api.coingecko.com``, or ``pro-api.coingecko.com`` for Pro):

* ``GET /global`` → ``data.market_cap_percentage.btc`` (percent),
  ``data.total_market_cap.usd`` and ``data.updated_at`` (unix seconds): the current
  point, on every plan.
* ``GET /global/market_cap_chart?vs_currency=usd&days=N`` →
  ``market_cap_chart.market_cap = [[ms, usd], ...]``: total market-cap history,
  **paid plans only** (the public/demo API answers 401/403).
* ``GET /coins/bitcoin/market_chart?vs_currency=usd&days=N&interval=daily`` →
  ``market_caps = [[ms, usd], ...]``: BTC market-cap history.

History: ``BTC_DOMINANCE = 100 × BTC market cap / total market cap`` on each UTC day
both series have; ``CRYPTO_TOTAL_MCAP`` is the chart itself. Several points on one day
(CoinGecko's last point is "now", and short ranges are hourly) keep the latest. Dates are
the UTC calendar day as naive midnight ``datetime64``. When the history endpoint is not
available on the plan, a warning says so and the batch holds the current ``/global``
point only (dated by ``updated_at``).

Authentication: optional key ``api_key=`` or ``$COINGECKO_API_KEY``; ``plan="demo"``
(default, header ``x-cg-demo-api-key`` on api.coingecko.com) or ``plan="pro"``
(``x-cg-pro-api-key`` on pro-api.coingecko.com); ``$COINGECKO_PLAN`` sets the default.
Rate limits: keyless ~5–15 calls/min (6 s spacing), demo 30/min (2.1 s), pro 500/min
(0.15 s). Keys never appear in messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, Literal

import pandas as pd

from bubblelink.dates import DateLike
from bubblelink.errors import ProviderError
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta, drop_missing_values
from bubblelink.providers.http import HttpClient, HttpStatusError, mask_secrets

Plan = Literal["public", "demo", "pro"]

PUBLIC_BASE = "https://api.coingecko.com/api/v3"
PRO_BASE = "https://pro-api.coingecko.com/api/v3"

BTC_DOMINANCE = "BTC_DOMINANCE"
CRYPTO_TOTAL_MCAP = "CRYPTO_TOTAL_MCAP"
SERIES: dict[str, tuple[str, str]] = {
    BTC_DOMINANCE: ("percent", "Bitcoin share of total crypto market cap"),
    CRYPTO_TOTAL_MCAP: ("USD", "Total crypto market capitalisation"),
}
_SPACING: dict[str, float] = {"public": 6.0, "demo": 2.1, "pro": 0.15}


def _to_day(value: DateLike | None) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def daily_points(pairs: Any, what: str) -> pd.Series:
    """``[[ms, value], ...]`` → Series indexed by naive UTC day (latest point per day)."""
    if not isinstance(pairs, list):
        raise ProviderError(
            f"coingecko: the answer has no {what} list: the API may have changed; try later"
        )
    rows = [p for p in pairs if isinstance(p, list | tuple) and len(p) >= 2]
    if not rows:
        return pd.Series(dtype="float64")
    stamps = pd.to_datetime([int(p[0]) for p in rows], unit="ms", utc=True)
    values = pd.to_numeric(pd.Series([p[1] for p in rows]), errors="coerce").to_numpy()
    series = pd.Series(values, index=stamps).sort_index()
    days = series.index.tz_localize(None).normalize()
    series = series.groupby(days).last()
    series.index = pd.DatetimeIndex(series.index).astype("datetime64[ns]")
    series.index.name = "date"
    return series.astype("float64")


class CoinGeckoProvider:
    """BTC dominance and total crypto market cap from CoinGecko.

    Parameters
    ----------
    api_key : str, optional
        Defaults to ``$COINGECKO_API_KEY``; without a key the public API is used.
    plan : {"demo", "pro"}, optional
        Which key type; defaults to ``$COINGECKO_PLAN`` or ``"demo"``.
    client : HttpClient, optional
        Injected HTTP client (tests); it must carry the key header itself.
    now : callable, optional
        Current UTC time (to turn ``start`` into CoinGecko's ``days``).
    """

    name = "coingecko"

    def __init__(
        self,
        api_key: str | None = None,
        *,
        plan: Literal["demo", "pro"] | None = None,
        client: HttpClient | None = None,
        now: Callable[[], pd.Timestamp] | None = None,
    ) -> None:
        self.api_key = (
            api_key if api_key is not None else (os.environ.get("COINGECKO_API_KEY") or None)
        )
        chosen = plan or os.environ.get("COINGECKO_PLAN", "demo").lower()
        if chosen not in ("demo", "pro"):
            raise ProviderError(
                f"coingecko: unknown plan {chosen!r}: use 'demo' or 'pro' (COINGECKO_PLAN)"
            )
        self.plan: Plan = "public" if not self.api_key else chosen  # type: ignore[assignment]
        self.base_url = PRO_BASE if self.plan == "pro" else PUBLIC_BASE
        if client is None:
            headers: dict[str, str] = {"Accept": "application/json"}
            if self.api_key:
                header = "x-cg-pro-api-key" if self.plan == "pro" else "x-cg-demo-api-key"
                headers[header] = self.api_key
            client = HttpClient("coingecko", headers=headers, min_interval=_SPACING[self.plan])
        self.client = client
        self.now = now if now is not None else (lambda: pd.Timestamp.now(tz="UTC"))

    # ------------------------------------------------------------------ requests
    def _global_now(self) -> tuple[pd.Timestamp, float | None, float | None]:
        payload = self.client.get_json(f"{self.base_url}/global")
        data = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(data, dict):
            raise ProviderError(
                "coingecko: /global answered without 'data': the API may have changed"
            )
        updated = data.get("updated_at")
        stamp = (
            pd.Timestamp(int(updated), unit="s", tz="UTC")
            if isinstance(updated, int | float)
            else self.now()
        )
        day = stamp.tz_convert("UTC").tz_localize(None).normalize()
        dominance = (data.get("market_cap_percentage") or {}).get("btc")
        total = (data.get("total_market_cap") or {}).get("usd")
        return (
            day,
            float(dominance) if dominance is not None else None,
            float(total) if total is not None else None,
        )

    def _days(self, first: pd.Timestamp | None) -> str:
        if first is None:
            return "max"
        today = self.now().tz_convert("UTC").tz_localize(None).normalize()
        return str(max(1, int((today - first).days) + 1))

    def _total_history(self, days: str) -> pd.Series:
        payload = self.client.get_json(
            f"{self.base_url}/global/market_cap_chart",
            params={"vs_currency": "usd", "days": days},
        )
        chart = payload.get("market_cap_chart") if isinstance(payload, dict) else None
        return daily_points((chart or {}).get("market_cap"), "market_cap_chart.market_cap")

    def _btc_history(self, days: str) -> pd.Series:
        payload = self.client.get_json(
            f"{self.base_url}/coins/bitcoin/market_chart",
            params={"vs_currency": "usd", "days": days, "interval": "daily"},
        )
        caps = payload.get("market_caps") if isinstance(payload, dict) else None
        return daily_points(caps, "market_caps")

    # ------------------------------------------------------------------ public API
    def fetch(
        self,
        symbols: Iterable[str] = (BTC_DOMINANCE, CRYPTO_TOTAL_MCAP),
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> FetchResult:
        """Fetch ``BTC_DOMINANCE`` and/or ``CRYPTO_TOTAL_MCAP``.

        Parameters
        ----------
        symbols : iterable of str
            Any of ``BTC_DOMINANCE``, ``CRYPTO_TOTAL_MCAP``.
        start, end : date-like, optional
            Inclusive UTC-day bounds of the history (``days=max`` without ``start``).
        """
        result = FetchResult()
        wanted: list[str] = []
        for raw in symbols:
            sid = raw.strip().upper()
            if sid not in SERIES:
                result.failures[sid] = (
                    f"coingecko: unknown series {raw!r}: use {BTC_DOMINANCE} or {CRYPTO_TOTAL_MCAP}"
                )
            elif sid not in wanted:
                wanted.append(sid)
        if not wanted:
            return result
        first, last = _to_day(start), _to_day(end)
        try:
            series, warning = self._collect(wanted, first)
        except ProviderError as exc:
            message = mask_secrets(str(exc), [self.api_key])
            for sid in wanted:
                result.failures[sid] = message
            return result
        for sid in wanted:
            values = series.get(sid)
            if values is None:
                result.failures[sid] = f"coingecko: no {sid} value in the answer; try later"
                continue
            try:
                result.batches.append(self._batch(sid, values, first, last, warning))
            except ProviderError as exc:
                result.failures[sid] = str(exc)
        return result

    # ------------------------------------------------------------------ internals
    def _collect(
        self, wanted: list[str], first: pd.Timestamp | None
    ) -> tuple[dict[str, pd.Series], str | None]:
        days = self._days(first)
        try:
            total = self._total_history(days)
        except HttpStatusError as exc:
            if exc.status not in (401, 403, 404):
                raise
            return self._current_only(wanted, exc.status)
        series: dict[str, pd.Series] = {CRYPTO_TOTAL_MCAP: total}
        if BTC_DOMINANCE in wanted:
            btc = self._btc_history(days)
            both = pd.concat({"btc": btc, "total": total}, axis=1, join="inner")
            series[BTC_DOMINANCE] = 100.0 * both["btc"] / both["total"]
        return series, None

    def _current_only(
        self, wanted: list[str], status: int | None
    ) -> tuple[dict[str, pd.Series], str]:
        day, dominance, total = self._global_now()
        warning = (
            f"CoinGecko history needs a paid plan (global/market_cap_chart answered HTTP "
            f"{status} on the {self.plan} API): returned only the current /global value "
            f"for {day.date()}; set COINGECKO_API_KEY with COINGECKO_PLAN=pro for history"
        )
        index = pd.DatetimeIndex([day]).astype("datetime64[ns]")
        series: dict[str, pd.Series] = {}
        if dominance is not None:
            series[BTC_DOMINANCE] = pd.Series([dominance], index=index, dtype="float64")
        if total is not None:
            series[CRYPTO_TOTAL_MCAP] = pd.Series([total], index=index, dtype="float64")
        return series, warning

    def _batch(
        self,
        sid: str,
        values: pd.Series,
        first: pd.Timestamp | None,
        last: pd.Timestamp | None,
        warning: str | None,
    ) -> SeriesBatch:
        data = pd.DataFrame(
            {
                "date": pd.DatetimeIndex(values.index).astype("datetime64[ns]"),
                "field": "value",
                "value": values.to_numpy(dtype="float64"),
            }
        )
        if first is not None:
            data = data.loc[data["date"] >= first]
        if last is not None:
            data = data.loc[data["date"] <= last]
        data, dropped = drop_missing_values(data, "empty points")
        warnings = [warning] if warning else []
        if dropped:
            warnings.append(f"{sid}: {dropped}")
        if data.empty:
            raise ProviderError(
                f"coingecko: no {sid} data in the requested window: widen the dates "
                "(history needs the Pro plan; the free API only gives today's value)"
            )
        unit, title = SERIES[sid]
        meta = SeriesMeta(
            id=sid,
            kind="crypto_market",
            unit=unit,
            frequency="daily",
            source="coingecko",
            calendar="24/7",
            metadata={
                "title": title,
                "plan": self.plan,
                "history": warning is None,
                "formula": "100 * bitcoin market cap / total market cap"
                if sid == BTC_DOMINANCE
                else "global market_cap_chart.market_cap (USD)",
            },
        )
        return SeriesBatch(meta=meta, data=data, warnings=warnings)
