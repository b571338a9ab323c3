"""DCC(1,1) dynamic conditional correlation on GARCH(1,1) margins (Engle, 2002)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from bubblelink.analytics._blas import single_blas_thread
from bubblelink.analytics._checks import check_not_constant, complete_rows
from bubblelink.analytics.dcc._inference import param_table, qml_covariance
from bubblelink.analytics.dcc._likelihood import (
    correlation_loglik_terms,
    dcc_correlations,
    dcc_q,
    target_matrix,
)
from bubblelink.analytics.dcc._margins import Distribution, fit_garch_margin
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

CovType = Literal["robust", "hessian"]

#: Smallest sample the estimator accepts: GARCH(1,1) on fewer points is not identified
#: in any useful sense.
MIN_OBS = 100

#: Stationarity margin: the optimiser keeps ``a + b ≤ 1 - PERSISTENCE_MARGIN``.
PERSISTENCE_MARGIN = 1e-4


@dataclasses.dataclass(frozen=True, eq=False)
class DCCResult(ResultBase):
    """Fitted DCC(1,1)-GARCH(1,1) model.

    Attributes
    ----------
    symbols
        Series names, in column order.
    dist
        Margin innovation distribution (``"normal"`` or ``"t"``).
    params
        DCC parameters ``a`` and ``b``: columns ``estimate``, ``std_error``, ``z``,
        ``p_value``, ``ci_low``, ``ci_high`` (95%, normal; index ``parameter``).
    margins
        GARCH(1,1) parameters per series (columns ``series``, ``parameter``,
        ``estimate``, ``std_error``, ``z``, ``p_value``, ``ci_low``, ``ci_high``). ``mu``
        is in percent, ``omega`` in percent squared (returns were scaled by 100 for
        ``arch``).
    correlations
        Conditional correlation ``ρ_ij,t`` for every pair, columns ``"A~B"``, index as
        the input (rows with missing values dropped).
    volatility
        Conditional volatility ``σ_i,t`` per series, in decimal return units.
    std_resid
        Standardised residuals ``ε_i,t = u_i,t / σ_i,t`` used in the second step.
    unconditional_correlation
        The correlation-targeting matrix ``Q̄`` rescaled to a correlation matrix.
    loglikelihood
        ``loglikelihood_margins + loglikelihood_correlation``. With Gaussian margins
        this is Engle's (2002) Gaussian log-likelihood of the returns; with Student-t
        margins it is a composite quasi-likelihood.
    loglikelihood_correlation
        Second-step objective ``Σ_t -½(log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)``.
    loglikelihood_margins
        Sum of the univariate GARCH log-likelihoods, for the unscaled returns.
    n
        Observations used.
    cov_type
        ``"robust"`` (second-step sandwich) or ``"hessian"`` (inverse Hessian).
    converged
        Whether the second-step optimiser reported success.
    notes
        Dropped rows, convergence problems, boundary estimates.
    """

    symbols: tuple[str, ...]
    dist: str
    params: pd.DataFrame
    margins: pd.DataFrame
    correlations: pd.DataFrame
    volatility: pd.DataFrame
    std_resid: pd.DataFrame
    unconditional_correlation: pd.DataFrame
    loglikelihood: float
    loglikelihood_correlation: float
    loglikelihood_margins: float
    n: int
    cov_type: str
    converged: bool
    notes: tuple[str, ...]

    @property
    def a(self) -> float:
        """DCC news parameter ``a``."""
        return float(self.params.loc["a", "estimate"])

    @property
    def b(self) -> float:
        """DCC persistence parameter ``b``."""
        return float(self.params.loc["b", "estimate"])

    def to_frame(self) -> pd.DataFrame:
        """All parameters, one row each: ``"dcc a"``, ``"dcc b"``, then ``"<series> <param>"``."""
        dcc = self.params.copy()
        dcc.index = pd.Index([f"dcc {p}" for p in dcc.index], name="parameter")
        margin = self.margins.copy()
        margin.index = pd.Index(
            [f"{s} {p}" for s, p in zip(margin["series"], margin["parameter"], strict=True)],
            name="parameter",
        )
        return pd.concat([dcc, margin.drop(columns=["series", "parameter"])])

    def correlation_summary(self) -> pd.DataFrame:
        """Per pair: last date, last, mean, min and max conditional correlation."""
        corr = self.correlations
        return pd.DataFrame(
            {
                "last_date": [corr.index[-1]] * corr.shape[1],
                "last": corr.iloc[-1].to_numpy(),
                "mean": corr.mean().to_numpy(),
                "min": corr.min().to_numpy(),
                "max": corr.max().to_numpy(),
                "unconditional": [
                    float(self.unconditional_correlation.loc[p.split("~")[0], p.split("~")[1]])
                    for p in corr.columns
                ],
            },
            index=pd.Index(corr.columns, name="pair"),
        )

    def summary(self) -> str:
        """statsmodels-style text: header, DCC parameters, margins, correlation summary."""
        width = 78
        first, last = self.correlations.index[0], self.correlations.index[-1]
        header = [
            "DCC(1,1)-GARCH(1,1) Results".center(width),
            "=" * width,
            _pair("Series:", ", ".join(self.symbols), "Distribution:", self.dist),
            _pair("No. Observations:", str(self.n), "Log-Likelihood:", f"{self.loglikelihood:.3f}"),
            _pair(
                "Sample start:",
                _date(first),
                "Corr. Log-Lik.:",
                f"{self.loglikelihood_correlation:.3f}",
            ),
            _pair("Sample end:", _date(last), "Std. errors:", f"{self.cov_type} (2nd step)"),
            _pair("Converged:", str(self.converged), "a + b:", f"{self.a + self.b:.4f}"),
        ]
        lines = [*header, "=" * width, "Correlation dynamics".center(width), "-" * width]
        lines += _param_lines(self.params)
        for name in self.symbols:
            block = self.margins[self.margins["series"] == name].set_index("parameter")
            lines += ["=" * width, f"GARCH(1,1) margin: {name}".center(width), "-" * width]
            lines += _param_lines(block.drop(columns=["series"]))
        lines += ["=" * width, "Conditional correlation".center(width), "-" * width]
        lines += (
            self.correlation_summary()
            .drop(columns=["last_date"])
            .to_string(float_format=lambda v: f"{v:.4f}")
            .splitlines()
        )
        lines.append("=" * width)
        lines.append(
            "Margins fitted on returns x 100 (mu in %, omega in %^2). DCC std errors from "
            "the second step only; they ignore first-step estimation error."
        )
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


class DCC:
    r"""DCC(1,1) on GARCH(1,1) margins, estimated by two-step QML (Engle, 2002).

    **Step 1 (margins).** Each series ``r_i,t`` gets a constant-mean GARCH(1,1),
    ``r_i,t = μ_i + u_i,t``, ``σ²_i,t = ω_i + α_i u²_i,t-1 + β_i σ²_i,t-1``, with
    normal or standardised Student-t innovations, fitted by ``arch``. Returns are
    multiplied by 100 before fitting (``arch``'s optimiser expects percent-scale data);
    ``mu`` and ``omega`` are therefore reported in percent and percent squared.
    Standardised residuals are ``ε_i,t = u_i,t / σ_i,t``.

    **Step 2 (correlation).** With correlation targeting ``Q̄ = (1/T) Σ ε_t ε'_t``,

    .. math::

        Q_t = (1 - a - b)\,\bar Q + a\,\varepsilon_{t-1}\varepsilon_{t-1}' + b\,Q_{t-1},
        \qquad Q_1 = \bar Q,

        R_t = \operatorname{diag}(Q_t)^{-1/2}\, Q_t\, \operatorname{diag}(Q_t)^{-1/2},

    and ``(a, b)`` maximise ``Σ_t -½(log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)``
    subject to ``a, b ≥ 0``, ``a + b ≤ 1 - 1e-4`` (SLSQP from the best point of a
    coarse grid). The recursion is vectorised (:mod:`._likelihood`).

    **Standard errors** of ``a, b`` come from the second step only: the robust
    sandwich ``H^{-1} J H^{-1}`` (``cov_type="robust"``, default) or ``-H^{-1}``
    (``"hessian"``), with ``H`` and the scores by numerical differentiation of the
    second-step log-likelihood. They treat the GARCH margins as known and so ignore
    first-step estimation error (Engle & Sheppard, 2001, give the two-step
    correction); they are typically somewhat too small. At a boundary
    (``a ≈ 0``, ``b ≈ 0`` or ``a + b ≈ 1``) they are not defined and reported as NaN.

    Edge cases: rows with a missing value in any series are dropped (a note says how
    many per series); fewer than 100 complete rows, fewer than two series or a
    constant series raise :class:`~bubblelink.errors.DataError`.

    Parameters
    ----------
    dist
        Innovation distribution of the GARCH margins: ``"normal"`` or ``"t"``.
    cov_type
        ``"robust"`` or ``"hessian"`` (see above).

    References
    ----------
    Engle, R. (2002). Dynamic conditional correlation. *JBES* 20(3), 339-350.
    Engle, R. & Sheppard, K. (2001). Theoretical and empirical properties of dynamic
    conditional correlation multivariate GARCH. NBER WP 8554.
    """

    def __init__(self, dist: Distribution = "normal", cov_type: CovType = "robust") -> None:
        if dist not in ("normal", "t"):
            raise DataError(f"unknown margin distribution {dist!r}: use 'normal' or 't'")
        if cov_type not in ("robust", "hessian"):
            raise DataError(f"unknown cov_type {cov_type!r}: use 'robust' or 'hessian'")
        self.dist: Distribution = dist
        self.cov_type: CovType = cov_type

    def fit(self, returns: pd.DataFrame, notes: Sequence[str] = ()) -> DCCResult:
        """Estimate the model on a frame of returns (one column per series, decimal units).

        ``notes`` (e.g. the data layer's synthetic-data notice) are carried into the
        result's notes, ahead of the estimator's own.

        The fit runs with one BLAS thread (:mod:`bubblelink.analytics._blas`): the
        margins are univariate and the second step works on ``k × k`` matrices.

        Raises
        ------
        DataError
            Fewer than two series, fewer than 100 complete rows, or a constant series.
        """
        with single_blas_thread():
            return self._fit(returns, notes)

    def _fit(self, returns: pd.DataFrame, notes: Sequence[str]) -> DCCResult:
        data, data_notes = complete_rows(returns, MIN_OBS, "DCC(1,1)")
        notes = [*notes, *data_notes]
        symbols = tuple(str(c) for c in data.columns)
        if len(set(symbols)) != len(symbols):
            raise DataError(f"DCC(1,1) got duplicate series names {list(symbols)}: pass each once")
        for col, name in zip(data.columns, symbols, strict=True):
            check_not_constant(data[col], name)

        fits = [
            fit_garch_margin(data[col].rename(name), self.dist)
            for col, name in zip(data.columns, symbols, strict=True)
        ]
        for fit in fits:
            notes.extend(fit.notes)
        eps = np.column_stack([f.std_resid for f in fits])

        theta, converged = _maximise(eps)
        a, b = float(theta[0]), float(theta[1])
        if not converged:
            notes.append("DCC second step: optimiser did not report convergence")
        at_boundary = a < 1e-5 or b < 1e-5 or a + b > 1.0 - 2 * PERSISTENCE_MARGIN
        if at_boundary:
            notes.append(
                f"DCC estimate on the boundary (a={a:.4g}, b={b:.4g}): standard errors undefined"
            )
            std_error = np.full(2, np.nan)
        else:
            cov = qml_covariance(
                lambda x: correlation_loglik_terms(eps, float(x[0]), float(x[1])),
                theta,
                robust=self.cov_type == "robust",
            )
            std_error = np.sqrt(np.clip(np.diag(cov), 0.0, None))

        qbar = target_matrix(eps)
        r = dcc_correlations(dcc_q(eps, a, b, qbar))
        index = data.index
        pairs: dict[str, np.ndarray] = {}
        for i in range(len(symbols)):
            for j in range(i + 1, len(symbols)):
                pairs[f"{symbols[i]}~{symbols[j]}"] = r[:, i, j]
        loglik_corr = float(correlation_loglik_terms(eps, a, b).sum())
        loglik_margins = float(sum(f.loglikelihood for f in fits))
        d = 1.0 / np.sqrt(np.diag(qbar))
        uncond = pd.DataFrame(
            qbar * d[:, None] * d[None, :],
            index=pd.Index(symbols, name="series"),
            columns=list(symbols),
        )
        margins = pd.concat(
            [f.params.reset_index().assign(series=f.name) for f in fits], ignore_index=True
        )
        margins = margins[["series", *[c for c in margins.columns if c != "series"]]]
        return DCCResult(
            symbols=symbols,
            dist=self.dist,
            params=param_table(["a", "b"], theta, std_error),
            margins=margins,
            correlations=pd.DataFrame(pairs, index=index),
            volatility=pd.DataFrame(
                np.column_stack([f.volatility for f in fits]), index=index, columns=list(symbols)
            ),
            std_resid=pd.DataFrame(eps, index=index, columns=list(symbols)),
            unconditional_correlation=uncond,
            loglikelihood=loglik_margins + loglik_corr,
            loglikelihood_correlation=loglik_corr,
            loglikelihood_margins=loglik_margins,
            n=len(data),
            cov_type=self.cov_type,
            converged=converged,
            notes=tuple(notes),
        )


def _maximise(eps: np.ndarray) -> tuple[np.ndarray, bool]:
    """Maximise the second-step log-likelihood over ``(a, b)``; returns θ and success."""
    t_obs = eps.shape[0]

    def objective(theta: np.ndarray) -> float:
        a, b = float(theta[0]), float(theta[1])
        if a < 0 or b < 0 or a + b >= 1.0:
            return 1e10
        value = -correlation_loglik_terms(eps, a, b).sum() / t_obs
        return float(value) if np.isfinite(value) else 1e10

    grid = [
        (a, b)
        for a in (0.005, 0.02, 0.05, 0.1, 0.2)
        for b in (0.5, 0.8, 0.9, 0.95, 0.98)
        if a + b < 1.0 - PERSISTENCE_MARGIN
    ]
    start = np.array(min(grid, key=lambda p: objective(np.array(p))))
    res = minimize(
        objective,
        start,
        method="SLSQP",
        bounds=[(0.0, 1.0), (0.0, 1.0)],
        constraints=[{"type": "ineq", "fun": lambda x: 1.0 - PERSISTENCE_MARGIN - x[0] - x[1]}],
        options={"ftol": 1e-12, "maxiter": 500},
    )
    theta = np.clip(np.asarray(res.x, dtype=float), 0.0, 1.0)
    return theta, bool(res.success)


def _pair(k1: str, v1: str, k2: str, v2: str) -> str:
    return f"{k1:<18}{v1:>20}   {k2:<18}{v2:>19}"


def _date(value: object) -> str:
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def _param_lines(table: pd.DataFrame) -> list[str]:
    head = f"{'':<14}{'coef':>11}{'std err':>11}{'z':>9}{'P>|z|':>9}{'[0.025':>12}{'0.975]':>12}"
    lines = [head, "-" * 78]
    for name, row in table.iterrows():
        lines.append(
            f"{name!s:<14}{row['estimate']:>11.4g}{row['std_error']:>11.4g}{row['z']:>9.3f}"
            f"{row['p_value']:>9.3f}{row['ci_low']:>12.4g}{row['ci_high']:>12.4g}"
        )
    return lines
