"""No look-ahead, and store round trips (hypothesis).

* Alignment (:func:`bubblelink.frames.calendars.align`): appending rows dated after ``t``
  changes no aligned value dated ``t`` or before, in both calendar modes and both crypto
  bar conventions.
* Reading as of a date (:class:`bubblelink.service.data.StoreData`, the one way to read
  the store): appending observations dated after ``t`` (released ``date + publication
  lag`` later) and revisions of old observations made after ``t`` changes neither the
  prices read as of ``t`` nor the macro values known on days up to ``t``.
* Store round trip: what an ingest writes (every vintage of every observation) is what
  :meth:`Store.read` (latest vintage) and :meth:`Store.read_vintages` (all) give back.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from bubblelink.frames.calendars import align
from bubblelink.ingest import ingest
from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta
from bubblelink.providers.fred_catalog import publication_lag
from bubblelink.service.data import StoreData
from bubblelink.store import Store
from tests.property._settings import FAST, SLOW

DAYS = pd.date_range("2023-01-01", "2023-06-30", freq="D", tz="UTC", name="date")


@st.composite
def _daily_frame(draw: st.DrawFn) -> pd.DataFrame:
    """A 24/7 crypto column, a weekday equity column and a weekly macro column, with gaps."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(30, len(DAYS)))
    index = DAYS[:n]
    crypto = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.03, n))) * 20_000, index=index)
    equity = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.02, n))) * 100, index=index)
    equity = equity[index.day_of_week < 5]
    macro = pd.Series(rng.normal(8_000, 50, n), index=index)[index.day_of_week == 2]
    frame = pd.concat({"BTC-USD": crypto, "NVDA": equity, "WALCL": macro}, axis=1)
    holes = rng.random(frame.shape) < draw(st.floats(0.0, 0.2))
    return frame.mask(holes)


@FAST
@given(
    frame=_daily_frame(),
    cut=st.floats(0.1, 0.9),
    calendar=st.sampled_from(["equity", "all-days"]),
    crypto_bar=st.sampled_from(["same-date", "prior-date"]),
)
def test_alignment_never_looks_ahead(
    frame: pd.DataFrame, cut: float, calendar: str, crypto_bar: str
) -> None:
    t = frame.index[int(cut * (len(frame) - 1))]
    calendars = {"BTC-USD": "24/7", "NVDA": "XNYS", "WALCL": "none"}
    try:
        full = align(frame, calendar, calendars, crypto_bar)  # type: ignore[arg-type]
        past = align(frame.loc[:t], calendar, calendars, crypto_bar)  # type: ignore[arg-type]
    except Exception as exc:  # no session in a short range: a refusal, same either way
        assert "no NYSE sessions" in str(exc)
        return
    common = past.data.index[past.data.index <= t]
    pd.testing.assert_frame_equal(full.data.loc[common], past.data.loc[common])
    pd.testing.assert_frame_equal(full.filled.loc[common], past.filled.loc[common])


LAG = publication_lag("WALCL", "weekly")


def _batches(days: pd.DatetimeIndex, rng: np.random.Generator) -> list[SeriesBatch]:
    price = SeriesMeta(id="BTC-USD", kind="price", frequency="daily", calendar="24/7",
                       source="test", unit="USD")  # fmt: skip
    macro = SeriesMeta(id="WALCL", kind="macro", frequency="weekly", calendar="none",
                       source="test", unit="millions USD")  # fmt: skip
    naive = days.tz_localize(None)
    weds = naive[naive.day_of_week == 2]
    prices = pd.DataFrame({"date": naive, "field": "close",
                           "value": np.exp(rng.normal(0, 0.02, len(naive)).cumsum()) * 20_000})  # fmt: skip
    levels = pd.DataFrame({"date": weds, "field": "value",
                           "value": rng.normal(8e6, 1e4, len(weds)),
                           "vintage": (weds + pd.Timedelta(days=LAG)).tz_localize("UTC")})  # fmt: skip
    return [SeriesBatch(price, prices), SeriesBatch(macro, levels)]


