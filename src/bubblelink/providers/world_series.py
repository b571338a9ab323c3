"""What the live central-bank providers share: catalog lookup, window, vintages, batches.

Every live provider of a :mod:`bubblelink.providers.world_catalog` series (ECB, BoJ, BoE,
Bank of Canada, SNB, IMF) subclasses :class:`WorldSeriesProvider` and only implements
:meth:`WorldSeriesProvider.download` (one request, or a few pages, and the parsing of the
publisher's wire format into ``date``/``value``). This module then

* refuses an id the catalog does not give to that provider (one-line message naming the
  ids it does serve);
* clips the observations to ``[start, end]`` and drops missing values (counted in the
  batch's warnings, never stored as zero);
* stores the value in the publisher's unit as the catalog states it (``"millions EUR"``,
  ``"100 millions JPY"``: nothing is rescaled), with the catalog's metadata
  (:meth:`~bubblelink.providers.world_catalog.WorldSeriesInfo.metadata`), exactly as
  ``bubblelink ingest csv`` stores the same series from a file;
* keys every value on the vintage ``observation date + publication lag`` (00:00 UTC,
  :func:`~bubblelink.providers.fred_catalog.estimated_vintage`): none of these services
  publishes real-time vintages, so an "as of" read never uses a value before its usual
  release;
* turns an HTTP error, an empty answer or a malformed body into a one-line failure
  naming the provider and the series; that series is not stored, the others are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from bubblelink.dates import DateLike, parse_date
from bubblelink.errors import ProviderError
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta, drop_missing_values
from bubblelink.providers.fred_catalog import estimated_vintage, publication_lag
from bubblelink.providers.http import HttpClient
from bubblelink.providers.world_catalog import WORLD_SERIES, WorldSeriesInfo, world_series_info

VINTAGE_RULE = "observation date + publication lag (no real-time data)"


@dataclass
class Download:
    """What one provider request returned, before clipping and vintages.

    Attributes
    ----------
    observations : pandas.DataFrame
        ``date`` (naive datetime64, the date as stored) and ``value`` (float, NaN when
        the publisher left it empty).
    url : str
        The request URL (no secrets: none of these services takes a key).
    metadata : dict
        What the answer said about itself (publisher's title, unit label, last update).
    warnings : list of str
    """

    observations: pd.DataFrame
    url: str
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def to_day(value: DateLike | None, what: str) -> pd.Timestamp | None:
    """A user-given bound as a naive UTC midnight (``None`` stays ``None``).

    Raises
    ------
    DataError
        One line saying what to type, for a value that is not a date.
    """
    stamp = parse_date(value, what)
    return None if stamp is None else stamp.normalize()


def series_for(provider: str) -> tuple[str, ...]:
    """The catalog ids that ``provider`` fetches, in catalog order."""
    return tuple(
        sid
        for sid in WORLD_SERIES
        if (info := world_series_info(sid)) and info.provider == provider
    )


def check_unit(provider: str, info: WorldSeriesInfo, found: str, expected: str) -> None:
    """Refuse an answer whose unit label is not the one the catalog's unit rests on.

    A publisher that changes the unit (EUR millions → EUR billions) must not be stored
    under the old unit silently.
    """
    if found.strip().lower() != expected.strip().lower():
        raise ProviderError(
            f"{provider}: {info.id} ({info.key}) came back in unit {found!r}, not {expected!r} "
            f"as the catalog expects for {info.unit!r}: update world_catalog.py before storing it"
        )


class WorldSeriesProvider:
    """Base of the live providers of catalogued central-bank series.

    Parameters
    ----------
    client : HttpClient, optional
        Injected HTTP client (tests); by default one named after the provider, spaced
        ``min_interval`` seconds apart, with the class's ``headers``.

    Notes
    -----
    Subclasses set ``name`` (the catalog's provider name), ``min_interval`` and
    ``headers`` and implement :meth:`download`.
    """

    name: ClassVar[str] = ""
    min_interval: ClassVar[float] = 1.0
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, client: HttpClient | None = None) -> None:
        if client is None:
            client = HttpClient(self.name, min_interval=self.min_interval, headers=self.headers)
        self.client = client

    # ------------------------------------------------------------------ to implement
    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        """Request ``info.key`` for ``[first, last]`` and parse the answer."""
        raise NotImplementedError

    # ------------------------------------------------------------------ public API
    def fetch(
        self,
        symbols: Iterable[str] | None = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> FetchResult:
        """Fetch catalogued series; one failing id never stops the others.

        Parameters
        ----------
        symbols : iterable of str, optional
            World-catalog ids served by this provider (default: all of them).
        start, end : date-like, optional
            Inclusive bounds on the observation date as stored.
        """
        result = FetchResult()
        first, last = to_day(start, "start"), to_day(end, "end")
        served = series_for(self.name)
        for raw in symbols if symbols is not None else served:
            sid = raw.strip().upper()
            info = world_series_info(sid)
            if info is None or info.provider != self.name:
                result.failures[sid] = (
                    f"{self.name}: unknown series {raw!r}: use one of {', '.join(served)}"
                )
                continue
            try:
                result.batches.append(
                    self.batch(info, self.download(info, first, last), first, last)
                )
            except ProviderError as exc:
                result.failures[sid] = " ".join(str(exc).split())
        return result

    def batch(
        self,
        info: WorldSeriesInfo,
        got: Download,
        first: pd.Timestamp | None,
        last: pd.Timestamp | None,
    ) -> SeriesBatch:
        """Clip, drop missing values, add lagged vintages and the catalog's metadata."""
        frame = got.observations
        dates = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
        keep = pd.Series(True, index=frame.index)
        if first is not None:
            keep &= dates >= first
        if last is not None:
            keep &= dates <= last
        data = pd.DataFrame(
            {
                "date": dates[keep].reset_index(drop=True),
                "field": "value",
                "value": frame.loc[keep, "value"].reset_index(drop=True),
            }
        )
        warnings = list(got.warnings)
        repeated = int(data["date"].duplicated().sum())
        if repeated:
            data = data.drop_duplicates(subset="date", keep="last")
            warnings.append(f"{info.id}: {repeated} repeated dates in the answer, the last kept")
        data = data.sort_values("date").reset_index(drop=True)
        data, dropped = drop_missing_values(data, "empty observations")
        if dropped:
            warnings.append(f"{info.id}: {dropped}")
        if data.empty:
            raise ProviderError(
                f"{self.name}: no observations for {info.id} ({info.key}) in the requested "
                "window: widen --start/--end or check the series on the publisher's site"
            )
        data["vintage"] = estimated_vintage(data["date"], info.id, info.frequency)
        meta = SeriesMeta(
            id=info.id,
            kind="macro",
            unit=info.unit,
            frequency=info.frequency,
            source=self.name,
            calendar="none",
            metadata={
                **info.metadata(),
                **got.metadata,
                "url": got.url,
                "publication_lag_days": publication_lag(info.id, info.frequency),
                "vintage_rule": VINTAGE_RULE,
            },
        )
        return SeriesBatch(meta=meta, data=data, warnings=warnings)


def body_error(provider: str, info: WorldSeriesInfo, what: str) -> ProviderError:
    """One-line error for an answer that is empty, HTML or not in the expected format."""
    return ProviderError(
        f"{provider}: the answer for {info.id} ({info.key}) {what}: the service may be down "
        "or its format changed; try later, or load the publisher's file with `ingest csv`"
    )
