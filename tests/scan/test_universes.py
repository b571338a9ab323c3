"""The shipped universes and the names they answer to."""

from __future__ import annotations

import pytest

from bubblelink.errors import DataError
from bubblelink.service.universes import SHIPPED_UNIVERSES, read_universe, resolve_universe


def test_shipped_universes() -> None:
    ai = read_universe("ai_complex")
    required = {"NVDA", "ORCL", "AMD", "AVGO", "MSFT", "META", "GOOGL", "AMZN", "TSM", "ARM",
                "SMCI", "MU"}  # fmt: skip
    assert len(ai.symbols) >= 12 and required <= set(ai.symbols)
    assert read_universe("AI-COMPLEX").symbols == ai.symbols
    assert {"BTC-USD", "ETH-USD"} <= set(read_universe("crypto_majors").symbols)
    assert "DX-Y.NYB" in read_universe("liquidity").symbols
    for name in SHIPPED_UNIVERSES:
        universe = read_universe(name)
        assert universe.weights is None and len(set(universe.symbols)) == len(universe.symbols)


def test_resolution_counts_and_order() -> None:
    universe = read_universe("crypto_majors")
    resolved = resolve_universe(universe, {"BTC-USD", "ETH-USD"}.__contains__, "BTC-USD")
    assert resolved.present == ("ETH-USD",)
    assert resolved.missing == ("SOL-USD", "XRP-USD", "BNB-USD", "ADA-USD", "DOGE-USD")
    assert resolved.dropped_target
    with pytest.raises(DataError, match="5 of 7 symbols of universe crypto_majors"):
        resolve_universe(universe, {"BTC-USD", "ETH-USD"}.__contains__, "BTC-USD", strict=True)
