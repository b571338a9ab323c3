"""The store's tables (DuckDB). Dates are naive UTC TIMESTAMPs; daily bars at 00:00.

* ``series``: the registry (id, kind, unit, frequency, source, calendar, synthetic,
  metadata JSON).
* ``observations``: one row per (series, date, field, vintage) value, with its source,
  ``ingested_at`` and the ``ingest_id`` that wrote it. Never updated in place.
* ``ingests``: the ingest log (what each transaction added, revised, failed, warned).
"""

SCHEMA_VERSION = 1

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS series (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    frequency VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    calendar VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    metadata JSON,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS observations (
    series_id VARCHAR NOT NULL,
    date TIMESTAMP NOT NULL,
    field VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    source VARCHAR NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL,
    vintage TIMESTAMP NOT NULL,
    ingest_id BIGINT NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS ingest_seq START 1;
CREATE TABLE IF NOT EXISTS ingests (
    id BIGINT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    provider VARCHAR NOT NULL,
    request JSON,
    rows_added BIGINT NOT NULL,
    rows_revised BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    failures JSON,
    warnings JSON
);
"""
