"""The one-BLAS-thread helper: limits inside, restores after, nests, leaves worker threads alone."""

from __future__ import annotations

import threading

import numpy as np
from threadpoolctl import threadpool_info

from bubblelink.analytics._blas import single_blas_thread


def _blas_threads() -> list[int]:
    np.ones(1)  # numpy (and its BLAS) is loaded
    return sorted(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


def test_limits_inside_and_restores_after() -> None:
    before = _blas_threads()
    with single_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_nested_blocks_restore_only_at_the_outermost_exit() -> None:
    before = _blas_threads()
    with single_blas_thread():
        with single_blas_thread():
            assert set(_blas_threads()) == {1}
        assert set(_blas_threads()) == {1}  # the outer block is still open
    assert _blas_threads() == before


def test_exceptions_restore() -> None:
    before = _blas_threads()
    try:
        with single_blas_thread():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert _blas_threads() == before


def test_worker_threads_leave_the_process_setting_alone() -> None:
    """Outside the main thread the helper is a no-op (limits are process-wide and only
    reliable from the main thread), so overlapping request threads cannot leave the
    process stuck at one BLAS thread."""
    before = _blas_threads()
    seen: dict[str, list[int]] = {}

    def worker() -> None:
        with single_blas_thread():
            seen["inside"] = _blas_threads()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen["inside"] == before
    assert _blas_threads() == before


def test_the_process_limit_reaches_a_blas_library_loaded_afterwards() -> None:
    """SciPy's own OpenBLAS loads on the first scipy.linalg import: it must get one thread
    too, or an API worker thread computes with two and the last digits differ from the CLI
    (found by tests/service/test_vocabulary.py on DCC when run alone)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from bubblelink.analytics._blas import one_blas_thread_for_the_process\n"
        "assert 'scipy.linalg' not in sys.modules\n"
        "one_blas_thread_for_the_process()\n"
        "import scipy.linalg\n"
        "from threadpoolctl import threadpool_info\n"
        "blas = [i for i in threadpool_info() if i['user_api'] == 'blas']\n"
        "assert len(blas) >= 1, blas\n"
        "print(sorted({i['num_threads'] for i in blas}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[1]"
