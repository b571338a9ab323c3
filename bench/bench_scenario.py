"""The stress scenario as ``bubblelink scenario`` and ``/api/scenario`` run it.

Run ``python bench/bench_scenario.py`` (the shipped ``ai_credit_shock``, 10,000 paths ×
40 + 80 sessions, on the SYNTHETIC sample market 2017-01-03 to 2026-08-31) or ``--quick``
(1,000 paths on the sample market from 2023-01-03). The store is built first through
``bubblelink.service.ingest.ingest_sample`` (not timed).

The timed call is ``bubblelink.service.scenarios.scenario(store, paths=N, seed=1)``, the
function the CLI and the API call: open the store, load the history (prices, credit
spreads, dollar, net liquidity as known at the as-of date), estimate the sensitivities,
simulate, summarise, wrap the result. Its stages are timed inside the same runs
(:func:`harness.stage_clock` around the steps of :func:`bubblelink.scenarios.run_scenario`).
The timing rule is :mod:`harness`'s (warm-up, median).
"""

from __future__ import annotations

from typing import Any

import bubblelink.scenarios._run as steps
from bubblelink.service.scenarios import scenario
from harness import (
    Recorder,
    bench_parser,
    mode_of,
    sample_market,
    sample_store,
    spread,
    stage_clock,
    stage_medians,
    time_cases,
    timing_rule,
)

SIZES = {"quick": (1_000, "2023-01-03"), "default": (10_000, None), "full": (10_000, None)}
REPEATS = {"quick": 3, "default": 7, "full": 7}
STAGES = {
    "history": (steps, "load_history"),
    "estimation": (steps, "estimate_parameters"),
    "simulation": (steps, "simulate_paths"),
    "summary": (steps, "scenario_result"),
}


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="1,000 paths, sample market from 2023",
        default="10,000 paths, sample market 2017-2026",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    paths, start = SIZES[mode]
    repeat = REPEATS[mode]
    rec = Recorder("bench_scenario.py", mode)
    kept: list[Any] = []
    with sample_store(start) as store, stage_clock(STAGES) as spent:
        t = time_cases(
            {"scenario": lambda: scenario(store, paths=paths, seed=1)},
            repeat,
            after=lambda _, v: kept.append(v.result),
        )
    stages = stage_medians(spent, repeat)
    result = kept[-1]
    sessions = result.sessions["phase1"] + result.sessions["phase2"]
    parts = ", ".join(f"{label} {spread(timing)}" for label, timing in stages.items())
    rec.add(
        f"scenario `{result.name}`, {result.n_paths:,} paths × {sessions} sessions",
        f"`bubblelink.service.scenarios.scenario(store, paths={paths:,}, seed=1)` (what "
        f"`bubblelink scenario` and `/api/scenario` run: open the store, load the history, "
        f"estimate, simulate, summarise) on {sample_market(start)}; {timing_rule(t)}",
        f"{spread(t['scenario'])}, of which {parts} (the same runs; the rest: store, "
        "scenario file, envelope)",
        {"scenario": t["scenario"].to_dict()} | {k: v.to_dict() for k, v in stages.items()},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
