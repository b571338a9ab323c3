"""`bubblelink corr` on the synthetic sample store, and its pure report builder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.cli.correlation import build_report
from bubblelink.errors import DataError
from tests.cli.conftest import CliRunner

KEYS = {"a", "b", "method", "window", "on", "calendar", "asof", "value", "ci_low", "ci_high"}


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(2)
    idx = pd.bdate_range("2023-01-02", periods=250, tz="UTC", name="date")
    rets = pd.DataFrame(rng.normal(size=(250, 2)) * 0.02, idx, columns=["BTC-USD", "NVDA"])
    prices = 100 * np.exp(rets.cumsum())
    return rets, prices


def test_report_asof_is_last_session_on_or_before(frames) -> None:  # type: ignore[no-untyped-def]
    rets, prices = frames
    report = build_report(rets, prices, window=30, asof="2023-06-04")  # a Sunday
    assert report.asof == pd.Timestamp("2023-06-02", tz="UTC")
    ref = rolling_correlation(rets["BTC-USD"], rets["NVDA"], 30)
    assert report.value == ref.value.loc["2023-06-02"]
    payload = report.to_dict()
    assert KEYS | {"n", "notes"} == set(payload)
    assert payload["asof"] == "2023-06-02" and payload["n"] == 30


def test_report_levels_has_returns_value_and_warning(frames) -> None:  # type: ignore[no-untyped-def]
    rets, prices = frames
    report = build_report(rets, prices, on="levels", window=60, series=True)
    payload = report.to_dict()
    assert {"returns_value", "warning", "series"} <= set(payload)
    ref = rolling_correlation(rets["BTC-USD"], rets["NVDA"], 60)
    assert payload["returns_value"] == pytest.approx(ref.value.iloc[-1], abs=1e-12)
    assert "spurious" in payload["warning"]
    assert set(payload["series"][0]) == {"date", "value", "ci_low", "ci_high"}


def test_report_ewma_and_refusals(frames) -> None:  # type: ignore[no-untyped-def]
    rets, prices = frames
    payload = build_report(rets, prices, method="ewma", lam=0.97).to_dict()
    assert payload["window"] is None and payload["lambda"] == 0.97
    assert payload["n"] == pytest.approx((1 + 0.97) / (1 - 0.97), abs=0.01)
    with pytest.raises(DataError, match="drop --on levels"):
        build_report(rets, prices, method="ewma", on="levels")
    with pytest.raises(DataError, match="need two series, got 1"):
        build_report(rets[["NVDA"]], prices)


def test_corr_json_on_sample_store(cli: CliRunner, sample_store: Path) -> None:
    result = cli("corr", "BTC-USD", "NVDA", "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert set(payload) >= KEYS and payload["window"] == 30
    assert payload["ci_low"] <= payload["value"] <= payload["ci_high"]
    assert any("SYNTHETIC" in note for note in payload["notes"])


def test_corr_table_levels_and_errors(cli: CliRunner, sample_store: Path) -> None:
    result = cli(
        "corr", "BTC-USD", "NVDA", "--on", "levels", "--window", "90", "--store", str(sample_store)
    )
    assert result.code == 0, result.err
    assert "returns_value" in result.out and "spurious" in result.out
    bad = cli("corr", "BTC-USD", "NVDA", "--window", "100000", "--store", str(sample_store))
    assert bad.code == 2 and "window of 100000 observations is longer" in bad.err
    assert len(bad.err.strip().splitlines()) == 1
