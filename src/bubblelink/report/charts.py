"""Plotly figure builders shared by the HTML report and the dashboard.

Each builder takes analytics result objects (never raw data) and returns a
:class:`plotly.graph_objects.Figure`. Builders only draw: every number they show comes
from the result they are given. Two rules hold for every figure:

* **Synthetic data is labelled.** With ``synthetic=True`` the title starts with
  ``[SYNTHETIC]`` (the sample market is not market data).
* **User text is escaped.** Symbol names and labels go through :func:`label`, which
  HTML-escapes them; plotly.js turns the entities back into literal characters, so a
  symbol named ``<script>`` is shown, never interpreted.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from bubblelink.report.numbers import format_number

if TYPE_CHECKING:  # result types only: charts draw what the service layer returns
    from bubblelink.analytics.beta import AsymmetricBetaResult
    from bubblelink.analytics.correlation import RollingCorrelationResult
    from bubblelink.analytics.dcc import DCCResult
    from bubblelink.analytics.events import CrossAssetEventResult
    from bubblelink.analytics.leadlag import LeadLagResult
    from bubblelink.analytics.performance import PeriodPerformanceResult
    from bubblelink.analytics.spillover import SpilloverResult

#: Prefix of every chart title built from synthetic data.
SYNTHETIC_TAG = "[SYNTHETIC]"

#: A colour cycle readable on white (Okabe-Ito, colour-blind safe).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)


def label(text: object) -> str:
    """User-supplied text made safe for plotly titles, legends and hover text."""
    return html.escape(str(text), quote=True)


def chart_title(text: str, synthetic: bool) -> str:
    """``text`` (already escaped), prefixed with :data:`SYNTHETIC_TAG` for synthetic data."""
    return f"{SYNTHETIC_TAG} {text}" if synthetic else text


def _rgba(hex_colour: str, alpha: float) -> str:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


#: Trace properties that hold one value per point (handed to plotly as arrays by
#: :func:`_trace`).
_POINT_PROPS = ("x", "y")

_Trace = TypeVar("_Trace")


def _trace(kind: Callable[..., _Trace], **props: Any) -> _Trace:
    """``kind(**props)`` (a plotly trace) with its per-point lists given as object arrays.

    plotly validates and copies a list element by element (about 1.5 µs each, twice: the
    trace and ``add_trace``'s copy), an array in one step; the figure's JSON is the same
    (the arrays hold the same Python values and are written as lists). The dashboard's
    fourteen charts spent ~0.3 s there.
    """
    for key in _POINT_PROPS:
        value = props.get(key)
        if isinstance(value, (list, tuple)):
            array = np.empty(len(value), dtype=object)
            array[:] = value
            props[key] = array
    return kind(**props)


def _white(fig: go.Figure) -> None:
    """The ``plotly_white`` template, set as plotly sets its default template on every new
    figure: without validating it again (a registered template is valid; validating
    rebuilt the whole template, ~10 ms, two thirds of a small chart's drawing)."""
    layout = fig.layout
    layout._validate = False  # plotly's own switch (BaseFigure._initialize_layout_template)
    try:
        layout.template = pio.templates["plotly_white"]
    finally:
        layout._validate = fig._validate


#: Height of a figure, pixels (the dominance figure's two panels take more).
HEIGHT = 420
#: Where the legend sits: below the plot, its bottom at this fraction of the plot height.
LEGEND_Y = -0.3
#: The margins every figure starts from; :func:`planned_margin` widens them for what
#: the figure holds.
MARGIN = {"l": 76, "r": 30, "t": 60, "b": 50}
#: Room, pixels, at the right for a right-hand axis' tick labels and title, and for a
#: colour bar (its bar, ticks and title).
RIGHT_AXIS_MARGIN = 80
COLORBAR_MARGIN = 110
#: plotly.js's padding around what pushes a margin (``Plots.autoMargin``: 12 px unless
#: a margin is smaller).
_PUSH_PAD = 12


def _legend_shown(fig: go.Figure) -> bool:
    """Whether plotly.js shows the legend: as set, else by its default (legend
    ``groupDefaults``): at least one trace listed in it, and more than one trace that
    could be (one hidden with ``showlegend=False`` counts; one with ``showlegend=True``
    set counts twice)."""
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend)
    count, listed = 0, False
    for trace in fig.data:
        if "showlegend" not in trace or trace.visible is False:
            continue
        count += 1 + (trace.showlegend is True)
        listed = listed or trace.showlegend is not False
    return listed and count > 1


def _has_colorbar(fig: go.Figure) -> bool:
    for trace in fig.data:
        marker = trace.marker if "marker" in trace else None
        if ("showscale" in trace and trace.showscale) or (marker is not None and marker.showscale):
            return True
    return False


def planned_margin(fig: go.Figure, top: int | None = None) -> dict[str, int]:
    """The margins plotly.js's automargin would settle on, set before it draws.

    Legends, colour bars and axis labels push the margins; when they end up wider than
    the layout's, plotly.js draws the whole figure a second time (``doAutoMargin``).
    Planned here from what the figure holds, the first drawing is the last: the legend
    below the plot (its bottom at ``LEGEND_Y`` of the plot height, plus plotly's 12 px
    pad: ``b = (-LEGEND_Y * (height - t) + pad) / (1 - LEGEND_Y)``), a right-hand axis
    or a colour bar at the right, the y tick labels at the left. Automargin stays on:
    a label wider than planned still pushes (and costs the second drawing), never clips.
    ``top`` replaces the top margin (the report's figures, titled by an HTML caption).
    """
    layout = fig.layout
    margin = dict(MARGIN)
    if top is not None:
        margin["t"] = top
    height = layout.height or HEIGHT
    if _legend_shown(fig) and layout.legend.y == LEGEND_Y and layout.legend.yanchor == "bottom":
        legend = (-LEGEND_Y * (height - margin["t"]) + _PUSH_PAD) / (1 - LEGEND_Y)
        margin["b"] = max(margin["b"], math.ceil(legend))
    right_axis = any(
        layout[key].side == "right" and layout[key].visible is not False
        for key in layout
        if key.startswith("yaxis")
    )
    if _has_colorbar(fig):
        margin["r"] = max(margin["r"], COLORBAR_MARGIN)
    elif right_axis:
        margin["r"] = max(margin["r"], RIGHT_AXIS_MARGIN)
    return margin


def _layout(
    fig: go.Figure, title: str, synthetic: bool, height: int = HEIGHT, **axes: Any
) -> go.Figure:
    _white(fig)
    fig.update_layout(
        title={"text": chart_title(title, synthetic), "x": 0.01, "xanchor": "left"},
        legend={"orientation": "h", "yanchor": "bottom", "y": LEGEND_Y, "x": 0},
        height=height,
        **axes,
    )
    # axis titles and tick labels (a log axis' "100k") push the margins instead of
    # being clipped at the figure's edge; so no label can run past the figure, and
    # plotly.js's check for those that do (its default "hide past div": every label's
    # box measured again for each label drawn) is left out: about a sixth of the
    # dashboard's drawing time
    fig.update_xaxes(automargin=True, ticklabeloverflow="allow")
    fig.update_yaxes(automargin=True, ticklabeloverflow="allow")
    fig.update_layout(margin=planned_margin(fig))
    return fig


def log_ticks(values: Sequence[float] | pd.Series) -> dict[str, Any]:
    """Tick values and labels of a log axis over ``values``: the 1-2-5 steps inside
    their range, labelled ``20k``, ``50k``, ``100k`` (plotly's own log ticks label the
    intermediate steps with a bare digit, "2", "5", that reads as a price).
    """
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v)) and v > 0]
    if not finite:
        return {}
    low, high = min(finite), max(finite)
    ticks: list[float] = []
    exponent = math.floor(math.log10(low))
    while 10**exponent <= high * 10:
        for step in (1, 2, 5):
            tick = step * 10.0**exponent
            if low / 1.5 <= tick <= high * 1.5:
                ticks.append(tick)
        exponent += 1

    def text(value: float) -> str:
        for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
            if value >= scale:
                return f"{value / scale:g}{suffix}"
        return f"{value:g}"

    return {"tickvals": ticks, "ticktext": [text(t) for t in ticks]}


