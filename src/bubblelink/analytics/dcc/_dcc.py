"""DCC(1,1) dynamic conditional correlation on GARCH(1,1) margins (Engle, 2002)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from bubblelink.analytics._blas import single_blas_thread
from bubblelink.analytics._checks import check_not_constant, complete_rows
from bubblelink.analytics.dcc._inference import param_table, qml_covariance
from bubblelink.analytics.dcc._likelihood import (
    QbarKind,
    correlation_loglik_terms,
    dcc_correlations,
    dcc_q,
    student_t_loglik_terms,
    target_matrix,
)
from bubblelink.analytics.dcc._margins import Distribution, VarianceStart, fit_garch_margin
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

CovType = Literal["robust", "hessian"]

#: Smallest sample the estimator accepts: GARCH(1,1) on fewer points is not identified
#: in any useful sense.
MIN_OBS = 100

#: Stationarity margin: the optimiser keeps ``a + b ≤ 1 - PERSISTENCE_MARGIN``.
PERSISTENCE_MARGIN = 1e-4

#: Bounds of the joint Student-t shape ``ν`` (``ν > 2`` for a finite covariance; at the
#: upper bound the t is indistinguishable from the normal).
NU_BOUNDS = (2.1, 500.0)


@dataclasses.dataclass(frozen=True, eq=False)
class DCCResult(ResultBase):
    """Fitted DCC(1,1)-GARCH(1,1) model.

    Attributes
    ----------
    symbols
        Series names, in column order.
    dist
        Innovation distribution (``"normal"`` or ``"t"``): of the GARCH margins and of
        the correlation step (multivariate normal or multivariate Student t).
    qbar
        ``Q̄`` used: ``"second_moment"`` (``ε'ε/T``) or ``"sample"`` (sample correlation).
    variance_start
        How the GARCH recursions start: ``"backcast"`` (arch's) or ``"sample"``.
    params
        DCC parameters ``a`` and ``b`` (and, with ``dist="t"``, the joint shape ``nu`` of
        the multivariate t): columns ``estimate``, ``std_error``, ``z``, ``p_value``,
        ``ci_low``, ``ci_high`` (95%, normal; index ``parameter``).
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
        Log-likelihood of the (decimal) returns at the two-step estimates. Normal:
        ``loglikelihood_margins + loglikelihood_correlation``, Engle's (2002) Gaussian
        log-likelihood. Student t: ``loglikelihood_correlation − Σ_t Σ_i log σ_i,t``,
        the DCC-t log-likelihood (the univariate t margins only supply ``σ_i,t``).
    loglikelihood_correlation
        Second-step objective. Normal: ``Σ_t -½(log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)``;
        Student t: ``Σ_t log f_ν(ε_t | R_t)``, the standardised multivariate t density.
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
    qbar: str
    variance_start: str
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

    @property
    def nu(self) -> float | None:
        """Joint Student-t shape ``ν`` of the correlation step (``None`` when normal)."""
        return float(self.params.loc["nu", "estimate"]) if "nu" in self.params.index else None

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
            _pair("Q-bar:", self.qbar, "Variance start:", self.variance_start),
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
        if self.dist == "t":
            lines.append(
                "Correlation step: standardised multivariate Student t with one shape nu "
                "(Fiorentini, Sentana & Calzolari 2003), estimated with a and b."
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

    **Step 2 (correlation).** With the correlation target ``Q̄``,

    .. math::

        Q_t = (1 - a - b)\,\bar Q + a\,\varepsilon_{t-1}\varepsilon_{t-1}' + b\,Q_{t-1},
        \qquad Q_1 = \bar Q,

        R_t = \operatorname{diag}(Q_t)^{-1/2}\, Q_t\, \operatorname{diag}(Q_t)^{-1/2}.

    ``qbar="second_moment"`` (default) takes ``Q̄ = (1/T) Σ ε_t ε'_t``, the uncentred
    second moment of the standardised residuals (Engle 2002; rmgarch); ``qbar="sample"``
    takes their sample correlation matrix (demeaned, unit diagonal). The two differ by
    the residuals' sample means and by how far their sample variances are from one.

    ``dist="normal"``: ``(a, b)`` maximise the Gaussian correlation log-likelihood
    ``Σ_t -½(log|R_t| + ε'_t R_t^{-1} ε_t - ε'_t ε_t)`` subject to ``a, b ≥ 0``,
    ``a + b ≤ 1 - 1e-4``. ``dist="t"``: ``(a, b, ν)`` maximise ``Σ_t log f_ν(ε_t | R_t)``,
    the standardised multivariate Student t with covariance ``R_t`` and one shape ``ν``
    shared by all series (Fiorentini, Sentana & Calzolari, 2003),

    .. math::

        \log f_\nu(\varepsilon \mid R) = \log\Gamma\bigl(\tfrac{\nu+k}{2}\bigr)
            - \log\Gamma\bigl(\tfrac{\nu}{2}\bigr) - \tfrac{k}{2}\log(\pi(\nu-2))
            - \tfrac12\log|R|
            - \tfrac{\nu+k}{2}\log\Bigl(1 + \frac{\varepsilon' R^{-1}\varepsilon}{\nu-2}\Bigr),

    with ``2.1 ≤ ν ≤ 500`` besides the constraints on ``a, b`` (the "mvt" DCC of
    rmgarch). The margins keep their own univariate t; only their ``σ_i,t`` enter.
    Both are maximised by SLSQP from the best point of a coarse grid; the recursion is
    vectorised (:mod:`._likelihood`).

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
        ``"normal"`` (default) or ``"t"``: the innovations of the GARCH margins and the
        density of the correlation step (multivariate normal or Student t).
    cov_type
        ``"robust"`` or ``"hessian"`` (see above).
    qbar
        ``"second_moment"`` (default, ``ε'ε/T``) or ``"sample"`` (sample correlation).
    variance_start
        Start of each GARCH recursion, ``σ²_1 = ω + (α + β) v``: ``"backcast"``
        (default, arch's: ``v`` an exponentially weighted (0.94) mean of the first 75
        squared demeaned returns) or ``"sample"`` (``v`` the sample variance of the
        whole series). See :func:`._margins.start_variance`.

    References
    ----------
    Engle, R. (2002). Dynamic conditional correlation. *JBES* 20(3), 339-350.
    Engle, R. & Sheppard, K. (2001). Theoretical and empirical properties of dynamic
    conditional correlation multivariate GARCH. NBER WP 8554.
    Fiorentini, G., Sentana, E. & Calzolari, G. (2003). Maximum likelihood estimation
    and inference in multivariate conditionally heteroscedastic dynamic regression
    models with Student t innovations. *JBES* 21(4), 532-546.
    """

    def __init__(
        self,
        dist: Distribution = "normal",
        cov_type: CovType = "robust",
        qbar: QbarKind = "second_moment",
        variance_start: VarianceStart = "backcast",
    ) -> None:
        if dist not in ("normal", "t"):
            raise DataError(f"unknown margin distribution {dist!r}: use 'normal' or 't'")
        if cov_type not in ("robust", "hessian"):
            raise DataError(f"unknown cov_type {cov_type!r}: use 'robust' or 'hessian'")
        if qbar not in ("second_moment", "sample"):
            raise DataError(f"unknown qbar {qbar!r}: use 'second_moment' or 'sample'")
        if variance_start not in ("backcast", "sample"):
            raise DataError(
                f"unknown variance_start {variance_start!r}: use 'backcast' or 'sample'"
            )
        self.dist: Distribution = dist
        self.cov_type: CovType = cov_type
        self.qbar: QbarKind = qbar
        self.variance_start: VarianceStart = variance_start

    def conventions(self) -> str:
        """One sentence stating the distribution, ``Q̄`` and the variance start used."""
        dist = (
            "Student t (t GARCH margins; multivariate t with one shape nu, estimated with "
            "a and b, in the correlation step)"
            if self.dist == "t"
            else "normal (Gaussian quasi-likelihood)"
        )
        qbar = (
            "Q-bar = e'e/T of the standardised residuals (second_moment)"
            if self.qbar == "second_moment"
            else "Q-bar = sample correlation of the standardised residuals (sample)"
        )
        start = (
            "GARCH variance start = arch's backcast (0.94-weighted mean of the first 75 "
            "squared demeaned returns)"
            if self.variance_start == "backcast"
            else "GARCH variance start = sample variance of each series"
        )
        return f"DCC conventions: {dist}; {qbar}; {start}"

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
            fit_garch_margin(data[col].rename(name), self.dist, self.variance_start)
            for col, name in zip(data.columns, symbols, strict=True)
        ]
        notes.append(self.conventions())
        for fit in fits:
            notes.extend(fit.notes)
        eps = np.column_stack([f.std_resid for f in fits])
        qbar = target_matrix(eps, self.qbar)

        def terms(x: np.ndarray) -> np.ndarray:
            if self.dist == "t":
                return student_t_loglik_terms(eps, float(x[0]), float(x[1]), float(x[2]), qbar)
            return correlation_loglik_terms(eps, float(x[0]), float(x[1]), qbar)

        theta, converged = _maximise(terms, eps.shape[0], self.dist == "t")
        a, b = float(theta[0]), float(theta[1])
        if not converged:
            notes.append("DCC second step: optimiser did not report convergence")
        at_boundary = a < 1e-5 or b < 1e-5 or a + b > 1.0 - 2 * PERSISTENCE_MARGIN
        nu_at_bound = self.dist == "t" and not (
            NU_BOUNDS[0] * 1.001 < theta[2] < NU_BOUNDS[1] * 0.999
        )
        if at_boundary:
            notes.append(
                f"DCC estimate on the boundary (a={a:.4g}, b={b:.4g}): standard errors undefined"
            )
        if nu_at_bound:
            notes.append(
                f"Student-t shape at its bound (nu={theta[2]:.4g}, bounds {NU_BOUNDS}): "
                "standard errors undefined"
                + ("; the data look Gaussian: use dist='normal'" if theta[2] > 100 else "")
            )
        if at_boundary or nu_at_bound:
            std_error = np.full(theta.size, np.nan)
        else:
            cov = qml_covariance(terms, theta, robust=self.cov_type == "robust")
            std_error = np.sqrt(np.clip(np.diag(cov), 0.0, None))

        r = dcc_correlations(dcc_q(eps, a, b, qbar))
        index = data.index
        pairs: dict[str, np.ndarray] = {}
        for i in range(len(symbols)):
            for j in range(i + 1, len(symbols)):
                pairs[f"{symbols[i]}~{symbols[j]}"] = r[:, i, j]
        loglik_corr = float(terms(theta).sum())
        loglik_margins = float(sum(f.loglikelihood for f in fits))
        if self.dist == "t":
            log_vol = float(sum(np.log(f.volatility).sum() for f in fits))
            loglik = loglik_corr - log_vol
        else:
            loglik = loglik_margins + loglik_corr
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
            qbar=self.qbar,
            variance_start=self.variance_start,
            params=param_table(["a", "b", "nu"][: theta.size], theta, std_error),
            margins=margins,
            correlations=pd.DataFrame(pairs, index=index),
            volatility=pd.DataFrame(
                np.column_stack([f.volatility for f in fits]), index=index, columns=list(symbols)
            ),
            std_resid=pd.DataFrame(eps, index=index, columns=list(symbols)),
            unconditional_correlation=uncond,
            loglikelihood=loglik,
            loglikelihood_correlation=loglik_corr,
            loglikelihood_margins=loglik_margins,
            n=len(data),
            cov_type=self.cov_type,
            converged=converged,
            notes=tuple(notes),
        )


def _maximise(
    terms: Callable[[np.ndarray], np.ndarray], t_obs: int, with_nu: bool
) -> tuple[np.ndarray, bool]:
    """Maximise a second-step log-likelihood over ``(a, b)`` or ``(a, b, ν)``.

    ``terms(θ)`` gives the per-observation log-likelihood. Start: the best ``(a, b)`` of
    a 5 × 5 grid (at ``ν = 8``), then the best ``ν`` of a grid at that point; SLSQP from
    there. The shape is searched as ``η = 1/ν`` (the likelihood is nearly flat in ``ν``
    for large ``ν`` but not in ``η``, which reaches the normal at ``η → 0``). Returns θ
    (with ``ν``) and the optimiser's success flag.
    """

    def to_theta(x: np.ndarray) -> np.ndarray:
        return np.array([x[0], x[1], 1.0 / x[2]]) if with_nu else np.asarray(x)

    def objective(x: np.ndarray) -> float:
        a, b = float(x[0]), float(x[1])
        if a < 0 or b < 0 or a + b >= 1.0 or (with_nu and not x[2] > 0):
            return 1e10
        value = -terms(to_theta(x)).sum() / t_obs
        return float(value) if np.isfinite(value) else 1e10

    tail = (1.0 / 8.0,) if with_nu else ()
    grid = [
        (a, b, *tail)
        for a in (0.005, 0.02, 0.05, 0.1, 0.2)
        for b in (0.5, 0.8, 0.9, 0.95, 0.98)
        if a + b < 1.0 - PERSISTENCE_MARGIN
    ]
    start = np.array(min(grid, key=lambda p: objective(np.array(p))))
    bounds = [(0.0, 1.0), (0.0, 1.0)]
    if with_nu:
        etas = [1.0 / nu for nu in (3.0, 4.0, 6.0, 8.0, 12.0, 20.0, 50.0, 200.0)]
        start[2] = min(etas, key=lambda eta: objective(np.array([start[0], start[1], eta])))
        bounds.append((1.0 / NU_BOUNDS[1], 1.0 / NU_BOUNDS[0]))
    res = minimize(
        objective,
        start,
        method="SLSQP",
        bounds=bounds,
        constraints=[{"type": "ineq", "fun": lambda x: 1.0 - PERSISTENCE_MARGIN - x[0] - x[1]}],
        options={"ftol": 1e-12, "maxiter": 500},
    )
    theta = to_theta(np.asarray(res.x, dtype=float))
    theta[:2] = np.clip(theta[:2], 0.0, 1.0)
    if with_nu:
        theta[2] = float(np.clip(theta[2], *NU_BOUNDS))
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
