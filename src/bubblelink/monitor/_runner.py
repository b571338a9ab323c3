"""Run the monitor once or on a schedule: evaluate, record, alert once per episode, deliver."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.errors import ConfigError
from bubblelink.frames.source import DataSource
from bubblelink.monitor._evaluate import RuleData, evaluate_rule
from bubblelink.monitor._rules import Rule
from bubblelink.monitor._sinks import DeliveryError, Sink
from bubblelink.monitor._state import mark, pending, record
from bubblelink.results import ResultBase
from bubblelink.store import Store

Clock = Callable[[], pd.Timestamp]

_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_SECONDS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_period(text: str) -> float:
    """``"30s"``, ``"15m"``, ``"6h"``, ``"1d"`` → seconds (ConfigError otherwise)."""
    match = _PERIOD.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise ConfigError(f"--every must look like 30s, 15m, 6h or 1d, got {text!r}")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def utc_now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC")


@dataclass(frozen=True, eq=False)
class MonitorRunResult(ResultBase):
    """One monitor pass.

    ``table`` index ``rule``: ``data_date``, ``holds``, ``values`` (each function's
    number), ``new_evaluation`` (False: already recorded for this data), ``alert``
    (the alert id opened by this pass, else empty). ``delivered`` and ``pending`` list
    alert ids; ``errors`` the delivery failures (the alerts stay pending).
    """

    table: pd.DataFrame
    delivered: tuple[str, ...]
    pending: tuple[str, ...]
    errors: tuple[str, ...]
    sink: str
    synthetic: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The per-rule table."""
        return self.table

    @property
    def ok(self) -> bool:
        """True when nothing is left pending after an error."""
        return not self.errors


def run_once(
    store: Store,
    rules: Sequence[Rule],
    sink: Sink,
    source: DataSource,
    clock: Clock = utc_now,
) -> MonitorRunResult:
    """Evaluate every rule, record it, open alerts for new episodes, deliver pending alerts.

    1. Each rule is evaluated on the data of ``source`` (the store as known on its
       cut-off); its evaluation is keyed by (rule, data date) — re-running on the same
       data records nothing new and fires nothing.
    2. An alert is opened when the rule holds and its previous evaluation (by data
       date) did not: once per episode.
    3. Every alert pending for this sink (new, or left over from a failed delivery) is
       delivered; a failure leaves it pending for the next run.

    Unknown series in a rule raise :class:`ConfigError` before anything is recorded.
    """
    data = RuleData(source)
    for rule in rules:
        data.check(rule)
    rows: list[dict[str, Any]] = []
    for rule in rules:
        evaluation = evaluate_rule(rule, data)
        recorded = record(store, evaluation, rule.message, sink.key, clock())
        rows.append(
            {
                "rule": rule.name,
                "data_date": evaluation.data_date.date().isoformat(),
                "holds": evaluation.holds,
                "values": ", ".join(f"{k}={v:.4g}" for k, v in evaluation.values.items()),
                "new_evaluation": recorded.new,
                "alert": recorded.alert_id or "",
            }
        )
    delivered: list[str] = []
    errors: list[str] = []
    left: list[str] = []
    for payload in pending(store, sink.key):
        alert_id = str(payload["alert_id"])
        if errors:  # the sink is down: do not hammer it, keep the rest pending
            left.append(alert_id)
            continue
        try:
            sink.deliver(payload)
        except DeliveryError as exc:
            mark(store, alert_id, sink.key, False, str(exc), clock())
            errors.append(str(exc))
            left.append(alert_id)
        else:
            mark(store, alert_id, sink.key, True, None, clock())
            delivered.append(alert_id)
    notes = []
    if data.synthetic:
        notes.append("SYNTHETIC sample data: alerts are not about real markets")
    if left:
        notes.append(f"{len(left)} alert(s) pending for {sink.key}: delivered on the next run")
    return MonitorRunResult(
        table=pd.DataFrame(rows).set_index("rule"),
        delivered=tuple(delivered),
        pending=tuple(left),
        errors=tuple(errors),
        sink=sink.key,
        synthetic=data.synthetic,
        notes=tuple(notes),
    )


def run_every(
    store_path: str | Path | None,
    rules: Sequence[Rule],
    sink: Sink,
    period_seconds: float,
    data_source: Callable[[Store], DataSource],
    max_iterations: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Clock = utc_now,
    on_result: Callable[[MonitorRunResult, DataSource], None] | None = None,
    wait: float | None = None,
) -> list[MonitorRunResult]:
    """Run :func:`run_once` every ``period_seconds`` (until ``max_iterations``, if given).

    The store is opened for each pass and closed after it (ingests can run in between);
    ``data_source`` turns the open store into the pass's data source (the service layer
    passes :class:`bubblelink.service.data.StoreData`).
    Safe to kill and restart: state lives in the store, so a restarted loop neither
    re-fires alerts nor loses pending ones. ``sleep`` and ``clock`` are injectable.
    ``wait``: seconds each pass retries opening the store while another process holds
    its lock (None: the store's default for a writer).
    """
    results: list[MonitorRunResult] = []
    iteration = 0
    while max_iterations is None or iteration < max_iterations:
        with Store(store_path, wait=wait) as store:
            source = data_source(store)
            result = run_once(store, rules, sink, source, clock=clock)
            if on_result is not None:
                on_result(result, source)
        results.append(result)
        iteration += 1
        if max_iterations is not None and iteration >= max_iterations:
            break
        sleep(period_seconds)
    return results
