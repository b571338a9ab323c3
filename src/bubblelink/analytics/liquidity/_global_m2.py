"""Global M2 in USD: US, euro area, Japan, China and UK money supply at market FX."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from bubblelink.analytics.liquidity._release import MAX_AGE_DAYS, known_on, release_aligned
from bubblelink.analytics.liquidity._units import billions_factor
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclass(frozen=True)
class M2Component:
    """One economy's broad money and the FX rate that turns it into USD.

    Attributes
    ----------
    name : str
    money_series : str
        FRED id of the money stock (national currency).
    fx_series : str or None
        FRED id of the exchange rate (None for the US).
    fx_quote : str
        ``"usd_per_local"`` (DEXUSEU, DEXUSUK) or ``"local_per_usd"`` (DEXJPUS, DEXCHUS).
    note : str
        Coverage caveat (FRED's non-US M2 series are discontinued).
    """

    name: str
    money_series: str
    fx_series: str | None
    fx_quote: str
    note: str


#: The documented components. FRED's non-US broad-money series are discontinued:
#: IMF IFS ``MYAGM2*`` end 2017-2019 (China ``MYAGM2CNM189N`` ends 2019-08) and OECD MEI
#: ``MABMM301*`` end around late 2023, so FRED alone cannot give a 2024-2025 global M2.
GLOBAL_M2_COMPONENTS: tuple[M2Component, ...] = (
    M2Component("us", "M2SL", None, "usd", "Fed H.6, monthly, billions USD"),
    M2Component(
        "euro_area",
        "MABMM301EZM189S",
        "DEXUSEU",
        "usd_per_local",
        "OECD MEI broad money M3 (EUR), discontinued ~2023",
    ),
    M2Component(
        "japan",
        "MABMM301JPM189S",
        "DEXJPUS",
        "local_per_usd",
        "OECD MEI broad money (JPY), discontinued ~2023",
    ),
    M2Component(
        "china",
        "MYAGM2CNM189N",
        "DEXCHUS",
        "local_per_usd",
        "IMF IFS M2 (CNY), discontinued 2019-08",
    ),
    M2Component(
        "uk",
        "MABMM301GBM189S",
        "DEXUSUK",
        "usd_per_local",
        "OECD MEI broad money (GBP), discontinued ~2023",
    ),
)


@dataclass(frozen=True, eq=False)
class GlobalM2Result(ResultBase):
    """Global M2 in billions of USD and which components it is made of.

    Attributes
    ----------
    value : Series
        Sum of the *used* components (billions USD) on a daily grid; NaN on a day where
        any used component (or its FX rate) is missing or stale — never a partial sum.
    by_component : DataFrame
        Each used component in billions USD.
    coverage : DataFrame
        One row per documented component: ``status`` (``used`` or ``missing``), the
        money and FX series, first/last observation, and the reason when missing.
    complete : bool
        True only when every documented component is used.
    label : str
        ``"global M2"`` when complete, else e.g. ``"partial M2 (us only)"``.
    notes : tuple of str
    """

    value: pd.Series
    by_component: pd.DataFrame
    coverage: pd.DataFrame
    complete: bool
    label: str
    point_in_time: bool
    unit: str = "billions USD"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def components_used(self) -> list[str]:
        """Names of the components in the sum."""
        return [str(c) for c in self.by_component.columns]

    def to_frame(self) -> pd.DataFrame:
        """The coverage table (what was used, from when to when, what is missing)."""
        return self.coverage


def global_m2(
    money: Mapping[str, pd.Series],
    units: Mapping[str, str],
    fx: Mapping[str, pd.Series],
    end: pd.Timestamp | None = None,
    point_in_time: bool = True,
    components: tuple[M2Component, ...] = GLOBAL_M2_COMPONENTS,
    lags: Mapping[str, int] | None = None,
) -> GlobalM2Result:
    r"""Sum of broad money across economies, converted to USD at market FX.

    .. math::

        M^{USD}_t = \sum_{c \in U} k_c\, M_{c,t} \cdot X_{c,t}, \qquad
        X_{c,t} = \begin{cases} \mathrm{USD\ per\ local} & \text{(DEXUSEU, DEXUSUK)} \\
        1 / (\mathrm{local\ per\ USD}) & \text{(DEXJPUS, DEXCHUS)} \end{cases}

    with :math:`k_c` the unit factor to billions (from the stored unit) and :math:`U`
    the set of components whose money *and* FX series are both present. Each money
    value counts from its release date (``point_in_time``) and is converted at the
    latest FX rate known that day (not the month average, as in the usual "global M2
    in USD" charts).

    Missing data is never zero: a component without data is listed in ``coverage`` as
    missing (with the reason) and left out of :math:`U`; the label then says which
    components remain ("partial M2 (us only)"). On a day where a used component is
    stale (no release for 45 days: a discontinued series) the sum is NaN.

    Parameters
    ----------
    money : mapping
        Money-stock observations by FRED id (observation dates); absent ids are missing.
    units : mapping
        Stored unit by FRED id (money series).
    fx : mapping
        FX observations by FRED id.
    end : Timestamp, optional
        Last day of the grid.
    point_in_time : bool
        Use release dates (True) or observation dates (False).
    components : tuple of M2Component
    lags : mapping, optional
        Publication lag in days by series id (money and FX), required with
        ``point_in_time`` (the service passes the FRED catalog's).

    Raises
    ------
    DataError
        When no component at all is available, or a lag is missing.
    """

    def lag_of(series_id: str) -> int:
        if not point_in_time:
            return 0
        if lags is None or series_id not in lags:
            raise DataError(
                f"global M2 as released needs the publication lag of {series_id}: pass lags"
            )
        return int(lags[series_id])

    rows: list[dict[str, object]] = []
    released_usd: dict[str, pd.Series] = {}
    for comp in components:
        row: dict[str, object] = {
            "component": comp.name,
            "money_series": comp.money_series,
            "fx_series": comp.fx_series or "",
            "status": "missing",
            "first": None,
            "last": None,
            "reason": "",
        }
        series = money.get(comp.money_series)
        fx_series = fx.get(comp.fx_series) if comp.fx_series else None
        if series is None or series.dropna().empty:
            row["reason"] = f"{comp.money_series} not in the store ({comp.note})"
        elif comp.fx_series and (fx_series is None or fx_series.dropna().empty):
            row["reason"] = f"FX {comp.fx_series} not in the store"
        else:
            scaled = series * billions_factor(units.get(comp.money_series, ""), comp.money_series)
            rel = release_aligned(scaled, lag_of(comp.money_series))
            if comp.fx_series and fx_series is not None:
                fx_rel = release_aligned(fx_series, lag_of(comp.fx_series))
                rate = fx_rel if comp.fx_quote == "usd_per_local" else 1.0 / fx_rel
                rate.attrs = fx_rel.attrs
                released_usd[comp.name] = rel
                released_usd[comp.name + "__fx"] = rate
            else:
                released_usd[comp.name] = rel
            row["status"] = "used"
            row["first"] = series.dropna().index[0].date().isoformat()
            row["last"] = series.dropna().index[-1].date().isoformat()
        rows.append(row)
    used = [c.name for c in components if c.name in released_usd]
    if not used:
        raise DataError(
            "no broad-money series in the store (need at least M2SL): ingest it, e.g. "
            "`bubblelink ingest fred M2SL`"
        )
    first = max(released_usd[name].index[0] for name in released_usd)
    last = end if end is not None else max(released_usd[name].index[-1] for name in used)
    grid = pd.date_range(first.normalize(), pd.Timestamp(last).normalize(), freq="D", name="date")
    by_component: dict[str, pd.Series] = {}
    for name in used:
        money_known, _ = known_on(released_usd[name], grid, MAX_AGE_DAYS["monthly"])
        if name + "__fx" in released_usd:
            rate_known, _ = known_on(released_usd[name + "__fx"], grid, MAX_AGE_DAYS["business"])
            money_known = money_known * rate_known
        by_component[name] = money_known
    frame = pd.DataFrame(by_component)
    value = frame.sum(axis=1, min_count=len(used)).where(frame.notna().all(axis=1))
    complete = len(used) == len(components)
    label = "global M2" if complete else f"partial M2 ({', '.join(used)} only)"
    missing = [r for r in rows if r["status"] == "missing"]
    notes = [f"{label}: {len(used)} of {len(components)} components, billions USD"]
    notes += [f"missing {r['component']}: {r['reason']}" for r in missing]
    return GlobalM2Result(
        value=value.rename("m2_usd"),
        by_component=frame,
        coverage=pd.DataFrame(rows).set_index("component"),
        complete=complete,
        label=label,
        point_in_time=point_in_time,
        notes=tuple(notes),
    )
