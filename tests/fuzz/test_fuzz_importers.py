"""Fuzzing the file importers: real files mutated, random bytes, random Parquet tables.

Property (:func:`tests.fuzz._harness.check_input`): every input is read or refused with a
one-line :class:`~bubblelink.errors.BubblelinkError`; nothing else escapes, and no input
takes more than 2 s of CPU or 256 MiB. Seeds are the heads of real shared files (one per
layout the importer recognises) and the vendor-export fixtures of the provider tests.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

from tests.conftest import SHARED_DATA_DIR
from tests.fuzz._harness import FUZZ, check_input, head, keep_failing, mutated
from tests.fuzz._targets import read_csv_like, read_flows

FIXTURES = Path(__file__).resolve().parents[1] / "providers" / "fixtures" / "csv"

#: (file name to write, seed path): the name matters (symbol and layout from the name).
CSV_SEEDS = {
    "btc_usd.csv": SHARED_DATA_DIR / "real" / "btc_usd.csv",
    "nvda.csv": SHARED_DATA_DIR / "real" / "nvda.csv",
    "fred_M2SL.csv": SHARED_DATA_DIR / "real" / "fred_M2SL.csv",
    "cmc_global_metrics.csv": SHARED_DATA_DIR / "world" / "cmc_global_metrics.csv",
    "boj_m2_japan.csv": SHARED_DATA_DIR / "world" / "boj_m2_japan.csv",
    "nvda_1h_yahoo.csv": SHARED_DATA_DIR / "intraday" / "nvda_1h_yahoo.csv",
    "btc_usd_1h_bitstamp.csv": SHARED_DATA_DIR / "intraday" / "btc_usd_1h_bitstamp.csv",
    "yfinance_NVDA.csv": FIXTURES / "yfinance_NVDA.csv",
    "Bitcoin Historical Data.csv": FIXTURES / "Bitcoin Historical Data.csv",
    "btcusd_d.csv": FIXTURES / "btcusd_d.csv",
    "Bitcoin_12_5_2025-12_12_2025_historical_data_coinmarketcap.csv": FIXTURES
    / "Bitcoin_12_5_2025-12_12_2025_historical_data_coinmarketcap.csv",
}
FLOW_SEEDS = {
    "etf_flows_btc.csv": SHARED_DATA_DIR / "flows" / "etf_flows_btc.csv",
    "etf_flows_btc_total.csv": SHARED_DATA_DIR / "flows" / "etf_flows_btc_total.csv",
}


def _seed(target: str, name: str, path: Path) -> bytes:
    """The head of a seed file, read once unchecked (warms caches such as the NYSE
    calendar, so the CPU bound measures the input, not the first call)."""
    if not path.exists():
        pytest.skip(f"seed file {path} not found")
    seed = head(path.read_bytes())
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / name
        file.write_bytes(seed)
        with contextlib.suppress(Exception):
            (read_flows if target == "flows" else read_csv_like)(file)
    return seed


def _run(target: str, name: str, data: bytes) -> None:
    reader = read_flows if target == "flows" else read_csv_like
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with keep_failing(target, path):
            check_input(target, lambda: reader(path))


@pytest.mark.parametrize("name", sorted(CSV_SEEDS))
def test_mutated_real_csv_files(name: str) -> None:
    seed = _seed("csv", name, CSV_SEEDS[name])

    @FUZZ
    @given(data=mutated(seed))
    def run(data: bytes) -> None:
        _run("csv", name, data)

    run()


@pytest.mark.parametrize("name", sorted(FLOW_SEEDS))
def test_mutated_etf_flow_tables(name: str) -> None:
    seed = _seed("flows", name, FLOW_SEEDS[name])

    @FUZZ
    @given(data=mutated(seed))
    def run(data: bytes) -> None:
        _run("flows", name, data)

    run()


@FUZZ
@given(data=st.binary(max_size=512), suffix=st.sampled_from([".csv", ".txt", ".parquet"]))
def test_random_bytes_as_a_file(data: bytes, suffix: str) -> None:
    _run("csv", f"x{suffix}", data)


@FUZZ
@given(data=st.binary(max_size=512))
def test_random_bytes_as_a_flow_table(data: bytes) -> None:
    _run("flows", "flows.csv", data)


_CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**63), 2**63 - 1),
    st.text(max_size=12),
    st.sampled_from(["2025-12-11", "2025-12-11T05:00:00Z", "NaN", "", "1e309", "-1"]),
    st.booleans(),
)


@st.composite
def _tables(draw: st.DrawFn) -> pd.DataFrame:
    """A small table: a date-like column and 1-3 value columns of any cell type."""
    date_name = draw(st.sampled_from(["date", "Date", "ts", "observation_date", "when"]))
    rows = draw(st.integers(0, 8))
    start = draw(st.sampled_from(["2025-01-01", "1970-01-01", "2262-01-01", "2030-01-01"]))
    freq = draw(st.sampled_from(["D", "B", "h", "MS", "min"]))
    dates: object = pd.date_range(start, periods=rows, freq=freq)
    if draw(st.booleans()):
        dates = [str(d) for d in dates]  # type: ignore[union-attr]
    columns = draw(
        st.lists(
            st.sampled_from(["close", "Open", "High", "low", "volume", "value", "M2SL", "x"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    frame = pd.DataFrame({date_name: dates})
    for column in columns:
        if draw(st.booleans()):
            frame[column] = draw(st.lists(_CELLS, min_size=rows, max_size=rows))
        else:
            frame[column] = draw(
                hpd.series(dtype=float, index=hpd.range_indexes(rows, rows))
            ).to_numpy()
    return frame


@FUZZ
@given(frame=_tables())
def test_random_parquet_tables(frame: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        try:
            frame.to_parquet(path)
        except Exception:  # a mixed object column pyarrow cannot write: not an input
            frame.astype(str).to_parquet(path)
        with keep_failing("csv", path):
            check_input("parquet", lambda: read_csv_like(path))


@FUZZ
@given(frame=_tables())
def test_random_tables_as_csv(frame: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        frame.to_csv(path, index=False)
        with keep_failing("csv", path):
            check_input("csv", lambda: read_csv_like(path))


def test_the_property_catches_a_foreign_exception() -> None:
    """The harness itself can fail: a ValueError escaping a reader is reported."""
    from tests.fuzz._harness import FuzzFailure

    def broken() -> None:
        raise ValueError(np.array([1]).tobytes().hex())

    with pytest.raises(FuzzFailure, match="ValueError escaped"):
        check_input("self-test", broken)
