"""Point-in-time histories from every vintage: a brute-force reference, the no-leak
property, a real revision, and the vintages following a unit conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblelink.analytics.liquidity._release import (
    VintageRows,
    known_on,
    known_on_vintages,
    release_aligned,
)
from bubblelink.errors import DataError

DAY0 = pd.Timestamp("2024-01-01", tz="UTC")
GRID = pd.date_range(DAY0, periods=90, freq="D")


def _day(offset: int) -> pd.Timestamp:
    return DAY0 + pd.Timedelta(days=offset)


def _rows(raw: list[tuple[int, float, int | None]]) -> pd.DataFrame:
    """(observation day, value, vintage day or None) → the store's long rows."""
    return pd.DataFrame(
        {
            "date": [_day(d) for d, _, _ in raw],
            "value": [v for _, v, _ in raw],
            "vintage": [_day(k) if k is not None else pd.NaT for _, _, k in raw],
        }
    )


def _reference(
    raw: list[tuple[int, float, int | None]], max_age: int, lag: int, real: bool
) -> list[float]:
    """Day by day, by brute force: what was known that day (module docstring rule)."""

    def known(d: int, k: int | None) -> int:
        floor = d if real else d + lag
        return floor if k is None else max(k, floor)

    out = []
    for t in range(len(GRID)):
        eligible = [(d, v, k) for d, v, k in raw if known(d, k) <= t]
        if not eligible:
            out.append(np.nan)
            continue
        latest = max(d for d, _, _ in eligible)
        rows = [(known(d, k), -1 if k is None else k, v) for d, v, k in eligible if d == latest]
        value = max(rows)[2]
        first = min(known(d, k) for d, _, k in raw if d == latest)
        out.append(value if t - first <= max_age else np.nan)
    return out


observation = st.tuples(
    st.integers(0, 70),
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: round(x, 3)),
    st.one_of(st.none(), st.integers(0, 89)),
)


def _unique(raw: list[tuple[int, float, int | None]]) -> list[tuple[int, float, int | None]]:
    """One row per (observation, vintage), as the store keeps them."""
    seen: dict[tuple[int, int | None], tuple[int, float, int | None]] = {}
    for row in raw:
        seen[(row[0], row[2])] = row
    return list(seen.values())


@settings(max_examples=150, deadline=None)
@given(
    raw=st.lists(observation, min_size=1, max_size=25).map(_unique),
    max_age=st.integers(1, 40),
    lag=st.integers(0, 10),
    real=st.booleans(),
)
def test_history_equals_a_day_by_day_brute_force(
    raw: list[tuple[int, float, int | None]], max_age: int, lag: int, real: bool
) -> None:
    values, _ = known_on_vintages(_rows(raw), GRID, max_age, lag, real)
    np.testing.assert_array_equal(values.to_numpy(), _reference(raw, max_age, lag, real))


@settings(max_examples=150, deadline=None)
@given(
    raw=st.lists(observation, min_size=1, max_size=20).map(_unique),
    cut=st.integers(0, 88),
    revisions=st.lists(
        st.tuples(st.integers(0, 89), st.floats(-1e3, 1e3, allow_nan=False), st.integers(1, 30)),
        max_size=8,
    ),
    new=st.lists(
        st.tuples(
            st.integers(1, 30),
            st.floats(-1e3, 1e3, allow_nan=False),
            st.one_of(st.none(), st.integers(0, 89)),
        ),
        max_size=8,
    ),
    max_age=st.integers(1, 40),
    lag=st.integers(0, 10),
    real=st.booleans(),
)
def test_rows_dated_or_known_after_t_never_change_the_history_up_to_t(
    raw: list[tuple[int, float, int | None]],
    cut: int,
    revisions: list[tuple[int, float, int]],
    new: list[tuple[int, float, int | None]],
    max_age: int,
    lag: int,
    real: bool,
) -> None:
    # revisions of any observation (past ones included) known after t, and new
    # observations dated after t (whatever vintage they claim)
    extra = [(d, v, cut + step) for d, v, step in revisions]
    extra += [(cut + step, v, k) for step, v, k in new]
    before, _ = known_on_vintages(_rows(raw), GRID, max_age, lag, real)
    after, _ = known_on_vintages(_rows(_unique(raw + extra)), GRID, max_age, lag, real)
    upto = _day(cut) >= GRID
    pd.testing.assert_series_equal(after[upto], before[upto])


def test_a_revision_shows_the_old_value_before_it_and_the_new_one_after() -> None:
    # M2 for 2024-01 first released 2024-02-27 (100.0), revised on 2024-03-26 (103.0)
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-01"], utc=True),
            "value": [100.0, 103.0],
            "vintage": pd.to_datetime(["2024-02-27 00:00", "2024-03-26 13:30"], utc=True),
        }
    )
    days = pd.date_range("2024-02-20", "2024-04-10", freq="D", tz="UTC")
    values, observed = known_on_vintages(
        rows, days, max_age_days=90, lag_days=0, real_vintages=True
    )
    assert values.loc[:"2024-02-26"].isna().all()
    assert (values.loc["2024-02-27":"2024-03-25"] == 100.0).all()
    assert (values.loc["2024-03-26":] == 103.0).all()  # known during that day
    assert (observed.dropna() == pd.Timestamp("2024-01-01", tz="UTC")).all()
    # staleness counts from the first release, not from the revision
    short, _ = known_on_vintages(rows, days, max_age_days=30, lag_days=0, real_vintages=True)
    assert short.loc["2024-03-28"] == 103.0 and np.isnan(short.loc["2024-03-29"])


