"""The contract every scenario engine follows (factor, filtered historical simulation,
historical analogues), so one set of outputs (fan, drawdowns, probabilities, VaR/ES, the
engine comparison) is computed the same way for all of them.

An engine is *prepared* once per run from the scenario and its history (estimation,
fitting, episode extraction: everything that does not depend on the random draws), then
asked for paths block by block. The runner, not the engine, decides how many blocks make
a chunk and how chunks are accumulated; an engine never holds more than one block.

Determinism: block ``i`` of a run with seed ``s`` is drawn from
``numpy.random.default_rng(numpy.random.SeedSequence(s).spawn(i + 1)[i])`` — in practice
:func:`block_rng` — and has exactly :data:`BLOCK_PATHS` paths except the last, so the
same seed gives identical paths whatever the chunk size, the number of threads or
processes, or the order blocks are computed in.

Paths are daily **log returns** of BTC (and, where the engine models it, of the AI
basket), shape ``(n_paths, sessions)``; levels, drawdowns and prices are derived by the
runner from the start price.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Protocol

import numpy as np

#: Paths per block: the unit of random-number generation (see the module docstring).
BLOCK_PATHS = 4096


def block_rng(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of a run seeded with ``seed``.

    Independent streams (``SeedSequence.spawn``), so a block's draws do not depend on how
    many blocks came before it or on which process computes it.
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


@dataclasses.dataclass(frozen=True)
class PathBlock:
    """One block of simulated paths.

    Attributes
    ----------
    btc : ndarray, shape (n, sessions)
        BTC daily log returns along each path (float64).
    basket : ndarray or None, shape (n, sessions)
        AI-basket daily log returns where the engine models them.
    correlation : ndarray or None, shape (n, sessions)
        Conditional BTC–basket correlation along each path (FHS/DCC), else None.
    labels : tuple of str or None
        One label per path for deterministic engines (the analogue episode each path
        replays); None for Monte Carlo engines.
    """

    btc: np.ndarray
    basket: np.ndarray | None = None
    correlation: np.ndarray | None = None
    labels: tuple[str, ...] | None = None


class PreparedEngine(Protocol):
    """An engine ready to draw paths for one scenario (see the module docstring).

    Attributes
    ----------
    name : str
        ``"factor"``, ``"fhs"`` or ``"analogue"``.
    model : str
        One paragraph stating the model and its conventions (shown with every result).
    sessions : tuple of int
        Sessions per phase, e.g. ``(40, 80)``; paths have ``sum(sessions)`` columns.
    deterministic_paths : int or None
        For a deterministic engine (analogues) the number of distinct paths it has: the
        runner asks for exactly that many, once, and ignores ``--paths``; None for Monte
        Carlo engines.
    notes : tuple of str
        What the preparation found (sample, fits, episodes skipped and why).
    """

    name: ClassVar[str]
    model: str
    sessions: tuple[int, ...]
    deterministic_paths: int | None
    notes: tuple[str, ...]

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        """Draw ``n_paths`` paths with ``rng`` (deterministic engines ignore ``rng``)."""
        ...
