"""``bubblelink scan`` on the command line, and on the real shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import CliRunner
from tests.scan.conftest import market


def test_json_is_the_envelope_then_the_scan(
    cli: CliRunner, scan_store: Path, universe_file: Path
) -> None:
    run = cli("scan", "--universe", universe_file, "--target", "TGT", "--top", "4",
              "--store", scan_store, "--format", "json")  # fmt: skip
    assert run.code == 0, run.err
    body = json.loads(run.out)
    assert list(body)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert body["as_of"] == str(market()["TGT"].index[-1].date())
    assert len(body["top"]) == 4 and [r["rank"] for r in body["top"]] == [1, 2, 3, 4]
    assert body["missing"] == ["NOPE1", "NOPE2"]


def test_table_and_csv(cli: CliRunner, scan_store: Path, universe_file: Path) -> None:
    table = cli("scan", "-u", universe_file, "--target", "TGT", "--store", scan_store)
    assert table.code == 0 and "rank" in table.out and "NOPE1, NOPE2" in table.out
    csv = cli("scan", "-u", universe_file, "--target", "TGT", "--store", scan_store,
              "--top", "2", "-f", "csv")  # fmt: skip
    lines = csv.out.strip().splitlines()
    assert lines[0].startswith("rank,asset,first,last,n,corr,beta,status") and len(lines) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "900"], "window of 900 observations is longer than the 419"),
        (["--metrics", "corr,vol"], "invalid parameter metrics"),
        (["--strict"], "not in the store: NOPE1, NOPE2"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    cli: CliRunner, scan_store: Path, universe_file: Path, tmp_path: Path,
    args: list[str], message: str,
) -> None:  # fmt: skip
    out = tmp_path / "r.parquet"
    run = cli("scan", "-u", universe_file, "--target", "TGT", "--store", scan_store,
              "--out", out, *args)  # fmt: skip
    assert run.code == 2, run.out
    assert message in run.err and run.err.count("\n") == 1
    assert not out.exists()


@pytest.mark.real_data
def test_real_ai_complex_agrees_with_corr(liquidity_real_store: Path) -> None:
    """On the real files the scan's NVDA figure is the ``corr`` command's, to the bit."""
    from bubblelink.service.linkage import correlation
    from bubblelink.service.scan import scan

    result = scan(liquidity_real_store, universe="ai_complex", window=60)
    body = result.to_dict()
    # the real test store holds NVDA, ORCL, AMD of the AI complex
    assert body["n_assets"] == 3
    assert set(body["missing"]) == {"AVGO", "MSFT", "META", "GOOGL", "AMZN", "TSM", "ARM",
                                    "SMCI", "MU", "PLTR"}  # fmt: skip
    rows = result.result.rows.set_index("asset")
    for name in ("NVDA", "ORCL", "AMD"):
        corr = correlation(liquidity_real_store, a="BTC-USD", b=name, window=60)
        assert rows.loc[name, "corr"] == corr.result.value
        assert str(corr.as_of.date()) == str(rows.loc[name, "last"].date())


def test_line_progress_with_eta_gives_the_time_left_at_the_pace_so_far() -> None:
    from bubblelink.cli.progress import LineProgress

    now = [100.0]
    lines: list[str] = []
    show = LineProgress(lines.append, clock=lambda: now[0], after=0.0, interval=0.0, eta=True)
    show("scan (local)", 0, 8, "")  # nothing done yet: no pace, no eta
    now[0] = 104.0
    show("scan (local)", 2, 8, "SYN00012")  # 2 s per block, 6 blocks left
    now[0] = 110.0
    show("scan (local)", 8, 8, "")
    show.note("Dask dashboard: http://127.0.0.1:8787/status")
    assert lines == [
        "scan (local): 0/8 (0 s)",
        "scan (local): 2/8 SYN00012 (4 s) eta 12 s",
        "scan (local): 8/8 done (10 s)",
        "Dask dashboard: http://127.0.0.1:8787/status",
    ]
