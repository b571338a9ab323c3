"""Cross-asset event study: an event of one asset, the response of several others.

Oracle's results belong to ORCL; the question is how BTC-USD, NVDA, AMD and the Nasdaq
responded. Each target gets its own market model against the market series (default
``^IXIC``) on its own estimation window; day 0 is placed per target by the rules of
:mod:`bubblelink.analytics.events._session` (after-close results react on the next session;
a 24/7 asset's day 0 is the first candle closing after the announcement). The market itself
as a target is measured with the constant-mean-return model (its market-model AR would be
identically zero), and the result says so in ``notes``.

Pooling targets on one event date is *not* a cross-section of independent events (their
abnormal returns are correlated through the common date), so no pooled test is reported
here; use :func:`bubblelink.analytics.events.pooled_event_study` over several events of one
asset for the BMP test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from bubblelink.analytics.events._catalog import Event
from bubblelink.analytics.events._market_model import EventStudyResult, MarketModelEventStudy
from bubblelink.analytics.events._session import BarClose, parse_window
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclasses.dataclass(frozen=True)
class CrossAssetEventResult(ResultBase):
    """Per-target event-study results for one event.

    Attributes
    ----------
    event
        The event (owner symbol, announcement, reaction date, source).
    market
        Market series used by the market models.
    window
        Event window ``(τ1, τ2)``.
    targets
        One :class:`EventStudyResult` per target, in the order asked.
    notes
        Caveats gathered from every target.
    """

    event: Event
    market: str | None
    window: tuple[int, int]
    targets: tuple[EventStudyResult, ...]
    notes: tuple[str, ...] = ()

    def result(self, symbol: str) -> EventStudyResult:
        """The result of one target."""
        for item in self.targets:
            if item.symbol == symbol:
                return item
        raise DataError(
            f"{symbol} is not a target of this event study; targets: "
            f"{', '.join(t.symbol for t in self.targets)}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per target: day 0, model, CAR, t, p, raw return, beta."""
        frame = pd.DataFrame([t.summary_row() for t in self.targets]).set_index("symbol")
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON view: the event, the market, the window and each target's full result."""
        return {
            "event": self.event.to_dict(),
            "market": self.market,
            "window": list(self.window),
            "targets": [t.to_dict() for t in self.targets],
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """Event line and the per-target table."""
        head = (
            f"{self.event.name} ({self.event.symbol}, reaction {self.event.reaction_date.date()})"
            f", window {self.window[0]}:{self.window[1]}, market {self.market}"
        )
        return head + "\n" + self.to_frame().to_string()


def cross_asset_event_study(
    returns: pd.DataFrame,
    event: Event,
    targets: Sequence[str],
    market: str | None = "^IXIC",
    window: tuple[int, int] | str = (-1, 1),
    estimation: int = 120,
    gap: int = 10,
    prediction_error: bool = True,
    kind: str = "log",
    bar_close: Mapping[str, BarClose] | None = None,
) -> CrossAssetEventResult:
    """Measure each target's abnormal response to ``event`` with its own market model.

    Parameters
    ----------
    returns
        Returns by date (tz-aware UTC) with one column per symbol; must hold every target
        and the market.
    event
        The event; ``event.symbol`` need not be among the targets.
    targets
        Symbols whose response is measured (e.g. ``["BTC-USD", "NVDA", "AMD", "^IXIC"]``).
    market
        Market column for the market models; ``None`` uses the constant-mean model for all.
    window, estimation, gap, prediction_error, kind
        As in :class:`MarketModelEventStudy`.
    bar_close
        Per-symbol override of the day-0 rule (``"session"`` / ``"utc_day"``).

    Raises
    ------
    DataError
        Unknown symbol, event outside the data, overlapping or too-short estimation window.
    """
    if not targets:
        raise DataError("no targets given: name at least one symbol, e.g. --targets BTC-USD")
    wanted = list(dict.fromkeys([*targets, *([market] if market else [])]))
    missing = [s for s in wanted if s not in returns.columns]
    if missing:
        raise DataError(
            f"unknown symbol {missing[0]!r}: not among the loaded series "
            f"({', '.join(map(str, returns.columns))}); ingest it first or fix the ticker"
        )
    bounds = parse_window(window)
    results: list[EventStudyResult] = []
    notes: list[str] = []
    market_series = returns[market].rename(market) if market else None
    for symbol in dict.fromkeys(targets):
        is_market = market is None or symbol == market
        study = MarketModelEventStudy(
            window=bounds,
            estimation=estimation,
            gap=gap,
            model="mean_adjusted" if is_market else "market",
            prediction_error=prediction_error,
            kind="simple" if kind == "simple" else "log",
        )
        result = study.fit(
            returns[symbol].rename(symbol),
            event,
            market=None if is_market else market_series,
            bar_close=(bar_close or {}).get(symbol),
        )
        results.append(result)
        notes.extend(result.notes)
    return CrossAssetEventResult(
        event=event, market=market, window=bounds, targets=tuple(results), notes=tuple(notes)
    )
