"""Stationary block bootstrap (shared by the bootstrap CIs of the analytics), on ``arch``.

Daily returns are close to serially uncorrelated but their squares and tails cluster
(volatility clustering), so an iid bootstrap understates the sampling variability of
tail statistics. The stationary bootstrap of Politis & Romano (1994) resamples blocks
of random (geometric) length, which keeps short-range dependence and yields a
stationary resampled series.

The resample indices come from ``arch.bootstrap.StationaryBootstrap`` (its compiled
sampler, no numba needed); the statistics are then evaluated on blocks of resamples at
once. The mean block length is the :math:`n^{1/3}` rule of :func:`default_block_length`,
not ``arch.bootstrap.optimal_block_length``: that is a different, data-driven estimate
(Politis & White, 2004) and would change every interval.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from arch.bootstrap import StationaryBootstrap

from bubblelink.errors import DataError


def default_block_length(n_obs: int) -> float:
    r"""Mean block length used when the caller does not set one.

    .. math:: \bar b = \max\left(1, \operatorname{round}(n^{1/3})\right)

    The :math:`n^{1/3}` rate is the MSE-optimal order for block bootstraps of
    smooth statistics (Hall, Horowitz & Jing, 1995); e.g. 13 for ~2,000 daily returns.
    """
    return float(max(1, round(n_obs ** (1.0 / 3.0))))


def stationary_bootstrap_indices(
    n_obs: int, n_boot: int, block_length: float, rng: np.random.Generator
) -> np.ndarray:
    r"""Row indices of ``n_boot`` stationary-bootstrap resamples of ``n_obs`` rows.

    Politis & Romano (1994): each resample starts at a uniform random row; at every
    following position a new block starts (at a uniform random row) with probability
    :math:`p = 1/\bar b`, otherwise the next row is taken, wrapping around circularly.
    Block lengths are geometric with mean :math:`\bar b`; ``block_length=1`` is the
    iid bootstrap. Drawn by ``arch.bootstrap.StationaryBootstrap.update_indices``, one
    resample after the other from ``rng``.

    Parameters
    ----------
    n_obs
        Length of the series (rows are resampled jointly across columns, so the
        cross-sectional dependence between series is kept).
    n_boot
        Number of resamples.
    block_length
        Mean block length :math:`\bar b \ge 1`.
    rng
        Seeded generator (results are reproducible for a given seed).

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(n_boot, n_obs)``.
    """
    if n_boot < 1:
        raise DataError(f"the number of bootstrap resamples must be at least 1, got {n_boot}")
    if not (np.isfinite(block_length) and block_length >= 1):
        raise DataError(f"the mean block length must be at least 1, got {block_length!r}")
    # arch annotates block_size as int, but the stationary bootstrap takes a real mean
    sampler = StationaryBootstrap(float(block_length), np.arange(n_obs), seed=rng)  # type: ignore[arg-type]
    out = np.empty((n_boot, n_obs), dtype=np.int64)
    for row in out:
        row[:] = sampler.update_indices()
    return out


def percentile_interval(draws: np.ndarray, level: float) -> tuple[float, float]:
    """Equal-tailed percentile interval of bootstrap draws (non-finite draws ignored)."""
    finite = draws[np.isfinite(draws)]
    if finite.size == 0:
        return (float("nan"), float("nan"))
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(finite, [tail, 1.0 - tail])
    return (float(low), float(high))


def bootstrap_draws(
    n_obs: int,
    n_boot: int,
    block_length: float,
    seed: int,
    statistic: Callable[[np.ndarray], np.ndarray],
    chunk: int = 250,
) -> np.ndarray:
    """Evaluate ``statistic`` on ``n_boot`` stationary-bootstrap resamples, in chunks.

    ``statistic`` receives an index array of shape ``(b, n_obs)`` and returns an array
    whose first axis has length ``b`` (one value or one row per resample). Chunking
    bounds memory at ``chunk * n_obs`` elements per array; the draws depend only on
    ``seed`` (and ``chunk``), so results are reproducible.
    """
    if n_boot < 2:
        raise DataError(f"the number of bootstrap resamples must be at least 2, got {n_boot}")
    rng = np.random.default_rng(seed)
    pieces = []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        pieces.append(statistic(stationary_bootstrap_indices(n_obs, size, block_length, rng)))
    return np.concatenate(pieces, axis=0)
