"""The factor engine as a :class:`~bubblelink.scenarios._engine.PreparedEngine`.

Preparation estimates the sensitivities (:func:`~bubblelink.scenarios.estimate_parameters`)
and spreads the scenario's shocks over its sessions
(:func:`~bubblelink.scenarios.shock_path`); each block then draws BTC and basket daily
log returns with :func:`~bubblelink.scenarios._simulate.draw_returns` — the model of
:mod:`bubblelink.scenarios._simulate`, unchanged (Brownian-bridge basket, stress/recovery
betas, credit, liquidity and dollar channels, bootstrap/Student-t/normal residuals,
optional parameter uncertainty drawn once per path).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np

from bubblelink.scenarios._engine import PathBlock
from bubblelink.scenarios._estimate import ScenarioParameters, estimate_parameters
from bubblelink.scenarios._history import ScenarioHistory
from bubblelink.scenarios._simulate import ShockPath, draw_returns, shock_path
from bubblelink.scenarios._spec import ScenarioSpec

MODEL = (
    "factor engine: BTC daily log return = beta x basket return (stress beta in phase 1, "
    "recovery beta in phase 2) + credit sensitivity x HY OAS change + liquidity and "
    "dollar elasticities x the phase's impulses + residual; the basket follows a "
    "Brownian bridge that hits the scenario's basket change at the end of each phase; "
    "residuals {residuals} (i.i.d. per session: no volatility clustering); parameter "
    "uncertainty {uncertainty}. Sensitivities estimated on the store's history "
    "(bubblelink.scenarios._estimate)."
)


@dataclasses.dataclass(frozen=True)
class FactorEngine:
    """The prepared factor engine (see the module docstring)."""

    name: ClassVar[str] = "factor"
    model: str
    sessions: tuple[int, ...]
    params: ScenarioParameters
    shocks: ShockPath
    residuals: str
    parameter_uncertainty: bool
    deterministic_paths: int | None = None
    notes: tuple[str, ...] = ()

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        """``n_paths`` paths of BTC and basket daily log returns drawn with ``rng``."""
        btc, basket = draw_returns(
            rng,
            self.shocks,
            self.params,
            n_paths,
            self.residuals,  # type: ignore[arg-type]
            self.parameter_uncertainty,
        )
        return PathBlock(btc=btc, basket=basket)


def factor_engine(spec: ScenarioSpec, params: ScenarioParameters) -> FactorEngine:
    """The factor engine from already estimated (or hand-set) parameters."""
    sim = spec.simulation
    return FactorEngine(
        model=MODEL.format(
            residuals=sim.residuals, uncertainty="on" if sim.parameter_uncertainty else "off"
        ),
        sessions=(spec.phase1.sessions, spec.phase2.sessions),
        params=params,
        shocks=shock_path(spec, params),
        residuals=sim.residuals,
        parameter_uncertainty=sim.parameter_uncertainty,
        notes=tuple(params.notes),
    )


def prepare_factor(spec: ScenarioSpec, history: ScenarioHistory) -> FactorEngine:
    """Estimate the sensitivities on ``history`` and prepare the factor engine."""
    return factor_engine(spec, estimate_parameters(history, spec))
