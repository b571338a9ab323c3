"""A store built once per module from the real CSV files (../shared/data/real)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

#: The files the shipped claims and the scorecard read (a subset keeps the ingest fast).
CLAIMS_FILES = (
    "btc_usd.csv",
    "nvda.csv",
    "nasdaq_composite.csv",
    "orcl.csv",
    "amd.csv",
    "avgo.csv",
    "msft.csv",
    "meta.csv",
    "googl.csv",
    "amzn.csv",
    "btc_dominance.csv",
    "crypto_total_mcap.csv",
    "fred_M2SL.csv",
    "fred_WALCL.csv",
    "fred_RRPONTSYD.csv",
    "fred_WTREGEN.csv",
    "fred_FEDFUNDS.csv",
    "fred_DFF.csv",
    "fred_DFF_2026.csv",
)


@pytest.fixture(scope="module")
def real_store(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The claims' real series ingested with the CSV importer into a temporary store."""
    from bubblelink.ingest import ingest
    from bubblelink.providers.csvfile import CsvProvider
    from bubblelink.store import Store

    folder = tmp_path_factory.mktemp("claims-real-csv")
    lines = (real_data_dir / "symbols.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in CLAIMS_FILES]
    (folder / "symbols.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for name in CLAIMS_FILES:
        shutil.copy(real_data_dir / name, folder / name)
    path = tmp_path_factory.mktemp("claims-real") / "store.duckdb"
    with Store(path) as st:
        summary = ingest(st, CsvProvider().fetch_paths([folder]), "csv")
    assert summary is not None
    return path
