"""The Parquet data plane: the store as a Hive-partitioned Parquet dataset, and back.

Layout of an export (``DIR`` is a local folder or an fsspec URL such as ``s3://bucket/x``
where the matching package, e.g. ``s3fs``, is installed)::

    DIR/_bubblelink_export.json           manifest, written last: format, versions, counts,
                                           one entry per series (partition path, rows)
    DIR/series.parquet                    the registry (id, kind, unit, frequency, source,
                                           calendar, synthetic, metadata JSON, created_at,
                                           updated_at) and each series' coverage (first_date,
                                           last_date, rows, fields) as the store computes it
    DIR/ingests.parquet                   the ingest log (for reference)
    DIR/observations/symbol=<id>/part-0.parquet
                                           every observation row of one series, every
                                           vintage: date, field, value, source, ingested_at,
                                           vintage, ingest_id (store types: naive UTC
                                           TIMESTAMP, TIMESTAMPTZ, DOUBLE, BIGINT)

``<id>`` is URI-encoded (``^IXIC`` → ``%5EIXIC``), the encoding pyarrow's Hive partitioning
decodes (``pyarrow.dataset.dataset(DIR + "/observations", partitioning="hive")``), so
Spark, Dask DataFrame or DuckDB read the dataset as it is.

* :func:`export_store` writes it from an open store (one consistent read; the manifest
  last, so an interrupted export is not mistaken for one).
* :class:`ParquetStore` reads it as a read-only :class:`~bubblelink.store.Store`: an
  in-memory DuckDB holding the registry, into which the partitions of the series a read
  asks for are loaded; every query is the store's own SQL, so reads (latest vintage,
  ``as_of``) return exactly what the DuckDB file returns. Dask workers read this, never
  the DuckDB file.
* :func:`read_export` and :func:`import_export` read an export back into a store in one transaction (checked
  completely before anything is written): every (series, date, field, vintage) value
  survives exactly; the rows are one new ingest (their ``ingested_at`` is the import's).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.store.schema import SCHEMA_SQL, SCHEMA_VERSION
from bubblelink.store.store import READ_CACHE_ROWS, SeriesInfo, Store, WriteResult, _ReadCache

#: Name of the manifest file at the root of an export.
MANIFEST = "_bubblelink_export.json"
#: ``format`` of the manifest.
EXPORT_FORMAT = "bubblelink-parquet"
#: Version of the export layout.
EXPORT_VERSION = 1
#: Observation columns of a partition file (the store's, without ``series_id``).
OBSERVATION_COLUMNS = ("date", "field", "value", "source", "ingested_at", "vintage", "ingest_id")

#: ``(label, done, total, series)`` progress callback.
Progress = Callable[[str, int, int, str], None]


def filesystem_for(url: str | os.PathLike[str]) -> tuple[Any, str, bool]:
    """``(fsspec filesystem, path inside it, is_local)`` for a path or an fsspec URL.

    Raises
    ------
    DataError
        A protocol whose package is not installed (``s3://`` without ``s3fs``...).
    """
    import fsspec
    from fsspec.implementations.local import LocalFileSystem

    text = os.fspath(url)
    if "://" not in text:
        return LocalFileSystem(), str(Path(text).expanduser().absolute()), True
    try:
        fs, path = fsspec.core.url_to_fs(text)
    except (ImportError, ValueError) as exc:
        protocol = text.split("://", 1)[0]
        raise DataError(
            f"cannot open {text}: {exc}: install the fsspec package for {protocol}:// "
            "(e.g. `pip install s3fs` or `pip install gcsfs`)"
        ) from exc
    return fs, path, isinstance(fs, LocalFileSystem)


def partition_name(series_id: str) -> str:
    """The Hive partition folder of one series: ``symbol=<URI-encoded id>``."""
    return "symbol=" + quote(series_id, safe="")


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    url: str
    series: int
    rows: int
    files: int


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


def read_manifest(fs: Any, root: str, url: str) -> dict[str, Any]:
    """The manifest of the export at ``root``, checked.

    Raises
    ------
    DataError
        No manifest (not an export, or an interrupted one), unreadable, another format
        or a newer version.
    """
    path = _join(root, MANIFEST)
    hint = "export a store there with `bubblelink store export DIR` and pass that DIR"
    try:
        if not fs.exists(path):
            what = "no such folder" if not fs.exists(root) else f"no {MANIFEST}"
            raise DataError(f"{url} is not a bubblelink Parquet export ({what}): {hint}")
        with fs.open(path, "rb") as handle:
            manifest = json.loads(handle.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{url}: cannot read its {MANIFEST} ({exc}): {hint}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise DataError(f"{url}: {MANIFEST} is not a bubblelink export manifest: {hint}")
    if int(manifest.get("version", 0)) > EXPORT_VERSION:
        raise DataError(
            f"{url} was written by a newer bubblelink (export version "
            f"{manifest.get('version')}, this one reads {EXPORT_VERSION}): upgrade bubblelink"
        )
    if not isinstance(manifest.get("partitions"), dict):
        raise DataError(f"{url}: {MANIFEST} lists no partitions: {hint}")
    return manifest


def export_store(
    store: Store, url: str, overwrite: bool = False, progress: Progress | None = None
) -> ExportSummary:
    """Write ``store`` as a Hive-partitioned Parquet export at ``url`` (see the module docstring).

    Parameters
    ----------
    store : Store
        An open store (read-only is enough).
    url : str
        A local folder or an fsspec URL. It must be empty or absent, or (with
        ``overwrite``) a previous export, which is replaced.
    overwrite : bool
        Replace a previous export at ``url``.
    progress : callable, optional
        ``(label, series done, series, series id)``.

    Raises
    ------
    DataError
        ``url`` holds other files, or a previous export without ``overwrite``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    fs, root, _ = filesystem_for(url)
    if fs.exists(root):
        if not fs.isdir(root):
            raise DataError(f"{url} is a file: pass a folder (or a URL) for the export")
        entries = fs.ls(root, detail=False)
        if entries:
            if not fs.exists(_join(root, MANIFEST)):
                raise DataError(
                    f"{url} is not empty and not a bubblelink export: pick an empty or new folder"
                )
            if not overwrite:
                raise DataError(
                    f"{url} already holds an export: pass --overwrite to replace it, or "
                    "pick another folder"
                )
            fs.rm(root, recursive=True)
    fs.makedirs(root, exist_ok=True)
    con = store._con  # the store's own connection: one consistent read
    observations = _arrow(
        con,
        "SELECT series_id, date, field, value, source, ingested_at, vintage, ingest_id "
        "FROM observations ORDER BY series_id, field, date, vintage, ingested_at",
    )
    registry = _arrow(
        con,
        "SELECT id, kind, unit, frequency, source, calendar, synthetic, "
        "CAST(metadata AS VARCHAR) AS metadata, created_at, updated_at FROM series ORDER BY id",
    )
    ingests = _arrow(
        con,
        "SELECT id, started_at, finished_at, provider, CAST(request AS VARCHAR) AS request, "
        "rows_added, rows_revised, rows_unchanged, CAST(failures AS VARCHAR) AS failures, "
        "CAST(warnings AS VARCHAR) AS warnings FROM ingests ORDER BY id",
    )
    info = {i.id: i for i in store.info()}
    coverage = pa.table(
        {
            "first_date": pa.array(
                [_ts(info[s].first_date) for s in registry["id"].to_pylist()],
                type=pa.timestamp("us"),
            ),
            "last_date": pa.array(
                [_ts(info[s].last_date) for s in registry["id"].to_pylist()],
                type=pa.timestamp("us"),
            ),
            "rows": pa.array([info[s].rows for s in registry["id"].to_pylist()], pa.int64()),
            "fields": pa.array(
                [list(info[s].fields) for s in registry["id"].to_pylist()],
                pa.list_(pa.string()),
            ),
        }
    )
    for name in coverage.column_names:
        registry = registry.append_column(name, coverage[name])
    ids = observations["series_id"].to_numpy(zero_copy_only=False)
    bounds = _run_bounds(ids)
    partitions: dict[str, dict[str, Any]] = {}
    body = observations.drop_columns(["series_id"])
    for done, (sid, first, last) in enumerate(bounds, start=1):
        folder = _join(root, "observations", partition_name(sid))
        fs.makedirs(folder, exist_ok=True)
        with fs.open(_join(folder, "part-0.parquet"), "wb") as handle:
            pq.write_table(body.slice(first, last - first), handle)
        partitions[sid] = {
            "path": f"observations/{partition_name(sid)}",
            "files": ["part-0.parquet"],
            "rows": last - first,
        }
        if progress is not None:
            progress("export", done, len(bounds), sid)
    with fs.open(_join(root, "series.parquet"), "wb") as handle:
        pq.write_table(registry, handle)
    with fs.open(_join(root, "ingests.parquet"), "wb") as handle:
        pq.write_table(ingests, handle)
    manifest = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": pd.Timestamp.now(tz="UTC").isoformat(),
        "source_store": str(store.path),
        "series": registry.num_rows,
        "rows": observations.num_rows,
        "partitioning": "hive: observations/symbol=<URI-encoded series id>",
        "partitions": partitions,
    }
    with fs.open(_join(root, MANIFEST), "wb") as handle:
        handle.write(json.dumps(manifest, indent=1).encode("utf-8"))
    return ExportSummary(url, registry.num_rows, observations.num_rows, len(partitions) + 3)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The rows of ``sql`` as a pyarrow Table (store types kept)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "an extra copy of the rows": accepted
        table = con.execute(sql).to_arrow_table()
    if table is None:  # pragma: no cover - DuckDB returns a table for every SELECT
        raise DataError(f"the store returned nothing for {sql}")
    return table


