"""StoreData: pseudo-symbols, the cut-off, provenance, and the one net-liquidity rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.basket import basket_index, basket_returns
from bubblelink.errors import DataError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.service.data import StoreData, UnknownSymbolError, store_data
from bubblelink.store import Store
from tests.stores import write_series


def test_ai_basket_returns_are_the_rebalanced_portfolio(sample_store: Path) -> None:
    with store_data(sample_store) as data:
        rf = data.returns(["BTC-USD", "AI_BASKET"], start="2024-01-01")
        members = data.returns(["NVDA", "ORCL", "AMD"], start="2024-01-01").returns
    # the portfolio return, independently: mean of the members' simple returns
    expected = np.log1p(np.expm1(members).mean(axis=1))
    got = rf.returns["AI_BASKET"]
    assert list(rf.returns.columns) == ["BTC-USD", "AI_BASKET"]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-14)
    # not the mean of log returns (the old, wrong definition)
    assert not np.allclose(got.to_numpy(), members.mean(axis=1).to_numpy(), atol=1e-9)
    assert any("rebalanced every session" in n for n in rf.notes)


def test_basket_returns_and_index_agree() -> None:
    rng = np.random.default_rng(3)
    index = pd.bdate_range("2024-01-01", periods=300, tz="UTC", name="date")
    prices = pd.DataFrame(
        100 * np.exp(np.cumsum(rng.normal(0, 0.02, (300, 3)), axis=0)),
        index=index,
        columns=["A", "B", "C"],
    )
    level = basket_index(prices, start_value=1.0)
    log_returns = np.log(prices).diff().iloc[1:]
    rebuilt = np.exp(basket_returns(log_returns).cumsum())
    np.testing.assert_allclose(level.iloc[1:].to_numpy(), rebuilt.to_numpy(), rtol=1e-12)
    hold = basket_index(prices, method="buy_and_hold", base=index[100], start_value=1.0)
    assert hold.loc[index[100]] == pytest.approx(1.0)
    expected = (prices / prices.loc[index[100]]).mean(axis=1)
    np.testing.assert_allclose(hold.to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_basket_weights_are_checked() -> None:
    returns = pd.DataFrame({"A": [0.01, 0.02], "B": [0.0, -0.01]})
    with pytest.raises(DataError, match="non-negative"):
        basket_returns(returns, weights=[1.0, -1.0])
    with pytest.raises(DataError, match="unknown basket member"):
        basket_returns(returns, members=["A", "Z"])
    half = basket_returns(returns, weights={"A": 3.0, "B": 1.0}, kind="simple")
    assert half.iloc[0] == pytest.approx(0.75 * 0.01)


def test_unknown_symbol_and_net_liquidity_returns_are_refused(sample_store: Path) -> None:
    with store_data(sample_store) as data:
        with pytest.raises(UnknownSymbolError, match="unknown series 'NOPE'"):
            data.returns(["BTC-USD", "NOPE"])
        with pytest.raises(DataError, match="weekly level"):
            data.returns(["BTC-USD", "NET_LIQUIDITY"])


def test_cutoff_bounds_dates_and_provenance_says_what_was_read(sample_store: Path) -> None:
    with store_data(sample_store, as_of="2025-06-30") as data:
        rf = data.returns(["BTC-USD", "NVDA"])
        assert rf.returns.index.max() <= pd.Timestamp("2025-06-30", tz="UTC")
        prov = {p["series"]: p for p in data.provenance}
    assert set(prov) == {"BTC-USD", "NVDA"}
    assert prov["NVDA"]["last"] <= "2025-06-30" and prov["NVDA"]["synthetic"] is True
    assert isinstance(prov["NVDA"]["n"], int) and prov["NVDA"]["n"] > 100
    assert prov["NVDA"]["vintage"] is not None
    assert data.synthetic


def _net_liquidity_store(path: Path, tga_weeks: int) -> Path:
    """WALCL weekly to 2025-12-31, the TGA stopping after ``tga_weeks``, daily RRP."""
    weds = pd.date_range("2025-01-01", "2025-12-31", freq="W-WED", tz="UTC")
    days = pd.bdate_range("2025-01-01", "2025-12-31", tz="UTC")
    with Store(path) as st:
        write_series(st, "WALCL", pd.Series(7_000_000.0, index=weds), "millions USD",
                     "macro", "weekly")  # fmt: skip
        write_series(st, "WTREGEN", pd.Series(800_000.0, index=weds[:tga_weeks]),
                     "millions USD", "macro", "weekly")  # fmt: skip
        write_series(st, "RRPONTSYD", pd.Series(100.0, index=days), "billions USD",
                     "macro", "business")  # fmt: skip
    return path


def test_net_liquidity_goes_missing_when_the_tga_is_stale(tmp_path: Path) -> None:
    path = _net_liquidity_store(tmp_path / "s.duckdb", tga_weeks=20)
    with Store(path, read_only=True) as st:
        data = StoreData(st)
        nl = data.net_liquidity()
        level = data.prices(["NET_LIQUIDITY"])["NET_LIQUIDITY"]
    fresh = nl.value.dropna()
    assert fresh.iloc[-1] == pytest.approx(7_000 - 800 - 100)
    # the TGA of week 20 counts from its release (+2 days) for 14 days, then nothing
    last_tga = pd.date_range("2025-01-01", periods=20, freq="W-WED", tz="UTC")[-1]
    assert fresh.index[-1] == last_tga + pd.Timedelta(days=2 + 14)
    assert nl.value.loc["2025-12-01":].isna().all()
    assert any("WTREGEN last observed" in n for n in nl.notes)
    pd.testing.assert_series_equal(level.dropna(), fresh, check_names=False, check_freq=False)


def test_net_liquidity_without_an_input_is_a_clear_error(tmp_path: Path) -> None:
    weds = pd.date_range("2025-01-01", "2025-03-31", freq="W-WED", tz="UTC")
    with Store(tmp_path / "s.duckdb") as st:
        write_series(st, "WALCL", pd.Series(7e6, index=weds), "millions USD", "macro", "weekly")
        data = StoreData(st)
        with pytest.raises(DataError, match="WTREGEN: not in the store"):
            data.net_liquidity()
        with pytest.raises(UnknownSymbolError, match="NET_LIQUIDITY needs"):
            data.check(["NET_LIQUIDITY"])


# -- point-in-time histories (every vintage) ----------------------------------------------

REAL_VINTAGES = {"vintage_rule": "realtime_start (FRED/ALFRED real-time period)"}
FRED_SHAPES = {
    "WALCL": ("millions USD", "weekly"),
    "WTREGEN": ("millions USD", "weekly"),
    "RRPONTSYD": ("billions USD", "business"),
    "BAMLH0A0HYM2": ("percent", "business"),
    "DTWEXBGS": ("index", "business"),
}


def write_vintages(st: Store, series_id: str, rows: pd.DataFrame) -> None:
    """Rows ``date``, ``value``, ``vintage`` as the FRED API with vintages delivers them."""
    unit, frequency = FRED_SHAPES[series_id]
    meta = SeriesMeta(id=series_id, kind="macro", unit=unit, frequency=frequency,  # type: ignore[arg-type]
                      source="fred", calendar="none", metadata=REAL_VINTAGES)  # fmt: skip
    data = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(rows["date"]).tz_localize(None),
            "field": "value",
            "value": rows["value"].to_numpy(dtype=float),
            "vintage": pd.DatetimeIndex(rows["vintage"]),
        }
    )
    st.write([SeriesBatch(meta=meta, data=data)], provider="fred")


def first_releases(series_id: str, start: str, end: str, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frequency = FRED_SHAPES[series_id][1]
    dates = (
        pd.date_range(start, end, freq="W-WED", tz="UTC")
        if frequency == "weekly"
        else pd.bdate_range(start, end, tz="UTC")
    )
    level = {"WALCL": 7e6, "WTREGEN": 8e5, "RRPONTSYD": 300.0, "BAMLH0A0HYM2": 3.0,
             "DTWEXBGS": 120.0}[series_id]  # fmt: skip
    values = level * np.exp(np.cumsum(rng.normal(0, 0.01, len(dates))))
    lag = {"weekly": 1, "business": 1}[frequency]
    return pd.DataFrame(
        {"date": dates, "value": values, "vintage": dates + pd.Timedelta(days=lag, hours=16)}
    )


def _histories(st: Store, grid: pd.DatetimeIndex) -> pd.DataFrame:
    data = StoreData(st)
    hy = data.known_on("BAMLH0A0HYM2", grid)
    assert hy is not None
    nl = data.net_liquidity(end=grid[-1]).value.reindex(grid)
    return pd.DataFrame({"hy": hy, "net_liquidity": nl})


def test_a_revision_changes_the_history_only_from_the_day_it_was_known(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        for sid in FRED_SHAPES:
            write_vintages(st, sid, first_releases(sid, "2025-01-01", "2025-08-29", seed=1))
        walcl = st.read(["WALCL"])
        week = pd.Timestamp("2025-06-25")
        first = float(walcl.loc[walcl["date"] == week, "value"].iloc[0])
        # the 2025-06-25 H.4.1 week is revised up by $100bn on Monday 2025-06-30
        revision = pd.DataFrame(
            {
                "date": [week.tz_localize("UTC")],
                "value": [first + 100_000.0],
                "vintage": [pd.Timestamp("2025-06-30 15:00", tz="UTC")],
            }
        )
        write_vintages(st, "WALCL", revision)
        data = StoreData(st)
        nl = data.net_liquidity()
        walcl_bn = nl.components["walcl"]
        assert walcl_bn.loc["2025-06-26"] == pytest.approx(first / 1000)  # first release
        assert walcl_bn.loc["2025-06-29"] == pytest.approx(first / 1000)
        assert walcl_bn.loc["2025-06-30"] == pytest.approx(first / 1000 + 100)  # revised
        assert walcl_bn.loc["2025-07-02"] == pytest.approx(first / 1000 + 100)
        assert nl.observed.loc["2025-07-03", "walcl"] == pd.Timestamp("2025-07-02", tz="UTC")
        # "as of" 2025-06-27 the store itself only knows the first release
        as_then = StoreData(st, as_of="2025-06-27").net_liquidity().components["walcl"]
        assert as_then.loc["2025-06-26"] == pytest.approx(first / 1000)


def test_rows_known_after_t_never_change_gauge_histories_up_to_t(tmp_path: Path) -> None:
    rng = np.random.default_rng(12)
    grid = pd.date_range("2025-02-01", "2025-12-31", freq="D", tz="UTC")
    for cut in ("2025-04-15", "2025-07-31", "2025-10-02"):
        t = pd.Timestamp(cut, tz="UTC")
        with Store(tmp_path / f"{cut}.duckdb") as st:
            for i, sid in enumerate(FRED_SHAPES):
                rows = first_releases(sid, "2025-01-01", "2025-12-31", seed=i)
                write_vintages(st, sid, rows[rows["vintage"].dt.normalize() <= t])
            before = _histories(st, grid)
            latest_before = st.read(list(FRED_SHAPES))
            for i, sid in enumerate(FRED_SHAPES):
                rows = first_releases(sid, "2025-01-01", "2025-12-31", seed=i)
                # the rest of the year, and revisions of past observations known after t
                later = rows[rows["vintage"].dt.normalize() > t]
                past = rows[rows["date"] <= t].sample(8, random_state=int(rng.integers(1e6)))
                revised = past.assign(
                    value=past["value"] * rng.uniform(0.95, 1.05, len(past)),
                    vintage=t + pd.to_timedelta(rng.integers(1, 60, len(past)), unit="D"),
                )
                write_vintages(st, sid, pd.concat([later, revised]))
            after = _histories(st, grid)
            latest_after = st.read(list(FRED_SHAPES))
        upto = grid <= t
        pd.testing.assert_frame_equal(after[upto], before[upto])
        assert after["net_liquidity"][~upto].notna().any()
        # the revisions did change stored values of observations released by t: the
        # latest-vintage rule would have written them into the past
        merged = latest_before.merge(latest_after, on=["series_id", "date", "field"])
        assert (merged["value_x"] != merged["value_y"]).sum() >= 4 * len(FRED_SHAPES) // 2