def _dates(index: pd.Index) -> list[str]:
    return [pd.Timestamp(d).date().isoformat() for d in index]


def _finite(values: Sequence[float] | pd.Series) -> list[float | None]:
    return [float(v) if v is not None and math.isfinite(float(v)) else None for v in values]


def _add_band(
    fig: go.Figure,
    x: list[Any],
    low: pd.Series,
    high: pd.Series,
    fillcolor: str,
    name: str,
    legendgroup: str | None = None,
    **lower: Any,
) -> None:
    """A filled band from ``low`` to ``high``: an invisible upper line, then the lower line
    filled up to it (``tonexty``); ``lower`` sets more properties of the lower line."""
    fig.add_trace(
        _trace(
            go.Scatter,
            x=x,
            y=_finite(high),
            mode="lines",
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
            legendgroup=legendgroup,
        )
    )
    fig.add_trace(
        _trace(
            go.Scatter,
            x=x,
            y=_finite(low),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=fillcolor,
            name=name,
            legendgroup=legendgroup,
            **lower,
        )
    )


def correlation_chart(
    results: Sequence[RollingCorrelationResult], synthetic: bool, title: str | None = None
) -> go.Figure:
    """Rolling correlations, each with its Fisher-z confidence band.

    Parameters
    ----------
    results : sequence of RollingCorrelationResult
        One line per result (e.g. BTC vs the AI basket and vs the Nasdaq, 30 and 90).
    synthetic : bool
        Label the chart as synthetic.
    title : str, optional
        Already-escaped title; default names the pairs.
    """
    fig = go.Figure()
    for i, result in enumerate(results):
        colour = _colour(i)
        span = f"{result.window}" if result.window else f"EWMA λ={result.lam}"
        name = f"{label(result.a)} vs {label(result.b)} ({span})"
        frame = result.to_frame().dropna(subset=["value"])
        x = _dates(frame.index)
        _add_band(
            fig,
            x,
            frame["ci_low"],
            frame["ci_high"],
            _rgba(colour, 0.15),
            f"{name} {result.confidence:.0%} CI",
            legendgroup=name,
            hoverinfo="skip",
            showlegend=False,
        )
        fig.add_trace(
            _trace(
                go.Scatter,
                x=x,
                y=_finite(frame["value"]),
                mode="lines",
                line={"color": colour, "width": 1.6},
                name=name,
                legendgroup=name,
            )
        )
    if title is None:
        title = "Rolling correlation of log returns (Fisher-z 95% band)"
    return _layout(fig, title, synthetic, yaxis={"range": [-1, 1], "title": "correlation"})


