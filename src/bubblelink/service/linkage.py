"""Linkage: how correlated is BTC with the AI trade, is it real, stable, asymmetric?

``corr``, ``beta``, ``tails``, ``contagion``, ``dcc`` and ``regimes``: each loads returns
through :class:`~bubblelink.service.data.StoreData` (aliases and ``AI_BASKET`` accepted,
``--asof`` honoured, ``log`` or ``simple`` returns), calls one analytics function and
returns a :class:`~bubblelink.service.ServiceResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.analytics.beta import beta_profile
from bubblelink.analytics.contagion import forbes_rigobon
from bubblelink.analytics.correlation import (
    RollingCorrelationResult,
    ewma_correlation,
    levels_correlation,
    rolling_correlation,
    spurious_warning,
)
from bubblelink.analytics.dcc import DCC
from bubblelink.analytics.regimes import MarkovRegimes
from bubblelink.analytics.tails import tail_dependence
from bubblelink.dates import parse_utc_date
from bubblelink.errors import DataError
from bubblelink.frames.calendars import periods_per_year
from bubblelink.results import plain
from bubblelink.service._compose import answer, at_least_two, utc_day
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import (
    BetaParams,
    ContagionParams,
    CorrParams,
    DccParams,
    RegimesParams,
    TailsParams,
)


@dataclass(frozen=True, eq=False)
class CorrelationReport:
    """One correlation value at the as-of session (and optionally its series).

    JSON keys (stable): ``a``, ``b``, ``method``, ``window`` (null for EWMA, which adds
    ``lambda`` and ``n_effective``), ``on``, ``calendar``, ``returns``, ``value``,
    ``ci_low``, ``ci_high``, ``n`` (observations in the window, an integer); with
    ``series`` a list of ``{date, value, ci_low, ci_high}``; with ``on=levels`` also
    ``returns_value`` and ``warning``. The session is the envelope's ``as_of``.
    """

    a: str
    b: str
    method: str
    window: int | None
    on: str
    calendar: str
    returns: str
    date: pd.Timestamp
    value: float
    ci_low: float
    ci_high: float
    n: int
    rolling: RollingCorrelationResult
    lam: float | None = None
    n_effective: float | None = None
    series: pd.DataFrame | None = None
    returns_value: float | None = None
    warning: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The keys of the class docstring."""
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "method": self.method,
            "window": self.window,
        }
        if self.method == "ewma":
            out["lambda"] = self.lam
            out["n_effective"] = plain(self.n_effective)
        out.update(
            {
                "on": self.on,
                "calendar": self.calendar,
                "returns": self.returns,
                "value": plain(self.value),
                "ci_low": plain(self.ci_low),
                "ci_high": plain(self.ci_high),
                "n": int(self.n),
                "notes": list(self.notes),
            }
        )
        if self.on == "levels":
            out["returns_value"] = plain(self.returns_value)
            out["warning"] = self.warning
        if self.series is not None:
            out["series"] = plain(self.series)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The series (with ``series``) or the one-row summary (labels = JSON keys)."""
        if self.series is not None:
            return self.series
        row: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "method": self.method,
            "window": self.window,
            "on": self.on,
            "as_of": plain(self.date),
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n": int(self.n),
        }
        if self.method == "ewma":
            row["lambda"] = self.lam
        if self.on == "levels":
            row["returns_value"] = self.returns_value
        return pd.DataFrame([row])


def correlation(store: StoreLike, params: CorrParams | None = None, **kw: Any) -> ServiceResult:
    """Correlation of A and B at the as-of session, with a 95% interval (``corr``).

    Rolling Pearson (default), Spearman or Kendall over ``window`` observations, or
    EWMA (RiskMetrics λ) — on returns by default; ``on="levels"`` also reports the
    returns figure and the spurious-correlation warning. The window ends on the last
    session on or before ``as_of``.
    """
    p = params or CorrParams.build(**kw)
    if p.method == "ewma" and p.on == "levels":
        raise DataError(
            "EWMA correlation is defined on returns (zero-mean recursion): drop --on levels"
        )
    with store_data(store, p.as_of) as data:
        rf = data.returns([p.a, p.b], p.start, p.end, p.calendar, p.returns)
        x, y = rf.pair(p.a, p.b)
        result: RollingCorrelationResult
        returns_value: float | None = None
        warning: str | None = None
        if p.method == "ewma":
            result = ewma_correlation(x, y, lam=p.lam)
        elif p.on == "levels":
            both = levels_correlation(
                rf.prices[x.name], rf.prices[y.name], p.window, p.method, kind=p.returns
            )
            result = both.levels
        else:
            result = rolling_correlation(x, y, p.window, p.method)
        point = result.point(utc_day(p.as_of, "as_of"))
        if p.on == "levels":
            returns_value = float(both.returns.value.reindex([point.date]).iloc[0])
            warning = spurious_warning(point.value, returns_value, p.returns)
        frame: pd.DataFrame | None = None
        if p.series:
            frame = result.to_frame()[["value", "ci_low", "ci_high"]]
            frame = frame[frame.index <= point.date].dropna(subset=["value"])
        used = int(pd.concat([x, y], axis=1).loc[: point.date].dropna().shape[0])
        report = CorrelationReport(
            a=str(x.name),
            b=str(y.name),
            method=p.method,
            window=None if p.method == "ewma" else p.window,
            on=p.on,
            calendar=p.calendar,
            returns=p.returns,
            date=point.date,
            value=point.value,
            ci_low=point.ci_low,
            ci_high=point.ci_high,
            n=used if p.method == "ewma" else int(point.n),
            rolling=result,
            lam=p.lam if p.method == "ewma" else None,
            n_effective=point.n if p.method == "ewma" else None,
            series=frame,
            returns_value=returns_value,
            warning=warning,
            notes=tuple(result.notes),
        )
        title = (
            f"{report.method} correlation of {report.a} and {report.b} on {report.on} "
            f"(95% CI), as of {plain(report.date)}"
        )
        notes = [warning] if warning else []
        return answer("corr", report, data, [*notes, *rf.notes], as_of=point.date, title=title)


def beta(store: StoreLike, params: BetaParams | None = None, **kw: Any) -> ServiceResult:
    """The beta profile of ASSET on MARKET (``beta``).

    OLS beta with HAC errors, downside/upside beta (split at zero or the mean; market
    days exactly at the split excluded, or counted as up or down days: ``zero_days``)
    with a test of equality, capture ratios (same zero-day rule), stress-day
    correlation, "falls harder" on the worst days, and optionally a rolling beta.
    """
    p = params or BetaParams.build(**kw)
    with store_data(store, p.as_of) as data:
        rf = data.returns([p.asset, p.market], p.start, p.end, p.calendar, p.returns)
        a, m = rf.pair(p.asset, p.market)
        result = beta_profile(
            a,
            m,
            split=p.split,
            zero_days=p.zero_days,
            stress_k=p.stress_k,
            worst_pct=p.worst_pct,
            window=p.window,
            kind=p.returns,
            periods_per_year=periods_per_year(
                rf.prices.attrs.get("calendars", {}).get(m.name, "XNYS"), p.calendar
            ),
        )
        return answer("beta", result, data, rf.notes, title=f"Beta of {a.name} on {m.name}")


def tails(store: StoreLike, params: TailsParams | None = None, **kw: Any) -> ServiceResult:
    """Empirical lower/upper tail dependence of ASSET given MARKET (``tails``)."""
    p = params or TailsParams.build(**kw)
    with store_data(store, p.as_of) as data:
        rf = data.returns([p.asset, p.market], p.start, p.end, p.calendar, p.returns)
        a, m = rf.pair(p.asset, p.market)
        result = tail_dependence(a, m, q=list(p.q))
        title = f"Tail dependence of {a.name} given {m.name}"
        return answer("tails", result, data, rf.notes, title=title)


def _period(text: str, what: str) -> tuple[str, str]:
    first, _, last = text.partition(":")
    for value in (first, last):
        parse_utc_date(value.strip(), what)
    return first.strip(), last.strip()


def contagion(store: StoreLike, params: ContagionParams | None = None, **kw: Any) -> ServiceResult:
    """Forbes-Rigobon test: did the ASSET-MARKET correlation rise beyond volatility?"""
    p = params or ContagionParams.build(**kw)
    calm, stress = _period(p.calm, "calm"), _period(p.stress, "stress")
    bounds = sorted([*calm, *stress])
    with store_data(store, p.as_of) as data:
        rf = data.returns([p.asset, p.market], bounds[0], bounds[-1], p.calendar, p.returns)
        a, m = rf.pair(p.asset, p.market)
        result = forbes_rigobon(a, m, calm=calm, stress=stress)
        return answer("contagion", result, data, rf.notes, title=f"Contagion {m.name} -> {a.name}")


def dcc(store: StoreLike, params: DccParams | None = None, **kw: Any) -> ServiceResult:
    """DCC(1,1)-GARCH(1,1) conditional correlations (Engle 2002) of daily returns.

    ``dist``, ``qbar`` and ``variance_start`` are the estimator's conventions
    (:class:`~bubblelink.analytics.dcc.DCC`); the result states each one.
    """
    p = params or DccParams.build(**kw)
    with store_data(store, p.as_of) as data:
        rf = data.returns(p.symbols, p.start, p.end, p.calendar, p.returns)
        estimator = DCC(dist=p.dist, qbar=p.qbar, variance_start=p.variance_start)
        result = estimator.fit(at_least_two(rf.returns, "dcc"))
        views = [
            ("DCC(1,1)-GARCH(1,1) parameters", result.to_frame()),
            ("conditional correlation", result.correlation_summary()),
        ]
        title = "DCC(1,1)-GARCH(1,1) parameters"
        return answer("dcc", result, data, rf.notes, title=title, views=views)


def regimes(store: StoreLike, params: RegimesParams | None = None, **kw: Any) -> ServiceResult:
    """Markov-switching regimes of one series, with correlation and beta by regime.

    ``mean``/``variance`` switching or constant and the AR ``order`` choose the
    specification (:class:`~bubblelink.analytics.regimes.MarkovRegimes`); the result
    states it.
    """
    p = params or RegimesParams.build(**kw)
    with store_data(store, p.as_of) as data:
        target = data.check([p.symbol])[0]
        others = [s for s in data.check(p.versus) if s != target]
        rf = data.returns([target, *others], p.start, p.end, p.calendar, p.returns)
        estimator = MarkovRegimes(
            k_regimes=p.states, mean=p.mean, variance=p.variance, order=p.order, seed=p.seed
        )
        result = estimator.fit(rf.returns[target], rf.returns[others] if others else None)
        title = f"{p.states}-regime Markov switching model of {target}"
        return answer("regimes", result, data, rf.notes, title=title)


def warm_up() -> None:
    """Load the compiled correlation kernels (numba's cache) before the first request.

    A server calls this at start-up so that its first ``corr`` does not pay the ~0.4 s
    of loading numba and the cached kernels, and its first request on NYSE sessions
    (every returns read) not the ~0.5-0.8 s of building the exchange calendar.
    """
    import numpy as np

    from bubblelink.sessions import nyse_sessions

    index = pd.date_range("2024-01-01", periods=40, tz="UTC", name="date")
    noise = np.random.default_rng(0).normal(size=(40, 2))
    rolling_correlation(pd.Series(noise[:, 0], index), pd.Series(noise[:, 1], index), 30)
    nyse_sessions(index[0], index[-1])
