"""``scan`` on the local engine: numbers against independent references, ranking, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from bubblelink.errors import DataError
from bubblelink.service.scan import rows_from_parquet, scan
from tests.scan.conftest import ASSETS, market


def _returns() -> pd.DataFrame:
    """Log returns of the market on the target's sessions, computed here (the reference)."""
    prices = pd.DataFrame(market())
    prices.loc[prices.index[299], "A03"] *= 1.01  # the revision is the latest vintage
    return np.log(prices).diff().iloc[1:]


def test_corr_and_beta_equal_pandas_rolling_at_the_last_session(
    scan_store: Path, universe_file: Path
) -> None:
    result = scan(scan_store, universe=str(universe_file), target="TGT", window=60)
    rows = result.result.rows.set_index("asset")
    ref = _returns()
    for name in [*ASSETS, "LATE"]:
        corr = ref["TGT"].rolling(60).corr(ref[name]).iloc[-1]
        beta = (ref["TGT"].rolling(60).cov(ref[name]) / ref[name].rolling(60).var()).iloc[-1]
        assert rows.loc[name, "corr"] == pytest.approx(corr, abs=1e-12)
        assert rows.loc[name, "beta"] == pytest.approx(beta, abs=1e-12)
        assert rows.loc[name, "status"] == "ok"
    # GONE stopped 100 sessions ago, FLAT never moves: no number, and the reason
    assert np.isnan(rows.loc["GONE", "corr"]) and "no complete 60" in rows.loc["GONE", "status"]
    assert np.isnan(rows.loc["FLAT", "corr"])
    assert rows.loc["LATE", "n"] == 220 - 1  # its first session has no return
    # ranked by corr, largest first, NaN last; universe order kept in the rows
    ranked = result.result.ranked()
    finite = ranked["corr"].dropna()
    assert list(finite) == sorted(finite, reverse=True)
    assert ranked["corr"].isna().tolist()[-2:] == [True, True]
    assert list(result.result.rows["asset"]) == [*ASSETS, "LATE", "GONE", "FLAT"]


def test_unknown_symbols_and_the_target_are_named_and_skipped(
    scan_store: Path, universe_file: Path
) -> None:
    result = scan(scan_store, universe=str(universe_file), target="TGT", window=60)
    body = result.to_dict()
    assert body["missing"] == ["NOPE1", "NOPE2"] and body["n_missing"] == 2
    assert body["n_assets"] == 13
    assert any(
        "2 of 16 symbols not in the store, skipped: NOPE1, NOPE2" in n for n in body["notes"]
    )
    assert any("TGT is the target" in n for n in body["notes"])
    with pytest.raises(DataError, match=r"2 of 16 symbols .* not in the store: NOPE1, NOPE2"):
        scan(scan_store, universe=str(universe_file), target="TGT", strict=True)


def test_whole_sample_metrics_match_independent_references(
    scan_store: Path, tmp_path: Path
) -> None:
    universe = tmp_path / "u.csv"
    universe.write_text("A01\nA07\nFLAT\n")  # no header: one column of symbols
    result = scan(
        scan_store, universe=str(universe), target="TGT", window=30,
        metrics="corr,downside_beta,tail_dependence,granger", tail_q=0.1, n_boot=50,
    )  # fmt: skip
    rows = result.result.rows.set_index("asset")
    ref = _returns()
    for name in ("A01", "A07"):
        y, x = ref["TGT"].to_numpy(), ref[name].to_numpy()
        down, up = x < 0, x > 0
        assert rows.loc[name, "downside_beta"] == pytest.approx(
            np.polyfit(x[down], y[down], 1)[0], abs=1e-10
        )
        assert rows.loc[name, "upside_beta"] == pytest.approx(
            np.polyfit(x[up], y[up], 1)[0], abs=1e-10
        )
        n = len(x)
        ry, rx = stats.rankdata(y), stats.rankdata(x)
        cut = 0.1 * (n + 1)
        lam = ((ry <= cut) & (rx <= cut)).sum() / (rx <= cut).sum()
        assert rows.loc[name, "tail_lower"] == pytest.approx(lam, abs=1e-12)
        assert rows.loc[name, "tail_lower_ci_low"] <= lam <= rows.loc[name, "tail_lower_ci_high"]
        assert 0.0 <= rows.loc[name, "granger_p"] <= 1.0
        assert 1 <= rows.loc[name, "granger_lags"] <= 5
    # a constant asset: every metric NaN, each reason in the status
    flat = rows.loc["FLAT"]
    assert np.isnan(flat["downside_beta"]) and np.isnan(flat["tail_lower"])
    assert "downside_beta:" in flat["status"] and "granger:" in flat["status"]
    assert result.to_dict()["n_failed"] == 1


