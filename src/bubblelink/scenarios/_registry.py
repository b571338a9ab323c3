"""The scenario engines, by name: one line per engine.

Each entry is ``"module:function"`` of a prepare function
``(spec: ScenarioSpec, history: ScenarioHistory) -> PreparedEngine``
(:mod:`bubblelink.scenarios._engine`), imported on first use, so adding an engine is one
line here and nothing else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from bubblelink.errors import ConfigError

#: Engine name -> ``"module:function"`` of its prepare function (in display order).
ENGINES: dict[str, str] = {
    "factor": "bubblelink.scenarios._factor:prepare_factor",
    "fhs": "bubblelink.scenarios._fhs:prepare_fhs",
    "analogue": "bubblelink.scenarios._analogue:prepare_analogue",
}
#: The engine names the command line offers (``all`` runs every registered one).
KNOWN_ENGINES: tuple[str, ...] = ("factor", "fhs", "analogue")


def available_engines() -> tuple[str, ...]:
    """The registered engine names, in display order."""
    return tuple(ENGINES)


def resolve_engines(choice: str | None) -> tuple[str, ...]:
    """The engines to run for ``--engine`` (``None`` → ``factor``; ``all`` → every one).

    Raises
    ------
    ConfigError
        One line naming the unknown or unavailable engine and what is available.
    """
    if choice is None:
        return ("factor",)
    if choice == "all":
        return available_engines()
    if choice not in ENGINES:
        known = ", ".join(available_engines())
        why = "is not available in this installation" if choice in KNOWN_ENGINES else "unknown"
        raise ConfigError(f"--engine {choice!r} {why}: available engines are {known} (or all)")
    return (choice,)


def engine_preparer(name: str) -> Callable[..., Any]:
    """The prepare function of engine ``name`` (imported on first use)."""
    resolve_engines(name)
    module, _, function = ENGINES[name].partition(":")
    return getattr(importlib.import_module(module), function)