def _ts(value: pd.Timestamp | None) -> Any:
    return None if value is None else value.to_pydatetime()


def _run_bounds(ids: Any) -> list[tuple[str, int, int]]:
    """``(id, first row, end row)`` of each run of equal ids (``ids`` sorted)."""
    out: list[tuple[str, int, int]] = []
    n = len(ids)
    start = 0
    for i in range(1, n + 1):
        if i == n or ids[i] != ids[start]:
            out.append((str(ids[start]), start, i))
            start = i
    return out


#: Registry and coverage of the exports read in this process: (url, exported_at) → both.
_REGISTRIES: dict[tuple[str, str], tuple[Any, tuple[SeriesInfo, ...]]] = {}


def _infos(registry: pd.DataFrame) -> list[SeriesInfo]:
    """The export's registry rows as :class:`SeriesInfo` (what the store computed)."""
    out = []
    for row in registry.itertuples(index=False):
        out.append(
            SeriesInfo(
                id=row.id,
                kind=row.kind,
                unit=row.unit,
                frequency=row.frequency,
                source=row.source,
                calendar=row.calendar,
                synthetic=bool(row.synthetic),
                metadata=json.loads(row.metadata) if row.metadata else {},
                first_date=pd.Timestamp(row.first_date) if pd.notna(row.first_date) else None,
                last_date=pd.Timestamp(row.last_date) if pd.notna(row.last_date) else None,
                rows=int(row.rows),
                fields=tuple(row.fields) if row.fields is not None else (),
            )
        )
    return out


