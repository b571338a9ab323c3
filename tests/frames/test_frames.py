"""Frames: load, calendar alignment (equity vs all-days), returns, resampling."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.errors import DataError
from bubblelink.frames import align, load, load_returns, resample, to_returns
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.store import Store


def _batch(sid: str, dates: pd.DatetimeIndex, values: np.ndarray, **meta: object) -> SeriesBatch:
    data = pd.DataFrame({"date": dates, "field": meta.pop("field", "close"), "value": values})
    return SeriesBatch(SeriesMeta(id=sid, **meta), data)  # type: ignore[arg-type]


@pytest.fixture()
def small_store(store_path: Path) -> Path:
    days = pd.date_range("2024-01-01", "2024-01-31", freq="D")
    sessions = pd.bdate_range("2024-01-02", "2024-01-31").drop(
        pd.Timestamp("2024-01-15")
    )  # MLK day
    btc = 100.0 * np.exp(np.arange(len(days)) * 0.01)
    eq = 50.0 + np.arange(len(sessions), dtype=float)
    with Store(store_path) as st:
        st.write(
            [
                _batch("BTC-USD", days, btc, calendar="24/7", frequency="daily"),
                _batch("NVDA", sessions, eq),
                _batch(
                    "M2SL",
                    pd.DatetimeIndex(["2023-12-01", "2024-01-01"]),
                    np.array([20.0, 21.0]),
                    kind="macro",
                    calendar="none",
                    frequency="monthly",
                    field="value",
                ),
            ],
            "test",
        )
    return store_path


def test_load_is_wide_utc_with_provenance(small_store: Path) -> None:
    frame = load(["btc", "NVDA"], store=small_store)
    assert list(frame.columns) == ["BTC-USD", "NVDA"]
    assert str(frame.index.tz) == "UTC" and frame.index.name == "date"
    assert frame.attrs["calendars"] == {"BTC-USD": "24/7", "NVDA": "XNYS"}
    assert frame.attrs["provenance"][0]["first"] == "2024-01-01"


def test_load_errors_on_dates_without_data(small_store: Path) -> None:
    with pytest.raises(
        DataError, match=r"no data for NVDA from 2030-01-01.*stored: NVDA: 2024-01-02\.\.2024-01-31"
    ):
        load(["NVDA"], start="2030-01-01", store=small_store)


def test_equity_mode_uses_nyse_sessions_and_weekend_moves_land_on_monday(small_store: Path) -> None:
    aligned = align(load(["BTC-USD", "NVDA"], store=small_store), calendar="equity")
    index = aligned.data.index
    assert pd.Timestamp("2024-01-15", tz="UTC") not in index  # MLK day: NYSE closed
    assert pd.Timestamp("2024-01-06", tz="UTC") not in index  # Saturday
    rets = to_returns(aligned.data)
    # BTC grows 1%/calendar day (log): Monday 2024-01-08 carries Sat+Sun+Mon = 3 days
    assert rets.loc["2024-01-08", "BTC-USD"].item() == pytest.approx(0.03, abs=1e-12)
    assert rets.loc["2024-01-05", "BTC-USD"].item() == pytest.approx(0.01, abs=1e-12)
    # Tuesday after MLK day carries 4 days (Sat, Sun, Mon holiday, Tue)
    assert rets.loc["2024-01-16", "BTC-USD"].item() == pytest.approx(0.04, abs=1e-12)
    assert not aligned.filled.any().any()


def test_prior_date_crypto_bar_shifts_by_one_day(small_store: Path) -> None:
    frame = load(["BTC-USD"], store=small_store)
    same = align(frame, calendar="equity").data["BTC-USD"]
    prior = align(frame, calendar="equity", crypto_bar="prior-date").data["BTC-USD"]
    assert prior.loc["2024-01-09"].item() == pytest.approx(
        frame["BTC-USD"].loc["2024-01-08"].item()
    )
    assert same.loc["2024-01-09"].item() == pytest.approx(frame["BTC-USD"].loc["2024-01-09"].item())


def test_all_days_mode_forward_fills_equities_with_a_flag(small_store: Path) -> None:
    aligned = align(load(["BTC-USD", "NVDA"], store=small_store), calendar="all-days")
    assert len(aligned.data) == 31
    sat = pd.Timestamp("2024-01-06", tz="UTC")
    assert (
        aligned.data.loc[sat, "NVDA"]
        == aligned.data.loc[pd.Timestamp("2024-01-05", tz="UTC"), "NVDA"]
    )
    assert aligned.filled.loc[sat, "NVDA"] and not aligned.filled.loc[sat, "BTC-USD"]
    rets = to_returns(aligned.data)
    assert rets.loc[sat, "NVDA"] == 0.0
    assert "forward-filled" in aligned.rule


def test_macro_is_carried_forward_and_flagged(small_store: Path) -> None:
    aligned = align(load(["NVDA", "M2SL"], store=small_store), calendar="equity")
    m2 = aligned.data["M2SL"]
    assert m2.loc["2024-01-02"].item() == 21.0
    assert aligned.filled["M2SL"].loc["2024-01-02"].item()


def test_returns_log_and_simple() -> None:
    prices = pd.DataFrame({"a": [100.0, 110.0, 99.0]})
    assert to_returns(prices, "simple")["a"].tolist() == pytest.approx([0.1, -0.1])
    assert to_returns(prices, "log")["a"].tolist() == pytest.approx([np.log(1.1), np.log(0.9)])
    with pytest.raises(DataError, match="non-positive"):
        to_returns(pd.DataFrame({"spread": [1.0, -0.5]}))


def test_resample_rules() -> None:
    idx = pd.date_range("2024-01-01", "2024-01-31", freq="D", tz="UTC")
    frame = pd.DataFrame({"x": np.arange(len(idx), dtype=float)}, index=idx)
    weekly = resample(frame, "W", "last")
    assert weekly.index[0] == pd.Timestamp("2024-01-05", tz="UTC")  # Friday
    assert weekly["x"].iloc[0] == 4.0
    assert resample(frame, "M", "sum")["x"].iloc[0] == sum(range(31))
    assert resample(frame, "M", "mean")["x"].iloc[0] == 15.0


def test_load_returns_trims_to_start_and_carries_notes(small_store: Path) -> None:
    rf = load_returns(["BTC-USD", "NVDA"], store=small_store, start="2024-01-10", end="2024-01-20")
    assert rf.returns.index[0] == pd.Timestamp("2024-01-10", tz="UTC")
    assert rf.returns.index[-1] == pd.Timestamp("2024-01-19", tz="UTC")
    assert rf.prices.index[0] == pd.Timestamp("2024-01-09", tz="UTC")
    assert any(n.startswith("alignment: NYSE sessions") for n in rf.notes)
    assert not rf.synthetic


def test_as_of_excludes_later_dates_and_revisions(small_store: Path) -> None:
    rf = load_returns(["NVDA"], store=small_store, as_of="2024-01-12")
    assert rf.returns.index[-1] == pd.Timestamp("2024-01-12", tz="UTC")


def test_bad_dates_are_one_line_errors(small_store: Path) -> None:
    with pytest.raises(
        DataError, match=r"start date 'yesterday-ish' is not a date: use YYYY-MM-DD"
    ):
        load(["NVDA"], start="yesterday-ish", store=small_store)
    with pytest.raises(DataError, match="after end date"):
        load_returns(["NVDA"], start="2024-01-20", end="2024-01-10", store=small_store)


def test_naive_and_aware_dates_mix(small_store: Path) -> None:
    rf = load_returns(
        ["NVDA"], store=small_store, start="2024-01-10", as_of=pd.Timestamp("2024-01-19", tz="UTC")
    )
    assert rf.returns.index[-1] == pd.Timestamp("2024-01-19", tz="UTC")


def test_mixed_frequencies_are_refused_unless_asked_for(small_store: Path) -> None:
    with pytest.raises(DataError, match=r"M2SL is a lower-frequency series: \d+% of its values"):
        load_returns(["NVDA", "M2SL"], store=small_store)
    rf = load_returns(["NVDA", "M2SL"], store=small_store, max_carried=None)
    assert rf.filled["M2SL"].mean() > 0.5
    # equities on the all-days calendar (weekends carried) stay under the limit
    load_returns(["BTC-USD", "NVDA"], store=small_store, calendar="all-days")
