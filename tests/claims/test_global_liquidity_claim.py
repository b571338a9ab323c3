"""Claim 7 (BTC moves with global liquidity) on the real global-M2 files: not checkable
while the GBP and CHF rates are missing, checkable once global M2's coverage is measured."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.claims._computations import liquidity_relation
from bubblelink.claims._data import NotCheckableError
from bubblelink.service.data import store_data
from bubblelink.store import Store
from tests.stores import write_series
from tests.world_store import world_store

PARAMS = {"require": "global", "figure": "growth", "horizon": "13w",
          "start": "2018-01-01", "end": "2025-12-12"}  # fmt: skip


@pytest.fixture(scope="module")
def store(shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world_store(shared_data_dir, tmp_path_factory.getbasetemp())


@pytest.mark.real_data
def test_claim_7_is_not_checkable_without_gbp_and_chf_rates(store: Path) -> None:
    with store_data(store) as data:
        with pytest.raises(NotCheckableError) as caught:
            liquidity_relation(data, PARAMS)
        assert "coverage cannot be measured" in caught.value.reason
        assert "FX DEXUSUK" in caught.value.needs and "FX DEXSZUS" in caught.value.needs
        proxy = liquidity_relation(data, {**PARAMS, "require": "available"})
    assert proxy.details["liquidity"] == "global M2 (5 of 7: coverage unmeasured)"
    assert proxy.details["coverage"] is None
    assert -1 <= proxy.value <= 1 and proxy.details["ci_low"] < proxy.value
    assert {p["series"] for p in proxy.provenance} >= {"EA_M2", "DEXUSEU", "FXUSDCAD"}
    assert proxy.details["claimed_lead_supported"] in (True, False)


@pytest.mark.real_data
def test_claim_7_is_checkable_once_coverage_is_measured(store: Path, tmp_path: Path) -> None:
    # TEST RATES, not market data: constant GBP and CHF rates (the Dec-2024 G.5 averages)
    # make the UK and Swiss components convertible, so coverage can be measured
    copy = tmp_path / "store.duckdb"
    shutil.copy(store, copy)
    days = pd.bdate_range("2017-01-02", "2025-12-31", tz="UTC")
    with Store(copy) as st:
        write_series(st, "DEXUSUK", pd.Series(1.2647, index=days), "USD per GBP", "macro")
        write_series(st, "DEXSZUS", pd.Series(0.8916, index=days), "CHF per USD", "macro")
    with store_data(copy) as data:
        measured = liquidity_relation(data, PARAMS)
    assert measured.details["liquidity"] == "global M2"
    assert measured.details["coverage"] == pytest.approx(1.0)
    assert measured.sample is not None and measured.sample.n > 300
