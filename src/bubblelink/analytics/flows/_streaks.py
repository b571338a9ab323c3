"""Flow streaks: runs of consecutive inflow (or outflow) days."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Sums of flows are rounded to this many decimals (the cells have one or two; this only
#: removes floating-point noise such as 4004.3999999999996).
SUM_DECIMALS = 6


@dataclasses.dataclass(frozen=True)
class Streak:
    """One run: ``direction`` (``in``/``out``), ``length`` (days), ``start``, ``end`` and
    ``total`` (sum of the flows of the run, US$ millions)."""

    direction: str
    length: int
    start: pd.Timestamp
    end: pd.Timestamp
    total: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "length": self.length,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "total": self.total,
        }


@dataclasses.dataclass(frozen=True, eq=False)
class StreakResult(ResultBase):
    """Longest inflow and outflow streaks and the current one."""

    series: str
    longest_in: Streak | None
    longest_out: Streak | None
    current: Streak | None
    n: int

    def to_frame(self) -> pd.DataFrame:
        rows = {
            "longest_in": self.longest_in,
            "longest_out": self.longest_out,
            "current": self.current,
        }
        frame = pd.DataFrame(
            [
                {"streak": name, **(s.to_dict() if s is not None else {})}
                for name, s in rows.items()
            ],
            columns=["streak", "direction", "length", "start", "end", "total"],
        )
        return frame.set_index("streak")

    def to_dict(self) -> dict[str, Any]:
        def one(s: Streak | None) -> dict[str, Any] | None:
            return s.to_dict() if s is not None else None

        return {
            "series": self.series,
            "n": self.n,
            "longest_in": one(self.longest_in),
            "longest_out": one(self.longest_out),
            "current": one(self.current),
        }


def _runs(values: pd.Series) -> list[Streak]:
    # plain arrays: slicing the Series itself copies its attrs (provenance...) each time
    numbers = values.to_numpy(dtype=float)
    index = values.index
    signs = np.sign(numbers)
    runs: list[Streak] = []
    start = 0
    for i in range(1, signs.size + 1):
        if i == signs.size or signs[i] != signs[start]:
            if signs[start] != 0:
                runs.append(
                    Streak(
                        direction="in" if signs[start] > 0 else "out",
                        length=i - start,
                        start=index[start],
                        end=index[i - 1],
                        total=round(float(numbers[start:i].sum()), SUM_DECIMALS),
                    )
                )
            start = i
    return runs


def flow_streaks(flows: pd.Series) -> StreakResult:
    """Longest inflow/outflow streaks and the current streak of a daily flow series.

    A streak is a run of consecutive observations (sessions with data) of the same
    sign: positive = inflow, negative = outflow; a zero day ends a run and starts none.
    Missing days (NaN) are dropped first, so a day without data neither breaks nor
    extends a run. Ties: the earliest of the longest runs. ``current`` is the run that
    includes the last observation (None when the last day is zero).

    Raises
    ------
    DataError
        No observations.
    """
    values = flows.dropna().astype(float)
    if values.empty:
        raise DataError(f"{flows.name or 'flows'}: no flow observations for streaks")
    runs = _runs(values)
    ins = [r for r in runs if r.direction == "in"]
    outs = [r for r in runs if r.direction == "out"]
    longest_in = max(ins, key=lambda r: r.length) if ins else None
    longest_out = max(outs, key=lambda r: r.length) if outs else None
    current = runs[-1] if runs and runs[-1].end == values.index[-1] else None
    return StreakResult(
        series=str(flows.name or "flows"),
        longest_in=longest_in,
        longest_out=longest_out,
        current=current,
        n=int(values.size),
    )
