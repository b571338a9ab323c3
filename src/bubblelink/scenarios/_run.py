"""One call from a scenario file and a store to a :class:`ScenarioResult`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames.load import DateLike
from bubblelink.scenarios._estimate import estimate_parameters
from bubblelink.scenarios._history import load_history
from bubblelink.scenarios._result import ScenarioResult, scenario_result
from bubblelink.scenarios._simulate import shock_path, simulate_paths
from bubblelink.scenarios._spec import ScenarioSpec, load_scenario
from bubblelink.store import Store


def run_scenario(
    scenario: ScenarioSpec | str | Path | None = None,
    store: Store | str | Path | None = None,
    paths: int | None = None,
    seed: int | None = None,
    as_of: DateLike = None,
) -> ScenarioResult:
    """Load history, estimate the sensitivities, simulate and summarise.

    Parameters
    ----------
    scenario
        A parsed spec, a path to a scenario YAML, or ``None`` for the shipped
        ``ai_credit_shock``.
    store
        The store (default location when ``None``).
    paths, seed
        Override ``simulation.paths`` / ``simulation.seed`` of the file.
    as_of
        Estimate only on what was known at that date (vintages) and end the window there.

    Steps: :func:`~bubblelink.scenarios.load_history` →
    :func:`~bubblelink.scenarios.estimate_parameters` →
    :func:`~bubblelink.scenarios.shock_path` / :func:`~bubblelink.scenarios.simulate_paths`
    → :func:`~bubblelink.scenarios.scenario_result`.
    """
    if as_of is not None:
        try:
            as_of = pd.Timestamp(as_of)
        except (ValueError, TypeError) as exc:
            raise DataError(f"cannot read as-of date {as_of!r}: use YYYY-MM-DD") from exc
    spec = scenario if isinstance(scenario, ScenarioSpec) else load_scenario(scenario)
    spec = spec.with_overrides(paths=paths, seed=seed)
    history = load_history(spec, store=store, as_of=as_of)
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
    if as_of is not None:
        notes.append(f"estimated as of {as_of.date()} (later observations and revisions not used)")
    return scenario_result(spec, params, simulated, notes, history.provenance, history.synthetic)