def beta_chart(results: Sequence[AsymmetricBetaResult], synthetic: bool) -> go.Figure:
    """Downside and upside beta per market, with their confidence intervals."""
    fig = go.Figure()
    markets = [label(r.market) for r in results]
    for i, (row, name) in enumerate((("downside_beta", "downside"), ("upside_beta", "upside"))):
        estimates, plus, minus = [], [], []
        for result in results:
            table = result.to_frame().loc[row]
            estimates.append(float(table["estimate"]))
            plus.append(float(table["ci_high"] - table["estimate"]))
            minus.append(float(table["estimate"] - table["ci_low"]))
        fig.add_trace(
            _trace(
                go.Bar,
                x=markets,
                y=_finite(estimates),
                name=f"{name} beta",
                marker_color=_colour(3 if i == 0 else 2),
                error_y={"type": "data", "array": _finite(plus), "arrayminus": _finite(minus)},
            )
        )
    asset = label(results[0].asset) if results else "asset"
    return _layout(
        fig,
        f"Downside vs upside beta of {asset} (95% CI, HAC)",
        synthetic,
        barmode="group",
        yaxis={"title": "beta"},
    )


def dcc_chart(result: DCCResult, synthetic: bool, pairs: Sequence[str] | None = None) -> go.Figure:
    """DCC conditional correlations over time, one line per pair."""
    fig = go.Figure()
    corr = result.correlations
    columns = [c for c in corr.columns if pairs is None or c in pairs]
    x = _dates(corr.index)
    for i, column in enumerate(columns):
        fig.add_trace(
            _trace(
                go.Scatter,
                x=x,
                y=_finite(corr[column]),
                mode="lines",
                name=label(str(column).replace("~", " vs ")),
                line={"color": _colour(i), "width": 1.4},
            )
        )
    return _layout(
        fig,
        f"DCC(1,1)-GARCH(1,1) conditional correlation ({result.dist} margins)",
        synthetic,
        yaxis={"range": [-1, 1], "title": "correlation"},
    )


