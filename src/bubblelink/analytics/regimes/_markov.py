"""Markov-switching regimes of a return series (Hamilton 1989), via statsmodels.

Model
-----
With ``S_t ∈ {0, …, K−1}`` a first-order Markov chain, ``P(S_t = j | S_{t−1} = i) = p_{ij}``:

- ``order = 0`` (default): ``r_t = μ_{S_t} + σ_{S_t} ε_t``, ``ε_t ~ N(0, 1)``
  (``statsmodels.tsa.MarkovRegression``, constant trend);
- ``order = p > 0``: Hamilton's (1989) mean-adjusted autoregression
  ``r_t − μ_{S_t} = Σ_{i=1}^{p} φ_i (r_{t−i} − μ_{S_{t−i}}) + σ_{S_t} ε_t``
  (``statsmodels.tsa.MarkovAutoregression`` with ``switching_ar=False``: the AR coefficients
  are the same in every regime, as in Hamilton's GNP model).

``mean`` and ``variance`` choose whether ``μ`` and ``σ²`` switch with the regime
(``"switching"``, the defaults) or are the same in every regime (``"constant"``); at least
one of them must switch. Fitted by maximum likelihood (Hamilton filter, Kim smoother).

Units and start values: statsmodels' random start search perturbs every parameter by
``U(−½, ½)`` *in the data's units*, and its BFGS stops when the gradient of the average
log-likelihood is below ``1e-5``, also in the data's units. Both only behave when the series
has a standard deviation of order one: on percent or basis-point data the search explores
nothing and BFGS stops far from the optimum while reporting convergence (the fed-funds
example, in percent, multiplied by 100 ended at a log-likelihood of −2590.2 instead of
−508.6). The series is therefore divided by its sample standard deviation ``s`` before
fitting, so the fit is the same whatever the units; every reported figure (means, standard
deviations, log-likelihood, AIC, BIC) is converted back to the input's units:
``μ = s·μ_z``, ``σ = s·σ_z``, ``ℓ = ℓ_z − n log s`` (``n`` observations in the likelihood).
A series in percent therefore has the same fit as the same series in decimals, with
means and standard deviations ×100 and ``ℓ`` lower by ``n log 100``.

Robust, seeded fitting: the likelihood is multi-modal, so the fit starts from the statsmodels
default start values plus ``search_reps`` random perturbations refined by a few EM steps
(seeded by ``seed``, so a refit gives the same answer), then runs BFGS (``maxiter``) from the
best. With three regimes different seeds can end in different local optima.

Labelling: statsmodels' regime numbers are arbitrary, so regimes are **relabelled by
ascending variance** (by ascending mean when the variance is constant) — regime 0 is the
calmest. Each date is assigned to the regime with the largest *smoothed* probability
``P(S_t = k | r_1..r_T)`` (ties go to the lower label); correlations and betas by regime use
the dates so assigned. Smoothed probabilities use the whole sample, so the assignment is ex
post (not a real-time signal). With ``order = p`` the first ``p`` dates are conditioning
values and get no regime.

Edge cases: NaNs are dropped; fewer than ``50·K`` observations in the likelihood raise
:class:`DataError`; a constant series raises :class:`DataError`; non-convergence is reported
in ``notes``.

References
----------
Hamilton, J. D. (1989). A new approach to the economic analysis of nonstationary time series
and the business cycle. *Econometrica* 57(2), 357-384. Kim, C.-J. (1994). Dynamic linear
models with Markov-switching. *Journal of Econometrics* 60, 1-22.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_not_constant
from bubblelink.analytics.dcc._inference import param_table
from bubblelink.analytics.performance._period import annualisation_factor
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain

Switching = Literal["switching", "constant"]

#: Highest AR order accepted: the filter tracks K^(p+1) joint states.
MAX_ORDER = 4


@dataclasses.dataclass(frozen=True)
class MarkovRegimeResult(ResultBase):
    """Fitted Markov-switching regimes.

    Attributes
    ----------
    symbol
        Name of the modelled series.
    k_regimes
        Number of regimes ``K``.
    mean, variance
        ``"switching"`` or ``"constant"``: the specification fitted.
    order
        AR order ``p`` (0: ``MarkovRegression``; > 0: ``MarkovAutoregression``).
    model
        The statsmodels class used.
    regimes
        Per regime (0 = lowest variance): ``mean``, ``sd`` (per period; with ``order > 0``
        the innovation standard deviation), ``annualised_mean``, ``annualised_vol``,
        ``expected_duration`` (periods, ``1 / (1 − p_kk)``), ``share_of_time`` (share of
        dates assigned), ``n``.
    ar
        AR coefficients ``φ_1 … φ_p`` (rows ``ar.L1`` …, estimate table; empty when
        ``order = 0``).
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
        Log-likelihood and information criteria of the series in its input units.
    scale
        The sample standard deviation the series was divided by before fitting.
    periods_per_year
        Annualisation (365 with weekend rows, else 252).
    n
        Observations in the likelihood (the series' length minus ``order``).
    """

    symbol: str
    k_regimes: int
    mean: str
    variance: str
    order: int
    model: str
    regimes: pd.DataFrame
    ar: pd.DataFrame
    transition: pd.DataFrame
    smoothed_probabilities: pd.DataFrame
    regime: pd.Series
    by_regime: pd.DataFrame
    llf: float
    aic: float
    bic: float
    scale: float
    periods_per_year: int
    n: int
    seed: int
    search_reps: int
    maxiter: int
    converged: bool
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The per-regime table (``regimes`` in the JSON)."""
        return self.regimes

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The per-regime table, the AR coefficients, then correlation and beta by regime."""
        out = [(f"{self.k_regimes}-regime Markov switching model of {self.symbol}", self.regimes)]
        if not self.ar.empty:
            out.append((f"AR({self.order}) coefficients (the same in every regime)", self.ar))
        if not self.by_regime.empty:
            out.append(("correlation and beta by regime", self.by_regime))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON view: the specification, the tables; smoothed probabilities by date."""
        return {
            "symbol": self.symbol,
            "k_regimes": self.k_regimes,
            "mean": self.mean,
            "variance": self.variance,
            "order": self.order,
            "model": self.model,
            "regimes": plain(self.regimes),
            "ar": plain(self.ar),
            "transition": plain(self.transition),
            "by_regime": plain(self.by_regime),
            "current_regime": int(self.regime.iloc[-1]),
            "current_probabilities": plain(self.smoothed_probabilities.iloc[-1].to_dict()),
            "smoothed_probabilities": plain(self.smoothed_probabilities),
            "llf": self.llf,
            "aic": self.aic,
            "bic": self.bic,
            "scale": self.scale,
            "periods_per_year": self.periods_per_year,
            "n": self.n,
            "seed": self.seed,
            "search_reps": self.search_reps,
            "maxiter": self.maxiter,
            "converged": self.converged,
            "notes": list(self.notes),
        }


@dataclasses.dataclass
class MarkovRegimes:
    """Estimator: K-state Markov-switching model of one return series.

    Parameters
    ----------
    k_regimes
        2 or 3 (more is allowed but rarely identified on daily returns).
    mean
        ``"switching"`` (default): the mean switches with the regime; ``"constant"``: one mean.
    variance
        ``"switching"`` (default): the variance switches; ``"constant"``: one variance.
    order
        AR order ``p`` (default 0). ``p > 0`` fits Hamilton's (1989) mean-adjusted AR(p)
        with the AR coefficients the same in every regime (at most 4).
    search_reps
        Random start perturbations tried before the final optimisation (default 20).
    seed
        Seed of the start search.
    maxiter
        BFGS iterations (default 200).
    """

    k_regimes: int = 2
    mean: Switching = "switching"
    variance: Switching = "switching"
    order: int = 0
    search_reps: int = 20
    seed: int = 0
    maxiter: int = 200

    def _check(self) -> None:
        if int(self.k_regimes) < 2:
            raise DataError(f"need at least 2 regimes, got {self.k_regimes}")
        for name, value in (("mean", self.mean), ("variance", self.variance)):
            if value not in ("switching", "constant"):
                raise DataError(f"{name} must be 'switching' or 'constant', got {value!r}")
        if self.mean == "constant" and self.variance == "constant":
            raise DataError(
                "nothing switches with mean and variance both constant: "
                "let the mean or the variance switch"
            )
        if not 0 <= int(self.order) <= MAX_ORDER:
            raise DataError(f"AR order must be between 0 and {MAX_ORDER}, got {self.order}")

    def fit(self, returns: pd.Series, others: pd.DataFrame | None = None) -> MarkovRegimeResult:
        """Fit on ``returns``; correlations/betas by regime against ``others`` (optional)."""
        from statsmodels.tsa.regime_switching.markov_autoregression import MarkovAutoregression
        from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

        self._check()
        symbol = str(returns.name) if returns.name is not None else "series"
        clean = returns.dropna().sort_index()
        k, p = int(self.k_regimes), int(self.order)
        if len(clean) - p < 50 * k:
            raise DataError(
                f"{symbol} has {len(clean)} returns; a {k}-regime model"
                + (f" of order {p}" if p else "")
                + f" needs at least {50 * k + p}: load a longer date range"
            )
        check_not_constant(clean, symbol)
        scale = float(clean.to_numpy(dtype=float).std())
        z = clean.to_numpy(dtype=float) / scale
        switching_mean = self.mean == "switching"
        switching_variance = self.variance == "switching"
        model: Any
        if p == 0:
            model = MarkovRegression(
                z,
                k_regimes=k,
                trend="c",
                switching_trend=switching_mean,
                switching_variance=switching_variance,
            )
        else:
            model = MarkovAutoregression(
                z,
                k_regimes=k,
                order=p,
                trend="c",
                switching_ar=False,
                switching_trend=switching_mean,
                switching_variance=switching_variance,
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = model.fit(
                search_reps=self.search_reps, rng=self.seed, maxiter=self.maxiter, disp=False
            )
        converged = bool(res.mle_retvals.get("converged", True)) if res.mle_retvals else True
        model_name = type(model).__name__
        notes = [
            f"{k}-regime {model_name} (statsmodels): {self.mean} mean, {self.variance} variance, "
            + (
                f"AR order {p} with the same coefficients in every regime (Hamilton 1989)"
                if p
                else "no autoregressive terms"
            )
            + f"; fitted on the series divided by its standard deviation ({scale:.6g}), "
            f"figures and log-likelihood in the input's units; best of {self.search_reps} "
            f"random starts (seed {self.seed}), BFGS up to {self.maxiter} iterations"
        ]
        if not converged:
            notes.append(
                f"the optimiser did not report convergence within {self.maxiter} iterations; "
                "try more search_reps or another seed"
            )
        names = list(model.param_names)
        params = np.asarray(res.params, dtype=float)
        bse = np.asarray(res.bse, dtype=float)

        def by_regime_param(stem: str, switching: bool) -> np.ndarray:
            if switching:
                return np.array([params[names.index(f"{stem}[{i}]")] for i in range(k)])
            return np.full(k, params[names.index(stem)])

        sigma2 = by_regime_param("sigma2", switching_variance) * scale**2
        means = by_regime_param("const", switching_mean) * scale
        order = np.lexsort((means, sigma2))  # new label j = old regime order[j]
        probs = np.asarray(res.smoothed_marginal_probabilities)[:, order]
        trans = np.asarray(res.regime_transition)[:, :, 0]  # [to, from]
        p_from_to = trans.T[np.ix_(order, order)]
        index = clean.index[p:]
        cols = [f"regime_{j}" for j in range(k)]
        smoothed = pd.DataFrame(probs, index=index, columns=cols)
        regime = pd.Series(probs.argmax(axis=1), index=index, name="regime")
        factor = annualisation_factor(index) if isinstance(index, pd.DatetimeIndex) else 252
        mean = means[order]
        sd = np.sqrt(sigma2[order])
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
        ar_names = [f"ar.L{i}" for i in range(1, p + 1)]
        at = [names.index(n) for n in ar_names]
        ar = param_table(ar_names, params[at], bse[at])
        transition = pd.DataFrame(
            p_from_to, index=pd.Index(range(k), name="from"), columns=list(range(k))
        )
        by_regime = _by_regime(clean.rename(symbol), regime, others)
        if (counts == 0).any():
            notes.append("a regime is never the most likely one; consider fewer regimes")
        n_obs = int(res.nobs)
        shift = n_obs * math.log(scale)
        return MarkovRegimeResult(
            symbol=symbol,
            k_regimes=k,
            mean=self.mean,
            variance=self.variance,
            order=p,
            model=model_name,
            regimes=regimes,
            ar=ar,
            transition=transition,
            smoothed_probabilities=smoothed,
            regime=regime,
            by_regime=by_regime,
            llf=float(res.llf) - shift,
            aic=float(res.aic) + 2.0 * shift,
            bic=float(res.bic) + 2.0 * shift,
            scale=scale,
            periods_per_year=factor,
            n=n_obs,
            seed=self.seed,
            search_reps=self.search_reps,
            maxiter=self.maxiter,
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