class ParquetStore(Store):
    """A Parquet export read as a read-only store (see the module docstring).

    Parameters
    ----------
    url : str
        The export's folder or fsspec URL.

    Raises
    ------
    DataError
        ``url`` is not a bubblelink Parquet export.
    """

    def __init__(self, url: str | os.PathLike[str]) -> None:
        import pyarrow.parquet as pq

        self.url = os.fspath(url)
        self.fs, self.root, local = filesystem_for(self.url)
        self.manifest = read_manifest(self.fs, self.root, self.url)
        self.path = Path(self.root) if local else Path(self.url.replace("://", "/", 1))
        self.read_only = True
        key = (self.url, str(self.manifest.get("exported_at")))
        cached = _REGISTRIES.get(key)
        if cached is None:
            try:
                with self.fs.open(_join(self.root, "series.parquet"), "rb") as handle:
                    registry = pq.read_table(handle)
            except (OSError, ValueError) as exc:
                raise DataError(f"{self.url}: cannot read series.parquet ({exc})") from exc
            cached = (registry, tuple(_infos(registry.to_pandas())))
            if len(_REGISTRIES) >= 8:
                _REGISTRIES.pop(next(iter(_REGISTRIES)))
            _REGISTRIES[key] = cached
        registry, infos = cached
        self._con = duckdb.connect(":memory:")
        self._con.execute("SET TimeZone = 'UTC'")
        self._con.execute(SCHEMA_SQL)
        self._con.register("incoming_series", registry)
        self._con.execute(
            "INSERT INTO series SELECT id, kind, unit, frequency, source, calendar, synthetic, "
            "metadata, created_at, updated_at FROM incoming_series"
        )
        self._con.unregister("incoming_series")
        self._infos = infos
        self._loaded: set[str] = set()
        self._info: tuple[SeriesInfo, ...] | None = None
        self._by_id: dict[str, SeriesInfo] | None = None
        self._reads: _ReadCache | None = _ReadCache(READ_CACHE_ROWS)  # never changes

    def _scan_info(self) -> list[SeriesInfo]:
        """The registry and coverage the export recorded (what the store computed)."""
        return list(self._infos)

    def _info_by_id(self) -> dict[str, SeriesInfo]:
        """The registry by id, built once (an export never changes; a lookup per series
        would otherwise rebuild it: O(series) each)."""
        if self._by_id is None:
            self._by_id = {i.id: i for i in self._infos}
        return self._by_id

    def _unknown_message(self, series_id: str) -> str:
        known = self.series_ids()
        shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        return (
            f"unknown series '{series_id}' in the Parquet export {self.url} (stored: {shown}): "
            "ingest it into the store and export again"
        )

    def partition(self, series_id: str) -> Any:
        """The observation rows of one series (a pyarrow Table), checked against the manifest."""
        import pyarrow.parquet as pq

        entry = self.manifest["partitions"].get(series_id)
        if entry is None:
            return None
        folder = _join(self.root, str(entry["path"]))
        try:
            listed = entry.get("files")
            if listed:  # the exporter's own files: no listing of the folder
                files = [_join(folder, str(f)) for f in listed]
                files = [f for f in files if self.fs.exists(f)]
            else:
                files = sorted(self.fs.glob(_join(folder, "*.parquet")))
            tables = []
            for name in files:
                with self.fs.open(name, "rb") as handle:
                    tables.append(pq.read_table(handle))
        except (OSError, ValueError) as exc:
            raise DataError(
                f"{self.url}: cannot read the partition of {series_id} ({exc})"
            ) from exc
        import pyarrow as pa

        table = pa.concat_tables(tables) if tables else None
        rows = 0 if table is None else table.num_rows
        if rows != int(entry["rows"]) or (
            table is not None and tuple(table.column_names) != OBSERVATION_COLUMNS
        ):
            raise DataError(
                f"{self.url}: the partition of {series_id} holds {rows} rows with columns "
                f"{', '.join(table.column_names) if table is not None else 'none'}; the manifest "
                f"says {entry['rows']} rows of {', '.join(OBSERVATION_COLUMNS)}: export again"
            )
        return table

    def _ensure(self, series_ids: Sequence[str]) -> None:
        """Load the partitions of ``series_ids`` not loaded yet (one insert for all)."""
        import pyarrow as pa

        tables = []
        for sid in dict.fromkeys(series_ids):
            if sid in self._loaded:
                continue
            self.meta(sid)  # unknown → the one-line error
            table = self.partition(sid)
            if table is not None and table.num_rows:
                ids = pa.array([sid] * table.num_rows, pa.string())
                tables.append(table.append_column("series_id", ids))
            self._loaded.add(sid)
        if tables:
            self._con.register("incoming_rows", pa.concat_tables(tables))
            self._con.execute(
                "INSERT INTO observations SELECT series_id, date, field, value, source, "
                "ingested_at, vintage, ingest_id FROM incoming_rows"
            )
            self._con.unregister("incoming_rows")

    def read(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None = None,
        start: Any = None,
        end: Any = None,
        as_of: Any = None,
    ) -> pd.DataFrame:
        """:meth:`Store.read` after loading the series' partitions."""
        self._ensure(series_ids)
        return super().read(series_ids, fields, start, end, as_of)

    def read_vintages(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None = None,
        start: Any = None,
        end: Any = None,
        as_of: Any = None,
    ) -> pd.DataFrame:
        """:meth:`Store.read_vintages` after loading the series' partitions."""
        self._ensure(series_ids)
        return super().read_vintages(series_ids, fields, start, end, as_of)

    def vintages(self, series_id: str, date: Any, field: str) -> pd.DataFrame:
        """:meth:`Store.vintages` after loading the series' partition."""
        self._ensure([series_id])
        return super().vintages(series_id, date, field)

    def state_token(self) -> str:
        """The export's identity (it never changes once written)."""
        return f"{self.url}:{self.manifest.get('exported_at')}"