def spillover_network_chart(result: SpilloverResult, synthetic: bool) -> go.Figure:
    """The net pairwise spillover network (Diebold-Yilmaz).

    Nodes sit on a circle (presentation only); an arrow goes from each net transmitter
    to the receiver, its width proportional to the net pairwise spillover. Node colour is
    the node's net directional spillover (to minus from others).
    """
    names = list(result.variables)
    count = len(names)
    angle = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    pos = {n: (math.cos(a), math.sin(a)) for n, a in zip(names, angle, strict=True)}
    net = result.pairwise_net
    largest = max((abs(float(v)) for v in net.to_numpy().ravel() if math.isfinite(v)), default=0)
    fig = go.Figure()
    annotations: list[dict[str, Any]] = []
    for source in names:
        for target in names:
            # pairwise_net[i, j] > 0: row i transmits to column j on net
            value = float(net.loc[source, target]) if source != target else 0.0
            if not value > 0 or largest == 0:
                continue
            (x0, y0), (x1, y1) = pos[source], pos[target]
            annotations.append(
                {
                    "x": x0 + 0.85 * (x1 - x0),
                    "y": y0 + 0.85 * (y1 - y0),
                    "ax": x0 + 0.15 * (x1 - x0),
                    "ay": y0 + 0.15 * (y1 - y0),
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowsize": 1,
                    "arrowwidth": 1 + 5 * value / largest,
                    "arrowcolor": _rgba(_colour(0), 0.6),
                    "text": "",
                    "hovertext": f"{label(source)} → {label(target)}: {value:.2f}%",
                }
            )
    directional = result.directional
    fig.add_trace(
        _trace(
            go.Scatter,
            x=[pos[n][0] for n in names],
            y=[pos[n][1] for n in names],
            mode="markers+text",
            text=[label(n) for n in names],
            textposition="top center",
            marker={
                "size": [18 + 0.6 * float(directional.loc[n, "to_others"]) for n in names],
                "color": _finite(directional["net"].reindex(names)),
                "colorscale": "RdBu_r",
                "cmid": 0,
                "showscale": True,
                "colorbar": {"title": "net %"},
                "line": {"width": 1, "color": "#333"},
            },
            hovertext=[
                f"{label(n)}: to {float(directional.loc[n, 'to_others']):.2f}%, "
                f"from {float(directional.loc[n, 'from_others']):.2f}%, "
                f"net {float(directional.loc[n, 'net']):.2f}%"
                for n in names
            ],
            hoverinfo="text",
            showlegend=False,
        )
    )
    hidden = {"visible": False, "range": [-1.4, 1.4]}
    return _layout(
        fig,
        f"Net spillover network: total {result.total:.1f}% (VAR({result.lags}), "
        f"H={result.horizon}, {result.decomposition} FEVD)",
        synthetic,
        xaxis=hidden,
        yaxis={**hidden, "scaleanchor": "x"},
        annotations=annotations,
    )


def leadlag_chart(result: LeadLagResult, synthetic: bool) -> go.Figure:
    """Cross-correlations by lag with the white-noise (and Bartlett) bands."""
    table = result.cross_correlation.table
    lags = [int(v) for v in table.index]
    fig = go.Figure(
        _trace(
            go.Bar,
            x=lags,
            y=_finite(table["corr"]),
            name="cross-correlation",
            marker_color=_colour(0),
        )
    )
    bands = [("band", "white-noise band", "dash")]
    if "bartlett_band" in table.columns:
        bands.append(("bartlett_band", "Bartlett band", "dot"))
    for column, name, dash in bands:
        for sign, show in ((1, True), (-1, False)):
            fig.add_trace(
                _trace(
                    go.Scatter,
                    x=lags,
                    y=_finite(sign * table[column]),
                    mode="lines",
                    name=name,
                    showlegend=show,
                    legendgroup=column,
                    line={"color": "#777", "dash": dash, "width": 1},
                )
            )
    a, b = label(result.a), label(result.b)
    freq = "weekly" if result.freq == "W" else "daily"
    return _layout(
        fig,
        f"Lead-lag of {a} and {b} ({freq}; lag k > 0: {a} leads)",
        synthetic,
        xaxis={"title": "lag k", "dtick": 1},
        yaxis={"title": "corr(A[t-k], B[t])"},
    )


def event_car_chart(result: CrossAssetEventResult, synthetic: bool) -> go.Figure:
    """Cumulative abnormal return of each target over the event window."""
    fig = go.Figure()
    for i, study in enumerate(result.targets):
        frame = study.to_frame()
        fig.add_trace(
            _trace(
                go.Scatter,
                x=[int(d) for d in frame["day"]],
                y=_finite(frame["car"]),
                mode="lines+markers",
                name=f"{label(study.symbol)} (CAR {study.car:+.3f}, p={study.p_value:.2f})",
                line={"color": _colour(i)},
            )
        )
    event = result.event
    return _layout(
        fig,
        f"{label(event.name)}: CAR around {event.reaction_date.date()} "
        f"(market model on {label(result.market or 'none')})",
        synthetic,
        xaxis={"title": "event day (sessions)", "dtick": 1},
        yaxis={"title": "cumulative abnormal log return"},
    )


