"""DCC(1,1)-GARCH(1,1) as ``bubblelink dcc`` and ``/api/dcc`` run it.

Run ``python bench/bench_dcc.py`` (BTC-USD, ^IXIC, NVDA, ORCL, AMD on the SYNTHETIC
sample market 2017-01-03 to 2026-08-31, ~2,400 sessions) or ``--quick`` (the sample
market from 2023-01-03). The store is built first through
``bubblelink.service.ingest.ingest_sample`` (not timed).

The timed call is ``bubblelink.service.linkage.dcc(store, symbols=[5])``, the function
the CLI and the API call: open the store, load and align the returns, five GARCH(1,1)
margins (arch), the DCC QML step, standard errors, the result. Two stages are timed
inside the same runs (:func:`harness.stage_clock`): reading the returns
(``StoreData.returns``) and ``DCC.fit``. The timing rule is :mod:`harness`'s.
"""

from __future__ import annotations

from typing import Any

from bubblelink.analytics.dcc import DCC
from bubblelink.service.data import StoreData
from bubblelink.service.linkage import dcc
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

SYMBOLS = ["BTC-USD", "^IXIC", "NVDA", "ORCL", "AMD"]
STARTS = {"quick": "2023-01-03", "default": None, "full": None}
REPEATS = {"quick": 3, "default": 5, "full": 5}
STAGES = {"returns": (StoreData, "returns"), "`DCC.fit`": (DCC, "fit")}


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="sample market from 2023",
        default="sample market 2017-2026",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    start, repeat = STARTS[mode], REPEATS[mode]
    rec = Recorder("bench_dcc.py", mode)
    kept: list[Any] = []
    with sample_store(start) as store, stage_clock(STAGES) as spent:
        t = time_cases(
            {"dcc": lambda: dcc(store, symbols=SYMBOLS)},
            repeat,
            after=lambda _, v: kept.append(v.result),
        )
    stages = stage_medians(spent, repeat)
    result = kept[-1]
    parts = ", ".join(f"{label} {spread(timing)}" for label, timing in stages.items())
    rec.add(
        f"DCC(1,1)-GARCH(1,1), 5 assets × {result.n:,} sessions, with standard errors",
        f"`bubblelink.service.linkage.dcc(store, symbols=[5])` (what `bubblelink dcc` and "
        f"`/api/dcc` run) on {', '.join(SYMBOLS)}, {sample_market(start)}; {timing_rule(t)}",
        f"{spread(t['dcc'])}, of which {parts} (the same runs); a = {result.a:.4f}, "
        f"b = {result.b:.4f}",
        {"dcc": t["dcc"].to_dict()} | {k: v.to_dict() for k, v in stages.items()},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
