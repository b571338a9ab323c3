"""Pooled event study and the Boehmer–Musumeci–Poulsen standardized cross-sectional test.

For ``N`` events with standardized cumulative abnormal returns
``SCAR_i = CAR_i / σ̂(CAR_i)`` (each ``σ̂`` from its own estimation window, with the
prediction-error adjustment; see :mod:`._market_model`), the BMP statistic is

.. math:: t_{BMP} = \\frac{\\overline{SCAR}\\,\\sqrt N}{s_{SCAR}}, \\qquad
          s_{SCAR}^2 = \\frac{1}{N-1}\\sum_i (SCAR_i - \\overline{SCAR})^2 ,

compared with Student's t on ``N − 1`` degrees of freedom (two-sided p-value). Unlike the
Patell test it uses the cross-sectional dispersion of the standardized CARs, so it stays
well sized when the event itself raises variance (Boehmer, Musumeci & Poulsen 1991).

Assumptions and edge cases: events are independent (no clustering on a common date — for
clustered dates see the Kolari & Pynnönen 2010 adjustment, not applied here); ``N >= 2``
finite SCARs are needed (``DataError`` otherwise). ``N`` of 2 or 3 gives a test with very
little power; the result reports ``n_events``.

References
----------
Boehmer, E., Musumeci, J., Poulsen, A. B. (1991). Event-study methodology under conditions
of event-induced variance. *Journal of Financial Economics* 30(2), 253-272.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics.events._catalog import Event
from bubblelink.analytics.events._market_model import EventStudyResult, MarketModelEventStudy
from bubblelink.analytics.events._session import BarClose
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclasses.dataclass(frozen=True)
class BMPTestResult(ResultBase):
    """BMP test over pooled events.

    Attributes
    ----------
    n_events, mean_car, mean_scar, sd_scar, statistic, p_value, df
        Count, average CAR and SCAR, cross-sectional SD of SCAR, ``t_BMP``, two-sided
        p-value, degrees of freedom (``N − 1``).
    """

    n_events: int
    mean_car: float
    mean_scar: float
    sd_scar: float
    statistic: float
    p_value: float
    df: int

    def to_frame(self) -> pd.DataFrame:
        """One row with the test figures."""
        return pd.DataFrame([self.to_dict()])


def bmp_test(
    results: Sequence[EventStudyResult] | Sequence[float], cars: Sequence[float] | None = None
) -> BMPTestResult:
    """Boehmer–Musumeci–Poulsen test on event results (or on raw SCAR values).

    Parameters
    ----------
    results
        :class:`EventStudyResult` objects, or the standardized CARs themselves.
    cars
        The CARs when ``results`` are plain SCAR numbers (for ``mean_car``; optional).
    """
    if results and isinstance(results[0], EventStudyResult):
        events = cast(Sequence[EventStudyResult], results)  # one kind per call
        scar = np.array([r.scar for r in events], dtype=float)
        car = np.array([r.car for r in events], dtype=float)
    else:
        scar = np.asarray(results, dtype=float)
        car = np.asarray(cars, dtype=float) if cars is not None else np.full(scar.shape, np.nan)
    keep = np.isfinite(scar)
    scar, car = scar[keep], car[keep]
    n = int(scar.size)
    if n < 2:
        raise DataError(f"the BMP test needs at least 2 events with finite SCAR, got {n}")
    sd = float(scar.std(ddof=1))
    mean = float(scar.mean())
    statistic = mean * np.sqrt(n) / sd if sd > 0 else float("nan")
    p_value = float(2 * stats.t.sf(abs(statistic), n - 1)) if np.isfinite(statistic) else np.nan
    return BMPTestResult(
        n_events=n,
        mean_car=float(np.nanmean(car)) if np.isfinite(car).any() else float("nan"),
        mean_scar=mean,
        sd_scar=sd,
        statistic=float(statistic),
        p_value=float(p_value),
        df=n - 1,
    )


@dataclasses.dataclass(frozen=True)
class PooledEventResult(ResultBase):
    """Several events of one asset, each with its own market model, and the BMP test."""

    symbol: str
    market: str | None
    window: tuple[int, int]
    events: tuple[EventStudyResult, ...]
    bmp: BMPTestResult

    def to_frame(self) -> pd.DataFrame:
        """One row per event, then the BMP figures in ``summary()``."""
        rows = [{"event_id": r.event_id, **r.summary_row()} for r in self.events]
        return pd.DataFrame(rows).set_index("event_id")

    def to_dict(self) -> dict[str, Any]:
        """JSON view: per-event results and the BMP test."""
        return {
            "symbol": self.symbol,
            "market": self.market,
            "window": list(self.window),
            "events": [r.to_dict() for r in self.events],
            "bmp": self.bmp.to_dict(),
        }

    def summary(self) -> str:
        """Per-event table and the BMP line."""
        b = self.bmp
        return (
            self.to_frame().to_string() + f"\nBMP: N = {b.n_events}, mean CAR = "
            f"{b.mean_car:.4f}, t = {b.statistic:.2f}, p = {b.p_value:.4f}"
        )


def pooled_event_study(
    returns: pd.Series,
    events: Sequence[Event],
    market: pd.Series | None = None,
    window: tuple[int, int] | str = (-1, 1),
    estimation: int = 120,
    gap: int = 10,
    prediction_error: bool = True,
    bar_close: BarClose | None = None,
) -> PooledEventResult:
    """Run the market-model study of ``returns`` around each event and pool with BMP.

    Each event gets its own estimation window (``estimation`` rows ending ``gap`` rows
    before its day 0). Events whose estimation window would contain an earlier event's
    window are *not* rejected; keep events far enough apart.
    """
    model = "market" if market is not None else "mean_adjusted"
    study = MarketModelEventStudy(
        window=window,
        estimation=estimation,
        gap=gap,
        model=model,  # type: ignore[arg-type]
        prediction_error=prediction_error,
    )
    results = tuple(study.fit(returns, e, market=market, bar_close=bar_close) for e in events)
    return PooledEventResult(
        symbol=str(returns.name),
        market=None if market is None else str(market.name),
        window=results[0].window if results else (0, 0),
        events=results,
        bmp=bmp_test(results),
    )
