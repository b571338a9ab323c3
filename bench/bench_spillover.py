"""Diebold-Yilmaz spillover as ``bubblelink spillover`` and ``/api/spillover`` run it.

Run ``python bench/bench_spillover.py`` (BTC-USD, ^IXIC, NVDA, ORCL, AMD on the SYNTHETIC
sample market 2017-01-03 to 2026-08-31, ~2,400 sessions) or ``--quick`` (the sample
market from 2023-01-03). The store is built first through
``bubblelink.service.ingest.ingest_sample`` (not timed). Every case is one call of
``bubblelink.service.transmission.spillover(store, ...)``, the function the CLI and the
API call (open the store, load and align the returns, fit, build the result):

* the static table with the API's defaults (VAR order by AIC, H = 10, generalized FEVD);
* the rolling index, window 200, step 1, VAR(2), and with the order chosen by AIC;
* the rolling VAR(2) case again with every window's VAR fitted by statsmodels
  (``VAR(block).fit(p, trend="c")``: ``coefs`` and ``sigma_u``) in place of the numpy
  :func:`~bubblelink.analytics.spillover._var.ols_var`, everything else the same call:
  the measurement behind keeping ``ols_var`` (the tests check the two fits are equal).

The timing rule is :mod:`harness`'s (warm-up, interleaved, median).
"""

from __future__ import annotations

import warnings
from typing import Any
from unittest import mock

import numpy as np
from statsmodels.tsa.api import VAR

from bubblelink.service.transmission import spillover
from harness import (
    Recorder,
    bench_parser,
    difference,
    mode_of,
    ratio,
    sample_market,
    sample_store,
    spread,
    time_cases,
    timing_rule,
)

SYMBOLS = ["BTC-USD", "^IXIC", "NVDA", "ORCL", "AMD"]
WINDOW = 200
STARTS = {"quick": "2023-01-03", "default": None, "full": None}
REPEATS = {"quick": 3, "default": 5, "full": 5}


def statsmodels_var(values: np.ndarray, lags: int) -> tuple[np.ndarray, np.ndarray]:
    """One window's VAR by statsmodels, in :func:`ols_var`'s return convention."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = VAR(values).fit(lags, trend="c")
    return np.asarray(res.coefs), np.asarray(res.sigma_u)


def main() -> None:
    parser = bench_parser(
        (__doc__ or "").splitlines()[0],
        quick="sample market from 2023",
        default="sample market 2017-2026",
    )
    args = parser.parse_args()
    mode = mode_of(args)
    start = STARTS[mode]
    rec = Recorder("bench_spillover.py", mode)
    kept: dict[str, Any] = {}
    with sample_store(start) as store:

        def by_statsmodels() -> Any:
            with mock.patch("bubblelink.analytics.spillover._rolling.ols_var", statsmodels_var):
                return spillover(store, symbols=SYMBOLS, window=WINDOW, lags=2)

        cases = {
            "static": lambda: spillover(store, symbols=SYMBOLS),
            "rolling p=2": lambda: spillover(store, symbols=SYMBOLS, window=WINDOW, lags=2),
            "rolling AIC": lambda: spillover(store, symbols=SYMBOLS, window=WINDOW),
            "statsmodels": by_statsmodels,
        }
        t = time_cases(cases, REPEATS[mode], after=lambda k, v: kept.__setitem__(k, v.result))
    static, rolling, rolling_ic = kept["static"], kept["rolling p=2"], kept["rolling AIC"]
    diff = float(np.nanmax(np.abs(kept["statsmodels"].total - rolling.total)))
    market = sample_market(start)
    call = "`bubblelink.service.transmission.spillover(store, symbols=[5], ...)`"
    rule = timing_rule(t)
    rec.add(
        "spillover table, 5 variables (the API's default request)",
        f"{call} with the defaults of `/api/spillover` (VAR order by AIC, H=10, "
        f"generalized FEVD) on {', '.join(SYMBOLS)}, {market}: store, returns, fit, "
        f"result; {rule}",
        f"{spread(t['static'])} (VAR({static.lags}), total {static.total:.1f}%)",
        {"static": t["static"].to_dict()},
    )
    windows = len(rolling.total)
    rec.add(
        f"rolling spillover, window {WINDOW}, step 1, 5 variables ({windows:,} windows)",
        f"{call}, `window={WINDOW}` with `lags=2` and with the order by AIC, H=10, "
        f"{market}; peer: the same call with each window's VAR by statsmodels "
        f"`VAR.fit` instead of the numpy `ols_var`; {rule}",
        f"VAR(2) {spread(t['rolling p=2'])} (AIC: VAR({rolling_ic.lags}) "
        f"{spread(t['rolling AIC'])}); statsmodels per window {spread(t['statsmodels'])}: "
        f"**{ratio(t['statsmodels'].median, t['rolling p=2'].median)}**, max |diff| of the "
        f"total index {difference(diff)} points",
        {k: v.to_dict() for k, v in t.items() if k != "static"}
        | {"windows": windows, "max_abs_diff_total": diff},
    )
    rec.write(args)


if __name__ == "__main__":
    main()
