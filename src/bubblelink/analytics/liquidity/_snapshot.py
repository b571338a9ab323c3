"""The liquidity dashboard: every gauge's value as known on one date."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.liquidity._global_m2 import GLOBAL_M2_SERIES, global_m2_data
from bubblelink.analytics.liquidity._inputs import LoadedSeries
from bubblelink.analytics.liquidity._net_liquidity import NetLiquidityResult
from bubblelink.analytics.liquidity._release import MAX_AGE_DAYS, release_aligned
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Every series the gauges may use (those absent from the store are reported missing).
GAUGE_SERIES: tuple[str, ...] = (
    "M2SL",
    "WALCL",
    "WTREGEN",
    "RRPONTSYD",
    "DTWEXBGS",
    "DX-Y.NYB",
    "BAMLH0A0HYM2",
    "BAMLC0A0CM",
    "DFF",
    "FEDFUNDS",
    "BTC-USD",
    *(s for s in GLOBAL_M2_SERIES if s != "M2SL"),
)

SNAPSHOT_COLUMNS = [
    "series",
    "value",
    "unit",
    "observation_date",
    "known_since",
    "age_days",
    "status",
    "note",
]


@dataclass(frozen=True, eq=False)
class LiquiditySnapshot(ResultBase):
    """Gauges as known on ``as_of``: one row each, with the observation actually used.

    ``table`` index ``gauge``; columns ``series``, ``value``, ``unit``,
    ``observation_date`` (the period the value describes), ``known_since`` (its release
    date: observation date + publication lag), ``age_days`` (as_of − known_since),
    ``status`` (``ok``, ``stale``, ``missing``) and ``note``.
    """

    as_of: pd.Timestamp
    table: pd.DataFrame
    synthetic: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The gauge table."""
        return self.table

    def to_dict(self) -> dict[str, Any]:
        """``{as_of, synthetic, gauges: [...], notes}``."""
        base = super().to_dict()
        base["gauges"] = base.pop("table")
        return base


def _row(loaded: LoadedSeries, series_id: str, at: pd.Timestamp, note: str = "") -> dict[str, Any]:
    series = loaded.get(series_id)
    if series is None:
        reason = loaded.missing.get(series_id, "not loaded")
        return {"series": series_id, "value": None, "unit": "", "status": "missing", "note": reason}
    rel = release_aligned(series, loaded.lags.get(series_id, 0))
    rel = rel[rel.index <= at]
    if rel.empty:
        return {
            "series": series_id,
            "value": None,
            "unit": loaded.units[series_id],
            "status": "missing",
            "note": f"nothing released by {at.date()}",
        }
    obs = rel.attrs["observation_dates"].loc[rel.index[-1]]
    known_since = rel.index[-1]
    # the stale-data rule counts from the observation's first release (a later revision
    # of the same observation does not make it fresh again), as in ``known_on``
    first = rel.attrs.get("first_release")
    released = first.loc[known_since] if first is not None else known_since
    age = (at - released).days
    limit = MAX_AGE_DAYS.get(loaded.frequencies[series_id], 45)
    status = "ok" if age <= limit else "stale"
    return {
        "series": series_id,
        "value": float(rel.iloc[-1]),
        "unit": loaded.units[series_id],
        "observation_date": obs.date().isoformat(),
        "known_since": known_since.date().isoformat(),
        "age_days": age,
        "status": status,
        "note": note
        if status == "ok"
        else f"last release {age} days old (limit {limit}). {note}".strip(),
    }


def snapshot_date(loaded: LoadedSeries) -> pd.Timestamp:
    """``as_of`` when given, else the last BTC-USD date, else the last date of any series."""
    if loaded.as_of is not None:
        return loaded.as_of.normalize()
    btc = loaded.get("BTC-USD")
    if btc is not None and len(btc):
        return btc.index[-1]
    return max(s.index[-1] for s in loaded.series.values())


