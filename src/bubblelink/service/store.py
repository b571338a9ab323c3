"""What the store holds: ``series list`` and ``series show``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames import default_field
from bubblelink.results import ResultBase, plain
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import SeriesShowParams
from bubblelink.store import SeriesInfo
from bubblelink.symbols import PSEUDO_SYMBOLS

LISTING_COLUMNS = [
    "series",
    "kind",
    "unit",
    "frequency",
    "timeframe",
    "calendar",
    "source",
    "synthetic",
    "first",
    "last",
    "n",
    "fields",
]


def _stamp(info: SeriesInfo, value: pd.Timestamp | None) -> str | None:
    """A date for daily and slower series; the UTC bar open for intraday ones."""
    if value is None or value is pd.NaT:
        return None
    if info.frequency == "intraday":
        stamp = value.tz_localize("UTC") if value.tzinfo is None else value.tz_convert("UTC")
        return stamp.isoformat()
    return value.date().isoformat()


def _info_row(info: SeriesInfo) -> dict[str, Any]:
    """One listing row; ``timeframe`` is the bar size of an intraday series (else None)."""
    timeframe = info.metadata.get("timeframe") if info.frequency == "intraday" else None
    return {
        "series": info.id,
        "kind": info.kind,
        "unit": info.unit,
        "frequency": info.frequency,
        "timeframe": str(timeframe) if timeframe else None,
        "calendar": info.calendar,
        "source": info.source,
        "synthetic": info.synthetic,
        "first": _stamp(info, info.first_date),
        "last": _stamp(info, info.last_date),
        "n": info.rows,
        "fields": ",".join(info.fields),
    }


@dataclass(frozen=True)
class SeriesListing(ResultBase):
    """Every series in a store with its coverage."""

    store: str
    series: tuple[SeriesInfo, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([_info_row(i) for i in self.series], columns=LISTING_COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.store, "series": [_info_row(i) for i in self.series]}


@dataclass(frozen=True)
class SeriesView(ResultBase):
    """One series: its registry entry and observations of one field."""

    info: SeriesInfo
    field: str
    observations: pd.Series

    def to_frame(self) -> pd.DataFrame:
        """Index ``date``, column ``value`` (``observations`` in the JSON)."""
        frame = self.observations.rename("value").to_frame()
        frame.index = [
            d.date().isoformat() if d == d.normalize() else d.isoformat() for d in frame.index
        ]
        frame.index.name = "date"
        return frame

    def to_dict(self) -> dict[str, Any]:
        meta = _info_row(self.info)
        meta["metadata"] = plain(self.info.metadata)
        return {
            "series": meta,
            "field": self.field,
            "observations": plain(self.observations),
        }


def series_list(store: StoreLike) -> ServiceResult:
    """Every stored series with its coverage (``series list``, ``/api/series``)."""
    with store_data(store) as data:
        listing = SeriesListing(store=str(data.store.path), series=tuple(data.info()))
        synthetic = any(i.synthetic for i in listing.series)
        notes = (
            ("series marked synthetic=True are SYNTHETIC sample data, not market data",)
            if synthetic
            else ()
        )
        return ServiceResult(
            "series",
            listing,
            synthetic=synthetic,
            notes=notes,
            title=f"series in {listing.store}",
        )


def series_show(
    store: StoreLike, params: SeriesShowParams | None = None, tail: int = 0, **kw: Any
) -> ServiceResult:
    """One series' registry entry and observations (``series show``, ``/api/series/{id}``).

    ``tail`` keeps the last N observations (0: all). Pseudo-symbols are computed, not
    stored: ask ``corr``/``perf`` for them.
    """
    p = params or SeriesShowParams.build(**kw)
    with store_data(store, p.as_of) as data:
        sid = data.check([p.symbol])[0]
        if sid in PSEUDO_SYMBOLS:
            raise DataError(f"{sid} is computed, not stored: ask corr, perf or liquidity for it")
        info = data.info([sid])[0]
        chosen = default_field(info.fields) if p.field == "auto" else p.field
        frame = data.prices([sid], p.start, p.end, field=chosen)
        values = frame[sid].dropna()
        if tail > 0:
            values = values.tail(tail)
        view = SeriesView(info=info, field=chosen, observations=values)
        timeframe = info.metadata.get("timeframe") if info.frequency == "intraday" else None
        frequency = f"{info.frequency} {timeframe}" if timeframe else info.frequency
        note = f"{info.id}: {info.kind}, {info.unit}, {frequency}, source {info.source}"
        return answer("series", view, data, [note], title=f"{info.id} ({chosen})")


@dataclass(frozen=True)
class StoreSummary(ResultBase):
    """What a store file is: path, size, schema version and how much it holds."""

    store: str
    schema_version: int
    size_bytes: int
    series: int
    observation_rows: int
    ingests: int
    last_ingest: str | None

    def to_frame(self) -> pd.DataFrame:
        """One row per property (``property``, ``value``)."""
        rows = self.to_dict()
        return pd.DataFrame({"property": list(rows), "value": [str(v) for v in rows.values()]})

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "schema_version": self.schema_version,
            "size_bytes": self.size_bytes,
            "series": self.series,
            "observation_rows": self.observation_rows,
            "ingests": self.ingests,
            "last_ingest": self.last_ingest,
        }


def store_info(store: StoreLike) -> ServiceResult:
    """The store file's schema version, size and counts (``bubblelink store info``)."""
    with store_data(store) as data:
        st = data.store
        version = st.query("SELECT value FROM meta WHERE key = 'schema_version'")
        last = st.query("SELECT max(finished_at) AS t FROM ingests")["t"].iloc[0]
        path = st.path
        summary = StoreSummary(
            store=str(path),
            schema_version=int(version["value"].iloc[0]) if len(version) else 0,
            size_bytes=path.stat().st_size if path.is_file() else 0,
            series=len(st.series_ids()),
            observation_rows=st.row_count(),
            ingests=int(st.query("SELECT count(*) AS n FROM ingests")["n"].iloc[0]),
            last_ingest=None if pd.isna(last) else pd.Timestamp(last).isoformat(),
        )
        return ServiceResult("store", summary, title=f"store {summary.store}")
