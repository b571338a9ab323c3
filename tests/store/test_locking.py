"""Writers wait, readers wait: DuckDB lets one process write or several read a file,
never both; bubblelink retries the open instead of failing at once.

Real processes: a writer holding the lock in the middle of an ingest transaction, a
reader (`series list`) started meanwhile that answers after the commit with the new
data, writers with ``--wait 0`` (one-line error naming the holder) and ``--wait N``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import bubblelink
from bubblelink.errors import StoreError
from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")

#: Opens the store for writing, writes a series inside a transaction, says "holding",
#: waits for the release file, then commits and exits.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import pandas as pd
    from bubblelink.providers.base import SeriesBatch, SeriesMeta
    from bubblelink.store import Store

    path, release = sys.argv[1], Path(sys.argv[2])
    data = pd.DataFrame({"date": pd.to_datetime(["2024-01-03"]), "field": "close",
                         "value": [2.0]})

    def hold(series_id):
        print("holding", flush=True)
        while not release.exists():
            time.sleep(0.02)

    with Store(path) as st:
        st.write([SeriesBatch(SeriesMeta(id="NEW"), data)], "holder", on_series_written=hold)
    print("committed", flush=True)
    """
)


def _bubblelink(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "bubblelink", *map(str, args)]


def _env() -> dict[str, str]:
    src = str(Path(str(bubblelink.__file__)).parents[1])
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    data = pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "field": "close", "value": [1.0]})
    with Store(path) as st:
        st.write([SeriesBatch(SeriesMeta(id="OLD"), data)], "setup")
    return path


class Holder:
    """The HOLDER script in a subprocess, stopped at "holding" until :meth:`release`."""

    def __init__(self, tmp_path: Path, store: Path) -> None:
        script = tmp_path / "holder.py"
        script.write_text(HOLDER)
        self.release_file = tmp_path / "release"
        self.proc = subprocess.Popen(
            [sys.executable, str(script), str(store), str(self.release_file)],
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "holding"

    def release(self) -> None:
        self.release_file.write_text("go")
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "committed"
        assert self.proc.wait(timeout=30) == 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "amd.csv"
    path.write_text("date,close\n2024-01-02,10\n2024-01-03,11\n")
    return path


def test_a_reader_started_during_an_ingest_answers_after_the_commit(
    tmp_path: Path, store: Path
) -> None:
    holder = Holder(tmp_path, store)
    try:
        reader = subprocess.Popen(
            _bubblelink("series", "list", "--store", store, "--format", "csv"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        time.sleep(1.5)  # the reader is up and retrying the open
        assert reader.poll() is None, reader.communicate()
        holder.release()
        out, err = reader.communicate(timeout=60)
    finally:
        holder.stop()
    assert reader.returncode == 0, err
    listed = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert listed == ["NEW", "OLD"]  # the ingest's series, committed before the read


def test_a_writer_with_wait_0_fails_at_once_with_one_line(tmp_path: Path, store: Path) -> None:
    holder = Holder(tmp_path, store)
    try:
        started = time.monotonic()
        result = subprocess.run(
            _bubblelink("ingest", "csv", _csv(tmp_path), "--symbol", "AMD", "--store", store,
                        "--wait", "0"),
            capture_output=True, text=True, env=_env(), timeout=120,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        holder.stop()
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"process {holder.proc.pid}" in lines[0]
    assert "holds its lock" in lines[0] and "--wait" in lines[0]
    assert elapsed < 30  # no waiting beyond start-up
    with Store(store, read_only=True, wait=0) as st:
        assert st.series_ids() == ["OLD"]  # the holder was killed: its write rolled back


def test_a_writer_with_wait_succeeds_once_the_lock_is_free(tmp_path: Path, store: Path) -> None:
    holder = Holder(tmp_path, store)
    try:
        writer = subprocess.Popen(
            _bubblelink("ingest", "csv", _csv(tmp_path), "--symbol", "AMD", "--store", store,
                        "--wait", "60"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )  # fmt: skip
        time.sleep(1.5)
        assert writer.poll() is None, writer.communicate()
        holder.release()
        _out, err = writer.communicate(timeout=120)
    finally:
        holder.stop()
    assert writer.returncode == 0, err
    with Store(store, read_only=True, wait=0) as st:
        assert st.series_ids() == ["AMD", "NEW", "OLD"]
        assert len(st.ingest_log()) == 3


def test_the_wait_option_bounds_the_retry(tmp_path: Path, store: Path) -> None:
    holder = Holder(tmp_path, store)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"waiting 1 s"):
            Store(store, wait=1.0)
        waited = time.monotonic() - started
        with pytest.raises(StoreError, match="holds its lock"):
            Store(store, read_only=True, wait=0.3)
    finally:
        holder.stop()
    assert 1.0 <= waited < 5.0


def test_every_writing_command_has_the_wait_option() -> None:
    from typer.main import get_command

    from bubblelink.cli.app import app

    root = get_command(app)
    ingest = root.commands["ingest"]  # type: ignore[attr-defined]
    commands = [*ingest.commands.values(), root.commands["monitor"].commands["run"]]  # type: ignore[attr-defined]
    assert len(commands) >= 9
    for command in commands:
        options = {opt for p in command.params for opt in getattr(p, "opts", [])}
        assert "--wait" in options, command.name
