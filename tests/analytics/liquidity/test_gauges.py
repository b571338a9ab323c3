"""Liquidity gauges: units, point-in-time alignment, global M2 coverage, no look-ahead."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.liquidity import billions_factor, global_m2, net_liquidity
from bubblelink.errors import DataError
from bubblelink.providers.fred_catalog import publication_lag
from bubblelink.service.liquidity import liquidity


def _utc(dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return dates.tz_localize("UTC")


def _lags(*ids: str) -> dict[str, int]:
    """The FRED catalog's publication lags (the service passes the same)."""
    return {sid: publication_lag(sid) for sid in ids}


def _snapshot(store: Path, as_of: str):  # type: ignore[no-untyped-def]
    return liquidity(store, as_of=as_of, btc=False).result.snapshot


def test_billions_factor_reads_units_and_refuses_indices() -> None:
    assert billions_factor("millions USD") == 1e-3
    assert billions_factor("billions USD") == 1.0
    assert billions_factor("USD") == 1e-9
    with pytest.raises(DataError, match="cannot convert"):
        billions_factor("index Jan 2006=100", "DTWEXBGS")


def test_net_liquidity_converts_units_and_uses_release_dates() -> None:
    weds = _utc(pd.date_range("2024-01-03", periods=6, freq="W-WED"))
    walcl = pd.Series([7_700_000.0 + 10_000 * i for i in range(6)], index=weds)  # millions
    tga = pd.Series([750_000.0 - 5_000 * i for i in range(6)], index=weds)  # millions
    days = _utc(pd.bdate_range("2024-01-02", "2024-02-09"))
    rrp = pd.Series(np.linspace(600.0, 500.0, len(days)), index=days)  # billions
    result = net_liquidity(walcl, tga, rrp)
    # Thursday 2024-01-11: the H.4.1 of Wed 01-10 is released that evening -> counted from
    # Friday 01-12 (lag 2 days); on Thursday the previous week's (01-03) values apply.
    thu = pd.Timestamp("2024-01-11", tz="UTC")
    expected = 7_700_000 / 1e3 - 750_000 / 1e3 - rrp.loc["2024-01-10"]
    assert result.value.loc[thu] == pytest.approx(expected)
    fri = pd.Timestamp("2024-01-12", tz="UTC")
    expected = 7_710_000 / 1e3 - 745_000 / 1e3 - rrp.loc["2024-01-11"]
    assert result.value.loc[fri] == pytest.approx(expected)
    assert result.unit == "billions USD"
    # observation-date alignment (the usual chart) already shows the 01-10 values on 01-10
    chart = net_liquidity(walcl, tga, rrp, point_in_time=False)
    wed = pd.Timestamp("2024-01-10", tz="UTC")
    assert chart.value.loc[wed] == pytest.approx(7710 - 745 - rrp.loc[wed])


def test_net_liquidity_goes_missing_when_an_input_stops() -> None:
    weds = _utc(pd.date_range("2024-01-03", periods=12, freq="W-WED"))
    walcl = pd.Series(7_000_000.0, index=weds)
    tga = pd.Series(700_000.0, index=weds[:4])  # TGA stops after 4 weeks
    rrp = pd.Series(100.0, index=_utc(pd.bdate_range("2024-01-02", "2024-03-29")))
    result = net_liquidity(walcl, tga, rrp)
    last_tga_release = weds[3] + pd.Timedelta(days=2)
    assert result.last_complete == last_tga_release + pd.Timedelta(days=14)
    assert result.value.loc[result.last_complete + pd.Timedelta(days=1) :].isna().all()
    assert any("WTREGEN last observed" in n for n in result.notes)


