"""Typed results describing what the store holds (``series list`` / ``series show``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.analytics._result import ResultBase, plain
from bubblelink.store.store import SeriesInfo

LISTING_COLUMNS = [
    "id",
    "kind",
    "unit",
    "frequency",
    "calendar",
    "source",
    "synthetic",
    "first_date",
    "last_date",
    "rows",
    "fields",
]


def _info_row(info: SeriesInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "kind": info.kind,
        "unit": info.unit,
        "frequency": info.frequency,
        "calendar": info.calendar,
        "source": info.source,
        "synthetic": info.synthetic,
        "first_date": info.first_date.date().isoformat() if info.first_date is not None else None,
        "last_date": info.last_date.date().isoformat() if info.last_date is not None else None,
        "rows": info.rows,
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
    as_of: str | None = None

    def to_frame(self) -> pd.DataFrame:
        frame = self.observations.rename(self.field).to_frame()
        frame.index = [d.date().isoformat() if d.hour == 0 else d.isoformat() for d in frame.index]
        frame.index.name = "date"
        return frame

    def to_dict(self) -> dict[str, Any]:
        meta = _info_row(self.info)
        meta["metadata"] = plain(self.info.metadata)
        return {
            "series": meta,
            "field": self.field,
            "as_of": self.as_of,
            "observations": plain(self.observations),
        }
