"""Fed net liquidity: the Fed's balance sheet minus the TGA minus the ON RRP, in billions."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from bubblelink.analytics.liquidity._release import MAX_AGE_DAYS, known_on, release_aligned
from bubblelink.analytics.liquidity._units import billions_factor
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: The three inputs, their FRED ids, default units and frequencies (FRED's).
NET_LIQUIDITY_INPUTS: dict[str, tuple[str, str, str]] = {
    "walcl": ("WALCL", "millions USD", "weekly"),
    "tga": ("WTREGEN", "millions USD", "weekly"),
    "rrp": ("RRPONTSYD", "billions USD", "business"),
}


@dataclass(frozen=True, eq=False)
class NetLiquidityResult(ResultBase):
    """Daily Fed net liquidity and its components, all in billions of USD.

    Attributes
    ----------
    value : Series
        ``walcl - tga - rrp`` (billions USD) per calendar day; NaN where any input is
        missing or stale.
    components : DataFrame
        Columns ``walcl``, ``tga``, ``rrp`` in billions USD (after unit conversion).
    observed : DataFrame
        For each component and day, the observation date of the value used.
    point_in_time : bool
        True: a value counts from its release date (no look-ahead); False: from its
        observation date (the usual chart, which looks ahead by the publication lag).
    unit : str
        Always ``"billions USD"``.
    notes : tuple of str
    """

    value: pd.Series
    components: pd.DataFrame
    observed: pd.DataFrame
    point_in_time: bool
    unit: str = "billions USD"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def last_complete(self) -> pd.Timestamp | None:
        """Last day with every component known and fresh (None if never)."""
        valid = self.value.dropna()
        return valid.index[-1] if len(valid) else None

    def to_frame(self) -> pd.DataFrame:
        """Index ``date``; columns ``walcl``, ``tga``, ``rrp``, ``net_liquidity`` (billions)."""
        frame = self.components.copy()
        frame["net_liquidity"] = self.value
        frame.index = frame.index.rename("date")
        return frame


#: Publication lags (days) of FRED's catalog: H.4.1 released Thursday for the Wednesday,
#: ON RRP the same day. The service passes the catalog's values; these are for callers
#: without a catalog (tests, notebooks) and equal them.
DEFAULT_LAGS: dict[str, int] = {"walcl": 2, "tga": 2, "rrp": 1}


def net_liquidity(
    walcl: pd.Series,
    tga: pd.Series,
    rrp: pd.Series,
    units: dict[str, str] | None = None,
    end: pd.Timestamp | None = None,
    point_in_time: bool = True,
    lags: dict[str, int] | None = None,
) -> NetLiquidityResult:
    r"""Fed net liquidity, :math:`NL_t = \mathrm{WALCL}_t - \mathrm{WTREGEN}_t - \mathrm{RRP}_t`.

    .. math::

        NL_t = 10^{-3}\,\mathrm{WALCL}^{(\$m)}_t - 10^{-3}\,\mathrm{WTREGEN}^{(\$m)}_t
               - \mathrm{RRPONTSYD}^{(\$bn)}_t \quad [\$\,\mathrm{bn}]

    Units are converted explicitly (:func:`billions_factor` on ``units``; FRED's are
    the default: WALCL and WTREGEN millions, RRPONTSYD billions).

    Alignment (documented, not silent): a daily calendar grid. WALCL (Wednesday level)
    and WTREGEN (week average ending Wednesday) are weekly H.4.1 figures released on
    Thursday; RRPONTSYD is a business-day series released the same day. With
    ``point_in_time=True`` each value counts from its release date (observation date +
    ``lags``: 2 days for H.4.1, 1 day for RRP) and is carried forward until the next
    release, at most 14 days for weekly and 7 for daily inputs
    (:data:`~bubblelink.analytics.liquidity._release.MAX_AGE_DAYS`). When the inputs
    carry their stored vintages (as :meth:`~bubblelink.service.data.StoreData.macro`
    loads them), each day uses the vintage known that day: a later revision never
    changes an earlier day (:func:`~bubblelink.analytics.liquidity._release.known_on_vintages`).

    **The stale-input rule** (the one rule, used by the gauges, the risk score,
    scenarios, claims, the monitor and the report): beyond its freshness limit an input
    — and therefore net liquidity — is *missing* (NaN) from that day on. It is never
    zero, never carried forward further, and net liquidity is never computed without one
    of its three terms (e.g. WTREGEN stops on 2025-11-19 in the shared data, so net
    liquidity is missing from 2025-12-05). A note names the stale input.

    Parameters
    ----------
    walcl, tga, rrp : Series
        Observations on their FRED observation dates (tz-aware UTC index).
    units : dict, optional
        ``{"walcl": unit, "tga": unit, "rrp": unit}`` as stored; FRED's by default.
    end : Timestamp, optional
        Last day of the grid (default: the last release of any input).
    point_in_time : bool
        See above.
    lags : dict, optional
        ``{"walcl": days, "tga": days, "rrp": days}`` publication lags
        (default :data:`DEFAULT_LAGS`, FRED's).

    Raises
    ------
    DataError
        An input is empty or has a unit that cannot be converted to billions.
    """
    inputs = {"walcl": walcl, "tga": tga, "rrp": rrp}
    units = {k: (units or {}).get(k, NET_LIQUIDITY_INPUTS[k][1]) for k in inputs}
    released: dict[str, pd.Series] = {}
    for key, series in inputs.items():
        series_id = NET_LIQUIDITY_INPUTS[key][0]
        if series.dropna().empty:
            raise DataError(f"{series_id} has no observations: ingest it (bubblelink ingest fred)")
        lag = (lags or DEFAULT_LAGS).get(key, DEFAULT_LAGS[key]) if point_in_time else 0
        if not point_in_time:  # observation dates: the latest values, no vintages
            series = pd.Series(series.to_numpy(), index=series.index, name=series.name)
        released[key] = release_aligned(series, lag) * billions_factor(units[key], series_id)
    first = max(r.index[0] for r in released.values())
    last = end if end is not None else max(r.index[-1] for r in released.values())
    grid = pd.date_range(first.normalize(), pd.Timestamp(last).normalize(), freq="D", name="date")
    values: dict[str, pd.Series] = {}
    observed: dict[str, pd.Series] = {}
    notes: list[str] = []
    for key, rel in released.items():
        frequency = NET_LIQUIDITY_INPUTS[key][2]
        values[key], observed[key] = known_on(rel, grid, MAX_AGE_DAYS[frequency])
        last_obs = rel.attrs["observation_dates"].iloc[-1]
        fresh_until = rel.attrs["first_release"].iloc[-1] + pd.Timedelta(
            days=MAX_AGE_DAYS[frequency]
        )
        if fresh_until < grid[-1]:
            notes.append(
                f"{NET_LIQUIDITY_INPUTS[key][0]} last observed {last_obs.date()}: net "
                f"liquidity is missing after {fresh_until.date()}"
            )
    components = pd.DataFrame(values)
    value = (components["walcl"] - components["tga"] - components["rrp"]).rename("net_liquidity")
    notes.insert(
        0,
        "net liquidity = WALCL/1000 - WTREGEN/1000 - RRPONTSYD (billions USD); weekly H.4.1 "
        "values carried forward daily until the next release, at most 14 days (then missing)"
        + (" (point in time: from release dates)" if point_in_time else " (observation dates)"),
    )
    return NetLiquidityResult(
        value=value,
        components=components,
        observed=pd.DataFrame(observed),
        point_in_time=point_in_time,
        notes=tuple(notes),
    )
