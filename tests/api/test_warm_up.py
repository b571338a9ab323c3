"""The server's warm-up leaves the garbage collector nothing of its own to traverse.

A process that imported the data stack holds ~200,000 tracked objects; the collector's
first full pass after such an import otherwise lands in the first request (measured:
0.14 s of the first chart). Run in a fresh interpreter: freezing is process-wide.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc
from bubblelink.api.app import _warm_up
_warm_up(False)
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_warm_up_freezes_what_it_created() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    frozen, tracked = (int(x) for x in out.stdout.split())
    assert frozen > 50_000  # the imported stack is frozen ...
    assert tracked < frozen // 100  # ... and nothing much is left to traverse
