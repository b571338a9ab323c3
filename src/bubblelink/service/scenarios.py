"""Scenarios: an AI-credit shock, then central-bank easing — BTC's path distribution.

``scenario`` reads a scenario file (a path or a shipped name; default
``ai_credit_shock``), applies the overrides of :class:`ScenarioParams`, estimates the
sensitivities on the store's history as known on ``as_of`` and simulates.
"""

from __future__ import annotations

from typing import Any

from bubblelink.results import plain
from bubblelink.scenarios import ScenarioSpec, load_scenario, parse_scenario, run_scenario
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import ScenarioParams

#: (section, key, parameter) of the overrides a user may set.
OVERRIDES: tuple[tuple[str, str, str], ...] = (
    ("phase1", "basket_change", "phase1_basket_change"),
    ("phase1", "sessions", "phase1_sessions"),
    ("phase2", "basket_change", "phase2_basket_change"),
    ("phase2", "sessions", "phase2_sessions"),
    ("phase2", "net_liquidity_change_bn", "phase2_net_liquidity_change_bn"),
)


def scenario_spec(params: ScenarioParams) -> ScenarioSpec:
    """The scenario file with the parameters' overrides written in (validated again)."""
    spec = load_scenario(params.scenario)
    changes = {
        (section, key): getattr(params, name)
        for section, key, name in OVERRIDES
        if getattr(params, name) is not None
    }
    if changes:
        document = plain(spec.to_dict())
        for (section, key), value in changes.items():
            document[section][key] = value
        spec = parse_scenario(document, origin=f"{spec.origin} with overrides")
    return spec.with_overrides(paths=params.paths, seed=params.seed)


def scenario(store: StoreLike, params: ScenarioParams | None = None, **kw: Any) -> ServiceResult:
    """The two-phase stress scenario on the store's history (``scenario``)."""
    p = params or ScenarioParams.build(**kw)
    spec = scenario_spec(p)
    with store_data(store, p.as_of, basket=spec.symbols.basket) as data:
        result = run_scenario(spec, data)
        title = (
            f"Scenario {result.name}: {result.n_paths:,} paths, "
            f"{result.sessions['phase1']} + {result.sessions['phase2']} sessions (BTC start = 1)"
        )
        return answer("scenario", result, data, title=title)
