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
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from bubblelink.errors import BubblelinkError
from bubblelink.report import charts
from bubblelink.report.numbers import cell_kind, format_cell, format_number
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
from bubblelink.service._envelope import ServiceResult, merge_notes, merge_provenance
from bubblelink.service.data import StoreLike
from bubblelink.symbols import AI_BASKET as AI_MEMBERS
from bubblelink.symbols import AI_BASKET_SYMBOL as AI_BASKET

logger = logging.getLogger(__name__)

#: The events shown in the report (ids of the shipped events file).
REPORT_EVENTS: tuple[str, ...] = ("orcl-fy26q2", "nvda-fy26q3")
#: Event window of the report's event studies (sessions around the reaction day).
EVENT_WINDOW = "-1:5"
#: Start of the performance table.
PERFORMANCE_SINCE = "2025-09-17"
#: Captions of the tables the summary quotes.
LATEST_CORRELATION = "Latest rolling correlation (log returns, 95% Fisher-z CI)"
DCC_BY_PAIR = "Conditional correlation by pair"


#: Columns of running text: they wrap instead of widening the table.
TEXT_COLUMNS = frozenset(
    {"claim", "sample", "reason", "note", "notes", "statement", "evidence", "method", "ids"}
)


@dataclass(frozen=True)
class Table:
    """A table ready to render: caption, column names and formatted cells.

    ``text_columns`` wrap (running text); ``badge_columns`` show their cell as a badge
    (a verdict); a ``collapsed`` table is folded under its caption.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    text_columns: tuple[str, ...] = ()
    badge_columns: tuple[str, ...] = ()
    collapsed: bool = False

    def cells(self) -> set[str]:
        """Every cell's text (what a sentence quoting this table must match)."""
        return {cell for row in self.rows for cell in row}

    def column(self, name: str) -> list[str]:
        """The cells of one column, top to bottom."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Quote:
    """One figure quoted in a sentence: the text printed (by
    :func:`~bubblelink.report.numbers.format_number`), the value and its kind."""

    text: str
    value: float | None
    kind: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of the summary: text pieces and quoted figures, and the id of the
    section whose tables show those figures (the sentence links to it)."""

    parts: tuple[str | Quote, ...]
    section: str

    @property
    def text(self) -> str:
        """The sentence as plain text."""
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """The figures it quotes."""
        return tuple(p for p in self.parts if isinstance(p, Quote))


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
    sentences: tuple[Sentence, ...] = ()


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class ReportContext:
    """What every section needs: the store, the date and the assets.

    ``call`` runs a service function once per report: the same call made by two
    sections (or by a section and the summary) is computed once and shared (errors
    too), so the summary quotes exactly the result its section shows.
    """

    store: StoreLike
    as_of: str | None = None
    target: str = "BTC-USD"
    ai_assets: tuple[str, ...] = AI_MEMBERS
    nasdaq: str = "^IXIC"
    years: float = 3.0
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def call(self, function: Callable[..., ServiceResult], **kw: Any) -> ServiceResult:
        """``function(store, **kw)``, computed once per report and context."""
        key = (function, _frozen(kw))
        if key not in self.memo:
            try:
                self.memo[key] = function(self.store, **kw)
            except BubblelinkError as exc:
                self.memo[key] = exc
        found = self.memo[key]
        if isinstance(found, BubblelinkError):
            raise found
        return found

    @property
    def start(self) -> str | None:
        """First date of the estimation samples: ``years`` before ``as_of`` (or the data end)."""
        end = pd.Timestamp(self.as_of) if self.as_of else self._last_date()
        if end is None:
            return None
        return (end - pd.DateOffset(days=int(365.25 * self.years))).date().isoformat()

    def _last_date(self) -> pd.Timestamp | None:
        listing = self.call(store.series_list).result
        infos = [i for i in listing.series if i.id == self.target and i.last_date is not None]
        return infos[0].last_date if infos else None


