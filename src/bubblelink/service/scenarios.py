"""Scenarios: an AI-credit shock, then central-bank easing — BTC's path distribution.

``scenario_run`` (``bubblelink scenario run``, ``/api/scenario/run``) runs a scenario on
one engine or all of them through the chunked runner
(:mod:`bubblelink.scenarios._runner`); ``scenario_list`` lists the shipped scenarios.
``scenario`` (the first-generation ``bubblelink scenario --file``) reads a scenario file (a path or a shipped name; default
``ai_credit_shock``), applies the overrides of :class:`ScenarioParams`, estimates the
sensitivities on the store's history as known on ``as_of`` and simulates.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import plain
from bubblelink.scenarios import (
    ScenarioSpec,
    engine_preparer,
    load_history,
    load_scenario,
    parse_scenario,
    plan_run,
    resolve_engines,
    run_engines,
    run_scenario,
    shipped_scenarios,
)
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import ScenarioListParams, ScenarioParams, ScenarioRunParams

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


# --- second generation: engines side by side (``scenario run`` / ``scenario list``) ----------


def _start_price(data: Any, symbol: str) -> tuple[float, str]:
    """The last BTC close as of the run's date, and its date."""
    close = data.prices([symbol]).iloc[:, 0].dropna()
    if close.empty:
        raise DataError(f"no {symbol} price is stored as of the run's date: ingest BTC prices")
    return float(close.iloc[-1]), str(close.index[-1].date())


def scenario_run(
    store: StoreLike, params: ScenarioRunParams | None = None, **kw: Any
) -> ServiceResult:
    """A scenario on one engine or all of them (``scenario run``).

    The engines, the paths and the memory plan are checked before any data are read;
    the history is the store as known on ``as_of``; the price paths start at the last
    BTC close on or before it.
    """
    p = params or ScenarioRunParams.build(**kw)
    spec = load_scenario(p.scenario).with_overrides(paths=p.paths, seed=p.seed)
    names = resolve_engines(p.engine)
    plan_run(spec.simulation.paths, spec.phase1.sessions + spec.phase2.sessions)
    below = [*p.below, *spec.report.below_prices]
    with store_data(store, p.as_of, basket=spec.symbols.basket) as data:
        history = load_history(spec, data)
        start_price, start_date = _start_price(data, spec.symbols.btc)
        engines = [engine_preparer(name)(spec, history) for name in names]
        notes = list(history.notes)
        cutoff = data.last_date()
        if cutoff is not None:
            notes.append(
                f"estimated as of {cutoff.date()} (later observations and revisions not used)"
            )
        run = run_engines(
            spec,
            engines,
            start_price=start_price,
            start_date=start_date,
            below=below,
            notes=notes,
            provenance=history.provenance,
            synthetic=history.synthetic,
        )
        return answer("scenario-run", run, data, title=run.title)


@dataclasses.dataclass(frozen=True)
class ScenarioCatalog:
    """The shipped scenarios: name, title, phases, shocks, description."""

    scenarios: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """One row per shipped scenario (the description is in the JSON only)."""
        return self.scenarios.drop(columns="description")

    def to_dict(self) -> dict[str, Any]:
        """``scenarios``: one record per shipped scenario."""
        return {"scenarios": plain(self.scenarios)}


def scenario_list(
    store: StoreLike = None, params: ScenarioListParams | None = None
) -> ServiceResult:
    """The shipped scenarios (``scenario list``; no store is read)."""
    rows = []
    for name in shipped_scenarios():
        spec = load_scenario(name)
        one, two = spec.phase1, spec.phase2
        rows.append(
            {
                "name": spec.name,
                "title": spec.title,
                "phases": f"{one.sessions} + {two.sessions} sessions",
                "phase1_shocks": (
                    f"basket {one.basket_change:+.0%}, vol x{one.vol_multiplier:g}, "
                    f"HY OAS {one.credit_spread_bp:+g} bp"
                ),
                "phase2_shocks": (
                    f"basket {two.basket_change:+.0%}, HY OAS {two.credit_spread_bp:+g} bp, "
                    f"net liquidity {two.net_liquidity_change_bn:+,.0f} bn, "
                    f"dollar {two.dollar_change:+.0%}"
                ),
                "description": spec.description,
            }
        )
    catalog = ScenarioCatalog(pd.DataFrame(rows))
    return ServiceResult(
        "scenario-list",
        catalog,
        title=f"{len(rows)} shipped scenarios (bubblelink scenario run NAME)",
    )
