"""``bubblelink claims``: table, JSON and CSV on the synthetic sample, bad files, scorecard."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirunner import CliRunner

VERDICTS = {"reproduced", "reproduced_only_with", "not_reproduced", "not_checkable"}


def test_claims_json_on_sample_says_synthetic(cli: CliRunner, sample_store: Path) -> None:
    result = cli("claims", "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert list(payload)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert payload["synthetic"] is True and payload["source"]
    items = payload["claims"]
    assert isinstance(items, list) and len(items) >= 20
    for item in items:
        assert item["verdict"] in VERDICTS
        for key in ("id", "claim", "claimed", "value", "variants", "provenance", "notes"):
            assert key in item
        if item["verdict"] == "not_checkable":
            assert item["reason"]
        if item["synthetic"]:
            assert "SYNTHETIC" in item["statement"]
    assert any(item["synthetic"] for item in items)


def test_claims_table_and_csv(cli: CliRunner, sample_store: Path) -> None:
    table = cli("claims", "--store", str(sample_store))
    assert table.code == 0, table.err
    assert "SYNTHETIC" in table.out and "not_checkable" in table.out
    csv = cli("claims", "--store", str(sample_store), "--format", "csv")
    assert csv.code == 0
    assert csv.out.splitlines()[0].startswith("id,method,value")


def test_scorecard_on_sample(cli: CliRunner, sample_store: Path) -> None:
    result = cli("claims", "--scorecard", "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert list(payload)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert payload["published"] and payload["synthetic"] is True
    entries = payload["claims"]
    assert {e["status"] for e in entries} <= {"supported", "contradicted", "open", "inconclusive"}
    assert [e["id"] for e in entries][:2] == ["F1", "F2"]


def test_bad_claims_file_is_one_line_error(
    cli: CliRunner, sample_store: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "claims:\n  - id: mine\n    claim: BTC is up.\n    computation: period_return\n",
        encoding="utf-8",
    )
    result = cli("claims", "--file", str(bad), "--store", str(sample_store))
    assert result.code == 2
    assert "'mine'" in result.err and "claimed" in result.err


def test_user_file_with_dates_outside_the_sample(
    cli: CliRunner, sample_store: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "claims:\n"
        "  - id: old\n"
        "    claim: BTC rose 100% in 2012.\n"
        "    claimed: {value: 1.0, tolerance: 0.1, unit: fraction}\n"
        "    computation: period_return\n"
        "    params: {symbol: BTC-USD, since: 2012-01-01, until: 2012-12-31}\n",
        encoding="utf-8",
    )
    result = cli("claims", "--file", str(mine), "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    (item,) = json.loads(result.out)["claims"]
    assert item["verdict"] == "not_checkable" and item["reason"]
