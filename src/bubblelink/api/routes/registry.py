"""The questions the API serves: one entry per CLI command, same parameters, same JSON.

Each entry names the service function (:mod:`bubblelink.service`) and its parameter
model (:mod:`bubblelink.service.params`, shared with the CLI), and optionally a chart
builder (:mod:`bubblelink.report.figures`, shared with the report and with
``ServiceResult.plot()``). One entry gives
``GET /api/<name>`` (the result's JSON, identical to ``bubblelink <name> --format json``)
and, with a chart, ``GET /api/charts/<name>`` (the plotly figure the dashboard draws).
Service modules and the chart builders are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bubblelink.service.params import (
    AsofParams,
    BetaParams,
    ClaimsParams,
    ContagionParams,
    CorrParams,
    DccParams,
    DominanceParams,
    DrawdownsParams,
    EventParams,
    FlowsParams,
    LeadLagParams,
    LiquidityParams,
    Params,
    PerfParams,
    RegimesParams,
    RiskParams,
    ScenarioListParams,
    ScenarioParams,
    ScenarioRunParams,
    SpilloverParams,
    SummaryParams,
    TailsParams,
    ValuationParams,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from bubblelink.service._envelope import ServiceResult
    from bubblelink.service.data import StoreLike

Chart = Callable[["ServiceResult"], "go.Figure"]


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
    service : str
        ``"module:function"`` of the service function, ``(store, params) -> ServiceResult``
        (imported on first use, so the server starts without the data stack).
    chart : callable, optional
        ``ServiceResult -> Figure`` for ``/api/charts/<name>``.
    path : str, optional
        Another JSON path (default ``/api/<name>``).
    command : str
        The CLI command with the same parameters (default: ``name``); a subcommand is
        written with a space (``scenario run``).
    """

    name: str
    summary: str
    params: type[Params]
    service: str
    chart: Chart | None = None
    path: str | None = None
    command: str | None = None

    @property
    def url(self) -> str:
        """The JSON path."""
        return self.path or f"/api/{self.name}"

    def run(self, store: StoreLike, params: Params) -> ServiceResult:
        """Call the service function."""
        module, _, function = self.service.partition(":")
        answer: ServiceResult = getattr(importlib.import_module(module), function)(store, params)
        return answer


def _chart(question: str) -> Chart:
    """The report's figure of ``question`` (:data:`bubblelink.report.figures.FIGURES`, the
    builder ``ServiceResult.plot()`` uses too), imported on first use."""

    def draw(r: ServiceResult) -> go.Figure:
        figures = importlib.import_module("bubblelink.report.figures").FIGURES
        figure: go.Figure = figures[question](r)
        return figure

    return draw


_corr_chart = _chart("corr")
_beta_chart = _chart("beta")
_dcc_chart = _chart("dcc")
_spillover_chart = _chart("spillover")
_leadlag_chart = _chart("leadlag")
_event_chart = _chart("event")
_dominance_chart = _chart("dominance")
_valuation_chart = _chart("valuation")
_perf_chart = _chart("perf")
_liquidity_chart = _chart("liquidity")
_global_m2_chart = _chart("liquidity-global")
_btc_liquidity_chart = _chart("liquidity-btc")
_risk_chart = _chart("risk")
_scenario_chart = _chart("scenario")
_scenario_run_chart = _chart("scenario-run")
_flows_chart = _chart("flows")