def test_estimated_vintages_never_precede_the_publication_lag() -> None:
    # no real vintage: the store dated the first value at its observation date
    rows = _rows([(0, 1.0, 0), (7, 2.0, 7), (7, 2.5, 40)])
    values, _ = known_on_vintages(rows, GRID, max_age_days=60, lag_days=10, real_vintages=False)
    assert np.isnan(values.iloc[9]) and values.iloc[10] == 1.0
    assert values.iloc[17] == 2.0 and values.iloc[39] == 2.0 and values.iloc[40] == 2.5


def test_release_aligned_follows_attached_vintages_through_a_unit_conversion() -> None:
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-03", "2024-01-03", "2024-01-10"], utc=True),
            "value": [7_000_000.0, 7_100_000.0, 7_050_000.0],
            "vintage": pd.to_datetime(["2024-01-04", "2024-01-20", "2024-01-11"], utc=True),
        }
    )
    latest = pd.Series(
        [7_100_000.0, 7_050_000.0], index=pd.to_datetime(["2024-01-03", "2024-01-10"], utc=True)
    )
    latest.attrs["vintages"] = VintageRows(rows, real=True)
    billions = latest / 1000.0  # pandas keeps attrs: the vintages follow
    released = release_aligned(billions, lag_days=2)
    days = pd.date_range("2024-01-04", "2024-01-31", freq="D", tz="UTC")
    values, _ = known_on(released, days, 14)
    assert values.loc["2024-01-04"] == pytest.approx(7_000.0)
    assert values.loc["2024-01-11"] == pytest.approx(7_050.0)  # the 01-10 week
    # the revision of the 01-03 week (known 01-20) never overrides the later week
    assert values.loc["2024-01-25"] == pytest.approx(7_050.0)
    assert np.isnan(values.loc["2024-01-26"])  # > 14 days after 01-10's release
    # a slice keeps only its own observations' vintages
    first_only = release_aligned(billions.iloc[:1], lag_days=2)
    assert first_only.tolist() == pytest.approx([7_000.0, 7_100.0])
    edited = latest.copy()
    edited.iloc[0] += 1.0  # not a constant rescaling: the vintages cannot follow
    with pytest.raises(DataError, match="no longer match their stored vintages"):
        release_aligned(edited, lag_days=2)


def test_without_vintages_release_is_date_plus_lag() -> None:
    obs = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-01", "2024-02-01"], utc=True))
    released = release_aligned(obs, lag_days=30)
    assert list(released.index) == list(obs.index + pd.Timedelta(days=30))
    attached = obs.copy()
    attached.attrs["vintages"] = VintageRows(
        pd.DataFrame({"date": obs.index, "value": obs.to_numpy(), "vintage": obs.index})
    )
    pd.testing.assert_series_equal(
        release_aligned(attached, 30), released, check_names=False, check_index_type=False
    )


def test_no_rows_is_a_missing_history() -> None:
    empty = _rows([])
    values, observed = known_on_vintages(empty, GRID, max_age_days=30)
    assert values.isna().all() and observed.isna().all() and len(values) == len(GRID)


def test_a_gauge_row_counts_staleness_from_the_first_release_not_a_revision() -> None:
    # one weekly observation (01-03), first released 01-04, revised 01-20; no later week
    from bubblelink.analytics.liquidity._inputs import LoadedSeries
    from bubblelink.analytics.liquidity._snapshot import _row

    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-03", "2024-01-03"], utc=True),
            "value": [7_000.0, 7_100.0],
            "vintage": pd.to_datetime(["2024-01-04", "2024-01-20"], utc=True),
        }
    )
    latest = pd.Series([7_100.0], index=pd.to_datetime(["2024-01-03"], utc=True))
    latest.attrs["vintages"] = VintageRows(rows, real=True)
    loaded = LoadedSeries(
        series={"WALCL": latest},
        units={"WALCL": "billions USD"},
        frequencies={"WALCL": "weekly"},
        kinds={"WALCL": "macro"},
        synthetic={"WALCL": False},
        lags={"WALCL": 1},
    )
    row = _row(loaded, "WALCL", pd.Timestamp("2024-01-25", tz="UTC"))
    assert row["value"] == pytest.approx(7_100.0)  # the revision is the value known
    assert row["known_since"] == "2024-01-20"
    assert row["age_days"] == 21  # from 01-04, the first release
    assert row["status"] == "stale"  # weekly limit 14 days, as known_on would say
    values, _ = known_on(
        release_aligned(latest, 1),
        pd.DatetimeIndex([row_day := pd.Timestamp("2024-01-25", tz="UTC")]),
        14,
    )
    assert np.isnan(values.loc[row_day])
