"""BTC against liquidity: elasticity, growth correlations, lead-lag, cointegration."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.liquidity._cointegration import CointegrationResult, cointegration_tests
from bubblelink.analytics.liquidity._elasticity import ElasticityResult, liquidity_elasticity
from bubblelink.analytics.liquidity._global_m2 import (
    GLOBAL_M2_SERIES,
    GlobalM2Data,
    GlobalM2Result,
    global_m2_data,
)
from bubblelink.analytics.liquidity._growth import GrowthCorrelationResult, growth_correlation
from bubblelink.analytics.liquidity._inputs import LoadedSeries
from bubblelink.analytics.liquidity._lead_lag import (
    LeadStabilityResult,
    LiquidityLeadLagResult,
    lead_lag_stability,
    liquidity_lead_lag,
)
from bubblelink.errors import DataError
from bubblelink.frames.resample import resample
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class BtcLiquidityResult(ResultBase):
    """How BTC tracks liquidity (weekly data, liquidity as known each Friday).

    Attributes
    ----------
    liquidity_label : str
        ``global M2 (...)`` or ``US M2 (M2SL) only``: what the regressor is.
    weekly : DataFrame
        The weekly sample: columns ``btc``, ``liquidity`` (billions USD).
    elasticity, growth, lead_lag, cointegration
        The four analyses.
    lead_stability : LeadStabilityResult or None
        The best lead in sub-periods (thirds, before/after 2022) and whether the claimed
        10-12-week lead holds; None when the sample is too short.
    choice : str
        ``global`` or ``us``: which regressor was used.
    choice_reason : str
        Why (the global M2 coverage against :data:`GLOBAL_M2_MIN_COVERAGE`, or what is missing).
    global_m2 : GlobalM2Result or None
        Global M2 as known at the end of the sample (components, coverage).
    """

    liquidity_label: str
    weekly: pd.DataFrame
    elasticity: ElasticityResult
    growth: GrowthCorrelationResult
    lead_lag: LiquidityLeadLagResult
    cointegration: CointegrationResult
    synthetic: bool
    lead_stability: LeadStabilityResult | None = None
    choice: str = "us"
    choice_reason: str = ""
    global_m2: GlobalM2Result | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """Key figures: index ``metric``; columns ``value``, ``ci_low``, ``ci_high``, ``note``."""
        e, g, ll, c = self.elasticity, self.growth.table, self.lead_lag, self.cointegration
        rows = [
            ("elasticity", e.elasticity, e.ci_low, e.ci_high, f"NW se {e.std_error:.3f}, n={e.n}"),
            (
                "elasticity_latest_window",
                float(e.rolling["elasticity"].iloc[-1]),
                float(e.rolling["ci_low"].iloc[-1]),
                float(e.rolling["ci_high"].iloc[-1]),
                f"last {e.window} weeks",
            ),
        ]
        for horizon, row in g.iterrows():
            rows.append(
                (
                    f"growth_corr_{horizon}",
                    row["corr"],
                    row["ci_low"],
                    row["ci_high"],
                    f"n={row['n']}",
                )
            )
        rows.append(
            (
                "best_lead_weeks",
                float(ll.best_lag),
                ll.lag_ci_low,
                ll.lag_ci_high,
                f"r={ll.best_corr:.3f} ({ll.best_ci_low:.3f}..{ll.best_ci_high:.3f})",
            )
        )
        rows.append(("engle_granger_p", c.eg_p_value, np.nan, np.nan, c.verdict))
        rows.append(("johansen_rank", float(c.johansen_rank), np.nan, np.nan, "trace test"))
        if self.lead_stability is not None:
            st = self.lead_stability
            for period, row in st.table.drop(index="all").iterrows():
                rows.append(
                    (
                        f"best_lead_weeks_{period}",
                        float(row["best_lag"]),
                        float(row["lag_ci_low"]),
                        float(row["lag_ci_high"]),
                        f"r={row['best_corr']:.3f}, {row['start']}..{row['end']}"
                        if pd.notna(row["best_lag"])
                        else str(row.get("note", "")),
                    )
                )
            rows.append(
                (
                    "claimed_lead_supported",
                    float(st.claimed_lead_supported),
                    np.nan,
                    np.nan,
                    st.verdict,
                )
            )
        frame = pd.DataFrame.from_records(
            rows, columns=["metric", "value", "ci_low", "ci_high", "note"]
        )
        return frame.set_index("metric")

    def to_dict(self) -> dict[str, Any]:
        """Nested: each analysis's own ``to_dict()`` (the weekly sample left out)."""
        return {
            "liquidity": self.liquidity_label,
            "choice": self.choice,
            "choice_reason": self.choice_reason,
            "coverage": self.global_m2.coverage if self.global_m2 is not None else None,
            "synthetic": self.synthetic,
            "elasticity": {k: v for k, v in self.elasticity.to_dict().items() if k != "rolling"},
            "growth": self.growth.to_dict(),
            "lead_lag": self.lead_lag.to_dict(),
            "cointegration": self.cointegration.to_dict(),
            "lead_stability": (
                self.lead_stability.to_dict() if self.lead_stability is not None else None
            ),
            "notes": list(self.notes),
        }


