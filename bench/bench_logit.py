"""Walk-forward logit fits: ``newton_logit`` vs statsmodels ``Logit(...).fit(method="newton")``.

Run ``python bench/bench_logit.py`` (the risk score's skill workload: 3,000 sessions, a
refit every 21 sessions on an expanding window from 252, four features) or ``--quick``
(1,200 sessions). The same training sets are fitted two ways:

* ours: :func:`bubblelink.risk._skill.newton_logit` (statsmodels' Newton steps with the
  same arithmetic, without the model and results objects);
* statsmodels: ``Logit(y, X).fit(disp=0, method="newton", maxiter=100)``.

Both give the same bits on every fit (checked here, and by ``tests/risk/test_logit.py``).
Also timed: the whole :func:`~bubblelink.risk._skill.walk_forward_logit` on the same data
(the dashboard's risk panel runs it three times). The timing rule is :mod:`harness`'s.
"""

from __future__ import annotations

import warnings
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.discrete.discrete_model import Logit

from bubblelink.risk._skill import MIN_TRAIN, REFIT_EVERY, newton_logit, walk_forward_logit
from harness import Recorder, bench_parser, mode_of, ratio, seconds, time_cases, timing_rule

SESSIONS = {"quick": 1200, "default": 3000, "full": 3000}
REPEATS = {"quick": 3, "default": 5, "full": 5}
FEATURES = 4


def _keep(kept: dict[str, Any], name: str, value: Any) -> None:
    kept[name] = value


def ours(sets: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    return [newton_logit(y, x)[0] for y, x in sets]


def statsmodels_logit(sets: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for y, x in sets:
            out.append(np.asarray(Logit(y, x).fit(disp=0, method="newton", maxiter=100).params))
    return out


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0], quick="1,200 sessions", default="3,000 sessions"
    )
    args = parser.parse_args()
    mode = mode_of(args)
    n = SESSIONS[mode]
    rec = Recorder("bench_logit.py", mode)
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(n, FEATURES))
    linear = -2.5 + x @ np.array([1.5, 0.8, -0.4, 1.0])
    events = (rng.uniform(size=n) < 1 / (1 + np.exp(-linear))).astype(float)
    design = np.column_stack([np.ones(n), x])
    sets = [(events[:end], design[:end]) for end in range(MIN_TRAIN, n, REFIT_EVERY)]
    index = pd.bdate_range("2014-01-01", periods=n)
    frame = pd.DataFrame(x, index=index)
    labels = pd.Series(events, index=index)
    kept: dict[str, Any] = {}
    t = time_cases(
        {
            "ours": partial(ours, sets),
            "statsmodels": partial(statsmodels_logit, sets),
            "walk_forward_logit": partial(walk_forward_logit, frame, labels, 21),
        },
        REPEATS[mode],
        after=partial(_keep, kept),
    )
    equal = all(
        np.array_equal(a, b) for a, b in zip(kept["ours"], kept["statsmodels"], strict=True)
    )
    mine, peer = t["ours"].median, t["statsmodels"].median
    rec.add(
        "Walk-forward logit fits",
        f"{n:,} sessions, {FEATURES} features, {len(sets)} fits (refit every {REFIT_EVERY} "
        f"sessions, expanding window from {MIN_TRAIN}): ours = `newton_logit` vs "
        f'statsmodels `Logit(...).fit(method="newton")`; {timing_rule(t)}',
        f"ours {seconds(mine)} ({seconds(mine / len(sets))} per fit) vs statsmodels "
        f"{seconds(peer)} (**{ratio(peer, mine)}**); equal to the bit on every fit: "
        f"{'yes' if equal else 'NO'}; whole `walk_forward_logit` "
        f"{seconds(t['walk_forward_logit'].median)}",
        {k: v.to_dict() for k, v in t.items()} | {"fits": len(sets), "bit_equal": equal},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
