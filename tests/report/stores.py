"""Stores for the output tests: the sample market, and one with a hostile symbol name."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: A series id that would run script if any output forgot to escape it.
XSS_SYMBOL = "<SCRIPT>WINDOW.__XSS=1</SCRIPT>"


def build_sample_store(path: Path, start: str | None = None) -> Path:
    """Ingest the sample market (optionally from ``start``) into a new store at ``path``."""
    from bubblelink.ingest import ingest
    from bubblelink.providers.sample import DEFAULT_START, SampleProvider
    from bubblelink.store import Store

    with Store(path) as st:
        ingest(st, SampleProvider(start=start or DEFAULT_START).fetch(), "sample")
    return path


def add_hostile_series(path: Path) -> Path:
    """Add a synthetic price series whose id is an HTML ``<script>`` element."""
    from bubblelink.providers.base import SeriesBatch, SeriesMeta
    from bubblelink.store import Store

    dates = pd.bdate_range("2024-01-01", "2026-08-31")
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, len(dates))))
    data = pd.DataFrame({"date": dates, "field": "close", "value": close})
    meta = SeriesMeta(
        id=XSS_SYMBOL,
        kind="price",
        unit="USD",
        frequency="business",
        source="test",
        calendar="XNYS",
        synthetic=True,
        metadata={},
    )
    with Store(path) as st:
        st.write([SeriesBatch(meta=meta, data=data)], provider="test")
    return path
