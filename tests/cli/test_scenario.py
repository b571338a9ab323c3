"""``bubblelink scenario`` on the sample store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirunner import CliRunner


def test_json_has_documented_keys_and_synthetic_notice(cli: CliRunner, sample_store: Path) -> None:
    res = cli(
        "scenario", "--store", sample_store, "--paths", "1000", "--seed", "3", "--format", "json"
    )
    assert res.code == 0, res.err
    out = json.loads(res.out)
    for key in (
        "fan",
        "phase1_drawdown",
        "end_phase1",
        "end_phase2",
        "probabilities",
        "parameters",
        "assumptions",
        "notes",
        "provenance",
    ):
        assert key in out
    assert out["n_paths"] == 1000 and out["seed"] == 3
    assert out["synthetic"] is True
    assert out["notes"][0].startswith("SYNTHETIC sample data")
    assert set(out["fan"][-1]) == {"day", "q05", "q25", "q50", "q75", "q95"}


def test_table_and_csv(cli: CliRunner, sample_store: Path) -> None:
    res = cli("scenario", "--store", sample_store, "--paths", "500")
    assert res.code == 0, res.err
    assert "p_survive_and_gain" in res.out and "SYNTHETIC" in res.out
    csv = cli("scenario", "--store", sample_store, "--paths", "500", "--format", "csv")
    assert csv.out.splitlines()[0] == "section,statistic,value,std_error"


def test_custom_file_and_bad_file(cli: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text(
        "name: mine\nphase1: {sessions: 10, basket_change: -0.1}\n"
        "phase2: {sessions: 10, basket_change: 0.05}\nsimulation: {paths: 300}\n",
        encoding="utf-8",
    )
    res = cli("scenario", "--file", good, "--store", sample_store, "--format", "json")
    assert res.code == 0, res.err
    out = json.loads(res.out)
    assert out["name"] == "mine" and len(out["fan"]) == 21
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nphase1: {sessions: 10, basket_change: -0.1, vol: 2}\n"
        "phase2: {sessions: 10, basket_change: 0.05}\n",
        encoding="utf-8",
    )
    res = cli("scenario", "--file", bad, "--store", sample_store)
    assert res.code == 2
    assert f"{bad}:2:45: phase1.vol: unknown key 'vol'" in res.err
    res = cli("scenario", "--store", sample_store, "--paths", "10")
    assert res.code == 2 and "invalid parameter paths" in res.err
    assert len(res.err.strip().splitlines()) == 1
    small = tmp_path / "small.yaml"
    small.write_text(
        "name: small\nphase1: {sessions: 10, basket_change: -0.1}\n"
        "phase2: {sessions: 10, basket_change: 0.05}\nsimulation: {paths: 10}\n",
        encoding="utf-8",
    )
    res = cli("scenario", "--file", small, "--store", sample_store)
    assert res.code == 2 and f"{small}:4:14: simulation.paths: must be in [100" in res.err
    res = cli("scenario", "--store", sample_store, "--asof", "not-a-date")
    assert res.code == 2
    assert "invalid parameter as_of: 'not-a-date' is not a date: use YYYY-MM-DD" in res.err
