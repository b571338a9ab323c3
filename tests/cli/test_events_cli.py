"""`bubblelink event`, `perf`, `drawdowns` and `regimes` on the synthetic sample store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import CliRunner


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


def test_event_value_moved_with_shares_file(
    cli: CliRunner, sample_store: Path, tmp_path: Path
) -> None:
    shares = tmp_path / "shares.csv"
    shares.write_text("symbol,date,shares_outstanding\nORCL,2020-01-01,2800000000\n")
    result = cli(
        "event", "ORCL", "--date", "2025-12-11", "--window", "0:1", "--targets", "NVDA",
        "--value-moved", "--shares", shares, "--store", sample_store, "--format", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    moved = payload["value_moved"]
    assert moved["value_change"] == pytest.approx(
        2.8e9 * (moved["end_close"] - moved["base_close"]), rel=1e-12
    )
    # a low is never above the close: the intraday fall is at least the close-to-close fall
    assert moved["largest_intraday_fall"] <= moved["close_return_on_fall_date"]
    # one envelope: its notes (SYNTHETIC first) and provenance cover the value-moved read
    assert payload["synthetic"] is True and payload["notes"][0].startswith("SYNTHETIC")
    assert "ORCL" in {p["series"] for p in payload["provenance"]}
    assert any("stored 'close' field" in note for note in moved["notes"])
    missing = cli(
        "event", "ORCL", "--date", "2025-12-11", "--targets", "NVDA", "--shares",
        tmp_path / "nope.csv", "--store", sample_store,
    )  # fmt: skip
    assert missing.code == 2 and "nope.csv does not exist" in missing.err
