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

Statuses: ``supported`` (the data after publication agree), ``contradicted`` (they
disagree), ``open`` (not decided yet: the condition has not happened, or the evidence is
in between; after the claim's ``horizon`` an unmet prediction is ``contradicted``),
``inconclusive`` (the data cannot decide: a needed series is missing or stale; the
evidence says which).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.analytics.basket import basket_index
from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.analytics.performance import drawdown_series
from bubblelink.claims._data import ClaimData
from bubblelink.claims._measurement import frame_provenance
from bubblelink.claims._results import ForwardResult, Scorecard
from bubblelink.claims._spec import ClaimsFile, ForwardSpec, load_claims
from bubblelink.errors import ConfigError, DataError
from bubblelink.symbols import AI_COMPLEX

#: The stored inputs of net liquidity (for provenance).
NET_LIQUIDITY_IDS = ("WALCL", "WTREGEN", "RRPONTSYD")
#: History before publication used for the prior peak.
PEAK_LOOKBACK = pd.Timedelta(days=365)

DEFAULT_BASKET = AI_COMPLEX


@dataclass(frozen=True)
class Evidence:
    """What a forward computation found."""

    status: str
    evidence: str
    figures: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[Mapping[str, Any], ...] = ()
    notes: tuple[str, ...] = ()


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
        raise DataError(
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


def _tech_break(data: ClaimData, params: Mapping[str, Any], published: pd.Timestamp) -> _TechBreak:
    nasdaq = str(params.get("nasdaq", "^IXIC"))
    members = [str(m) for m in params.get("basket", DEFAULT_BASKET)]
    reference = str(params.get("reference", "either"))
    thresholds = {
        nasdaq: float(params.get("nasdaq_threshold", -0.10)),
        "AI basket": float(params.get("basket_threshold", -0.20)),
    }
    frame, notes = _prices(data, [nasdaq, *members], published)
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
    return _TechBreak(drops, date, by, thresholds, frame_provenance(frame), tuple(notes))


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


def ai_break(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did the Nasdaq or the AI basket break (cross its drawdown threshold) after publication?"""
    tech = _tech_break(data, params, published)
    parts = []
    for name, drop in tech.drops.items():
        parts.append(
            f"{name} worst {_pct(drop.worst())} from publication, {_pct(drop.worst_from_peak())} "
            f"from peak ({_pct(drop.peak_at_publication)} at publication; threshold "
            f"{tech.thresholds[name]:.0%})"
        )
    last = max(d.last_date for d in tech.drops.values())
    if tech.date is not None:
        status = "supported"
        head = f"the AI trade broke on {_day(tech.date)} ({tech.by} crossed its threshold)"
    elif _horizon_passed(horizon, last):
        status, head = "contradicted", f"no break by the horizon {_day(horizon)}"
    else:
        status, head = "open", f"no break to {_day(last)}"
    return Evidence(
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
    )


def _btc_drop(
    data: ClaimData, params: Mapping[str, Any], published: pd.Timestamp
) -> tuple[_Drop, tuple[Mapping[str, Any], ...]]:
    btc = str(params.get("btc", "BTC-USD"))
    frame = data.prices([btc], start=published - PEAK_LOOKBACK)
    return _path_drop(frame[btc], btc, published), frame_provenance(frame)


def btc_hit_first(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did BTC cross its drawdown threshold before the AI trade broke?"""
    tech = _tech_break(data, params, published)
    btc, prov = _btc_drop(data, params, published)
    threshold = float(params.get("btc_threshold", -0.20))
    reference = str(params.get("reference", "either"))
    btc_date = btc.first_crossing(threshold, reference)
    figures = {
        "btc_crossing": btc_date,
        "tech_break": tech.date,
        "broken_by": tech.by,
        "btc_threshold": threshold,
    }
    btc_text = (
        f"BTC crossed {threshold:.0%} from publication on {_day(btc_date)} (it was already "
        f"{abs(btc.peak_at_publication):.1%} below its prior peak at publication)"
    )
    tech_text = f"the AI trade broke on {_day(tech.date)}" + (f" ({tech.by})" if tech.by else "")
    if tech.date is None:
        status = "open"
        text = f"{btc_text}; the AI trade has not broken yet, so 'first' is undecided"
    elif btc_date is not None and btc_date <= tech.date:
        status, text = "supported", f"{btc_text}, before (or on the day) {tech_text}"
    else:
        status, text = "contradicted", f"{tech_text}; {btc_text}"
    return Evidence(status, text, figures, tech.provenance + prov, tech.notes)


def btc_hit_hardest(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Was BTC's worst drawdown after publication deeper than the Nasdaq's and the basket's?"""
    tech = _tech_break(data, params, published)
    btc, prov = _btc_drop(data, params, published)
    worst = {btc.name: btc.worst(), **{n: d.worst() for n, d in tech.drops.items()}}
    deeper = all(worst[btc.name] < v for k, v in worst.items() if k != btc.name)
    text = "worst since publication: " + ", ".join(f"{k} {_pct(v)}" for k, v in worst.items())
    if tech.date is None:
        status = "open"
        text += "; the AI trade has not broken, so the conditional claim is undecided"
        if deeper:
            text += " (BTC has nonetheless fallen the most)"
    else:
        status = "supported" if deeper else "contradicted"
    return Evidence(
        status,
        text,
        {f"{k}_worst": v for k, v in worst.items()},
        tech.provenance + prov,
        tech.notes,
    )


def correlation_holds(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Is BTC still bound to tech: the rolling return correlation at publication vs now.

    ``supported`` when the latest window's confidence interval is above 0, ``contradicted``
    when the point estimate is at or below 0, ``open`` in between.
    """
    a, b = str(params.get("a", "BTC-USD")), str(params.get("b", "^IXIC"))
    window = int(params.get("window", 63))
    rf = data.returns([a, b], start=published - pd.Timedelta(days=int(window * 1.6) + 45))
    rolling = rolling_correlation(rf.returns[a], rf.returns[b], window)
    at_pub = rolling.point(published)
    latest = rolling.point()
    after = rolling.value.loc[rolling.value.index > published].dropna()
    if latest.date <= published:
        return Evidence("open", "no returns after publication yet", {}, tuple(rf.provenance))
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
    return Evidence(
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
        tuple(rf.provenance),
        tuple(rf.notes),
    )


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


def easing(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """Did the Fed ease after publication (policy rate down by ``cut`` or more)?"""
    cut = float(params.get("cut", 0.25))
    rate, sid, prov, notes = _policy_rate(data, params, published)
    base = float(rate.loc[:published].iloc[-1])
    after = rate.loc[rate.index > published]
    if after.empty:
        return Evidence("open", f"no {sid} value after publication yet", {}, prov, tuple(notes))
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
    if before.empty:
        return Evidence(
            "inconclusive", f"{label}: no value known at publication", {}, provenance, notes
        )
    if after.empty:
        reason = "; ".join(notes) or "no release after publication yet"
        return Evidence(
            "inconclusive",
            f"{label} is not known after publication ({reason})",
            {"gauge": label, "at_publication": float(before.iloc[-1])},
            provenance,
            notes,
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
    )


def btc_follows_easing(
    data: ClaimData,
    params: Mapping[str, Any],
    published: pd.Timestamp,
    horizon: pd.Timestamp | None,
) -> Evidence:
    """After the first post-publication cut, did BTC rise (by ``gain``, default 10%)?"""
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
        )
    btc_sid = str(params.get("btc", "BTC-USD"))
    frame = data.prices([btc_sid], start=first - pd.Timedelta(days=7))
    btc = frame[btc_sid].dropna()
    start = btc.loc[:first]
    if start.empty or btc.index[-1] <= first:
        return Evidence("open", "no BTC data after the first cut yet", {}, eased.provenance)
    change = float(btc.iloc[-1] / start.iloc[-1] - 1)
    text = f"first cut from {first.date()}; BTC {_pct(change)} from then to {btc.index[-1].date()}"
    status = _change_status(change, gain)
    return Evidence(
        status,
        text,
        {"first_cut": first, "btc_change": change},
        eased.provenance + frame_provenance(frame),
        eased.notes,
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
    """Score one forward claim; missing data give ``open`` with the reason."""
    if spec.computation not in FORWARD_COMPUTATIONS:
        raise ConfigError(
            f"forward claim {spec.id!r}: field 'computation' {spec.computation!r} is unknown"
        )
    try:
        found = FORWARD_COMPUTATIONS[spec.computation](data, spec.params, published, spec.horizon)
    except DataError as exc:
        found = Evidence("open", f"not scorable yet: {exc}")
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
    )


def score_forward(claims: ClaimsFile | str | Path | None, data: ClaimData) -> Scorecard:
    """Score every forward-looking claim against the data after the publication date.

    ``data`` is the store as known on ``--asof`` (its cut-off ends the scoring).

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
    return Scorecard(entries, parsed.published, stamp, synthetic, tuple(notes))