def weekly_known(price: pd.Series, liquidity_daily: pd.Series) -> pd.DataFrame:
    """Friday closes of ``price`` next to the liquidity value known that Friday."""
    weekly_price = resample(price.dropna(), "W", "last")
    known = liquidity_daily.reindex(weekly_price.index)
    return pd.DataFrame({"btc": weekly_price, "liquidity": known}).dropna()


#: The series :func:`btc_vs_liquidity` reads (BTC, every M2 component and its FX rate).
BTC_LIQUIDITY_SERIES: tuple[str, ...] = ("BTC-USD", *GLOBAL_M2_SERIES)

#: Regressor choices: ``auto`` (global M2 when its coverage is at least
#: :data:`GLOBAL_M2_MIN_COVERAGE`, else US M2), ``global`` (the available components whatever the
#: coverage, labelled so), ``us`` (US M2 alone).
LIQUIDITY_CHOICES = ("auto", "global", "us")


def choose_liquidity(gm2: GlobalM2Result | None, choice: str = "auto") -> tuple[str, str]:
    """Which regressor to use (``global`` or ``us``) and why, from global M2's coverage."""
    if choice not in LIQUIDITY_CHOICES:
        raise DataError(f"liquidity must be one of {', '.join(LIQUIDITY_CHOICES)}, got {choice!r}")
    if choice == "us":
        return "us", "US M2 asked for"
    if gm2 is None:
        return "us", "global M2 not available: US M2 (M2SL) only"
    if gm2.components_used == ("us",):
        return "us", "global M2 not used: only US M2 (M2SL) is stored; " + "; ".join(gm2.missing)
    if choice == "global":
        cov = (
            f"coverage {gm2.coverage:.1%}"
            if gm2.coverage is not None
            else "coverage cannot be measured"
        )
        return "global", f"global M2 of the available components asked for ({cov})"
    if gm2.sufficient:
        return "global", (
            f"global M2 coverage {gm2.coverage:.1%} >= {gm2.min_coverage:.0%} "
            f"({gm2.coverage_month})"
        )
    if gm2.coverage is None:
        return "us", f"global M2 not used: {gm2.coverage_note}; BTC is regressed on US M2 only"
    return "us", (
        f"global M2 not used: coverage {gm2.coverage:.1%} < {gm2.min_coverage:.0%}; "
        "BTC is regressed on US M2 only"
    )


def liquidity_label(choice: str, gm2: GlobalM2Result | None) -> str:
    """What the regressor is called in every output."""
    if choice == "us" or gm2 is None:
        return "US M2 (M2SL) only"
    if gm2.complete:
        return "global M2"
    return f"global M2 ({len(gm2.components_used)} of {len(gm2.components)}: " + (
        f"coverage {gm2.coverage:.0%})" if gm2.coverage is not None else "coverage unmeasured)"
    )