def test_granger_p_matches_statsmodels_at_the_chosen_lag(scan_store: Path, tmp_path: Path) -> None:
    from statsmodels.tsa.stattools import grangercausalitytests

    universe = tmp_path / "u.csv"
    universe.write_text("symbol\nA05\n")
    rows = scan(scan_store, universe=str(universe), target="TGT", metrics="granger").result.rows
    lags = int(rows["granger_lags"].iloc[0])
    ref = _returns()[["TGT", "A05"]].to_numpy()
    p = grangercausalitytests(ref, [lags])[lags][0]["ssr_ftest"][1]  # A05 -> TGT
    assert rows["granger_p"].iloc[0] == pytest.approx(p, rel=1e-10)


def test_blocks_do_not_change_a_single_bit(scan_store: Path, universe_file: Path) -> None:
    kw = dict(universe=str(universe_file), target="TGT", window=45,
              metrics="corr,beta,downside_beta,granger")  # fmt: skip
    one = scan(scan_store, block_size=1, **kw).result.rows
    whole = scan(scan_store, block_size=100, **kw).result.rows
    measured = scan(scan_store, **kw)
    pd.testing.assert_frame_equal(one, whole, check_exact=True)
    pd.testing.assert_frame_equal(one, measured.result.rows, check_exact=True)
    assert measured.to_dict()["blocks"] >= 1


def test_out_gets_every_row_and_the_envelope(
    scan_store: Path, universe_file: Path, tmp_path: Path
) -> None:
    import json

    import pyarrow.parquet as pq

    out = tmp_path / "res" / "scan.parquet"
    result = scan(scan_store, universe=str(universe_file), target="TGT", top=3, out=str(out))
    assert len(result.to_frame()) == 3
    written = rows_from_parquet(str(out))
    assert len(written) == 13
    pd.testing.assert_frame_equal(
        written.drop(columns=["first", "last"]),
        result.result.rows.reset_index(drop=True).drop(columns=["first", "last"]),
        check_dtype=False,
    )
    envelope = json.loads(pq.read_schema(out).metadata[b"bubblelink"])
    assert envelope["target"] == "TGT" and envelope["n_assets"] == 13
    assert {p["series"] for p in envelope["provenance"]} >= {"TGT", "A00", "LATE"}


def test_weights_ride_along(scan_store: Path, tmp_path: Path) -> None:
    universe = tmp_path / "w.csv"
    universe.write_text("symbol,weight\n# the two biggest\nA09,0.7\nA08,0.3\n")
    rows = scan(scan_store, universe=str(universe), target="TGT").result.rows
    assert rows.set_index("asset")["weight"].to_dict() == {"A09": 0.7, "A08": 0.3}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("symbol\n", "is empty"),
        ("# nothing\n\n", "is empty"),
        ("symbol,weight\nA01,heavy\n", r"line 2 column weight: 'heavy' is not a number"),
        ("symbol,size\nA01,3\n", "a 'symbol' column and optionally a 'weight' column"),
        ("A01,A02\n", "line 1: 2 columns where one symbol was expected"),
        ("NOPE1\nNOPE2\n", r"no symbol left to scan \(2 not in the store: NOPE1, NOPE2\)"),
        ("TGT\n", r"no symbol left to scan \(only the target"),
    ],
)
def test_bad_universes_are_one_line_errors(
    scan_store: Path, tmp_path: Path, text: str, match: str
) -> None:
    universe = tmp_path / "bad.csv"
    universe.write_text(text)
    out = tmp_path / "never.parquet"
    with pytest.raises(DataError, match=match) as info:
        scan(scan_store, universe=str(universe), target="TGT", out=str(out))
    assert "\n" not in str(info.value)
    assert not out.exists()


