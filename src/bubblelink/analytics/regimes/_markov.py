"""Markov-switching regimes of a return series (Hamilton 1989), via statsmodels.

Model
-----
``r_t = μ_{S_t} + σ_{S_t} ε_t``, ``ε_t ~ N(0, 1)``, with ``S_t ∈ {0, …, K−1}`` a first-order
Markov chain, ``P(S_t = j | S_{t−1} = i) = p_{ij}`` (``statsmodels.tsa.MarkovRegression``
with a constant trend, ``switching_variance=True``; the mean switches unless
``switching_mean=False``). Fitted by maximum likelihood (Hamilton filter, Kim smoother).

Robust, seeded fitting: the likelihood is multi-modal, so the fit starts from the
statsmodels default start values plus ``search_reps`` random perturbations refined by a few
EM steps (statsmodels' ``search_reps``/``rng``; seeded by ``seed``, so a refit gives the same
answer), then runs BFGS from the best. Returns are multiplied by ``scale`` (default 100,
percent) before fitting for numerical conditioning; all reported figures are in the
original units.

Labelling: statsmodels' regime numbers are arbitrary, so regimes are **relabelled by
ascending variance** — regime 0 is the calmest. Each date is assigned to the regime with the
largest *smoothed* probability ``P(S_t = k | r_1..r_T)`` (ties go to the lower label);
correlations and betas by regime use the dates so assigned. Smoothed probabilities use the
whole sample, so the assignment is ex post (not a real-time signal).

Edge cases: NaNs are dropped; fewer than ``50·K`` observations raise :class:`DataError`; a
constant series raises :class:`DataError`; non-convergence is reported in ``notes``.

References
----------
Hamilton, J. D. (1989). A new approach to the economic analysis of nonstationary time series
and the business cycle. *Econometrica* 57(2), 357-384. Kim, C.-J. (1994). Dynamic linear
models with Markov-switching. *Journal of Econometrics* 60, 1-22.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_not_constant
from bubblelink.analytics.performance._period import annualisation_factor
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain


@dataclasses.dataclass(frozen=True)
class MarkovRegimeResult(ResultBase):
    """Fitted Markov-switching regimes.

    Attributes
    ----------
    symbol
        Name of the modelled series.
    k_regimes
        Number of regimes ``K``.
    regimes
        Per regime (0 = lowest variance): ``mean``, ``sd`` (per period), ``annualised_mean``,
        ``annualised_vol``, ``expected_duration`` (periods, ``1 / (1 − p_kk)``),
        ``share_of_time`` (share of dates assigned), ``n``.
    transition
        ``P[from, to]`` matrix (rows sum to 1).
    smoothed_probabilities
        ``P(S_t = k | all data)`` by date, columns ``regime_0 …``.
    regime
        Assigned regime by date (argmax of the smoothed probabilities).
    by_regime
        Correlation and beta of the series with each ``others`` column within each regime
        (rows ``(regime, other)``); empty without others.
    llf, aic, bic
        Log-likelihood (of the scaled series) and information criteria.
    periods_per_year
        Annualisation (365 with weekend rows, else 252).
    """

    symbol: str
    k_regimes: int
    regimes: pd.DataFrame
    transition: pd.DataFrame
    smoothed_probabilities: pd.DataFrame
    regime: pd.Series
    by_regime: pd.DataFrame
    llf: float
    aic: float
    bic: float
    periods_per_year: int
    n: int
    seed: int
    converged: bool
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-regime table (``regimes`` in the JSON)."""
        return self.regimes

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The per-regime table, then correlation and beta by regime (``by_regime``)."""
        out = [(f"{self.k_regimes}-regime Markov switching model of {self.symbol}", self.regimes)]
        if not self.by_regime.empty:
            out.append(("correlation and beta by regime", self.by_regime))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON view; smoothed probabilities as records by date."""
        return {
            "symbol": self.symbol,
            "k_regimes": self.k_regimes,
            "regimes": plain(self.regimes),
            "transition": plain(self.transition),
            "by_regime": plain(self.by_regime),
            "current_regime": int(self.regime.iloc[-1]),
            "current_probabilities": plain(self.smoothed_probabilities.iloc[-1].to_dict()),
            "smoothed_probabilities": plain(self.smoothed_probabilities),
            "llf": self.llf,
            "aic": self.aic,
            "bic": self.bic,
            "periods_per_year": self.periods_per_year,
            "n": self.n,
            "seed": self.seed,
            "converged": self.converged,
            "notes": list(self.notes),
        }


