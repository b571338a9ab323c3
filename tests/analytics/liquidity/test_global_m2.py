"""Global M2 in USD: the Dec-2024 level, month-on-month growth against an independent pandas
computation on the real files, coverage, stale components, and no look-ahead."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.liquidity import (
    GLOBAL_M2_COMPONENTS,
    GLOBAL_M2_SERIES,
    GlobalM2Data,
    VintageRows,
    global_m2,
)
from bubblelink.providers.fred_catalog import publication_lag
from tests.world_store import world_store

#: Federal Reserve G.5 / H.10 monthly averages for December 2024 (the mean of the 21
#: daily noon buying rates FRED publishes as DEXUSUK and DEXSZUS for 2024-12-02..12-31:
#: 1.2647 USD per GBP, 0.8916 CHF per USD). The shared data have no GBP or CHF rates.
DEC_2024_USD_PER_GBP = 1.2647
DEC_2024_CHF_PER_USD = 0.8916

#: money file, FX file (None for the US), money unit factor to billions, FX is USD per local
FILES = {
    "us": ("real/fred_M2SL.csv", None, 1.0, True),
    "china": ("world/pboc_m2_china.csv", "real/fred_DEXCHUS.csv", 0.1, False),
    "euro_area": ("world/ecb_m2_euro_area.csv", "real/fred_DEXUSEU.csv", 1e-3, True),
    "japan": ("world/boj_m2_japan.csv", "real/fred_DEXJPUS.csv", 0.1, False),
    "canada": ("world/boc_m2pp_canada.csv", "world/boc_fx_usdcad.csv", 1e-3, False),
    "uk": ("world/boe_m4_uk.csv", None, 1e-3, True),
    "switzerland": ("world/snb_m2_switzerland.csv", None, 1e-3, False),
}
IDS = {c.name: c for c in GLOBAL_M2_COMPONENTS}


def _read(path: Path) -> pd.Series:
    frame = pd.read_csv(path)
    series = pd.Series(
        pd.to_numeric(frame.iloc[:, 1], errors="coerce").to_numpy(),
        index=pd.DatetimeIndex(pd.to_datetime(frame.iloc[:, 0])).tz_localize("UTC"),
    )
    return series.dropna()


def _units() -> dict[str, str]:
    return {
        "M2SL": "billions USD",
        "CN_M2": "100 millions CNY",
        "MYAGM2CNM189N": "CNY",
        "EA_M2": "millions EUR",
        "JP_M2": "100 millions JPY",
        "GB_M4": "millions GBP",
        "CA_M2PP": "millions CAD",
        "CH_M2": "millions CHF",
    }


def _lags() -> dict[str, int]:
    return {sid: publication_lag(sid) for sid in GLOBAL_M2_SERIES}


def _real_inputs(shared: Path) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    money = {IDS[name].money_series: _read(shared / files[0]) for name, files in FILES.items()}
    money["MYAGM2CNM189N"] = _read(shared / "world/fred_MYAGM2CNM189N.csv")
    fx = {
        IDS[name].fx_series or "": _read(shared / files[1])
        for name, files in FILES.items()
        if files[1] is not None
    }
    return money, fx


def _dec_2024_rate(value: float) -> pd.Series:
    """A daily series whose December-2024 month average is ``value`` (business days)."""
    days = pd.bdate_range("2024-12-02", "2024-12-31", tz="UTC")
    return pd.Series(value, index=days)


@pytest.mark.real_data
def test_dec_2024_global_m2_with_all_seven_components_is_about_100_trillion(
    shared_data_dir: Path,
) -> None:
    money, fx = _real_inputs(shared_data_dir)
    fx["DEXUSUK"] = _dec_2024_rate(DEC_2024_USD_PER_GBP)
    fx["DEXSZUS"] = _dec_2024_rate(DEC_2024_CHF_PER_USD)
    result = global_m2(money, _units(), fx, _lags(), as_of="2025-03-31")
    assert result.month == "2024-12"
    assert result.complete and result.missing == ()
    assert 95_000 <= result.total <= 105_000  # billions USD
    # every component in the band of its published level (MANIFEST, Dec-2024)
    usd = result.components["usd_value"]
    assert usd["uk"] == pytest.approx(3.09e3 * DEC_2024_USD_PER_GBP, rel=0.01)
    assert usd["switzerland"] == pytest.approx(0.971e3 / DEC_2024_CHF_PER_USD, rel=0.01)
    assert result.coverage == pytest.approx(1.0)
    assert result.coverage_month == "2024-12"
    # the euro area at December's month-average USD/EUR (mean of the daily rates)
    eur = _read(shared_data_dir / "real/fred_DEXUSEU.csv").loc["2024-12"].mean()
    ea = _read(shared_data_dir / "world/ecb_m2_euro_area.csv").loc["2024-12-01"]
    assert usd["euro_area"] == pytest.approx(float(ea) * 1e-3 * eur, rel=1e-12)


@pytest.mark.real_data
def test_month_on_month_growth_equals_an_independent_pandas_computation(
    shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from bubblelink.service.data import store_data

    store = world_store(shared_data_dir, tmp_path_factory.getbasetemp())
    with store_data(store) as data:
        gm2 = data.global_m2()
        assert gm2 is not None
        result = gm2.at("2025-11-10")
    assert result.components_used == ("us", "china", "euro_area", "japan", "canada")
    assert set(result.missing) == {"FX DEXUSUK missing", "FX DEXSZUS missing"}
    assert result.coverage is None and "cannot be measured" in result.coverage_note
    # independent: month averages of the daily FX with pandas, money as filed
    total = None
    for name in result.components_used:
        money_file, fx_file, factor, direct = FILES[name]
        local = _read(shared_data_dir / money_file) * factor
        local.index = local.index.tz_localize(None).to_period("M")
        if fx_file is None:
            usd = local
        else:
            daily = _read(shared_data_dir / fx_file)
            avg = daily.groupby(daily.index.tz_localize(None).to_period("M")).mean()
            usd = local * (avg if direct else 1.0 / avg)
        total = usd if total is None else total + usd
    assert total is not None
    expected = total.dropna().loc["2017-01":"2025-09"]
    mine = result.monthly["total"]
    assert list(mine.index) == [str(p) for p in expected.index]
    np.testing.assert_allclose(mine.to_numpy(), expected.to_numpy(), rtol=1e-12)
    growth = mine.pct_change().dropna().to_numpy()
    np.testing.assert_allclose(growth, expected.pct_change().dropna().to_numpy(), atol=1e-9)


def _toy() -> tuple[dict[str, pd.Series], dict[str, pd.Series], dict[str, str]]:
    months = pd.date_range("2023-01-01", "2024-12-01", freq="MS", tz="UTC")
    days = pd.bdate_range("2023-01-02", "2025-03-31", tz="UTC")
    money = {
        "M2SL": pd.Series(np.linspace(20_000, 21_000, len(months)), index=months),
        "EA_M2": pd.Series(np.linspace(15e6, 16e6, len(months)), index=months),
        # Switzerland stops after June 2024
        "CH_M2": pd.Series(1e6, index=months[months <= "2024-06-01"]),
    }
    fx = {
        "DEXUSEU": pd.Series(np.linspace(1.0, 1.2, len(days)), index=days),
        "DEXSZUS": pd.Series(0.9, index=days),
    }
    units = {"M2SL": "billions USD", "EA_M2": "millions EUR", "CH_M2": "millions CHF"}
    return money, fx, units


THREE = tuple(c for c in GLOBAL_M2_COMPONENTS if c.name in ("us", "euro_area", "switzerland"))


def test_coverage_is_the_share_of_the_latest_full_month_and_stale_components_drop_out() -> None:
    money, fx, units = _toy()
    result = global_m2(money, units, fx, _lags(), as_of="2025-02-15", components=THREE)
    assert result.components.loc["switzerland", "status"] == "stale"
    assert result.components_used == ("us", "euro_area")
    assert result.month == "2024-12"
    # coverage: the latest month with all three is June 2024 (the last Swiss one)
    assert result.coverage_month == "2024-06"
    june = result.components
    jun_days = fx["DEXUSEU"].loc["2024-06"]
    us = float(money["M2SL"].loc["2024-06-01"])
    ea = float(money["EA_M2"].loc["2024-06-01"]) * 1e-3 * float(jun_days.mean())
    ch = 1e6 * 1e-3 / 0.9
    assert result.coverage == pytest.approx((us + ea) / (us + ea + ch), rel=1e-12)
    assert june.loc["us", "usd_value"] == pytest.approx(float(money["M2SL"].iloc[-1]))


def test_a_month_counts_only_once_its_fx_month_is_complete_and_published() -> None:
    money, fx, units = _toy()
    two = THREE[:2]
    lag = publication_lag("DEXUSEU")
    # EA_M2 for Nov-2024 is released 2024-12-31 (60 days); the Nov FX average is known
    # from 2024-11-30 + lag; US M2 for Nov from 2024-12-31 too.
    before = global_m2(money, units, fx, _lags(), as_of="2024-12-30", components=two)
    after = global_m2(money, units, fx, _lags(), as_of="2024-12-31", components=two)
    assert before.month == "2024-10" and after.month == "2024-11"
    # FX that stops mid-month gives no average for that month
    cut = {**fx, "DEXUSEU": fx["DEXUSEU"].loc[:"2024-11-20"]}
    short = global_m2(money, units, cut, _lags(), as_of="2025-01-31", components=two)
    assert short.month == "2024-10"
    assert (
        short.components.loc["euro_area", "fx_complete"]
        == (pd.Timestamp("2024-10-31") + pd.Timedelta(days=lag)).date().isoformat()
    )


def _known_by(series: pd.Series, lag: int, t: pd.Timestamp) -> pd.Series:
    return series[series.index + pd.Timedelta(days=lag) <= t]


@pytest.mark.real_data
@pytest.mark.parametrize(
    "as_of", ["2018-06-15", "2020-03-20", "2022-11-04", "2024-01-31", "2025-11-10"]
)
def test_nothing_released_after_t_changes_global_m2_as_of_t(
    shared_data_dir: Path, as_of: str
) -> None:
    money, fx = _real_inputs(shared_data_dir)
    t = pd.Timestamp(as_of, tz="UTC")
    lags = _lags()
    full = GlobalM2Data(money, _units(), fx, lags)
    cut_money = {k: _known_by(v, lags[k], t) for k, v in money.items()}
    cut_fx = {k: _known_by(v, lags[k], t) for k, v in fx.items()}
    cut = GlobalM2Data(cut_money, _units(), cut_fx, lags)
    a, b = full.at(t), cut.at(t)
    assert a.month == b.month and a.total == b.total
    pd.testing.assert_frame_equal(a.components, b.components)
    # the weekly history up to t is the same with or without what came later
    fridays = pd.date_range(t - pd.Timedelta(days=200), t, freq="W-FRI")
    used = list(a.components_used)
    pd.testing.assert_series_equal(full.history(fridays, used), cut.history(fridays, used))


def test_a_revision_counts_only_from_when_it_was_known() -> None:
    months = pd.date_range("2024-01-01", "2024-06-01", freq="MS", tz="UTC")
    first = pd.Series(np.arange(6) + 21_000.0, index=months)
    revised_on = pd.Timestamp("2024-09-15", tz="UTC")
    rows = pd.DataFrame(
        {
            "date": [*months, months[3]],
            "value": [*first.to_numpy(), 30_000.0],
            "vintage": [*(m + pd.Timedelta(days=60) for m in months), revised_on],
        }
    )
    latest = first.copy()
    latest.iloc[3] = 30_000.0
    latest.attrs["vintages"] = VintageRows(rows)
    data = GlobalM2Data({"M2SL": latest}, {"M2SL": "billions USD"}, {}, {"M2SL": 60})
    # April 2024 (first release 21,003) is the latest month until May's release (06-30)
    assert data.at("2024-06-29").total == pytest.approx(21_003.0)
    days = pd.DatetimeIndex(["2024-06-29", "2024-09-14", "2024-09-15"], tz="UTC")
    history = data.history(days, ["us"])
    assert history.iloc[0] == pytest.approx(21_003.0)  # April, first release
    # on 2024-09-15 the latest month is June (not revised): unchanged by April's revision
    assert history.iloc[2] == pytest.approx(21_005.0)
    monthly_before = data.at("2024-09-14").monthly["total"]
    monthly_after = data.at("2024-09-15").monthly["total"]
    assert monthly_before.loc["2024-04"] == pytest.approx(21_003.0)
    assert monthly_after.loc["2024-04"] == pytest.approx(30_000.0)