def table(
    caption: str,
    frame: pd.DataFrame,
    kinds: Mapping[str, str] | None = None,
    default: str = "number",
    badge_columns: Sequence[str] = (),
    collapsed: bool = False,
) -> Table:
    """A :class:`Table` from a DataFrame (the index becomes the first column when named).

    Each number is formatted by :func:`~bubblelink.report.numbers.format_number` under
    its cell's kind: ``kinds[column]`` when given, else
    :func:`~bubblelink.report.numbers.cell_kind` (the column's name, the row's unit or
    label), else ``default``.
    """
    shown = frame.reset_index() if frame.index.name is not None else frame
    columns = tuple(str(c) for c in shown.columns)
    given = dict(kinds or {})
    rows = []
    for record in shown.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        rows.append(
            tuple(format_cell(row[c], given.get(c) or cell_kind(c, row, default)) for c in columns)
        )
    text = tuple(c for c in columns if c.lower() in TEXT_COLUMNS)
    return Table(caption, columns, tuple(rows), text, tuple(badge_columns), collapsed)


def _merge(items: Sequence[ServiceResult]) -> dict[str, Any]:
    return {
        "notes": merge_notes(*(a.notes for a in items)),
        "synthetic": any(a.synthetic for a in items),
        "provenance": merge_provenance(p for a in items for p in a.provenance),
    }


BETA_TABLE = "Asymmetric beta (HAC standard errors)"


# -- the service calls, one definition each (the sections and the summary share them) ----
def risk_item(ctx: ReportContext) -> ServiceResult:
    """The headline risk score (``bubblelink risk``)."""
    return ctx.call(risk.risk, as_of=ctx.as_of)


def risk_caption(result: Any) -> str:
    """Caption of the risk components table (the headline, as the risk module words it)."""
    return f"Risk score {result.headline}, and components"


def correlation_items(ctx: ReportContext) -> list[ServiceResult]:
    """Rolling correlation of BTC with the AI basket (30, 90) and the Nasdaq (30, 90)."""
    return [
        ctx.call(
            linkage.correlation, a=ctx.target, b=other, window=w, start=ctx.start, as_of=ctx.as_of
        )
        for other in (AI_BASKET, ctx.nasdaq)
        for w in (30, 90)
    ]


def beta_items(ctx: ReportContext) -> list[ServiceResult]:
    """Asymmetric beta of BTC on the AI basket, the Nasdaq and each AI asset."""
    return [
        ctx.call(linkage.beta, asset=ctx.target, market=m, start=ctx.start, as_of=ctx.as_of)
        for m in (AI_BASKET, ctx.nasdaq, *ctx.ai_assets)
    ]


def dcc_item(ctx: ReportContext) -> ServiceResult:
    """DCC of BTC, the AI basket and the Nasdaq."""
    return ctx.call(
        linkage.dcc, symbols=[ctx.target, AI_BASKET, ctx.nasdaq], start=ctx.start, as_of=ctx.as_of
    )


def scenario_item(ctx: ReportContext) -> ServiceResult:
    """The shipped ``ai_credit_shock`` scenario on every engine."""
    return ctx.call(
        scenarios.scenario_run, scenario="ai_credit_shock", engine="all", as_of=ctx.as_of
    )


def scenario_caption(run: Any) -> str:
    """Caption of the engine comparison: the seed and the start price and date."""
    return (
        f"Engines compared (same scenario, seed {run.seed}; BTC starts at "
        f"{format_number(run.start_price, 'price')} on {run.start_date})"
    )


def claims_item(ctx: ReportContext) -> ServiceResult:
    """The shipped narrative's claims checked (``bubblelink claims``)."""
    return ctx.call(claims.claims, as_of=ctx.as_of)


def risk_section(ctx: ReportContext) -> Section:
    """Headline AI-contagion risk score with its components, how many it rests on, and
    its out-of-sample skill against BTC volatility and the base rate (``bubblelink.risk``)."""
    item = risk_item(ctx)
    merged = _merge([item])
    result = item.result
    tables = [table(risk_caption(result), result.to_frame())]
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
                kinds={"bin_low": "percent", "bin_high": "percent", "mean_predicted": "percent"},
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
    items = correlation_items(ctx)
    merged = _merge(items)
    figure = charts.correlation_chart([a.result.rolling for a in items], merged["synthetic"])
    latest = pd.concat([a.to_frame() for a in items], ignore_index=True)
    tables = [
        table(
            LATEST_CORRELATION,
            latest,
            kinds={"value": "correlation", "ci_low": "correlation", "ci_high": "correlation"},
        )
    ]
    summary = ctx.call(
        linkage_summary.linkage_summary,
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
    items = beta_items(ctx)
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
        tables=(table(BETA_TABLE, pd.concat(frames, ignore_index=True)),),
        **merged,
    )


