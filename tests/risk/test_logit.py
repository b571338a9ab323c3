"""newton_logit against statsmodels' Logit(...).fit(method="newton"): equal to the bit.

Designs like the walk-forward's (a constant and one to five features, hundreds to
thousands of rows, rare events), near-separated ones that need many steps, ones that do
not converge in a few steps, and a singular one.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from statsmodels.discrete.discrete_model import Logit

from bubblelink.risk._skill import _logit, newton_logit


def _design(seed: int, n: int, k: int, strength: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, k))
    linear = -1.5 + strength * x @ rng.uniform(0.5, 1.5, k)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-linear))).astype(float)
    return y, np.column_stack([np.ones(n), x])


CASES = [
    (seed, n, k, strength)
    for seed, (n, k, strength) in enumerate(
        [
            (500, 1, 1.0),
            (800, 3, 0.5),
            (2000, 5, 1.0),
            (300, 2, 4.0),
            (250, 1, 12.0),
            (1500, 4, 0.0),
            (120, 2, 30.0),
        ]
    )
]


def _statsmodels(y: np.ndarray, design: np.ndarray, maxiter: int) -> tuple[np.ndarray, bool]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = Logit(y, design).fit(disp=0, method="newton", maxiter=maxiter)
    return np.asarray(fit.params), bool(fit.mle_retvals["converged"])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("maxiter", [100, 7, 3])
def test_newton_logit_is_statsmodels_to_the_bit(
    case: tuple[int, int, int, float], maxiter: int
) -> None:
    y, design = _design(*case)
    ours, converged = newton_logit(y, design, maxiter=maxiter)
    params, sm_converged = _statsmodels(y, design, maxiter)
    np.testing.assert_array_equal(ours, params)
    assert converged == sm_converged


def test_the_cases_cover_converged_and_not() -> None:
    converged = {m: [newton_logit(*_design(*c), maxiter=m)[1] for c in CASES] for m in (3, 7, 100)}
    assert not any(converged[3])
    assert set(converged[7]) == {True, False}
    assert converged[100] == [True] * 6 + [False]  # the last one is separated


def test_a_singular_design_raises_like_statsmodels_and_is_no_fit() -> None:
    y, design = _design(1, 200, 1, 1.0)
    design = np.column_stack([design, design[:, 1]])  # a column twice
    with pytest.raises(np.linalg.LinAlgError):
        _statsmodels(y, design, 100)
    with pytest.raises(np.linalg.LinAlgError):
        newton_logit(y, design)
    assert _logit(y, design[:, 1:]) is None
