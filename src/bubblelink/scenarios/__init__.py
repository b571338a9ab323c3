"""Two-phase stress scenarios: an AI-credit shock, then central-bank easing.

A scenario file (YAML, :mod:`bubblelink.scenarios._spec`) states the shocks; the
sensitivities of BTC are estimated from the store's history
(:func:`estimate_parameters`), and a vectorised Monte Carlo (:func:`simulate_paths`)
gives the distribution of BTC's path (:class:`ScenarioResult`).
"""

from bubblelink.scenarios._estimate import ScenarioParameters, estimate_parameters, stress_days
from bubblelink.scenarios._history import ScenarioHistory, load_history
from bubblelink.scenarios._result import ScenarioResult, scenario_result
from bubblelink.scenarios._run import run_scenario
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
)

__all__ = [
    "PhaseSpec",
    "ScenarioHistory",
    "ScenarioParameters",
    "ScenarioResult",
    "ScenarioSpec",
    "ShockPath",
    "SimulatedPaths",
    "default_scenario_path",
    "estimate_parameters",
    "liquidity_log_change",
    "load_history",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
    "scenario_result",
    "shock_path",
    "simulate_paths",
    "stress_days",
]