def test_bad_requests_are_one_line_errors(scan_store: Path, universe_file: Path) -> None:
    with pytest.raises(DataError, match="window of 500 observations is longer than the 419"):
        scan(scan_store, universe=str(universe_file), target="TGT", window=500)
    with pytest.raises(DataError, match="neither a shipped universe"):
        scan(scan_store, universe="no_such_universe", target="TGT")
    with pytest.raises(DataError, match="unknown series 'NOPE'"):
        scan(scan_store, universe=str(universe_file), target="NOPE")
    with pytest.raises(DataError, match="--rank-by size: not a computed column"):
        scan(scan_store, universe=str(universe_file), target="TGT", rank_by="size")


def test_a_target_without_overlap_is_an_error(scan_store: Path, tmp_path: Path) -> None:
    universe = tmp_path / "u.csv"
    universe.write_text("GONE\n")  # GONE stops 100 sessions before the end: LATE starts 200 in
    with pytest.raises(DataError, match=r"no asset of universe u overlaps LATE on 200 or more"):
        scan(scan_store, universe=str(universe), target="LATE", window=200)


def test_block_plan_counts_the_fixed_cost_of_a_block() -> None:
    from bubblelink.service.scan import (
        FIXED_SHARE_MAX,
        MAX_BLOCK_VALUES,
        TARGET_BLOCK_SECONDS,
        plan_blocks,
    )

    # no fixed cost: about TARGET_BLOCK_SECONDS of work per block
    assert plan_blocks(10_000, 0.01, 2520) == round(TARGET_BLOCK_SECONDS / 0.01)
    # 0.7 s fixed, 2 ms per asset: the block grows until the fixed part is <= 10 %
    # (100 rows per asset: the values cap does not bind)
    size = plan_blocks(10_000, 0.002, 100, fixed_seconds=0.7)
    assert 0.7 / (0.7 + size * 0.002) <= FIXED_SHARE_MAX + 1e-9
    assert 0.7 / (0.7 + (size - 1) * 0.002) > FIXED_SHARE_MAX
    # ... but never more values than MAX_BLOCK_VALUES (the memory of a block's read)
    assert plan_blocks(10_000, 0.002, 2520, fixed_seconds=0.7) == MAX_BLOCK_VALUES // 2520
    # several workers: still at least 4 blocks each
    assert plan_blocks(2000, 0.002, 100, workers=2, fixed_seconds=0.7) == 250
    # never more than the assets, never less than one
    assert plan_blocks(5, 0.002, 2520, fixed_seconds=0.7) == 5
    assert plan_blocks(5, 100.0, 2520) == 1


def test_probe_measures_fixed_and_per_asset_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    from bubblelink.service import scan as scan_module

    clock = [0.0]

    def fake_block(store: object, symbols: list[str], target: object, spec: object) -> object:
        clock[0] += 0.5 + 0.01 * len(symbols)  # 0.5 s fixed, 10 ms per asset

        class Block:
            rows = pd.DataFrame({"asset": symbols})

        return Block()

    monkeypatch.setattr(scan_module, "scan_block", fake_block)
    monkeypatch.setattr(scan_module.time, "perf_counter", lambda: clock[0])

    class Universe:
        present = tuple(f"A{i}" for i in range(100))

    blocks, per_asset, fixed = scan_module.probe(None, Universe(), None, None)  # type: ignore[arg-type]
    assert [len(b.rows) for b in blocks] == [8, 32]
    assert per_asset == pytest.approx(0.01)
    assert fixed == pytest.approx(0.5)
