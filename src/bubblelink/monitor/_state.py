"""The monitor's own tables in the store: evaluations, alerts, pending deliveries.

* ``monitor_evaluations`` — one row per (rule, data_date): re-running on the same data
  adds nothing (primary key).
* ``monitor_alerts`` — one row per episode, ``alert_id = rule@episode_start``; an
  episode is a run of consecutive evaluations (by data date) where the rule holds.
* ``monitor_deliveries`` — one row per (alert, sink) with ``pending``/``delivered``,
  attempts and the last error: an alert that could not be delivered is retried on the
  next run, never lost.

All writes of one evaluation land in one transaction (``Store.transaction()``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.monitor._evaluate import Evaluation
from bubblelink.store import Store

MONITOR_SCHEMA = """
CREATE TABLE IF NOT EXISTS monitor_evaluations (
    rule VARCHAR NOT NULL,
    data_date TIMESTAMP NOT NULL,
    holds BOOLEAN NOT NULL,
    detail VARCHAR,
    evaluated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (rule, data_date)
);
CREATE TABLE IF NOT EXISTS monitor_alerts (
    alert_id VARCHAR PRIMARY KEY,
    rule VARCHAR NOT NULL,
    episode_start TIMESTAMP NOT NULL,
    payload VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS monitor_deliveries (
    alert_id VARCHAR NOT NULL,
    sink VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    last_error VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (alert_id, sink)
);
"""


@dataclass(frozen=True)
class Recorded:
    """What recording one evaluation did."""

    new: bool
    alert_id: str | None
    payload: dict[str, Any] | None


def ensure_schema(store: Store) -> None:
    """Create the monitor tables if needed."""
    with store.transaction() as con:
        con.execute(MONITOR_SCHEMA)


def _naive(ts: pd.Timestamp) -> Any:
    ts = pd.Timestamp(ts)
    return (ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts).to_pydatetime()


def record(
    store: Store, evaluation: Evaluation, message: str, sink: str, now: pd.Timestamp
) -> Recorded:
    """Record an evaluation; open an alert and a pending delivery when an episode starts.

    Idempotent: an evaluation already stored for (rule, data_date) changes nothing.
    """
    with store.transaction() as con:
        con.execute(MONITOR_SCHEMA)
        date = _naive(evaluation.data_date)
        exists = con.execute(
            "SELECT 1 FROM monitor_evaluations WHERE rule = ? AND data_date = ?",
            [evaluation.rule, date],
        ).fetchone()
        if exists:
            return Recorded(False, None, None)
        previous = con.execute(
            "SELECT holds FROM monitor_evaluations WHERE rule = ? AND data_date < ? "
            "ORDER BY data_date DESC LIMIT 1",
            [evaluation.rule, date],
        ).fetchone()
        con.execute(
            "INSERT INTO monitor_evaluations VALUES (?, ?, ?, ?, ?)",
            [
                evaluation.rule,
                date,
                evaluation.holds,
                json.dumps(evaluation.values, default=float),
                now.to_pydatetime(),
            ],
        )
        starts = evaluation.holds and (previous is None or not previous[0])
        if not starts:
            return Recorded(True, None, None)
        alert_id = f"{evaluation.rule}@{pd.Timestamp(date).date().isoformat()}"
        payload = {
            "alert_id": alert_id,
            "rule": evaluation.rule,
            "message": message,
            "data_date": pd.Timestamp(date).date().isoformat(),
            "values": {k: (None if v != v else v) for k, v in evaluation.values.items()},
            "synthetic": evaluation.synthetic,
        }
        con.execute(
            "INSERT INTO monitor_alerts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [alert_id, evaluation.rule, date, json.dumps(payload), now.to_pydatetime()],
        )
        con.execute(
            "INSERT INTO monitor_deliveries VALUES (?, ?, 'pending', 0, NULL, ?) "
            "ON CONFLICT DO NOTHING",
            [alert_id, sink, now.to_pydatetime()],
        )
        return Recorded(True, alert_id, payload)


def pending(store: Store, sink: str) -> list[dict[str, Any]]:
    """Payloads of the alerts not yet delivered to ``sink`` (oldest first)."""
    ensure_schema(store)
    rows = store.query(
        "SELECT a.payload FROM monitor_deliveries d JOIN monitor_alerts a USING (alert_id) "
        "WHERE d.sink = ? AND d.status = 'pending' ORDER BY a.created_at, a.alert_id",
        [sink],
    )
    return [json.loads(p) for p in rows["payload"]]


def mark(
    store: Store, alert_id: str, sink: str, ok: bool, error: str | None, now: pd.Timestamp
) -> None:
    """Mark one delivery as delivered, or count a failed attempt."""
    with store.transaction() as con:
        con.execute(
            "UPDATE monitor_deliveries SET status = ?, attempts = attempts + 1, last_error = ?, "
            "updated_at = ? WHERE alert_id = ? AND sink = ?",
            ["delivered" if ok else "pending", error, now.to_pydatetime(), alert_id, sink],
        )


def table(store: Store, name: str) -> pd.DataFrame:
    """A monitor table as a DataFrame (for tests and reports)."""
    ensure_schema(store)
    return store.query(f"SELECT * FROM {name}")
