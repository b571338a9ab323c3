"""`bubblelink corr` on the synthetic sample store, and the service behind it
(:func:`bubblelink.service.linkage.correlation`) on a small real store."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.errors import DataError
from bubblelink.service._envelope import ENVELOPE_KEYS
from bubblelink.service.linkage import correlation
from bubblelink.sessions import nyse_sessions
from bubblelink.store import Store
from tests.clirunner import CliRunner
from tests.stores import write_series

#: The result's own JSON keys (after the envelope), without the optional ones.
KEYS = {
    "a", "b", "method", "window", "on", "calendar", "returns", "value", "ci_low", "ci_high", "n",
}  # fmt: skip


@pytest.fixture
def pair_store(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """Two real price series on 250 NYSE sessions from 2023-01-03, and their log returns."""
    rng = np.random.default_rng(2)
    idx = nyse_sessions(pd.Timestamp("2023-01-03"), pd.Timestamp("2024-02-01"))[:250]
    rets = pd.DataFrame(rng.normal(size=(250, 2)) * 0.02, idx, columns=["BTC-USD", "NVDA"])
    prices = 100 * np.exp(rets.cumsum())
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        for symbol in prices.columns:
            write_series(store, symbol, prices[symbol], unit="USD")
    # the returns the store's prices imply (the first session has none)
    log_returns = np.log(prices).diff().iloc[1:]
    return path, log_returns


def test_asof_is_last_session_on_or_before(pair_store) -> None:  # type: ignore[no-untyped-def]
    path, rets = pair_store
    out = correlation(path, a="BTC-USD", b="NVDA", window=30, as_of="2023-06-04")  # a Sunday
    assert out.as_of == pd.Timestamp("2023-06-02", tz="UTC")
    ref = rolling_correlation(rets["BTC-USD"], rets["NVDA"], 30)
    assert out.result.value == pytest.approx(ref.value.loc["2023-06-02"], abs=1e-12)
    payload = out.to_dict()
    assert list(payload)[: len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)
    assert KEYS | set(ENVELOPE_KEYS) == set(payload)
    assert payload["as_of"] == "2023-06-02" and payload["n"] == 30
    assert payload["synthetic"] is False and payload["returns"] == "log"
    assert {p["series"] for p in payload["provenance"]} == {"BTC-USD", "NVDA"}
    assert all(p["last"] <= "2023-06-04" for p in payload["provenance"])


def test_levels_adds_returns_value_and_warning(pair_store) -> None:  # type: ignore[no-untyped-def]
    path, rets = pair_store
    out = correlation(path, a="BTC-USD", b="NVDA", on="levels", window=60, series=True)
    payload = out.to_dict()
    assert {"returns_value", "warning", "series"} <= set(payload)
    ref = rolling_correlation(rets["BTC-USD"], rets["NVDA"], 60)
    assert payload["returns_value"] == pytest.approx(ref.value.iloc[-1], abs=1e-12)
    assert "spurious" in payload["warning"]
    assert any("spurious" in note for note in payload["notes"])
    assert set(payload["series"][0]) == {"date", "value", "ci_low", "ci_high"}
    assert payload["series"][-1]["date"] == payload["as_of"]


def test_ewma_and_refusals(pair_store) -> None:  # type: ignore[no-untyped-def]
    path, rets = pair_store
    payload = correlation(path, a="BTC-USD", b="NVDA", method="ewma", lam=0.97).to_dict()
    assert payload["window"] is None and payload["lambda"] == 0.97
    assert payload["n_effective"] == pytest.approx((1 + 0.97) / (1 - 0.97), abs=0.01)
    assert isinstance(payload["n"], int) and payload["n"] == len(rets)
    with pytest.raises(DataError, match="drop --on levels"):
        correlation(path, a="BTC-USD", b="NVDA", method="ewma", on="levels")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"a": "NVDA", "b": "NVDA"}, "resolve to the same series"),
        ({"a": "BTC-USD", "b": "NOSUCH"}, "NOSUCH"),
        ({"a": "BTC-USD", "b": "NVDA", "window": 1}, "invalid parameter window"),
        ({"a": "BTC-USD", "b": "NVDA", "window": 400}, "window of 400 observations is longer"),
        ({"a": "BTC-USD", "b": "NVDA", "as_of": "2023-01-01"}, "no data for BTC-USD, NVDA"),
    ],
)
def test_errors_are_one_line(pair_store, kw, message) -> None:  # type: ignore[no-untyped-def]
    path, _ = pair_store
    with pytest.raises(DataError, match=message) as info:
        correlation(path, **kw)
    assert len(str(info.value).strip().splitlines()) == 1


def test_corr_json_on_sample_store(cli: CliRunner, sample_store: Path) -> None:
    result = cli("corr", "BTC-USD", "NVDA", "--store", str(sample_store), "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert list(payload)[: len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)
    assert set(payload) >= KEYS and "asof" not in payload and payload["window"] == 30
    assert isinstance(payload["n"], int) and payload["n"] == 30
    assert payload["ci_low"] <= payload["value"] <= payload["ci_high"]
    assert payload["synthetic"] is True
    assert any("SYNTHETIC" in note for note in payload["notes"])


def test_corr_json_asof_on_sample_store(cli: CliRunner, sample_store: Path) -> None:
    result = cli("corr", "BTC-USD", "NVDA", "--asof", "2024-06-09",
                 "--store", str(sample_store), "-f", "json")  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out)["as_of"] == "2024-06-07"  # the Friday before that Sunday


def test_corr_table_levels_and_errors(cli: CliRunner, sample_store: Path) -> None:
    result = cli(
        "corr", "BTC-USD", "NVDA", "--on", "levels", "--window", "90", "--store", str(sample_store)
    )
    assert result.code == 0, result.err
    assert "returns_value" in result.out and "spurious" in result.out
    bad = cli("corr", "BTC-USD", "NVDA", "--window", "4000", "--store", str(sample_store))
    assert bad.code == 2 and "window of 4000 observations is longer" in bad.err
    assert len(bad.err.strip().splitlines()) == 1
    bounded = cli("corr", "BTC-USD", "NVDA", "--window", "100000", "--store", str(sample_store))
    assert bounded.code == 2 and "invalid parameter window" in bounded.err
    assert len(bounded.err.strip().splitlines()) == 1
