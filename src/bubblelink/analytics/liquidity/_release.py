"""Point-in-time ("as known then") views of macro series.

A FRED observation is dated by its period, not by the day it became public: ``M2SL``
for October 2025 is dated 2025-10-01 but was released in late November. A gauge on day
*t* may only use observations **released** on or before *t*, with the value **known on
t** (a revision published later must not leak into earlier days).

The store keeps, for every observation, every vintage: the first release and each
revision, with the time it became known (real-time periods for the FRED API; otherwise
observation date + the conservative publication lag of the FRED catalog, and the ingest
time for a revision found later). The lag is passed in by the caller (the service layer
looks it up in :mod:`bubblelink.providers.fred_catalog`): analytics read no catalog.

**The rule** (:func:`known_on_vintages`). Each stored row is *known from*

* its vintage, when the provider gave real vintages (``real_vintages=True``), but never
  before its observation date;
* otherwise ``max(vintage, observation date + lag)``: the estimated first release, or
  the later time a revision was recorded;

counted from the start of that UTC day (a vintage during day *d* is known on *d*, as in
an ``--asof d`` read). On day *t* the history takes the **latest observation** with a
row known by *t*, at its **latest vintage** known by *t*. The value is refused (NaN)
once more than ``max_age_days`` have passed since that observation's **first** release
(a revision does not make an old figure fresh): a series that stopped being published
(``WTREGEN`` after 2025-11-19 in the shared data) becomes missing, it is never carried
forward forever. Adding rows dated or known after *t* never changes a value on or
before *t* (tested as a property).

How the gauges get there: :meth:`bubblelink.service.data.StoreData.macro` attaches every
vintage of each series it loads (:class:`VintageRows` in ``attrs["vintages"]``);
:func:`release_aligned` turns a series into its release-dated step function (from the
vintages when attached, else ``date + lag``) and :func:`known_on` reads it on a grid.
Net liquidity, global M2, the liquidity snapshot and the risk score's macro inputs all
go through these two functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.errors import DataError

#: The one stale-data rule. Oldest a released value may be (days since its release)
#: before it counts as missing, by frequency: the next release is due after about 1, 7,
#: 31 or 92 days. Net liquidity, global M2, the gauges, the risk score, scenarios and
#: claims all use it.
MAX_AGE_DAYS: dict[str, int] = {
    "daily": 5,
    "business": 7,
    "weekly": 14,
    "monthly": 45,
    "quarterly": 120,
}


@dataclass(frozen=True, eq=False)
class VintageRows:
    """Every stored vintage of one series' observations (``attrs["vintages"]`` of a series).

    Attributes
    ----------
    rows : DataFrame
        Columns ``date`` (observation date), ``value``, ``vintage`` (when it became known;
        NaT = unknown), tz-aware UTC. Never modified after construction.
    real : bool
        True when the vintages are the provider's real-time periods (FRED API); False
        when they are estimates (then the estimated release ``date + lag`` is a floor).

    Copies of the series share it (``copy.deepcopy`` returns the same object), and two
    of them are equal only when they are the same object, so pandas can propagate and
    compare ``attrs`` holding it.
    """

    rows: pd.DataFrame
    real: bool = False

    def __deepcopy__(self, memo: dict[int, Any]) -> VintageRows:
        return self


def known_from(rows: pd.DataFrame, lag_days: int, real_vintages: bool = False) -> pd.Series:
    """The UTC day from which each row is known (see the module docstring).

    ``max(vintage, date)`` for real vintages, ``max(vintage, date + lag)`` otherwise
    (a missing vintage counts as the estimated release), floored to the day.
    """
    known = _known_ns(_ns(rows["date"]), _vintage_ns(rows), lag_days, real_vintages)
    return pd.Series(_stamps(known), index=rows.index, name="known_from")


def vintage_events(
    rows: pd.DataFrame, lag_days: int, real_vintages: bool = False, name: Any = None
) -> pd.Series:
    """The release-dated step function of a series from all its vintages.

    Index: each day the value known changed (a new latest observation, or a revision of
    the latest one); value: the latest vintage known that day of the latest observation
    known that day. ``attrs``: ``observation_dates`` (the observation each value
    describes), ``first_release`` (that observation's first release, for the stale-data
    rule) and ``lag_days``. Read it on a grid with :func:`known_on`.
    """
    date, vintage = _ns(rows["date"]), _vintage_ns(rows)
    value = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(value) & (date != _NAT)
    date, vintage, value = date[ok], vintage[ok], value[ok]
    known = _known_ns(date, vintage, lag_days, real_vintages)
    # first release of each observation (for the stale-data rule)
    by_date = np.lexsort((known, date))
    sorted_dates = date[by_date]
    starts = _changes(sorted_dates, first=True)
    observations, first = sorted_dates[starts], known[by_date][starts]
    # rows in the order they became known; the latest observation date known so far
    # only grows, so a row of an older observation (a revision of the past) never sets
    # the value of a later day
    order = np.lexsort((vintage, date, known))
    date, value, known = date[order], value[order], known[order]
    state = date == np.maximum.accumulate(date) if len(date) else np.zeros(0, dtype=bool)
    date, value, known = date[state], value[state], known[state]
    last_of_day = _changes(known, first=False)
    date, value, known = date[last_of_day], value[last_of_day], known[last_of_day]
    index = pd.DatetimeIndex(_stamps(known), name="date")
    released = pd.Series(value, index=index, name=name)
    released.attrs = {
        "observation_dates": pd.Series(_stamps(date), index=index),
        "first_release": pd.Series(
            _stamps(first[np.searchsorted(observations, date)]), index=index
        ),
        "lag_days": int(lag_days),
    }
    return released


def release_aligned(values: pd.Series, lag_days: int) -> pd.Series:
    """Re-date each observation at the day it became known.

    Without vintages (plain observations): ``release = date + lag``. With the vintages
    :meth:`~bubblelink.service.data.StoreData.macro` attaches (``attrs["vintages"]``,
    a :class:`VintageRows`), the step function of :func:`vintage_events` over the
    observations present in ``values``: each day gets the value known that day. The
    series may have been multiplied by a constant since it was loaded (a unit
    conversion); the vintages are scaled alike, and any other change is refused.

    Parameters
    ----------
    values : Series
        Observations on their FRED observation dates (tz-aware UTC index).
    lag_days : int
        Publication lag in days (``0`` keeps observation dates).

    Returns
    -------
    Series
        Values indexed by release date; ``attrs["observation_dates"]`` (the observation
        each value describes) and ``attrs["first_release"]`` (its first release) are
        Series indexed by release date. When two observations share a release date the
        later observation wins.

    Raises
    ------
    DataError
        ``values`` is not a constant multiple of the latest attached vintages.
    """
    clean = values.dropna().sort_index()
    attached = values.attrs.get("vintages")
    if isinstance(attached, VintageRows):
        rows = _scaled_like(clean, attached.rows)
        return vintage_events(rows, lag_days, attached.real, name=values.name)
    lag = pd.Timedelta(days=int(lag_days))
    released = pd.Series(clean.to_numpy(dtype=float), index=clean.index + lag, name=values.name)
    observed = pd.Series(clean.index, index=released.index)
    keep = ~released.index.duplicated(keep="last")
    released = released[keep]
    released.index = released.index.rename("date")
    released.attrs = {
        "observation_dates": observed[keep],
        "first_release": pd.Series(released.index, index=released.index),
        "lag_days": lag.days,
    }
    return released


def known_on(
    released: pd.Series, dates: pd.DatetimeIndex, max_age_days: int
) -> tuple[pd.Series, pd.Series]:
    """The last value released on or before each date, and the observation it came from.

    Values more than ``max_age_days`` after their observation's first release
    (``attrs["first_release"]``; the release date itself without it) are NaN, and so
    are dates before the first release.

    Returns
    -------
    (values, observation_dates) : tuple of Series on ``dates``
    """
    own = pd.Series(released.index, index=released.index)
    observed = released.attrs.get("observation_dates", own)
    first = released.attrs.get("first_release", own)
    frame = pd.DataFrame(
        {
            "value": released.to_numpy(),
            # ``.array``: datetime columns (``to_numpy`` of tz-aware dates is an object
            # array of Timestamps, ~10x slower to build, fill and convert back)
            "release": first.reindex(released.index).array,
            "observation": observed.reindex(released.index).array,
        },
        index=released.index,
    )
    on_grid = frame.reindex(frame.index.union(dates)).ffill().reindex(dates)
    age = dates.to_series(index=dates) - pd.to_datetime(on_grid["release"], utc=True)
    stale = age > pd.Timedelta(days=max_age_days)
    value = on_grid["value"].where(~stale)
    observation = pd.to_datetime(on_grid["observation"], utc=True).where(~stale)
    return value.rename(released.name), observation


def known_on_vintages(
    rows: pd.DataFrame,
    dates: pd.DatetimeIndex,
    max_age_days: int,
    lag_days: int = 0,
    real_vintages: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """The point-in-time history of one series on ``dates`` from all its vintages.

    On day *t*: the value of the latest observation with a row known by *t*, at its
    latest vintage known by *t* (known from: see :func:`known_from`); NaN before the
    first release and once more than ``max_age_days`` have passed since that
    observation's first release.

    Parameters
    ----------
    rows : DataFrame
        Columns ``date``, ``value``, ``vintage`` (tz-aware UTC or naive UTC), one row per
        (observation, vintage), e.g. :meth:`bubblelink.store.Store.read_vintages`.
    dates : DatetimeIndex
        The grid (tz-aware UTC days).
    max_age_days : int
        Freshness limit (:data:`MAX_AGE_DAYS` of the series' frequency).
    lag_days : int
        Publication lag: rows without a real vintage count from ``date + lag`` at the
        earliest.
    real_vintages : bool
        The vintages are the provider's real-time periods (used as given).

    Returns
    -------
    (values, observation_dates) : tuple of Series on ``dates``
    """
    return known_on(vintage_events(rows, lag_days, real_vintages), dates, max_age_days)


#: ``NaT`` as int64 nanoseconds.
_NAT = np.iinfo(np.int64).min
_DAY_NS = 86_400 * 10**9


def _ns(values: pd.Series | pd.Index) -> np.ndarray:
    """Timestamps as int64 nanoseconds since the epoch, UTC (naive values are UTC)."""
    index = pd.DatetimeIndex(pd.to_datetime(values))
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return np.asarray(index.as_unit("ns").asi8)


def _vintage_ns(rows: pd.DataFrame) -> np.ndarray:
    if "vintage" not in rows:
        return np.full(len(rows), _NAT, dtype=np.int64)
    return _ns(rows["vintage"])


def _changes(sorted_values: np.ndarray, first: bool) -> np.ndarray:
    """Mask of the first (or last) element of each run of equal values."""
    mask = np.ones(len(sorted_values), dtype=bool)
    differs = sorted_values[1:] != sorted_values[:-1]
    if first:
        mask[1:] = differs
    else:
        mask[:-1] = differs
    return mask


def _known_ns(date: np.ndarray, vintage: np.ndarray, lag_days: int, real: bool) -> np.ndarray:
    """``max(vintage, date [+ lag])`` floored to the UTC day (NaT vintage: the floor)."""
    floor = date if real else date + int(lag_days) * _DAY_NS
    known = np.where(vintage > floor, vintage, floor)
    return known - np.mod(known, _DAY_NS)


def _stamps(ns: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.asarray(ns, dtype="datetime64[ns]")).tz_localize("UTC")


def _scaled_like(values: pd.Series, rows: pd.DataFrame) -> pd.DataFrame:
    """The vintage rows of the observations in ``values``, scaled as ``values`` was."""
    observed = _ns(values.index)
    dates = _ns(rows["date"])
    mine = rows.loc[np.isin(dates, observed)]
    dates, vintages = dates[np.isin(dates, observed)], _vintage_ns(mine)
    stored_values = mine["value"].to_numpy(dtype=float)
    order = np.lexsort((vintages, dates))
    last = np.r_[dates[order][1:] != dates[order][:-1], True] if len(order) else order
    latest_dates, stored = dates[order][last], stored_values[order][last]
    by_date = np.argsort(observed, kind="stable")
    current = values.to_numpy(dtype=float)[
        by_date[np.searchsorted(observed[by_date], latest_dates)]
    ]
    nonzero = stored != 0
    factor = float(current[nonzero][0] / stored[nonzero][0]) if nonzero.any() else 1.0
    if not np.allclose(current, stored * factor, rtol=1e-9, atol=0.0):
        raise DataError(
            f"{values.name}: the values no longer match their stored vintages (only a "
            "constant rescaling may follow the load): pass the series as loaded"
        )
    return mine.assign(value=stored_values * factor)
