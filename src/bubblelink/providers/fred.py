"""FRED (Federal Reserve Bank of St. Louis) macro series.

Two wire formats are supported:

* **Public CSV, no key** — ``GET https://fred.stlouisfed.org/graph/fredgraph.csv?id=SERIES``
  (optionally ``cosd``/``coed`` = first/last date). Header ``observation_date,SERIES``
  (files from before 2024 say ``DATE,SERIES``); a missing observation is an empty
  field (older files: ``"."``). The CSV has no vintages, so each value gets the
  estimated vintage ``observation date + publication lag`` from
  :mod:`bubblelink.providers.fred_catalog` (00:00 UTC): an "as of" read never uses a
  value before it was published. The value itself is the *latest revision*.
* **FRED API, with a key** (``api_key=`` or ``$FRED_API_KEY``) —
  ``GET https://api.stlouisfed.org/fred/series`` (title, units, frequency) and
  ``GET .../fred/series/observations?file_type=json`` (``observations[]`` of
  ``{realtime_start, realtime_end, date, value}``, value ``"."`` when missing, paged
  with ``limit``/``offset``). With ``vintages=True`` the request asks for every
  real-time period (``realtime_start=1776-07-04``, ``realtime_end=9999-12-31``): one
  row per (observation, vintage), and the batch's ``vintage`` is ``realtime_start``
  at 00:00 UTC. Without ``vintages`` the API answer is the current revision and the
  vintage is estimated as for the CSV.

Dates are naive ``datetime64`` observation dates (period start for monthly/quarterly,
the Wednesday/Friday/Monday FRED uses for weekly). Values are in FRED's own units (see
the catalog: ``WALCL`` and ``WTREGEN`` are *millions* USD, ``RRPONTSYD`` and ``M2SL``
billions). Missing observations are dropped and counted in ``SeriesBatch.warnings``.

Limits: the API allows 120 requests per minute per key (this provider spaces requests
0.5 s apart); the CSV endpoint is undocumented for bulk use (1 s spacing). ICE BofA
spreads are served for the last three years only. The API key is never printed: error
messages mask it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from typing import Any

import pandas as pd

from bubblelink.dates import DateLike
from bubblelink.errors import ProviderError
from bubblelink.providers.base import (
    FetchResult,
    Frequency,
    SeriesBatch,
    SeriesMeta,
    drop_missing_values,
)
from bubblelink.providers.fred_catalog import estimated_vintage, publication_lag, series_info
from bubblelink.providers.http import HttpClient, mask_secrets

FRED_CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
FRED_API_URL = "https://api.stlouisfed.org/fred"
#: ``realtime_start``/``realtime_end`` that select every vintage ALFRED holds.
ALL_VINTAGES = ("1776-07-04", "9999-12-31")
API_PAGE_LIMIT = 100_000

_DATE_HEADERS = ("observation_date", "date")


def _to_timestamp(value: DateLike | None) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def frequency_from_fred(label: str | None) -> Frequency | None:
    """Map FRED's ``frequency`` label to a bubblelink frequency (``None`` if unsupported).

    ``"Daily, 7-Day"`` is every calendar day (``daily``); plain ``"Daily"`` is business
    days (``business``).
    """
    if not label:
        return None
    text = label.strip().lower()
    if text.startswith("daily"):
        return "daily" if "7-day" in text else "business"
    if text.startswith("weekly") or text.startswith("biweekly"):
        return "weekly"
    if text.startswith("monthly"):
        return "monthly"
    if text.startswith("quarterly"):
        return "quarterly"
    return None


def parse_fredgraph_csv(text: str, series_id: str) -> pd.DataFrame:
    """Parse a ``fredgraph.csv`` answer into ``date``/``value`` (value NaN when missing).

    Accepts the current header ``observation_date,SERIES`` and the older
    ``DATE,SERIES``; missing values may be empty or ``"."``.

    Raises
    ------
    ProviderError
        If the text is not a FRED CSV for ``series_id``.
    """
    stripped = text.lstrip("\ufeff").strip()
    if not stripped or stripped.startswith("<"):
        raise ProviderError(
            f"fred: the CSV answer for {series_id} is empty or HTML, not data: "
            "check the series id on fred.stlouisfed.org"
        )
    frame = pd.read_csv(io.StringIO(stripped), dtype=str, keep_default_na=False)
    columns = [str(c).strip() for c in frame.columns]
    if len(columns) < 2 or columns[0].lower() not in _DATE_HEADERS:
        raise ProviderError(
            f"fred: unexpected CSV header {','.join(columns)!r} for {series_id}: "
            "expected 'observation_date,<SERIES>' (or 'DATE,<SERIES>')"
        )
    if columns[1].upper() != series_id.upper():
        raise ProviderError(
            f"fred: the CSV answer holds {columns[1]!r}, not {series_id}: check the series id"
        )
    values = frame.iloc[:, 1].str.strip().replace({".": "", "NaN": ""})
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(frame.iloc[:, 0].str.strip(), format="%Y-%m-%d"),
            "value": pd.to_numeric(values.where(values != ""), errors="coerce"),
        }
    )
    return out


def parse_observations(payload: dict[str, Any]) -> pd.DataFrame:
    """Parse ``series/observations`` JSON into ``date``, ``value``, ``realtime_start``."""
    rows = payload.get("observations")
    if not isinstance(rows, list):
        raise ProviderError(
            "fred: the API answer has no 'observations' list: the API may have changed; "
            "try the CSV path (no api key)"
        )
    if not rows:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[ns]"),
                "value": pd.Series(dtype="float64"),
                "realtime_start": pd.Series(dtype="datetime64[ns, UTC]"),
            }
        )
    frame = pd.DataFrame(rows)
    values = frame["value"].astype(str).str.strip()
    return pd.DataFrame(
        {
            "date": pd.to_datetime(frame["date"], format="%Y-%m-%d"),
            "value": pd.to_numeric(values.where(values != "."), errors="coerce"),
            "realtime_start": pd.to_datetime(frame["realtime_start"], format="%Y-%m-%d")
            .dt.tz_localize("UTC")
            .astype("datetime64[ns, UTC]"),
        }
    )


class FredProvider:
    """Macro series from FRED, by CSV (no key) or the FRED API (key, optional vintages).

    Parameters
    ----------
    api_key : str, optional
        FRED API key; defaults to ``$FRED_API_KEY``. Without a key the public CSV is used.
    vintages : bool
        With a key: fetch every real-time period (ALFRED) and key ``vintage`` on
        ``realtime_start``. Ignored without a key (a warning says so).
    client : HttpClient, optional
        Injected HTTP client (tests); by default one with 0.5 s (API) or 1 s (CSV)
        spacing between requests.

    Notes
    -----
    Output: one :class:`SeriesBatch` per series id, ``kind="macro"``,
    ``calendar="none"``, field ``value``, with a ``vintage`` column (real or estimated,
    see the module docstring; ``meta.metadata["vintage_rule"]`` says which).
    """

    name = "fred"

    def __init__(
        self,
        api_key: str | None = None,
        *,
        vintages: bool = False,
        client: HttpClient | None = None,
    ) -> None:
        self.api_key = api_key if api_key is not None else (os.environ.get("FRED_API_KEY") or None)
        self.vintages = vintages
        if client is None:
            client = HttpClient("fred", min_interval=0.5 if self.api_key else 1.0)
        self.client = client

    # ------------------------------------------------------------------ public API
    def fetch(
        self,
        symbols: Iterable[str],
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> FetchResult:
        """Fetch each FRED series id; one failing id never stops the others.

        Parameters
        ----------
        symbols : iterable of str
            FRED series ids (case-insensitive), e.g. ``["M2SL", "WALCL"]``.
        start, end : date-like, optional
            Inclusive observation-date bounds.
        """
        result = FetchResult()
        first, last = _to_timestamp(start), _to_timestamp(end)
        for raw in symbols:
            series_id = raw.strip().upper()
            try:
                if self.api_key:
                    batch = self._fetch_api(series_id, first, last)
                else:
                    batch = self._fetch_csv(series_id, first, last)
            except ProviderError as exc:
                result.failures[series_id] = mask_secrets(str(exc), [self.api_key])
                continue
            result.batches.append(batch)
        return result

    # ------------------------------------------------------------------ CSV path
    def _fetch_csv(
        self, series_id: str, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> SeriesBatch:
        params: dict[str, str] = {"id": series_id}
        if first is not None:
            params["cosd"] = first.strftime("%Y-%m-%d")
        if last is not None:
            params["coed"] = last.strftime("%Y-%m-%d")
        text = self.client.get_text(FRED_CSV_URL, params=params)
        observations = _clip(parse_fredgraph_csv(text, series_id), first, last)
        info = series_info(series_id)
        frequency: Frequency = (
            info.frequency if info is not None else _guess_frequency(observations["date"])
        )
        warnings: list[str] = []
        if self.vintages:
            warnings.append(
                "vintages need a FRED API key (FRED_API_KEY); used estimated publication "
                "dates instead"
            )
        return self._batch(
            series_id,
            observations,
            frequency=frequency,
            unit=info.unit if info is not None else "unknown",
            vintage=None,
            metadata={"url": f"{FRED_CSV_URL}?id={series_id}", "format": "fredgraph.csv"},
            warnings=warnings,
        )

    # ------------------------------------------------------------------ API path
    def _api_params(self, **extra: str | int) -> dict[str, str | int]:
        return {"api_key": self.api_key or "", "file_type": "json", **extra}

    def _fetch_api(
        self, series_id: str, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> SeriesBatch:
        meta_payload = self.client.get_json(
            f"{FRED_API_URL}/series", params=self._api_params(series_id=series_id)
        )
        seriess = meta_payload.get("seriess") if isinstance(meta_payload, dict) else None
        if not seriess:
            raise ProviderError(
                f"fred: no metadata for {series_id} from the FRED API: check the series id"
            )
        api_meta: dict[str, Any] = seriess[0]
        info = series_info(series_id)
        frequency = frequency_from_fred(api_meta.get("frequency"))
        if frequency is None:
            if info is None:
                raise ProviderError(
                    f"fred: {series_id} has frequency {api_meta.get('frequency')!r}, which "
                    "bubblelink does not support (daily to quarterly only)"
                )
            frequency = info.frequency

        extra: dict[str, str | int] = {"series_id": series_id, "limit": API_PAGE_LIMIT}
        if first is not None:
            extra["observation_start"] = first.strftime("%Y-%m-%d")
        if last is not None:
            extra["observation_end"] = last.strftime("%Y-%m-%d")
        if self.vintages:
            extra["realtime_start"], extra["realtime_end"] = ALL_VINTAGES
        pages: list[pd.DataFrame] = []
        offset = 0
        while True:
            payload = self.client.get_json(
                f"{FRED_API_URL}/series/observations",
                params=self._api_params(**extra, offset=offset),
            )
            page = parse_observations(payload)
            pages.append(page)
            count = int(payload.get("count", len(page)))
            offset += len(page)
            if page.empty or offset >= count:
                break
        observations = _clip(pd.concat(pages, ignore_index=True), first, last)
        vintage = observations["realtime_start"] if self.vintages else None
        metadata = {
            "title": api_meta.get("title"),
            "fred_units": api_meta.get("units"),
            "fred_frequency": api_meta.get("frequency"),
            "seasonal_adjustment": api_meta.get("seasonal_adjustment_short"),
            "last_updated": api_meta.get("last_updated"),
            "url": f"{FRED_API_URL}/series/observations?series_id={series_id}",
            "format": "fred api json",
        }
        unit = info.unit if info is not None else str(api_meta.get("units") or "unknown")
        return self._batch(
            series_id,
            observations,
            frequency=frequency,
            unit=unit,
            vintage=vintage,
            metadata=metadata,
            warnings=[],
        )

    # ------------------------------------------------------------------ shared
    def _batch(
        self,
        series_id: str,
        observations: pd.DataFrame,
        *,
        frequency: Frequency,
        unit: str,
        vintage: pd.Series | None,
        metadata: dict[str, Any],
        warnings: list[str],
    ) -> SeriesBatch:
        data = pd.DataFrame(
            {
                "date": observations["date"].astype("datetime64[ns]").reset_index(drop=True),
                "field": "value",
                "value": observations["value"].reset_index(drop=True),
            }
        )
        if vintage is not None:
            data["vintage"] = vintage.reset_index(drop=True)
            rule = "realtime_start (FRED/ALFRED real-time period)"
        else:
            lag = publication_lag(series_id, frequency)
            data["vintage"] = estimated_vintage(data["date"], series_id, frequency)
            rule = f"estimated: observation date + {lag} days (00:00 UTC)"
        data, dropped = drop_missing_values(data, "empty observations")
        if dropped:
            warnings = [*warnings, f"{series_id}: {dropped}"]
        if data.empty:
            raise ProviderError(
                f"fred: no observations for {series_id} in the requested window: "
                "widen the dates or check the series id"
            )
        meta = SeriesMeta(
            id=series_id,
            kind="macro",
            unit=unit,
            frequency=frequency,
            source="fred",
            calendar="none",
            metadata={**metadata, "vintage_rule": rule},
        )
        return SeriesBatch(meta=meta, data=data, warnings=warnings)


def _clip(
    frame: pd.DataFrame, first: pd.Timestamp | None, last: pd.Timestamp | None
) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if first is not None:
        mask &= frame["date"] >= first
    if last is not None:
        mask &= frame["date"] <= last
    return frame.loc[mask].reset_index(drop=True)


def _guess_frequency(dates: pd.Series) -> Frequency:
    """Frequency of an unknown series from the median spacing of its dates."""
    if len(dates) < 3:
        return "monthly"
    step = pd.Series(dates).sort_values().diff().median().days
    if step <= 1:
        return "business" if pd.Series(dates).dt.day_of_week.max() < 5 else "daily"
    if step <= 8:
        return "weekly"
    if step <= 31:
        return "monthly"
    return "quarterly"
