"""One concept from several vendors' series: source priority, and the overlap difference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclass(frozen=True)
class OverlapDifference(ResultBase):
    """How far ``secondary`` sits from ``primary`` on the dates both report.

    ``relative=False``: differences ``secondary - primary`` in the series' unit (percentage
    points for a dominance); ``relative=True``: ``secondary / primary - 1`` (a fraction, for
    a market cap). NaN statistics with ``n == 0`` when the two never overlap.
    """

    primary: str
    secondary: str
    relative: bool
    n: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    mean: float
    median: float
    mean_abs: float
    min: float
    max: float

    def to_frame(self) -> pd.DataFrame:
        """One row: the pair, the overlap span, n and the difference statistics."""
        return pd.DataFrame([self.to_dict()]).set_index("primary")

    def describe(self, unit: str) -> str:
        """``CoinMarketCap - CoinGecko on 2025-05-08..2025-08-15 (n=100): mean +1.79 pp``."""
        if self.n == 0:
            return f"{self.secondary} and {self.primary} never overlap"
        scale, suffix = (100.0, "%") if self.relative else (1.0, f" {unit}")
        what = (
            f"{self.secondary}/{self.primary} - 1"
            if self.relative
            else (f"{self.secondary} - {self.primary}")
        )
        return (
            f"{what} on {self.first.date()}..{self.last.date()} "  # type: ignore[union-attr]
            f"(n={self.n}): mean {self.mean * scale:+.2f}{suffix}, median "
            f"{self.median * scale:+.2f}{suffix}, range {self.min * scale:+.2f}..."
            f"{self.max * scale:+.2f}{suffix}, mean absolute {self.mean_abs * scale:.2f}{suffix}"
        )


def overlap_difference(
    primary: pd.Series, secondary: pd.Series, relative: bool = False
) -> OverlapDifference:
    """Differences of ``secondary`` against ``primary`` on their common dates.

    NaNs are dropped first; dates are matched exactly (both series keyed by day).
    """
    both = pd.concat([primary.rename("p"), secondary.rename("s")], axis=1, join="inner").dropna()
    diff = (both["s"] / both["p"] - 1.0) if relative else (both["s"] - both["p"])
    values = diff.to_numpy(dtype=float)
    nan = float("nan")
    n = len(values)
    return OverlapDifference(
        primary=str(primary.name),
        secondary=str(secondary.name),
        relative=relative,
        n=n,
        first=both.index[0] if n else None,
        last=both.index[-1] if n else None,
        mean=float(values.mean()) if n else nan,
        median=float(np.median(values)) if n else nan,
        mean_abs=float(np.abs(values).mean()) if n else nan,
        min=float(values.min()) if n else nan,
        max=float(values.max()) if n else nan,
    )


@dataclass(frozen=True)
class SplicedSeries:
    """A concept read from several sources in priority order.

    Attributes
    ----------
    name : str
        The concept (``BTC_DOMINANCE_MERGED``).
    values : Series
        One value per date: the first source in priority order that has one.
    source : Series
        The source id each value came from (same index as ``values``).
    sources : tuple of str
        The source ids in priority order.
    parts : dict
        Each source's own series (NaNs dropped), for single-source windows.
    """

    name: str
    values: pd.Series
    source: pd.Series
    sources: tuple[str, ...]
    parts: Mapping[str, pd.Series]

    def sources_used(self) -> list[str]:
        """The sources that contributed at least one value, in priority order."""
        used = set(self.source.unique())
        return [s for s in self.sources if s in used]

    def between(self, start: pd.Timestamp | None, end: pd.Timestamp | None) -> SplicedSeries:
        """The dates in ``start..end`` (inclusive; None = open)."""
        keep = np.ones(len(self.values), dtype=bool)
        if start is not None:
            keep &= self.values.index >= start
        if end is not None:
            keep &= self.values.index <= end
        return SplicedSeries(self.name, self.values[keep], self.source[keep], self.sources,
                             self.parts)  # fmt: skip


def splice_sources(name: str, parts: Mapping[str, pd.Series]) -> SplicedSeries:
    r"""Merge several vendors' series of one concept by source priority.

    Rule: on each date the value of the first source (in the mapping's order) that has an
    observation that date; the others are used only on dates it lacks. Values are never
    averaged or rescaled, so a series that switches source carries the vendors' level
    difference (measure it with :func:`overlap_difference`); :attr:`SplicedSeries.source`
    says where every value came from, and window statistics that would compare values of
    two sources say so (:func:`~bubblelink.analytics.market_structure.window_changes`,
    :func:`~bubblelink.analytics.market_structure.daily_changes`).

    Raises
    ------
    DataError
        No source has any observation.
    """
    cleaned = {str(k): v.dropna().sort_index() for k, v in parts.items()}
    order = tuple(cleaned)
    values: pd.Series = pd.Series(dtype="float64")
    source: pd.Series = pd.Series(dtype="object")
    for sid in order:
        part = cleaned[sid]
        new = part[~part.index.isin(values.index)]
        values = pd.concat([values, new]) if len(values) else new.astype("float64")
        tag = pd.Series(sid, index=new.index, dtype="object")
        source = pd.concat([source, tag]) if len(source) else tag
    if values.empty:
        raise DataError(f"{name}: none of {', '.join(order)} has data")
    values = values.sort_index().rename(name)
    source = source.sort_index().rename("source")
    return SplicedSeries(name, values, source, order, cleaned)