def performance_chart(result: PeriodPerformanceResult, synthetic: bool) -> go.Figure:
    """Total return and maximum drawdown of each asset over the period."""
    frame = result.to_frame()
    symbols = [label(s) for s in frame.index]
    fig = go.Figure()
    fig.add_trace(
        _trace(
            go.Bar,
            x=symbols,
            y=_finite(frame["total_return"]),
            name="total return",
            marker_color=_colour(0),
        )
    )
    fig.add_trace(
        _trace(
            go.Bar,
            x=symbols,
            y=_finite(frame["max_drawdown"]),
            name="max drawdown",
            marker_color=_colour(3),
        )
    )
    since = pd.Timestamp(result.since).date()
    return _layout(
        fig,
        f"Performance since {since}",
        synthetic,
        barmode="group",
        yaxis={"title": "simple return", "tickformat": ".0%"},
    )


def risk_chart(result: Any, synthetic: bool) -> go.Figure:
    """The risk score as a gauge, each component's contribution, the score history and,
    when measured, the out-of-sample reliability curve of each model.

    ``result`` is a ``bubblelink.risk.RiskScoreResult`` (score, components, history,
    skill).
    """
    from plotly.subplots import make_subplots

    skill = getattr(result, "skill", None)
    panels = 4 if skill is not None else 3
    fig = make_subplots(
        rows=1,
        cols=panels,
        column_widths=[0.18, 0.28, 0.3, 0.24] if skill is not None else [0.25, 0.35, 0.40],
        horizontal_spacing=0.1,
        specs=[[{"type": "indicator"}, *([{"type": "xy"}] * (panels - 1))]],
        subplot_titles=(
            "score",
            "contribution (points)",
            "history",
            *(("reliability (out of sample)",) if skill is not None else ()),
        ),
    )
    fig.add_trace(
        go.Indicator(
            mode="gauge+number",
            value=float(result.score) if math.isfinite(float(result.score)) else None,
            # the report's rule for a score (one decimal), as in the components table
            number={"valueformat": ".1f"},
            gauge={
                "axis": {"range": [0, 100]},
                "bar": {"color": "#333"},
                "steps": [
                    {"range": [0, 40], "color": "#d9f0d3"},
                    {"range": [40, 70], "color": "#fee8a6"},
                    {"range": [70, 100], "color": "#f4b6b0"},
                ],
            },
        ),
        row=1,
        col=1,
    )
    components = result.components
    fig.add_trace(
        _trace(
            go.Bar,
            x=_finite(components["contribution"]),
            y=[label(c) for c in components.index],
            orientation="h",
            marker_color=_colour(0),
            name="contribution",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    history = result.history.dropna()
    fig.add_trace(
        _trace(
            go.Scatter,
            x=_dates(history.index),
            y=_finite(history),
            mode="lines",
            name="risk score",
            line={"color": _colour(3), "width": 1.3},
            showlegend=False,
        ),
        row=1,
        col=3,
    )
    fig.update_yaxes(range=[0, 100], row=1, col=3)
    if skill is not None:
        fig.add_trace(
            _trace(
                go.Scatter,
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name="perfect calibration",
                line={"color": "#999", "dash": "dot", "width": 1},
                showlegend=False,
            ),
            row=1,
            col=4,
        )
        for i, (model, rows) in enumerate(skill.reliability.groupby("model", sort=False)):
            fig.add_trace(
                _trace(
                    go.Scatter,
                    x=_finite(rows["mean_predicted"]),
                    y=_finite(rows["observed_rate"]),
                    mode="lines+markers",
                    name=label(str(model)),
                    line={"color": _colour(i), "width": 1.2},
                ),
                row=1,
                col=4,
            )
        fig.update_xaxes(range=[0, 1], title_text="predicted", row=1, col=4)
        fig.update_yaxes(range=[0, 1], title_text="observed", row=1, col=4)
    return _layout(
        fig,
        f"AI-contagion risk score {format_number(result.score, 'score')}/100 "
        f"({result.components_used} of {result.components_total} components) "
        f"as of {pd.Timestamp(result.as_of).date()}",
        synthetic,
    )


def liquidity_chart(result: Any, synthetic: bool) -> go.Figure:
    """Liquidity (weekly, as known each Friday) with BTC overlaid on a log axis.

    ``result`` is a ``bubblelink.analytics.liquidity.BtcLiquidityResult``.
    """
    weekly = result.weekly
    x = _dates(weekly.index)
    fig = go.Figure()
    fig.add_trace(
        _trace(
            go.Scatter,
            x=x,
            y=_finite(weekly["liquidity"]),
            name=f"{label(result.liquidity_label)} (bn USD)",
            line={"color": _colour(2)},
        )
    )
    fig.add_trace(
        _trace(
            go.Scatter,
            x=x,
            y=_finite(weekly["btc"]),
            name="BTC-USD (right, log)",
            line={"color": _colour(1)},
            yaxis="y2",
        )
    )
    return _layout(
        fig,
        f"{label(result.liquidity_label)} with BTC overlaid (weekly, values as released)",
        synthetic,
        yaxis={"title": "billions USD"},
        yaxis2={
            "title": "BTC-USD",
            "overlaying": "y",
            "side": "right",
            "type": "log",
            **log_ticks(weekly["btc"]),
        },
    )


def global_m2_chart(result: Any, synthetic: bool) -> go.Figure:
    """Global M2 in USD month by month, stacked by component (values known on ``as_of``).

    ``result`` is a ``bubblelink.analytics.liquidity.GlobalM2Result`` (``monthly``: the
    used components' USD values, billions, and ``total``). The title states how many
    components it holds and its coverage.
    """
    monthly = result.monthly
    x = [f"{m}-01" for m in monthly.index]
    fig = go.Figure()
    for i, name in enumerate(c for c in monthly.columns if c != "total"):
        fig.add_trace(
            _trace(
                go.Scatter,
                x=x,
                y=[v / 1e3 if v is not None else None for v in _finite(monthly[name])],
                name=label(name),
                stackgroup="m2",
                line={"color": _colour(i)},
            )
        )
    coverage = (
        f"coverage {result.coverage:.0%} of {result.coverage_month}"
        if result.coverage is not None
        else "coverage cannot be measured"
    )
    return _layout(
        fig,
        f"{label(result.label)} in USD, {len(result.components_used)} of "
        f"{len(result.components)} components ({coverage}; month-average FX, as known "
        f"{result.as_of.date()})",
        synthetic,
        yaxis={"title": "trillions USD"},
    )


def scenario_fan_chart(result: Any, synthetic: bool) -> go.Figure:
    """Fan chart of BTC relative to the start: 5-95% and 25-75% bands and the median.

    ``result`` is a ``bubblelink.scenarios.ScenarioResult`` (``fan``: q05..q95 by day).
    """
    fan = result.fan
    days = [int(d) for d in fan.index]
    fig = go.Figure()
    for low, high, alpha, name in (("q05", "q95", 0.15, "5-95%"), ("q25", "q75", 0.3, "25-75%")):
        _add_band(fig, days, fan[low], fan[high], _rgba(_colour(0), alpha), name)
    fig.add_trace(
        _trace(
            go.Scatter,
            x=days,
            y=_finite(fan["q50"]),
            mode="lines",
            name="median",
            line={"color": _colour(0), "width": 2},
        )
    )
    phase1 = int(result.sessions.get("phase1", 0))
    fig.add_vline(x=phase1, line={"dash": "dot", "color": "#777"})
    return _layout(
        fig,
        f"Scenario {label(result.name)}: BTC relative to the start "
        f"({result.n_paths:,} paths; phase 2 from day {phase1})",
        synthetic,
        xaxis={"title": "sessions"},
        yaxis={"title": "BTC / BTC at start"},
    )


def scenario_run_chart(result: Any, synthetic: bool) -> go.Figure:
    """BTC price fan of each engine (5-95% band, median; deterministic engines one line
    per replayed path), the ``--below`` thresholds and the start of phase 2.

    ``result`` is a ``bubblelink.scenarios.ScenarioRun``.
    """
    fig = go.Figure()
    for i, outcome in enumerate(result.engines):
        fan = outcome.fan
        days = [int(d) for d in fan.index]
        colour = _colour(i)
        if outcome.kind == "monte_carlo":
            _add_band(
                fig,
                days,
                fan["q05"],
                fan["q95"],
                _rgba(colour, 0.15),
                f"{label(outcome.engine)} 5-95%",
            )
            _add_band(
                fig,
                days,
                fan["q25"],
                fan["q75"],
                _rgba(colour, 0.3),
                f"{label(outcome.engine)} 25-75%",
            )
            fig.add_trace(
                _trace(
                    go.Scatter,
                    x=days,
                    y=_finite(fan["q50"]),
                    mode="lines",
                    name=f"{label(outcome.engine)} median",
                    line={"color": colour, "width": 2},
                )
            )
        else:
            for column in fan.columns:
                fig.add_trace(
                    _trace(
                        go.Scatter,
                        x=days,
                        y=_finite(fan[column]),
                        mode="lines",
                        name=f"{label(outcome.engine)}: {label(column)}",
                        line={"color": colour, "width": 1, "dash": "dot"},
                    )
                )
    for price in result.below:
        fig.add_hline(
            y=price, line={"dash": "dash", "color": "#b22"}, annotation_text=f"{price:,.0f}"
        )
    phase1 = int(result.sessions.get("phase1", 0))
    fig.add_vline(x=phase1, line={"dash": "dot", "color": "#777"})
    return _layout(
        fig,
        f"Scenario {label(result.name)}: BTC price from {result.start_price:,.0f} "
        f"({label(result.start_date)}); phase 2 from session {phase1}",
        synthetic,
        xaxis={"title": "sessions"},
        yaxis={"title": "BTC, USD"},
    )


def scenario_correlation_chart(result: Any, synthetic: bool) -> go.Figure | None:
    """BTC–basket conditional correlation along the paths of the engines that model it
    (FHS: DCC recursed forward): mean and 5-95% band per session; None when no engine of
    ``result`` (a ``bubblelink.scenarios.ScenarioRun``) supplies a correlation path."""
    with_corr = [o for o in result.engines if o.correlation is not None]
    if not with_corr:
        return None
    fig = go.Figure()
    for i, outcome in enumerate(with_corr):
        corr = outcome.correlation
        days = [int(d) for d in corr.index]
        colour = _colour(i + 1)
        _add_band(
            fig, days, corr["q05"], corr["q95"], _rgba(colour, 0.2),
            f"{label(outcome.engine)} 5-95%",
        )  # fmt: skip
        fig.add_trace(
            _trace(
                go.Scatter,
                x=days,
                y=_finite(corr["mean"]),
                mode="lines",
                name=f"{label(outcome.engine)} mean",
                line={"color": colour, "width": 2},
            )
        )
    phase1 = int(result.sessions.get("phase1", 0))
    fig.add_vline(x=phase1, line={"dash": "dot", "color": "#777"})
    return _layout(
        fig,
        f"Scenario {label(result.name)}: BTC–basket conditional correlation along the paths",
        synthetic,
        xaxis={"title": "sessions"},
        yaxis={"title": "correlation"},
    )


def flows_chart(result: Any, synthetic: bool, top: int = 5) -> go.Figure:
    """Spot bitcoin ETF flows: daily total (bars) and cumulative flows of the total and
    the ``top`` funds with the largest absolute cumulative flow (lines, right axis).

    ``result`` is a ``bubblelink.service.flows.FlowsReport``; in ``proxy`` mode (no flow
    table) the figure says so and draws nothing that could pass for flows.
    """
    fig = go.Figure()
    if result.mode != "flows":
        return _layout(fig, f"{label(result.proxy_label)}: no ETF flow table", synthetic)
    daily = result.daily_total
    fig.add_trace(
        _trace(
            go.Bar,
            x=_dates(daily.index),
            y=_finite(daily),
            name="daily total flow",
            marker={"color": [_colour(2) if v >= 0 else _colour(3) for v in daily]},
        )
    )
    cumulative = result.cumulative
    funds = [c for c in result.summary_table.index if c != "TOTAL"][:top]
    for i, column in enumerate(["TOTAL", *funds]):
        if column not in cumulative.columns:
            continue
        values = cumulative[column].dropna()
        fig.add_trace(
            _trace(
                go.Scatter,
                x=_dates(values.index),
                y=_finite(values),
                name=f"{label(column)} cumulative (right)",
                line={
                    "color": _colour(0 if column == "TOTAL" else i + 3),
                    "width": 2.5 if column == "TOTAL" else 1.5,
                },
                yaxis="y2",
            )
        )
    return _layout(
        fig,
        f"Spot bitcoin ETF flows ({label(result.unit)}), "
        f"{pd.Timestamp(result.first).date()} to {pd.Timestamp(result.last).date()}",
        synthetic,
        yaxis={"title": f"daily, {label(result.unit)}"},
        yaxis2={"title": f"cumulative, {label(result.unit)}", "overlaying": "y", "side": "right"},
    )


def dominance_chart(report: Any, synthetic: bool) -> go.Figure:
    """BTC dominance (top, with BTC's close on a log right axis) and total crypto market
    cap (bottom), one trace per source so the CoinGecko -> CoinMarketCap switch shows.

    ``report`` is a ``bubblelink.service.market_structure.DominanceReport`` with a ``path``.
    """
    from plotly.subplots import make_subplots

    path = report.path
    if path is None or path.empty:
        raise ValueError("the dominance report has no path: ask with path=true")
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
        specs=[[{"secondary_y": True}], [{"secondary_y": False}]],
    )  # fmt: skip
    concepts = [c for c in path.columns if f"{c}_source" in path.columns]
    x = _dates(path.index)
    for row, concept in enumerate(concepts, start=1):
        scale, unit = (1.0, "%") if row == 1 else (1e-12, " trn USD")
        for i, source in enumerate(path[f"{concept}_source"].dropna().unique()):
            part = path[concept].where(path[f"{concept}_source"] == source)
            fig.add_trace(
                _trace(
                    go.Scatter,
                    x=x,
                    y=_finite(part * scale),
                    name=f"{label(concept)} ({label(source)}){unit}",
                    line={"color": _colour(2 * (row - 1) + i)},
                ),
                row=row,
                col=1,
            )
    if "BTC-USD" in path.columns:
        fig.add_trace(
            _trace(
                go.Scatter,
                x=x,
                y=_finite(path["BTC-USD"]),
                name="BTC-USD (right, log)",
                line={"color": _colour(7), "width": 1},
            ),
            row=1,
            col=1,
            secondary_y=True,
        )
        fig.update_yaxes(
            type="log",
            row=1,
            col=1,
            secondary_y=True,
            title_text="BTC-USD",
            **log_ticks(path["BTC-USD"]),
        )
    fig.update_yaxes(title_text="BTC dominance, %", row=1, col=1, secondary_y=False)
    fig.update_yaxes(title_text="total cap, trn USD", row=2, col=1)
    return _layout(
        fig,
        "BTC dominance and total crypto market cap, by source, next to BTC",
        synthetic,
        height=620,
    )


def valuation_chart(result: Any, synthetic: bool) -> go.Figure:
    """Equities over GDP by quarter (as known on the result's as-of), the latest marked.

    ``result`` is a ``bubblelink.analytics.market_structure.ValuationResult``.
    """
    history = result.history
    fig = go.Figure()
    fig.add_trace(
        _trace(
            go.Scatter,
            x=_dates(history.index),
            y=_finite(history),
            name="nonfinancial corporate equities / GDP, %",
            line={"color": _colour(0)},
        )
    )
    fig.add_trace(
        _trace(
            go.Scatter,
            x=_dates(history.index[-1:]),
            y=[float(result.value)],
            mode="markers",
            name=f"{label(result.quarter)}: {result.value:.1f}% "
            f"(percentile {result.percentile:.0f} since 1990)",
            marker={"color": _colour(3), "size": 9},
        )
    )
    return _layout(
        fig,
        "Nonfinancial corporate equities (Z.1) over nominal GDP, as released",
        synthetic,
        yaxis={"title": "percent of GDP"},
    )


#: Top margin of a figure whose title is shown outside it (the report's HTML caption).
CAPTIONED_TOP = 40


def figure_json(fig: go.Figure, captioned: bool = False) -> str:
    """The figure as JSON (plotly's encoder: numpy, dates, NaN → null).

    ``captioned``: without its title (a page shows it as a caption above the chart: it
    wraps on a phone, where a plotly title would be cut) and with the margins planned
    for that (:func:`planned_margin`); ``fig`` itself is unchanged.
    """
    if not captioned:
        return fig.to_json(validate=False, pretty=False, engine="json")
    figure = fig.to_dict()  # a copy: the figure keeps its title and margins
    figure["layout"]["title"] = {"text": ""}
    figure["layout"]["margin"] = planned_margin(fig, top=CAPTIONED_TOP)
    return pio.to_json(figure, validate=False, pretty=False, engine="json")


def warm_up() -> None:
    """Draw and encode one small chart: plotly loads its validators and the template on
    first use (about 0.3 s), which a server pays at start-up instead of in its first
    chart request."""
    fig = go.Figure(_trace(go.Scatter, x=["2024-01-01", "2024-01-02"], y=[1.0, 2.0]))
    figure_json(_layout(fig, "warm-up", False, yaxis={"title": "y"}))
