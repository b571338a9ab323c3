"""Spot bitcoin ETF flows: cumulative sums, streaks, flows on the worst tech days, the
2025-12 stress, and the next-day lead-lag between flows and BTC returns (``flows``).

Data: the ``ETF_FLOW:*`` series written by ``bubblelink ingest etf-flows`` (US$ millions
per NYSE session, positive = inflow). The total is the one merge of a per-fund table's
``Total`` and a total-only table (:func:`bubblelink.analytics.flows.combine_totals`:
per-fund first, the total-only table fills the days it lacks, disagreements reported).

Conventions, stated in every output:

* worst tech days: the ``worst`` NYSE sessions with the lowest ``AI_BASKET`` return
  (:func:`bubblelink.analytics.basket.basket_returns`, via
  :meth:`~bubblelink.service.data.StoreData.returns`); when the basket's members are not
  stored, ``^IXIC``, then ``QQQ`` (the note says which);
* BTC returns: log returns on NYSE sessions with the one alignment rule of
  :func:`bubblelink.frames.align` (``equity``, ``same-date``): the BTC bar of a session's
  calendar date closes at 00:00 UTC the next day, 4-5 h after the 16:00 ET close at
  whose NAV the session's flow is struck, so ``r_t`` and ``flow_t`` overlap and
  ``r_{t+1}`` is entirely after the flow's session;
* the 2025-12 stress: the sessions from the first to the last reaction date of the
  events catalog's events reacting in December 2025
  (:func:`bubblelink.service.catalogs.load_events`); without such events, the stated
  window :data:`STRESS_FALLBACK`.

Without any flow series the answer is a clearly labelled PROXY (IBIT dollar volume from
stored prices, :func:`bubblelink.analytics.flows.dollar_volume_proxy`) when IBIT's
close and volume are stored, and an error otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.flows import (
    PROXY_LABEL,
    CombinedTotal,
    FlowLeadLagResult,
    StreakResult,
    WindowFlows,
    WorstDaysFlows,
    combine_totals,
    cumulative_flows,
    dollar_volume_proxy,
    flow_return_lead_lag,
    flow_streaks,
    flow_table,
    flows_on_worst_days,
    window_flows,
)
from bubblelink.errors import DataError
from bubblelink.providers.etf_flows import FLOW_PREFIX, FLOW_UNIT, FUNDS, TOTAL_ID, TOTAL_ONLY_ID
from bubblelink.results import ResultBase, plain
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreData, StoreLike, store_data
from bubblelink.symbols import AI_BASKET_SYMBOL

#: The series ranked for the worst tech days, in order of preference.
TECH_SERIES: tuple[str, ...] = (AI_BASKET_SYMBOL, "^IXIC", "QQQ")
#: The month of the stress window read from the events catalog.
STRESS_MONTH = "2025-12"
#: The window used when the events catalog has no event reacting in that month.
STRESS_FALLBACK = ("2025-12-01", "2025-12-31")
#: The ETF whose dollar volume is the proxy when no flow table is stored.
PROXY_SYMBOL = "IBIT"
#: Where a flow's session sits against a BTC bar (the flow side of the alignment).
FLOW_TIMING = (
    "flows: net creations/redemptions of US session t, struck at the 16:00 ET NAV "
    "(Farside publishes them after the close)"
)


@dataclass(frozen=True, eq=False)
class FlowsReport(ResultBase):
    """Everything ``bubblelink flows`` answers (see the module docstring).

    ``mode`` is ``flows``, or ``proxy`` when no flow table is stored (then only
    ``proxy`` is set and every flow part is None).
    """

    mode: str
    unit: str
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    n: int
    totals: CombinedTotal | None
    summary_table: pd.DataFrame
    cumulative: pd.DataFrame
    daily_total: pd.Series
    streaks: dict[str, StreakResult]
    worst_days: WorstDaysFlows | None
    lead_lag: FlowLeadLagResult | None
    stress: WindowFlows | None
    proxy: pd.DataFrame | None = None
    proxy_label: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def streak_table(self) -> pd.DataFrame:
        """One row per series and streak (``longest_in``, ``longest_out``, ``current``)."""
        frames = []
        for name, result in self.streaks.items():
            frame = result.to_frame().reset_index()
            frame.insert(0, "series", name)
            frames.append(frame)
        if not frames:
            return pd.DataFrame(columns=["series", "streak"]).set_index("series")
        return pd.concat(frames, ignore_index=True).set_index("series")

    def to_frame(self) -> pd.DataFrame:
        """The per-series table (cumulative flow, days in/out, largest days), US$ m."""
        if self.mode == "proxy" and self.proxy is not None:
            return self.proxy
        return self.summary_table

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """Every table a terminal shows."""
        if self.mode == "proxy" and self.proxy is not None:
            return [(self.proxy_label, self.proxy)]
        out = [(f"Spot bitcoin ETF flows ({self.unit}), per series", self.summary_table)]
        out.append(("Flow streaks (consecutive inflow/outflow sessions)", self.streak_table()))
        if self.worst_days is not None:
            w = self.worst_days
            out.append(
                (
                    f"Total flow on the {w.k} worst {w.tech} sessions (mean {w.mean_flow:.1f}, "
                    f"next session {w.mean_flow_next:.1f}, other days {w.mean_other:.1f}; "
                    f"Welch p {w.p_value:.3f})",
                    w.table,
                )
            )
        if self.lead_lag is not None:
            out.append(("Flows vs BTC log returns, lag 0 and next session", self.lead_lag.table))
        if self.stress is not None:
            s = self.stress
            out.append(
                (
                    f"{s.label}: {s.n} sessions, total {s.total:,.1f}, mean {s.mean:,.1f} per "
                    f"session, percentile {s.percentile:.3f} of {s.windows} windows",
                    s.by_fund,
                )
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON: the sample, the per-series table, cumulative flows, streaks, worst days,
        lead-lag, the stress window (or the proxy)."""
        w, s, ll = self.worst_days, self.stress, self.lead_lag
        return {
            "mode": self.mode,
            "unit": self.unit,
            "first": plain(self.first),
            "last": plain(self.last),
            "n": self.n,
            "total_sources": None
            if self.totals is None
            else {
                "per_fund_days": self.totals.n_per_fund,
                "total_only_days": self.totals.n_total_only,
                "common_days": self.totals.common,
                "tolerance": self.totals.tolerance,
                "disagreements": plain(self.totals.disagreements),
            },
            "series": plain(self.summary_table),
            "cumulative": plain(self.cumulative.rename_axis("date")),
            "streaks": {k: v.to_dict() for k, v in self.streaks.items()},
            "worst_days": None
            if w is None
            else {
                "tech": w.tech,
                "k": w.k,
                "mean_flow": w.mean_flow,
                "mean_flow_next": w.mean_flow_next,
                "mean_other": w.mean_other,
                "n_other": w.n_other,
                "p_value": w.p_value,
                "days": plain(w.table),
            },
            "lead_lag": None
            if ll is None
            else {
                "flows": ll.flows,
                "returns": ll.returns,
                "alignment": ll.alignment,
                "relations": plain(ll.table),
            },
            "stress": None
            if s is None
            else {
                "label": s.label,
                "start": plain(s.start),
                "end": plain(s.end),
                "n": s.n,
                "total": s.total,
                "mean": s.mean,
                "percentile": s.percentile,
                "windows": s.windows,
                "by_fund": plain(s.by_fund),
            },
            "proxy": None if self.proxy is None else plain(self.proxy),
            "proxy_label": self.proxy_label or None,
            "notes": list(self.notes),
        }


