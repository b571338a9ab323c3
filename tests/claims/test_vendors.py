"""Claims re-run on second-vendor files (../shared/data/crosscheck), each file ingested
under its own symbol; expected figures are computed from the CSV files with pandas."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import pandas as pd
import pytest

from bubblelink.claims import check_claims, load_claims, score_forward
from bubblelink.claims._spec import ClaimsFile
from bubblelink.service.data import store_data
from tests.claims.conftest import build_store

pytestmark = pytest.mark.real_data

TECH_FILES = ("nasdaq_composite.csv", "nvda.csv", "orcl.csv", "amd.csv", "avgo.csv",
              "msft.csv", "meta.csv", "googl.csv", "amzn.csv")  # fmt: skip


def _claims(*ids: str) -> ClaimsFile:
    parsed = load_claims()
    return ClaimsFile(source="subset", claims=tuple(c for c in parsed.claims if c.id in ids))


def test_claim4b_from_raw_closes(crosscheck_dir: Path, real_data_dir: Path, tmp_path: Path) -> None:
    # pqbackend stores `close` (the quote, split-adjusted only) beside `adj_close`
    store = build_store(
        real_data_dir, tmp_path, (), [(crosscheck_dir / "orcl_pqbackend.csv", "ORCL")]
    )
    csv = pd.read_csv(crosscheck_dir / "orcl_pqbackend.csv", index_col="date")
    raw = 2.9e9 * (csv.loc["2025-12-11", "close"] - csv.loc["2025-12-10", "close"])
    adjusted = 2.9e9 * (csv.loc["2025-12-11", "adj_close"] - csv.loc["2025-12-10", "adj_close"])
    assert raw == pytest.approx(2.9e9 * (198.85 - 223.01), rel=1e-6)  # the MANIFEST's quotes
    with store_data(store) as data:
        claim = check_claims(_claims("4b"), data).get("4b")
    assert claim.value == pytest.approx(raw, rel=1e-12)
    assert claim.value != pytest.approx(adjusted, rel=1e-4)
    assert claim.sample is not None
    assert claim.sample.prices == "raw close (adj_close stored beside it)"
    # -70.06 bn is 0.06 bn inside the -70 bn edge; the share count (2.9 bn, rounded to
    # 0.1 bn) moves it by +-0.05e9 x 24.16 = +-1.2 bn: the verdict could flip
    band = 0.05e9 * abs(csv.loc["2025-12-11", "close"] - csv.loc["2025-12-10", "close"])
    assert claim.verdict == "inconclusive"
    assert "could flip" in claim.reason and "5%" not in claim.reason
    assert f"±${band / 1e9:.1f} bn" in claim.reason


def test_claim6_on_a_short_nasdaq_is_inconclusive_and_says_why(
    crosscheck_dir: Path, real_data_dir: Path, tmp_path: Path
) -> None:
    # the podcast ^IXIC file starts 2025-08-25: "since 2018" and "since the ETF launch"
    # both run on the same 77 sessions, which is why they gave the same beta
    store = build_store(
        real_data_dir,
        tmp_path,
        ("btc_usd.csv",),
        [(crosscheck_dir / "nasdaq_composite_podcast.csv", "^IXIC")],
    )
    ixic = pd.read_csv(crosscheck_dir / "nasdaq_composite_podcast.csv", index_col="date")
    sessions = pd.DatetimeIndex(ixic.index).sort_values()
    used = sessions[(sessions > sessions[0]) & (sessions <= "2025-12-12")]
    xnys = xcals.get_calendar("XNYS", start="2017-06-01", end="2026-06-01")
    asked = len(xnys.sessions_in_range("2018-01-01", "2025-12-12"))
    asked_etf = len(xnys.sessions_in_range("2024-01-11", "2025-12-12"))
    with store_data(store) as data:
        claim = check_claims(_claims("6"), data).get("6")
    assert claim.sample is not None
    assert claim.sample.n == len(used) == 77
    assert claim.sample.first == used[0].tz_localize("UTC")
    assert claim.sample.coverage == pytest.approx(len(used) / asked)
    assert claim.verdict == "inconclusive"
    assert claim.reason.startswith("sample too short: BTC-USD, ^IXIC 2025-08-26..2025-12-12")
    etf = next(v for v in claim.variants if v.name.startswith("since spot-ETF"))
    assert etf.value == pytest.approx(claim.value)  # same data, same figure ...
    assert etf.sample is not None and etf.sample.first == claim.sample.first
    assert etf.sample.coverage == pytest.approx(len(used) / asked_etf)  # ... and it says so
    assert etf.assessment == "short" and "16%" in etf.reason


def test_scorecard_with_a_btc_file_that_ends_early(
    crosscheck_dir: Path, real_data_dir: Path, tmp_path: Path
) -> None:
    # Stooq's BTC ends 2026-01-02; the AI basket broke on 2026-03-20 in the tech files
    store = build_store(
        real_data_dir, tmp_path, TECH_FILES, [(crosscheck_dir / "btc_usd_stooq.csv", "BTC-USD")]
    )
    btc_last = pd.read_csv(crosscheck_dir / "btc_usd_stooq.csv", index_col="Date").index[-1]
    assert btc_last == "2026-01-02"
    shipped = load_claims("forward_2025-12")
    parsed = replace(
        shipped, forward=tuple(f for f in shipped.forward if f.id in ("F1", "F2", "F3"))
    )
    with store_data(store) as data:
        card = score_forward(parsed, data)
    by_id = {e.id: e for e in card.entries}
    assert by_id["F1"].status == "supported"
    assert by_id["F1"].figures["break_date"] == pd.Timestamp("2026-03-20", tz="UTC")
    for fid in ("F2", "F3"):  # were "contradicted" when scored to the others' end
        entry = by_id[fid]
        assert entry.status == "inconclusive", fid
        assert "BTC-USD ends 2026-01-02" in entry.evidence
        assert entry.sample is not None and entry.sample.last == pd.Timestamp(btc_last, tz="UTC")
    # BTC's worst fall to its last bar, from the file: well short of the -20% threshold
    btc = pd.read_csv(crosscheck_dir / "btc_usd_stooq.csv", index_col="Date", parse_dates=True)
    close = btc["Close"]
    worst = float(np.min(close.loc["2025-12-13":] / close.loc[:"2025-12-12"].iloc[-1] - 1))
    assert by_id["F3"].figures["BTC-USD_worst"] == pytest.approx(worst, abs=1e-12)
    assert worst > -0.20
