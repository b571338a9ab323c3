"""Forward-looking claims scored against what happened after publication.

The narrative (published 2025-12-12) predicts: if the AI trade breaks, BTC is hit first
and hardest; then easing lifts it. Each forward claim is scored from the store up to
``as_of`` (default: the end of the data), so the scorecard updates as data arrive.

Definitions (thresholds are parameters in the claims file; defaults below)
-------------------------------------------------------------------------
* **Reference level**: the last close on or before the publication date.
* **AI basket**: equal-weight buy-and-hold of the members from the reference date,
  ``B_t = mean_i P_{i,t} / P_{i,ref}`` (members without data are left out, noted).
* **Drawdown from publication**: ``P_t / P_ref − 1``; **from the prior peak**: the usual
  running-peak drawdown ``P_t / max_{s≤t} P_s − 1`` with the peak taken over the year
  before publication and everything after it (:func:`~bubblelink.analytics.performance.drawdown_series`).
* **The AI trade breaks** on the first date after publication when the Nasdaq's drawdown
  reaches ``nasdaq_threshold`` (−10%) or the AI basket's reaches ``basket_threshold``
  (−20%), from publication or from the prior peak (``reference: either``).
* **BTC is hit** on the first date its drawdown reaches ``btc_threshold`` (−20%), same
  reference rule.

Evaluation window
-----------------
Each forward claim is evaluated from publication to the last date on which **all of its
own price series** have data (never to the latest date over every series in the store),
cut at ``as_of``. Each result's ``sample`` gives the series, the publication reference
date, that end date and ``n`` (joint observations after publication). A claim that is
still undecided (``open``) while one of its price series ends more than
:data:`~bubblelink.claims._data.COVERAGE_SLACK` before another is ``inconclusive``: the
store, not the market, is what stops it (e.g. a BTC file that ends in January cannot say
whether BTC fell before the AI basket broke in March); a claim about the current state
("BTC stays bound to tech") is ``inconclusive`` then whatever its status at that date.
Macro series (the policy rate,
net liquidity) are published with lags and at lower frequencies; their own end is used
but they do not make a claim "short".

Statuses: ``supported`` (the data after publication agree), ``contradicted`` (they
disagree), ``open`` (not decided yet: the condition has not happened, or the evidence is
in between; after the claim's ``horizon`` an unmet prediction is ``contradicted``),
``inconclusive`` (the data cannot decide: a needed series is missing, stale or ends
early; the evidence says which).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.analytics.basket import basket_index
from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.analytics.performance import drawdown_series
from bubblelink.claims._data import COVERAGE_SLACK, ClaimData
from bubblelink.claims._measurement import frame_provenance
from bubblelink.claims._results import ForwardResult, Scorecard
from bubblelink.claims._sample import Sample, price_label, returns_prices
from bubblelink.claims._spec import ClaimsFile, ForwardSpec, load_claims
from bubblelink.errors import ConfigError, DataError
from bubblelink.symbols import AI_COMPLEX

#: The stored inputs of net liquidity (for provenance).
NET_LIQUIDITY_IDS = ("WALCL", "WTREGEN", "RRPONTSYD")
#: History before publication used for the prior peak.
PEAK_LOOKBACK = pd.Timedelta(days=365)

DEFAULT_BASKET = AI_COMPLEX


class NothingYetError(DataError):
    """No observation after publication yet: the claim is ``open`` (nothing to score)."""


@dataclass(frozen=True)
class Evidence:
    """What a forward computation found (``sample``: what it was evaluated on)."""

    status: str
    evidence: str
    figures: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    sample: Sample | None = None


@dataclass(frozen=True)
class _Window:
    """The price series a forward claim reads, cut at the last date all of them have data.

    ``lasts``: each series' own last date (by the cut-off); ``end``: their minimum.
    """

    frame: pd.DataFrame
    end: pd.Timestamp
    lasts: dict[str, pd.Timestamp]
    provenance: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...]
    prices: str = ""

    def short(self) -> str:
        """Which series end early (more than the slack before another), or ''."""
        latest = max(self.lasts.values())
        early = {s: d for s, d in self.lasts.items() if latest - d > COVERAGE_SLACK}
        if not early:
            return ""
        ends = ", ".join(f"{s} ends {d.date()}" for s, d in sorted(early.items()))
        longest = max(self.lasts, key=lambda s: self.lasts[s])
        return f"{ends}, before {longest} ({latest.date()})"

    def sample(self, published: pd.Timestamp, as_of: pd.Timestamp | None) -> Sample:
        """Series, publication reference date to ``end``, joint observations after it."""
        short = self.short()
        return _forward_sample(
            tuple(self.lasts),
            self.frame.dropna().index,
            self.end,
            "joint observations after publication",
            published,
            as_of if as_of is not None else max(self.lasts.values()),
            f"; {short}" if short else "",
            self.prices,
        )


def _forward_sample(
    series: tuple[str, ...],
    dates: pd.DatetimeIndex,
    last: pd.Timestamp | None,
    unit: str,
    published: pd.Timestamp,
    asked_last: pd.Timestamp | None,
    extra: str = "",
    prices: str = "",
) -> Sample:
    """The sample of a forward claim: the last date on or before publication (its
    reference), ``last``, and how many of ``dates`` fall after publication."""
    before = dates[dates <= published]
    asked = f"publication {published.date()} to " + (
        f"{asked_last.date()}" if asked_last is not None else "the end of the data"
    )
    return Sample(
        series=series,
        first=before[-1] if len(before) else None,
        last=last,
        n=int((dates > published).sum()),
        unit=unit,
        requested=asked + extra,
        requested_first=published,
        requested_last=asked_last,
        prices=prices,
    )


def _window(data: ClaimData, symbols: Sequence[str], published: pd.Timestamp) -> _Window:
    """The stored ``symbols`` from a year before publication to their common last date.

    Raises
    ------
    DataError
        None of the symbols is stored, or one ends before publication (inconclusive).
    NothingYetError
        No series has data after publication yet (open).
    """
    frame, notes = _prices(data, symbols, published)
    lasts = {str(c): frame[c].last_valid_index() for c in frame.columns}
    empty = [c for c, d in lasts.items() if d is None]
    if empty:
        raise DataError(f"no data for {', '.join(empty)} from {(published - PEAK_LOOKBACK).date()}")
    lasts = {c: pd.Timestamp(d) for c, d in lasts.items()}
    end = min(lasts.values())
    if max(lasts.values()) <= published:
        raise NothingYetError(
            f"no data after the publication date {published.date()}: nothing to score yet"
        )
    if end <= published:
        early = ", ".join(f"{c} ends {d.date()}" for c, d in lasts.items() if d <= published)
        raise DataError(f"{early}, on or before the publication date {published.date()}")
    fields = dict(frame.attrs.get("fields", {}) or {})
    prices = price_label({str(k): str(v) for k, v in fields.items()})
    return _Window(frame.loc[:end], end, lasts, frame_provenance(frame), tuple(notes), prices)


ForwardComputation = Callable[
    [ClaimData, Mapping[str, Any], pd.Timestamp, "pd.Timestamp | None"], Evidence
]


@dataclass(frozen=True)
class _Drop:
    """Drawdowns of one price path after publication."""

    name: str
    ref_date: pd.Timestamp
    from_publication: pd.Series
    from_peak: pd.Series
    last_date: pd.Timestamp

    peak_at_publication: float = 0.0

    def first_crossing(self, threshold: float, reference: str) -> pd.Timestamp | None:
        """First date after publication at or beyond ``threshold``.

        The prior-peak reference counts only when the path was still above the
        threshold at publication (a fall that happened before publication is not a
        crossing after it).
        """
        dates = []
        if reference in ("publication", "either"):
            hit = self.from_publication[self.from_publication <= threshold]
            dates += list(hit.index[:1])
        if reference in ("peak", "either") and self.peak_at_publication > threshold:
            hit = self.from_peak[self.from_peak <= threshold]
            dates += list(hit.index[:1])
        return min(dates) if dates else None

    def worst(self) -> float:
        return float(self.from_publication.min()) if len(self.from_publication) else float("nan")

    def worst_from_peak(self) -> float:
        return float(self.from_peak.min()) if len(self.from_peak) else float("nan")


def _path_drop(path: pd.Series, name: str, published: pd.Timestamp) -> _Drop:
    path = path.dropna()
    before = path.loc[:published]
    if before.empty:
        raise DataError(f"{name} has no close on or before the publication date {published.date()}")
    after = path.loc[path.index > published]
    if after.empty:
        raise NothingYetError(
            f"{name} has no data after the publication date {published.date()}: nothing to score yet"
        )
    ref_date = before.index[-1]
    dd = drawdown_series(path)
    return _Drop(
        name=name,
        ref_date=ref_date,
        from_publication=(after / float(before.iloc[-1]) - 1.0),
        from_peak=dd.loc[after.index],
        last_date=after.index[-1],
        peak_at_publication=float(dd.loc[ref_date]),
    )


def _prices(
    data: ClaimData, symbols: Sequence[str], published: pd.Timestamp
) -> tuple[pd.DataFrame, list[str]]:
    notes: list[str] = []
    present = [s for s in symbols if data.has(s)]
    missing = [s for s in symbols if s not in present]
    if missing:
        notes.append(f"not in the store, left out: {', '.join(missing)}")
    if not present:
        raise DataError(f"none of {', '.join(symbols)} is in the store")
    frame = data.prices(present, start=published - PEAK_LOOKBACK)
    return frame, notes


def _basket(frame: pd.DataFrame, members: Sequence[str], published: pd.Timestamp) -> pd.Series:
    """Equal-weight buy-and-hold basket, 1 at the last close on or before publication."""
    return basket_index(
        frame, members, method="buy_and_hold", base=published, start_value=1.0, name="AI basket"
    )


@dataclass(frozen=True)
class _TechBreak:
    drops: dict[str, _Drop]
    date: pd.Timestamp | None
    by: str
    thresholds: dict[str, float]
    provenance: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...]


def _tech_symbols(params: Mapping[str, Any]) -> list[str]:
    """The Nasdaq and the basket members a tech-break claim reads."""
    return [
        str(params.get("nasdaq", "^IXIC")),
        *(str(m) for m in params.get("basket", DEFAULT_BASKET)),
    ]


def _tech_break(win: _Window, params: Mapping[str, Any], published: pd.Timestamp) -> _TechBreak:
    nasdaq = str(params.get("nasdaq", "^IXIC"))
    members = [str(m) for m in params.get("basket", DEFAULT_BASKET)]
    reference = str(params.get("reference", "either"))
    thresholds = {
        nasdaq: float(params.get("nasdaq_threshold", -0.10)),
        "AI basket": float(params.get("basket_threshold", -0.20)),
    }
    frame, notes = win.frame, list(win.notes)
    in_basket = [m for m in members if m in frame.columns]
    drops: dict[str, _Drop] = {}
    if nasdaq in frame.columns:
        drops[nasdaq] = _path_drop(frame[nasdaq], nasdaq, published)
    if in_basket:
        sessions = frame[nasdaq].dropna().index if nasdaq in frame.columns else frame.index
        basket = _basket(frame.loc[sessions], in_basket, published)
        drops["AI basket"] = _path_drop(basket, "AI basket", published)
    crossings = {
        name: drop.first_crossing(thresholds[name], reference) for name, drop in drops.items()
    }
    hits = {k: v for k, v in crossings.items() if v is not None}
    date = min(hits.values()) if hits else None
    by = min(hits, key=lambda k: hits[k]) if hits else ""
    notes.append(f"AI basket = equal-weight buy-and-hold of {', '.join(in_basket)}")
    return _TechBreak(drops, date, by, thresholds, win.provenance, tuple(notes))


def _pct(value: float) -> str:
    return f"{value:+.1%}" if value == value else "n/a"


def _day(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "never"


def _horizon_passed(horizon: pd.Timestamp | None, last: pd.Timestamp) -> bool:
    return horizon is not None and last >= horizon


def _change_status(change: float, threshold: float) -> str:
    """``supported`` when up by ``threshold`` or more, ``contradicted`` when down by as
    much, ``open`` in between."""
    if change >= threshold:
        return "supported"
    if change <= -threshold:
        return "contradicted"
    return "open"


def _finish(evidence: Evidence, win: _Window, state: bool = False) -> Evidence:
    """An ``open`` claim whose price series end early is ``inconclusive`` (module
    docstring); so is any status of a claim about the *current* state (``state``: "BTC
    stays bound to tech"), which the last common date cannot tell."""
    short = win.short()
    if not short or (evidence.status != "open" and not state):
        return evidence
    what = "undecided" if evidence.status == "open" else f"{evidence.status} on {win.end.date()}"
    return replace(
        evidence,
        status="inconclusive",
        evidence=(
            f"{what} and the store cannot say after {win.end.date()}: {short}; {evidence.evidence}"
        ),
    )


def ai_break(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did the Nasdaq or the AI basket break (cross its drawdown threshold) after publication?"""
    win = _window(data, _tech_symbols(params), published)
    tech = _tech_break(win, params, published)
    parts = []
    for name, drop in tech.drops.items():
        parts.append(
            f"{name} worst {_pct(drop.worst())} from publication, {_pct(drop.worst_from_peak())} "
            f"from peak ({_pct(drop.peak_at_publication)} at publication; threshold "
            f"{tech.thresholds[name]:.0%})"
        )
    last = win.end
    if tech.date is not None:
        status = "supported"
        head = f"the AI trade broke on {_day(tech.date)} ({tech.by} crossed its threshold)"
    elif _horizon_passed(horizon, last):
        status, head = "contradicted", f"no break by the horizon {_day(horizon)}"
    else:
        status, head = "open", f"no break to {_day(last)}"
    found = Evidence(
        status=status,
        evidence=f"{head}; " + "; ".join(parts),
        figures={
            "break_date": tech.date,
            "broken_by": tech.by,
            "data_end": last,
            **{f"{n}_worst_from_publication": d.worst() for n, d in tech.drops.items()},
            **{f"{n}_worst_from_peak": d.worst_from_peak() for n, d in tech.drops.items()},
        },
        provenance=tech.provenance,
        notes=tech.notes,
        sample=win.sample(published, data.last_date()),
    )
    return _finish(found, win)


def _btc_window(
    data: ClaimData, params: Mapping[str, Any], published: pd.Timestamp
) -> tuple[_Window, _TechBreak, _Drop]:
    """The tech series and BTC, cut at their common last date; the break; BTC's drops."""
    btc = str(params.get("btc", "BTC-USD"))
    win = _window(data, [*_tech_symbols(params), btc], published)
    tech = _tech_break(win, params, published)
    return win, tech, _path_drop(win.frame[data.check([btc])[0]], btc, published)


def btc_hit_first(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did BTC cross its drawdown threshold before the AI trade broke?"""
    win, tech, btc = _btc_window(data, params, published)
    threshold = float(params.get("btc_threshold", -0.20))
    reference = str(params.get("reference", "either"))
    btc_date = btc.first_crossing(threshold, reference)
    figures = {
        "btc_crossing": btc_date,
        "tech_break": tech.date,
        "broken_by": tech.by,
        "btc_threshold": threshold,
        "data_end": win.end,
    }
    crossed = (
        f"BTC crossed {threshold:.0%} from publication on {_day(btc_date)}"
        if btc_date is not None
        else f"BTC had not crossed {threshold:.0%} from publication by {win.end.date()}"
    )
    btc_text = (
        f"{crossed} (it was already {abs(btc.peak_at_publication):.1%} below its prior peak "
        "at publication)"
    )
    tech_text = f"the AI trade broke on {_day(tech.date)}" + (f" ({tech.by})" if tech.by else "")
    if tech.date is None:
        status = "open"
        text = (
            f"{btc_text}; the AI trade has not broken to {win.end.date()}, so 'first' is undecided"
        )
    elif btc_date is not None and btc_date <= tech.date:
        status, text = "supported", f"{btc_text}, before (or on the day) {tech_text}"
    else:
        status, text = "contradicted", f"{tech_text}; {btc_text}"
    sample = win.sample(published, data.last_date())
    return _finish(Evidence(status, text, figures, win.provenance, tech.notes, sample), win)


def btc_hit_hardest(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Was BTC's worst drawdown after publication deeper than the Nasdaq's and the basket's?"""
    win, tech, btc = _btc_window(data, params, published)
    worst = {btc.name: btc.worst(), **{n: d.worst() for n, d in tech.drops.items()}}
    deeper = all(worst[btc.name] < v for k, v in worst.items() if k != btc.name)
    text = f"worst since publication to {win.end.date()}: " + ", ".join(
        f"{k} {_pct(v)}" for k, v in worst.items()
    )
    if tech.date is None:
        status = "open"
        text += "; the AI trade has not broken, so the conditional claim is undecided"
        if deeper:
            text += " (BTC has nonetheless fallen the most)"
    else:
        status = "supported" if deeper else "contradicted"
    figures = {**{f"{k}_worst": v for k, v in worst.items()}, "data_end": win.end}
    sample = win.sample(published, data.last_date())
    return _finish(Evidence(status, text, figures, win.provenance, tech.notes, sample), win)


def correlation_holds(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Is BTC still bound to tech: the rolling return correlation at publication vs now.

    ``supported`` when the latest window's confidence interval is above 0, ``contradicted``
    when the point estimate is at or below 0, ``open`` in between. "Now" is the last
    date on which both series have a return (equity calendar).
    """
    a, b = str(params.get("a", "BTC-USD")), str(params.get("b", "^IXIC"))
    window = int(params.get("window", 63))
    rf = data.returns([a, b], start=published - pd.Timedelta(days=int(window * 1.6) + 45))
    lasts = {c: rf.returns[c].last_valid_index() for c in (a, b)}
    if any(d is None for d in lasts.values()):
        raise DataError(f"no returns for {a} or {b} around publication")
    end = min(pd.Timestamp(d) for d in lasts.values())
    returns = rf.returns.loc[:end]
    win = _Window(
        returns[[a, b]],
        end,
        {c: pd.Timestamp(d) for c, d in lasts.items()},
        tuple(rf.provenance),
        tuple(rf.notes),
        returns_prices(rf.prices, [a, b]),
    )
    rolling = rolling_correlation(returns[a], returns[b], window)
    at_pub = rolling.point(published)
    latest = rolling.point()
    after = rolling.value.loc[rolling.value.index > published].dropna()
    sample = win.sample(published, data.last_date())
    if latest.date <= published:
        return _finish(
            Evidence("open", "no returns after publication yet", {}, win.provenance, (), sample),
            win,
            state=True,
        )
    if latest.ci_low > 0:
        status = "supported"
    elif latest.value <= 0:
        status = "contradicted"
    else:
        status = "open"
    text = (
        f"{window}-session {a}/{b} return correlation {at_pub.value:.2f} at publication, "
        f"{latest.value:.2f} [{latest.ci_low:.2f}, {latest.ci_high:.2f}] on {latest.date.date()}"
        f"; range since publication {after.min():.2f}..{after.max():.2f}"
    )
    found = Evidence(
        status,
        text,
        {
            "at_publication": at_pub.value,
            "latest": latest.value,
            "latest_ci_low": latest.ci_low,
            "latest_ci_high": latest.ci_high,
            "latest_date": latest.date,
            "min_since": float(after.min()),
            "max_since": float(after.max()),
        },
        win.provenance,
        win.notes,
        sample,
    )
    return _finish(found, win, state=True)


def _policy_rate(
    data: ClaimData, params: Mapping[str, Any], published: pd.Timestamp
) -> tuple[pd.Series, str, tuple[Mapping[str, Any], ...], list[str]]:
    """Daily DFF when it is known at publication, else the monthly FEDFUNDS average.

    "Known at publication" is the one stale-data rule (released by then and not older than
    its frequency's limit, :meth:`DataSource.known_on`).
    """
    notes: list[str] = []
    for sid in [str(s) for s in params.get("rates", ["DFF", "FEDFUNDS"])]:
        if not data.has(sid):
            continue
        known = data.known_on(sid, pd.DatetimeIndex([published]))
        if known is None or known.isna().all():
            notes.append(f"{sid} has no value known at publication (stale or missing): skipped")
            continue
        frame = data.prices([sid], start=published - pd.Timedelta(days=120))
        return frame[sid].dropna(), sid, frame_provenance(frame), notes
    raise DataError("no fed funds series (DFF or FEDFUNDS) covering the publication date")


def _rate_sample(
    rate: pd.Series, sid: str, published: pd.Timestamp, as_of: pd.Timestamp | None
) -> Sample:
    return _forward_sample(
        (sid,),
        pd.DatetimeIndex(rate.index),
        rate.index[-1],
        "observations after publication",
        published,
        as_of,
    )


def easing(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did the Fed ease after publication (policy rate down by ``cut`` or more)?"""
    cut = float(params.get("cut", 0.25))
    rate, sid, prov, notes = _policy_rate(data, params, published)
    sample = _rate_sample(rate, sid, published, data.last_date())
    base = float(rate.loc[:published].iloc[-1])
    after = rate.loc[rate.index > published]
    if after.empty:
        return Evidence(
            "open", f"no {sid} value after publication yet", {}, prov, tuple(notes), sample
        )
    latest = float(after.iloc[-1])
    eased = after[after <= base - cut + 1e-9]
    first = eased.index[0] if len(eased) else None
    text = (
        f"{sid} {base:.2f}% at publication ({rate.loc[:published].index[-1].date()}), "
        f"{latest:.2f}% on {after.index[-1].date()} ({latest - base:+.2f} pp)"
    )
    if first is not None:
        status, text = "supported", text + f"; eased by {cut:.2f} pp or more from {first.date()}"
    elif latest >= base + cut:
        status = "contradicted"
    elif _horizon_passed(horizon, after.index[-1]):
        status, text = "contradicted", text + f"; no cut of {cut:.2f} pp by {_day(horizon)}"
    else:
        status, text = "open", text + f"; no cut of {cut:.2f} pp or more yet"
    if sid == "FEDFUNDS":
        notes.append("FEDFUNDS is a monthly average dated at the month's start")
    return Evidence(
        status,
        text,
        {"series": sid, "at_publication": base, "latest": latest, "first_eased": first},
        prov,
        tuple(notes),
        sample,
    )


def liquidity_turns(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did Fed net liquidity turn up after publication?

    Net liquidity is the one definition (``data.net_liquidity()``: WALCL − TGA − ON RRP,
    each input counted from its release date and *missing* once stale — never computed
    without the TGA). ``supported`` when up by ``threshold`` (2%) or more from the last
    value known at publication to the last value known after it, ``contradicted`` when
    down by as much, ``open`` in between; ``inconclusive`` (with the reason) when net
    liquidity is not known after publication, e.g. because the TGA stopped being stored.
    """
    threshold = float(params.get("threshold", 0.02))
    label = "Fed net liquidity (WALCL - TGA - ON RRP)"
    try:
        nl = data.net_liquidity()
    except DataError as exc:
        return Evidence("inconclusive", f"{label} not available: {exc}")
    notes = tuple(n for n in nl.notes if "missing after" in n)
    provenance = tuple(p for p in data.provenance if p.get("series") in NET_LIQUIDITY_IDS)
    gauge = nl.value.dropna()
    before = gauge.loc[:published]
    after = gauge.loc[gauge.index > published]
    sample = _forward_sample(
        NET_LIQUIDITY_IDS,
        pd.DatetimeIndex(gauge.index),
        gauge.index[-1] if len(gauge) else None,
        "days with net liquidity known after publication",
        published,
        data.last_date(),
    )
    if before.empty:
        return Evidence(
            "inconclusive", f"{label}: no value known at publication", {}, provenance, notes, sample
        )
    if after.empty:
        reason = "; ".join(notes) or "no release after publication yet"
        return Evidence(
            "inconclusive",
            f"{label} is not known after publication ({reason})",
            {"gauge": label, "at_publication": float(before.iloc[-1])},
            provenance,
            notes,
            sample,
        )
    base, latest = float(before.iloc[-1]), float(after.iloc[-1])
    change = latest / base - 1
    text = (
        f"{label} {base:,.0f} bn at publication, {latest:,.0f} bn on {after.index[-1].date()} "
        f"({change:+.1%})"
    )
    status = _change_status(change, threshold)
    if status == "open":
        text += f"; within ±{threshold:.0%}"
    return Evidence(
        status,
        text,
        {"gauge": label, "at_publication": base, "latest": latest, "change": change},
        provenance,
        notes,
        sample,
    )


def btc_follows_easing(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """After the first post-publication cut, did BTC rise (by ``gain``, default 10%)?

    BTC's change is measured from its last close on or before the first cut to the last
    date both BTC and the policy rate have data.
    """
    gain = float(params.get("gain", 0.10))
    eased = easing(data, params, published, horizon)
    first = eased.figures.get("first_eased")
    if first is None:
        return Evidence(
            "open",
            f"no easing after publication yet ({eased.evidence})",
            eased.figures,
            eased.provenance,
            eased.notes,
            eased.sample,
        )
    btc_sid = str(params.get("btc", "BTC-USD"))
    frame = data.prices([btc_sid], start=first - pd.Timedelta(days=7))
    btc = frame[data.check([btc_sid])[0]].dropna()
    rate_end = eased.sample.last if eased.sample is not None else None
    end = min(btc.index[-1], rate_end) if rate_end is not None else btc.index[-1]
    btc = btc.loc[:end]
    start = btc.loc[:first]
    sample = Sample(
        series=(*(eased.sample.series if eased.sample else ()), btc_sid),
        first=start.index[-1] if len(start) else None,
        last=end,
        n=int((btc.index > first).sum()),
        unit="BTC closes after the first cut",
        requested=f"the first cut ({first.date()}) to the last date BTC and the rate have data",
        requested_first=first,
        requested_last=end,
        prices=price_label(
            {str(k): str(v) for k, v in (frame.attrs.get("fields", {}) or {}).items()}
        ),
    )
    if start.empty or btc.index[-1] <= first:
        return Evidence(
            "open", "no BTC data after the first cut yet", {}, eased.provenance, (), sample
        )
    change = float(btc.iloc[-1] / start.iloc[-1] - 1)
    text = f"first cut from {first.date()}; BTC {_pct(change)} from then to {btc.index[-1].date()}"
    status = _change_status(change, gain)
    return Evidence(
        status,
        text,
        {"first_cut": first, "btc_change": change},
        eased.provenance + frame_provenance(frame),
        eased.notes,
        sample,
    )


#: Name → forward computation (the ``computation`` field of a forward claim).
FORWARD_COMPUTATIONS: dict[str, ForwardComputation] = {
    "ai_break": ai_break,
    "btc_hit_first": btc_hit_first,
    "btc_hit_hardest": btc_hit_hardest,
    "correlation_holds": correlation_holds,
    "easing": easing,
    "liquidity_turns": liquidity_turns,
    "btc_follows_easing": btc_follows_easing,
}


def score_one(spec: ForwardSpec, data: ClaimData, published: pd.Timestamp) -> ForwardResult:
    """Score one forward claim: no data after publication yet gives ``open``; missing or
    unusable data give ``inconclusive`` with the reason."""
    if spec.computation not in FORWARD_COMPUTATIONS:
        raise ConfigError(
            f"forward claim {spec.id!r}: field 'computation' {spec.computation!r} is unknown"
        )
    try:
        found = FORWARD_COMPUTATIONS[spec.computation](data, spec.params, published, spec.horizon)
    except NothingYetError as exc:
        found = Evidence("open", f"not scorable yet: {exc}")
    except DataError as exc:
        found = Evidence("inconclusive", f"not scorable: {exc}")
    synthetic = any(bool(p.get("synthetic")) for p in found.provenance)
    evidence = ("about SYNTHETIC sample data: " + found.evidence) if synthetic else found.evidence
    return ForwardResult(
        id=spec.id,
        claim=spec.claim,
        status=found.status,
        evidence=evidence,
        figures=dict(found.figures),
        provenance=found.provenance,
        synthetic=synthetic,
        notes=tuple(dict.fromkeys([*found.notes, *spec.notes])),
        sample=found.sample,
    )


def score_forward(claims: ClaimsFile | str | Path | None, data: ClaimData) -> Scorecard:
    """Score every forward-looking claim against the data after the publication date.

    ``data`` is the store as known on ``--asof`` (its cut-off ends the scoring); each
    claim is evaluated to the last date all of its own price series have data (module
    docstring).

    Raises
    ------
    ConfigError
        The claims file has no publication date or no forward claims.
    """
    parsed = (
        claims
        if isinstance(claims, ClaimsFile)
        else load_claims(claims, forward_computations=FORWARD_COMPUTATIONS)
    )
    if parsed.published is None:
        raise ConfigError(
            f"{parsed.source}: field 'narrative.published' is required for --scorecard"
        )
    if not parsed.forward:
        raise ConfigError(f"{parsed.source}: no 'forward' claims to score")
    stamp = data.last_date()
    if stamp is not None and stamp <= parsed.published:
        raise ConfigError(
            f"--asof {stamp.date()} is not after the publication date "
            f"{parsed.published.date()}: nothing happened yet to score"
        )
    entries = tuple(score_one(s, data, parsed.published) for s in parsed.forward)
    synthetic = any(e.synthetic for e in entries)
    notes = []
    if synthetic:
        notes.append(
            "SYNTHETIC sample data: the scorecard is about synthetic series, not the market"
        )
    notes.append(
        "each forward claim is evaluated to the last date on which all of its own price "
        "series have data; an undecided claim whose price series end early is inconclusive"
    )
    return Scorecard(entries, parsed.published, stamp, synthetic, tuple(notes))