def _order(ids: list[str]) -> list[str]:
    """Fund series in the registry's order, then any other ticker, then the totals."""
    known = [FLOW_PREFIX + t for t in FUNDS if FLOW_PREFIX + t in ids]
    other = sorted(i for i in ids if i not in known and i not in (TOTAL_ID, TOTAL_ONLY_ID))
    return known + other + [i for i in (TOTAL_ID, TOTAL_ONLY_ID) if i in ids]


def _in_range(data: StoreData, ids: list[str], since: Any) -> list[str]:
    """The series with observations between ``since`` and the cut-off (a fund listed
    after the cut-off, or a total that ends before ``since``, is left out)."""
    first = pd.Timestamp(since) if since is not None else None
    last = data.as_of.tz_localize(None) if data.as_of is not None else None
    kept = []
    for info in data.info(ids):
        if info.first_date is None or info.last_date is None:
            continue
        if last is not None and pd.Timestamp(info.first_date).tz_localize(None) > last:
            continue
        if first is not None and pd.Timestamp(info.last_date).tz_localize(None) < first:
            continue
        kept.append(info.id)
    return [i for i in ids if i in kept]


def _naive(frame: pd.DataFrame | pd.Series) -> Any:
    out = frame.copy()
    index = pd.DatetimeIndex(out.index)
    out.index = (index.tz_convert("UTC").tz_localize(None) if index.tz is not None
                 else index).rename("date")  # fmt: skip
    return out


