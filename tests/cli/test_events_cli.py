"""`bubblelink event`, `perf`, `drawdowns` and `regimes` on the synthetic sample store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import CliRunner


def test_event_json_per_target(cli: CliRunner, sample_store: Path) -> None:
    result = cli("event", "ORCL", "--date", "2025-12-11", "--targets", "BTC-USD", "NVDA", "AMD",
                 "^IXIC", "--market", "^IXIC", "--window", "-1:1", "--estimation", "120",
                 "--store", sample_store, "--format", "json")  # fmt: skip
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["event"]["id"] == "orcl-fy26q2"
    symbols = [t["symbol"] for t in payload["targets"]]
    assert symbols == ["BTC-USD", "NVDA", "AMD", "^IXIC"]
    btc = payload["targets"][0]
    for key in ("symbol", "event_date", "window", "ar", "car", "t_stat", "p_value", "raw_return"):
        assert key in btc
    # BTC's same-date UTC bar of 2025-12-10 closes after the 16:00 ET release
    assert btc["event_date"] == "2025-12-10"
    assert payload["targets"][1]["event_date"] == "2025-12-11"
    assert payload["targets"][3]["model"] == "mean_adjusted"
    assert any("SYNTHETIC" in n for n in payload["notes"])


def test_event_errors_are_one_line(cli: CliRunner, sample_store: Path) -> None:
    result = cli(
        "event", "ORCL", "--date", "2040-01-02", "--targets", "NVDA", "--store", sample_store
    )
    assert result.code != 0
    assert "error:" in result.err and len(result.err.strip().splitlines()) == 1
    result = cli(
        "event",
        "ORCL",
        "--date",
        "2025-12-11",
        "--targets",
        "NVDA",
        "--window",
        "-12:1",
        "--store",
        sample_store,
    )
    assert result.code != 0 and "overlaps the event window" in result.err


def test_perf_drawdowns_regimes(cli: CliRunner, sample_store: Path) -> None:
    result = cli(
        "perf",
        "BTC-USD",
        "^IXIC",
        "--since",
        "2025-09-17",
        "--store",
        sample_store,
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert [a["symbol"] for a in payload["assets"]] == ["BTC-USD", "^IXIC"]
    assert payload["assets"][0]["periods_per_year"] == 365
    result = cli(
        "drawdowns", "BTC-USD", "^IXIC", "--top", "3", "--store", sample_store, "--format", "csv"
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("symbol,peak,trough,recovery")
    result = cli(
        "regimes", "BTC-USD", "--states", "2", "--start", "2023-01-01", "--store", sample_store
    )
    assert result.code == 0, result.err
    assert "annualised_vol" in result.out and "SYNTHETIC" in result.out
