"""Integrity checks of a store file (``bubblelink store check``).

Each check is one set-based query over the tables of :mod:`bubblelink.store.schema` and
states an invariant that :meth:`Store.write <bubblelink.store.store.Store.write>` keeps.
A store that only ever changed through ``Store.write`` (including writers killed at any
point: a transaction lands whole or not at all) passes every check; a failing check
means the file was changed by something else (raw SQL, another tool, a damaged file)
or a writer bug.

The invariants, from how the writer works:

``schema``
    ``meta.schema_version`` equals :data:`~bubblelink.store.schema.SCHEMA_VERSION` and
    the tables ``series``, ``observations``, ``ingests`` have the columns and types that
    :data:`~bubblelink.store.schema.SCHEMA_SQL` creates. When this fails the other checks
    are skipped.
``registry``
    Every observation's ``series_id`` is registered in ``series``, and every registered
    series has observations (the writer registers a series only together with its rows).
``fields``
    Every kind is a :data:`~bubblelink.providers.base.SeriesKind` and every field one of
    :data:`~bubblelink.providers.base.KNOWN_FIELDS` (what validation accepts for every
    kind); for ``kind = 'price'`` the price fields
    (:data:`~bubblelink.providers.base.PRICE_FIELDS`) are positive (validation rejects
    non-positive prices of a price series).
``duplicates``
    One write stores a (series, date, field, vintage) key at most once; and two rows of
    the same key written by different ingests differ in value (beyond
    :data:`~bubblelink.store.store.VALUE_RTOL`), because the writer classifies a value
    equal to the last one stored for its key as unchanged and does not store it. (The
    same key twice with *different* values is legitimate: a provider-supplied vintage -
    FRED's publication-lag estimate, a real-time period - that was revised.)
``vintages``
    The writer gives a value without a provider vintage the vintage ``date`` when its
    (series, date, field) point is new (first release) and the vintage ``ingested_at``
    (the ingest's clock, in UTC) when it revises the point. A revision therefore never
    carries a vintage earlier than one already stored for its point by an earlier
    ingest: otherwise reads, which take the latest vintage, would hide it. Rows with a
    provider-supplied vintage (anything other than ``ingested_at``) may legitimately be
    earlier (a real-time history fetched after an estimate) and are not constrained.
``ingest ids``
    Every observation's ``ingest_id`` is in the ``ingests`` log, and no logged id is
    beyond the ``ingest_seq`` sequence (the next ingest would collide with it).
``ingest log``
    For each ingest, ``rows_added + rows_revised`` equals the rows stored with its id
    (unchanged values are counted but not stored), ``finished_at >= started_at``, and
    every observation's ``ingested_at`` equals its ingest's ``started_at`` (both are the
    one clock reading the writer takes).
``values``
    No NaN or infinite value (validation drops NaN and rejects infinities).
``dates``
    No observation dated on or after its ingest day (UTC) + ``future_days`` + 1 (the
    ingest gate :class:`~bubblelink.ingest.validate.QualityGates`; the service passes its
    ``future_days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

import duckdb

from bubblelink.providers.base import KNOWN_FIELDS, PRICE_FIELDS, SeriesKind
from bubblelink.store.schema import SCHEMA_SQL, SCHEMA_VERSION
from bubblelink.store.store import VALUE_RTOL, Store

#: The checks, in the order they run and are shown.
CHECK_NAMES: tuple[str, ...] = (
    "schema",
    "registry",
    "fields",
    "duplicates",
    "vintages",
    "ingest ids",
    "ingest log",
    "values",
    "dates",
)

#: How many offending examples a failed check names in its detail.
EXAMPLES = 3


@dataclass(frozen=True)
class CheckOutcome:
    """One integrity check: ``status`` is ``ok``, ``fail`` or ``skipped``."""

    check: str
    status: str
    problems: int
    detail: str

    @property
    def ok(self) -> bool:
        return self.status != "fail"


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _examples(rows: list[tuple[Any, ...]], render: Any) -> str:
    shown = "; ".join(render(r) for r in rows[:EXAMPLES])
    more = f"; ... ({len(rows) - EXAMPLES} more)" if len(rows) > EXAMPLES else ""
    return shown + more


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _expected_columns() -> dict[str, list[tuple[str, str]]]:
    """Columns and types of every table as :data:`SCHEMA_SQL` creates them."""
    mem = duckdb.connect(":memory:")
    try:
        mem.execute(SCHEMA_SQL)
        return _columns(mem)
    finally:
        mem.close()


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        out.setdefault(table, []).append((column, dtype))
    return out


def _check_schema(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    problems: list[str] = []
    expected = _expected_columns()
    found = _columns(con)
    for table, columns in expected.items():
        have = found.get(table)
        if have is None:
            problems.append(f"table {table} is missing")
        elif have != columns:
            problems.append(f"table {table} has columns {have}, expected {columns}")
    if "meta" in found:
        rows = _rows(con, "SELECT value FROM meta WHERE key = 'schema_version'")
        version = rows[0][0] if rows else None
        if version != str(SCHEMA_VERSION):
            problems.append(
                f"schema_version is {version!r}, this bubblelink reads {SCHEMA_VERSION}"
            )
    if problems:
        return CheckOutcome("schema", "fail", len(problems), "; ".join(problems))
    return CheckOutcome(
        "schema", "ok", 0, f"version {SCHEMA_VERSION}, tables {', '.join(sorted(expected))}"
    )


def _check_registry(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    orphans = _rows(
        con,
        "SELECT series_id, count(*) FROM observations "
        "WHERE series_id NOT IN (SELECT id FROM series) GROUP BY 1 ORDER BY 1",
    )
    empty = _rows(
        con,
        "SELECT id FROM series WHERE id NOT IN (SELECT DISTINCT series_id FROM observations) "
        "ORDER BY 1",
    )
    parts = []
    if orphans:
        parts.append(
            "observations of unregistered series: "
            + _examples(orphans, lambda r: f"{r[0]} ({r[1]} rows)")
        )
    if empty:
        parts.append("registered series without observations: " + _examples(empty, lambda r: r[0]))
    if parts:
        return CheckOutcome("registry", "fail", len(orphans) + len(empty), "; ".join(parts))
    n = _rows(con, "SELECT count(*) FROM series")[0][0]
    return CheckOutcome("registry", "ok", 0, f"{n} series, each registered with observations")


def _check_fields(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    kinds = _rows(
        con,
        f"SELECT id, kind FROM series WHERE kind NOT IN ({_sql_list(get_args(SeriesKind))}) "
        "ORDER BY 1",
    )
    fields = _rows(
        con,
        "SELECT series_id, field, count(*) FROM observations "
        f"WHERE field NOT IN ({_sql_list(KNOWN_FIELDS)}) GROUP BY 1, 2 ORDER BY 1, 2",
    )
    prices = _rows(
        con,
        "SELECT o.series_id, o.field, count(*), min(o.value) FROM observations o "
        "JOIN series s ON s.id = o.series_id "
        f"WHERE s.kind = 'price' AND o.field IN ({_sql_list(PRICE_FIELDS)}) AND o.value <= 0 "
        "GROUP BY 1, 2 ORDER BY 1, 2",
    )
    parts = []
    if kinds:
        parts.append("unknown kinds: " + _examples(kinds, lambda r: f"{r[0]} is {r[1]!r}"))
    if fields:
        parts.append(
            "unknown fields: " + _examples(fields, lambda r: f"{r[0]} {r[1]!r} ({r[2]} rows)")
        )
    if prices:
        parts.append(
            "non-positive prices of price series: "
            + _examples(prices, lambda r: f"{r[0]} {r[1]} ({r[2]} rows, min {r[3]:g})")
        )
    if parts:
        return CheckOutcome(
            "fields", "fail", len(kinds) + len(fields) + len(prices), "; ".join(parts)
        )
    return CheckOutcome("fields", "ok", 0, "known kinds and fields; prices positive")


def _same(a: str, b: str) -> str:
    return f"({a} = {b} OR abs({a} - {b}) <= {VALUE_RTOL} * abs({b}))"


def _check_duplicates(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    within = _rows(
        con,
        "SELECT series_id, date, field, vintage, ingest_id, count(*) FROM observations "
        "GROUP BY ALL HAVING count(*) > 1 ORDER BY 1, 2, 3, 4",
    )
    rewritten = _rows(
        con,
        f"""
        SELECT series_id, date, field, vintage, ingest_id, previous_ingest FROM (
            SELECT series_id, date, field, vintage, ingest_id, value,
                   lag(value) OVER w AS previous_value, lag(ingest_id) OVER w AS previous_ingest
            FROM observations
            WINDOW w AS (PARTITION BY series_id, date, field, vintage ORDER BY ingest_id)
        )
        WHERE previous_ingest IS NOT NULL AND previous_ingest <> ingest_id
          AND {_same("value", "previous_value")}
        ORDER BY 1, 2, 3, 4
        """,
    )
    parts = []
    if within:
        parts.append(
            "same key twice in one ingest: "
            + _examples(within, lambda r: f"{r[0]} {r[1]:%Y-%m-%d} {r[2]} ingest {r[4]} x{r[5]}")
        )
    if rewritten:
        parts.append(
            "same value stored again for the same key: "
            + _examples(
                rewritten,
                lambda r: (
                    f"{r[0]} {r[1]:%Y-%m-%d} {r[2]} vintage {r[3]} (ingests {r[5]} and {r[4]})"
                ),
            )
        )
    if parts:
        return CheckOutcome("duplicates", "fail", len(within) + len(rewritten), "; ".join(parts))
    n = _rows(con, "SELECT count(*) FROM observations")[0][0]
    return CheckOutcome("duplicates", "ok", 0, f"{n} rows, no key stored twice")


def _check_vintages(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    bad = _rows(
        con,
        """
        SELECT series_id, date, field, ingest_id, vintage, earlier_max FROM (
            SELECT series_id, date, field, ingest_id, vintage,
                   timezone('UTC', ingested_at) AS stamped,
                   max(vintage) OVER (
                       PARTITION BY series_id, date, field ORDER BY ingest_id
                       RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_max
            FROM observations
        )
        WHERE vintage = stamped AND earlier_max IS NOT NULL AND vintage < earlier_max
        ORDER BY 1, 2, 3
        """,
    )
    if bad:
        return CheckOutcome(
            "vintages",
            "fail",
            len(bad),
            "revisions older than a vintage already stored (hidden from reads): "
            + _examples(
                bad,
                lambda r: f"{r[0]} {r[1]:%Y-%m-%d} {r[2]} ingest {r[3]} vintage {r[4]} < {r[5]}",
            ),
        )
    n = _rows(
        con,
        "SELECT count(*) FROM (SELECT 1 FROM observations GROUP BY series_id, date, field "
        "HAVING count(*) > 1)",
    )[0][0]
    return CheckOutcome("vintages", "ok", 0, f"{n} revised points, revisions in ingest order")


def _check_ingest_ids(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    orphans = _rows(
        con,
        "SELECT ingest_id, count(*) FROM observations "
        "WHERE ingest_id NOT IN (SELECT id FROM ingests) GROUP BY 1 ORDER BY 1",
    )
    seq = _rows(
        con,
        "SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'ingest_seq' "
        "AND schema_name = 'main'",
    )
    top = _rows(con, "SELECT max(id), count(*) FROM ingests")[0]
    parts = []
    if orphans:
        parts.append(
            "observations of ingests missing from the log: "
            + _examples(orphans, lambda r: f"ingest {r[0]} ({r[1]} rows)")
        )
    if not seq:
        parts.append("the ingest_seq sequence is missing")
    elif top[0] is not None and (seq[0][0] is None or top[0] > seq[0][0]):
        parts.append(
            f"logged ingest id {top[0]} is beyond the ingest_seq sequence ({seq[0][0]}): "
            "the next ingest would reuse an id"
        )
    if parts:
        return CheckOutcome(
            "ingest ids", "fail", len(orphans) + (len(parts) - bool(orphans)), "; ".join(parts)
        )
    return CheckOutcome(
        "ingest ids", "ok", 0, f"{top[1]} ingests logged, every row's ingest among them"
    )


def _check_ingest_log(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    counts = _rows(
        con,
        """
        SELECT i.id, i.rows_added + i.rows_revised AS logged, coalesce(o.n, 0) AS present
        FROM ingests i
        LEFT JOIN (SELECT ingest_id, count(*) AS n FROM observations GROUP BY 1) o
               ON o.ingest_id = i.id
        WHERE i.rows_added + i.rows_revised <> coalesce(o.n, 0)
        ORDER BY 1
        """,
    )
    times = _rows(con, "SELECT id FROM ingests WHERE finished_at < started_at ORDER BY 1")
    stamps = _rows(
        con,
        "SELECT o.ingest_id, count(*) FROM observations o JOIN ingests i ON i.id = o.ingest_id "
        "WHERE o.ingested_at <> i.started_at GROUP BY 1 ORDER BY 1",
    )
    parts = []
    if counts:
        parts.append(
            "rows added + revised in the log differ from the rows stored: "
            + _examples(counts, lambda r: f"ingest {r[0]} logs {r[1]}, holds {r[2]}")
        )
    if times:
        parts.append("finished before it started: " + _examples(times, lambda r: f"ingest {r[0]}"))
    if stamps:
        parts.append(
            "rows whose ingested_at is not their ingest's start: "
            + _examples(stamps, lambda r: f"ingest {r[0]} ({r[1]} rows)")
        )
    if parts:
        return CheckOutcome(
            "ingest log", "fail", len(counts) + len(times) + len(stamps), "; ".join(parts)
        )
    failed = _rows(
        con,
        "SELECT count(*) FROM ingests WHERE rows_added + rows_revised + rows_unchanged = 0",
    )[0][0]
    return CheckOutcome(
        "ingest log", "ok", 0, f"rows match the log for every ingest ({failed} stored nothing)"
    )


def _check_values(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    bad = _rows(
        con,
        "SELECT series_id, field, count(*), min(date) FROM observations "
        "WHERE isnan(value) OR isinf(value) GROUP BY 1, 2 ORDER BY 1, 2",
    )
    if bad:
        return CheckOutcome(
            "values",
            "fail",
            sum(int(r[2]) for r in bad),
            "NaN or infinite values: "
            + _examples(bad, lambda r: f"{r[0]} {r[1]} ({r[2]} rows, first {r[3]:%Y-%m-%d})"),
        )
    return CheckOutcome("values", "ok", 0, "every value finite")


def _check_dates(con: duckdb.DuckDBPyConnection, future_days: int) -> CheckOutcome:
    bad = _rows(
        con,
        f"""
        SELECT series_id, ingest_id, count(*), max(date) FROM observations
        WHERE date >= date_trunc('day', timezone('UTC', ingested_at))
                      + INTERVAL {int(future_days) + 1} DAY
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
    )
    if bad:
        return CheckOutcome(
            "dates",
            "fail",
            sum(int(r[2]) for r in bad),
            f"dated after the ingest day + {future_days}: "
            + _examples(bad, lambda r: f"{r[0]} ingest {r[1]} ({r[2]} rows, last {r[3]})"),
        )
    return CheckOutcome("dates", "ok", 0, f"no date after its ingest day + {future_days}")


def check_store(store: Store, future_days: int = 1) -> tuple[CheckOutcome, ...]:
    """Run every check of :data:`CHECK_NAMES` on an open store.

    Parameters
    ----------
    store : Store
        Open (read-only is enough).
    future_days : int
        The ingest gate's allowance for dates after the ingest day.

    Returns
    -------
    tuple of CheckOutcome
        One per check, in :data:`CHECK_NAMES` order; after a failed ``schema`` the
        others are ``skipped``.
    """
    con = store._con
    schema = _check_schema(con)
    if not schema.ok:
        skipped = tuple(
            CheckOutcome(name, "skipped", 0, "the schema check failed") for name in CHECK_NAMES[1:]
        )
        return (schema, *skipped)
    return (
        schema,
        _check_registry(con),
        _check_fields(con),
        _check_duplicates(con),
        _check_vintages(con),
        _check_ingest_ids(con),
        _check_ingest_log(con),
        _check_values(con),
        _check_dates(con, future_days),
    )
