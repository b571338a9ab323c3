r"""Monte Carlo engine: BTC paths through the two phases (numpy, paths × sessions).

Model
-----
Phase :math:`k \in \{1, 2\}` lasts :math:`T_k` sessions. Its totals (basket log change
:math:`D_k = \ln(1 + \text{basket\_change})`, HY OAS change :math:`C_k` in percentage
points, liquidity log change :math:`G_k`, dollar log change :math:`X_k`) are spread
evenly over its sessions. On session :math:`t` of phase :math:`k`, path :math:`p`:

.. math::

    b_{p,t} &= D_k / T_k + m_k \hat\sigma_b \sqrt{T_k/(T_k - 1)}\,(z_{p,t} - \bar z_{p,k}),
    \qquad z \sim N(0, 1) \\
    r_{p,t} &= \beta_{p,k}\, b_{p,t} + \delta_p\, C_k / T_k
               + \gamma_{L,p}\, G_k / T_k + \gamma_{D,p}\, X_k / T_k + \varepsilon_{p,t}

so the basket's noise is a discrete Brownian bridge: every path hits exactly the
scenario's basket change at the end of each phase, with per-session volatility
:math:`m_k \hat\sigma_b` (``vol_multiplier`` times the historical volatility; zero noise
when :math:`T_k = 1`). :math:`\beta_{p,1} = \beta_s` (stress), :math:`\beta_{p,2} =
\beta_r` (recovery). BTC's level relative to the start is
:math:`P_{p,t} = \exp(\sum_{u \le t} r_{p,u})`, :math:`P_{p,0} = 1`.

Parameter uncertainty: with ``parameter_uncertainty`` each path draws
:math:`(\beta_s, \delta) \sim N(\hat\theta_s, \hat V_s)`, :math:`\beta_r \sim
N(\hat\beta_r, \widehat{se}^2)` and :math:`(\gamma_L, \gamma_D) \sim N(\hat\theta_L, \hat
V_L)` once (the same for all its sessions); otherwise every path uses the point
estimates. Residuals :math:`\varepsilon` are i.i.d. per session from the phase's
historical residuals (``bootstrap``: stress residuals in phase 1, non-stress residuals in
phase 2; this keeps fat tails and skew but not volatility clustering), or
:math:`\hat\sigma_k \sqrt{(\nu-2)/\nu}\, t_\nu` (``student_t``, unit-variance scaled),
or :math:`\hat\sigma_k z` (``normal``), or 0 (``none``).

Random numbers are drawn in a fixed order from ``numpy.random.default_rng(seed)``:
parameters, basket noise, residuals; the same seed and inputs give identical paths.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from bubblelink.analytics.performance import max_drawdown
from bubblelink.errors import ConfigError
from bubblelink.scenarios._estimate import ScenarioParameters
from bubblelink.scenarios._spec import PhaseSpec, ResidualMethod, ScenarioSpec


@dataclasses.dataclass(frozen=True)
class ShockPath:
    """Per-session scenario inputs (length :math:`T_1 + T_2`), identical for every path."""

    sessions: tuple[int, int]
    basket_drift: np.ndarray
    basket_vol: np.ndarray
    credit: np.ndarray
    liquidity: np.ndarray
    dollar: np.ndarray


@dataclasses.dataclass(frozen=True)
class SimulatedPaths:
    """Simulated BTC levels relative to the start, shape ``(paths, T1 + T2 + 1)``."""

    levels: np.ndarray
    sessions: tuple[int, int]

    @property
    def end_phase1(self) -> np.ndarray:
        """BTC at the end of phase 1 relative to the start, per path."""
        return self.levels[:, self.sessions[0]]

    @property
    def end_phase2(self) -> np.ndarray:
        """BTC at the end of phase 2 relative to the start, per path."""
        return self.levels[:, -1]

    @property
    def phase1_max_drawdown(self) -> np.ndarray:
        """Worst peak-to-trough fall within phase 1 (≤ 0), per path; the start is a peak."""
        phase1 = self.levels[:, : self.sessions[0] + 1]
        return np.asarray(max_drawdown(phase1, axis=1))


def liquidity_log_change(phase: PhaseSpec, measure: str, level_bn: float) -> float:
    """The phase's liquidity impulse as a log change of the measure.

    ``net_liquidity``: :math:`\\ln(1 + \\Delta NL / NL_0)` with :math:`NL_0` the level in
    $bn; ``m2``: :math:`\\ln(1 + g)`.
    """
    if measure == "m2":
        return float(np.log1p(phase.m2_growth))
    ratio = phase.net_liquidity_change_bn / level_bn
    if ratio <= -1.0:
        raise ConfigError(
            f"net_liquidity_change_bn {phase.net_liquidity_change_bn:g} would take net "
            f"liquidity ({level_bn:,.0f} bn) to zero or below: use a smaller drain"
        )
    return float(np.log1p(ratio))


def shock_path(spec: ScenarioSpec, params: ScenarioParameters) -> ShockPath:
    """Spread each phase's totals evenly over its sessions."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("drift", "vol", "credit", "liq", "fx")}
    for phase in (spec.phase1, spec.phase2):
        n = phase.sessions
        liq = liquidity_log_change(phase, spec.liquidity.measure, params.liquidity_level_bn)
        parts["drift"].append(np.full(n, np.log1p(phase.basket_change) / n))
        parts["vol"].append(np.full(n, phase.vol_multiplier * params.basket_vol))
        parts["credit"].append(np.full(n, phase.credit_spread_bp / 100.0 / n))
        parts["liq"].append(np.full(n, liq / n))
        parts["fx"].append(np.full(n, np.log1p(phase.dollar_change) / n))
    return ShockPath(
        sessions=(spec.phase1.sessions, spec.phase2.sessions),
        basket_drift=np.concatenate(parts["drift"]),
        basket_vol=np.concatenate(parts["vol"]),
        credit=np.concatenate(parts["credit"]),
        liquidity=np.concatenate(parts["liq"]),
        dollar=np.concatenate(parts["fx"]),
    )


