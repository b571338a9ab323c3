"""numba when it is installed and not disabled, else no-op stand-ins (as ``arch.compat.numba``).

This is the only module of bubblelink that imports numba. numba is an optional extra
(``pip install bubblelink[fast]``); without it every kernel has a pure-numpy fallback
that gives the same numbers.

Switch
------
``BUBBLELINK_NO_NUMBA=1`` (or ``true``/``yes``) in the environment disables numba even
when it is installed; it is read once, at import time.

Exports
-------
``HAS_NUMBA``
    True when numba is importable and not disabled. Callers choose the numba kernel
    or the numpy fallback with it (the decorated kernels still run without numba, but
    as plain Python loops: never call them when ``HAS_NUMBA`` is False).
``DISABLE_NUMBA``
    True when the environment variable asked for numba to be off.
``jit``, ``njit``
    numba's decorators (``njit`` = ``jit(nopython=True)``); without numba, decorators
    that return the function unchanged, used bare (``@njit``) or called
    (``@njit(cache=True)``). Without a signature numba compiles lazily, on the first
    call, so importing a module of decorated kernels compiles nothing.
``prange``
    ``numba.prange``, else ``range``.
``get_num_threads``
    ``numba.get_num_threads()``, else 1.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Environment variable that turns numba off.
ENV_SWITCH = "BUBBLELINK_NO_NUMBA"

DISABLE_NUMBA = os.environ.get(ENV_SWITCH, "").strip().lower() in ("1", "true", "yes", "on")

HAS_NUMBA = False
if not DISABLE_NUMBA:
    try:
        import numba as _numba
    except ImportError:
        pass
    else:
        HAS_NUMBA = True


def _passthrough(*args: Any, **kwargs: Any) -> Any:
    """``@decorator`` and ``@decorator(**options)`` both returning the function as it is."""
    if len(args) == 1 and not kwargs and callable(args[0]):
        return args[0]

    def wrap(func: F) -> F:
        return func

    return wrap


if HAS_NUMBA:
    jit = _numba.jit
    njit = _numba.njit
    prange: Any = _numba.prange

    def get_num_threads() -> int:
        """Threads numba's parallel loops use."""
        return int(_numba.get_num_threads())

else:
    jit = _passthrough
    njit = _passthrough
    prange = range

    def get_num_threads() -> int:
        """1: without numba the fallbacks are single-threaded numpy (BLAS may thread)."""
        return 1


__all__ = ["DISABLE_NUMBA", "ENV_SWITCH", "HAS_NUMBA", "get_num_threads", "jit", "njit", "prange"]
