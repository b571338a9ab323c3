"""Liquidity: M2, global M2, Fed net liquidity, the dollar, credit spreads, and BTC.

``liquidity`` gives every gauge as known on ``as_of`` (each value counts from its release
date; stale and missing inputs are reported, never zero) and, on weekly data, BTC's
elasticity to M2, growth correlations, lead-lag and cointegration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.liquidity import (
    BTC_LIQUIDITY_SERIES,
    GAUGE_SERIES,
    GLOBAL_M2_SERIES,
    BtcLiquidityResult,
    GlobalM2Result,
    LiquiditySnapshot,
    NetLiquidityResult,
    btc_vs_liquidity,
    liquidity_snapshot,
)
from bubblelink.errors import DataError
from bubblelink.providers.fred_catalog import series_info
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreData, StoreLike, store_data
from bubblelink.service.params import AsofParams, LiquidityParams

#: Series whose FRED release rule the gauge notes state.
RELEASE_NOTE_SERIES = ("M2SL", "WALCL", "RRPONTSYD", "BAMLH0A0HYM2")


@dataclass(frozen=True, eq=False)
class LiquidityReport:
    """Gauges as known on a date and, when the data allow, BTC against liquidity."""

    snapshot: LiquiditySnapshot
    btc: BtcLiquidityResult | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """Gauge rows (``value``, ``unit``, dates, ``status``, ``note``), then BTC metrics."""
        gauges = self.snapshot.table.copy()
        if self.btc is None:
            return gauges
        metrics = self.btc.to_frame()
        metrics = metrics.assign(
            series=f"BTC-USD vs {self.btc.liquidity_label}",
            unit="",
            status="",
            note=metrics["note"].astype(str),
        )
        metrics.index = ("btc_" + metrics.index.astype(str)).rename("gauge")
        return pd.concat([gauges, metrics.drop(columns=["ci_low", "ci_high"])], sort=False)

    def to_dict(self) -> dict[str, Any]:
        """``{gauges: [...], btc_vs_liquidity: {...} | null, notes}``."""
        return {
            "gauges": self.snapshot.to_dict()["gauges"],
            "btc_vs_liquidity": self.btc.to_dict() if self.btc is not None else None,
            "notes": list(self.notes),
        }


def _net(data: StoreData, end: pd.Timestamp | None) -> NetLiquidityResult | None:
    try:
        return data.net_liquidity(end=end)
    except DataError:
        return None


def gauges(data: StoreData) -> LiquiditySnapshot:
    """The gauge snapshot on ``data`` (net liquidity by :meth:`StoreData.net_liquidity`)."""
    loaded = data.macro(GAUGE_SERIES)
    snap = liquidity_snapshot(loaded, _net(data, data.as_of))
    notes = list(snap.notes)
    for sid in RELEASE_NOTE_SERIES:
        info = series_info(sid)
        if info is not None and sid in loaded.series:
            notes.append(f"{sid}: counted from observation date + {loaded.lags[sid]} days "
                         f"({info.release})")  # fmt: skip
    return LiquiditySnapshot(snap.as_of, snap.table, snap.synthetic, tuple(notes))


def btc_liquidity_result(
    data: StoreData, start: Any = None, choice: str = "auto"
) -> BtcLiquidityResult:
    """BTC against liquidity on ``data`` (weekly). ``choice``: ``auto`` (global M2 when
    its coverage suffices, else US M2, with the reason), ``global`` (the stored
    components, labelled with their coverage) or ``us``."""
    return btc_vs_liquidity(data.macro(BTC_LIQUIDITY_SERIES, start=start), liquidity=choice)


def liquidity(store: StoreLike, params: LiquidityParams | None = None, **kw: Any) -> ServiceResult:
    """Every gauge as known on ``as_of`` and BTC against liquidity (``liquidity``).

    A data problem in the BTC part (e.g. no BTC in the store) becomes a note; the gauges
    are still answered.
    """
    p = params or LiquidityParams.build(**kw)
    if p.global_m2:
        return liquidity_global(store, AsofParams(as_of=p.as_of))
    with store_data(store, p.as_of) as data:
        snapshot = gauges(data)
        notes = list(snapshot.notes)
        btc = None
        if p.btc:
            try:
                btc = btc_liquidity_result(data)
            except DataError as exc:
                notes.append(f"BTC vs liquidity not computed: {exc}")
            else:
                notes.extend(n for n in btc.notes if n not in notes)
        report = LiquidityReport(snapshot=snapshot, btc=btc, notes=tuple(notes))
        title = f"Liquidity as of {snapshot.as_of.date()}"
        return answer("liquidity", report, data, as_of=snapshot.as_of, title=title)


def btc_liquidity(store: StoreLike, params: AsofParams | None = None, **kw: Any) -> ServiceResult:
    """BTC against liquidity alone (``/api/liquidity/btc``, the report's overlay chart)."""
    p = params or AsofParams.build(**kw)
    with store_data(store, p.as_of) as data:
        result = btc_liquidity_result(data)
        return answer("liquidity-btc", result, data, title=f"BTC vs {result.liquidity_label}")


def global_m2_result(data: StoreData, day: pd.Timestamp | None = None) -> GlobalM2Result:
    """Global M2 as known on ``day`` (default: the cut-off, else the day the latest month
    common to every stored component became fully known).

    Raises
    ------
    DataError
        No money series in the store, or nothing released by ``day``.
    """
    gm2 = data.global_m2()
    if gm2 is None:
        raise DataError(
            "global M2 needs at least M2SL in the store: ingest it (`bubblelink ingest fred "
            "M2SL`) and the central-bank series (`bubblelink ingest csv DIR`)"
        )
    if day is None:
        day = data.as_of
    if day is None:
        day = gm2.latest_complete_day()
    if day is None:
        loaded = data.macro(GLOBAL_M2_SERIES)
        day = max(s.index[-1] for s in loaded.series.values())
    return gm2.at(day)


def liquidity_global(
    store: StoreLike, params: AsofParams | None = None, **kw: Any
) -> ServiceResult:
    """Global M2 in USD by component as known on ``as_of`` (``liquidity --global``).

    Without ``as_of``: the day the latest month common to every stored component became
    fully known (:meth:`GlobalM2Data.latest_complete_day`). Each component: local value, unit, FX month average, USD
    value, release dates, status and the reason when missing; coverage and the total.
    """
    p = params or AsofParams.build(**kw)
    with store_data(store, p.as_of) as data:
        result = global_m2_result(data)
        title = f"Global M2 in USD as known on {result.as_of.date()} ({result.month})"
        return answer("liquidity-global", result, data, as_of=result.as_of, title=title)


@dataclass(frozen=True, eq=False)
class GlobalLiquidityReport:
    """Global M2 by component and BTC against it (the report's global-liquidity section)."""

    global_m2: GlobalM2Result
    btc: BtcLiquidityResult | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The components table."""
        return self.global_m2.to_frame()

    def to_dict(self) -> dict[str, Any]:
        """``{global_m2: {...}, btc_vs_global_m2: {...} | null, notes}``."""
        return {
            "global_m2": self.global_m2.to_dict(),
            "btc_vs_global_m2": self.btc.to_dict() if self.btc is not None else None,
            "notes": list(self.notes),
        }


def global_liquidity(
    store: StoreLike, params: AsofParams | None = None, **kw: Any
) -> ServiceResult:
    """Global M2 by component and BTC vs global M2 with the lead's sub-period stability.

    BTC is compared with global M2 of the components stored (``choice="global"``,
    labelled with its coverage, which may be unmeasurable): the report shows what the
    data say and says what is missing; the claim and the risk score apply the coverage
    threshold themselves.
    """
    p = params or AsofParams.build(**kw)
    with store_data(store, p.as_of) as data:
        gm2 = global_m2_result(data)
        notes = list(gm2.notes)
        btc = None
        try:
            btc = btc_liquidity_result(data, choice="global")
        except DataError as exc:
            notes.append(f"BTC vs global M2 not computed: {exc}")
        else:
            notes.extend(n for n in btc.notes if n not in notes)
        report = GlobalLiquidityReport(global_m2=gm2, btc=btc, notes=tuple(notes))
        title = f"Global liquidity as of {gm2.as_of.date()}"
        return answer("global-liquidity", report, data, as_of=gm2.as_of, title=title)
