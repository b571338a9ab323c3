"""The intraday claims become checkable once 1h bars are stored (synthetic bars, known truth)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims import COMPUTATIONS, check_claims, parse_claims
from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.service.data import store_data
from bubblelink.store import Store


@pytest.fixture()
def intraday_store(tmp_path: Path) -> Path:
    times = pd.date_range("2025-12-11 00:00", periods=30, freq="h", tz="UTC")
    close = np.linspace(92000.0, 92000.0, len(times))
    low = close - 100.0
    # the session low at 16:00 UTC (88,000), then a recovery to 92,500 by 23:00
    low[16], close[16] = 88000.0, 88500.0
    close[17:24] = np.linspace(89500.0, 92500.0, 7)
    # consistent bars (the ingest gates reject a low above the close): lows under the closes
    low = np.minimum(low, close - 100.0)
    wide = pd.DataFrame(
        {"open": close, "high": close + 100.0, "low": low, "close": close, "volume": 1.0},
        index=times,
    )
    long = (
        wide.rename_axis("date")
        .reset_index()
        .melt(id_vars="date", var_name="field", value_name="value")
    )
    meta = SeriesMeta(
        id="BTC-USDT@binance:1h",
        kind="price",
        unit="USDT",
        frequency="intraday",
        source="test",
        calendar="24/7",
        synthetic=True,
        metadata={},
    )
    path = tmp_path / "store.duckdb"
    with Store(path) as st:
        ingest(st, FetchResult(batches=[SeriesBatch(meta=meta, data=long)]), "test")
    return path


def test_intraday_rebound_from_stored_bars(intraday_store: Path) -> None:
    doc = {
        "claims": [
            {
                "id": "5b",
                "claim": "BTC gained more than 3% from its low later that session.",
                "claimed": {"above": 0.03, "unit": "fraction"},
                "computation": "intraday_rebound",
                "params": {
                    "symbol": "BTC-USD",
                    "bars": ["BTC-USDT@binance:1h"],
                    "start": "2025-12-11T14:30:00+00:00",
                    "end": "2025-12-12T00:00:00+00:00",
                    "figure": "rebound",
                },
            }
        ]
    }
    with store_data(intraday_store) as data:
        report = check_claims(parse_claims(doc, "test", COMPUTATIONS), data)
    claim = report.get("5b")
    assert claim.value == pytest.approx(92500.0 / 88000.0 - 1, abs=1e-12)
    assert claim.verdict == "reproduced"
    assert claim.synthetic and "SYNTHETIC" in claim.statement
    # the sample: the hourly bars opening inside [14:30, 24:00) UTC (15:00..23:00), all asked
    times = pd.date_range("2025-12-11 00:00", periods=30, freq="h", tz="UTC")
    inside = times[(times >= "2025-12-11 14:30+00:00") & (times < "2025-12-12 00:00+00:00")]
    assert len(inside) == 9 and claim.sample is not None and claim.sample.requested_n == 9
    assert claim.sample is not None
    assert claim.sample.series == ("BTC-USDT@binance:1h",)
    assert (claim.sample.n, claim.sample.first, claim.sample.last) == (
        len(inside),
        inside[0],
        inside[-1],
    )
    assert claim.sample.coverage == 1.0