def test_global_m2_sums_components_at_month_average_fx_and_reports_missing() -> None:
    months = _utc(pd.date_range("2022-01-01", periods=24, freq="MS"))
    days = _utc(pd.bdate_range("2021-12-01", "2024-03-01"))
    us = pd.Series(21_000.0, index=months)  # billions USD
    ez = pd.Series(15_000_000.0, index=months)  # millions EUR
    # USD per EUR: 1.00 in the first half of each month, 1.20 in the second half
    usd_per_eur = pd.Series(np.where(days.day <= 15, 1.0, 1.2), index=days)
    jp = pd.Series(12_000_000.0, index=months)  # 100 millions JPY
    jpy_per_usd = pd.Series(150.0, index=days)
    ids = ("M2SL", "EA_M2", "JP_M2", "DEXUSEU", "DEXJPUS")
    result = global_m2(
        {"M2SL": us, "EA_M2": ez, "JP_M2": jp},
        {"M2SL": "billions USD", "EA_M2": "millions EUR", "JP_M2": "100 millions JPY"},
        {"DEXUSEU": usd_per_eur, "DEXJPUS": jpy_per_usd},
        lags=_lags(*ids),
        as_of="2023-06-29",
    )
    assert not result.complete
    assert result.components_used == ("us", "euro_area", "japan")
    assert result.components.loc["china", "status"] == "missing"
    assert "money CN_M2 missing" in result.missing
    assert "money GB_M4 missing" in result.missing
    # as of 2023-06-29: EA (lag 60 days from the 1st) has April 2023 at most (May from
    # 06-30) -> the total is April's
    assert result.month == "2023-04"
    april = days[(days.year == 2023) & (days.month == 4)]
    eur_avg = usd_per_eur.loc[april].mean()  # mean of the month's daily rates
    assert result.components.loc["euro_area", "usd_value"] == pytest.approx(15_000 * eur_avg)
    assert result.total == pytest.approx(21_000 + 15_000 * eur_avg + 1_200_000 / 150.0)
    assert result.coverage is None and "cannot be measured" in result.coverage_note


def test_global_m2_without_any_money_series_is_an_error() -> None:
    with pytest.raises(DataError, match="M2SL"):
        global_m2({}, {}, {}, lags={}, as_of="2024-01-01")


def test_global_m2_as_released_needs_the_lags() -> None:
    months = _utc(pd.date_range("2022-01-01", periods=3, freq="MS"))
    with pytest.raises(DataError, match="publication lag of M2SL"):
        global_m2(
            {"M2SL": pd.Series(1.0, index=months)},
            {"M2SL": "billions USD"},
            {},
            lags={},
            as_of="2022-06-01",
        )


@pytest.mark.real_data
def test_snapshot_never_uses_an_m2_figure_before_its_release(liquidity_real_store: Path) -> None:
    # M2SL for October 2025 (dated 2025-10-01) counts from 2025-11-30 (observation + 60 days).
    before = _snapshot(liquidity_real_store, "2025-11-29").table.loc["us_m2"]
    after = _snapshot(liquidity_real_store, "2025-11-30").table.loc["us_m2"]
    assert before["observation_date"] == "2025-09-01"
    assert before["value"] == pytest.approx(22176.1)
    assert after["observation_date"] == "2025-10-01"
    assert after["value"] == pytest.approx(22249.8)  # MANIFEST: M2SL 2025-10-01 = 22249.8


@pytest.mark.real_data
def test_real_snapshot_reports_units_coverage_and_staleness(
    liquidity_real_store: Path, real_data_dir: Path
) -> None:
    snap = _snapshot(liquidity_real_store, "2025-11-21")
    table = snap.table
    nl = table.loc["net_liquidity"]
    assert nl["unit"] == "billions USD" and nl["status"] == "ok"

    def value(name: str, date: str) -> float:
        frame = pd.read_csv(real_data_dir / name, index_col=0)
        return float(frame.loc[date].iloc[0])

    # known on 2025-11-21: H.4.1 of Wed 2025-11-19 (millions), RRP of 2025-11-20 (billions)
    expected = (
        value("fred_WALCL.csv", "2025-11-19") / 1e3
        - value("fred_WTREGEN.csv", "2025-11-19") / 1e3
        - value("fred_RRPONTSYD.csv", "2025-11-20")
    )
    assert nl["value"] == pytest.approx(expected)
    assert table.loc["global_m2", "status"] == "partial"
    assert any("money CN_M2 missing" in n for n in snap.notes)
    assert table.loc["tga", "observation_date"] == "2025-11-19"
    late = _snapshot(liquidity_real_store, "2026-01-15").table
    assert late.loc["tga", "status"] == "stale"
    assert late.loc["net_liquidity", "status"] == "stale"


def test_sample_snapshot_is_labelled_synthetic(liquidity_sample_store: Path) -> None:
    answer = liquidity(liquidity_sample_store, as_of="2024-06-28", btc=False)
    snap = answer.result.snapshot
    assert snap.synthetic and answer.synthetic
    assert any("SYNTHETIC" in n for n in answer.notes)
    assert snap.table.loc["net_liquidity", "status"] == "ok"
    assert snap.table.loc["dollar", "series"] == "DX-Y.NYB"  # no DTWEXBGS in the sample
