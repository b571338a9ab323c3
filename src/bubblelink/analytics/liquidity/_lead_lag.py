"""Lead-lag scan: at which lag (0-26 weeks) does liquidity growth best track BTC growth?"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bubblelink.analytics._block_bootstrap import percentile_interval, stationary_bootstrap_indices
from bubblelink.analytics._checks import check_min_obs, overlapping
from bubblelink.analytics.correlation import fisher_ci
from bubblelink.analytics.liquidity._growth import log_growth
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class LiquidityLeadLagResult(ResultBase):
    """Correlation of BTC growth with lagged liquidity growth, lag by lag.

    Attributes
    ----------
    table : DataFrame
        Index ``lag`` (weeks liquidity leads); columns ``corr``, ``ci_low``, ``ci_high``.
    best_lag : int
        Lag with the largest (signed) correlation.
    best_corr, best_ci_low, best_ci_high : float
        Its correlation and Fisher-z interval (effective n = n / horizon).
    lag_ci_low, lag_ci_high : float
        Stationary-bootstrap percentile interval of the best lag.
    n : int
        Common sample (dates where every lag is defined).
    horizon : int
        Growth horizon (observations) of both series.
    """

    asset: str
    liquidity: str
    table: pd.DataFrame
    best_lag: int
    best_corr: float
    best_ci_low: float
    best_ci_high: float
    lag_ci_low: float
    lag_ci_high: float
    n: int
    horizon: int
    max_lag: int
    n_boot: int
    confidence: float = 0.95
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The per-lag table."""
        return self.table

    def summary(self) -> str:
        """One line with the best lag and its bands."""
        return (
            f"{self.liquidity} leads {self.asset} best at {self.best_lag} weeks "
            f"(r={self.best_corr:.3f}, CI {self.best_ci_low:.3f}..{self.best_ci_high:.3f}; "
            f"lag band {self.lag_ci_low:.0f}..{self.lag_ci_high:.0f}, n={self.n})"
        )


def liquidity_lead_lag(
    asset: pd.Series,
    liquidity: pd.Series,
    max_lag: int = 26,
    horizon: int = 13,
    n_boot: int = 500,
    block_length: float | None = None,
    confidence: float = 0.95,
    seed: int = 0,
) -> LiquidityLeadLagResult:
    r"""Scan :math:`r_k = \mathrm{corr}(g^L_{t-k}, g^A_t)` for :math:`k = 0..K` weeks.

    :math:`g_t = \log(x_t / x_{t-h})` are ``horizon``-period growth rates (13 weeks by
    default) of the asset (BTC) and of liquidity; :math:`k > 0` means liquidity
    **leads**. All lags use one common sample (dates where :math:`g^L_{t-K}` exists),
    so the :math:`r_k` are comparable.

    * best lag :math:`\hat k = \arg\max_k r_k` (signed: the lag where more liquidity
      goes with more BTC most strongly);
    * its correlation's interval: Fisher z with effective :math:`n/h` (overlapping
      growth windows);
    * the lag's band: stationary bootstrap (Politis & Romano, 1994) of whole rows
      :math:`(g^A_t, g^L_{t}, \dots, g^L_{t-K})`, mean block length
      :math:`\max(2h, n^{1/3})`, re-taking :math:`\arg\max_k` in each resample.

    Picking the maximum of :math:`K+1` correlations inflates it (a selection effect); the
    band on the lag shows how well determined it is. The scan is descriptive, not a
    causality test (see :mod:`bubblelink.analytics.leadlag` for Granger tests).

    Raises
    ------
    DataError
        Fewer than ``max_lag + horizon + 20`` overlapping observations.
    """
    if max_lag < 0 or horizon < 1:
        raise DataError(f"max_lag must be >= 0 and horizon >= 1, got {max_lag}, {horizon}")
    pair = overlapping(asset, liquidity, min_obs=3)
    name_a, name_l = (str(c) for c in pair.columns)
    check_min_obs(len(pair), max_lag + horizon + 20, f"{name_a} vs {name_l}", "the lag scan")
    ga = log_growth(pair[name_a], horizon)
    gl = log_growth(pair[name_l], horizon)
    lagged = pd.concat({k: gl.shift(k) for k in range(max_lag + 1)}, axis=1)
    data = pd.concat([ga.rename("asset"), lagged], axis=1).dropna()
    n = len(data)
    check_min_obs(n, 20, f"{name_a} vs {name_l} (common sample)", "the lag scan")
    values = data.to_numpy(dtype=float)
    corr = _corr_with_first(values)
    n_eff = max(n / horizon, 4.0)
    low, high = fisher_ci(corr, np.full(corr.shape, n_eff), "pearson", confidence)
    best = int(np.nanargmax(corr))
    rng = np.random.default_rng(seed)
    b = block_length if block_length is not None else max(2.0 * horizon, n ** (1.0 / 3.0))
    idx = stationary_bootstrap_indices(n, n_boot, min(b, float(n)), rng)
    lags = np.array([np.nanargmax(_corr_with_first(values[i])) for i in idx], dtype=float)
    lag_low, lag_high = percentile_interval(lags, confidence)
    table = pd.DataFrame(
        {"corr": corr, "ci_low": low, "ci_high": high},
        index=pd.Index(range(max_lag + 1), name="lag"),
    )
    return LiquidityLeadLagResult(
        asset=name_a,
        liquidity=name_l,
        table=table,
        best_lag=best,
        best_corr=float(corr[best]),
        best_ci_low=float(low[best]),
        best_ci_high=float(high[best]),
        lag_ci_low=lag_low,
        lag_ci_high=lag_high,
        n=n,
        horizon=horizon,
        max_lag=max_lag,
        n_boot=n_boot,
        confidence=confidence,
        notes=(
            f"lag k: corr({name_l} growth at t-k, {name_a} growth at t), {horizon}-period "
            "log growth; best lag = largest correlation (selection inflates it)",
        ),
    )


