"""A stand-in engine for the registry test: what wiring ``_analogue.py`` will look like."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from bubblelink.scenarios import PathBlock, ScenarioHistory, ScenarioSpec


class Replay:
    """Deterministic: two paths, each the BTC sessions of the history's worst and best
    stretches of the scenario's length (a minimal analogue)."""

    name: ClassVar[str] = "analogue"
    model = "test stand-in: the history's worst and best windows replayed"
    deterministic_paths: int | None = 2

    def __init__(self, spec: ScenarioSpec, history: ScenarioHistory) -> None:
        self.sessions = (spec.phase1.sessions, spec.phase2.sessions)
        t = sum(self.sessions)
        btc = history.daily["btc"].to_numpy()
        windows = np.lib.stride_tricks.sliding_window_view(btc, t)
        totals = windows.sum(axis=1)
        self.paths = windows[[int(np.argmin(totals)), int(np.argmax(totals))]]
        self.notes = (f"{len(totals)} windows of {t} sessions",)

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        return PathBlock(btc=self.paths[:n_paths].copy(), labels=("worst", "best"))


def prepare_replay(spec: ScenarioSpec, history: ScenarioHistory) -> Replay:
    """The prepare function the registry names."""
    return Replay(spec, history)
