"""``bubblelink claims``: table, JSON and CSV on the synthetic sample, bad files, scorecard."""

from __future__ import annotations

import json
from pathlib import Path

from bubblelink.claims import VERDICTS
from tests.clirunner import CliRunner


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
        assert item["reason"], item["id"]  # every verdict says why
        assert item["synthetic"] is ("SYNTHETIC" in item["statement"])
    assert any(item["synthetic"] for item in items)
    # every computed figure, and every computed variant, reports its sample
    computed = [i for i in items if i["value"] is not None]
    assert computed and all(i["sample"]["n"] >= 1 for i in computed)
    variants = [v for i in items for v in i["variants"] if v["value"] is not None]
    assert variants and all(v["sample"]["text"] for v in variants)
    corr = next(i for i in items if i["id"] == "2")
    assert corr["sample"]["series"] == ["BTC-USD", "^IXIC"]
    assert corr["sample"]["requested"] == "30 NYSE sessions ending 2025-12-10"
    assert corr["sample"]["n"] == corr["details"]["n"] == 30


def test_claims_table_and_csv(cli: CliRunner, sample_store: Path) -> None:
    table = cli("claims", "--store", str(sample_store))
    assert table.code == 0, table.err
    assert "SYNTHETIC" in table.out and "not_checkable" in table.out
    header = next(line for line in table.out.splitlines() if "┃ id" in line)
    for column in ("id", "verdict", "value", "claimed", "sample", "reason"):
        assert column in header
    csv = cli("claims", "--store", str(sample_store), "--format", "csv")
    assert csv.code == 0
    assert csv.out.splitlines()[0] == (
        "id,method,value,claimed,matches,counts,sample,verdict,reason"
    )


def test_scorecard_on_sample(cli: CliRunner, sample_store: Path) -> None:
    result = cli("claims", "--scorecard", "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert list(payload)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert payload["published"] and payload["synthetic"] is True
    entries = payload["claims"]
    assert {e["status"] for e in entries} <= {"supported", "contradicted", "open", "inconclusive"}
    assert [e["id"] for e in entries][:2] == ["F1", "F2"]
    prices = [e for e in entries if e["id"] in ("F1", "F2", "F3", "F4")]
    assert len(prices) == 4
    for e in prices:  # evaluated to the last date of its own price series
        assert e["sample"]["first"] <= payload["published"] < e["sample"]["last"]
        assert e["sample"]["last"] <= payload["as_of"]
    csv = cli("claims", "--scorecard", "--store", str(sample_store), "--format", "csv")
    assert csv.out.splitlines()[0] == "id,claim,status,sample,evidence"


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