def _corr_with_first(values: np.ndarray) -> np.ndarray:
    """Pearson correlation of column 0 with each other column."""
    centred = values - values.mean(axis=0)
    norms = np.sqrt((centred**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (centred[:, 1:] * centred[:, [0]]).sum(axis=0) / (norms[1:] * norms[0])


#: The lead commonly claimed for global M2 over BTC (weeks).
CLAIMED_LEAD_WEEKS: tuple[int, int] = (10, 12)
#: Sub-period best lags within this many weeks of each other count as stable.
STABLE_LAG_SPREAD = 4


@dataclass(frozen=True, eq=False)
class LeadStabilityResult(ResultBase):
    """The best lead of liquidity over BTC in sub-periods, and whether it is stable.

    Attributes
    ----------
    table : DataFrame
        Index ``period`` (``all``, ``third_1..3``, ``pre_2022``, ``post_2022``);
        columns ``start``, ``end``, ``n``, ``best_lag``, ``best_corr``, ``ci_low``,
        ``ci_high`` (Fisher interval of the best correlation), ``lag_ci_low``,
        ``lag_ci_high`` (bootstrap band of the best lag), ``corr_at_claimed`` (mean
        correlation over the claimed lags), ``note``.
    stable : bool
        Every sub-period's best lag within :data:`STABLE_LAG_SPREAD` weeks of the others
        and every sub-period's best correlation with ``ci_low > 0``.
    claimed_lead_supported : bool
        The full-sample lag band overlaps the claimed lags, and every sub-period's best
        lag is within :data:`STABLE_LAG_SPREAD` weeks of them with ``ci_low > 0``.
    verdict : str
        One line saying so, with the numbers.
    """

    asset: str
    liquidity: str
    table: pd.DataFrame
    claimed_lags: tuple[int, int]
    stable: bool
    claimed_lead_supported: bool
    verdict: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The per-period table."""
        return self.table


def lead_lag_stability(
    asset: pd.Series,
    liquidity: pd.Series,
    split: str = "2022-01-01",
    max_lag: int = 26,
    horizon: int = 13,
    n_boot: int = 200,
    claimed: tuple[int, int] = CLAIMED_LEAD_WEEKS,
    seed: int = 0,
) -> LeadStabilityResult:
    """:func:`liquidity_lead_lag` on the whole sample, its thirds, and before/after ``split``.

    Each sub-period is scanned on its own (growth rates and lags computed inside it, so
    no observation crosses a boundary). The rules for ``stable`` and
    ``claimed_lead_supported`` are in :class:`LeadStabilityResult`. A sub-period too
    short for the scan (fewer than ``max_lag + horizon + 20`` weeks) is reported with
    its reason and makes the result not stable (the data cannot tell).
    """
    pair = overlapping(asset, liquidity, min_obs=3)
    name_a, name_l = (str(c) for c in pair.columns)
    n = len(pair)
    cut = pd.Timestamp(split, tz="UTC") if pair.index.tz is not None else pd.Timestamp(split)
    periods: list[tuple[str, pd.DataFrame]] = [("all", pair)]
    for k in range(3):
        periods.append((f"third_{k + 1}", pair.iloc[k * n // 3 : (k + 1) * n // 3]))
    periods.append((f"pre_{cut.year}", pair[pair.index < cut]))
    periods.append((f"post_{cut.year}", pair[pair.index >= cut]))
    rows = []
    low_c, high_c = claimed
    for name, part in periods:
        row: dict[str, object] = {
            "period": name,
            "start": part.index[0].date().isoformat() if len(part) else None,
            "end": part.index[-1].date().isoformat() if len(part) else None,
            "n": len(part),
        }
        try:
            res = liquidity_lead_lag(
                part[name_a], part[name_l], max_lag=max_lag, horizon=horizon,
                n_boot=n_boot, seed=seed,
            )  # fmt: skip
        except DataError as exc:
            row["note"] = str(exc)
            rows.append(row)
            continue
        row.update(
            n=res.n,
            best_lag=res.best_lag,
            best_corr=res.best_corr,
            ci_low=res.best_ci_low,
            ci_high=res.best_ci_high,
            lag_ci_low=res.lag_ci_low,
            lag_ci_high=res.lag_ci_high,
            corr_at_claimed=float(res.table.loc[low_c:high_c, "corr"].mean()),
            note="",
        )
        rows.append(row)
    table = pd.DataFrame(rows).set_index("period")
    for col in ("best_lag", "best_corr", "ci_low", "ci_high", "lag_ci_low", "lag_ci_high",
                "corr_at_claimed"):  # fmt: skip
        if col not in table:
            table[col] = np.nan
    subs = table.drop(index="all")
    scanned = subs["best_lag"].notna().all()
    lags = subs["best_lag"].astype(float)
    positive = bool((subs["ci_low"].astype(float) > 0).all()) if scanned else False
    spread = float(lags.max() - lags.min()) if scanned else float("nan")
    stable = bool(scanned and spread <= STABLE_LAG_SPREAD and positive)
    whole = table.loc["all"]
    band_overlaps = bool(
        pd.notna(whole["lag_ci_low"])
        and whole["lag_ci_low"] <= high_c
        and whole["lag_ci_high"] >= low_c
    )
    near = bool(
        scanned
        and ((lags >= low_c - STABLE_LAG_SPREAD) & (lags <= high_c + STABLE_LAG_SPREAD)).all()
    )
    supported = band_overlaps and near and positive
    lag_text = ", ".join(
        f"{p} {int(r['best_lag'])}w r={r['best_corr']:.2f}"
        if pd.notna(r["best_lag"])
        else f"{p} too short"
        for p, r in subs.iterrows()
    )
    verdict = (
        f"claimed {low_c}-{high_c}-week lead "
        f"{'supported' if supported else 'not supported'}; best lead "
        + (
            f"{int(whole['best_lag'])}w (band {whole['lag_ci_low']:.0f}-"
            f"{whole['lag_ci_high']:.0f}, r={whole['best_corr']:.2f}) on the whole sample"
            if pd.notna(whole["best_lag"])
            else "not measurable on the whole sample"
        )
        + f"; {'stable' if stable else 'not stable'} across sub-periods ({lag_text})"
    )
    return LeadStabilityResult(
        asset=name_a,
        liquidity=name_l,
        table=table,
        claimed_lags=claimed,
        stable=stable,
        claimed_lead_supported=supported,
        verdict=verdict,
        notes=(
            f"stable = sub-period best lags within {STABLE_LAG_SPREAD} weeks of each other "
            "and each sub-period's best correlation CI above 0; claimed lead supported = "
            "whole-sample lag band overlaps the claimed lags and every sub-period's best "
            f"lag within {STABLE_LAG_SPREAD} weeks of them with CI above 0",
        ),
    )
