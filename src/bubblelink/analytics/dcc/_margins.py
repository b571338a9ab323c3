"""Univariate GARCH(1,1) margins for the first DCC step, fitted with ``arch``."""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Literal

import numpy as np
import pandas as pd
from arch import arch_model

from bubblelink.analytics.dcc._inference import param_table

#: Returns are multiplied by this before ``arch`` sees them (decimal → percent).
PERCENT_SCALE = 100.0

Distribution = Literal["normal", "t"]

#: How the GARCH recursion starts: ``backcast`` (arch's default) or ``sample``.
VarianceStart = Literal["backcast", "sample"]


@dataclasses.dataclass(frozen=True, eq=False)
class MarginFit:
    """One fitted GARCH(1,1) margin, as the DCC second step and the result need it."""

    name: str
    params: pd.DataFrame
    std_resid: np.ndarray
    volatility: np.ndarray
    loglikelihood: float
    notes: tuple[str, ...]


def start_variance(percent: np.ndarray, variance_start: VarianceStart) -> float | None:
    """``σ²_0`` (= ``u²_0``) for the recursion, in percent²; ``None`` lets ``arch`` choose.

    ``"backcast"``: ``None``, i.e. ``arch``'s backcast, ``Σ_{i<τ} w_i u²_i`` with
    ``w_i ∝ 0.94^i``, ``τ = min(75, T)``, on the residuals of the starting mean
    (``u = r − r̄``): an exponentially weighted variance of the first 75 observations.
    ``"sample"``: the sample variance of the whole series, ``(1/T) Σ_t (r_t − r̄)²``
    (close to rugarch's default ``rec.init = "all"``, which recomputes the mean of the
    squared residuals at each parameter value).
    """
    if variance_start == "backcast":
        return None
    if variance_start == "sample":
        return float(np.mean((percent - percent.mean()) ** 2))
    raise ValueError(f"unknown variance start {variance_start!r}")


def fit_garch_margin(
    returns: pd.Series, dist: Distribution, variance_start: VarianceStart = "backcast"
) -> MarginFit:
    """Fit ``r_t = μ + u_t``, ``σ²_t = ω + α u²_{t-1} + β σ²_{t-1}`` with ``arch``.

    The recursion starts from ``σ²_1 = ω + (α + β) v`` where ``v`` stands for both
    ``u²_0`` and ``σ²_0`` and is fixed before the optimisation (:func:`start_variance`).

    The series is multiplied by :data:`PERCENT_SCALE` first: ``arch``'s optimiser is
    tuned for data with variance near 1-1000, and daily decimal returns (variance
    ~1e-4) make it converge poorly. Consequently ``mu`` is reported in percent and
    ``omega`` in percent squared; ``alpha``, ``beta`` and ``nu`` are scale free. The
    conditional volatility is converted back to decimal return units and the
    log-likelihood to the density of the unscaled returns
    (``ℓ = ℓ_percent + T log 100``). Standard errors are ``arch``'s default
    Bollerslev-Wooldridge robust ones.
    """
    name = str(returns.name)
    percent = returns.to_numpy(dtype=float) * PERCENT_SCALE
    model = arch_model(
        percent,
        mean="Constant",
        vol="GARCH",
        p=1,
        q=1,
        dist="t" if dist == "t" else "normal",
        rescale=False,
    )
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence is reported through the flag below
        res = model.fit(
            disp="off", show_warning=False, backcast=start_variance(percent, variance_start)
        )
    if res.convergence_flag != 0:
        notes.append(
            f"GARCH(1,1) for {name}: optimiser did not converge "
            f"(scipy flag {res.convergence_flag}); treat its parameters with care"
        )
    estimate = np.asarray(res.params, dtype=float)
    std_error = np.asarray(res.std_err, dtype=float)
    names = [
        "beta" if n == "beta[1]" else "alpha" if n == "alpha[1]" else n for n in res.params.index
    ]
    params = param_table(names, estimate, std_error)
    volatility = np.asarray(res.conditional_volatility, dtype=float)
    std_resid = np.asarray(res.resid, dtype=float) / volatility
    loglik = float(res.loglikelihood) + returns.size * math.log(PERCENT_SCALE)
    return MarginFit(
        name=name,
        params=params,
        std_resid=std_resid,
        volatility=volatility / PERCENT_SCALE,
        loglikelihood=loglik,
        notes=tuple(notes),
    )
