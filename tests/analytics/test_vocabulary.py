"""The project's vocabulary in every analytics result of this area: frame columns and JSON keys.

``ci_low``/``ci_high``, ``std_error``, ``p_value``, ``n``, ``as_of``; never ``ci_lower``,
``std_err``, ``se`` or ``*_se``, ``pvalue``, ``nobs``/``n_obs``, ``asof``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.beta import asymmetric_beta, falls_harder, ols_beta
from bubblelink.analytics.dcc import DCC
from bubblelink.analytics.leadlag import lead_lag
from bubblelink.analytics.regimes import MarkovRegimes
from bubblelink.analytics.spillover import RollingSpillover, VARSpillover

FORBIDDEN = {
    "asof", "ci_lower", "ci_upper", "ci_lo", "ci_hi", "std_err", "stderr", "se", "pvalue",
    "pval", "nobs", "n_obs", "low", "high",
}  # fmt: skip


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _bad(names: Any) -> list[str]:
    return sorted({str(k) for k in names if str(k) in FORBIDDEN or str(k).endswith("_se")})


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    rng = np.random.default_rng(21)
    n = 700
    common = rng.standard_t(5, size=(n, 1)) * 0.01
    data = common + rng.standard_t(5, size=(n, 3)) * 0.012
    index = pd.date_range("2021-01-01", periods=n, freq="D", tz="UTC", name="date")
    return pd.DataFrame(data, index=index, columns=["BTC", "NVDA", "IXIC"])


def _results(returns: pd.DataFrame) -> dict[str, Any]:
    a, m = returns["BTC"], returns["IXIC"]
    return {
        "ols_beta": ols_beta(a, m),
        "asymmetric_beta": asymmetric_beta(a, m),
        "falls_harder": falls_harder(a, m, n_boot=50),
        "dcc": DCC().fit(returns),
        "spillover": VARSpillover(lags=1).fit(returns),
        "rolling_spillover": RollingSpillover(window=200, step=100, lags=1).fit(returns),
        "lead_lag": lead_lag(m, a, max_lag=3),
        "granger": lead_lag(m, a, max_lag=3).granger,
        "regimes": MarkovRegimes(k_regimes=2).fit(a),
    }


def test_frames_and_json_use_the_standard_names(returns: pd.DataFrame) -> None:
    for name, result in _results(returns).items():
        payload = json.loads(json.dumps(result.to_dict()))
        assert not _bad(_keys(payload)), (name, _bad(_keys(payload)))
        frame = result.to_frame()
        assert not _bad([*frame.columns, *frame.index.names]), (name, list(frame.columns))
        for key in ("n",):
            for value in _find(payload, key):
                assert value is None or isinstance(value, int), (name, key, value)


def _find(value: Any, key: str) -> Iterator[Any]:
    if isinstance(value, dict):
        for k, item in value.items():
            if k == key:
                yield item
            yield from _find(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _find(item, key)
