"""The ``bubblelink liquidity`` report: the gauge snapshot plus BTC against liquidity."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.analytics._result import ResultBase
from bubblelink.analytics.liquidity._btc_vs_liquidity import BtcLiquidityResult, btc_vs_liquidity
from bubblelink.analytics.liquidity._snapshot import LiquiditySnapshot, liquidity_snapshot
from bubblelink.errors import DataError
from bubblelink.frames.load import DateLike
from bubblelink.store import Store


@dataclass(frozen=True, eq=False)
class LiquidityReport(ResultBase):
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
        return {
            "as_of": self.snapshot.as_of.date().isoformat(),
            "gauges": self.snapshot.to_dict()["gauges"],
            "btc_vs_liquidity": self.btc.to_dict() if self.btc is not None else None,
            "notes": list(self.notes),
        }


def liquidity_report(
    store: Store | str | Path | None = None, as_of: DateLike = None, with_btc: bool = True
) -> LiquidityReport:
    """Snapshot and BTC analysis as known on ``as_of`` (a DataError in the BTC part is a note)."""
    snapshot = liquidity_snapshot(store, as_of=as_of)
    notes = list(snapshot.notes)
    btc = None
    if with_btc:
        try:
            btc = btc_vs_liquidity(store, as_of=as_of)
        except DataError as exc:
            notes.append(f"BTC vs liquidity not computed: {exc}")
        else:
            notes.extend(n for n in btc.notes if n not in notes)
    return LiquidityReport(snapshot=snapshot, btc=btc, notes=tuple(notes))
