"""The analyses behind the report sections and the API endpoints.

Each function loads what it needs through :mod:`bubblelink.frames` (via
:func:`bubblelink.report.inputs.load_inputs`), calls one analytics function or
estimator, and returns an :class:`Analysis`: the result object plus the data context
every output must show (notes, the synthetic flag, provenance). Nothing here computes a
statistic; the parameters mirror the CLI commands of the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from bubblelink.analytics._result import plain
from bubblelink.analytics.beta import (
    PERIODS_PER_YEAR,
    AsymmetricBetaResult,
    BetaProfileResult,
    asymmetric_beta,
    beta_profile,
)
from bubblelink.analytics.correlation import (
    RollingCorrelationResult,
    ewma_correlation,
    rolling_correlation,
)
from bubblelink.analytics.dcc import DCC, DCCResult
from bubblelink.analytics.events import (
    CrossAssetEventResult,
    Event,
    cross_asset_event_study,
    equity_bar_close,
    event_data_range,
    load_events,
    parse_window,
)
from bubblelink.analytics.leadlag import LeadLagResult, lead_lag
from bubblelink.analytics.performance import PeriodPerformanceResult, period_performance
from bubblelink.analytics.spillover import SpilloverResult, VARSpillover
from bubblelink.errors import DataError
from bubblelink.frames import ReturnsFrame, load, parse_utc_date, synthetic_notice
from bubblelink.report.inputs import Calendar, DateLike, check_symbols, load_inputs
from bubblelink.report.optional import optional_attr
from bubblelink.store import Store


@dataclass(frozen=True)
class Analysis:
    """One analytics result with its data context.

    Attributes
    ----------
    name : str
        The analysis (``corr``, ``beta``, ...), as in the CLI and the API path.
    result : object
        The analytics result object (or a tuple of them).
    notes : tuple of str
        Data notes: alignment rule, the SYNTHETIC notice, basket definition.
    synthetic : bool
        True when any input series is synthetic.
    provenance : tuple of dict
        Series, source, first/last date, rows, synthetic flag.
    """

    name: str
    result: Any
    notes: tuple[str, ...] = ()
    synthetic: bool = False
    provenance: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @classmethod
    def of_returns(
        cls, name: str, result: Any, rf: ReturnsFrame, extra_notes: Sequence[str] = ()
    ) -> Analysis:
        """``result`` with the context of the returns it was computed from."""
        notes = (*rf.notes, *extra_notes)
        return cls(name, result, notes, rf.synthetic, tuple(rf.provenance))

    @classmethod
    def of_frame(cls, name: str, result: Any, frame: pd.DataFrame) -> Analysis:
        """``result`` with the context of the loaded ``frame`` (SYNTHETIC notice, provenance)."""
        flags = frame.attrs.get("synthetic", {}) or {}
        notice = synthetic_notice(flags)
        return cls(
            name,
            result,
            (notice,) if notice else (),
            any(flags.values()),
            tuple(frame.attrs.get("provenance", [])),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: ``{analysis, result, notes, synthetic, provenance}``."""
        return {
            "analysis": self.name,
            "result": plain(self.result),
            "notes": list(self.notes),
            "synthetic": self.synthetic,
            "provenance": plain(list(self.provenance)),
        }


