"""The analyses the API serves: name, query model, how to run it, how to draw it.

One entry gives two endpoints: ``GET /api/<name>`` (the analysis as JSON) and, when it
has a chart, ``GET /api/charts/<name>`` (the plotly figure the dashboard draws, built by
the same :mod:`bubblelink.report.charts` builders as the report).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from bubblelink.api import params as p
from bubblelink.report import analyses, charts
from bubblelink.report.analyses import Analysis, ScenarioInputs
from bubblelink.store import Store

Runner = Callable[[Store], Analysis]


@dataclass(frozen=True)
class Endpoint:
    """One served analysis."""

    name: str
    summary: str
    query: type[p.QueryModel]
    run: Callable[[p.QueryModel], Runner]
    chart: Callable[[Analysis], go.Figure] | None = None
    path: str | None = None

    @property
    def url(self) -> str:
        """The JSON path (``/api/<name>`` unless given)."""
        return self.path or f"/api/{self.name}"


def _corr(q: p.CorrQuery) -> Runner:
    return lambda st: analyses.correlation(
        st, q.a, q.b, q.window, q.method, q.lam, q.calendar, q.start, q.end, q.asof
    )


def _beta(q: p.BetaQuery) -> Runner:
    return lambda st: analyses.beta(
        st, q.asset, q.market, q.split, q.window, q.calendar, q.start, q.end, q.asof
    )


def _dcc(q: p.DccQuery) -> Runner:
    return lambda st: analyses.dcc(st, q.symbols, q.dist, q.calendar, q.start, q.end, q.asof)


def _spillover(q: p.SpilloverQuery) -> Runner:
    return lambda st: analyses.spillover(
        st, q.symbols, q.lags, q.horizon, q.decomposition, q.calendar, q.start, q.end, q.asof
    )


def _leadlag(q: p.LeadLagQuery) -> Runner:
    return lambda st: analyses.leadlag(
        st, q.a, q.b, q.max_lag, q.freq, q.calendar, q.start, q.end, q.asof
    )


def _event(q: p.EventQuery) -> Runner:
    event_id = q.event_id if not q.symbol else None
    return lambda st: analyses.event(
        st,
        event_id,
        q.symbol,
        q.date,
        q.targets,
        q.market,
        q.window,
        q.estimation,
        q.gap,
        q.asof,
    )


def _perf(q: p.PerfQuery) -> Runner:
    return lambda st: analyses.performance(st, q.symbols, q.since, q.until, q.benchmark, q.asof)


def _scenario(q: p.ScenarioQuery) -> Runner:
    inputs = ScenarioInputs(
        phase1_basket_change=q.phase1_basket_change,
        phase1_sessions=q.phase1_sessions,
        phase2_basket_change=q.phase2_basket_change,
        phase2_sessions=q.phase2_sessions,
        phase2_net_liquidity_change_bn=q.phase2_net_liquidity_change_bn,
        paths=q.paths,
        seed=q.seed,
    )
    return lambda st: analyses.scenario(st, inputs, q.asof)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "corr",
        "Rolling correlation of log returns with Fisher-z CI (bubblelink corr)",
        p.CorrQuery,
        _corr,  # type: ignore[arg-type]
        lambda a: charts.correlation_chart([a.result], a.synthetic),
    ),
    Endpoint(
        "beta",
        "Beta profile: OLS/HAC, downside vs upside, capture, stress (bubblelink beta)",
        p.BetaQuery,
        _beta,  # type: ignore[arg-type]
        lambda a: charts.beta_chart([a.result.asymmetric], a.synthetic),
    ),
    Endpoint(
        "dcc",
        "DCC(1,1)-GARCH(1,1) conditional correlations (bubblelink dcc)",
        p.DccQuery,
        _dcc,  # type: ignore[arg-type]
        lambda a: charts.dcc_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "spillover",
        "Diebold-Yilmaz spillover table (bubblelink spillover)",
        p.SpilloverQuery,
        _spillover,  # type: ignore[arg-type]
        lambda a: charts.spillover_network_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "leadlag",
        "Cross-correlations by lag and Granger causality (bubblelink leadlag)",
        p.LeadLagQuery,
        _leadlag,  # type: ignore[arg-type]
        lambda a: charts.leadlag_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "event",
        "Market-model event study with CAR (bubblelink event)",
        p.EventQuery,
        _event,  # type: ignore[arg-type]
        lambda a: charts.event_car_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "perf",
        "Total return, drawdown, volatility, beta over a period (bubblelink perf)",
        p.PerfQuery,
        _perf,  # type: ignore[arg-type]
        lambda a: charts.performance_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "liquidity",
        "Liquidity and credit gauges as released on a date",
        p.AsofQuery,
        lambda q: lambda st: analyses.liquidity(st, q.asof),  # type: ignore[attr-defined]
    ),
    Endpoint(
        "liquidity-btc",
        "BTC against liquidity (weekly): elasticity, growth, lead-lag, cointegration",
        p.AsofQuery,
        lambda q: lambda st: analyses.btc_liquidity(st, q.asof),  # type: ignore[attr-defined]
        lambda a: charts.liquidity_chart(a.result, a.synthetic),
        path="/api/liquidity/btc",
    ),
    Endpoint(
        "risk",
        "AI-contagion risk score (0-100) and its components",
        p.AsofQuery,
        lambda q: lambda st: analyses.risk(st, q.asof),  # type: ignore[attr-defined]
        lambda a: charts.risk_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "scenario",
        "Two-phase stress scenario (AI-credit shock, then easing): BTC path distribution",
        p.ScenarioQuery,
        _scenario,  # type: ignore[arg-type]
        lambda a: charts.scenario_fan_chart(a.result, a.synthetic),
    ),
    Endpoint(
        "claims",
        "Published claims reproduced from data, with verdicts",
        p.AsofQuery,
        lambda q: lambda st: analyses.claims(st, q.asof),  # type: ignore[attr-defined]
    ),
)
