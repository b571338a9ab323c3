"""A small hand-made market for the scan tests: a target, 12 assets, one revision.

Factor model (seed 17), on 420 NYSE sessions from 2024-01-02: ``f ~ N(0, 1%)``, asset i
``r_i = b_i f + e_i`` (``b_i`` from 0.2 to 1.8), target ``TGT = 0.6 f + e``; prices are
``100 exp(cumsum r)``. ``LATE`` starts 200 sessions in, ``GONE`` stops 100 sessions before
the end (no complete window at the end), ``FLAT`` is constant (no correlation). ``A03``'s
value on its 300th session is revised by a second ingest (two vintages).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.sessions import nyse_sessions
from bubblelink.store import Store

SESSIONS = 420
ASSETS = [f"A{i:02d}" for i in range(10)]


def market() -> dict[str, pd.Series]:
    """The prices of the small market (tz-naive session dates)."""
    dates = nyse_sessions(pd.Timestamp("2024-01-02"), pd.Timestamp("2026-06-30"))[:SESSIONS]
    dates = dates.tz_localize(None)
    rng = np.random.default_rng(17)
    f = rng.normal(0, 0.01, SESSIONS)
    out: dict[str, pd.Series] = {}
    betas = np.linspace(0.2, 1.8, len(ASSETS))
    for name, b in zip(ASSETS, betas, strict=True):
        out[name] = pd.Series(100 * np.exp(np.cumsum(b * f + rng.normal(0, 0.01, SESSIONS))), dates)
    out["TGT"] = pd.Series(100 * np.exp(np.cumsum(0.6 * f + rng.normal(0, 0.012, SESSIONS))), dates)
    late = 100 * np.exp(np.cumsum(f + rng.normal(0, 0.01, SESSIONS)))
    out["LATE"] = pd.Series(late, dates).iloc[200:]
    gone = 100 * np.exp(np.cumsum(f + rng.normal(0, 0.01, SESSIONS)))
    out["GONE"] = pd.Series(gone, dates).iloc[: SESSIONS - 100]
    out["FLAT"] = pd.Series(50.0, dates)
    return out


def batch(sid: str, values: pd.Series, source: str = "test") -> SeriesBatch:
    """One close-price batch (XNYS, real)."""
    meta = SeriesMeta(id=sid, kind="price", unit="USD", frequency="business", source=source,
                      calendar="XNYS", synthetic=False, metadata={"made_by": "tests/scan"})  # fmt: skip
    data = pd.DataFrame({"date": values.index, "field": "close", "value": values.to_numpy()})
    return SeriesBatch(meta=meta, data=data)


def build(path: Path) -> Path:
    """Write the market (and the revision of A03) to a store at ``path``."""
    prices = market()
    with Store(path) as st:
        st.write([batch(s, v) for s, v in prices.items()], "test")
        revised = prices["A03"].iloc[[299]] * 1.01
        st.write([batch("A03", revised, source="test-revision")], "test")
    return path


@pytest.fixture(scope="session")
def scan_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small market's store (read-only: never write to it)."""
    return build(tmp_path_factory.mktemp("scan") / "store.duckdb")


@pytest.fixture
def universe_file(tmp_path: Path) -> Path:
    """A CSV universe: the 13 stored assets, two unknown symbols and the target itself."""
    path = tmp_path / "universe.csv"
    names = [*ASSETS, "LATE", "GONE", "FLAT", "NOPE1", "TGT", "NOPE2"]
    path.write_text("symbol\n" + "\n".join(names) + "\n")
    return path
