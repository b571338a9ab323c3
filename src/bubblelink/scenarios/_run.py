"""One call from a parsed scenario and a data source to a :class:`ScenarioResult`."""

from __future__ import annotations

from bubblelink.frames.source import DataSource
from bubblelink.scenarios._estimate import estimate_parameters
from bubblelink.scenarios._history import load_history
from bubblelink.scenarios._result import ScenarioResult, scenario_result
from bubblelink.scenarios._simulate import shock_path, simulate_paths
from bubblelink.scenarios._spec import ScenarioSpec


def run_scenario(spec: ScenarioSpec, source: DataSource) -> ScenarioResult:
    """Read the history, estimate the sensitivities, simulate and summarise.

    Parameters
    ----------
    spec
        A parsed scenario (:func:`~bubblelink.scenarios.load_scenario`), with any
        overrides applied (:meth:`ScenarioSpec.with_overrides`).
    source
        Where the history is read (the service passes the store as known on ``--asof``:
        later observations and revisions are not used and the window ends there).

    Steps: :func:`~bubblelink.scenarios.load_history` →
    :func:`~bubblelink.scenarios.estimate_parameters` →
    :func:`~bubblelink.scenarios.shock_path` / :func:`~bubblelink.scenarios.simulate_paths`
    → :func:`~bubblelink.scenarios.scenario_result`.
    """
    history = load_history(spec, source)
    params = estimate_parameters(history, spec)
    simulated = simulate_paths(
        shock_path(spec, params),
        params,
        n_paths=spec.simulation.paths,
        seed=spec.simulation.seed,
        residuals=spec.simulation.residuals,
        parameter_uncertainty=spec.simulation.parameter_uncertainty,
    )
    notes = list(history.notes)
    cutoff = source.last_date()
    if cutoff is not None:
        notes.append(f"estimated as of {cutoff.date()} (later observations and revisions not used)")
    return scenario_result(spec, params, simulated, notes, history.provenance, history.synthetic)
