"""``store export DIR`` and ``store import DIR``: the store as Hive-partitioned Parquet, and back.

The layout and the guarantees are those of :mod:`bubblelink.store.parquet`: an export
holds the registry, every observation row with every vintage, and a manifest written
last; an import checks the whole export before it opens the store for writing, then
writes it in one transaction (so a bad export directory changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, opened
from bubblelink.store import Store
from bubblelink.store.parquet import export_store, import_export, read_export

#: ``(label, done, total, series)`` progress callback.
Progress = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class ParquetTransfer:
    """What an export or an import moved.

    JSON keys: ``action`` (``export`` or ``import``), ``store``, ``url``, ``series``,
    ``rows`` (observation rows, every vintage), and for an import ``added``, ``revised``,
    ``unchanged`` (rows, compared with what the store already held) and ``ingest_id``.
    """

    action: str
    store: str
    url: str
    series: int
    rows: int
    added: int | None = None
    revised: int | None = None
    unchanged: int | None = None
    ingest_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The keys of the class docstring (import-only keys omitted for an export)."""
        out: dict[str, Any] = {
            "action": self.action,
            "store": self.store,
            "url": self.url,
            "series": self.series,
            "rows": self.rows,
        }
        if self.action == "import":
            out.update(added=self.added, revised=self.revised, unchanged=self.unchanged,
                       ingest_id=self.ingest_id)  # fmt: skip
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row (labels = JSON keys)."""
        return pd.DataFrame([self.to_dict()])


def store_export(
    store: StoreLike, url: str, overwrite: bool = False, progress: Progress | None = None
) -> ServiceResult:
    """Write the store as a Hive-partitioned Parquet export at ``url`` (folder or fsspec URL)."""
    with opened(store) as st:
        summary = export_store(st, url, overwrite=overwrite, progress=progress)
        where = str(st.path)
    result = ParquetTransfer("export", where, url, summary.series, summary.rows)
    return ServiceResult(
        question="store-export",
        result=result,
        title=f"Exported {summary.series} series ({summary.rows} rows) to {url}",
        notes=(
            "layout: observations/symbol=<id>/part-0.parquet (Hive, URI-encoded ids), "
            "series.parquet, ingests.parquet, _bubblelink_export.json (written last)",
        ),
    )


def store_import(
    store: str | Any | None, url: str, progress: Progress | None = None
) -> ServiceResult:
    """Read the Parquet export at ``url`` into the store (one transaction).

    The export is read and checked completely first: an export directory that is not one,
    or a damaged partition, is a one-line error and the store is not even opened.
    """
    read = read_export(url, progress)
    if isinstance(store, Store):
        written = import_export(store, read)
        where = str(store.path)
    else:
        with Store(store) as st:
            written = import_export(st, read)
            where = str(st.path)
    counts = written.counts.values()
    result = ParquetTransfer(
        "import",
        where,
        url,
        read.series,
        read.rows,
        added=sum(c.added for c in counts),
        revised=sum(c.revised for c in counts),
        unchanged=sum(c.unchanged for c in counts),
        ingest_id=written.ingest_id,
    )
    return ServiceResult(
        question="store-import",
        result=result,
        title=f"Imported {read.series} series ({read.rows} rows) from {url}",
        notes=(
            "every (series, date, field, vintage) value kept; the rows are one new ingest "
            "(ingested_at = now)",
        ),
    )
