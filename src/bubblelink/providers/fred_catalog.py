"""What bubblelink knows about the FRED series it uses: units, frequency, publication lag.

This module has no I/O and no HTTP code, so the CSV importer can reuse it for FRED-style
files.

Publication lag and the vintage rule
------------------------------------
FRED dates an observation by the *start* of its period (``M2SL`` for November 2025 is
dated 2025-11-01) or by the day it describes (``WALCL`` on the Wednesday of the H.4.1
week), not by the day the number became public. When no real vintages are available
(the public CSV, or a file), bubblelink sets::

    vintage = observation date + publication_lag(series_id) days, at 00:00 UTC

The lag is *conservative*: it is the number of days to the first UTC midnight after the
usual release time, rounded up, so an "as of" read never sees a value before it was
published. Ordinary weekends are covered where the release skips them; a long holiday
can still delay a release by a day or two beyond the lag. Real vintages from the FRED
API (``realtime_start``) replace this estimate whenever an API key is available.

Release timings used (Federal Reserve, BEA, ICE, CBOE, St. Louis/Chicago Fed):

* H.6 money stock (M2SL, M2REAL, WM2NS): monthly release on the fourth Tuesday after
  the month ends → ~60 days after the 1st of the month (weekly data come in the same
  monthly release).
* H.4.1 (WALCL, WTREGEN): Wednesday levels/averages, released Thursday 16:30 ET → 2.
* NY Fed reverse repo (RRPONTSYD): same day ~13:15 ET → 1.
* H.10 (DTWEXBGS, DEXJPUS, DEXUSEU, DEXCHUS): weekly, Monday afternoon for the week
  before → 8.
* ICE BofA OAS (BAMLH0A0HYM2, BAMLC0A0CM): next morning → 1.
* DFF: next business day 09:00 ET → 4 (covers a Friday value published Monday).
* FEDFUNDS (monthly average of DFF): first business days of the next month → 33.
* H.15 / Treasury yields (DGS10, DGS2, DFII10) and FRED spreads built from them
  (T10Y2Y, T10YIE): same evening → 1. VIXCLS: at the close → 1.
* STLFSI4: week ending Friday, released the next Thursday → 7. ANFCI: week ending
  Friday, released Wednesday 08:30 ET → 6.
* GDP: advance estimate ~30 days after the quarter ends → 120 from the quarter's 1st.
* Z.1 (NCBEILQ027S): ~10 weeks after the quarter ends → 165 from the quarter's 1st.
* IMF IFS via FRED (MYAGM2CNM189N): ~2 months after the month → 90.

Central-bank money, Bank of Canada FX and crypto-market series are catalogued in
:mod:`bubblelink.providers.world_catalog`; :func:`publication_lag` reads both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bubblelink.providers.base import Frequency
from bubblelink.providers.world_catalog import world_series_info


@dataclass(frozen=True)
class FredSeriesInfo:
    """Catalog entry of one FRED series.

    Attributes
    ----------
    id : str
        FRED series id.
    title : str
    unit : str
        Unit as stored (e.g. ``"billions USD"``, ``"millions USD"``, ``"percent"``).
    frequency : Frequency
        ``business`` for FRED "Daily" series (business days), ``daily`` for "Daily, 7-Day".
    lag_days : int
        Conservative publication lag counted from the observation date (module docstring).
    release : str
        Where the number comes from and when it is published.
    """

    id: str
    title: str
    unit: str
    frequency: Frequency
    lag_days: int
    release: str


_ENTRIES: tuple[FredSeriesInfo, ...] = (
    FredSeriesInfo(
        "M2SL",
        "M2 money stock, seasonally adjusted",
        "billions USD",
        "monthly",
        60,
        "Fed H.6, monthly, 4th Tuesday after month end",
    ),
    FredSeriesInfo(
        "WM2NS",
        "M2 money stock, weekly, not seasonally adjusted",
        "billions USD",
        "weekly",
        60,
        "Fed H.6 (weekly data published in the monthly release)",
    ),
    FredSeriesInfo(
        "M2REAL",
        "Real M2 money stock (1982-84 dollars)",
        "billions 1982-84 USD",
        "monthly",
        60,
        "Fed H.6 deflated by CPI, monthly",
    ),
    FredSeriesInfo(
        "WALCL",
        "Fed total assets (Wednesday level)",
        "millions USD",
        "weekly",
        2,
        "Fed H.4.1, Thursday 16:30 ET",
    ),
    FredSeriesInfo(
        "WTREGEN",
        "Treasury General Account (week average, Wednesday)",
        "millions USD",
        "weekly",
        2,
        "Fed H.4.1, Thursday 16:30 ET",
    ),
    FredSeriesInfo(
        "RRPONTSYD",
        "Overnight reverse repurchase agreements (Fed ON RRP)",
        "billions USD",
        "business",
        1,
        "NY Fed, same day ~13:15 ET",
    ),
    FredSeriesInfo(
        "DTWEXBGS",
        "Nominal broad U.S. dollar index",
        "index Jan 2006=100",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "BAMLH0A0HYM2",
        "ICE BofA US high yield option-adjusted spread",
        "percent",
        "business",
        1,
        "ICE Data Indices via FRED, next morning",
    ),
    FredSeriesInfo(
        "BAMLC0A0CM",
        "ICE BofA US corporate (IG) option-adjusted spread",
        "percent",
        "business",
        1,
        "ICE Data Indices via FRED, next morning",
    ),
    FredSeriesInfo(
        "DFF",
        "Effective federal funds rate (daily, 7-day)",
        "percent",
        "daily",
        4,
        "NY Fed, next business day 09:00 ET",
    ),
    FredSeriesInfo(
        "FEDFUNDS",
        "Effective federal funds rate, monthly average",
        "percent",
        "monthly",
        33,
        "Fed H.15, first business days of the next month",
    ),
    FredSeriesInfo(
        "DGS10",
        "10-year Treasury constant maturity yield",
        "percent",
        "business",
        1,
        "Fed H.15 / US Treasury, same evening",
    ),
    FredSeriesInfo(
        "DGS2",
        "2-year Treasury constant maturity yield",
        "percent",
        "business",
        1,
        "Fed H.15 / US Treasury, same evening",
    ),
    FredSeriesInfo(
        "DFII10",
        "10-year TIPS (real) yield",
        "percent",
        "business",
        1,
        "Fed H.15 / US Treasury, same evening",
    ),
    FredSeriesInfo(
        "T10Y2Y",
        "10-year minus 2-year Treasury spread",
        "percent",
        "business",
        1,
        "FRED, computed from H.15",
    ),
    FredSeriesInfo(
        "T10YIE",
        "10-year breakeven inflation",
        "percent",
        "business",
        1,
        "FRED, computed from H.15",
    ),
    FredSeriesInfo(
        "VIXCLS",
        "CBOE VIX close",
        "index",
        "business",
        1,
        "CBOE, at the close",
    ),
    FredSeriesInfo(
        "STLFSI4",
        "St. Louis Fed financial stress index",
        "index",
        "weekly",
        7,
        "St. Louis Fed, Thursday for the week ending Friday",
    ),
    FredSeriesInfo(
        "ANFCI",
        "Chicago Fed adjusted national financial conditions index",
        "index",
        "weekly",
        6,
        "Chicago Fed, Wednesday 08:30 ET for the week ending Friday",
    ),
    FredSeriesInfo(
        "GDP",
        "Nominal GDP, SAAR",
        "billions USD",
        "quarterly",
        120,
        "BEA advance estimate, ~30 days after quarter end",
    ),
    FredSeriesInfo(
        "DEXJPUS",
        "Japanese yen per U.S. dollar (noon buying rate)",
        "JPY per USD",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "DEXUSEU",
        "U.S. dollars per euro (noon buying rate; inverse quote)",
        "USD per EUR",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "DEXCHUS",
        "Chinese yuan per U.S. dollar (noon buying rate)",
        "CNY per USD",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "DEXUSUK",
        "U.S. dollars per pound sterling (noon buying rate; inverse quote)",
        "USD per GBP",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "DEXSZUS",
        "Swiss francs per U.S. dollar (noon buying rate)",
        "CHF per USD",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "DEXCAUS",
        "Canadian dollars per U.S. dollar (noon buying rate)",
        "CAD per USD",
        "business",
        8,
        "Fed H.10, weekly on Monday",
    ),
    FredSeriesInfo(
        "NCBEILQ027S",
        "Nonfinancial corporate business; corporate equities; liability, level (Z.1)",
        "millions USD",
        "quarterly",
        165,
        "Fed Z.1 Financial Accounts, ~10 weeks after quarter end",
    ),
    FredSeriesInfo(
        "MYAGM2CNM189N",
        "M2 for China (IMF IFS, discontinued 2019-08)",
        "CNY",
        "monthly",
        90,
        "IMF International Financial Statistics via FRED, ~2 months after the month",
    ),
)

#: Catalog of known FRED series, keyed by (upper-case) series id.
CATALOG: dict[str, FredSeriesInfo] = {entry.id: entry for entry in _ENTRIES}

#: Conservative lag (days) for series not in the catalog, by frequency.
DEFAULT_LAG_DAYS: dict[str, int] = {
    "intraday": 0,
    "daily": 2,
    "business": 4,
    "weekly": 9,
    "monthly": 60,
    "quarterly": 120,
}


def series_info(series_id: str) -> FredSeriesInfo | None:
    """Catalog entry of ``series_id`` (case-insensitive), or ``None`` when unknown."""
    return CATALOG.get(series_id.strip().upper())


def publication_lag(series_id: str, frequency: str | None = None) -> int:
    """Conservative publication lag in days, counted from the observation date.

    Parameters
    ----------
    series_id : str
        FRED series id, or a :mod:`bubblelink.providers.world_catalog` id (``EA_M2``);
        known ids use the catalog value.
    frequency : str, optional
        Used for unknown ids (see :data:`DEFAULT_LAG_DAYS`); a monthly default is used
        when it is missing or not recognised (the most cautious of the common cases
        short of quarterly).
    """
    info = series_info(series_id)
    if info is not None:
        return info.lag_days
    world = world_series_info(series_id.strip().upper())
    if world is not None:
        return world.lag_days
    if frequency is not None and frequency in DEFAULT_LAG_DAYS:
        return DEFAULT_LAG_DAYS[frequency]
    return DEFAULT_LAG_DAYS["monthly"]


def estimated_vintage(
    dates: pd.Series | pd.DatetimeIndex, series_id: str, frequency: str | None = None
) -> pd.Series:
    """``observation date + publication lag`` as tz-aware UTC timestamps (00:00 UTC).

    Parameters
    ----------
    dates : Series or DatetimeIndex
        Naive observation dates.
    series_id, frequency
        Passed to :func:`publication_lag`.
    """
    lag = pd.Timedelta(days=publication_lag(series_id, frequency))
    values = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    if values.dt.tz is None:
        values = values.dt.tz_localize("UTC")
    else:
        values = values.dt.tz_convert("UTC")
    return (values + lag).astype("datetime64[ns, UTC]")
