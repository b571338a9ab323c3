"""Claim computations that reuse work give the figures they gave computed one by one.

Claim 7 and its variants ask ``btc_vs_liquidity`` for several figures of one analysis
(13-week and YoY growth, elasticity): it runs once per (data read, regressor). Recorded
figures parse the fundamentals file once per version of the file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from bubblelink.claims import _computations
from bubblelink.claims._computations import liquidity_relation
from bubblelink.claims._recorded import recorded_figure_lookup
from bubblelink.config.files import shipped_config_path
from bubblelink.service.data import store_data
from tests.world_store import world_store

BASE = {"start": "2018-01-01", "end": "2025-12-12"}
VARIANTS = (
    {"require": "available"},
    {"require": "available", "horizon": "yoy"},
    {"require": "any", "liquidity": "us"},
    {"require": "any", "liquidity": "us", "horizon": "yoy"},
    {"require": "any", "liquidity": "us", "figure": "elasticity"},
)


@pytest.fixture(scope="module")
def store(shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world_store(shared_data_dir, tmp_path_factory.getbasetemp())


def _figures(measurement: Any) -> tuple[Any, ...]:
    return (measurement.value, measurement.details, measurement.method, measurement.provenance)


@pytest.mark.real_data
def test_claim_7_variants_equal_their_one_by_one_figures(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    analysis = _computations.btc_vs_liquidity

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(kwargs.get("liquidity")))
        return analysis(*args, **kwargs)

    monkeypatch.setattr(_computations, "btc_vs_liquidity", counted)
    with store_data(store) as data:
        together = [_figures(liquidity_relation(data, {**BASE, **v})) for v in VARIANTS]
    assert sorted(calls) == ["global", "us"]  # one analysis per regressor
    one_by_one = []
    for variant in VARIANTS:
        _computations._LIQUIDITY_RESULTS.clear()
        with store_data(store) as data:
            one_by_one.append(_figures(liquidity_relation(data, {**BASE, **variant})))
    assert len(calls) == 2 + len(VARIANTS)
    assert together == one_by_one
    assert len({f[0] for f in together}) == len(VARIANTS)  # five different figures


def test_an_edited_fundamentals_file_is_read_again(tmp_path: Path) -> None:
    copy = tmp_path / "fundamentals.yaml"
    shutil.copy(shipped_config_path("fundamentals.yaml"), copy)
    first = recorded_figure_lookup("orcl_shares_outstanding", copy)
    assert first is not None and first.value == 2900e6  # millions of shares, in shares
    assert recorded_figure_lookup("orcl_shares_outstanding", copy) == first
    text = copy.read_text(encoding="utf-8")
    assert text.count("    value: 2900\n") == 1
    copy.write_text(text.replace("    value: 2900\n", "    value: 2800\n"), encoding="utf-8")
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = recorded_figure_lookup("orcl_shares_outstanding", copy)
    assert again is not None and again.value == 2800e6
