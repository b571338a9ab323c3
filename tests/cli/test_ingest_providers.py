"""CLI ingest from network providers, replayed in their wire format: per-symbol summary,
non-zero exit when a symbol fails, idempotent re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import responses
from responses import matchers

from bubblelink.providers.fred import FRED_CSV_URL
from tests.clirunner import CliRunner
from tests.providers._replay import fixture_text


def _fred_routes() -> None:
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        body=fixture_text("fred", "fredgraph_DFF.csv"),
        match=[matchers.query_param_matcher({"id": "DFF"})],
    )
    responses.add(
        responses.GET,
        FRED_CSV_URL,
        status=404,
        body="Series not found",
        match=[matchers.query_param_matcher({"id": "NOSUCHSERIES"})],
    )


@responses.activate
def test_fred_ingest_reports_each_series_and_fails_on_a_bad_one(
    cli: CliRunner, tmp_path: Path
) -> None:
    _fred_routes()
    store = tmp_path / "s.duckdb"
    result = cli("ingest", "fred", "DFF", "NOSUCHSERIES", "--store", store, "--format", "json")
    assert result.code == 1
    summary = json.loads(result.out)
    by_symbol = {s["symbol"]: s for s in summary["symbols"]}
    assert by_symbol["DFF"]["status"] == "ok" and by_symbol["DFF"]["added"] > 0
    assert by_symbol["NOSUCHSERIES"]["status"] == "failed"
    assert "404" in by_symbol["NOSUCHSERIES"]["error"]
    again = json.loads(cli("ingest", "fred", "DFF", "--store", store, "--format", "json").out)
    assert again["ok"] and again["added"] == 0
    listing = json.loads(cli("series", "list", "--store", store, "--format", "json").out)
    (dff,) = listing["series"]
    assert dff["series"] == "DFF" and dff["unit"] == "percent" and dff["kind"] == "macro"
