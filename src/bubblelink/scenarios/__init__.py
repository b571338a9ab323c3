"""Two-phase stress scenarios: an AI-credit shock, then central-bank easing.

Second generation: engines behind one contract (:mod:`bubblelink.scenarios._engine`),
registered by name (:mod:`bubblelink.scenarios._registry`), run block by block by the
chunked runner (:func:`run_engines`, :class:`ScenarioRun`).

A scenario file (YAML, :mod:`bubblelink.scenarios._spec`) states the shocks; the
sensitivities of BTC are estimated from the store's history
(:func:`estimate_parameters`), and a vectorised Monte Carlo (:func:`simulate_paths`)
gives the distribution of BTC's path (:class:`ScenarioResult`).
"""

from bubblelink.scenarios._engine import BLOCK_PATHS, PathBlock, PreparedEngine, block_rng
from bubblelink.scenarios._estimate import ScenarioParameters, estimate_parameters, stress_days
from bubblelink.scenarios._factor import FactorEngine, factor_engine, prepare_factor
from bubblelink.scenarios._history import ScenarioHistory, load_history
from bubblelink.scenarios._registry import (
    ENGINES,
    available_engines,
    engine_preparer,
    resolve_engines,
)
from bubblelink.scenarios._result import ScenarioResult, scenario_result
from bubblelink.scenarios._run import run_scenario
from bubblelink.scenarios._runner import (
    MAX_PATHS,
    EngineOutcome,
    RunPlan,
    ScenarioRun,
    plan_run,
    run_engines,
    value_at_risk,
)
from bubblelink.scenarios._simulate import (
    ShockPath,
    SimulatedPaths,
    liquidity_log_change,
    shock_path,
    simulate_paths,
)
from bubblelink.scenarios._spec import (
    PhaseSpec,
    ScenarioSpec,
    default_scenario_path,
    load_scenario,
    parse_scenario,
    shipped_scenarios,
)

__all__ = [
    "BLOCK_PATHS",
    "ENGINES",
    "MAX_PATHS",
    "EngineOutcome",
    "FactorEngine",
    "PathBlock",
    "PhaseSpec",
    "PreparedEngine",
    "RunPlan",
    "ScenarioHistory",
    "ScenarioParameters",
    "ScenarioResult",
    "ScenarioRun",
    "ScenarioSpec",
    "ShockPath",
    "SimulatedPaths",
    "available_engines",
    "block_rng",
    "default_scenario_path",
    "engine_preparer",
    "estimate_parameters",
    "factor_engine",
    "liquidity_log_change",
    "load_history",
    "load_scenario",
    "parse_scenario",
    "plan_run",
    "prepare_factor",
    "resolve_engines",
    "run_engines",
    "run_scenario",
    "scenario_result",
    "shipped_scenarios",
    "shock_path",
    "simulate_paths",
    "stress_days",
    "value_at_risk",
]