def stress_window(events_file: Any = None) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """The 2025-12 stress window: first to last reaction date of the catalog's events
    reacting in :data:`STRESS_MONTH`, else :data:`STRESS_FALLBACK` (the label says which)."""
    from bubblelink.service.catalogs import load_events

    catalog = load_events(events_file)
    month = [e for e in catalog if e.reaction_date.strftime("%Y-%m") == STRESS_MONTH]
    if month:
        start = min(e.reaction_date for e in month).tz_localize(None)
        end = max(e.reaction_date for e in month).tz_localize(None)
        ids = ", ".join(e.id for e in sorted(month, key=lambda e: e.reaction_date))
        label = (
            f"{STRESS_MONTH} AI stress, {start.date()} to {end.date()} (reaction sessions of "
            f"{ids} in the events catalog)"
        )
        return start, end, label
    start, end = (pd.Timestamp(d) for d in STRESS_FALLBACK)
    label = f"{STRESS_MONTH} stress, stated window {start.date()} to {end.date()} (no event"
    return start, end, label + " of that month in the events catalog)"


def _tech_returns(data: StoreData, start: pd.Timestamp, notes: list[str]) -> pd.Series | None:
    for symbol in TECH_SERIES:
        if not data.has(symbol):
            continue
        try:
            rf = data.returns([symbol], start=start, calendar="equity", kind="log")
        except DataError as exc:
            notes.append(f"worst tech days: {symbol} not usable ({exc})")
            continue
        notes.append(
            f"worst tech days: the lowest {symbol} log returns on NYSE sessions"
            + ("" if symbol == TECH_SERIES[0] else f" ({TECH_SERIES[0]} not in the store)")
        )
        return _naive(rf.returns[symbol])
    notes.append(f"worst tech days not computed: none of {', '.join(TECH_SERIES)} is stored")
    return None


def _btc_returns(
    data: StoreData, start: pd.Timestamp, notes: list[str]
) -> tuple[pd.Series | None, str]:
    if not data.has("BTC-USD"):
        notes.append("lead-lag not computed: BTC-USD is not in the store")
        return None, ""
    rf = data.returns(["BTC-USD"], start=start, calendar="equity", kind="log")
    rule = next((n for n in rf.notes if n.startswith("alignment:")), "alignment: equity")
    return _naive(rf.returns["BTC-USD"]), f"{FLOW_TIMING}; BTC r_t: {rule}"


def _proxy(data: StoreData, p: Any) -> ServiceResult:
    """The labelled IBIT dollar-volume proxy (no flow table stored)."""
    stored = PROXY_SYMBOL in data.series_ids()
    fields = next((i.fields for i in data.info([PROXY_SYMBOL])), ()) if stored else ()
    if "volume" not in fields or not ({"close", "adj_close"} & set(fields)):
        raise DataError(
            "no spot bitcoin ETF flows in the store: ingest a flow table, e.g. "
            "`bubblelink ingest etf-flows etf_flows_btc_to2026.csv` (per-fund or total-only, "
            f"US$ millions); a {PROXY_SYMBOL} close and volume would give a labelled proxy"
        )
    close = data.prices([PROXY_SYMBOL], start=p.since, field="close")[PROXY_SYMBOL]
    volume = data.prices([PROXY_SYMBOL], start=p.since, field="volume")[PROXY_SYMBOL]
    proxy = _naive(dollar_volume_proxy(close.rename(PROXY_SYMBOL), volume))
    notes = [f"{PROXY_LABEL}: {PROXY_SYMBOL}; NOT ETF flows (unsigned, secondary-market trading)"]
    rows = {"all sessions": proxy}
    start, end, label = stress_window()
    rows[label] = proxy[(proxy.index >= start) & (proxy.index <= end)]
    table = pd.DataFrame(
        [
            {
                "window": k,
                "n": int(v.size),
                "mean_dollar_volume_proxy": float(v.mean()) if v.size else float("nan"),
            }
            for k, v in rows.items()
        ]
    ).set_index("window")
    empty = pd.DataFrame()
    report = FlowsReport(
        mode="proxy",
        unit=FLOW_UNIT,
        first=proxy.index.min() if len(proxy) else None,
        last=proxy.index.max() if len(proxy) else None,
        n=int(proxy.size),
        totals=None,
        summary_table=empty,
        cumulative=empty,
        daily_total=pd.Series(dtype=float),
        streaks={},
        worst_days=None,
        lead_lag=None,
        stress=None,
        proxy=table,
        proxy_label=f"{PROXY_LABEL} ({PROXY_SYMBOL})",
        notes=tuple(notes),
    )
    return answer("flows", report, data, title=f"{PROXY_LABEL} ({PROXY_SYMBOL})")


