"""The DuckDB store: a series registry and observations with vintages.

Every observation row keeps the value, where it came from, when it was ingested
(``ingested_at``) and from when it was known (``vintage``). A revision never
overwrites history: a changed value for an existing (series, date, field) is a new row
with a newer vintage. Reads return the latest vintage by default; ``as_of`` returns
what was known at that time.

Vintage rule (documented, applied at write time):

* a provider that knows real-time periods (the FRED API) supplies the vintage;
* a provider that knows a publication lag (FRED CSV, FRED-style files) supplies
  ``observation date + lag``;
* otherwise the **first** value of an observation is deemed known from its observation
  date (a close is known at the close: the "first-release" assumption), and a **changed**
  value later is known from the moment it was ingested.

Each :meth:`Store.write` is one transaction: it lands whole or not at all (DuckDB's
write-ahead log rolls back an uncommitted transaction when a killed process's file is
reopened). A new store file appears with its whole schema or not at all
(:func:`_create_store_file`), and a failed or refused ingest still writes its log row
(:func:`bubblelink.ingest.pipeline.ingest`).

Locking: DuckDB lets one process open the file for writing, or several for reading,
never both. Opening retries while another process holds the lock (``wait``), so a
reader started during an ingest answers once the ingest commits and a writer waits for
a running read; after ``wait`` seconds the error names the process holding the lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import duckdb
import numpy as np
import pandas as pd

from bubblelink.config import READ_WAIT_SECONDS, WRITE_WAIT_SECONDS, resolve_store_path
from bubblelink.errors import DataError, StoreError
from bubblelink.providers.base import Calendar, Frequency, SeriesBatch, SeriesKind, SeriesMeta
from bubblelink.store.schema import SCHEMA_SQL, SCHEMA_VERSION

#: Two values closer than this (relative) are the same value (CSV round trips).
VALUE_RTOL = 1e-12

#: First pause between two lock attempts (doubled up to :data:`_LOCK_RETRY_MAX`).
#: Most derived values a store keeps (:meth:`Store.remembered`).
REMEMBERED = 256

#: Most observation rows a store keeps for repeated reads (:meth:`Store.cached_reads`);
#: about 0.3 GB of frames (a daily series with its OHLCV fields is ~20,000 rows).
READ_CACHE_ROWS = 2_000_000

_LOCK_RETRY_FIRST = 0.05
_LOCK_RETRY_MAX = 0.5


@dataclass(frozen=True)
class SeriesWriteCount:
    """Rows one series gained in one write."""

    series_id: str
    added: int
    revised: int
    unchanged: int


@dataclass(frozen=True)
class WriteResult:
    """What one transaction wrote."""

    ingest_id: int
    counts: dict[str, SeriesWriteCount] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.counts.values())

    @property
    def revised(self) -> int:
        return sum(c.revised for c in self.counts.values())


@dataclass(frozen=True)
class SeriesInfo:
    """A registry entry with its coverage (for ``series list`` and provenance)."""

    id: str
    kind: str
    unit: str
    frequency: str
    source: str
    calendar: str
    synthetic: bool
    metadata: dict[str, Any]
    first_date: pd.Timestamp | None
    last_date: pd.Timestamp | None
    rows: int
    fields: tuple[str, ...]


def _utc_now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC")


class Store:
    """A bubblelink store (one DuckDB file).

    Parameters
    ----------
    path : path-like or None
        The DuckDB file; None means the default location (see :mod:`bubblelink.config`).
    read_only : bool
        Open read-only (several readers may share the file). A read-only open of a
        missing file raises :class:`StoreError` telling the user to ingest first.
    wait : float or None
        Seconds to keep retrying while another process holds the file's lock (DuckDB
        lets one process write, or several processes read, never both). None: the
        default of the mode, :data:`bubblelink.config.READ_WAIT_SECONDS` for a reader (a read started
        during an ingest gets its answer once the ingest commits) and
        :data:`bubblelink.config.WRITE_WAIT_SECONDS` for a writer. After that a :class:`StoreError` names
        the process holding the lock and what to do.
    cache_reads : bool or None
        Keep what :meth:`read` and :meth:`read_vintages` fetched and answer the same
        series, fields and as-of again from memory (see :meth:`cached_reads`). None (the
        default): on for a read-only store, whose file nothing can change while it is
        open (DuckDB refuses a writer while a reader holds it), off for a writable one.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        read_only: bool = False,
        wait: float | None = None,
        cache_reads: bool | None = None,
    ) -> None:
        self.path = resolve_store_path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}: ingest data first "
                "(e.g. `bubblelink ingest sample` or `bubblelink ingest csv DIR`), "
                "or pass --store PATH",
                public="the server has no store yet: ingest data on the server first",
            )
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the store folder {self.path.parent}: {exc}"
                ) from exc
        if self.path.is_dir():
            raise StoreError(
                f"the store {self.path} is a folder, not a store file: pass the file, "
                f"e.g. --store {self.path / 'store.duckdb'}",
                public="the server's store path is a folder, not a store file",
            )
        if wait is None:
            wait = READ_WAIT_SECONDS if read_only else WRITE_WAIT_SECONDS
        if not read_only and not self.path.exists():
            _create_store_file(self.path)
        self._con = _connect_waiting(self.path, read_only, wait)
        if not read_only:
            _ensure_schema(self._con)
        elif not self._has_schema():
            raise StoreError(f"{self.path} is not a bubblelink store (no series table)")
        self._info: tuple[SeriesInfo, ...] | None = None
        self._reads: _ReadCache | None = (
            _ReadCache(READ_CACHE_ROWS) if (read_only if cache_reads is None else cache_reads)
            else None
        )  # fmt: skip

    # -- lifecycle ---------------------------------------------------------------------
    def use_threads(self, threads: int) -> None:
        """DuckDB worker threads for this file's database in this process (every
        connection to it here shares the setting; DuckDB's default is one per core)."""
        self._con.execute(f"SET threads TO {int(threads)}")

    def threads(self) -> int:
        """DuckDB worker threads of this store's database in this process."""
        row = self._con.execute("SELECT current_setting('threads')").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _has_schema(self) -> bool:
        rows = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'series'"
        ).fetchone()
        return bool(rows and rows[0])

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self._forget()  # the registry and the observations may change: read them again
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")
        finally:
            self._forget()

    def _forget(self) -> None:
        self._info = None
        if self._reads is not None:
            self._reads.clear()

    @property
    def keeps_reads(self) -> bool:
        """True while this store keeps its reads and derived values (a read-only store,
        or inside :meth:`cached_reads`)."""
        return self._reads is not None

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()`` once per ``key`` while this store keeps its reads (a read-only
        store, or inside :meth:`cached_reads`: the content cannot change meanwhile),
        each time otherwise.

        For values derived from the store's content only (the service's macro loads,
        net liquidity, global M2: ``key`` names the computation and every argument).
        At most :data:`REMEMBERED` values are kept (least recently used dropped first);
        a write forgets them with the reads.
        """
        if self._reads is None:
            return compute()
        return self._reads.remembered(key, compute)

    def detach_memory(self) -> StoreMemory | None:
        """What this read-only store remembers of its file (the registry, the whole-series
        reads, the derived values of :meth:`remembered`), handed over to a later
        connection to the same, unchanged file (:meth:`adopt_memory`); None when it keeps
        nothing (a writable store). The store forgets it: call this just before
        :meth:`close`."""
        if not self.read_only or self._reads is None:
            return None
        memory = StoreMemory(self._info, self._reads)
        self._info, self._reads = None, _ReadCache(READ_CACHE_ROWS)
        return memory

    def adopt_memory(self, memory: StoreMemory) -> None:
        """Start from what an earlier connection to this file remembered
        (:meth:`detach_memory`) instead of reading it again.

        The caller vouches that the file has not changed since that connection read it
        (e.g. :class:`bubblelink.api.store_access.StoreAccess` compares the file's
        modification time and size, taken while a connection was open: no writer can
        change the file meanwhile). A writable store ignores it."""
        if not self.read_only or self._reads is None:
            return
        self._info, self._reads = memory.info, memory.reads

    @contextmanager
    def cached_reads(self) -> Iterator[Store]:
        """Within the block, :meth:`read` and :meth:`read_vintages` answer a repeated
        read from memory (always so on a read-only store).

        What is kept is the whole series (every date) of each (kind of read, series,
        fields, as-of) asked; a read with date bounds is that frame's rows within the
        bounds. The answers equal a fresh read's (the date bounds do not change which
        vintage is the latest on a date), and each caller gets its own copy. A write
        empties the cache. At most :data:`READ_CACHE_ROWS` rows are kept (least recently
        used dropped first). For a batch of questions on one store (the report, the API's
        worker processes) that read the same series again and again.
        """
        before = self._reads
        if before is None:
            self._reads = _ReadCache(READ_CACHE_ROWS)
        try:
            yield self
        finally:
            self._reads = before

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction for a store extension (e.g. the monitor's own tables).

        Extensions create their tables with ``CREATE TABLE IF NOT EXISTS`` inside it;
        everything in the block lands whole or not at all.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path} was opened read-only")
        with self._transaction() as con:
            yield con

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame (for store extensions and reports)."""
        return self._con.execute(sql, params or []).df()

    # -- writing -----------------------------------------------------------------------
    def write(
        self,
        batches: Sequence[SeriesBatch],
        provider: str,
        request: dict[str, Any] | None = None,
        warnings: dict[str, list[str]] | None = None,
        failures: dict[str, str] | None = None,
        on_series_written: Callable[[str], None] | None = None,
    ) -> WriteResult:
        """Write validated batches in ONE transaction and log the ingest.

        Parameters
        ----------
        batches : sequence of SeriesBatch
            Already validated (see :mod:`bubblelink.ingest.validate`).
        provider : str
            Name recorded in the ingest log.
        request : dict, optional
            The request (symbols, dates, options) recorded in the ingest log.
        warnings, failures : dict, optional
            Per-symbol warnings and failures recorded in the ingest log.
        on_series_written : callable, optional
            Called with each series id once the rows are written, still inside the
            transaction (tests use it to kill a writer before the commit).

        Returns
        -------
        WriteResult
            Rows added, revised and unchanged per series.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path} was opened read-only")
        now = _utc_now()
        counts: dict[str, SeriesWriteCount] = {}
        with self._transaction() as con:
            ingest_id = int(con.execute("SELECT nextval('ingest_seq')").fetchone()[0])  # type: ignore[index]
            for batch in batches:
                self._upsert_series(con, batch.meta, now)
            if batches:
                counts = self._write_observations(con, batches, ingest_id, now)
            for batch in batches:
                if on_series_written is not None:
                    on_series_written(batch.meta.id)
            con.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ingest_id,
                    now.to_pydatetime(),
                    _utc_now().to_pydatetime(),
                    provider,
                    json.dumps(request or {}, default=str),
                    sum(c.added for c in counts.values()),
                    sum(c.revised for c in counts.values()),
                    sum(c.unchanged for c in counts.values()),
                    json.dumps(failures or {}),
                    json.dumps(warnings or {}),
                ],
            )
        return WriteResult(ingest_id=ingest_id, counts=counts)

    @staticmethod
    def _upsert_series(con: duckdb.DuckDBPyConnection, meta: SeriesMeta, now: pd.Timestamp) -> None:
        existing = con.execute("SELECT synthetic FROM series WHERE id = ?", [meta.id]).fetchone()
        if existing is not None and bool(existing[0]) != meta.synthetic:
            kind = "synthetic" if existing[0] else "real"
            raise DataError(
                f"{meta.id} is already stored as {kind} data; refusing to mix synthetic and "
                "real observations in one series: use another --store"
            )
        con.execute(
            """
            INSERT INTO series VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, unit = excluded.unit,
                frequency = excluded.frequency, source = excluded.source,
                calendar = excluded.calendar, metadata = excluded.metadata,
                updated_at = excluded.updated_at
            """,
            [
                meta.id,
                meta.kind,
                meta.unit,
                meta.frequency,
                meta.source,
                meta.calendar,
                meta.synthetic,
                json.dumps(meta.metadata, default=str),
                now.to_pydatetime(),
                now.to_pydatetime(),
            ],
        )

    @staticmethod
    def _write_observations(
        con: duckdb.DuckDBPyConnection,
        batches: Sequence[SeriesBatch],
        ingest_id: int,
        now: pd.Timestamp,
    ) -> dict[str, SeriesWriteCount]:
        """Stage every batch, classify each row against what is stored, insert the new ones.

        One set-based pass for all series (the comparison reads only the series being
        written). A row is ``added`` (no stored value for its key), ``unchanged`` (same
        value, relative tolerance :data:`VALUE_RTOL`) or ``revised`` (a new vintage).
        """
        parts = []
        for batch in batches:
            data = batch.data
            part = pd.DataFrame(
                {
                    "series_id": batch.meta.id,
                    "source": batch.meta.source,
                    "date": _naive_utc(pd.to_datetime(data["date"])),
                    "field": data["field"].astype(str).to_numpy(),
                    "value": data["value"].astype(float).to_numpy(),
                }
            )
            part["vintage"] = (
                _naive_utc(pd.to_datetime(data["vintage"], utc=True))
                if "vintage" in data.columns
                else pd.Series(pd.NaT, index=part.index, dtype="datetime64[us]")
            )
            parts.append(part)
        staging = pd.concat(parts, ignore_index=True)
        con.register("staging_batch", staging)
        try:
            # Compare each incoming value with the latest stored one for its key (or, for a
            # provider-supplied vintage, with the row of that same vintage).
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE staged AS
                WITH existing AS (
                    SELECT * FROM observations
                    WHERE series_id IN (SELECT DISTINCT series_id FROM staging_batch)
                ), latest AS (
                    SELECT series_id, date, field, value FROM existing
                    QUALIFY row_number() OVER (PARTITION BY series_id, date, field
                                               ORDER BY vintage DESC, ingested_at DESC) = 1
                ), same_vintage AS (
                    SELECT series_id, date, field, vintage, value FROM existing
                    QUALIFY row_number() OVER (PARTITION BY series_id, date, field, vintage
                                               ORDER BY ingested_at DESC) = 1
                )
                SELECT s.series_id, s.source, s.date, s.field, s.value, s.vintage AS given_vintage,
                       CASE
                         WHEN s.vintage IS NOT NULL THEN
                           CASE WHEN v.value IS NULL THEN 'added'
                                WHEN {_same("s.value", "v.value")} THEN 'unchanged'
                                ELSE 'revised' END
                         WHEN l.value IS NULL THEN 'added'
                         WHEN {_same("s.value", "l.value")} THEN 'unchanged'
                         ELSE 'revised'
                       END AS status
                FROM staging_batch s
                LEFT JOIN latest l
                       ON l.series_id = s.series_id AND l.date = s.date AND l.field = s.field
                LEFT JOIN same_vintage v
                       ON v.series_id = s.series_id AND v.date = s.date AND v.field = s.field
                      AND v.vintage = s.vintage
                """
            )
            con.execute(
                """
                INSERT INTO observations
                SELECT series_id, date, field, value, source, $now,
                       CASE WHEN given_vintage IS NOT NULL THEN given_vintage
                            WHEN status = 'added' THEN date
                            ELSE $now_naive END,
                       $ingest_id
                FROM staged WHERE status <> 'unchanged'
                ORDER BY series_id, field, date
                """,
                {
                    "now": now.to_pydatetime(),
                    "now_naive": now.tz_convert(None).to_pydatetime(),
                    "ingest_id": ingest_id,
                },
            )
            rows = con.execute(
                "SELECT series_id, status, count(*) FROM staged GROUP BY ALL"
            ).fetchall()
        finally:
            con.unregister("staging_batch")
        by_series: dict[str, dict[str, int]] = {b.meta.id: {} for b in batches}
        for sid, status, count in rows:
            by_series[sid][status] = int(count)
        return {
            sid: SeriesWriteCount(
                series_id=sid,
                added=c.get("added", 0),
                revised=c.get("revised", 0),
                unchanged=c.get("unchanged", 0),
            )
            for sid, c in by_series.items()
        }

    # -- reading -----------------------------------------------------------------------
    def series_ids(self) -> list[str]:
        """All registered series ids, sorted."""
        return [i.id for i in self._all_info()]

    def meta(self, series_id: str) -> SeriesMeta:
        """The registry entry of one series (DataError when unknown)."""
        found = self._info_by_id().get(series_id)
        if found is not None:
            return SeriesMeta(
                id=found.id,
                kind=cast(SeriesKind, found.kind),
                unit=found.unit,
                frequency=cast(Frequency, found.frequency),
                source=found.source,
                calendar=cast(Calendar, found.calendar),
                synthetic=found.synthetic,
                metadata=dict(found.metadata),
            )
        row = self._con.execute(
            "SELECT id, kind, unit, frequency, source, calendar, synthetic, metadata "
            "FROM series WHERE id = ?",
            [series_id],
        ).fetchone()
        if row is None:
            raise DataError(self._unknown_message(series_id), public=_unknown_public(series_id))
        return SeriesMeta(
            id=row[0],
            kind=row[1],
            unit=row[2],
            frequency=row[3],
            source=row[4],
            calendar=row[5],
            synthetic=bool(row[6]),
            metadata=json.loads(row[7]) if row[7] else {},
        )

    def _unknown_message(self, series_id: str) -> str:
        known = self.series_ids()
        shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        hint = f"stored: {shown}" if known else "the store is empty"
        return (
            f"unknown series '{series_id}' in {self.path} ({hint}); "
            "ingest it first, e.g. `bubblelink ingest yahoo SYMBOL` or `bubblelink ingest csv FILE`"
        )

    def info(self, series_ids: Sequence[str] | None = None) -> list[SeriesInfo]:
        """Registry entries with first/last dates, row counts and fields (latest vintages).

        Computed once per connection (one scan of the observations) and kept until this
        connection writes: a read-only connection's store cannot change under it (DuckDB
        lets no other process write while it is open). A report build asks ~100 times.
        """
        if series_ids is None:
            return list(self._all_info())
        by_id = self._info_by_id()
        out = []
        for sid in series_ids:
            if sid not in by_id:
                raise DataError(self._unknown_message(sid), public=_unknown_public(sid))
            out.append(by_id[sid])
        return out

    def _info_by_id(self) -> dict[str, SeriesInfo]:
        return {i.id: i for i in self._all_info()}

    def _all_info(self) -> tuple[SeriesInfo, ...]:
        if self._info is None:
            self._info = tuple(self._scan_info())
        return self._info

    def _scan_info(self) -> list[SeriesInfo]:
        query = """
            WITH obs AS (
                SELECT series_id, min(date) AS first_date, max(date) AS last_date,
                       count(DISTINCT date) AS rows, list(DISTINCT field ORDER BY field) AS fields
                FROM observations GROUP BY series_id
            )
            SELECT s.id, s.kind, s.unit, s.frequency, s.source, s.calendar, s.synthetic,
                   s.metadata, o.first_date, o.last_date, coalesce(o.rows, 0), o.fields
            FROM series s LEFT JOIN obs o ON o.series_id = s.id
            ORDER BY s.id
        """
        out = []
        for row in self._con.execute(query).fetchall():
            out.append(
                SeriesInfo(
                    id=row[0],
                    kind=row[1],
                    unit=row[2],
                    frequency=row[3],
                    source=row[4],
                    calendar=row[5],
                    synthetic=bool(row[6]),
                    metadata=json.loads(row[7]) if row[7] else {},
                    first_date=pd.Timestamp(row[8]) if row[8] is not None else None,
                    last_date=pd.Timestamp(row[9]) if row[9] is not None else None,
                    rows=int(row[10]),
                    fields=tuple(row[11] or ()),
                )
            )
        return out

    def read(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None = None,
        start: dt.date | pd.Timestamp | None = None,
        end: dt.date | pd.Timestamp | None = None,
        as_of: dt.date | pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Observations in long form: columns series_id, date, field, value, vintage.

        Parameters
        ----------
        series_ids : sequence of str
            Canonical ids; an unknown id raises :class:`DataError`.
        fields : sequence of str, optional
            Restrict to these fields.
        start, end : date, optional
            Inclusive bounds on the observation date.
        as_of : date or timestamp, optional
            Only values known at that time (vintage <= as_of, and dates <= as_of). A date
            means the end of that day (UTC). Default: the latest vintage of everything.
        """
        return self._cached("read", series_ids, fields, start, end, as_of)

    def _read_latest(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None,
        start: dt.date | pd.Timestamp | None,
        end: dt.date | pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> pd.DataFrame:
        where, params = self._filters(series_ids, fields, start, end, as_of)
        # every vintage, the latest first within each observation, then the first row of
        # each (series, field, date) kept here: the same rows as a window query's
        # ``row_number() = 1``, in 55-65% of its time (the database sorts once)
        query = f"""
            SELECT series_id, date, field, value, vintage FROM observations
            WHERE {where}
            ORDER BY series_id, field, date, vintage DESC, ingested_at DESC
        """
        return _first_of_each_observation(self._con.execute(query, params).df())

    def _cached(
        self,
        kind: str,
        series_ids: Sequence[str],
        fields: Sequence[str] | None,
        start: dt.date | pd.Timestamp | None,
        end: dt.date | pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> pd.DataFrame:
        """A read through the cache when there is one (:meth:`cached_reads`)."""
        fetch = self._read_latest if kind == "read" else self._read_every_vintage
        if self._reads is None:
            return fetch(series_ids, fields, start, end, as_of)
        cutoff = None if as_of is None else _naive_ts(as_of) + _end_slack(as_of)
        names = None if fields is None else tuple(fields)
        ids = sorted(set(series_ids))
        if len(ids) == 1:
            key = (kind, (ids[0],), names, cutoff)
            whole = self._kept_read(kind, ids[0], names, cutoff)
            if whole is None:
                whole = fetch(ids, fields, None, None, as_of)
                self._reads.put(key, whole)
        else:
            whole = self._per_series(kind, ids, names, cutoff, as_of)
            if whole is None:  # no rows at all: the database's own (typed) empty answer
                return fetch(series_ids, fields, start, end, as_of)
        if start is None and end is None:
            return whole.copy()
        keep = pd.Series(True, index=whole.index)
        if start is not None:
            keep &= whole["date"] >= _naive_ts(start)
        if end is not None:
            keep &= whole["date"] < _naive_ts(end) + _end_slack(end)
        if not keep.any():  # DuckDB types an empty answer's text columns differently
            return fetch(series_ids, fields, start, end, as_of)
        return whole.loc[keep].reset_index(drop=True)

    def _kept_read(
        self, kind: str, sid: str, names: tuple[str, ...] | None, cutoff: pd.Timestamp | None
    ) -> pd.DataFrame | None:
        """The kept one-series read of ``names`` (None: not kept). When only the read of
        every field is kept, its rows of ``names``: what the query for them returns (the
        same rows in the same order, series then field then date, and types), kept under
        their own key. None when those rows are none (the database types an empty
        answer's text columns differently: the caller asks it)."""
        assert self._reads is not None
        frame = self._reads.get((kind, (sid,), names, cutoff))
        if frame is not None or names is None:
            return frame
        every = self._reads.get((kind, (sid,), None, cutoff))
        if every is None:
            return None
        frame = every[every["field"].isin(names)].reset_index(drop=True)
        if not len(frame):
            return None
        self._reads.put((kind, (sid,), names, cutoff), frame)
        return frame

    def _per_series(
        self,
        kind: str,
        ids: list[str],
        names: tuple[str, ...] | None,
        cutoff: pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> pd.DataFrame | None:
        """A several-series read made of each series' own kept frame (None: no rows).

        The frames are kept per series (the key of a one-series read of the same fields
        and as-of), so the same series read in different groups (BTC-USD with ^IXIC, then
        with NVDA, then alone) is fetched once; the series not kept yet are fetched in
        one query and split. Stacked in series order they are what the query for all of
        them returns (it orders by series, then field and date: the same rows, order and
        types). A series without rows adds nothing (an empty frame's text columns are
        typed differently).
        """
        assert self._reads is not None
        frames: dict[str, pd.DataFrame] = {}
        missing = []
        for sid in ids:
            frame = self._kept_read(kind, sid, names, cutoff)
            if frame is None:
                missing.append(sid)
            else:
                frames[sid] = frame
        if missing:
            frames.update(self._fetch_each(kind, dict.fromkeys(missing, names), cutoff, as_of))
        pieces = [frames[sid] for sid in ids if sid in frames and len(frames[sid])]
        if not pieces:
            return None
        return pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]

    def prefetch(
        self,
        kind: str,
        fields_of: Mapping[str, str],
        as_of: dt.date | pd.Timestamp | None = None,
    ) -> None:
        """Read several series in one query into the read cache (:meth:`cached_reads`).

        For a caller about to make one-series reads (``kind``: ``read`` or
        ``read_vintages``) of each ``series -> field`` in ``fields_of``: one query for
        those not kept yet, split per series, keeps exactly what each one-series read
        would have fetched (same rows, order and types; the query partitions by series).
        Nothing happens without the cache or when fewer than two are missing; a series
        with no rows is left to its own read.
        """
        if self._reads is None or kind not in ("read", "read_vintages"):
            return
        cutoff = None if as_of is None else _naive_ts(as_of) + _end_slack(as_of)
        missing = {
            sid: name
            for sid, name in fields_of.items()
            if self._kept_read(kind, sid, (name,), cutoff) is None
        }
        if len(missing) < 2:
            return
        self._fetch_each(kind, {sid: (name,) for sid, name in missing.items()}, cutoff, as_of)

    def _fetch_each(
        self,
        kind: str,
        fields_of: Mapping[str, tuple[str, ...] | None],
        cutoff: pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> dict[str, pd.DataFrame]:
        """One query for the series of ``fields_of`` (each with its fields; None: all),
        split per series and kept under each one's one-series read key: exactly what each
        one-series read would have fetched (same rows, order and types: the query orders
        by series, then field and date). A series with no rows is left out (its own read
        gives the database's typed empty frame)."""
        assert self._reads is not None
        asked = set(fields_of.values())
        fields = None if None in asked else sorted({f for names in asked if names for f in names})
        fetch = self._read_latest if kind == "read" else self._read_every_vintage
        rows = fetch(sorted(fields_of), fields, None, None, as_of)
        where = rows.groupby("series_id", sort=False).indices if len(rows) else {}
        kept: dict[str, pd.DataFrame] = {}
        for sid, names in fields_of.items():
            at = where.get(sid)
            if at is None:
                continue
            frame = rows.iloc[at]
            if names is not None and len(asked) > 1:  # other series asked other fields
                frame = frame[frame["field"].isin(names)]
            if len(frame):
                kept[sid] = frame.reset_index(drop=True)
                self._reads.put((kind, (sid,), names, cutoff), kept[sid])
        return kept

    def read_vintages(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None = None,
        start: dt.date | pd.Timestamp | None = None,
        end: dt.date | pd.Timestamp | None = None,
        as_of: dt.date | pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Every vintage of every observation known by ``as_of`` (for point-in-time histories).

        Unlike :meth:`read`, which keeps the latest vintage of each observation, this
        returns one row per (series, date, field, vintage): the first release and each
        revision, so a history can use on each day the value known that day
        (:func:`bubblelink.analytics.liquidity._release.known_on_vintages`). When the same vintage
        was written twice (a provider re-sending a real-time period), the last write wins,
        as in :meth:`read`.

        Parameters and bounds are those of :meth:`read` (``as_of``: vintage and date before
        the end of that day). Columns: ``series_id``, ``date``, ``field``, ``value``,
        ``vintage`` (naive UTC), ordered by series, field, date, vintage.
        """
        return self._cached("read_vintages", series_ids, fields, start, end, as_of)

    def _read_every_vintage(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None,
        start: dt.date | pd.Timestamp | None,
        end: dt.date | pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> pd.DataFrame:
        where, params = self._filters(series_ids, fields, start, end, as_of)
        query = f"""
            SELECT series_id, date, field, value, vintage FROM observations
            WHERE {where}
            QUALIFY row_number() OVER (
                PARTITION BY series_id, date, field, vintage ORDER BY ingested_at DESC) = 1
            ORDER BY series_id, field, date, vintage
        """
        return self._con.execute(query, params).df()

    def _filters(
        self,
        series_ids: Sequence[str],
        fields: Sequence[str] | None,
        start: dt.date | pd.Timestamp | None,
        end: dt.date | pd.Timestamp | None,
        as_of: dt.date | pd.Timestamp | None,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of :meth:`read` and :meth:`read_vintages` and its parameters.

        The clause is fixed text; every user value is a bound parameter (never spliced
        into the SQL). Unknown series ids raise :class:`DataError`.
        """
        for sid in series_ids:
            self.meta(sid)
        clauses = ["series_id IN (SELECT unnest(?))"]
        params: list[Any] = [list(series_ids)]
        if fields is not None:
            clauses.append("field IN (SELECT unnest(?))")
            params.append(list(fields))
        if start is not None:
            clauses.append("date >= ?")
            params.append(_naive_ts(start).to_pydatetime())
        if end is not None:
            clauses.append("date < ?")
            params.append((_naive_ts(end) + _end_slack(end)).to_pydatetime())
        if as_of is not None:
            cutoff = (_naive_ts(as_of) + _end_slack(as_of)).to_pydatetime()
            clauses.append("vintage < ? AND date < ?")
            params.extend([cutoff, cutoff])
        return " AND ".join(clauses), params

    def vintages(self, series_id: str, date: dt.date | pd.Timestamp, field: str) -> pd.DataFrame:
        """Every stored vintage of one observation (oldest first)."""
        self.meta(series_id)
        return self._con.execute(
            "SELECT value, vintage, ingested_at, source FROM observations "
            "WHERE series_id = ? AND date = ? AND field = ? ORDER BY vintage, ingested_at",
            [series_id, _naive_ts(date).to_pydatetime(), field],
        ).df()

    def ingest_log(self) -> pd.DataFrame:
        """The ingest log, newest first."""
        return self._con.execute("SELECT * FROM ingests ORDER BY id DESC").df()

    def row_count(self) -> int:
        """Total observation rows (all vintages)."""
        return int(self._con.execute("SELECT count(*) FROM observations").fetchone()[0])  # type: ignore[index]

    def state_token(self) -> str:
        """Changes whenever the store's content changes (for result caches)."""
        row = self._con.execute("SELECT coalesce(max(id), 0), count(*) FROM ingests").fetchone()
        return f"{self.path}:{row[0]}:{row[1]}"  # type: ignore[index]


def _first_of_each_observation(rows: pd.DataFrame) -> pd.DataFrame:
    """The first row of each run of equal (series_id, field, date) in ``rows`` (sorted
    by those, the latest vintage first): the latest vintage of each observation."""
    if len(rows) < 2:
        return rows
    keep = np.ones(len(rows), dtype=bool)
    for column in ("date", "field", "series_id"):
        values = rows[column].to_numpy()
        keep[1:] &= values[1:] == values[:-1]
    keep[1:] = ~keep[1:]  # a row starts a new observation unless all three repeat
    return rows if keep.all() else rows[keep].reset_index(drop=True)


def _same(a: str, b: str) -> str:
    return f"({a} = {b} OR abs({a} - {b}) <= {VALUE_RTOL} * abs({b}))"


def _naive_utc(values: pd.Series | pd.DatetimeIndex) -> Any:
    """Datetime values as naive UTC microsecond timestamps (DuckDB TIMESTAMP)."""
    index = pd.DatetimeIndex(values)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.astype("datetime64[us]").to_numpy()


@dataclass(frozen=True, eq=False)
class StoreMemory:
    """What a read-only :class:`Store` remembered of its file: the registry (or None
    when not read yet) and the read cache (:meth:`Store.detach_memory`)."""

    info: tuple[SeriesInfo, ...] | None
    reads: _ReadCache


class _ReadCache:
    """Whole-series frames by read key, least recently used dropped past ``max_rows``;
    derived values by key (:meth:`Store.remembered`)."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.rows = 0
        self._frames: OrderedDict[tuple[Any, ...], pd.DataFrame] = OrderedDict()
        self._values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> pd.DataFrame | None:
        frame = self._frames.get(key)
        if frame is not None:
            self._frames.move_to_end(key)
        return frame

    def put(self, key: tuple[Any, ...], frame: pd.DataFrame) -> None:
        self._frames[key] = frame
        self.rows += len(frame)
        while self.rows > self.max_rows and len(self._frames) > 1:
            _, dropped = self._frames.popitem(last=False)
            self.rows -= len(dropped)

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = compute()
        self._values[key] = value
        while len(self._values) > REMEMBERED:
            self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        self._frames.clear()
        self._values.clear()
        self.rows = 0


def _naive_ts(value: dt.date | pd.Timestamp | str) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def _end_slack(value: dt.date | pd.Timestamp | str) -> pd.Timedelta:
    """A bare date means the whole day; a timestamp means that instant."""
    ts = pd.Timestamp(value)
    is_date = not isinstance(value, dt.datetime) or (
        ts.hour == ts.minute == ts.second == 0 and ts.microsecond == 0
    )
    return pd.Timedelta(days=1) if is_date else pd.Timedelta(microseconds=1)


def _unknown_public(series_id: str) -> str:
    """The unknown-series message for remote callers: no store path, no stored list."""
    return (
        f"unknown series '{series_id}': the store does not hold it; ingest it first "
        "(GET /api/series lists what it holds)"
    )


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables (if missing) and record the schema version, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(SCHEMA_SQL)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _create_store_file(path: Path) -> None:
    """Create a new store file with its whole schema, atomically.

    The schema is written to a private file next to ``path`` which is then hard-linked
    to ``path`` (failing if another process created it meanwhile, whose file is kept):
    a store file never exists without its tables, even when the creating process is
    killed (a killed creator leaves only its private ``.<name>.<pid>.new`` file). Where
    hard links are not available, the file is created in place (the schema is still
    one transaction).
    """
    private = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        con = duckdb.connect(str(private))
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc
    try:
        _ensure_schema(con)
    finally:
        con.close()
    try:
        os.link(private, path)
    except FileExistsError:
        pass  # another process created the store first: use its file
    except OSError:
        if not path.exists():
            os.replace(private, path)
    finally:
        for leftover in (private, private.with_name(private.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _is_lock_error(exc: Exception) -> bool:
    return "could not set lock" in str(exc).lower()


def _connect_waiting(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Connect to ``path``, retrying up to ``wait`` seconds while another process holds
    its lock; any other failure (or the lock still held) is a one-line StoreError."""
    deadline = time.monotonic() + max(wait, 0.0)
    pause = _LOCK_RETRY_FIRST
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            left = deadline - time.monotonic()
            if not _is_lock_error(exc) or left <= 0:
                raise _open_error(path, exc, waited=wait if _is_lock_error(exc) else None) from exc
            time.sleep(min(pause, left))
            pause = min(pause * 2, _LOCK_RETRY_MAX)


def lock_holder(message: str) -> str:
    """``PID 123: bubblelink ingest csv ...`` from DuckDB's lock error (its command line
    when /proc shows it), or "another process" when the message names no PID."""
    found = re.search(r"\(PID (\d+)\)", message)
    if found is None:
        return "another process"
    pid = found.group(1)
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    # python .../bin/bubblelink ingest csv ... -> bubblelink ingest csv ...
    for i, word in enumerate(words):
        if Path(word).name == "bubblelink":
            words = ["bubblelink", *words[i + 1 :]]
            break
    command = " ".join(" ".join(words).split())  # one line, whatever the arguments hold
    if len(command) > 80:
        command = command[:77] + "..."
    return f"process {pid} ({command})" if command else f"process {pid}"


def _open_error(path: Path, exc: Exception, waited: float | None = None) -> StoreError:
    """Say what is actually wrong when DuckDB cannot open ``path``."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = first.lower()
    if "lock" in text:
        holder = lock_holder(first)
        seconds = f"{waited:g} s" if waited is not None else "no time"
        return StoreError(
            f"cannot open the store {path}: {holder} holds its lock (a running ingest, "
            f"monitor or `bubblelink serve`) and it was not released after waiting "
            f"{seconds}: let it finish or stop it, or retry with a longer --wait SECONDS",
            public="the server cannot open its store: another process holds its lock "
            "(an ingest is running); retry in a moment",
        )
    elif "not a valid duckdb database" in text:
        what = "the file is not a DuckDB database (empty, or another kind of file)"
        todo = "pass the right --store, or move the file away and ingest again"
    elif "read enough bytes" in text or "truncat" in text or "corrupt" in text:
        what = "the file is truncated or damaged"
        todo = "restore it from a backup, or move it away and ingest again"
    elif "permission denied" in text:
        what = "permission denied"
        todo = "check the file's and the folder's permissions"
    elif "version" in text:
        what = "the file was written by another DuckDB version"
        todo = "open it with the DuckDB version that wrote it, or ingest again"
    else:
        return StoreError(
            f"cannot open the store {path}: {first}",
            public="the server cannot open its store: see the server log",
        )
    return StoreError(
        f"cannot open the store {path}: {what}: {todo}",
        public=f"the server cannot open its store: {what}",
    )