def _read(
    store: Store, t: pd.Timestamp, dates: pd.DatetimeIndex
) -> tuple[pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    as_of = StoreData(store, as_of=t.date())
    now = StoreData(store)
    known_then = as_of.known_on("WALCL", dates)
    known_now = now.known_on("WALCL", dates)
    latest_then = as_of.macro(["WALCL"]).get("WALCL")
    assert known_then is not None and known_now is not None and latest_then is not None
    return as_of.prices(["BTC-USD"]), known_then, known_now, latest_then


@SLOW
@given(seed=st.integers(0, 2**32 - 1), cut=st.integers(40, 120), extra=st.integers(1, 60),
       revise=st.booleans())  # fmt: skip
def test_reads_as_of_a_date_never_look_ahead(seed: int, cut: int, extra: int, revise: bool) -> None:
    rng = np.random.default_rng(seed)
    days = DAYS[: cut + extra]
    t = days[cut - 1]
    dates = DAYS[t >= DAYS][-30:]
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.duckdb") as store:
        early = [SeriesBatch(b.meta, b.data[b.data["date"] <= t.tz_localize(None)])
                 for b in _batches(days, rng)]  # fmt: skip
        assert ingest(store, FetchResult(early), "test").ok
        before = _read(store, t, dates)
        late = [SeriesBatch(b.meta, b.data[b.data["date"] > t.tz_localize(None)])
                for b in _batches(days, np.random.default_rng(seed + 1))]  # fmt: skip
        late = [b for b in late if len(b.data)]
        if revise:  # a revision of the last macro value before t, made after t
            old = early[1].data.tail(1).copy()
            old["value"] += 1_000.0
            old["vintage"] = t + pd.Timedelta(days=1)
            late.append(SeriesBatch(early[1].meta, old))
        if late:
            assert ingest(store, FetchResult(late), "test").ok
        after = _read(store, t, dates)
    pd.testing.assert_frame_equal(before[0], after[0])
    pd.testing.assert_series_equal(before[1], after[1])
    pd.testing.assert_series_equal(before[3], after[3], check_freq=False)
    if not revise:  # a revision known after t may change "now"; observations after t may not
        pd.testing.assert_series_equal(before[2], after[2])


_VALUES = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@SLOW
@given(
    values=st.lists(_VALUES, min_size=1, max_size=40),
    revisions=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 400), _VALUES), max_size=10),
)
def test_store_round_trip_keeps_values_and_vintages(
    values: list[float], revisions: list[tuple[int, int, float]]
) -> None:
    meta = SeriesMeta(id="M2SL", kind="macro", frequency="monthly", calendar="none",
                      source="test", unit="billions USD")  # fmt: skip
    dates = pd.date_range("2020-01-01", periods=len(values), freq="MS")
    first = pd.DataFrame({"date": dates, "field": "value", "value": values,
                          "vintage": (dates + pd.Timedelta(days=20)).tz_localize("UTC")})  # fmt: skip
    expected = {
        (d, v.tz_localize(None)): x for d, v, x in zip(dates, first["vintage"], values, strict=True)
    }
    later = []
    for position, days_after, value in revisions:
        if position >= len(values):
            continue
        date = dates[position]
        vintage = (date + pd.Timedelta(days=20 + days_after)).tz_localize("UTC")
        latest = max((k for k in expected if k[0] == date), key=lambda k: k[1])
        if (date, vintage.tz_localize(None)) in expected or abs(
            value - expected[latest]
        ) <= 1e-9 * max(1.0, abs(value)):
            continue  # same vintage twice or an unchanged value: not a new row by design
        later.append({"date": date, "field": "value", "value": value, "vintage": vintage})
        expected[(date, vintage.tz_localize(None))] = value
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.duckdb") as store:
        assert ingest(store, FetchResult([SeriesBatch(meta, first)]), "test").ok
        for row in later:  # one ingest per revision, in the order they were made
            assert ingest(store, FetchResult([SeriesBatch(meta, pd.DataFrame([row]))]), "test").ok
        every = store.read_vintages(["M2SL"])
        latest = store.read(["M2SL"])
    got = {(pd.Timestamp(d), pd.Timestamp(v)): x
           for d, v, x in zip(every["date"], every["vintage"], every["value"], strict=True)}  # fmt: skip
    assert got == expected
    newest = {}
    for (date, _vintage), value in sorted(expected.items()):
        newest[date] = value
    assert dict(zip(pd.to_datetime(latest["date"]), latest["value"], strict=True)) == newest
