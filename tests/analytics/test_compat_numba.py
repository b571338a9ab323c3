"""The numba compat module: the switch and the stand-in decorators."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

from bubblelink.analytics._compat import numba as compat


def test_stand_in_decorators_return_the_function() -> None:
    def f(x: int) -> int:
        return x + 1

    assert compat._passthrough(f) is f
    assert compat._passthrough(cache=True, parallel=True)(f) is f


def test_env_switch_turns_numba_off() -> None:
    script = (
        "import json, sys\n"
        "from bubblelink.analytics._compat import numba as c\n"
        "@c.njit(cache=True)\n"
        "def add(a, b):\n"
        "    return a + b\n"
        "print(json.dumps([c.HAS_NUMBA, c.DISABLE_NUMBA, 'numba' in sys.modules,"
        " add(1, 2), c.get_num_threads(), c.prange is range]))\n"
    )
    for value in ("1", "true"):
        env = {**os.environ, compat.ENV_SWITCH: value}
        run = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(run.stdout) == [False, True, False, 3, 1, True]


def test_flag_matches_importability() -> None:
    if compat.DISABLE_NUMBA:
        assert not compat.HAS_NUMBA
        return
    installed = importlib.util.find_spec("numba") is not None
    assert compat.HAS_NUMBA is installed
