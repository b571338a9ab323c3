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


@dataclasses.dataclass(frozen=True, eq=False)
class MarginFit:
    """One fitted GARCH(1,1) margin, as the DCC second step and the result need it."""

    name: str
    params: pd.DataFrame
    std_resid: np.ndarray
    volatility: np.ndarray
    loglikelihood: float
    notes: tuple[str, ...]


def fit_garch_margin(returns: pd.Series, dist: Distribution) -> MarginFit:
    """Fit ``r_t = μ + u_t``, ``σ²_t = ω + α u²_{t-1} + β σ²_{t-1}`` with ``arch``.

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
    model = arch_model(
        returns.to_numpy(dtype=float) * PERCENT_SCALE,
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
        res = model.fit(disp="off", show_warning=False)
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
