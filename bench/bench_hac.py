"""Newey–West OLS: ``hac_ols`` vs statsmodels ``OLS(...).fit(cov_type="HAC")``, in one run.

Run ``python bench/bench_hac.py`` (the rolling elasticity's workload: 104-observation
windows of a 700-week log-level pair, one fit per window) or ``--quick`` (200 weeks).
Two ways on the same windows:

* ours: :func:`bubblelink.analytics.beta.hac_ols` (statsmodels' pseudo-inverse, kernel sum
  and sandwich called directly, without the model and results objects);
* statsmodels: ``OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": L})`` then
  ``params``, ``cov_params()``, ``resid``, ``ssr`` and ``centered_tss``.

Both give the same bits (checked here on every window, and by
``tests/analytics/beta/test_hac.py``). Also timed: the whole
:func:`~bubblelink.analytics.liquidity.liquidity_elasticity` (full sample and every
window), the function the dashboard's liquidity panel and the claims call.
The timing rule is :mod:`harness`'s (warm-up, interleaved, median).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from bubblelink.analytics.beta import hac_ols, newey_west_lags
from bubblelink.analytics.liquidity import liquidity_elasticity
from harness import Recorder, bench_parser, mode_of, ratio, seconds, time_cases, timing_rule

WEEKS = {"quick": 200, "default": 700, "full": 700}
REPEATS = {"quick": 3, "default": 7, "full": 7}
WINDOW = 104


def _keep(kept: dict[str, Any], name: str, value: Any) -> None:
    kept[name] = value


def ours(y: np.ndarray, x: np.ndarray, lags: int) -> list[tuple[Any, ...]]:
    out = []
    for end in range(WINDOW, len(y) + 1):
        f = hac_ols(y[end - WINDOW : end], x[end - WINDOW : end], lags=lags)
        out.append((f.params, f.cov, f.resid, f.r_squared))
    return out


def statsmodels_ols(y: np.ndarray, x: np.ndarray, lags: int) -> list[tuple[Any, ...]]:
    out = []
    for end in range(WINDOW, len(y) + 1):
        r = OLS(y[end - WINDOW : end], x[end - WINDOW : end]).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags}
        )
        out.append((r.params, r.cov_params(), r.resid, 1.0 - r.ssr / r.centered_tss))
    return out


def main() -> None:
    parser = bench_parser((__doc__ or "").splitlines()[0], quick="200 weeks", default="700 weeks")
    args = parser.parse_args()
    mode = mode_of(args)
    n = WEEKS[mode]
    rec = Recorder("bench_hac.py", mode)
    rng = np.random.default_rng(0)
    log_l = np.cumsum(rng.normal(0.002, 0.005, n)) + 9.0
    log_p = 1.5 * log_l + np.cumsum(rng.normal(0.0, 0.04, n))
    x = np.column_stack([np.ones(n), log_l])
    lags = newey_west_lags(WINDOW)
    index = pd.date_range("2013-01-04", periods=n, freq="W-FRI")
    price, liquidity = (
        pd.Series(np.exp(log_p), index, name="BTC"),
        pd.Series(np.exp(log_l), index, name="M2"),
    )
    kept: dict[str, Any] = {}
    t = time_cases(
        {
            "ours": partial(ours, log_p, x, lags),
            "statsmodels": partial(statsmodels_ols, log_p, x, lags),
            "liquidity_elasticity": partial(liquidity_elasticity, price, liquidity, WINDOW),
        },
        REPEATS[mode],
        after=partial(_keep, kept),
    )
    equal = all(
        all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(p, q, strict=True))
        for p, q in zip(kept["ours"], kept["statsmodels"], strict=True)
    )
    windows = n - WINDOW + 1
    mine, peer = t["ours"].median, t["statsmodels"].median
    rec.add(
        "Newey–West OLS in rolling windows",
        f"{n} weekly log levels, {windows} windows of {WINDOW} (lag {lags}), one fit per "
        "window: ours = `hac_ols` (statsmodels' `pinv_extended`, `S_hac_simple`, `_HCCM2` "
        'called directly) vs statsmodels `OLS(...).fit(cov_type="HAC")`; '
        f"{timing_rule(t)}",
        f"ours {seconds(mine)} ({seconds(mine / windows)} per fit) vs statsmodels "
        f"{seconds(peer)} (**{ratio(peer, mine)}**); equal to the bit on every window: "
        f"{'yes' if equal else 'NO'}; whole `liquidity_elasticity` "
        f"{seconds(t['liquidity_elasticity'].median)}",
        {k: v.to_dict() for k, v in t.items()} | {"windows": windows, "bit_equal": equal},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
