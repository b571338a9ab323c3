"""The sections of the HTML report, each built from analyses and chart builders.

A section builder takes a :class:`ReportContext` and returns a :class:`Section` with
figures, tables and notes. :func:`build_sections` runs every builder; a builder whose
analytics module has not landed (:class:`NotAvailable`) or whose data is missing
(:class:`BubblelinkError`) gives a section with ``unavailable`` set to the reason, so the
report always builds. Sections only format: the numbers come from the analyses.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from bubblelink.analytics._result import plain
from bubblelink.errors import BubblelinkError
from bubblelink.report import analyses, charts
from bubblelink.report.inputs import AI_BASKET
from bubblelink.report.optional import NotAvailable
from bubblelink.store import Store
from bubblelink.summary import linkage_summary
from bubblelink.symbols import AI_BASKET as AI_MEMBERS

logger = logging.getLogger(__name__)

#: The events shown in the report (ids of the shipped events file).
REPORT_EVENTS: tuple[str, ...] = ("orcl-fy26q2", "nvda-fy26q3")
#: Start of the performance table.
PERFORMANCE_SINCE = "2025-09-17"


@dataclass(frozen=True)
class Table:
    """A table ready to render: caption, column names and formatted cells."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """One report section.

    ``unavailable`` is the reason the section could not be built (None when it was).
    """

    id: str
    title: str
    figures: tuple[go.Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    synthetic: bool = False
    unavailable: str | None = None
    seconds: float = 0.0
    provenance: tuple[dict[str, Any], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportContext:
    """What every section needs: the store, the date and the assets."""

    store: Store
    asof: str | None = None
    target: str = "BTC-USD"
    ai_assets: tuple[str, ...] = AI_MEMBERS
    nasdaq: str = "^IXIC"
    years: float = 3.0

    @property
    def start(self) -> str | None:
        """First date of the estimation samples: ``years`` before ``asof`` (or the data end)."""
        end = pd.Timestamp(self.asof) if self.asof else self._last_date()
        if end is None:
            return None
        return (end - pd.DateOffset(days=int(365.25 * self.years))).date().isoformat()

    def _last_date(self) -> pd.Timestamp | None:
        infos = [i for i in self.store.info() if i.id == self.target and i.last_date is not None]
        return infos[0].last_date if infos else None


def format_cell(value: Any) -> str:
    """One table cell as text (numbers to 4 significant decimals, dates ISO, NaN as –)."""
    value = plain(value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return f"{value:,.4f}" if abs(value) < 1e5 else f"{value:,.0f}"
    if isinstance(value, list | tuple):
        return ", ".join(format_cell(v) for v in value)
    return str(value)


def table(caption: str, frame: pd.DataFrame) -> Table:
    """A :class:`Table` from a DataFrame (the index becomes the first column when named)."""
    shown = frame.reset_index() if frame.index.name is not None else frame
    rows = tuple(tuple(format_cell(v) for v in row) for row in shown.itertuples(index=False))
    return Table(caption, tuple(str(c) for c in shown.columns), rows)


def _merge(items: Sequence[analyses.Analysis]) -> dict[str, Any]:
    notes = tuple(dict.fromkeys(n for a in items for n in a.notes))
    provenance = tuple(p for a in items for p in a.provenance)
    return {
        "notes": notes,
        "synthetic": any(a.synthetic for a in items),
        "provenance": provenance,
    }


def risk_section(ctx: ReportContext) -> Section:
    """Headline AI-contagion risk score with its components (``bubblelink.risk``)."""
    item = analyses.risk(ctx.store, asof=ctx.asof)
    merged = _merge([item])
    return Section(
        "risk",
        "Headline risk score",
        figures=(charts.risk_chart(item.result, merged["synthetic"]),),
        tables=(table("Risk score and components", item.result.to_frame()),),
        **merged,
    )


def correlation_section(ctx: ReportContext) -> Section:
    """Rolling 30/90 correlation of BTC with the AI basket and the Nasdaq, Fisher CI bands."""
    items = [
        analyses.correlation(ctx.store, ctx.target, other, window=w, start=ctx.start, asof=ctx.asof)
        for other in (AI_BASKET, ctx.nasdaq)
        for w in (30, 90)
    ]
    merged = _merge(items)
    figure = charts.correlation_chart([a.result for a in items], merged["synthetic"])
    latest = []
    for item in items:
        point = item.result.point(ctx.asof)
        latest.append(
            {
                "pair": f"{item.result.a} vs {item.result.b}",
                "window": item.result.window,
                "date": point.date,
                "value": point.value,
                "ci_low": point.ci_low,
                "ci_high": point.ci_high,
                "n": point.n,
            }
        )
    tables = [
        table("Latest rolling correlation (log returns, 95% Fisher-z CI)", pd.DataFrame(latest))
    ]
    summary = linkage_summary(
        ctx.store,
        target=ctx.target,
        against=(*ctx.ai_assets, ctx.nasdaq),
        asof=ctx.asof,
        years=ctx.years,
    )
    tables.append(
        table(
            f"{ctx.target} against each asset (30/90-session correlation, betas)",
            summary.to_frame(),
        )
    )
    return Section(
        "correlation",
        "BTC vs the AI basket and the Nasdaq: rolling correlation",
        figures=(figure,),
        tables=tuple(tables),
        **merged,
    )


def beta_section(ctx: ReportContext) -> Section:
    """Downside and upside beta of BTC on the AI basket, the Nasdaq and each AI asset."""
    markets = (AI_BASKET, ctx.nasdaq, *ctx.ai_assets)
    item = analyses.asymmetric_betas(ctx.store, ctx.target, markets, start=ctx.start, asof=ctx.asof)
    merged = _merge([item])
    figure = charts.beta_chart(item.result, merged["synthetic"])
    frames = []
    for result in item.result:
        frame = result.to_frame().reset_index()
        frame.insert(0, "market", result.market)
        frames.append(frame)
    return Section(
        "beta",
        "Upside and downside beta",
        figures=(figure,),
        tables=(
            table("Asymmetric beta (HAC standard errors)", pd.concat(frames, ignore_index=True)),
        ),
        **merged,
    )


def dcc_section(ctx: ReportContext) -> Section:
    """DCC-GARCH conditional correlation of BTC, the AI basket and the Nasdaq."""
    item = analyses.dcc(
        ctx.store, [ctx.target, AI_BASKET, ctx.nasdaq], start=ctx.start, asof=ctx.asof
    )
    merged = _merge([item])
    return Section(
        "dcc",
        "DCC conditional correlation",
        figures=(charts.dcc_chart(item.result, merged["synthetic"]),),
        tables=(
            table("Conditional correlation by pair", item.result.correlation_summary()),
            table("DCC(1,1)-GARCH(1,1) parameters", item.result.to_frame()),
        ),
        **merged,
    )


def spillover_section(ctx: ReportContext) -> Section:
    """Diebold-Yilmaz spillover network of BTC, the AI assets and the Nasdaq."""
    item = analyses.spillover(
        ctx.store, [ctx.target, *ctx.ai_assets, ctx.nasdaq], start=ctx.start, asof=ctx.asof
    )
    merged = _merge([item])
    return Section(
        "spillover",
        "Spillover network",
        figures=(charts.spillover_network_chart(item.result, merged["synthetic"]),),
        tables=(
            table("Connectedness table (% of forecast error variance)", item.result.to_frame()),
        ),
        **merged,
    )


def leadlag_section(ctx: ReportContext) -> Section:
    """Lead-lag of the Nasdaq and the AI basket with BTC (cross-correlations, Granger)."""
    items = [
        analyses.leadlag(ctx.store, leader, ctx.target, max_lag=10, start=ctx.start, asof=ctx.asof)
        for leader in (ctx.nasdaq, AI_BASKET)
    ]
    merged = _merge(items)
    return Section(
        "leadlag",
        "Lead-lag",
        figures=tuple(charts.leadlag_chart(a.result, merged["synthetic"]) for a in items),
        tables=tuple(
            table(
                f"Granger causality ({a.result.granger.lag_selection})", a.result.granger.to_frame()
            )
            for a in items
        ),
        **merged,
    )


def liquidity_section(ctx: ReportContext) -> Section:
    """Liquidity gauges, and liquidity with BTC overlaid (``analytics.liquidity``)."""
    gauges = analyses.liquidity(ctx.store, asof=ctx.asof)
    versus = analyses.btc_liquidity(ctx.store, asof=ctx.asof)
    merged = _merge([gauges, versus])
    return Section(
        "liquidity",
        "Liquidity gauges with BTC overlaid",
        figures=(charts.liquidity_chart(versus.result, merged["synthetic"]),),
        tables=(
            table("Liquidity gauges (values as released)", gauges.result.to_frame()),
            table("BTC vs liquidity", versus.result.to_frame()),
        ),
        **merged,
    )


def events_section(ctx: ReportContext) -> Section:
    """Event studies of the Oracle and Nvidia results with CAR charts."""
    items = []
    for event_id in REPORT_EVENTS:
        items.append(
            analyses.event(
                ctx.store,
                event_id=event_id,
                targets=(ctx.target, *ctx.ai_assets, ctx.nasdaq),
                market=ctx.nasdaq,
                window="-1:5",
                asof=ctx.asof,
            )
        )
    merged = _merge(items)
    return Section(
        "events",
        "Event studies",
        figures=tuple(charts.event_car_chart(a.result, merged["synthetic"]) for a in items),
        tables=tuple(
            table(
                f"{a.result.event.name} (reaction {a.result.event.reaction_date.date()})",
                a.result.to_frame(),
            )
            for a in items
        ),
        **merged,
    )


def performance_section(ctx: ReportContext) -> Section:
    """Performance of BTC, the AI assets and the Nasdaq since 2025-09-17."""
    item = analyses.performance(
        ctx.store,
        [ctx.target, *ctx.ai_assets, ctx.nasdaq],
        since=PERFORMANCE_SINCE,
        until=ctx.asof,
        benchmark=ctx.nasdaq,
        asof=ctx.asof,
    )
    merged = _merge([item])
    return Section(
        "performance",
        f"Performance since {PERFORMANCE_SINCE}",
        figures=(charts.performance_chart(item.result, merged["synthetic"]),),
        tables=(table("Period performance", item.result.to_frame()),),
        **merged,
    )


def scenario_section(ctx: ReportContext) -> Section:
    """Fan chart of the shipped two-phase scenario (``bubblelink.scenarios``)."""
    item = analyses.scenario(ctx.store, asof=ctx.asof)
    merged = _merge([item])
    probabilities = pd.DataFrame(item.result.probabilities)
    return Section(
        "scenario",
        "Scenario: AI-credit shock, then easing",
        figures=(charts.scenario_fan_chart(item.result, merged["synthetic"]),),
        tables=(table("Scenario probabilities (Monte Carlo standard errors)", probabilities),),
        **merged,
    )


def claims_section(ctx: ReportContext) -> Section:
    """The claims table (``bubblelink.claims``)."""
    item = analyses.claims(ctx.store, asof=ctx.asof)
    merged = _merge([item])
    return Section(
        "claims",
        "Claims checked against the data",
        tables=(table("Claims", item.result.to_frame()),),
        **merged,
    )


def provenance_section(ctx: ReportContext) -> Section:
    """Every stored series: source, coverage, synthetic flag."""
    item = analyses.series_listing(ctx.store)
    frame = pd.DataFrame(item.result)
    if not frame.empty:
        frame = frame[
            ["series", "source", "kind", "frequency", "first", "last", "rows", "synthetic"]
        ]
    return Section(
        "provenance",
        "Data provenance",
        tables=(table(f"Series in {ctx.store.path}", frame),),
        notes=item.notes,
        synthetic=item.synthetic,
    )


SectionBuilder = Callable[[ReportContext], Section]

#: The report's sections in order: (id, title shown when unavailable, builder).
SECTIONS: tuple[tuple[str, str, SectionBuilder], ...] = (
    ("risk", "Headline risk score", risk_section),
    (
        "correlation",
        "BTC vs the AI basket and the Nasdaq: rolling correlation",
        correlation_section,
    ),
    ("beta", "Upside and downside beta", beta_section),
    ("dcc", "DCC conditional correlation", dcc_section),
    ("spillover", "Spillover network", spillover_section),
    ("leadlag", "Lead-lag", leadlag_section),
    ("liquidity", "Liquidity gauges with BTC overlaid", liquidity_section),
    ("events", "Event studies", events_section),
    ("performance", f"Performance since {PERFORMANCE_SINCE}", performance_section),
    ("scenario", "Scenario: AI-credit shock, then easing", scenario_section),
    ("claims", "Claims checked against the data", claims_section),
    ("provenance", "Data provenance", provenance_section),
)


def build_section(
    ctx: ReportContext, section_id: str, title: str, builder: SectionBuilder
) -> Section:
    """Run one builder; a missing module or missing data gives an unavailable section."""
    started = time.perf_counter()
    try:
        section = builder(ctx)
    except NotAvailable as exc:
        section = Section(section_id, title, unavailable=exc.reason)
    except BubblelinkError as exc:
        section = Section(section_id, title, unavailable=str(exc))
    except Exception as exc:  # an analytics bug must not sink the whole report
        logger.exception("report section %s failed", section_id)
        section = Section(section_id, title, unavailable=f"failed: {type(exc).__name__}: {exc}")
    return replace(section, seconds=time.perf_counter() - started)


def build_sections(ctx: ReportContext) -> list[Section]:
    """Every section of :data:`SECTIONS`, in order."""
    return [build_section(ctx, sid, title, builder) for sid, title, builder in SECTIONS]
