"""``correlation_holds`` at its edges: the default 63-session window, the publication
day left out of the range "since publication", a store that ends on the publication
day, and the verdict rule at exactly 0 (a lower bound of exactly 0 is not "above 0"; a
point estimate of exactly 0 is "at or below 0").

The returns are made so the correlation falls after publication: BTC's session log
returns are 1.5x the Nasdaq's plus noise up to publication and pure noise after it, so
the window ending on the publication day is the most correlated of all. Expected values
are plain pandas (NYSE sessions, BTC's close of the same date, log returns).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims import _forward
from bubblelink.claims._forward import correlation_holds
from bubblelink.service.data import store_data
from tests.claims.world import DAYS, PUBLISHED, SESSIONS, crypto, equity, write

Z95 = 1.959963984540054


def _prices() -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(2025)
    ixic_r = rng.normal(0.0, 0.01, len(SESSIONS))
    btc_r = pd.Series(rng.normal(0.0, 0.02, len(DAYS)), index=DAYS)
    coupled = SESSIONS[SESSIONS <= PUBLISHED]
    btc_r.loc[coupled] = 1.5 * ixic_r[: len(coupled)] + rng.normal(0.0, 0.01, len(coupled))
    ixic = pd.Series(100.0 * np.exp(np.cumsum(ixic_r)), index=SESSIONS)
    btc = 50_000.0 * np.exp(btc_r.cumsum())
    return ixic, btc


def _rolling(ixic: pd.Series, btc: pd.Series, window: int) -> pd.Series:
    rets = np.log(pd.DataFrame({"btc": btc.reindex(ixic.index), "ixic": ixic})).diff().dropna()
    return rets["btc"].rolling(window).corr(rets["ixic"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ixic, btc = _prices()
    return write(
        tmp_path_factory.mktemp("corr-edges") / "store.duckdb",
        [equity(ixic, "^IXIC"), crypto(btc)],
    )


def test_the_default_window_and_the_range_after_publication(store: Path) -> None:
    ixic, btc = _prices()
    rolling = _rolling(ixic, btc, 63)
    at_pub = float(rolling.loc[PUBLISHED])
    after = rolling[rolling.index > PUBLISHED]
    assert at_pub > after.max()  # counting the publication day would change the range
    latest = float(rolling.iloc[-1])
    low = np.tanh(np.arctanh(latest) - Z95 / np.sqrt(60))
    high = np.tanh(np.arctanh(latest) + Z95 / np.sqrt(60))
    expected = "supported" if low > 0 else ("contradicted" if latest <= 0 else "open")
    with store_data(store) as data:
        found = correlation_holds(data, {}, PUBLISHED, None)  # BTC-USD / ^IXIC, 63
    assert found.status == expected
    figures = found.figures
    assert figures["at_publication"] == pytest.approx(at_pub, abs=1e-9)
    assert figures["latest"] == pytest.approx(latest, abs=1e-9)
    assert figures["latest_ci_low"] == pytest.approx(low, abs=1e-9)
    assert figures["latest_ci_high"] == pytest.approx(high, abs=1e-9)
    assert figures["latest_date"] == SESSIONS[-1]
    assert figures["min_since"] == pytest.approx(after.min(), abs=1e-9)
    assert figures["max_since"] == pytest.approx(after.max(), abs=1e-9)
    assert found.evidence == (
        f"63-session BTC-USD/^IXIC return correlation {at_pub:.2f} at publication, "
        f"{latest:.2f} [{low:.2f}, {high:.2f}] on 2026-06-30; range since publication "
        f"{after.min():.2f}..{after.max():.2f}"
    )
    # a 64-session window gives other figures (the default is read, not guessed)
    longer = _rolling(ixic, btc, 64)
    assert abs(float(longer.loc[PUBLISHED]) - at_pub) > 1e-6
    sample = found.sample
    assert sample is not None and sample.series == ("BTC-USD", "^IXIC")
    assert (sample.first, sample.last) == (PUBLISHED, SESSIONS[-1])
    assert sample.n == int((SESSIONS > PUBLISHED).sum())


def test_a_store_ending_on_the_publication_day_has_nothing_after_it(tmp_path: Path) -> None:
    ixic, btc = _prices()
    store = write(
        tmp_path / "store.duckdb",
        [equity(ixic.loc[:PUBLISHED], "^IXIC"), crypto(btc.loc[:PUBLISHED])],
    )
    with store_data(store) as data:
        found = correlation_holds(data, {}, PUBLISHED, None)
    assert found.status == "open"
    assert found.evidence == "no returns after publication yet" and found.figures == {}
    assert found.sample is not None and found.sample.n == 0


def _pinned(monkeypatch: pytest.MonkeyPatch, value: float, ci_low: float) -> None:
    """Make the latest window's estimate and lower bound exactly ``value``, ``ci_low``
    (every other window as computed)."""
    real = _forward.rolling_correlation

    def pinned(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        values, lows = result.value.copy(), result.ci_low.copy()
        values.iloc[-1], lows.iloc[-1] = value, ci_low
        return dataclasses.replace(result, value=values, ci_low=lows)

    monkeypatch.setattr(_forward, "rolling_correlation", pinned)


@pytest.mark.parametrize(
    ("value", "ci_low", "expected"),
    [
        (0.3, 0.0, "open"),  # a lower bound of exactly 0 is not above 0
        (0.3, 1e-12, "supported"),
        (0.0, -0.2, "contradicted"),  # a point estimate of exactly 0 is at or below 0
        (1e-12, -0.2, "open"),
        (-0.1, -0.3, "contradicted"),
    ],
)
def test_the_verdict_rule_at_exactly_zero(
    store: Path, monkeypatch: pytest.MonkeyPatch, value: float, ci_low: float, expected: str
) -> None:
    _pinned(monkeypatch, value, ci_low)
    with store_data(store) as data:
        found = correlation_holds(data, {}, PUBLISHED, None)
    assert (found.figures["latest"], found.figures["latest_ci_low"]) == (value, ci_low)
    assert found.status == expected


def test_the_pair_and_the_window_are_read_from_the_params(store: Path) -> None:
    ixic, btc = _prices()
    rolling = _rolling(ixic, btc, 30)
    with store_data(store) as data:
        found = correlation_holds(
            data, {"a": "^IXIC", "b": "BTC-USD", "window": 30}, PUBLISHED, None
        )
    assert found.figures["at_publication"] == pytest.approx(float(rolling.loc[PUBLISHED]), abs=1e-9)
    assert found.figures["latest"] == pytest.approx(float(rolling.iloc[-1]), abs=1e-9)
    assert found.evidence.startswith("30-session ^IXIC/BTC-USD return correlation ")
    assert found.sample is not None and found.sample.series == ("^IXIC", "BTC-USD")
    assert found.sample.prices.startswith("returns of ^IXIC, BTC-USD: close as stored")
