"""SIGKILL a writer in the middle of its transaction: the store holds the state before
(or the whole batch) and reopens cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.store import Store

WRITER = textwrap.dedent(
    """
    import sys, time
    import numpy as np, pandas as pd
    from bubblelink.providers.base import SeriesBatch, SeriesMeta
    from bubblelink.store import Store

    path, marker = sys.argv[1], sys.argv[2]
    dates = pd.date_range("2000-01-01", periods=5000, freq="D")
    batches = [
        SeriesBatch(
            SeriesMeta(id=f"S{i:03d}"),
            pd.DataFrame({"date": dates, "field": "close", "value": np.arange(1.0, 5001.0) + i}),
        )
        for i in range(40)
    ]

    def progress(series_id):
        if series_id == "S010":
            open(marker, "w").write("mid-transaction")
            time.sleep(60)  # killed here, with 11 series written but not committed

    with Store(path) as st:
        st.write(batches, "kill-test", on_series_written=progress)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_ingest_leaves_the_previous_state(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with Store(path) as st:
        st.write(
            [
                SeriesBatch(
                    SeriesMeta(id="KEEP"),
                    pd.DataFrame(
                        {"date": pd.to_datetime(["2020-01-02"]), "field": "close", "value": [7.0]}
                    ),
                )
            ],
            "setup",
        )
    marker = tmp_path / "marker"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(marker)])
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "writer never reached the middle of its transaction"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with Store(path) as st:
        assert st.series_ids() == ["KEEP"]
        assert st.row_count() == 1
        assert len(st.ingest_log()) == 1
        assert st.read(["KEEP"])["value"].tolist() == [7.0]
        # and the store still takes writes
        more = SeriesBatch(
            SeriesMeta(id="AFTER"),
            pd.DataFrame(
                {"date": pd.to_datetime(["2020-01-03"]), "field": "close", "value": [1.0]}
            ),
        )
        assert st.write([more], "after").added == 1