@dataclasses.dataclass
class MarkovRegimes:
    """Estimator: K-state Markov-switching mean/variance model of one return series.

    Parameters
    ----------
    k_regimes
        2 or 3 (more is allowed but rarely identified on daily returns).
    switching_mean
        Let the mean switch with the regime (default True).
    search_reps
        Random start perturbations tried before the final optimisation (default 20).
    seed
        Seed of the start search.
    scale
        Multiplier applied to returns before fitting (default 100).
    maxiter
        BFGS iterations.
    """

    k_regimes: int = 2
    switching_mean: bool = True
    search_reps: int = 20
    seed: int = 0
    scale: float = 100.0
    maxiter: int = 200

    def fit(self, returns: pd.Series, others: pd.DataFrame | None = None) -> MarkovRegimeResult:
        """Fit on ``returns``; correlations/betas by regime against ``others`` (optional)."""
        from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

        symbol = str(returns.name) if returns.name is not None else "series"
        clean = returns.dropna().sort_index()
        k = int(self.k_regimes)
        if k < 2:
            raise DataError(f"need at least 2 regimes, got {k}")
        if len(clean) < 50 * k:
            raise DataError(
                f"{symbol} has {len(clean)} returns; a {k}-regime model needs at least {50 * k}"
                ": load a longer date range"
            )
        check_not_constant(clean, symbol)
        y = clean.to_numpy(dtype=float) * self.scale
        model = MarkovRegression(
            y,
            k_regimes=k,
            trend="c",
            switching_trend=self.switching_mean,
            switching_variance=True,
        )
        notes: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = model.fit(
                search_reps=self.search_reps, rng=self.seed, maxiter=self.maxiter, disp=False
            )
        converged = bool(res.mle_retvals.get("converged", True)) if res.mle_retvals else True
        if not converged:
            notes.append("the optimiser did not report convergence; try more search_reps")
        names = list(model.param_names)
        params = np.asarray(res.params, dtype=float)
        sigma2 = np.array([params[names.index(f"sigma2[{i}]")] for i in range(k)])
        if self.switching_mean:
            means = np.array([params[names.index(f"const[{i}]")] for i in range(k)])
        else:
            means = np.full(k, params[names.index("const")])
        order = np.argsort(sigma2, kind="stable")  # new label j = old regime order[j]
        probs = np.asarray(res.smoothed_marginal_probabilities)[:, order]
        trans = np.asarray(res.regime_transition)[:, :, 0]  # [to, from]
        p_from_to = trans.T[np.ix_(order, order)]
        index = clean.index
        cols = [f"regime_{j}" for j in range(k)]
        smoothed = pd.DataFrame(probs, index=index, columns=cols)
        regime = pd.Series(probs.argmax(axis=1), index=index, name="regime")
        factor = annualisation_factor(index) if isinstance(index, pd.DatetimeIndex) else 252
        mean = means[order] / self.scale
        sd = np.sqrt(sigma2[order]) / self.scale
        counts = regime.value_counts().reindex(range(k), fill_value=0)
        with np.errstate(divide="ignore"):
            duration = 1.0 / (1.0 - np.diag(p_from_to))
        regimes = pd.DataFrame(
            {
                "mean": mean,
                "sd": sd,
                "annualised_mean": mean * factor,
                "annualised_vol": sd * np.sqrt(factor),
                "expected_duration": duration,
                "share_of_time": counts.to_numpy() / len(regime),
                "n": counts.to_numpy(),
            },
            index=pd.Index(range(k), name="regime"),
        )
        transition = pd.DataFrame(
            p_from_to, index=pd.Index(range(k), name="from"), columns=list(range(k))
        )
        by_regime = _by_regime(clean.rename(symbol), regime, others)
        if (counts == 0).any():
            notes.append("a regime is never the most likely one; consider fewer regimes")
        return MarkovRegimeResult(
            symbol=symbol,
            k_regimes=k,
            regimes=regimes,
            transition=transition,
            smoothed_probabilities=smoothed,
            regime=regime,
            by_regime=by_regime,
            llf=float(res.llf),
            aic=float(res.aic),
            bic=float(res.bic),
            periods_per_year=factor,
            n=len(clean),
            seed=self.seed,
            converged=converged,
            notes=tuple(notes),
        )


def _by_regime(series: pd.Series, regime: pd.Series, others: pd.DataFrame | None) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    if others is None or others.empty:
        return pd.DataFrame(
            columns=["correlation", "beta", "n"],
            index=pd.MultiIndex.from_arrays([[], []], names=["regime", "other"]),
        )
    for other in others.columns:
        pair = pd.concat(
            [series.rename("y"), others[other].rename("x"), regime], axis=1, join="inner", sort=True
        ).dropna()
        for k, group in pair.groupby("regime"):
            ok = len(group) >= 3 and group["x"].var() > 0 and group["y"].var() > 0
            rows.append(
                {
                    "regime": int(k),
                    "other": str(other),
                    "correlation": float(group["y"].corr(group["x"])) if ok else np.nan,
                    "beta": float(group["y"].cov(group["x"]) / group["x"].var()) if ok else np.nan,
                    "n": len(group),
                }
            )
    return pd.DataFrame(rows).set_index(["regime", "other"])
