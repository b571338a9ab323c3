"""Benchmark: scenario Monte Carlo, 10,000 paths x 120 sessions (target: under 1 s).

Run: ``.venv/bin/python bench/bench_scenario.py``. Times the simulation and the summary
(quantile fan, drawdowns, probabilities) separately, for each residual method.
"""

from __future__ import annotations

import dataclasses
import time

from bubblelink.scenarios import (
    ScenarioParameters,
    load_scenario,
    scenario_result,
    shock_path,
    simulate_paths,
)

N_PATHS, TARGET_SECONDS = 10_000, 1.0


def main() -> None:
    """Print timings and whether the target is met."""
    spec = load_scenario()
    params = ScenarioParameters.from_values(
        stress_beta=1.2,
        recovery_beta=0.8,
        basket_vol=0.02,
        residual_vol=0.035,
        credit_sensitivity=-0.05,
        liquidity_elasticity=1.0,
        dollar_elasticity=-1.0,
    )
    params = dataclasses.replace(params, stress_dof=4.0, recovery_dof=4.0)
    shocks = shock_path(spec, params)
    for method in ("bootstrap", "student_t", "normal"):
        start = time.perf_counter()
        paths = simulate_paths(shocks, params, N_PATHS, seed=1, residuals=method)
        simulated = time.perf_counter()
        scenario_result(spec, params, paths, [], [], synthetic=False)
        done = time.perf_counter()
        total = done - start
        print(
            f"{method:10s} {N_PATHS:,} paths x {paths.levels.shape[1] - 1} sessions: "
            f"simulate {simulated - start:.3f} s, summarise {done - simulated:.3f} s, "
            f"total {total:.3f} s ({'OK' if total < TARGET_SECONDS else 'SLOW'})"
        )


if __name__ == "__main__":
    main()