def correlation(
    store: Store,
    a: str,
    b: str,
    window: int = 30,
    method: Literal["pearson", "spearman", "kendall", "ewma"] = "pearson",
    lam: float = 0.94,
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """Rolling (or EWMA) correlation of the log returns of ``a`` and ``b`` (``bubblelink corr``)."""
    rf = load_inputs(store, [a, b], calendar=calendar, start=start, end=end, as_of=asof)
    x, y = rf.pair(a, b)
    result: RollingCorrelationResult
    if method == "ewma":
        result = ewma_correlation(x, y, lam=lam)
    else:
        result = rolling_correlation(x, y, window, method)
    return Analysis.of_returns("corr", result, rf)


def asymmetric_betas(
    store: Store,
    asset: str,
    markets: Sequence[str],
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """Downside and upside beta of ``asset`` on each market (one result per market)."""
    symbols = [asset, *markets]
    rf = load_inputs(store, symbols, calendar=calendar, start=start, end=end, as_of=asof)
    target, *others = check_symbols(store, symbols)
    results: tuple[AsymmetricBetaResult, ...] = tuple(
        asymmetric_beta(rf.returns[target], rf.returns[m]) for m in others if m != target
    )
    return Analysis.of_returns("beta", results, rf)


def beta(
    store: Store,
    asset: str,
    market: str,
    split: Literal["zero", "mean"] = "zero",
    window: int | None = None,
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """The beta profile of ``asset`` on ``market`` (``bubblelink beta``)."""
    rf = load_inputs(store, [asset, market], calendar=calendar, start=start, end=end, as_of=asof)
    x, m = rf.pair(asset, market)
    result: BetaProfileResult = beta_profile(
        x,
        m,
        split=split,
        window=window,
        kind="log",
        periods_per_year=PERIODS_PER_YEAR[calendar],
        notes=rf.notes,
    )
    return Analysis.of_returns("beta", result, rf)


def _at_least_two(symbols: Sequence[str]) -> None:
    if len(symbols) < 2:
        raise DataError(f"need at least 2 symbols, got {len(symbols)}: e.g. BTC-USD NVDA")


def _several_inputs(
    store: Store,
    symbols: Sequence[str],
    calendar: Calendar,
    start: DateLike,
    end: DateLike,
    asof: DateLike,
) -> ReturnsFrame:
    """Returns of two or more series (checked again after aliases of one series merge)."""
    _at_least_two(symbols)
    rf = load_inputs(store, symbols, calendar=calendar, start=start, end=end, as_of=asof)
    _at_least_two(list(rf.returns.columns))
    return rf


def dcc(
    store: Store,
    symbols: Sequence[str],
    dist: Literal["normal", "t"] = "normal",
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """DCC(1,1)-GARCH(1,1) conditional correlations (``bubblelink dcc``)."""
    rf = _several_inputs(store, symbols, calendar, start, end, asof)
    result: DCCResult = DCC(dist=dist).fit(rf.returns, notes=rf.notes)
    return Analysis.of_returns("dcc", result, rf)


def spillover(
    store: Store,
    symbols: Sequence[str],
    lags: int | None = None,
    horizon: int = 10,
    decomposition: Literal["generalized", "cholesky"] = "generalized",
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """Diebold-Yilmaz spillover table from a VAR (``bubblelink spillover``)."""
    rf = _several_inputs(store, symbols, calendar, start, end, asof)
    estimator = VARSpillover(lags=lags, horizon=horizon, decomposition=decomposition)
    result: SpilloverResult = estimator.fit(rf.returns, notes=rf.notes)
    return Analysis.of_returns("spillover", result, rf)


def leadlag(
    store: Store,
    a: str,
    b: str,
    max_lag: int = 10,
    freq: Literal["D", "W"] = "D",
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """Cross-correlations and Granger causality both ways (``bubblelink leadlag``)."""
    rf = load_inputs(store, [a, b], calendar=calendar, start=start, end=end, as_of=asof)
    x, y = rf.pair(a, b)
    result: LeadLagResult = lead_lag(x, y, max_lag, freq=freq, notes=rf.notes)
    return Analysis.of_returns("leadlag", result, rf)


def find_event(event_id: str | None, symbol: str | None, date: DateLike) -> Event:
    """An event of the shipped catalogue by id, or by (symbol, date), else an ad-hoc one."""
    catalog = load_events()
    if event_id:
        return catalog.get(event_id)
    if not symbol or date is None:
        raise DataError("give an event id, or a symbol and a date (YYYY-MM-DD)")
    day = parse_utc_date(date, "date")
    return catalog.find(symbol, day) or Event.ad_hoc(symbol, day)


def event(
    store: Store,
    event_id: str | None = None,
    symbol: str | None = None,
    date: DateLike = None,
    targets: Sequence[str] = ("BTC-USD", "NVDA", "AMD", "^IXIC"),
    market: str = "^IXIC",
    window: str = "-1:1",
    estimation: int = 120,
    gap: int = 10,
    asof: DateLike = None,
) -> Analysis:
    """Market-model event study of ``targets`` around one event (``bubblelink event``)."""
    bounds = parse_window(window)
    found = find_event(event_id, symbol, date)
    day = found.reaction_date
    wanted = check_symbols(store, list(targets))
    market_id = check_symbols(store, [market])[0]
    symbols = list(dict.fromkeys([*wanted, market_id]))
    start, end = event_data_range(day, bounds, estimation, gap)
    known = parse_utc_date(asof, "asof") if asof is not None else None
    if known is not None:
        end = min(end, known)
    rf = load_inputs(store, symbols, start=start, end=end, as_of=known)
    bar_close, bar_notes = equity_bar_close(rf.prices.attrs.get("calendars", {}) or {})
    result: CrossAssetEventResult = cross_asset_event_study(
        rf.returns,
        found,
        wanted,
        market=market_id,
        window=bounds,
        estimation=estimation,
        gap=gap,
        bar_close=bar_close,
    )
    return Analysis.of_returns("event", result, rf, bar_notes)


def performance(
    store: Store,
    symbols: Sequence[str],
    since: DateLike,
    until: DateLike = None,
    benchmark: str | None = None,
    asof: DateLike = None,
) -> Analysis:
    """Total return, drawdown, volatility and beta over a period (``bubblelink perf``)."""
    names = check_symbols(store, [*symbols, *([benchmark] if benchmark else [])])
    bench = check_symbols(store, [benchmark])[0] if benchmark else None
    listed = check_symbols(store, symbols)
    start = parse_utc_date(since, "since") - pd.Timedelta(days=14)
    end = parse_utc_date(until, "until") if until is not None else None
    if end is not None and end < start:
        raise DataError(f"until {until} is before since {since}: swap them")
    prices = load(names, start=start, end=end, as_of=asof, store=store)
    result: PeriodPerformanceResult = period_performance(
        prices, since, until, symbols=listed, benchmark=bench
    )
    return Analysis.of_frame("perf", result, prices)


def series_listing(store: Store) -> Analysis:
    """What the store holds (``bubblelink series list``)."""
    infos = store.info()
    rows = [
        {
            "series": i.id,
            "kind": i.kind,
            "unit": i.unit,
            "frequency": i.frequency,
            "source": i.source,
            "first": plain(i.first_date),
            "last": plain(i.last_date),
            "rows": i.rows,
            "fields": list(i.fields),
            "synthetic": i.synthetic,
        }
        for i in infos
    ]
    synthetic = any(i.synthetic for i in infos)
    notes = ("series marked synthetic are SYNTHETIC sample data, not market data",)
    return Analysis("series", rows, notes if synthetic else (), synthetic, tuple(rows))


def series_values(
    store: Store,
    symbol: str,
    field: str = "auto",
    start: DateLike = None,
    end: DateLike = None,
    asof: DateLike = None,
) -> Analysis:
    """Stored values of one series (``bubblelink series show``)."""
    sid = check_symbols(store, [symbol])[0]
    if sid not in store.series_ids():
        raise DataError(f"{sid} is computed, not stored: ask /corr or /beta for it")
    frame = load([sid], start=start, end=end, field=field, as_of=asof, store=store)
    values = frame[sid].dropna()
    result = {
        "series": sid,
        "field": (frame.attrs.get("fields", {}) or {}).get(sid, field),
        "values": plain(values),
    }
    return Analysis.of_frame("series", result, frame)


def _context(result: Any) -> dict[str, Any]:
    """Notes, synthetic flag and provenance a composed result carries itself."""
    return {
        "notes": tuple(getattr(result, "notes", ()) or ()),
        "synthetic": bool(getattr(result, "synthetic", False)),
        "provenance": tuple(getattr(result, "provenance", ()) or ()),
    }


def risk(store: Store, asof: DateLike = None) -> Analysis:
    """The AI-contagion risk score and its components (``bubblelink.risk``)."""
    score = optional_attr("bubblelink.risk", "ai_contagion_risk")
    result = score(store, as_of=asof)
    return Analysis("risk", result, **_context(result))


def liquidity(store: Store, asof: DateLike = None) -> Analysis:
    """Every liquidity and credit gauge as known on ``asof`` (no look-ahead)."""
    snapshot = optional_attr("bubblelink.analytics.liquidity", "liquidity_snapshot")
    result = snapshot(store, as_of=asof)
    return Analysis("liquidity", result, **_context(result))


def btc_liquidity(store: Store, asof: DateLike = None, start: DateLike = None) -> Analysis:
    """BTC against liquidity on weekly data: elasticity, growth, lead-lag, cointegration."""
    versus = optional_attr("bubblelink.analytics.liquidity", "btc_vs_liquidity")
    result = versus(store, as_of=asof, start=start)
    return Analysis("liquidity", result, **_context(result))


@dataclass(frozen=True)
class ScenarioInputs:
    """Overrides of the shipped scenario a user may set (None keeps the file's value)."""

    phase1_basket_change: float | None = None
    phase1_sessions: int | None = None
    phase2_basket_change: float | None = None
    phase2_sessions: int | None = None
    phase2_net_liquidity_change_bn: float | None = None
    paths: int | None = None
    seed: int | None = None

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        """The scenario document with these overrides written in."""
        pairs = (
            ("phase1", "basket_change", self.phase1_basket_change),
            ("phase1", "sessions", self.phase1_sessions),
            ("phase2", "basket_change", self.phase2_basket_change),
            ("phase2", "sessions", self.phase2_sessions),
            ("phase2", "net_liquidity_change_bn", self.phase2_net_liquidity_change_bn),
            ("simulation", "paths", self.paths),
            ("simulation", "seed", self.seed),
        )
        for section, key, value in pairs:
            if value is not None:
                document[section][key] = value
        return document


def scenario(store: Store, inputs: ScenarioInputs | None = None, asof: DateLike = None) -> Analysis:
    """The shipped two-phase scenario (with ``inputs`` overrides) run on the store."""
    load_scenario = optional_attr("bubblelink.scenarios", "load_scenario")
    parse_scenario = optional_attr("bubblelink.scenarios", "parse_scenario")
    run_scenario = optional_attr("bubblelink.scenarios", "run_scenario")
    spec = load_scenario(None)
    if inputs is not None:
        document = inputs.apply(plain(spec.to_dict()))
        spec = parse_scenario(document, origin="scenario form")
    result = run_scenario(spec, store=store, as_of=asof)
    return Analysis("scenario", result, **_context(result))


def claims(store: Store, asof: DateLike = None) -> Analysis:
    """The published claims reproduced from data (``bubblelink.claims``)."""
    check = optional_attr("bubblelink.claims", "check_claims", "verify_claims", "run_claims")
    result = check(store=store, as_of=asof)
    return Analysis("claims", result, **_context(result))
