"""Market structure: BTC dominance and total crypto market cap, and a valuation gauge.

``dominance`` reads the two crypto concepts through the one resolver
(:meth:`bubblelink.service.data.StoreData.crypto_concept`: CoinGecko where it has a value,
else CoinMarketCap), and gives the latest values, their change over windows, the
vendors' overlap difference, the daily dominance change on BTC's and on the AI basket's
worst days against the other days, and the daily path next to BTC's close. ``valuation``
gives nonfinancial corporate equities at market value over nominal GDP as released, with
its historical percentile.

Timing: CoinGecko's daily point dated D is taken at 00:00 UTC of D; the CoinMarketCap
snapshots dated D at about 01:20-03:30 UTC of D; BTC-USD's daily bar D closes at 00:00 UTC
of D+1. A level dated D is therefore the close of BTC's bar D-1 (CoinMarketCap: about two
hours later), and the change from D to D+1 spans BTC's bar D.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.market_structure import (
    OverlapDifference,
    StressSplitResult,
    ValuationResult,
    WindowChangesResult,
    daily_changes,
    drawdown_days,
    equities_to_gdp,
    split_days,
    stress_split,
    window_changes,
)
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain
from bubblelink.service._compose import answer, utc_day
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import ConceptRead, StoreData, StoreLike, store_data
from bubblelink.service.params import DominanceParams, ValuationParams
from bubblelink.symbols import AI_BASKET_SYMBOL, BTC_DOMINANCE_MERGED, CRYPTO_TOTAL_MCAP_MERGED

#: The timing statement every dominance output carries.
TIMING_NOTE = (
    "timing: CoinGecko's level dated D is its 00:00 UTC point of D; CoinMarketCap's is a "
    "snapshot taken about 01:20-03:30 UTC of D (not its 00:00 UTC historical value; "
    "~0-0.15 pp apart on the dates checked); BTC-USD's bar D closes 00:00 UTC of D+1. A "
    "level dated D is the close of BTC's bar D-1 (CoinMarketCap about 2 h later); the change "
    "from D to D+1 is matched with BTC's bar D and with the NYSE session D (whose return "
    "starts at the previous 21:00 UTC close, 3 h before that UTC day)"
)

#: The stress references: BTC (all days, log returns) and the AI basket (NYSE sessions).
STRESS_REFERENCES: tuple[tuple[str, str], ...] = (
    ("BTC-USD", "all-days"),
    (AI_BASKET_SYMBOL, "equity"),
)

VALUATION_EQUITIES = "NCBEILQ027S"
VALUATION_GDP = "GDP"


@dataclass(frozen=True, eq=False)
class DominanceReport(ResultBase):
    """BTC dominance and total crypto market cap as known on ``as_of`` (see the module doc).

    Attributes
    ----------
    latest : DataFrame
        One row per concept and per source: date, value, unit, source.
    dominance, total_mcap : WindowChangesResult or None
        Changes over the windows (percentage points; total cap as a fraction).
    overlap : dict
        Concept -> the second vendor against the first on their overlap.
    stress : dict
        Reference symbol -> the dominance-change split on its worst days (None when it
        could not be computed; ``stress_missing`` says why).
    path : DataFrame or None
        Daily dominance and total cap (with each value's source) and BTC's close.
    """

    as_of: pd.Timestamp
    latest: pd.DataFrame
    dominance: WindowChangesResult | None
    total_mcap: WindowChangesResult | None
    overlap: dict[str, OverlapDifference | None]
    stress: dict[str, StressSplitResult | None]
    stress_missing: dict[str, str]
    stress_pct: float
    path: pd.DataFrame | None
    timing: str = TIMING_NOTE
    notes: tuple[str, ...] = field(default_factory=tuple)

    def windows_frame(self) -> pd.DataFrame:
        """The window changes of both concepts, one row each (``concept``, ``window``, ...)."""
        parts = []
        for name, res in ((BTC_DOMINANCE_MERGED, self.dominance),
                          (CRYPTO_TOTAL_MCAP_MERGED, self.total_mcap)):  # fmt: skip
            if res is None:
                continue
            table = res.table.reset_index()
            table.insert(0, "concept", name)
            table.insert(2, "unit", "fraction" if res.relative else "pp")
            parts.append(table)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def to_frame(self) -> pd.DataFrame:
        """Window changes of both concepts (``concept``, ``window``, ...), then stress rows
        (``window`` = ``<reference> worst P%: stress|other|stress_minus_other``, ``change`` =
        the mean daily change in pp, with the bootstrap interval and both p-values)."""
        windows = self.windows_frame()
        parts = [windows] if not windows.empty else []
        for ref, split in self.stress.items():
            if split is None:
                continue
            rows = split.to_frame().reset_index()
            parts.append(
                pd.DataFrame(
                    {
                        "concept": f"{BTC_DOMINANCE_MERGED} daily change",
                        "window": f"{ref}: " + rows["group"],
                        "unit": "pp",
                        "change": rows["mean"],
                        "ci_low": rows["ci_low"],
                        "ci_high": rows["ci_high"],
                        "p_value": rows["p_value"],
                        "mannwhitney_p": rows["mannwhitney_p"],
                        "n": rows["n"],
                    }
                )
            )
        columns = ["concept", "window", "unit", "start_date", "end_date", "start_value",
                   "end_value", "change", "source", "mixed", "n", "ci_low", "ci_high",
                   "p_value", "mannwhitney_p", "note"]  # fmt: skip
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True, sort=False).reindex(columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """``{as_of, latest, windows, overlap, stress, stress_missing, path, timing, notes}``."""
        return {
            "as_of": plain(self.as_of),
            "latest": plain(self.latest),
            "windows": plain(self.windows_frame()),
            "overlap": {k: v.to_dict() if v else None for k, v in self.overlap.items()},
            "stress_pct": self.stress_pct,
            "stress": {k: v.to_dict() if v else None for k, v in self.stress.items()},
            "stress_missing": dict(self.stress_missing),
            "path": plain(self.path) if self.path is not None else None,
            "timing": self.timing,
            "notes": list(self.notes),
        }


def _latest(reads: dict[str, ConceptRead]) -> pd.DataFrame:
    rows = []
    for name, read in reads.items():
        sp = read.spliced
        rows.append((name, sp.values.index[-1], float(sp.values.iloc[-1]), read.unit,
                     str(sp.source.iloc[-1])))  # fmt: skip
        for sid, part in sp.parts.items():
            if len(part):
                rows.append((sid, part.index[-1], float(part.iloc[-1]), read.unit, sid))
    frame = pd.DataFrame.from_records(rows, columns=["series", "date", "value", "unit", "source"])
    return frame.set_index("series")


#: Key of the drawdown-regime split in ``DominanceReport.stress``.
DRAWDOWN_KEY = "BTC-USD drawdown"


def _stress(
    data: StoreData,
    changes: pd.Series,
    pct: float,
    depth: float,
    start: pd.Timestamp | None,
) -> tuple[dict[str, StressSplitResult | None], dict[str, str]]:
    out: dict[str, StressSplitResult | None] = {}
    missing: dict[str, str] = {}
    for symbol, calendar in STRESS_REFERENCES:
        try:
            rf = data.returns([symbol], start=start, calendar=calendar, kind="log")
            ref = rf.returns[symbol].rename(symbol)
            ref.index = pd.DatetimeIndex(ref.index).normalize()
            out[symbol] = stress_split(changes, ref, pct=pct)
        except DataError as exc:
            out[symbol] = None
            missing[symbol] = str(exc)
    try:
        btc = data.prices(["BTC-USD"], start=start)["BTC-USD"].dropna()
        btc.index = pd.DatetimeIndex(btc.index).normalize()
        rule = (f"BTC-USD closes at least {depth:.0%} below its running peak since "
                f"{btc.index[0].date()}")  # fmt: skip
        out[DRAWDOWN_KEY] = split_days(changes, drawdown_days(btc, depth), "BTC-USD", rule)
    except DataError as exc:
        out[DRAWDOWN_KEY] = None
        missing[DRAWDOWN_KEY] = str(exc)
    return out, missing


def dominance_report(data: StoreData, p: DominanceParams) -> DominanceReport:
    """The dominance report on ``data`` (see :func:`dominance`)."""
    reads: dict[str, ConceptRead] = {}
    problems: list[str] = []
    for concept in (BTC_DOMINANCE_MERGED, CRYPTO_TOTAL_MCAP_MERGED):
        try:
            reads[concept] = data.crypto_concept(concept)
        except DataError as exc:
            problems.append(f"{concept}: {exc}")
    if BTC_DOMINANCE_MERGED not in reads:
        raise DataError(
            "; ".join(problems) + " — BTC dominance needs BTC_DOMINANCE (CoinGecko) or "
            "BTC_DOMINANCE_CMC (CoinMarketCap) in the store"
        )
    start = utc_day(p.start, "start date")
    # read through prices() too: the provenance, the merge-rule notes
    path = data.prices(list(reads), start=start)
    windows = {c: window_changes(r.spliced, p.window, relative=r.relative)
               for c, r in reads.items()}  # fmt: skip
    dom = reads[BTC_DOMINANCE_MERGED]
    changes = daily_changes(dom.spliced.between(start, None))
    stress, missing = _stress(data, changes, p.stress_pct, p.drawdown, start)
    table = None
    if p.path:
        sources = path.attrs.get("sources", {})
        table = pd.DataFrame(index=path.index)
        for concept in reads:
            table[concept] = path[concept]
            table[f"{concept}_source"] = sources[concept].reindex(path.index)
        try:
            btc = data.prices(["BTC-USD"], start=path.index[0], end=path.index[-1])["BTC-USD"]
            btc.index = pd.DatetimeIndex(btc.index).normalize()
            table["BTC-USD"] = btc.reindex(table.index)
        except DataError as exc:
            problems.append(f"BTC-USD close not shown next to the path: {exc}")
        table.index.name = "date"
    as_of = dom.spliced.values.index[-1]
    notes = [TIMING_NOTE, *problems]
    notes += [f"stress split vs {k} not computed: {v}" for k, v in missing.items()]
    notes.append(
        f"stress days: the worst {p.stress_pct:g}% of BTC-USD daily log returns (all days), "
        f"of {AI_BASKET_SYMBOL} session log returns (the falls_harder rule), and the days BTC "
        f"closes at least {p.drawdown:.0%} below its running peak (a regime: its days cluster); "
        "the statistic is the daily change of dominance in percentage points, same-source days "
        "only; Welch t (p_value), Mann-Whitney U and the bootstrap treat days as independent"
    )
    return DominanceReport(
        as_of=as_of,
        latest=_latest(reads),
        dominance=windows.get(BTC_DOMINANCE_MERGED),
        total_mcap=windows.get(CRYPTO_TOTAL_MCAP_MERGED),
        overlap={c: r.overlap for c, r in reads.items()},
        stress=stress,
        stress_missing=missing,
        stress_pct=p.stress_pct,
        path=table,
        notes=tuple(notes),
    )


def dominance(store: StoreLike, params: DominanceParams | None = None, **kw: Any) -> ServiceResult:
    """BTC dominance and total crypto market cap (``dominance``, ``/api/dominance``)."""
    p = params or DominanceParams.build(**kw)
    with store_data(store, p.as_of) as data:
        report = dominance_report(data, p)
        dom = report.latest.loc[BTC_DOMINANCE_MERGED]
        title = (
            f"BTC dominance {dom['value']:.2f}% on {pd.Timestamp(dom['date']).date()} "
            f"({dom['source']})"
        )
        return answer("dominance", report, data, as_of=report.as_of, title=title)


def valuation_result(data: StoreData) -> ValuationResult:
    """Equities over GDP on ``data`` (see :func:`valuation`)."""
    loaded = data.macro([VALUATION_EQUITIES, VALUATION_GDP])
    absent = [s for s in (VALUATION_EQUITIES, VALUATION_GDP) if loaded.get(s) is None]
    if absent:
        reasons = "; ".join(f"{s}: {loaded.missing.get(s, 'missing')}" for s in absent)
        raise DataError(
            f"the valuation gauge needs {VALUATION_EQUITIES} and {VALUATION_GDP} ({reasons}): "
            "ingest them, e.g. `bubblelink ingest csv /work/shared/data/world` and "
            "`bubblelink ingest fred GDP`"
        )
    return equities_to_gdp(
        loaded.series[VALUATION_EQUITIES],
        loaded.series[VALUATION_GDP],
        equities_lag=loaded.lags[VALUATION_EQUITIES],
        gdp_lag=loaded.lags[VALUATION_GDP],
        as_of=data.as_of,
    )


def valuation_notes(result: ValuationResult, lags: tuple[int, int]) -> list[str]:
    """What every output of the gauge says about its definition and timing."""
    return [
        f"{VALUATION_EQUITIES} is the market value of NONFINANCIAL corporate business equities "
        "(Fed Z.1), not the Wilshire 5000 'Buffett indicator' (financial-sector equities, "
        "FBCELLQ027S, are excluded; the Wilshire series left FRED in 2024): compare levels "
        "with its own history, not with published Buffett-indicator figures",
        f"quarter matching: the end-of-quarter equity level over the same quarter's nominal "
        f"GDP (SAAR), both dated by the quarter's first day; a quarter counts from the later "
        f"of its two releases (observation date + {lags[0]} days for {VALUATION_EQUITIES}, "
        f"+ {lags[1]} for {VALUATION_GDP}); no interpolation or carry-forward",
        f"headline percentile: over quarters since 1990 ({result.n}); full history since "
        f"{result.history_first.date()} ({result.n_full}) beside it",
        "as released: one stored vintage per quarter (first-release estimate dated by the "
        "publication lag); later Z.1 and GDP revisions are not seen before they are stored",
    ]


def valuation(store: StoreLike, params: ValuationParams | None = None, **kw: Any) -> ServiceResult:
    """Corporate equities over nominal GDP as known on ``as_of`` (``valuation``)."""
    p = params or ValuationParams.build(**kw)
    with store_data(store, p.as_of) as data:
        result = valuation_result(data)
        loaded = data.macro([VALUATION_EQUITIES, VALUATION_GDP])
        notes = valuation_notes(
            result, (loaded.lags[VALUATION_EQUITIES], loaded.lags[VALUATION_GDP])
        )
        title = (
            f"Nonfinancial corporate equities / GDP: {result.value:.1f}% in {result.quarter} "
            f"(percentile {result.percentile:.0f} since 1990)"
        )
        return answer("valuation", result, data, notes, as_of=data.as_of or result.known_since,
                      title=title)  # fmt: skip
