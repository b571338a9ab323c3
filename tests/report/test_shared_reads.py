"""The report's shared store reads: the same read answered once, equal to a fresh read,
each caller with its own copy; the store back to normal after the block."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bubblelink.service.data import shared_reads
from bubblelink.store import Store


def test_same_read_once_same_values_own_copies(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as st:
        fresh = st.read(["BTC-USD"], fields=["close"], end=pd.Timestamp("2024-06-30"))
        sent: list[tuple[object, ...]] = []
        original = Store.read

        def spy(self: Store, *args: object, **kw: object) -> pd.DataFrame:
            sent.append(args)
            return original(self, *args, **kw)  # type: ignore[arg-type]

        Store.read = spy  # type: ignore[method-assign]
        try:
            with shared_reads(st):
                first = st.read(["BTC-USD"], fields=["close"], end=pd.Timestamp("2024-06-30"))
                first.loc[0, "value"] = -1.0  # a caller changing its frame
                second = st.read(["BTC-USD"], fields=("close",), end=pd.Timestamp("2024-06-30"))
                other = st.read(["NVDA"], fields=["close"])
        finally:
            Store.read = original  # type: ignore[method-assign]
        assert len(sent) == 2  # BTC once (list or tuple of fields alike), NVDA once
        pd.testing.assert_frame_equal(second, fresh)
        assert set(other["series_id"]) == {"NVDA"}
        assert "read" not in st.__dict__  # back to the class's method