def flows(store: StoreLike, params: Any = None, **kw: Any) -> ServiceResult:
    """Spot bitcoin ETF flows as known on ``as_of`` (``bubblelink flows``, ``/api/flows``).

    A part whose data are missing (no basket, no BTC, the stress window outside the
    sample) becomes a note naming what is missing; the rest is still answered.
    """
    from bubblelink.service.params import FlowsParams

    p = params or FlowsParams.build(**kw)
    with store_data(store, p.as_of) as data:
        ids = [s for s in data.series_ids() if s.startswith(FLOW_PREFIX)]
        if TOTAL_ID not in ids and TOTAL_ONLY_ID not in ids:
            return _proxy(data, p)
        ordered = _in_range(data, _order(ids), p.since)
        try:
            frame = _naive(data.prices(ordered, start=p.since, field="value"))
        except DataError as exc:
            raise DataError(f"no spot bitcoin ETF flows in the sample: {exc}") from exc
        totals = combine_totals(frame.get(TOTAL_ID), frame.get(TOTAL_ONLY_ID))
        if totals.total.empty:
            raise DataError("no total flow in the sample: check --since and --asof")
        funds = frame[[c for c in ordered if c not in (TOTAL_ID, TOTAL_ONLY_ID)]]
        funds = funds.rename(columns=lambda c: c[len(FLOW_PREFIX) :])
        table_frame = funds.copy()
        table_frame["TOTAL"] = totals.total
        table_frame = table_frame.loc[table_frame.index.isin(totals.total.index)]
        notes: list[str] = [totals.note(), f"unit: {FLOW_UNIT} per NYSE session, + = inflow"]
        streaks = {"TOTAL": flow_streaks(totals.total.rename("TOTAL"))}
        for column in funds.columns:
            if funds[column].notna().any():
                streaks[column] = flow_streaks(funds[column])
        start = totals.total.index.min()
        tech = _tech_returns(data, start, notes)
        worst = None
        if tech is not None:
            try:
                worst = flows_on_worst_days(totals.total, tech, p.worst)
            except DataError as exc:
                notes.append(f"worst tech days not computed: {exc}")
        lead = None
        btc, alignment = _btc_returns(data, start, notes)
        if btc is not None:
            try:
                lead = flow_return_lead_lag(totals.total.rename("TOTAL"),
                                            btc.rename("BTC-USD"), alignment)  # fmt: skip
            except DataError as exc:
                notes.append(f"lead-lag not computed: {exc}")
            else:
                notes.append(alignment)
        stress = None
        s_start, s_end, label = stress_window()
        try:
            stress = window_flows(totals.total, funds, s_start, s_end, label)
        except DataError as exc:
            notes.append(f"{label}: not computed ({exc})")
        notes.append(
            "recent days may be incomplete or revised by the publisher (the last rows of a "
            "scrape can hold zeros for funds not yet reported)"
        )
        report = FlowsReport(
            mode="flows",
            unit=FLOW_UNIT,
            first=start,
            last=totals.total.index.max(),
            n=int(totals.total.size),
            totals=totals,
            summary_table=flow_table(table_frame),
            cumulative=cumulative_flows(table_frame),
            daily_total=totals.total,
            streaks=streaks,
            worst_days=worst,
            lead_lag=lead,
            stress=stress,
            notes=tuple(notes),
        )
        title = (
            f"Spot bitcoin ETF flows {start.date()} to {report.last.date()}: "  # type: ignore[union-attr]
            f"cumulative {totals.total.sum():,.1f} {FLOW_UNIT}"
        )
        return answer("flows", report, data, title=title)