def simulate_paths(
    shocks: ShockPath,
    params: ScenarioParameters,
    n_paths: int,
    seed: int,
    residuals: ResidualMethod = "bootstrap",
    parameter_uncertainty: bool = True,
) -> SimulatedPaths:
    """Simulate ``n_paths`` BTC paths (see the module docstring for the model)."""
    rng = np.random.default_rng(seed)
    returns, _ = draw_returns(rng, shocks, params, n_paths, residuals, parameter_uncertainty)
    t1, t2 = shocks.sessions
    levels = np.ones((n_paths, t1 + t2 + 1))
    np.exp(np.cumsum(returns, axis=1), out=levels[:, 1:])
    return SimulatedPaths(levels=levels, sessions=(t1, t2))


def draw_returns(
    rng: np.random.Generator,
    shocks: ShockPath,
    params: ScenarioParameters,
    n_paths: int,
    residuals: ResidualMethod = "bootstrap",
    parameter_uncertainty: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """BTC and basket daily log returns, each ``(n_paths, T1 + T2)``, drawn with ``rng``.

    The model of the module docstring; draws in the fixed order parameters, basket
    noise, residuals (the factor engine calls this once per block).
    """
    t1, t2 = shocks.sessions
    if parameter_uncertainty:
        stress = rng.multivariate_normal(params.stress_mean, params.stress_cov, size=n_paths)
        recovery = params.recovery_beta + params.recovery_beta_std_error * rng.standard_normal(
            n_paths
        )
        liquidity = rng.multivariate_normal(
            params.liquidity_mean, params.liquidity_cov, size=n_paths
        )
    else:
        stress = np.broadcast_to(params.stress_mean, (n_paths, 2))
        recovery = np.full(n_paths, params.recovery_beta)
        liquidity = np.broadcast_to(params.liquidity_mean, (n_paths, 2))
    basket = np.empty((n_paths, t1 + t2))
    _bridge(rng, shocks, slice(0, t1), n_paths, out=basket[:, :t1])
    _bridge(rng, shocks, slice(t1, t1 + t2), n_paths, out=basket[:, t1:])
    returns = np.empty((n_paths, t1 + t2))
    returns[:, :t1] = _residuals(
        rng, residuals, params.stress_residuals, params.stress_dof, (n_paths, t1)
    )
    returns[:, t1:] = _residuals(
        rng, residuals, params.recovery_residuals, params.recovery_dof, (n_paths, t2)
    )
    # in place, phase by phase: beta * basket + credit + liquidity + dollar + residual
    returns[:, :t1] += stress[:, :1] * basket[:, :t1]
    returns[:, t1:] += recovery[:, None] * basket[:, t1:]
    # credit, liquidity and dollar channels in one product: (n, 3) @ (3, T)
    coefficients = np.column_stack([stress[:, 1], liquidity[:, 0], liquidity[:, 1]])
    returns += coefficients @ np.vstack([shocks.credit, shocks.liquidity, shocks.dollar])
    return returns, basket


def _bridge(
    rng: np.random.Generator,
    shocks: ShockPath,
    phase: slice,
    n_paths: int,
    out: np.ndarray | None = None,
) -> np.ndarray:
    drift = shocks.basket_drift[phase]
    vol = shocks.basket_vol[phase]
    n = drift.size
    z = rng.standard_normal((n_paths, n))
    if n < 2:
        z[:] = drift
    else:
        z -= z.mean(axis=1, keepdims=True)
        z *= vol * np.sqrt(n / (n - 1.0))
        z += drift
    if out is None:
        return z
    out[...] = z
    return out


def _residuals(
    rng: np.random.Generator,
    method: ResidualMethod,
    sample: np.ndarray,
    dof: float,
    shape: tuple[int, int],
) -> np.ndarray:
    if method == "none" or shape[1] == 0:
        return np.zeros(shape)
    if method == "bootstrap":
        return sample[rng.integers(0, sample.size, size=shape)]
    sigma = float(np.std(sample, ddof=1)) if sample.size > 1 else 0.0
    if method == "student_t":
        if not np.isfinite(dof):
            raise ConfigError("student_t residuals need fitted degrees of freedom")
        return sigma * np.sqrt((dof - 2.0) / dof) * rng.standard_t(dof, size=shape)
    return sigma * rng.standard_normal(shape)
