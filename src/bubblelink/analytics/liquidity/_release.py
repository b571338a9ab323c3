"""Point-in-time ("as known then") views of macro series.

A FRED observation is dated by its period, not by the day it became public: ``M2SL``
for October 2025 is dated 2025-10-01 but was released in late November. A gauge on day
*t* may only use observations **released** on or before *t*.

The store keeps, for every observation, the vintage from which it was known
(observation date + the conservative publication lag of the FRED catalog for FRED files,
real-time periods for the FRED API); a read "as of t" returns only what was known at *t*.
The lag is passed in by the caller (the service layer looks it up in
:mod:`bubblelink.providers.fred_catalog`): analytics read no catalog. For a *history*
of a gauge (one value per day) this module re-dates each observation at its release
date, ``release = date + lag`` (:func:`release_aligned`), and reads the last released
value on each day of a grid (:func:`known_on`), refusing values that are too old
(``max_age_days``): a series that stopped being published (``WTREGEN`` after
2025-11-19 in the shared data) becomes missing, it is never carried forward forever.

Edge case: with real-time FRED API vintages a *revised* value is placed at the first
release date of its observation (revisions of M2 and H.4.1 are small); the snapshot "as
of t" itself always comes from ``frames.load(as_of=t)`` and is exact.
"""

from __future__ import annotations

import pandas as pd

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


def release_aligned(values: pd.Series, lag_days: int) -> pd.Series:
    """Re-date each observation at its release date (``date + publication lag``).

    Parameters
    ----------
    values : Series
        Observations on their FRED observation dates (tz-aware UTC index).
    lag_days : int
        Publication lag in days (``0`` keeps observation dates).

    Returns
    -------
    Series
        Same values indexed by release date; the observation date is kept in
        ``attrs["observation_dates"]`` (a Series indexed by release date). When two
        observations share a release date the later observation wins.
    """
    lag = pd.Timedelta(days=int(lag_days))
    clean = values.dropna().sort_index()
    released = pd.Series(clean.to_numpy(dtype=float), index=clean.index + lag, name=values.name)
    observed = pd.Series(clean.index, index=released.index)
    keep = ~released.index.duplicated(keep="last")
    released = released[keep]
    released.index = released.index.rename("date")
    released.attrs = {"observation_dates": observed[keep], "lag_days": lag.days}
    return released


def known_on(
    released: pd.Series, dates: pd.DatetimeIndex, max_age_days: int
) -> tuple[pd.Series, pd.Series]:
    """The last value released on or before each date, and the observation it came from.

    Values older than ``max_age_days`` (since release) are NaN, and so are dates before
    the first release.

    Returns
    -------
    (values, observation_dates) : tuple of Series on ``dates``
    """
    observed = released.attrs.get("observation_dates", pd.Series(released.index, released.index))
    frame = pd.DataFrame(
        {
            "value": released.to_numpy(),
            "release": released.index,
            "observation": observed.reindex(released.index).to_numpy(),
        },
        index=released.index,
    )
    on_grid = frame.reindex(frame.index.union(dates)).ffill().reindex(dates)
    age = dates.to_series(index=dates) - pd.to_datetime(on_grid["release"], utc=True)
    stale = age > pd.Timedelta(days=max_age_days)
    value = on_grid["value"].where(~stale)
    observation = pd.to_datetime(on_grid["observation"], utc=True).where(~stale)
    return value.rename(released.name), observation