def dcc_section(ctx: ReportContext) -> Section:
    """DCC-GARCH conditional correlation of BTC, the AI basket and the Nasdaq."""
    item = dcc_item(ctx)
    merged = _merge([item])
    return Section(
        "dcc",
        "DCC conditional correlation",
        figures=(charts.dcc_chart(item.result, merged["synthetic"]),),
        tables=(
            table(DCC_BY_PAIR, item.result.correlation_summary(), default="correlation"),
            table("DCC(1,1)-GARCH(1,1) parameters", item.result.to_frame()),
        ),
        **merged,
    )


def spillover_section(ctx: ReportContext) -> Section:
    """Diebold-Yilmaz spillover network of BTC, the AI assets and the Nasdaq."""
    item = ctx.call(
        transmission.spillover,
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
        ctx.call(
            transmission.leadlag,
            a=leader,
            b=ctx.target,
            max_lag=10,
            start=ctx.start,
            as_of=ctx.as_of,
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
    item = ctx.call(liquidity.liquidity, as_of=ctx.as_of)
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
    item = ctx.call(liquidity.global_liquidity, as_of=ctx.as_of)
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
        dom = ctx.call(market_structure.dominance, as_of=ctx.as_of)
    except BubblelinkError as exc:
        missing.append(f"dominance not shown: {exc}")
    else:
        items.append(dom)
        figures.append(charts.dominance_chart(dom.result, dom.synthetic))
        tables.append(table("Latest values by source", dom.result.latest))
        tables.append(table("Changes over windows and on stress days", dom.result.to_frame()))
    try:
        val = ctx.call(market_structure.valuation, as_of=ctx.as_of)
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


def event_study(ctx: ReportContext, event_id: str) -> tuple[ServiceResult, str]:
    """One report event study over :data:`EVENT_WINDOW`, and a note ('' when none).

    With ``--asof`` before the window's last session, the study is kept on the sessions
    known by then: the window is shortened to the longest ``-1:k`` whose data end on or
    before the as-of date, and the note says so. Any other error is raised.
    """
    kw = {
        "event_id": event_id,
        "targets": [ctx.target, *ctx.ai_assets, ctx.nasdaq],
        "market": ctx.nasdaq,
        "as_of": ctx.as_of,
    }
    first, last = (int(v) for v in EVENT_WINDOW.split(":"))
    try:
        return ctx.call(events.event, window=EVENT_WINDOW, **kw), ""
    except BubblelinkError as exc:
        if ctx.as_of is None or "runs past the last row" not in str(exc):
            raise
        full = exc
    for end in range(last - 1, -1, -1):
        window = f"{first}:{end}"
        try:
            item = ctx.call(events.event, window=window, **kw)
        except BubblelinkError:
            continue
        return item, (
            f"{item.result.study.event.name}: window shortened from {EVENT_WINDOW} to "
            f"{window} sessions: the data as of {ctx.as_of} end {end} session(s) after the "
            "reaction day"
        )
    raise full


def events_section(ctx: ReportContext) -> Section:
    """Event studies of the Oracle and Nvidia results with CAR charts.

    Each event stands on its own: one that cannot be studied as of the report's date is
    named in the notes with the reason, the others are shown.
    """
    items: list[ServiceResult] = []
    notes: list[str] = []
    failed: list[str] = []
    for event_id in REPORT_EVENTS:
        try:
            item, note = event_study(ctx, event_id)
        except BubblelinkError as exc:
            failed.append(f"{event_id} not shown: {exc}")
            continue
        items.append(item)
        if note:
            notes.append(note)
    if not items:
        raise BubblelinkError("; ".join(failed))
    merged = _merge(items)
    merged["notes"] = merge_notes(notes, failed, merged["notes"])
    studies = [a.result.study for a in items]
    return Section(
        "events",
        "Event studies",
        figures=tuple(charts.event_car_chart(s, merged["synthetic"]) for s in studies),
        tables=tuple(
            table(
                f"{s.event.name} (reaction {s.event.reaction_date.date()}, window "
                f"{s.window[0]}:{s.window[1]} sessions)",
                s.to_frame(),
            )
            for s in studies
        ),
        **merged,
    )


def performance_section(ctx: ReportContext) -> Section:
    """Performance of BTC, the AI assets and the Nasdaq since 2025-09-17."""
    item = ctx.call(
        events.performance,
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
    item = scenario_item(ctx)
    merged = _merge([item])
    run = item.result
    tables = [table(scenario_caption(run), run.comparison)]
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


#: Kind of number of a claim's unit (its measured figure is printed by that rule).
CLAIM_UNIT_KINDS = {
    "fraction": "percent",
    "percent": "percentage",
    "USD": "usd",
    "correlation": "correlation",
}
#: The verdicts in the order the report lists them.
VERDICT_ORDER = (
    "reproduced",
    "reproduced_only_with",
    "sourced",
    "inconclusive",
    "not_reproduced",
    "contradicted",
    "not_checkable",
)
CLAIMS_TABLE = "Each claim: the sentence, the claimed and the measured figure, and the verdict"
VERDICT_COUNTS = "Verdicts"


def claim_kind(unit: str) -> str:
    """The kind of number (:mod:`bubblelink.report.numbers`) of a claim's figures."""
    return CLAIM_UNIT_KINDS.get(unit, "number")


def claim_rows(report: Any) -> pd.DataFrame:
    """One row per claim of a ``ClaimsReport``: id, claim, claimed, measured (formatted
    by the claim's unit), sample (series: dates, n), verdict, reason."""
    rows = []
    for c in report.claims:
        sample = c.sample
        rows.append(
            {
                "id": c.id,
                "claim": c.claim,
                "claimed": c.claimed.describe(),
                "measured": format_number(c.value, claim_kind(c.claimed.unit)),
                "verdict": c.verdict,
                "sample": f"{', '.join(sample.series)}: {sample.span()}" if sample else "–",
                "reason": c.reason,
            }
        )
    columns = ["id", "claim", "claimed", "measured", "verdict", "sample", "reason"]
    return pd.DataFrame(rows, columns=columns)


def verdict_counts(report: Any) -> pd.DataFrame:
    """How many claims got each verdict (and which), plus the total."""
    found = [c.verdict for c in report.claims]
    order = [v for v in VERDICT_ORDER if v in found] + sorted(
        {v for v in found if v not in VERDICT_ORDER}
    )
    rows = [
        {
            "verdict": v,
            "claims": found.count(v),
            "ids": ", ".join(c.id for c in report.claims if c.verdict == v),
        }
        for v in order
    ]
    rows.append({"verdict": "total", "claims": len(found), "ids": ""})
    return pd.DataFrame(rows, columns=["verdict", "claims", "ids"])


def claims_section(ctx: ReportContext) -> Section:
    """The claims: one row per claim (the sentence, claimed and measured figure with its
    sample, a verdict badge, the reason), the verdict counts, then every method and
    variant with its own sample, folded (``bubblelink.claims``)."""
    item = claims_item(ctx)
    merged = _merge([item])
    report = item.result
    methods = report.to_frame()
    units = {c.id: c.claimed.unit for c in report.claims}
    methods.insert(3, "unit", [units.get(i, "") for i in methods["id"]])
    return Section(
        "claims",
        "Claims checked against the data",
        tables=(
            table(CLAIMS_TABLE, claim_rows(report), badge_columns=("verdict",)),
            table(VERDICT_COUNTS, verdict_counts(report), badge_columns=("verdict",)),
            table(
                "Every method and variant (value in the claim's unit)",
                methods,
                badge_columns=("verdict",),
                collapsed=True,
            ),
        ),
        **merged,
    )


def flows_section(ctx: ReportContext) -> Section:
    """Spot bitcoin ETF flows (``bubblelink flows``): cumulative flows, streaks, the worst
    AI-basket sessions, the 2025-12 stress and the lead-lag with BTC."""
    item = ctx.call(flows.flows, as_of=ctx.as_of)
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
    item = ctx.call(store.series_list)
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
