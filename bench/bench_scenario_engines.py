"""The chunked scenario runner: time and peak memory from 10,000 to 1,000,000 paths.

Run ``python bench/bench_scenario_engines.py`` (the shipped ``ai_bust_fast_qe``: 60 + 192
= 252 sessions; the factor engine: BTC = beta x basket + credit + liquidity + dollar +
residual, with parameter uncertainty and bootstrap residuals; 10k, 100k, 300k and 1M
paths) or ``--quick`` (10k and 50k paths). The engine is estimated on the SYNTHETIC sample
market 2017-01-03 to 2026-08-31 (``harness.sample_store``; not timed). The FHS engine
(GARCH(1,1)-DCC margins recursed along each path, joint residual bootstrap, conditioned
basket shock) is timed the same way at 10k and 100k paths.

Each size runs in its own child process so its peak memory (``ru_maxrss``) is its own:
the child imports, prepares the engine (history, estimation: not timed), then times
:func:`bubblelink.scenarios.run_engines` — the runner ``bubblelink scenario run`` uses:
blocks of 4,096 paths from per-block seeded streams, chunks of 2 blocks on 2 worker
threads, streaming accumulators, the price fan, P(below 70,000 / 60,000), VaR/ES, the
comparison table. Timing rule: :mod:`harness`'s (warm-up, median), except the 1M case,
run once without warm-up (shared machine). Memory: the child's peak resident set, and
its growth during the runs (peak minus the resident set after preparation).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness import (
    Recorder,
    bench_parser,
    mode_of,
    sample_market,
    sample_store,
    seconds,
    span,
    time_cases,
    timing_rule,
)

SCENARIO = "ai_bust_fast_qe"
SIZES = {
    "quick": (10_000, 50_000),
    "default": (10_000, 100_000, 300_000, 1_000_000),
    "full": (10_000, 100_000, 300_000, 1_000_000),
}
#: The FHS engine (GARCH-DCC recursion along each path), at the sizes the issue names.
FHS_SIZES = {"quick": (10_000,), "default": (10_000, 100_000), "full": (10_000, 100_000)}
REPEATS = {"quick": 3, "default": 5, "full": 5}
#: Sizes timed once without warm-up (the shared machine).
ONCE = 1_000_000


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def child(store: str, paths: int, repeat: int, engine_name: str = "factor") -> dict[str, Any]:
    """Prepare engine ``engine_name`` on ``store`` and time the runner (in this process)."""
    from bubblelink.scenarios import load_history, load_scenario, run_engines
    from bubblelink.scenarios._registry import engine_preparer
    from bubblelink.service.data import store_data
    from bubblelink.service.scenarios import _start_price

    spec = load_scenario(SCENARIO)
    with store_data(store, None, basket=spec.symbols.basket) as data:
        history = load_history(spec, data)
        price, date = _start_price(data, spec.symbols.btc)
    engine = engine_preparer(engine_name)(spec, history)
    before = _rss_bytes()
    kept: list[Any] = []
    warmup, runs = (0, 1) if paths >= ONCE else (1, repeat)
    t = time_cases(
        {
            "run": lambda: run_engines(
                spec, [engine], price, date, below=[70_000, 60_000], n_paths=paths, seed=1
            )
        },
        runs,
        warmup=warmup,
        after=lambda _, v: kept.append(v.plan),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "engine": engine_name,
        "paths": paths,
        "sessions": spec.phase1.sessions + spec.phase2.sessions,
        "timing": t["run"].to_dict(),
        "rule": timing_rule(t),
        "rss_after_prepare_bytes": before,
        "peak_rss_bytes": peak,
        "plan": kept[-1],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, store, paths, repeat, engine_name = sys.argv
        print(json.dumps(child(store, int(paths), int(repeat), engine_name)))
        return
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="10k and 50k paths",
        default="10k, 100k, 300k, 1M paths x 252 sessions",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    rec = Recorder("bench_scenario_engines.py", mode)
    results = []
    with sample_store(None) as store:
        cases = [("factor", n) for n in SIZES[mode]]
        cases += [("fhs", n) for n in FHS_SIZES[mode]]
        for engine_name, paths in cases:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(store),
                    str(paths),
                    str(REPEATS[mode]),
                    engine_name,
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=Path(__file__).parent,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for r in results:
        peak = r["peak_rss_bytes"] / 2**20
        grew = (r["peak_rss_bytes"] - r["rss_after_prepare_bytes"]) / 2**20
        plan = r["plan"]
        t = r["timing"]
        shown = seconds(t["median_s"])
        if t["runs"] > 1:
            shown += f" ({span(t['min_s'], t['max_s'])})"
        rec.add(
            f"scenario runner, {r['paths']:,} paths × {r['sessions']} sessions "
            f"({r['engine']} engine)",
            f"`run_engines` on the shipped `{SCENARIO}` ({r['engine']} engine prepared on "
            f"{sample_market(None)}, not timed), seed 1, `--below 70000 60000`; blocks of "
            f"4,096 paths, {plan['chunk_blocks']} blocks per chunk on {plan['threads']} "
            f"threads, fan from {plan['fan_paths']:,} paths; {r['rule']}; own child process",
            f"{shown}; peak memory {peak:,.0f} MiB (+{grew:,.0f} MiB over the prepared engine)",
            {"timing": t, "peak_rss_mib": peak, "growth_mib": grew, "plan": plan},
        )
    rec.write(args)


if __name__ == "__main__":
    main()
