"""Query parameters of the endpoints (one model per analysis, shared by JSON and charts).

Bounds keep every request answerable in bounded time and turn nonsense into a 422
naming the parameter. Symbols are free text (the store decides whether they exist:
404 otherwise); lists may be repeated (``?symbols=A&symbols=B``) or comma-separated.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bubblelink.symbols import DEFAULT_PRICE_SYMBOLS

Symbol = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$",
        description="Symbol, alias or AI_BASKET (e.g. BTC-USD, NVDA, ^IXIC).",
    ),
]
Day = Annotated[dt.date | None, Field(description="YYYY-MM-DD")]
CalendarParam = Literal["equity", "all-days"]


def split_symbols(value: Any) -> Any:
    """Accept ``["A,B", "C"]`` as ``["A", "B", "C"]``."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, str):
                out.extend(part.strip() for part in item.split(",") if part.strip())
            else:
                out.append(item)
        return out
    return value


class QueryModel(BaseModel):
    """Base of the query models: unknown parameters are errors; a stable cache key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def key(self) -> tuple[tuple[str, Any], ...]:
        """Hashable, order-independent form of the parameters."""
        return tuple(
            (k, tuple(v) if isinstance(v, list) else v)
            for k, v in sorted(self.model_dump().items())
        )


class DatesQuery(QueryModel):
    """Common sample bounds."""

    start: Day = None
    end: Day = None
    asof: Day = Field(None, description="Only data known on that date (YYYY-MM-DD).")
    calendar: CalendarParam = "equity"


class CorrQuery(DatesQuery):
    """``/api/corr``: rolling correlation of the log returns of A and B."""

    a: Symbol = "BTC-USD"
    b: Symbol = "^IXIC"
    window: int = Field(30, ge=3, le=750, description="Observations per window.")
    method: Literal["pearson", "spearman", "kendall", "ewma"] = "pearson"
    lam: float = Field(0.94, gt=0.5, lt=1.0, description="EWMA decay (method=ewma).")


class BetaQuery(DatesQuery):
    """``/api/beta``: beta profile of ASSET on MARKET."""

    asset: Symbol = "BTC-USD"
    market: Symbol = "^IXIC"
    split: Literal["zero", "mean"] = "zero"
    window: int | None = Field(None, ge=20, le=750, description="Rolling beta window.")


class MultiQuery(DatesQuery):
    """Two to five symbols."""

    symbols: list[Symbol] = Field(
        default_factory=lambda: ["BTC-USD", "NVDA", "^IXIC"], min_length=2, max_length=5
    )

    _split = field_validator("symbols", mode="before")(split_symbols)


class DccQuery(MultiQuery):
    """``/api/dcc``: DCC(1,1)-GARCH(1,1)."""

    dist: Literal["normal", "t"] = "normal"


class SpilloverQuery(MultiQuery):
    """``/api/spillover``: Diebold-Yilmaz spillover table."""

    lags: int | None = Field(None, ge=1, le=10, description="VAR order (default: AIC).")
    horizon: int = Field(10, ge=1, le=50)
    decomposition: Literal["generalized", "cholesky"] = "generalized"


class LeadLagQuery(DatesQuery):
    """``/api/leadlag``: cross-correlations and Granger causality (A leads at k > 0)."""

    a: Symbol = "^IXIC"
    b: Symbol = "BTC-USD"
    max_lag: int = Field(10, ge=1, le=30)
    freq: Literal["D", "W"] = "D"


class EventQuery(QueryModel):
    """``/api/event``: market-model event study around one event."""

    event_id: str | None = Field(
        "orcl-fy26q2", max_length=60, description="Id in the shipped events file."
    )
    symbol: Symbol | None = Field(None, description="With date: an ad-hoc event.")
    date: Day = None
    targets: list[Symbol] = Field(
        default_factory=lambda: ["BTC-USD", "NVDA", "AMD", "^IXIC"], min_length=1, max_length=6
    )
    market: Symbol = "^IXIC"
    window: str = Field("-1:5", pattern=r"^-?\d{1,2}:-?\d{1,2}$", description="START:END days.")
    estimation: int = Field(120, ge=30, le=500)
    gap: int = Field(10, ge=0, le=60)
    asof: Day = None

    _split = field_validator("targets", mode="before")(split_symbols)


class PerfQuery(QueryModel):
    """``/api/perf``: period performance."""

    symbols: list[Symbol] = Field(
        default_factory=lambda: list(DEFAULT_PRICE_SYMBOLS),
        min_length=1,
        max_length=8,
    )
    since: dt.date = dt.date(2025, 9, 17)
    until: Day = None
    benchmark: Symbol | None = "^IXIC"
    asof: Day = None

    _split = field_validator("symbols", mode="before")(split_symbols)


class AsofQuery(QueryModel):
    """Only an as-of date."""

    asof: Day = None


class ScenarioQuery(QueryModel):
    """``/api/scenario``: the shipped two-phase scenario with optional overrides."""

    phase1_basket_change: float | None = Field(None, gt=-0.95, le=2.0)
    phase1_sessions: int | None = Field(None, ge=1, le=250)
    phase2_basket_change: float | None = Field(None, gt=-0.95, le=2.0)
    phase2_sessions: int | None = Field(None, ge=1, le=250)
    phase2_net_liquidity_change_bn: float | None = Field(None, ge=-5000, le=5000)
    paths: int | None = Field(None, ge=100, le=20000)
    seed: int | None = Field(None, ge=0, le=2**31 - 1)
    asof: Day = None


class SeriesQuery(QueryModel):
    """``/api/series/{symbol}``: stored values."""

    field: str = Field("auto", min_length=1, max_length=30, pattern=r"^[A-Za-z0-9_]+$")
    start: Day = None
    end: Day = None
    asof: Day = None
