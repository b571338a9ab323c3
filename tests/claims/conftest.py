"""Stores built once per module from the real CSV files (../shared/data/real) and from the
second-vendor files (../shared/data/crosscheck), each ingested under its own symbol."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
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


def build_store(
    real_data_dir: Path,
    where: Path,
    files: Sequence[str],
    vendor: Sequence[tuple[Path, str]] = (),
) -> Path:
    """A store at ``where`` with the real ``files`` (through their ``symbols.csv``) and
    each ``(file, symbol)`` of ``vendor`` ingested on its own under ``symbol``."""
    from bubblelink.ingest import ingest
    from bubblelink.providers.csvfile import CsvProvider
    from bubblelink.store import Store

    folder = where / "files"
    folder.mkdir(parents=True)
    lines = (real_data_dir / "symbols.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in files]
    (folder / "symbols.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for name in files:
        shutil.copy(real_data_dir / name, folder / name)
    path = where / "store.duckdb"
    with Store(path) as st:
        if files:
            ingest(st, CsvProvider().fetch_paths([folder]), "csv")
        for file, symbol in vendor:
            summary = ingest(st, CsvProvider(symbol=symbol).fetch_paths([file]), "csv")
            assert summary is not None
    return path


@pytest.fixture(scope="module")
def real_store(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The claims' real series ingested with the CSV importer into a temporary store."""
    return build_store(real_data_dir, tmp_path_factory.mktemp("claims-real"), CLAIMS_FILES)


@pytest.fixture(scope="module")
def crosscheck_dir(shared_data_dir: Path) -> Path:
    """``../shared/data/crosscheck`` (second vendors; see its MANIFEST)."""
    return shared_data_dir / "crosscheck"
