"""``scan --pairs``: top pairs by streaming windows, against the full cube and pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.service import scan_pairs as pairs_module
from bubblelink.service.scan import rows_from_parquet, scan
from tests.scan.conftest import ASSETS, market


def _returns() -> pd.DataFrame:
    prices = pd.DataFrame(market())[[*ASSETS, "TGT"]]
    prices.loc[prices.index[299], "A03"] *= 1.01
    return np.log(prices).diff().iloc[1:]


@pytest.fixture
def small_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tiny chunk buffer, so the 419 windows are streamed in many chunks."""
    monkeypatch.setattr(pairs_module, "PAIRS_BUFFER_BYTES", 11 * 11 * 8 * 45)


def test_top_pairs_equal_pandas_and_the_streamed_windows(
    scan_store: Path, tmp_path: Path, small_buffer: None
) -> None:
    universe = tmp_path / "u.csv"
    universe.write_text("\n".join([*ASSETS, "TGT"]) + "\n")
    out = tmp_path / "pairs.parquet"
    result = scan(scan_store, universe=str(universe), pairs=True, window=30, top=5, out=str(out))
    body = result.to_dict()
    assert body["chunks"] > 5 and body["n_pairs"] == 55
    ref = _returns()
    rolled = ref.rolling(30).corr()  # pandas' full (T·N)×N cube: the reference
    last = rolled.xs(ref.index[-1], level=0)
    rows = result.result.rows.set_index(["a", "b"])
    for (a, b), row in rows.iterrows():
        assert row["corr"] == pytest.approx(last.loc[a, b], abs=1e-10)
        pair = ref[a].rolling(30).corr(ref[b]).dropna()
        assert row["mean_corr"] == pytest.approx(pair.mean(), abs=1e-10)
        assert row["n_windows"] == len(pair)
    # the top 5 by the last window, and the per-window top 5 of the last window agree
    top = result.result.to_frame()
    upper = last.where(np.triu(np.ones((11, 11)), 1) > 0).stack().nlargest(5)
    assert list(top["corr"]) == pytest.approx(list(upper), abs=1e-10)
    windows = rows_from_parquet(str(tmp_path / "pairs_windows.parquet"))
    assert set(windows.groupby("date").size()) == {5}
    assert len(rows_from_parquet(str(out))) == 55
    assert "memory bound" in " ".join(body["notes"])


def test_bad_pairs_requests(scan_store: Path, tmp_path: Path) -> None:
    universe = tmp_path / "u.csv"
    universe.write_text("A01\n")
    with pytest.raises(DataError, match="--pairs needs at least 2 assets"):
        scan(scan_store, universe=str(universe), pairs=True)
    universe.write_text("A01\nA02\n")
    with pytest.raises(DataError, match="with --pairs use corr or mean_corr"):
        scan(scan_store, universe=str(universe), pairs=True, rank_by="beta")
    with pytest.raises(DataError, match="window of 600 observations is longer"):
        scan(scan_store, universe=str(universe), pairs=True, window=600)


def test_streaming_stays_within_the_stated_memory_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """tracemalloc sees every numpy array of the streaming: its peak is under the bound,
    and the bound is not vacuous (the chunk buffer, its main term, is in the peak)."""
    import tracemalloc

    n, t, window, top = 80, 400, 30, 5
    monkeypatch.setattr(pairs_module, "PAIRS_BUFFER_BYTES", n * n * 8 * 50)
    rng = np.random.default_rng(5)
    values = rng.normal(0, 0.01, (t, 1)) + rng.normal(0, 0.01, (t, n))
    values[:40, 3] = np.nan
    matrices, chunks = pairs_module.chunk_windows(t, n, window)
    assert len(chunks) > 10  # streamed, not one cube
    pairs_module.stream_local(values, window, top, matrices, chunks[:1])  # warm caches
    tracemalloc.start()
    try:
        stream = pairs_module.stream_local(values, window, top, matrices, chunks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bound = pairs_module.memory_bound(n, t, window, top)
    assert matrices * n * n * 8 <= peak <= bound
    assert stream.counts.max() == t - window + 1  # every window was folded in


def test_top_k_is_the_full_sort_with_ties_to_the_lower_pair_whatever_the_hint() -> None:
    """The threshold search equals a full sort by (value desc, position asc), with or
    without a hint, with ties, NaNs and fewer defined values than K."""
    rng = np.random.default_rng(11)
    for trial in range(200):
        size = int(rng.integers(1, 60))
        pairs = np.round(rng.uniform(-1, 1, size), 1)  # coarse: many ties
        pairs[rng.random(size) < 0.2] = np.nan
        k = int(rng.integers(1, 8))
        defined = np.flatnonzero(np.isfinite(pairs))
        expected = defined[np.lexsort((defined, -pairs[defined]))][:k]
        hints = [None, rng.choice(size, size=min(k, size), replace=False)]
        for hint in hints:
            found = pairs_module._top_k(pairs, min(k, size), hint)
            assert list(found) == list(expected), (trial, hint)
