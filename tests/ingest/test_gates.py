"""Data-quality gates at ingest (issue 16): symbol grammar, future dates, OHLC, moves, stale runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import ValidationError
from bubblelink.ingest import QualityGates, ingest, validate_batch
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.providers.etf_flows import TOTAL_ID, TOTAL_ONLY_ID
from bubblelink.store import Store
from bubblelink.symbols import (
    ALIASES,
    DEFAULT_MACRO_SERIES,
    DEFAULT_PRICE_SYMBOLS,
    PSEUDO_SYMBOLS,
    series_id_problem,
)

SHIPPED_IDS = [
    "^IXIC",
    "BTC-USD",
    "DX-Y.NYB",
    "ETF_FLOW:IBIT",
    TOTAL_ID,
    TOTAL_ONLY_ID,
    "BTC-USDT@binance:1h",
    "BTC-USD@bitstamp:1h",
    "NVDA:1h",
    "QQQ:1m",
    "GC=F",
    "BTC_DOMINANCE_CMC",
    "NASDAQ_COMPOSITE_PODCAST",
    *ALIASES.values(),
    *PSEUDO_SYMBOLS,
    *DEFAULT_PRICE_SYMBOLS,
    *DEFAULT_MACRO_SERIES,
]


@pytest.mark.parametrize("sid", SHIPPED_IDS)
def test_every_shipped_id_fits_the_grammar(sid: str) -> None:
    assert series_id_problem(sid) is None


@pytest.mark.parametrize(
    ("sid", "message"),
    [
        ("X" * 300, "has 300 characters (at most 40)"),
        ("X" * 41, "has 41 characters (at most 40)"),
        ("<script>alert(1)</script>", "characters '()<>' are not allowed"),
        ("x'); DROP TABLE series; --", 'characters " \');" are not allowed'),
        ("BTC USD", "characters ' ' are not allowed"),
        ("BTC\nUSD", "are not allowed"),
        ("ÉTF", "characters 'É' are not allowed"),
        ("-BTC", "malformed"),
        ("BTC@", "malformed"),
        ("", "empty series id"),
    ],
)
def test_bad_ids_get_a_one_line_reason(sid: str, message: str) -> None:
    problem = series_id_problem(sid)
    assert problem is not None
    assert message in problem
    assert "\n" not in problem


def test_forty_characters_is_the_limit() -> None:
    assert series_id_problem("A" * 40) is None


def _batch(sid: str) -> SeriesBatch:
    data = pd.DataFrame(
        {"date": ["2024-01-02", "2024-01-03"], "field": "close", "value": [1.0, 2.0]}
    )
    return SeriesBatch(SeriesMeta(id=sid, kind="price", frequency="business"), data)


def test_a_bad_id_is_rejected_and_nothing_is_stored(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not allowed"):
        validate_batch(_batch("x'); DROP TABLE series; --"))
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(
            store, FetchResult(batches=[_batch("<script>alert(1)</script>"), _batch("OK")]), "test"
        )
        assert store.series_ids() == ["OK"]
    by = {o.symbol: o for o in summary.outcomes}
    assert by["OK"].error is None and by["OK"].added == 2
    assert "not allowed" in (by["<script>alert(1)</script>"].error or "")
    assert by["<script>alert(1)</script>"].added == 0


TODAY = pd.Timestamp("2026-12-03").date()


def _bars(rows: list[tuple[str, float, float, float, float]], sid: str = "NVDA") -> SeriesBatch:
    """OHLC rows (date, open, high, low, close) as a long batch."""
    long = [
        {"date": d, "field": f, "value": v}
        for d, o, h, lo, c in rows
        for f, v in (("open", o), ("high", h), ("low", lo), ("close", c))
    ]
    return SeriesBatch(SeriesMeta(id=sid, kind="price", frequency="business"), pd.DataFrame(long))


def _closes(
    values: list[float],
    sid: str = "NVDA",
    kind: str = "price",
    metadata: dict[str, str] | None = None,
) -> SeriesBatch:
    dates = pd.bdate_range("2024-01-01", periods=len(values))
    data = pd.DataFrame({"date": dates, "field": "close" if kind == "price" else "value"})
    data["value"] = values
    meta = SeriesMeta(id=sid, kind=kind, frequency="business", metadata=metadata or {})  # type: ignore[arg-type]
    return SeriesBatch(meta, data)


def test_a_date_after_the_ingest_day_plus_one_is_rejected() -> None:
    gates = QualityGates(today=TODAY)
    ok = _closes([1.0, 2.0])
    ok.data["date"] = ["2026-12-03", "2026-12-04"]  # +1 day: a session ahead of UTC
    assert len(validate_batch(ok, gates).data) == 2
    bad = _closes([1.0, 2.0, 3.0])
    bad.data["date"] = ["2026-12-04", "2026-12-05", "2030-01-03"]
    with pytest.raises(
        ValidationError, match=r"2 observations dated after the ingest day 2026-12-03 .*2026-12-05"
    ):
        validate_batch(bad, gates)


def test_future_gate_applies_to_macro_series_and_aware_timestamps() -> None:
    gates = QualityGates(today=TODAY)
    macro = _closes([1.0, 2.0], kind="macro")
    macro.data["date"] = ["2026-11-01", "2030-01-01"]
    with pytest.raises(ValidationError, match="dated after the ingest day"):
        validate_batch(macro, gates)
    aware = _closes([1.0, 2.0])
    aware.data["date"] = pd.to_datetime(["2026-12-04 23:00", "2026-12-05 00:00"], utc=True)
    with pytest.raises(ValidationError, match="1 observations dated after"):
        validate_batch(aware, gates)


@pytest.mark.parametrize(
    ("row", "broken"),
    [
        (("2024-01-03", 10.0, 9.0, 11.0, 10.0), "low 11 > high 9"),
        (("2024-01-03", 10.0, 12.0, 10.5, 11.0), "low 10.5 > open 10"),
        (("2024-01-03", 10.0, 12.0, 9.0, 8.0), "low 9 > close 8"),
        (("2024-01-03", 13.0, 12.0, 9.0, 10.0), "open 13 > high 12"),
        (("2024-01-03", 10.0, 12.0, 9.0, 12.5), "close 12.5 > high 12"),
    ],
)
def test_ohlc_inconsistent_bar_is_rejected_with_the_bar(
    row: tuple[str, float, float, float, float], broken: str
) -> None:
    good = ("2024-01-02", 10.0, 11.0, 9.0, 10.5)
    with pytest.raises(ValidationError, match=rf"NVDA: 1 bars break OHLC .*2024-01-03: {broken}"):
        validate_batch(_bars([good, row]))


def test_ohlc_break_within_vendor_rounding_is_a_flag() -> None:
    # HYG 2026-08-21 in the shared data: open 79.66 above the 79.65 high (0.013 %)
    batch = _bars(
        [("2024-01-02", 79.66, 79.65, 79.40, 79.50), ("2024-01-03", 79.5, 79.8, 79.3, 79.6)]
    )
    out = validate_batch(batch)
    assert any("1 bars break OHLC consistency by at most 0.1%" in w for w in out.warnings)
    with pytest.raises(ValidationError, match="--strict"):
        validate_batch(batch, QualityGates(strict=True))


def test_consistent_bars_pass_without_flag() -> None:
    out = validate_batch(
        _bars([("2024-01-02", 10, 11, 9, 10.5), ("2024-01-03", 10.5, 10.5, 10.5, 10.5)])
    )
    assert not [w for w in out.warnings if "OHLC" in w]


def test_extreme_move_is_flagged_with_its_value_per_asset_class() -> None:
    values = [100.0, 101.0, 150.0, 151.0]  # log(150/101) = 0.3956
    out = validate_batch(_closes(values))
    flag = [w for w in out.warnings if "extreme" in w]
    expected = np.log(150 / 101)
    assert flag == [
        f"1 extreme moves between consecutive bars (|log return| > 0.35, equity limit; largest "
        f"+{expected:.3f} on 2024-01-03: 101 -> 150; first 2024-01-03)"
    ]
    crypto = validate_batch(_closes(values, sid="BTC-USD"))  # crypto limit 0.5
    assert not [w for w in crypto.warnings if "extreme" in w]
    loose = validate_batch(_closes(values), QualityGates(max_log_move={"equity": 0.4}))
    assert not [w for w in loose.warnings if "extreme" in w]
    with pytest.raises(ValidationError, match=r"extreme moves .*--strict"):
        validate_batch(_closes(values), QualityGates(strict=True))


def test_stale_run_is_flagged() -> None:
    values = [100.0, 101.0] + [102.0] * 10 + [103.0] + [104.0] * 9  # runs of 10 and 9
    out = validate_batch(_closes(values))
    flag = [w for w in out.warnings if "identical" in w]
    assert flag == [
        "1 runs of >= 10 identical consecutive values (longest: 10 of 102 from 2024-01-03 "
        "to 2024-01-16)"
    ]
    assert not [w for w in validate_batch(_closes(values[3:])).warnings if "identical" in w]
    with pytest.raises(ValidationError, match="identical consecutive"):
        validate_batch(_closes(values), QualityGates(strict=True))
    # a macro series may stay flat for months: no stale flag
    macro = validate_batch(_closes(values, kind="macro"))
    assert not [w for w in macro.warnings if "identical" in w]


def _store_rows(store: Store) -> pd.DataFrame:
    frame = store.query("SELECT * FROM observations ORDER BY ALL")
    return frame.drop(columns=[c for c in frame.columns if c == "ingested_at"])


def test_a_rejected_series_changes_nothing_stored(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest(store, FetchResult(batches=[_closes([10.0, 11.0, 12.0])]), "test")
        before = _store_rows(store)
        series_before = store.query("SELECT * FROM series ORDER BY ALL")
    future = _closes([13.0, 14.0])
    future.data["date"] = ["2024-01-04", "2030-01-03"]
    bad_bar = _bars([("2024-01-05", 10, 9, 11, 10)])
    flagged = _closes([12.0, 30.0])
    flagged.data["date"] = ["2024-01-03", "2024-01-08"]
    with Store(path) as store:
        s1 = ingest(store, FetchResult(batches=[future]), "test")
        s2 = ingest(store, FetchResult(batches=[bad_bar]), "test")
        s3 = ingest(store, FetchResult(batches=[flagged]), "test", gates=QualityGates(strict=True))
        after = _store_rows(store)
        series_after = store.query("SELECT * FROM series ORDER BY ALL")
    for summary in (s1, s2, s3):
        assert not summary.ok and summary.added == 0
    pd.testing.assert_frame_equal(before, after)
    pd.testing.assert_frame_equal(series_before, series_after)


def test_csv_rejection_names_file_line_and_column(tmp_path: Path) -> None:
    from bubblelink.service.ingest import ingest_csv

    csv = tmp_path / "nvda.csv"
    csv.write_text("date,open,high,low,close\n2024-01-02,10,11,9,10.5\n2024-01-03,10,9,11,10\n")
    result = ingest_csv(tmp_path / "s.duckdb", [csv])
    (outcome,) = result.result.outcomes
    assert outcome.error is not None
    assert f"file {csv}, line 3, column low" in outcome.error
    assert "low 11 > high 9" in outcome.error


def test_strict_option_on_ingest_csv(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bubblelink.cli.app import app

    csv = tmp_path / "nvda.csv"
    csv.write_text("Date,Close\n2024-01-02,100\n2024-01-03,101\n2024-01-04,150\n")
    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    loose = runner.invoke(app, ["ingest", "csv", str(csv), "--store", store, "--format", "json"])
    assert loose.exit_code == 0, loose.output
    assert "1 extreme moves" in loose.output
    store2 = str(tmp_path / "s2.duckdb")
    strict = runner.invoke(
        app, ["ingest", "csv", str(csv), "--store", store2, "--strict", "--format", "json"]
    )
    assert strict.exit_code == 1
    assert "--strict turns flags into rejections" in strict.output


def test_flags_are_kept_in_the_ingest_log(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(store, FetchResult(batches=[_closes([100.0, 101.0, 150.0])]), "test")
        log = store.ingest_log()
    assert summary.ok
    assert "1 extreme moves between consecutive bars" in str(log.iloc[0]["warnings"])


def test_strict_reaches_the_yahoo_and_crypto_ingests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bubblelink.providers.crypto import CryptoProvider
    from bubblelink.providers.yahoo import YahooProvider
    from bubblelink.service.ingest import ingest_crypto, ingest_yahoo

    def fetch(self: object, symbols: list[str], **kw: object) -> FetchResult:
        return FetchResult(batches=[_closes([100.0, 101.0, 250.0], sid=symbols[0])])

    monkeypatch.setattr(YahooProvider, "fetch", fetch)
    monkeypatch.setattr(CryptoProvider, "fetch", fetch)
    loose = ingest_yahoo(tmp_path / "a.duckdb", ["NVDA"])
    assert loose.result.ok
    strict = ingest_yahoo(tmp_path / "b.duckdb", ["NVDA"], strict=True)
    assert not strict.result.ok and "--strict" in (strict.result.outcomes[0].error or "")
    crypto = ingest_crypto(tmp_path / "c.duckdb", ["BTC-USDT"], strict=True)
    assert not crypto.result.ok and "crypto limit" in (crypto.result.outcomes[0].error or "")


def test_volatility_index_is_judged_by_its_own_limit() -> None:
    # ^VIX 2018-02-05: 17.31 -> 37.32, log move +0.768: an equity-limit flag, not a VIX one
    values = [17.31, 37.32, 29.98]
    vix = validate_batch(_closes(values, sid="^VIX"))
    assert not [w for w in vix.warnings if "extreme" in w]
    tagged = validate_batch(_closes(values, sid="FOO", metadata={"asset_class": "volatility"}))
    assert not [w for w in tagged.warnings if "extreme" in w]
    equity = validate_batch(_closes(values, sid="SPY"))
    assert [w for w in equity.warnings if "equity limit" in w]
    crazy = validate_batch(_closes([17.0, 50.0], sid="^VIX"))  # log 1.08 > 1.0
    assert [w for w in crazy.warnings if "volatility limit" in w]
