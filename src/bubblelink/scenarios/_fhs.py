r"""Filtered historical simulation (FHS): GARCH(1,1) margins, DCC correlation, joint bootstrap.

Factors
-------
Two: BTC's daily log return :math:`r_{1,t}` and the AI basket's :math:`r_{2,t}` (the
columns ``btc`` and ``basket`` of :class:`~bubblelink.scenarios.ScenarioHistory`).
The scenario's credit, liquidity and dollar shocks and its ``vol_multiplier`` are **not**
imposed by this engine (a note says so): BTC responds to the scenario only through the
basket shock and through the joint history of the two assets on stress days.

Fit (once per scenario)
-----------------------
bubblelink's own DCC (:class:`bubblelink.analytics.dcc.DCC`, Gaussian QML,
``Q̄ = ε'ε/T``, arch's backcast variance start) on the estimation window gives, per
factor :math:`i`, a constant-mean GARCH(1,1)

.. math::

    r_{i,t} = \mu_i + u_{i,t},\quad u_{i,t} = \sigma_{i,t}\,\varepsilon_{i,t},\quad
    \sigma^2_{i,t+1} = \omega_i + \alpha_i u^2_{i,t} + \beta_i \sigma^2_{i,t}

and the DCC(1,1) correlation
:math:`Q_{t+1} = (1-a-b)\bar Q + a\,\varepsilon_t\varepsilon_t' + b\,Q_t`,
:math:`\rho_t = Q_{12,t}/\sqrt{Q_{11,t}Q_{22,t}}`. The standardized residuals are
decorrelated by the Cholesky factor of the DCC correlation at their own date,

.. math::

    z_{1,t} = \varepsilon_{1,t},\qquad
    z_{2,t} = (\varepsilon_{2,t} - \rho_t \varepsilon_{1,t}) / \sqrt{1-\rho_t^2},

so :math:`z_t` is (approximately) uncorrelated with unit variances and keeps each date's
fat tails, skew and any non-linear dependence between the two assets.

Simulation (per path, vectorised over paths)
--------------------------------------------
The recursion starts where the sample ends: :math:`\sigma^2_{i,1}` and :math:`Q_1` are
the one-step forecasts from the last fitted date. On session :math:`t` each path draws
**one historical date** :math:`d` (uniformly, with replacement) and takes both
:math:`z_{1,d}, z_{2,d}` from it (joint bootstrap: the cross-asset dependence of the date
is kept). In phase 1 the dates are drawn from the stress days only (the rule of
:func:`~bubblelink.scenarios.stress_days` with the scenario's ``estimation`` settings);
in phase 2 from every date of the window. The GARCH, DCC and :math:`\mu` parameters are
the full-sample fit in both phases: stress enters phase 1 through its residuals (bigger,
more negative, more dependent), which then feed the volatility and correlation
recursions. Then

.. math::

    \varepsilon_{1,t} = z_{1,d},\quad
    \varepsilon_{2,t} = \rho_t z_{1,d} + \sqrt{1-\rho_t^2}\, z_{2,d},\quad
    r_{i,t} = \sigma_{i,t}\,\varepsilon_{i,t}

and :math:`\sigma^2_{i,t+1}`, :math:`Q_{t+1}` follow the fitted recursions. The
constant means :math:`\mu_i` are estimated but not simulated (as in the factor engine:
the scenario is driven by its shocks, not by historical drift).

Basket shock (conditioning)
---------------------------
With :math:`D_k = \ln(1 + \text{basket\_change}_k)` and :math:`S_{p,k}` path
:math:`p`'s simulated basket log change over phase :math:`k`, each session of the phase
is shifted in proportion to its simulated basket variance,

.. math::

    \Delta_{p,t} = (D_k - S_{p,k})\,
        \frac{\sigma^2_{2,p,t}}{\sum_{s \in k} \sigma^2_{2,p,s}},\qquad
    r_{2,p,t} \mathrel{+}= \Delta_{p,t},\qquad
    r_{1,p,t} \mathrel{+}= \beta_{p,t}\,\Delta_{p,t},\quad
    \beta_{p,t} = \rho_{p,t}\,\sigma_{1,p,t}/\sigma_{2,p,t},

the conditional mean of the returns given the phase total when increments are
independent given the simulated volatility path (a heteroskedastic Brownian bridge) and
BTC's conditional regression beta on the basket. Every path's basket log change over
each phase equals :math:`D_k` (to rounding, about 1e-15); the simulated volatility and
correlation paths are kept unchanged (the shift is in the mean, the recursions use the
unshifted innovations). ``correlation`` in the block is :math:`\rho_{p,t}`.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_sample_size
from bubblelink.analytics.dcc import DCC, DCCResult
from bubblelink.analytics.dcc._likelihood import dcc_q, target_matrix
from bubblelink.analytics.dcc._margins import PERCENT_SCALE
from bubblelink.scenarios._engine import PathBlock
from bubblelink.scenarios._estimate import stress_days
from bubblelink.scenarios._history import ScenarioHistory
from bubblelink.scenarios._spec import ScenarioSpec

#: The simulated factors, in DCC column order (BTC first: the Cholesky order).
FACTORS = ("btc", "basket")


@dataclasses.dataclass(frozen=True)
class FHSFit:
    """The fitted model and the residual pools (everything that does not depend on draws).

    Attributes
    ----------
    omega, alpha, beta, mu
        GARCH(1,1) parameters per factor in decimal units (``omega`` in return², ``mu``
        per session), order :data:`FACTORS`.
    a, b, qbar
        DCC parameters and the 2×2 target ``Q̄``.
    variance_next, q_next
        One-step forecasts from the last date: :math:`\\sigma^2_{i,T+1}` and
        :math:`Q_{T+1}`.
    residuals
        Decorrelated standardized residuals :math:`z_t`, shape ``(T, 2)``.
    stress
        Boolean mask of the stress dates (the phase-1 pool), shape ``(T,)``.
    dates
        The fitted dates.
    """

    omega: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    mu: np.ndarray
    a: float
    b: float
    qbar: np.ndarray
    variance_next: np.ndarray
    q_next: np.ndarray
    residuals: np.ndarray
    stress: np.ndarray
    dates: pd.Index

    @property
    def persistence(self) -> np.ndarray:
        """:math:`\\alpha_i + \\beta_i` per factor."""
        return np.asarray(self.alpha + self.beta)

    @property
    def unconditional_variance(self) -> np.ndarray:
        """:math:`\\omega_i / (1 - \\alpha_i - \\beta_i)` per factor (inf when not stationary)."""
        gap = 1.0 - self.persistence
        return np.where(gap > 0, self.omega / np.where(gap > 0, gap, 1.0), np.inf)


@dataclasses.dataclass(frozen=True)
class FHSPaths:
    """Simulated returns with their volatility and correlation paths, shape ``(n, sessions)``."""

    btc: np.ndarray
    basket: np.ndarray
    btc_variance: np.ndarray
    basket_variance: np.ndarray
    correlation: np.ndarray


def decorrelate(std_resid: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """:math:`z_t = L_t^{-1}\\varepsilon_t` with :math:`L_t` the Cholesky factor of
    :math:`R_t` (2×2: ``z1 = e1``, ``z2 = (e2 - rho e1) / sqrt(1 - rho²)``)."""
    e1, e2 = std_resid[:, 0], std_resid[:, 1]
    return np.column_stack([e1, (e2 - rho * e1) / np.sqrt(1.0 - rho * rho)])


def fit_fhs(daily: pd.DataFrame, spec: ScenarioSpec) -> tuple[FHSFit, DCCResult]:
    """Fit the margins and the DCC on ``daily[["btc", "basket"]]`` and build the pools.

    Raises
    ------
    DataError
        Fewer than 100 complete sessions (the DCC's minimum) or fewer stress days than
        ``estimation.min_stress_days``.
    """
    est = spec.estimation
    dcc = DCC(dist="normal", qbar="second_moment", variance_start="backcast")
    fit = dcc.fit(daily[list(FACTORS)])
    table = fit.margins.set_index(["series", "parameter"])["estimate"]

    def param(name: str) -> np.ndarray:
        return np.array([float(table[(f, name)]) for f in FACTORS])

    omega = param("omega") / PERCENT_SCALE**2
    alpha, beta, mu = param("alpha"), param("beta"), param("mu") / PERCENT_SCALE
    eps = fit.std_resid[list(FACTORS)].to_numpy(dtype=float)
    vol = fit.volatility[list(FACTORS)].to_numpy(dtype=float)
    rho = fit.correlations.iloc[:, 0].to_numpy(dtype=float)
    qbar = target_matrix(eps, fit.qbar)  # type: ignore[arg-type]
    q = dcc_q(eps, fit.a, fit.b, qbar)
    q_next = (1.0 - fit.a - fit.b) * qbar + fit.a * np.outer(eps[-1], eps[-1]) + fit.b * q[-1]
    u_last = eps[-1] * vol[-1]
    variance_next = omega + alpha * u_last**2 + beta * vol[-1] ** 2
    stress = stress_days(
        daily["basket"].reindex(fit.std_resid.index).astype(float),
        est.stress_quantile,
        est.stress_drawdown,
        est.stress_peak_window,
    ).to_numpy()
    check_sample_size(
        int(stress.sum()),
        est.min_stress_days,
        "FHS phase-1 residual pool (stress days)",
        "use a longer estimation window or relax estimation.stress_quantile/stress_drawdown",
    )
    model = FHSFit(
        omega=omega,
        alpha=alpha,
        beta=beta,
        mu=mu,
        a=fit.a,
        b=fit.b,
        qbar=qbar,
        variance_next=variance_next,
        q_next=q_next,
        residuals=decorrelate(eps, rho),
        stress=stress,
        dates=fit.std_resid.index,
    )
    return model, fit


def simulate_fhs(
    fit: FHSFit,
    n_paths: int,
    rng: np.random.Generator,
    segments: list[tuple[np.ndarray, int]],
) -> FHSPaths:
    """Recurse volatility and correlation forward along ``n_paths`` paths (no conditioning).

    ``segments`` is a list of ``(pool, sessions)``: ``sessions`` consecutive sessions
    whose decorrelated residuals are rows of ``pool`` (shape ``(m, 2)``), drawn jointly
    (one row, i.e. one historical date, per path and session). Draws: one
    ``rng.integers(0, m, size=(sessions, n_paths))`` call per segment, in order.
    """
    total = sum(s for _, s in segments)
    # session-major work arrays (contiguous rows per session), transposed at the end
    out = np.empty((5, total, n_paths))
    om1, om2 = (float(v) for v in fit.omega)
    al1, al2 = (float(v) for v in fit.alpha)
    be1, be2 = (float(v) for v in fit.beta)
    a, b = fit.a, fit.b
    c = (1.0 - a - b) * fit.qbar
    c11, c22, c12 = float(c[0, 0]), float(c[1, 1]), float(c[0, 1])
    v1 = np.full(n_paths, fit.variance_next[0])
    v2 = np.full(n_paths, fit.variance_next[1])
    q11 = np.full(n_paths, fit.q_next[0, 0])
    q22 = np.full(n_paths, fit.q_next[1, 1])
    q12 = np.full(n_paths, fit.q_next[0, 1])
    t = 0
    for pool, sessions in segments:
        z1_pool = np.ascontiguousarray(pool[:, 0])
        z2_pool = np.ascontiguousarray(pool[:, 1])
        dates = rng.integers(0, len(pool), size=(sessions, n_paths))
        for j in range(sessions):
            e1 = z1_pool[dates[j]]
            rho = q12 / np.sqrt(q11 * q22)
            e2 = rho * e1 + np.sqrt(1.0 - rho * rho) * z2_pool[dates[j]]
            u1 = np.sqrt(v1) * e1
            u2 = np.sqrt(v2) * e2
            out[0, t], out[1, t], out[2, t], out[3, t], out[4, t] = u1, u2, v1, v2, rho
            v1 = om1 + al1 * u1 * u1 + be1 * v1
            v2 = om2 + al2 * u2 * u2 + be2 * v2
            q11 = c11 + a * e1 * e1 + b * q11
            q22 = c22 + a * e2 * e2 + b * q22
            q12 = c12 + a * e1 * e2 + b * q12
            t += 1
    btc, basket, var_btc, var_basket, correlation = (np.ascontiguousarray(x.T) for x in out)
    return FHSPaths(
        btc=btc,
        basket=basket,
        btc_variance=var_btc,
        basket_variance=var_basket,
        correlation=correlation,
    )


def condition_on_basket(
    paths: FHSPaths, sessions: tuple[int, ...], targets: tuple[float, ...]
) -> None:
    """Shift each phase's basket returns (in place) so they sum to its target log change,
    and BTC's by the conditional beta times the shift (see the module docstring)."""
    start = 0
    for length, target in zip(sessions, targets, strict=True):
        cols = slice(start, start + length)
        var_b = paths.basket_variance[:, cols]
        weights = var_b / var_b.sum(axis=1, keepdims=True)
        shift = (target - paths.basket[:, cols].sum(axis=1))[:, None] * weights
        beta = paths.correlation[:, cols] * np.sqrt(paths.btc_variance[:, cols] / var_b)
        paths.basket[:, cols] += shift
        paths.btc[:, cols] += beta * shift
        start += length


@dataclasses.dataclass(eq=False)
class FHSEngine:
    """A prepared FHS engine (:class:`~bubblelink.scenarios._engine.PreparedEngine`)."""

    name: ClassVar[str] = "fhs"
    model: str
    sessions: tuple[int, ...]
    deterministic_paths: int | None
    notes: tuple[str, ...]
    fit: FHSFit
    targets: tuple[float, ...]

    def pools(self) -> tuple[np.ndarray, np.ndarray]:
        """The phase-1 (stress dates) and phase-2 (all dates) residual pools."""
        return self.fit.residuals[self.fit.stress], self.fit.residuals

    def simulate(
        self, n_paths: int, rng: np.random.Generator, conditioned: bool = True
    ) -> FHSPaths:
        """Paths with their volatility and correlation (conditioned on the basket shock or not)."""
        stress_pool, all_pool = self.pools()
        segments = [(stress_pool, self.sessions[0]), *[(all_pool, s) for s in self.sessions[1:]]]
        paths = simulate_fhs(self.fit, n_paths, rng, segments)
        if conditioned:
            condition_on_basket(paths, self.sessions, self.targets)
        return paths

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        """``n_paths`` conditioned paths drawn with ``rng``."""
        paths = self.simulate(n_paths, rng)
        return PathBlock(btc=paths.btc, basket=paths.basket, correlation=paths.correlation)


def prepare_fhs(spec: ScenarioSpec, history: ScenarioHistory) -> FHSEngine:
    """Fit the FHS model on ``history.daily`` for ``spec`` (see the module docstring).

    Raises
    ------
    DataError
        Fewer than 100 sessions or too few stress days in the estimation window.
    """
    daily = history.daily
    fit, dcc = fit_fhs(daily, spec)
    phases = (spec.phase1, spec.phase2)
    sessions = tuple(p.sessions for p in phases)
    targets = tuple(float(np.log1p(p.basket_change)) for p in phases)
    notes = [
        f"FHS sample {fit.dates[0].date()}..{fit.dates[-1].date()} ({len(fit.dates)} sessions); "
        f"phase-1 residual pool: {int(fit.stress.sum())} stress days "
        f"(worst {spec.estimation.stress_quantile:.0%} basket sessions or basket "
        f"{abs(spec.estimation.stress_drawdown):.0%}+ below its "
        f"{spec.estimation.stress_peak_window}-session peak); phase 2: all sessions",
        *(
            f"GARCH(1,1) {f}: alpha={fit.alpha[i]:.4f}, beta={fit.beta[i]:.4f}, "
            f"alpha+beta={fit.persistence[i]:.4f}, unconditional vol "
            f"{np.sqrt(fit.unconditional_variance[i]):.4%}/session, next-session vol "
            f"{np.sqrt(fit.variance_next[i]):.4%}"
            for i, f in enumerate(FACTORS)
        ),
        f"DCC(1,1): a={fit.a:.4f}, b={fit.b:.4f}; BTC-basket correlation at the last date "
        f"{float(dcc.correlations.iloc[-1, 0]):.3f}, next session "
        f"{fit.q_next[0, 1] / np.sqrt(fit.q_next[0, 0] * fit.q_next[1, 1]):.3f}",
        *dcc.notes,
        "FHS imposes only the basket shock: the scenario's credit, liquidity and dollar shocks "
        "and vol_multiplier are not applied (BTC reacts to them only through its joint history "
        "with the basket on stress days)",
    ]
    if any(p.vol_multiplier != 1.0 for p in phases):
        notes.append(
            "vol_multiplier ignored by FHS: volatility follows the GARCH recursion driven by "
            "the bootstrapped residuals"
        )
    model = (
        "Filtered historical simulation of BTC and the AI basket: GARCH(1,1) margins and a "
        "DCC(1,1) correlation fitted with bubblelink's DCC (Gaussian QML, Q-bar = e'e/T, "
        "arch backcast start); standardized residuals decorrelated by the Cholesky factor of "
        "each date's DCC correlation and bootstrapped jointly (one historical date per "
        "session for both assets), from stress days in phase 1 and from all days in phase 2; "
        "volatility and DCC Q recursed forward along each path from the last fitted date; "
        "GARCH means not simulated. Basket shock by conditioning: each phase's basket returns "
        "shifted in proportion to the simulated basket variance so their sum equals "
        "ln(1 + basket_change) on every path, BTC shifted by beta_t = rho_t sigma_btc,t / "
        "sigma_basket,t times the basket shift; volatility and correlation paths kept. "
        "Credit, liquidity and dollar shocks not applied."
    )
    return FHSEngine(
        model=model,
        sessions=sessions,
        deterministic_paths=None,
        notes=tuple(notes),
        fit=fit,
        targets=targets,
    )