def btc_vs_liquidity(
    loaded: LoadedSeries,
    window: int = 104,
    max_lag: int = 26,
    horizon: int = 13,
    n_boot: int = 300,
    liquidity: str = "auto",
    stability: bool = True,
    inputs: LiquidityInputs | None = None,
) -> BtcLiquidityResult:
    """Run the analyses on weekly BTC and M2 as known each Friday (no look-ahead).

    ``loaded`` holds :data:`BTC_LIQUIDITY_SERIES` as loaded by the service layer
    (:meth:`bubblelink.service.data.StoreData.macro`).

    The regressor (``liquidity``, :data:`LIQUIDITY_CHOICES`): by default global M2 in
    USD (:mod:`bubblelink.analytics.liquidity._global_m2`) when its coverage at the end
    of the sample is at least :data:`GLOBAL_M2_MIN_COVERAGE`, otherwise US M2 (M2SL) alone, and
    the result says which and why (``choice``, ``choice_reason``, ``liquidity_label``).
    Global M2 is the sum over the components used at the end of the sample, as known
    each Friday (:meth:`GlobalM2Data.history`: a fixed set, so composition changes do
    not enter the growth rates). BTC is its Friday close (UTC daily bar).
    ``stability`` adds :func:`lead_lag_stability` (sub-period best leads). ``inputs``:
    :func:`liquidity_inputs` of ``loaded`` when already built.
    """
    inputs = inputs if inputs is not None else liquidity_inputs(loaded)
    btc, data, gm2, widest, probe = (
        inputs.btc, inputs.data, inputs.gm2, inputs.widest, inputs.probe
    )  # fmt: skip
    choice, reason = liquidity_choice(inputs, liquidity)
    label = liquidity_label(choice, gm2)
    used = list(gm2.components_used) if (choice == "global" and gm2 is not None) else ["us"]
    weekly_price = resample(btc.dropna(), "W", "last")
    assert data is not None  # M2SL is present
    level = data.history(weekly_price.index, used)
    weekly = pd.DataFrame({"btc": weekly_price, "liquidity": level}).dropna()
    weekly.index = weekly.index.rename("date")
    notes = [reason]
    if widest is not None and choice == "global":
        notes.append(
            f"global M2 over the {len(used)} components of {widest.month} (the latest month "
            f"they all share, known {pd.Timestamp(widest.as_of).date()}): fewer are current "
            f"on {probe.date()}, so the weekly sample ends when one of them goes stale"
        )
    if gm2 is not None:
        notes.extend(n for n in gm2.notes if n not in notes)
    a = weekly["btc"].rename("BTC-USD")
    m = weekly["liquidity"].rename(label)
    lead = liquidity_lead_lag(a, m, max_lag=max_lag, horizon=horizon, n_boot=n_boot)
    stab = None
    if stability:
        try:
            stab = lead_lag_stability(
                a, m, max_lag=max_lag, horizon=horizon, n_boot=max(n_boot // 2, 50)
            )
        except DataError as exc:
            notes.append(f"lead stability not computed: {exc}")
        else:
            notes.append(stab.verdict)
    return BtcLiquidityResult(
        liquidity_label=label,
        weekly=weekly,
        elasticity=liquidity_elasticity(a, m, window=window),
        growth=growth_correlation(a, m),
        lead_lag=lead,
        cointegration=cointegration_tests(np.log(a), np.log(m)),
        synthetic=loaded.any_synthetic,
        lead_stability=stab,
        choice=choice,
        choice_reason=reason,
        global_m2=gm2,
        notes=tuple(notes),
    )


@dataclass(frozen=True, eq=False)
class LiquidityInputs:
    """What :func:`btc_vs_liquidity` chooses its regressor from (:func:`liquidity_inputs`):
    BTC, global M2's data, the global M2 the choice looks at, the widest recent one (or
    None) and the day probed."""

    btc: pd.Series
    data: GlobalM2Data | None
    gm2: GlobalM2Result | None
    widest: GlobalM2Result | None
    probe: pd.Timestamp


def liquidity_inputs(loaded: LoadedSeries) -> LiquidityInputs:
    """:class:`LiquidityInputs` of ``loaded`` (global M2 built once; pass it to
    :func:`liquidity_choice` and :func:`btc_vs_liquidity` to choose and analyse several
    regressors on the same data without building it again)."""
    btc = loaded.get("BTC-USD")
    if btc is None or loaded.get("M2SL") is None:
        absent = [s for s in ("BTC-USD", "M2SL") if loaded.get(s) is None]
        raise DataError(f"BTC vs liquidity needs {', '.join(absent)}: ingest it first")
    end = loaded.as_of if loaded.as_of is not None else btc.index[-1]
    data: GlobalM2Data | None = global_m2_data(loaded)
    gm2: GlobalM2Result | None
    probe = pd.Timestamp(min(end, btc.index[-1]))
    try:
        gm2 = data.at(probe) if data is not None else None
    except DataError:
        gm2 = None
    widest = _widest_recent(data, gm2, probe)
    if widest is not None:
        gm2 = widest
    return LiquidityInputs(btc, data, gm2, widest, probe)


def liquidity_choice(inputs: LiquidityInputs, liquidity: str = "auto") -> tuple[str, str]:
    """The regressor :func:`btc_vs_liquidity` uses for ``liquidity`` (``global`` or
    ``us``) and why, without running the analyses."""
    return choose_liquidity(inputs.gm2, liquidity)


def with_reason(result: BtcLiquidityResult, reason: str) -> BtcLiquidityResult:
    """``result`` as chosen for another ``reason``: the analysis of the same regressor
    on the same data (e.g. ``auto`` that chose US M2, from the result of ``us``) is the
    same but for the reason, the first note (what :func:`btc_vs_liquidity` with that
    choice returns; tested)."""
    return replace(result, choice_reason=reason, notes=(reason, *result.notes[1:]))


def _widest_recent(
    data: GlobalM2Data | None, now: GlobalM2Result | None, probe: pd.Timestamp
) -> GlobalM2Result | None:
    """Global M2 on the day its widest recent component set was last complete, when that
    set is wider than the one current on ``probe`` (else None).

    At the end of a sample the slowest publishers' latest months may have gone stale
    while faster ones (US, Canada) are current; the fixed-set weekly history would then
    shrink to the fast few. Taking the set of the latest month every stored component
    shares keeps the analysis global and ends its sample where that set stops being
    current (the history is NaN there), instead of silently narrowing it.
    """
    if data is None:
        return None
    day = data.latest_complete_day()
    if day is None:
        return None
    day = day.tz_convert(None) if day.tzinfo is not None else day
    probe_naive = probe.tz_convert(None) if probe.tzinfo is not None else probe
    if day > probe_naive:
        return None
    try:
        full = data.at(day)
    except DataError:
        return None
    if now is not None and len(full.components_used) <= len(now.components_used):
        return None
    return full
