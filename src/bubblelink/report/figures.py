"""The figure of each question's result: one builder per question, shared by every output.

``FIGURES`` maps a question (the CLI command / API name: ``corr``, ``beta``...) to a
function ``ServiceResult -> plotly Figure`` that calls the report's chart builders
(:mod:`bubblelink.report.charts`) on that one result. The dashboard's
``/api/charts/<name>`` (:mod:`bubblelink.api.routes.registry`) and
:meth:`ServiceResult.plot` (notebooks) draw with these functions, so a result looks the
same everywhere; the report's sections call the same chart builders (several results
in one figure where a section compares them).

Importing this module registers every builder in :mod:`bubblelink.service.figures`
(the service layer may not import the report; the report registers into it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bubblelink.errors import DataError
from bubblelink.report import charts
from bubblelink.service.figures import register_figure

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from bubblelink.service._envelope import ServiceResult


def corr_figure(r: ServiceResult) -> go.Figure:
    """``corr``: the rolling correlation with its Fisher-z band."""
    return charts.correlation_chart([r.result.rolling], r.synthetic)


def beta_figure(r: ServiceResult) -> go.Figure:
    """``beta``: downside vs upside beta with their 95% intervals."""
    return charts.beta_chart([r.result.asymmetric], r.synthetic)


def dcc_figure(r: ServiceResult) -> go.Figure:
    """``dcc``: conditional correlations over time."""
    return charts.dcc_chart(r.result, r.synthetic)


def spillover_figure(r: ServiceResult) -> go.Figure:
    """``spillover`` (static table only): the net spillover network."""
    if not hasattr(r.result, "pairwise_net"):
        raise DataError("the spillover chart shows a static table: leave out window")
    return charts.spillover_network_chart(r.result, r.synthetic)


def leadlag_figure(r: ServiceResult) -> go.Figure:
    """``leadlag``: cross-correlations by lag with their bands."""
    return charts.leadlag_chart(r.result, r.synthetic)


def event_figure(r: ServiceResult) -> go.Figure:
    """``event``: cumulative abnormal return of each target."""
    return charts.event_car_chart(r.result.study, r.synthetic)


def dominance_figure(r: ServiceResult) -> go.Figure:
    """``dominance`` (with its daily path): dominance and total market cap by source."""
    if r.result.path is None:
        raise DataError("the dominance chart draws the daily path: ask with path=true")
    return charts.dominance_chart(r.result, r.synthetic)


def valuation_figure(r: ServiceResult) -> go.Figure:
    """``valuation``: equities over GDP by quarter."""
    return charts.valuation_chart(r.result, r.synthetic)


def perf_figure(r: ServiceResult) -> go.Figure:
    """``perf``: total return and maximum drawdown of each asset."""
    return charts.performance_chart(r.result, r.synthetic)


def liquidity_figure(r: ServiceResult) -> go.Figure:
    """``liquidity``: liquidity with BTC overlaid (needs the BTC comparison)."""
    if not hasattr(r.result, "btc"):
        raise DataError("no chart for global M2 (global_m2=true): ask without it")
    if r.result.btc is None:
        reason = next((n for n in r.notes if n.startswith("BTC vs liquidity")), "btc=false")
        raise DataError(f"no BTC vs liquidity to chart ({reason}): ask with btc=true")
    return charts.liquidity_chart(r.result.btc, r.synthetic)


def global_m2_figure(r: ServiceResult) -> go.Figure:
    """``liquidity-global``: global M2 in USD by component."""
    return charts.global_m2_chart(r.result, r.synthetic)


def btc_liquidity_figure(r: ServiceResult) -> go.Figure:
    """``liquidity-btc``: liquidity with BTC overlaid."""
    return charts.liquidity_chart(r.result, r.synthetic)


def risk_figure(r: ServiceResult) -> go.Figure:
    """``risk``: gauge, contributions, history and reliability."""
    return charts.risk_chart(r.result, r.synthetic)


def scenario_figure(r: ServiceResult) -> go.Figure:
    """``scenario``: the fan of BTC relative to the start."""
    return charts.scenario_fan_chart(r.result, r.synthetic)


def scenario_run_figure(r: ServiceResult) -> go.Figure:
    """``scenario run``: the price fan of each engine with the thresholds."""
    return charts.scenario_run_chart(r.result, r.synthetic)


def flows_figure(r: ServiceResult) -> go.Figure:
    """``flows``: daily and cumulative ETF flows."""
    return charts.flows_chart(r.result, r.synthetic)


#: question → ``ServiceResult -> Figure`` (the questions with a chart)
FIGURES: dict[str, Callable[[ServiceResult], go.Figure]] = {
    "corr": corr_figure,
    "beta": beta_figure,
    "dcc": dcc_figure,
    "spillover": spillover_figure,
    "leadlag": leadlag_figure,
    "event": event_figure,
    "perf": perf_figure,
    "liquidity": liquidity_figure,
    "liquidity-btc": btc_liquidity_figure,
    "liquidity-global": global_m2_figure,
    "risk": risk_figure,
    "scenario": scenario_figure,
    "scenario-run": scenario_run_figure,
    "flows": flows_figure,
    "dominance": dominance_figure,
    "valuation": valuation_figure,
}

for _question, _builder in FIGURES.items():
    register_figure(_question, _builder)
