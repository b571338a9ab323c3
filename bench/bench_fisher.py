"""Fisher-z intervals of a rolling correlation, ours vs scipy, in one run.

Run ``python bench/bench_fisher.py`` (2,520 days) or ``--quick`` (756 days). The
workload: every window's 95% interval of a rolling correlation of two Student-t(4)
return series, windows 30 and 90. Three ways, each on the same windows:

* ours: the universe kernel's rolling ``r`` then :func:`~bubblelink.analytics.correlation.fisher_ci`
  (the time of ``fisher_ci`` alone is shown beside it);
* ``scipy.stats.pearsonr(xw, yw, axis=1).confidence_interval()`` on the stacked windows
  (scipy computes ``r`` itself from the raw windows);
* ``pearsonr(x_w, y_w).confidence_interval()`` window by window.

The timing rule is :mod:`harness`'s (warm-up, interleaved, median). The kernel runs on
numba's threads; scipy on one.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from bubblelink.analytics.correlation import fisher_ci
from bubblelink.analytics.universe import rolling_target_corr_beta
from harness import (
    Recorder,
    bench_parser,
    difference,
    mode_of,
    ratio,
    seconds,
    time_cases,
    timing_rule,
    versus,
)

DAYS = {"quick": 756, "default": 2520, "full": 2520}
REPEATS = {"quick": 3, "default": 7, "full": 7}


def _keep(kept: dict[str, Any], name: str, value: Any) -> None:
    kept[name] = value


def main() -> None:
    parser = bench_parser((__doc__ or "").splitlines()[0], quick="756 days", default="2,520 days")
    args = parser.parse_args()
    mode = mode_of(args)
    n_days = DAYS[mode]
    rec = Recorder("bench_fisher.py", mode)
    rng = np.random.default_rng(0)
    x = rng.standard_t(4, n_days) * 0.02
    y = 0.5 * x + rng.standard_t(4, n_days) * 0.03
    index = pd.date_range("2016-01-01", periods=n_days, freq="D", tz="UTC")
    a, b = pd.Series(x, index, name="A"), pd.DataFrame({"B": y}, index=index)
    parts, values = [], {}
    rule = ""

    def ours(w: int) -> tuple[np.ndarray, np.ndarray]:
        r = rolling_target_corr_beta(a, b, w).corr.iloc[w - 1 :, 0].to_numpy()
        return fisher_ci(r, w)

    for window in (30, 90):
        r = rolling_target_corr_beta(a, b, window).corr.iloc[window - 1 :, 0].to_numpy()
        xw, yw = sliding_window_view(x, window), sliding_window_view(y, window)
        kept: dict[str, Any] = {}
        cases = {
            "ours": partial(ours, window),
            "fisher_ci alone": partial(fisher_ci, r, window),
            "scipy axis=1": lambda xw=xw, yw=yw: stats.pearsonr(
                xw, yw, axis=1
            ).confidence_interval(),
            "scipy loop": lambda xw=xw, yw=yw: [
                stats.pearsonr(p, q).confidence_interval() for p, q in zip(xw, yw, strict=True)
            ],
        }
        t = time_cases(cases, REPEATS[mode], after=partial(_keep, kept))
        rule = timing_rule(t)
        low, high = kept["ours"]
        ci = kept["scipy axis=1"]
        loop_low = np.array([c.low for c in kept["scipy loop"]])
        d_axis = float(max(np.abs(low - ci.low).max(), np.abs(high - ci.high).max()))
        d_loop = float(np.abs(low - loop_low).max())
        mine = t["ours"].median
        parts.append(
            f"window {window}: ours {seconds(mine)} (of which `fisher_ci` "
            f"{seconds(t['fisher_ci alone'].median)}) vs scipy `axis=1` "
            f"{seconds(t['scipy axis=1'].median)} "
            f"({versus(t['scipy axis=1'].median, mine)}) "
            f"and per window "
            f"{seconds(t['scipy loop'].median)} ({ratio(t['scipy loop'].median, mine)}); "
            f"max |diff| {difference(d_axis)} / {difference(d_loop)}"
        )
        values[f"window_{window}"] = {k: v.to_dict() for k, v in t.items()} | {
            "intervals": int(r.size),
            "max_abs_diff_axis": d_axis,
            "max_abs_diff_loop": d_loop,
        }
    rec.add(
        "Fisher-z 95% intervals of a rolling correlation",
        f"{n_days:,} days, windows 30 and 90 (every window's interval) from the two raw "
        "return series: ours = the rolling kernel's r (`rolling_target_corr_beta`) + "
        "`fisher_ci`; scipy `pearsonr(xw, yw, axis=1).confidence_interval()` on the stacked "
        "windows, and `pearsonr` window by window; "
        f"{rule}",
        "; ".join(parts),
        values,
    )
    rec.write(args)


if __name__ == "__main__":
    main()