def liquidity_snapshot(
    loaded: LoadedSeries, net: NetLiquidityResult | None = None
) -> LiquiditySnapshot:
    """Every liquidity and credit gauge as known on ``loaded.as_of`` (no look-ahead).

    ``loaded`` holds the series as known then (only vintages ≤ as_of, see
    :meth:`bubblelink.service.data.StoreData.macro`); values are dated by release
    (observation date + publication lag), so a monthly M2 figure appears only once it
    was published. Gauges: US M2, global M2 (components used and missing listed in the
    notes), Fed net liquidity (``net``, billions USD; the last day all three inputs were
    fresh), WALCL/TGA/RRP, the dollar (DTWEXBGS, else DXY), HY and IG OAS, fed funds
    (DFF, else the monthly FEDFUNDS when DFF is missing or stale).
    """
    at = snapshot_date(loaded)
    rows: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    rows["us_m2"] = _row(loaded, "M2SL", at)
    gm2 = None
    data = global_m2_data(loaded)
    if data is not None:
        try:
            gm2 = data.at(at)
        except DataError as exc:
            rows["global_m2"] = {"series": "M2SL+...", "status": "missing", "note": str(exc)}
    if gm2 is not None:
        coverage = (
            f"coverage {gm2.coverage:.1%} ({gm2.coverage_month})"
            if gm2.coverage is not None
            else "coverage cannot be measured"
        )
        dates = [*gm2.components["released"].dropna(), *gm2.components["fx_complete"].dropna()]
        known_since = max(str(d) for d in dates)
        rows["global_m2"] = {
            "series": "+".join(gm2.components_used),
            "value": gm2.total,
            "unit": gm2.unit,
            "observation_date": f"{gm2.month}-01",
            "known_since": known_since,
            "age_days": (at - pd.Timestamp(known_since, tz="UTC")).days,
            "status": "ok" if gm2.complete else "partial",
            "note": f"{gm2.label}; {coverage}",
        }
        notes.extend(gm2.notes)
    elif "global_m2" not in rows:
        rows["global_m2"] = {"series": "M2SL+...", "status": "missing", "note": "no M2 series"}
    if net is not None:
        valid = net.value[net.value.index <= at].dropna()
        last = valid.index[-1] if len(valid) else None
        fresh = last is not None and last >= at
        rows["net_liquidity"] = {
            "series": "WALCL-WTREGEN-RRPONTSYD",
            "value": float(valid.iloc[-1]) if last is not None else None,
            "unit": net.unit,
            "observation_date": None,
            "known_since": last.date().isoformat() if last is not None else None,
            "age_days": (at - last).days if last is not None else None,
            "status": "ok" if fresh else ("stale" if last is not None else "missing"),
            "note": "" if fresh else "last day all three inputs were fresh",
        }
        notes.extend(net.notes)
    else:
        absent = [s for s in ("WALCL", "WTREGEN", "RRPONTSYD") if loaded.get(s) is None]
        rows["net_liquidity"] = {
            "series": "WALCL-WTREGEN-RRPONTSYD",
            "status": "missing",
            "note": f"missing input(s): {', '.join(absent) or 'none loaded'}",
        }
    rows["fed_balance_sheet"] = _row(loaded, "WALCL", at)
    rows["tga"] = _row(loaded, "WTREGEN", at)
    rows["reverse_repo"] = _row(loaded, "RRPONTSYD", at)
    dollar = _row(loaded, "DTWEXBGS", at)
    if dollar["status"] != "ok" and loaded.get("DX-Y.NYB") is not None:
        dxy = _row(loaded, "DX-Y.NYB", at, note=f"DTWEXBGS {dollar['status']}: DXY used")
        dollar = dxy if dxy["status"] == "ok" or dollar["status"] == "missing" else dollar
    rows["dollar"] = dollar
    rows["hy_oas"] = _row(loaded, "BAMLH0A0HYM2", at)
    rows["ig_oas"] = _row(loaded, "BAMLC0A0CM", at)
    ff = _row(loaded, "DFF", at)
    if ff["status"] != "ok" and loaded.get("FEDFUNDS") is not None:
        monthly = _row(loaded, "FEDFUNDS", at, note=f"DFF {ff['status']}: monthly FEDFUNDS used")
        if monthly["status"] == "ok" or ff["status"] == "missing":
            ff = monthly
    rows["fed_funds"] = ff
    table = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=SNAPSHOT_COLUMNS)
    table.index.name = "gauge"
    return LiquiditySnapshot(
        as_of=at, table=table, synthetic=loaded.any_synthetic, notes=tuple(notes)
    )
