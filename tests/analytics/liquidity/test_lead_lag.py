"""The lag scan's bootstrap: every resample's correlations computed at once, bit for bit
those of one resample at a time (so the lag band is unchanged)."""

from __future__ import annotations

import numpy as np
import pytest

from bubblelink.analytics._block_bootstrap import stationary_bootstrap_indices
from bubblelink.analytics.liquidity._lead_lag import _corr_with_first


@pytest.mark.parametrize("n, columns", [(60, 5), (400, 27), (1200, 27)])
def test_a_stack_of_resamples_gives_each_resample_s_own_bits(n: int, columns: int) -> None:
    rng = np.random.default_rng(n)
    values = rng.standard_normal((n, columns)).cumsum(axis=0) * 0.01
    values[:, 3] = values[:, 0]  # a perfect correlation (ties at the maximum)
    idx = stationary_bootstrap_indices(n, 200, 26.0, rng)
    stacked = _corr_with_first(values[idx])
    one_by_one = np.array([_corr_with_first(values[i]) for i in idx])
    np.testing.assert_array_equal(stacked, one_by_one)
    np.testing.assert_array_equal(
        np.nanargmax(stacked, axis=-1), [np.nanargmax(r) for r in one_by_one]
    )


def test_one_sample_is_the_pearson_correlation() -> None:
    rng = np.random.default_rng(0)
    values = rng.standard_normal((300, 4))
    expected = [np.corrcoef(values[:, 0], values[:, k])[0, 1] for k in range(1, 4)]
    np.testing.assert_allclose(_corr_with_first(values), expected, rtol=1e-12)
