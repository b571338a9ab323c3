"""Monitor: rule parsing errors with line/column, unknown series, idempotent evaluation,
one alert per episode, sinks (JSON lines, webhook on a local server), the schedule loop."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from bubblelink.errors import ConfigError
from bubblelink.monitor import (
    JsonlSink,
    WebhookSink,
    load_rules,
    parse_period,
    run_every,
    run_once,
    table,
)
from bubblelink.providers.http import RetryPolicy
from bubblelink.service.data import StoreData
from bubblelink.store import Store
from tests.stores import write_series

RULES = """\
version: 1
rules:
  - name: x_high
    when: level(XS) > 5
    message: XS above 5
"""


def _write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "rules.yaml"
    file.write_text(text)
    return file


def _store(tmp_path: Path, values: list[float]) -> Path:
    path = tmp_path / "store.duckdb"
    index = pd.bdate_range("2025-01-06", periods=len(values), tz="UTC")
    with Store(path) as st:
        write_series(st, "XS", pd.Series(values, index=index))
    return path


def test_shipped_rules_parse() -> None:
    rules = load_rules()
    assert {"BTC-USD", "^IXIC", "BAMLH0A0HYM2"} <= set(rules[0].series)


def test_parse_error_reports_file_line_and_column(tmp_path: Path) -> None:
    text = RULES + "  - name: broken\n    when: corr30(BTC-USD ^IXIC) > 0.5\n"
    with pytest.raises(ConfigError) as err:
        load_rules(_write(tmp_path, text))
    # line 7; the value starts in column 11 and '^IXIC' is its 16th character
    assert "line 7, column 26" in str(err.value)
    assert "rules.yaml:7:26" in str(err.value)
    quoted = RULES + '  - name: q\n    when: "level(XS) >"\n'
    with pytest.raises(ConfigError, match="line 7, column 23"):
        load_rules(_write(tmp_path, quoted))


@pytest.mark.parametrize(
    ("when", "match"),
    [
        ("unknown(XS) > 1", "unknown function"),
        ("level(XS)", "must be a condition"),
        ("level(XS) > 1 and", "expected a number"),
        ("change(XS, 0) > 1", "whole number"),
        ("level(XS) > 1 ; x", "unexpected character"),
    ],
)
def test_bad_rules_are_config_errors(tmp_path: Path, when: str, match: str) -> None:
    text = f"rules:\n  - name: r\n    when: {when}\n"
    with pytest.raises(ConfigError, match=match):
        load_rules(_write(tmp_path, text))


def test_unknown_series_is_a_clear_error(tmp_path: Path) -> None:
    path = _store(tmp_path, [1.0, 2.0])
    rules = load_rules(_write(tmp_path, RULES.replace("XS", "NOPE")))
    with Store(path) as st, pytest.raises(ConfigError, match="unknown series 'NOPE'"):
        run_once(st, rules, JsonlSink(tmp_path / "a.jsonl"), StoreData(st))


def test_idempotent_and_one_alert_per_episode(tmp_path: Path) -> None:
    path = _store(tmp_path, [1.0, 6.0])
    rules = load_rules(_write(tmp_path, RULES))
    sink = JsonlSink(tmp_path / "alerts.jsonl")
    with Store(path) as st:
        first = run_once(st, rules, sink, StoreData(st))
        assert first.table.loc["x_high", "holds"] and first.delivered == ("x_high@2025-01-07",)
        again = run_once(st, rules, sink, StoreData(st))  # same data: nothing new
        assert not again.table.loc["x_high", "new_evaluation"] and again.delivered == ()
        index = pd.bdate_range("2025-01-06", periods=5, tz="UTC")
        for n, values in (
            (3, [1.0, 6.0, 7.0]),
            (4, [1.0, 6.0, 7.0, 2.0]),
            (5, [1.0, 6.0, 7.0, 2.0, 8.0]),
        ):
            write_series(st, "XS", pd.Series(values, index=index[:n]))
            run_once(st, rules, sink, StoreData(st))
        evaluations = table(st, "monitor_evaluations")
        alerts = table(st, "monitor_alerts")
    assert len(evaluations) == 4  # data dates 01-07, 01-08, 01-09, 01-10
    assert sorted(alerts["alert_id"]) == ["x_high@2025-01-07", "x_high@2025-01-10"]
    lines = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert [line["alert_id"] for line in lines] == ["x_high@2025-01-07", "x_high@2025-01-10"]
    assert lines[0]["values"] == {"level(XS)": 6.0}


class _Hook(BaseHTTPRequestHandler):
    status = 503
    received: ClassVar[list[dict[str, object]]] = []
    hits = 0

    def do_POST(self) -> None:
        type(self).hits += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).status < 300:
            type(self).received.append(json.loads(body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def webhook() -> Iterator[str]:
    _Hook.status, _Hook.received, _Hook.hits = 503, [], 0
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts"
    server.shutdown()
    server.server_close()


def test_down_webhook_is_retried_reported_and_delivered_next_run(
    tmp_path: Path, webhook: str
) -> None:
    path = _store(tmp_path, [1.0, 6.0])
    rules = load_rules(_write(tmp_path, RULES))
    sleeps: list[float] = []
    sink = WebhookSink(
        webhook, retry=RetryPolicy(max_retries=2, backoff_base=0.1), sleep=sleeps.append
    )
    with Store(path) as st:
        down = run_once(st, rules, sink, StoreData(st))
        assert down.pending == ("x_high@2025-01-07",) and not down.ok
        assert "HTTP 503" in down.errors[0] and "after 3 attempts" in down.errors[0]
        assert _Hook.hits == 3 and len(sleeps) == 2
        _Hook.status = 200
        up = run_once(st, rules, sink, StoreData(st))  # no new data, but the pending alert goes out
        assert up.delivered == ("x_high@2025-01-07",) and up.ok
        assert run_once(st, rules, sink, StoreData(st)).delivered == ()
        deliveries = table(st, "monitor_deliveries")
    assert [p["alert_id"] for p in _Hook.received] == ["x_high@2025-01-07"]
    assert deliveries["status"].tolist() == ["delivered"] and deliveries["attempts"].tolist() == [2]


def test_schedule_loop_with_injected_sleep_and_restart(tmp_path: Path) -> None:
    path = _store(tmp_path, [1.0, 6.0])
    rules = load_rules(_write(tmp_path, RULES))
    sink = JsonlSink(tmp_path / "alerts.jsonl")
    sleeps: list[float] = []
    period = parse_period("1d")
    results = run_every(path, rules, sink, period, StoreData, max_iterations=3, sleep=sleeps.append)
    assert sleeps == [86400.0, 86400.0] and len(results) == 3
    run_every(
        path, rules, sink, period, StoreData, max_iterations=2, sleep=sleeps.append
    )  # "restart"
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1
    with pytest.raises(ConfigError):
        parse_period("daily")
