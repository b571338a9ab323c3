"""Typed results of the correlation analytics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclass(frozen=True)
class CorrelationPoint:
    """One correlation value with its confidence interval and sample size."""

    date: pd.Timestamp
    value: float
    ci_low: float
    ci_high: float
    n: float


@dataclass(frozen=True, eq=False)
class RollingCorrelationResult(ResultBase):
    """A rolling (or EWMA) correlation series with Fisher-z confidence intervals.

    Attributes
    ----------
    a, b : str
        Names of the two series.
    method : str
        ``pearson``, ``spearman``, ``kendall`` or ``ewma``.
    window : int or None
        Observations per window (None for EWMA).
    value, ci_low, ci_high : pandas.Series
        The correlation and its interval at each date (the date a window ends on).
    n : pandas.Series
        Observations behind each value (the window; for EWMA the effective sample
        size (1 + λ)/(1 - λ)).
    confidence : float
        Confidence level of the intervals.
    on : str
        ``returns`` or ``levels`` (what the series are; a label).
    lam : float or None
        EWMA decay λ (None for window methods).
    notes : tuple of str
        What the reader must know (dropped dates, ...).
    """

    a: str
    b: str
    method: str
    window: int | None
    value: pd.Series
    ci_low: pd.Series
    ci_high: pd.Series
    n: pd.Series
    confidence: float = 0.95
    on: str = "returns"
    lam: float | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """Index ``date``; columns ``value``, ``ci_low``, ``ci_high``, ``n``."""
        frame = pd.DataFrame(
            {"value": self.value, "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n}
        )
        frame.index = frame.index.rename("date")
        return frame

    def point(self, as_of: Any | None = None) -> CorrelationPoint:
        """The value of the window ending on the last date on or before ``as_of``.

        ``as_of=None`` means the last date. Raises :class:`DataError` when no date is on
        or before ``as_of`` or when the window ending there is incomplete.
        """
        index = self.value.index
        if len(index) == 0:
            raise DataError(f"no observations for {self.a} and {self.b}")
        if as_of is None:
            pos = len(index) - 1
        else:
            stamp = pd.Timestamp(as_of)
            if index.tz is not None and stamp.tz is None:
                stamp = stamp.tz_localize(index.tz)
            # (a date beyond pandas' range compares fine but cannot be searched)
            pos = (
                len(index) - 1
                if stamp >= index[-1]
                else int(index.searchsorted(stamp, side="right")) - 1
            )
            if pos < 0:
                raise DataError(
                    f"no {self.a}/{self.b} observation on or before {stamp.date()}; the first "
                    f"is {index[0].date()}: use a later --asof"
                )
        value = float(self.value.iloc[pos])
        if not np.isfinite(value):
            what = f"window of {self.window}" if self.window else "EWMA warm-up"
            raise DataError(
                f"{self.a}/{self.b} {self.method} correlation is undefined on "
                f"{index[pos].date()} (the {what} is incomplete there or a series is "
                "constant): use a later --asof or a shorter --window"
            )
        return CorrelationPoint(
            date=index[pos],
            value=value,
            ci_low=float(self.ci_low.iloc[pos]),
            ci_high=float(self.ci_high.iloc[pos]),
            n=float(self.n.iloc[pos]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form: metadata, the latest point and the full series."""
        latest = self._latest()
        return {
            "a": self.a,
            "b": self.b,
            "method": self.method,
            "window": self.window,
            "lambda": self.lam,
            "on": self.on,
            "confidence": self.confidence,
            "latest": plain(latest.__dict__) if latest else None,
            "notes": list(self.notes),
            "series": plain(self.to_frame()),
        }

    def _latest(self) -> CorrelationPoint | None:
        valid = self.value.dropna()
        return self.point(valid.index[-1]) if len(valid) else None

    def summary(self) -> str:
        """One line: the latest value with its interval and n."""
        latest = self._latest()
        span = f"{self.window}-observation" if self.window else f"EWMA λ={self.lam}"
        head = f"{self.method} {span} correlation of {self.a} and {self.b} ({self.on})"
        if latest is None:
            return f"{head}: undefined"
        return (
            f"{head} on {latest.date.date()}: {latest.value:.3f} "
            f"[{latest.ci_low:.3f}, {latest.ci_high:.3f}] "
            f"({self.confidence:.0%} CI, n={latest.n:g})"
        )


@dataclass(frozen=True, eq=False)
class LevelsCorrelationResult(ResultBase):
    """Correlation of price levels, always shown beside the returns-based figure.

    Attributes
    ----------
    levels : RollingCorrelationResult
        Correlation of the price levels (spurious-prone).
    returns : RollingCorrelationResult
        The same method and window on the returns of the same prices.
    warning : str
        The spurious-correlation warning, with both latest figures.
    """

    levels: RollingCorrelationResult
    returns: RollingCorrelationResult
    warning: str

    def to_frame(self) -> pd.DataFrame:
        """The levels frame with a ``returns_value`` column (aligned on date)."""
        frame = self.levels.to_frame()
        frame["returns_value"] = self.returns.value.reindex(frame.index)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """``{levels: …, returns: …, warning}``."""
        return {
            "levels": self.levels.to_dict(),
            "returns": self.returns.to_dict(),
            "warning": self.warning,
        }

    def summary(self) -> str:
        """Both figures and the warning."""
        return f"{self.levels.summary()}\n{self.returns.summary()}\nwarning: {self.warning}"
