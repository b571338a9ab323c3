"""`bubblelink ingest cb`: central-bank series replayed in their wire formats end up in the
store exactly as `bubblelink ingest csv` stores the shared files (values, dates, vintages,
units); a failing series fails alone; an unknown id changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import responses

from bubblelink.providers.boj import BOJ_API_URL
from bubblelink.providers.ecb import ECB_DATA_URL
from bubblelink.providers.snb import SNB_CUBE_URL
from bubblelink.store import Store
from tests.clirunner import CliRunner
from tests.providers._replay import fixture_text


def _routes() -> None:
    responses.add(
        responses.GET,
        f"{ECB_DATA_URL}/BSI/M.U2.Y.V.M20.X.1.U2.2300.Z01.E",
        body=fixture_text("ecb", "BSI_M.U2.Y.V.M20.X.1.U2.2300.Z01.E_csvdata.csv"),
    )
    responses.add(
        responses.GET, BOJ_API_URL, body=fixture_text("boj", "getDataCode_MD02_MAM1NAM2M2MO.csv")
    )
    responses.add(responses.GET, f"{SNB_CUBE_URL}/snbmonagg/data/csv/en", status=404)


@responses.activate
def test_live_ingest_stores_what_the_csv_ingest_stores(
    cli: CliRunner, tmp_path: Path, shared_data_dir: Path
) -> None:
    _routes()
    live_store, csv_store = tmp_path / "live.duckdb", tmp_path / "csv.duckdb"
    result = cli(
        "ingest", "cb", "EA_M2", "jp_m2", "CH_M2", "--store", live_store, "--format", "json"
    )
    assert result.code == 1  # CH_M2 failed
    summary = json.loads(result.out)
    by_symbol = {s["symbol"]: s for s in summary["symbols"]}
    assert by_symbol["EA_M2"]["status"] == "ok" and by_symbol["EA_M2"]["added"] == 8
    assert by_symbol["JP_M2"]["status"] == "ok" and by_symbol["JP_M2"]["added"] == 15
    assert by_symbol["CH_M2"]["status"] == "failed"
    assert by_symbol["CH_M2"]["error"].startswith("snb: GET https://data.snb.ch/")
    assert "HTTP 404" in by_symbol["CH_M2"]["error"]

    world = shared_data_dir / "world"
    files = tmp_path / "world"
    files.mkdir()
    mapping = [line for line in (world / "symbols.csv").read_text().splitlines()]
    (files / "symbols.csv").write_text(
        "\n".join([mapping[0], *[m for m in mapping if m.split(",")[1] in ("EA_M2", "JP_M2")]])
    )
    for name in ("ecb_m2_euro_area.csv", "boj_m2_japan.csv"):
        shutil.copy(world / name, files / name)
    assert cli("ingest", "csv", files, "--store", csv_store).code == 0
    with Store(live_store) as live, Store(csv_store) as files:
        assert "CH_M2" not in live.series_ids()
        for sid in ("EA_M2", "JP_M2"):
            assert live.meta(sid).unit == files.meta(sid).unit
            ours = live.read_vintages([sid])
            theirs = files.read_vintages([sid])
            theirs = theirs.loc[theirs["date"].isin(ours["date"])]
            pd.testing.assert_frame_equal(
                ours[["date", "value", "vintage"]].reset_index(drop=True),
                theirs[["date", "value", "vintage"]].reset_index(drop=True),
            )
        # as of 2026-06-29 the May-2026 euro-area M2 (known 2026-06-30) is not yet known
        known = live.read(["EA_M2"], as_of=pd.Timestamp("2026-06-29"))
        assert pd.Timestamp(known["date"].max()) == pd.Timestamp("2026-04-01")


def test_unknown_series_is_a_one_line_error_and_nothing_is_stored(
    cli: CliRunner, tmp_path: Path
) -> None:
    store = tmp_path / "s.duckdb"
    result = cli("ingest", "cb", "EA_M2", "XX_M2", "--store", store)
    assert result.code != 0
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "unknown central-bank series XX_M2: use one of EA_M2, JP_M2" in lines[0]
    assert not store.exists()
