"""A store with the real global-M2 inputs: BTC, US M2 and the FRED FX rates
(``../shared/data/real``) plus the central-bank money and Bank of Canada FX
(``../shared/data/world``), ingested with the CSV importer as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path

from bubblelink.ingest import ingest
from bubblelink.providers.csvfile import CsvProvider
from bubblelink.store import Store

#: The real files (``real/``) global M2 and BTC vs global liquidity read.
REAL_FILES = ("btc_usd.csv", "fred_M2SL.csv", "fred_DEXUSEU.csv", "fred_DEXJPUS.csv",
              "fred_DEXCHUS.csv")  # fmt: skip
#: The central-bank files (``world/``).
WORLD_FILES = ("ecb_m2_euro_area.csv", "boj_m2_japan.csv", "pboc_m2_china.csv",
               "fred_MYAGM2CNM189N.csv", "boe_m4_uk.csv", "boc_m2pp_canada.csv",
               "snb_m2_switzerland.csv", "boc_fx_usdcad.csv")  # fmt: skip


def _copy(src: Path, files: tuple[str, ...], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    lines = (src / "symbols.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in files]
    (dest / "symbols.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for name in files:
        shutil.copy(src / name, dest / name)


def world_store(shared_data_dir: Path, base: Path) -> Path:
    """The store (built once under ``base``): ``real`` files then ``world`` files."""
    path = base / "global_m2" / "store.duckdb"
    if path.exists():
        return path
    _copy(shared_data_dir / "real", REAL_FILES, base / "global_m2" / "real")
    _copy(shared_data_dir / "world", WORLD_FILES, base / "global_m2" / "world")
    tmp = path.with_suffix(".tmp")
    with Store(tmp) as st:
        ingest(st, CsvProvider().fetch_paths([base / "global_m2" / "real"]), "csv")
        ingest(st, CsvProvider().fetch_paths([base / "global_m2" / "world"]), "csv")
    tmp.rename(path)
    return path