S = "bubblelink.service."

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "corr",
        "Correlation of A and B with a 95% interval (bubblelink corr)",
        CorrParams,
        S + "linkage:correlation",
        _corr_chart,
    ),
    Endpoint(
        "beta",
        "Beta profile: OLS/HAC, downside vs upside, capture, stress (bubblelink beta)",
        BetaParams,
        S + "linkage:beta",
        _beta_chart,
    ),
    Endpoint(
        "tails",
        "Empirical lower/upper tail dependence (bubblelink tails)",
        TailsParams,
        S + "linkage:tails",
    ),
    Endpoint(
        "contagion",
        "Forbes-Rigobon contagion test (bubblelink contagion)",
        ContagionParams,
        S + "linkage:contagion",
    ),
    Endpoint(
        "dcc",
        "DCC(1,1)-GARCH(1,1) conditional correlations (bubblelink dcc)",
        DccParams,
        S + "linkage:dcc",
        _dcc_chart,
    ),
    Endpoint(
        "regimes",
        "Markov-switching regimes and statistics by regime (bubblelink regimes)",
        RegimesParams,
        S + "linkage:regimes",
    ),
    Endpoint(
        "spillover",
        "Diebold-Yilmaz spillover table, static or rolling (bubblelink spillover)",
        SpilloverParams,
        S + "transmission:spillover",
        _spillover_chart,
    ),
    Endpoint(
        "leadlag",
        "Cross-correlations by lag and Granger causality (bubblelink leadlag)",
        LeadLagParams,
        S + "transmission:leadlag",
        _leadlag_chart,
    ),
    Endpoint(
        "event",
        "Market-model event study with CAR (bubblelink event)",
        EventParams,
        S + "events:event",
        _event_chart,
    ),
    Endpoint(
        "perf",
        "Total return, drawdown, volatility, beta over a period (bubblelink perf)",
        PerfParams,
        S + "events:performance",
        _perf_chart,
    ),
    Endpoint(
        "drawdowns",
        "Drawdown episodes of each asset (bubblelink drawdowns)",
        DrawdownsParams,
        S + "events:drawdowns",
    ),
    Endpoint(
        "liquidity",
        "Liquidity and credit gauges as released, and BTC vs liquidity (bubblelink liquidity)",
        LiquidityParams,
        S + "liquidity:liquidity",
        _liquidity_chart,
    ),
    Endpoint(
        "liquidity-btc",
        "BTC against liquidity (weekly): elasticity, growth, lead-lag, cointegration",
        AsofParams,
        S + "liquidity:btc_liquidity",
        _btc_liquidity_chart,
        path="/api/liquidity/btc",
        command="liquidity",
    ),
    Endpoint(
        "liquidity-global",
        "Global M2 in USD by component, coverage and total (bubblelink liquidity --global)",
        AsofParams,
        S + "liquidity:liquidity_global",
        _global_m2_chart,
        path="/api/liquidity/global",
        command="liquidity",
    ),
    Endpoint(
        "risk",
        "AI-contagion risk score (0-100) and its components (bubblelink risk)",
        RiskParams,
        S + "risk:risk",
        _risk_chart,
    ),
    Endpoint(
        "scenario",
        "Two-phase stress scenario: BTC path distribution (bubblelink scenario)",
        ScenarioParams,
        S + "scenarios:scenario",
        _scenario_chart,
    ),
    Endpoint(
        "scenario-run",
        "Scenario on one engine or all: price fan, P(below), VaR/ES, engines compared "
        "(bubblelink scenario run)",
        ScenarioRunParams,
        S + "scenarios:scenario_run",
        _scenario_run_chart,
        path="/api/scenario/run",
        command="scenario run",
    ),
    Endpoint(
        "scenario-list",
        "The shipped scenarios: name, title, phases, shocks (bubblelink scenario list)",
        ScenarioListParams,
        S + "scenarios:scenario_list",
        path="/api/scenario/list",
        command="scenario list",
    ),
    Endpoint(
        "claims",
        "Published claims reproduced from data, or the forward scorecard (bubblelink claims)",
        ClaimsParams,
        S + "claims:claims",
    ),
    Endpoint(
        "summary",
        "BTC's linkage to each AI/tech asset right now (bubblelink demo's summary)",
        SummaryParams,
        S + "summary:linkage_summary",
        command="demo",
    ),
    Endpoint(
        "flows",
        "Spot bitcoin ETF flows: cumulative, streaks, worst tech days, lead-lag (bubblelink flows)",
        FlowsParams,
        S + "flows:flows",
        _flows_chart,
    ),
    Endpoint(
        "dominance",
        "BTC dominance and total crypto market cap, CoinGecko else CoinMarketCap "
        "(bubblelink dominance)",
        DominanceParams,
        S + "market_structure:dominance",
        _dominance_chart,
    ),
    Endpoint(
        "valuation",
        "Nonfinancial corporate equities over nominal GDP, as released (bubblelink valuation)",
        ValuationParams,
        S + "market_structure:valuation",
        _valuation_chart,
    ),
)