@dataclass(frozen=True)
class ExportBatches:
    """An export read back, checked, ready for :meth:`Store.write`.

    Attributes
    ----------
    url : str
        Where it was read.
    batches : list of SeriesBatch
        One batch per (series, source) with every vintage (``vintage`` column).
    series : int
        Series in the export's registry.
    rows : int
        Observation rows in the batches.
    """

    url: str
    batches: list[SeriesBatch]
    series: int
    rows: int


def read_export(url: str, progress: Progress | None = None) -> ExportBatches:
    """Read and check every partition of the export at ``url`` (nothing is written).

    Two rows with the same (series, date, field, vintage) keep only the later-ingested
    one (the one every read returns).

    Raises
    ------
    DataError
        ``url`` is not an export, a partition is missing or does not match the manifest.
    """
    source = ParquetStore(url)
    try:
        batches: list[SeriesBatch] = []
        infos = source.info()
        rows = 0
        for done, info in enumerate(infos, start=1):
            table = source.partition(info.id)
            if progress is not None:
                progress("import", done, len(infos), info.id)
            if table is None or table.num_rows == 0:
                continue
            frame = table.to_pandas()
            frame = frame.sort_values(["field", "date", "vintage", "ingested_at"], kind="stable")
            frame = frame.drop_duplicates(["field", "date", "vintage"], keep="last")
            rows += len(frame)
            meta = source.meta(info.id)
            # one batch per source, the registry's own last (the registry keeps its source)
            sources = sorted(frame["source"].unique(), key=lambda s: (s == meta.source, s))
            for src in sources:
                part = frame[frame["source"] == src]
                batches.append(
                    SeriesBatch(
                        meta=SeriesMeta(
                            id=meta.id,
                            kind=meta.kind,
                            unit=meta.unit,
                            frequency=meta.frequency,
                            source=str(src),
                            calendar=meta.calendar,
                            synthetic=meta.synthetic,
                            metadata=meta.metadata,
                        ),
                        data=pd.DataFrame(
                            {
                                "date": part["date"].to_numpy(),
                                "field": part["field"].to_numpy(),
                                "value": part["value"].to_numpy(),
                                "vintage": pd.to_datetime(part["vintage"]).dt.tz_localize("UTC"),
                            }
                        ),
                    )
                )
    finally:
        source.close()
    return ExportBatches(url, batches, len(infos), rows)


def import_export(store: Store, read: ExportBatches) -> WriteResult:
    """Write an export read by :func:`read_export` into ``store`` in ONE transaction."""
    return store.write(read.batches, "parquet-import", request={"source": read.url})
