"""The sections of the HTML report, each built from analyses and chart builders.

A section builder takes a :class:`ReportContext` and returns a :class:`Section` with
figures, tables and notes. Every number comes from a service function
(:mod:`bubblelink.service`), the same one the CLI and the API call; sections only
format. :func:`build_sections` runs every builder; a builder whose data is missing
(:class:`BubblelinkError`) gives a section with ``unavailable`` set to the reason, so the
report always builds.
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

from bubblelink.errors import BubblelinkError
from bubblelink.report import charts
from bubblelink.service import (
    claims,
    events,
    flows,
    linkage,
    liquidity,
    risk,
    scenarios,
    store,
    transmission,
)
from bubblelink.service import summary as linkage_summary
from bubblelink.service._envelope import ServiceResult, merge_notes, merge_provenance, plain
from bubblelink.service.data import StoreLike
from bubblelink.symbols import AI_BASKET as AI_MEMBERS
from bubblelink.symbols import AI_BASKET_SYMBOL as AI_BASKET

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

    store: StoreLike
    as_of: str | None = None
    target: str = "BTC-USD"
    ai_assets: tuple[str, ...] = AI_MEMBERS
    nasdaq: str = "^IXIC"
    years: float = 3.0

    @property
    def start(self) -> str | None:
        """First date of the estimation samples: ``years`` before ``as_of`` (or the data end)."""
        end = pd.Timestamp(self.as_of) if self.as_of else self._last_date()
        if end is None:
            return None
        return (end - pd.DateOffset(days=int(365.25 * self.years))).date().isoformat()

    def _last_date(self) -> pd.Timestamp | None:
        listing = store.series_list(self.store).result
        infos = [i for i in listing.series if i.id == self.target and i.last_date is not None]
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


def _merge(items: Sequence[ServiceResult]) -> dict[str, Any]:
    return {
        "notes": merge_notes(*(a.notes for a in items)),
        "synthetic": any(a.synthetic for a in items),
        "provenance": merge_provenance(p for a in items for p in a.provenance),
    }


def risk_section(ctx: ReportContext) -> Section:
    """Headline AI-contagion risk score with its components, how many it rests on, and
    its out-of-sample skill against BTC volatility and the base rate (``bubblelink.risk``)."""
    item = risk.risk(ctx.store, as_of=ctx.as_of)
    merged = _merge([item])
    result = item.result
    tables = [table(f"Risk score {result.headline}, and components", result.to_frame())]
    skill = result.skill
    if skill is not None:
        tables.append(
            table(
                f"Out-of-sample skill, P(BTC forward {skill.horizon}-session max drawdown < "
                f"{skill.threshold:.0%}), walk-forward, {skill.first.date()} to "
                f"{skill.last.date()} (n={skill.n}, {skill.n_events} events): {skill.verdict}",
                skill.to_frame(),
            )
        )
        tables.append(
            table(
                "Reliability (out of sample): observed event rate by predicted probability",
                skill.reliability,
            )
        )
    return Section(
        "risk",
        "Headline risk score",
        figures=(charts.risk_chart(result, merged["synthetic"]),),
        tables=tuple(tables),
        **merged,
    )


def correlation_section(ctx: ReportContext) -> Section:
    """Rolling 30/90 correlation of BTC with the AI basket and the Nasdaq, Fisher CI bands."""
    items = [
        linkage.correlation(
            ctx.store, a=ctx.target, b=other, window=w, start=ctx.start, as_of=ctx.as_of
        )
        for other in (AI_BASKET, ctx.nasdaq)
        for w in (30, 90)
    ]
    merged = _merge(items)
    figure = charts.correlation_chart([a.result.rolling for a in items], merged["synthetic"])
    latest = pd.concat([a.to_frame() for a in items], ignore_index=True)
    tables = [table("Latest rolling correlation (log returns, 95% Fisher-z CI)", latest)]
    summary = linkage_summary.linkage_summary(
        ctx.store,
        target=ctx.target,
        against=[*ctx.ai_assets, ctx.nasdaq],
        as_of=ctx.as_of,
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
    items = [
        linkage.beta(ctx.store, asset=ctx.target, market=m, start=ctx.start, as_of=ctx.as_of)
        for m in markets
    ]
    merged = _merge(items)
    figure = charts.beta_chart([i.result.asymmetric for i in items], merged["synthetic"])
    frames = []
    for item in items:
        frame = item.result.asymmetric.to_frame().reset_index()
        frame.insert(0, "market", item.result.asymmetric.market)
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
    item = linkage.dcc(
        ctx.store, symbols=[ctx.target, AI_BASKET, ctx.nasdaq], start=ctx.start, as_of=ctx.as_of
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
    item = transmission.spillover(
        ctx.store,
        symbols=[ctx.target, *ctx.ai_assets, ctx.nasdaq],
        start=ctx.start,
        as_of=ctx.as_of,
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
        transmission.leadlag(
            ctx.store, a=leader, b=ctx.target, max_lag=10, start=ctx.start, as_of=ctx.as_of
        )
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
    item = liquidity.liquidity(ctx.store, as_of=ctx.as_of)
    merged = _merge([item])
    report = item.result
    figures = (charts.liquidity_chart(report.btc, merged["synthetic"]),) if report.btc else ()
    tables = [table("Liquidity gauges (values as released)", report.snapshot.to_frame())]
    if report.btc is not None:
        tables.append(table("BTC vs liquidity", report.btc.to_frame()))
    return Section(
        "liquidity",
        "Liquidity gauges with BTC overlaid",
        figures=figures,
        tables=tuple(tables),
        **merged,
    )


def global_liquidity_section(ctx: ReportContext) -> Section:
    """Global M2 in USD over time and by component, its coverage, and BTC against it with
    the best lead and its sub-period stability (``service.liquidity.global_liquidity``)."""
    item = liquidity.global_liquidity(ctx.store, as_of=ctx.as_of)
    merged = _merge([item])
    report = item.result
    gm2 = report.global_m2
    figures = [charts.global_m2_chart(gm2, merged["synthetic"])]
    coverage = (
        f"coverage {gm2.coverage:.1%} of {gm2.coverage_month}"
        if gm2.coverage is not None
        else "coverage cannot be measured"
    )
    tables = [
        table(
            f"Global M2 components as known on {gm2.as_of.date()} ({gm2.month}; total "
            f"{gm2.total:,.0f} {gm2.unit}; {coverage})",
            gm2.to_frame(),
        )
    ]
    btc = report.btc
    if btc is not None:
        figures.append(charts.liquidity_chart(btc, merged["synthetic"]))
        tables.append(table(f"BTC vs {btc.liquidity_label}", btc.to_frame()))
        if btc.lead_stability is not None:
            tables.append(
                table(
                    f"Best lead of {btc.liquidity_label} over BTC by sub-period: "
                    f"{btc.lead_stability.verdict}",
                    btc.lead_stability.to_frame(),
                )
            )
    return Section(
        "global-liquidity",
        "Global liquidity",
        figures=tuple(figures),
        tables=tuple(tables),
        **merged,
    )


def market_structure_section(ctx: ReportContext) -> Section:
    """BTC dominance, total crypto market cap and equities/GDP next to BTC (issue 13).

    Each half is shown when its data are there; the other half's reason becomes a note.
    Unavailable only when neither can be computed.
    """
    from bubblelink.service import market_structure

    items: list[ServiceResult] = []
    figures: list[go.Figure] = []
    tables: list[Table] = []
    missing: list[str] = []
    try:
        dom = market_structure.dominance(ctx.store, as_of=ctx.as_of)
    except BubblelinkError as exc:
        missing.append(f"dominance not shown: {exc}")
    else:
        items.append(dom)
        figures.append(charts.dominance_chart(dom.result, dom.synthetic))
        tables.append(table("Latest values by source", dom.result.latest))
        tables.append(table("Changes over windows and on stress days", dom.result.to_frame()))
    try:
        val = market_structure.valuation(ctx.store, as_of=ctx.as_of)
    except BubblelinkError as exc:
        missing.append(f"valuation not shown: {exc}")
    else:
        items.append(val)
        figures.append(charts.valuation_chart(val.result, val.synthetic))
        tables.append(table("Nonfinancial corporate equities / GDP", val.result.to_frame()))
    if not items:
        raise BubblelinkError("; ".join(missing))
    merged = _merge(items)
    merged["notes"] = merge_notes(merged["notes"], missing)
    return Section(
        "market-structure",
        "Market structure: BTC dominance, total crypto market cap, equities/GDP",
        figures=tuple(figures),
        tables=tuple(tables),
        **merged,
    )


def events_section(ctx: ReportContext) -> Section:
    """Event studies of the Oracle and Nvidia results with CAR charts."""
    items = []
    for event_id in REPORT_EVENTS:
        items.append(
            events.event(
                ctx.store,
                event_id=event_id,
                targets=[ctx.target, *ctx.ai_assets, ctx.nasdaq],
                market=ctx.nasdaq,
                window="-1:5",
                as_of=ctx.as_of,
            )
        )
    merged = _merge(items)
    studies = [a.result.study for a in items]
    return Section(
        "events",
        "Event studies",
        figures=tuple(charts.event_car_chart(s, merged["synthetic"]) for s in studies),
        tables=tuple(
            table(f"{s.event.name} (reaction {s.event.reaction_date.date()})", s.to_frame())
            for s in studies
        ),
        **merged,
    )


def performance_section(ctx: ReportContext) -> Section:
    """Performance of BTC, the AI assets and the Nasdaq since 2025-09-17."""
    item = events.performance(
        ctx.store,
        symbols=[ctx.target, *ctx.ai_assets, ctx.nasdaq],
        since=PERFORMANCE_SINCE,
        until=ctx.as_of,
        benchmark=ctx.nasdaq,
        as_of=ctx.as_of,
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
    """The shipped ``ai_credit_shock`` on every registered engine: BTC price fan, the
    BTC–basket correlation path (FHS), P(below), VaR/ES and the engine comparison
    (``bubblelink scenario run ai_credit_shock --engine all``)."""
    item = scenarios.scenario_run(
        ctx.store, scenario="ai_credit_shock", engine="all", as_of=ctx.as_of
    )
    merged = _merge([item])
    run = item.result
    tables = [table(f"Engines compared (same scenario, seed {run.seed})", run.comparison)]
    for outcome in run.engines:
        if outcome.thresholds:
            tables.append(
                table(
                    f"{outcome.engine}: P(BTC below price) with Monte Carlo standard errors",
                    pd.DataFrame(outcome.thresholds),
                )
            )
        if outcome.risk:
            tables.append(
                table(
                    f"{outcome.engine}: VaR and ES (loss as a fraction of the window's start)",
                    pd.DataFrame(outcome.risk),
                )
            )
        if outcome.per_label is not None:
            tables.append(table(f"{outcome.engine}: one row per replayed path", outcome.per_label))
    return Section(
        "scenario",
        "Scenario: AI-credit shock, then easing",
        figures=tuple(
            fig
            for fig in (
                charts.scenario_run_chart(run, merged["synthetic"]),
                charts.scenario_correlation_chart(run, merged["synthetic"]),
            )
            if fig is not None
        ),
        tables=tuple(tables),
        **merged,
    )


def claims_section(ctx: ReportContext) -> Section:
    """The claims: one row per claim (verdict, sample, reason), then every method and
    variant with its own sample (``bubblelink.claims``)."""
    item = claims.claims(ctx.store, as_of=ctx.as_of)
    merged = _merge([item])
    return Section(
        "claims",
        "Claims checked against the data",
        tables=tuple(table(caption, frame) for caption, frame in item.tables()),
        **merged,
    )


def flows_section(ctx: ReportContext) -> Section:
    """Spot bitcoin ETF flows (``bubblelink flows``): cumulative flows, streaks, the worst
    AI-basket sessions, the 2025-12 stress and the lead-lag with BTC."""
    item = flows.flows(ctx.store, as_of=ctx.as_of)
    merged = _merge([item])
    return Section(
        "etf-flows",
        "ETF flows",
        figures=(charts.flows_chart(item.result, merged["synthetic"]),),
        tables=tuple(table(caption, frame) for caption, frame in item.tables()),
        **merged,
    )


def provenance_section(ctx: ReportContext) -> Section:
    """Every stored series: source, coverage, synthetic flag."""
    item = store.series_list(ctx.store)
    frame = item.to_frame()
    if not frame.empty:
        frame = frame[["series", "source", "kind", "frequency", "first", "last", "n", "synthetic"]]
    return Section(
        "provenance",
        "Data provenance",
        tables=(table(item.title, frame),),
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
    ("global-liquidity", "Global liquidity", global_liquidity_section),
    (
        "market-structure",
        "Market structure: BTC dominance, total crypto market cap, equities/GDP",
        market_structure_section,
    ),
    ("etf-flows", "ETF flows", flows_section),
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
    except BubblelinkError as exc:
        section = Section(section_id, title, unavailable=str(exc))
    except Exception as exc:  # an analytics bug must not sink the whole report
        logger.exception("report section %s failed", section_id)
        section = Section(section_id, title, unavailable=f"failed: {type(exc).__name__}: {exc}")
    return replace(section, seconds=time.perf_counter() - started)


def build_sections(
    ctx: ReportContext, progress: Callable[[str, int, int, str], None] | None = None
) -> list[Section]:
    """Every section of :data:`SECTIONS`, in order.

    ``progress`` (optional) is called as ``("report", done, total, section title)``
    before each section and once after the last; it does not change the sections.
    """
    sections = []
    for done, (sid, title, builder) in enumerate(SECTIONS):
        if progress is not None:
            progress("report", done, len(SECTIONS), title)
        sections.append(build_section(ctx, sid, title, builder))
    if progress is not None:
        progress("report", len(SECTIONS), len(SECTIONS), "")
    return sections
