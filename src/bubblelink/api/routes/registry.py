"""The questions the API serves: one entry per CLI command, same parameters, same JSON.

Each entry names the service function (:mod:`bubblelink.service`) and its parameter
model (:mod:`bubblelink.service.params`, shared with the CLI), and optionally a chart
builder (:mod:`bubblelink.report.charts`, shared with the report). One entry gives
``GET /api/<name>`` (the result's JSON, identical to ``bubblelink <name> --format json``)
and, with a chart, ``GET /api/charts/<name>`` (the plotly figure the dashboard draws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from bubblelink.errors import DataError
from bubblelink.report import charts
from bubblelink.service import (
    claims,
    events,
    linkage,
    liquidity,
    risk,
    scenarios,
    summary,
    transmission,
)
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike
from bubblelink.service.params import (
    AsofParams,
    BetaParams,
    ClaimsParams,
    ContagionParams,
    CorrParams,
    DccParams,
    DrawdownsParams,
    EventParams,
    LeadLagParams,
    LiquidityParams,
    Params,
    PerfParams,
    RegimesParams,
    RiskParams,
    ScenarioParams,
    SpilloverParams,
    SummaryParams,
    TailsParams,
)

Runner = Callable[[StoreLike, Any], ServiceResult]
Chart = Callable[[ServiceResult], go.Figure]


@dataclass(frozen=True)
class Endpoint:
    """One served question.

    Attributes
    ----------
    name : str
        The CLI command (``corr``), the API path (``/api/corr``) and the cache key.
    summary : str
        One line for the OpenAPI document.
    params : type of Params
        The parameter model, shared with the CLI.
    run : callable
        ``(store, params) -> ServiceResult``: the service function.
    chart : callable, optional
        ``ServiceResult -> Figure`` for ``/api/charts/<name>``.
    path : str, optional
        Another JSON path (default ``/api/<name>``).
    command : str
        The CLI command with the same parameters (default: ``name``).
    """

    name: str
    summary: str
    params: type[Params]
    run: Runner
    chart: Chart | None = None
    path: str | None = None
    command: str | None = None

    @property
    def url(self) -> str:
        """The JSON path."""
        return self.path or f"/api/{self.name}"


def _spillover_chart(r: ServiceResult) -> go.Figure:
    if not hasattr(r.result, "pairwise_net"):
        raise DataError("the spillover chart shows a static table: leave out window")
    return charts.spillover_network_chart(r.result, r.synthetic)


def _liquidity_chart(r: ServiceResult) -> go.Figure:
    if r.result.btc is None:
        reason = next((n for n in r.notes if n.startswith("BTC vs liquidity")), "btc=false")
        raise DataError(f"no BTC vs liquidity to chart ({reason}): ask with btc=true")
    return charts.liquidity_chart(r.result.btc, r.synthetic)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "corr",
        "Correlation of A and B with a 95% interval (bubblelink corr)",
        CorrParams,
        linkage.correlation,
        lambda r: charts.correlation_chart([r.result.rolling], r.synthetic),
    ),
    Endpoint(
        "beta",
        "Beta profile: OLS/HAC, downside vs upside, capture, stress (bubblelink beta)",
        BetaParams,
        linkage.beta,
        lambda r: charts.beta_chart([r.result.asymmetric], r.synthetic),
    ),
    Endpoint(
        "tails",
        "Empirical lower/upper tail dependence (bubblelink tails)",
        TailsParams,
        linkage.tails,
    ),
    Endpoint(
        "contagion",
        "Forbes-Rigobon contagion test (bubblelink contagion)",
        ContagionParams,
        linkage.contagion,
    ),
    Endpoint(
        "dcc",
        "DCC(1,1)-GARCH(1,1) conditional correlations (bubblelink dcc)",
        DccParams,
        linkage.dcc,
        lambda r: charts.dcc_chart(r.result, r.synthetic),
    ),
    Endpoint(
        "regimes",
        "Markov-switching regimes and statistics by regime (bubblelink regimes)",
        RegimesParams,
        linkage.regimes,
    ),
    Endpoint(
        "spillover",
        "Diebold-Yilmaz spillover table, static or rolling (bubblelink spillover)",
        SpilloverParams,
        transmission.spillover,
        _spillover_chart,
    ),
    Endpoint(
        "leadlag",
        "Cross-correlations by lag and Granger causality (bubblelink leadlag)",
        LeadLagParams,
        transmission.leadlag,
        lambda r: charts.leadlag_chart(r.result, r.synthetic),
    ),
    Endpoint(
        "event",
        "Market-model event study with CAR (bubblelink event)",
        EventParams,
        events.event,
        lambda r: charts.event_car_chart(r.result.study, r.synthetic),
    ),
    Endpoint(
        "perf",
        "Total return, drawdown, volatility, beta over a period (bubblelink perf)",
        PerfParams,
        events.performance,
        lambda r: charts.performance_chart(r.result, r.synthetic),
    ),
    Endpoint(
        "drawdowns",
        "Drawdown episodes of each asset (bubblelink drawdowns)",
        DrawdownsParams,
        events.drawdowns,
    ),
    Endpoint(
        "liquidity",
        "Liquidity and credit gauges as released, and BTC vs liquidity (bubblelink liquidity)",
        LiquidityParams,
        liquidity.liquidity,
        _liquidity_chart,
    ),
    Endpoint(
        "liquidity-btc",
        "BTC against liquidity (weekly): elasticity, growth, lead-lag, cointegration",
        AsofParams,
        liquidity.btc_liquidity,
        lambda r: charts.liquidity_chart(r.result, r.synthetic),
        path="/api/liquidity/btc",
        command="liquidity",
    ),
    Endpoint(
        "risk",
        "AI-contagion risk score (0-100) and its components (bubblelink risk)",
        RiskParams,
        risk.risk,
        lambda r: charts.risk_chart(r.result, r.synthetic),
    ),
    Endpoint(
        "scenario",
        "Two-phase stress scenario: BTC path distribution (bubblelink scenario)",
        ScenarioParams,
        scenarios.scenario,
        lambda r: charts.scenario_fan_chart(r.result, r.synthetic),
    ),
    Endpoint(
        "claims",
        "Published claims reproduced from data, or the forward scorecard (bubblelink claims)",
        ClaimsParams,
        claims.claims,
    ),
    Endpoint(
        "summary",
        "BTC's linkage to each AI/tech asset right now (bubblelink demo's summary)",
        SummaryParams,
        summary.linkage_summary,
        command="demo",
    ),
)
