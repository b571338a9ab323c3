"""The Dask engine: same bits as the local engine, a lost worker, an unreachable scheduler.

One ``LocalCluster`` of 2 worker processes on 127.0.0.1 serves the module (started once:
the machine is small).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from bubblelink.errors import DataError
from bubblelink.service.scan import scan
from bubblelink.service.store_parquet import store_export
from tests.clirunner import CliRunner

METRICS = "corr,beta,downside_beta"


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """2 workers on 127.0.0.1, with a dashboard on a free loopback port when bokeh is here."""
    dashboard = "127.0.0.1:0" if _has_bokeh() else None
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=dashboard, silence_logs=logging.ERROR) as c:  # fmt: skip
        yield c


@pytest.fixture(scope="module")
def export(scan_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("dask") / "export"
    store_export(scan_store, str(folder))
    return str(folder)


def test_dask_equals_local_bit_for_bit(
    cluster: LocalCluster, export: str, scan_store: Path, universe_file: Path
) -> None:
    kw = dict(universe=str(universe_file), target="TGT", window=50, metrics=METRICS)
    local = scan(scan_store, **kw)
    seen: list[tuple[int, int]] = []
    on_dask = scan(scan_store, engine="dask", scheduler=cluster.scheduler_address,
                   source=export, block_size=2,
                   progress=lambda label, done, total, what: seen.append((done, total)),
                   **kw)  # fmt: skip
    pd.testing.assert_frame_equal(local.result.rows, on_dask.result.rows, check_exact=True)
    assert on_dask.provenance == local.provenance
    body = on_dask.to_dict()
    assert body["engine"] == "dask" and body["blocks"] == 7 and body["workers"] == 2
    assert seen[-1] == (7, 7) and len(seen) == 7
    # the measured block size: a probe here, the rest spread over the 2 workers
    measured = scan(scan_store, engine="dask", scheduler=cluster.scheduler_address,
                    source=export, **kw)  # fmt: skip
    pd.testing.assert_frame_equal(local.result.rows, measured.result.rows, check_exact=True)


def test_a_worker_killed_mid_scan_changes_nothing(
    cluster: LocalCluster, export: str, scan_store: Path, universe_file: Path
) -> None:
    kw = dict(universe=str(universe_file), target="TGT", window=50, metrics=METRICS)
    local = scan(scan_store, **kw)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = sorted(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_after_first(label: str, done: int, total: int, what: str) -> None:
        if not killed and done < total:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(done)

    on_dask = scan(scan_store, engine="dask", scheduler=cluster.scheduler_address,
                   source=export, block_size=1, progress=kill_after_first, **kw)  # fmt: skip
    assert killed and killed[0] < 13  # the worker died with blocks still to run
    pd.testing.assert_frame_equal(local.result.rows, on_dask.result.rows, check_exact=True)


def test_an_unreachable_scheduler_is_a_one_line_error_within_the_timeout(
    scan_store: Path, universe_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.parquet"
    began = time.perf_counter()
    with pytest.raises(DataError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:1 "
                                        r"within 2 s") as info:  # fmt: skip
        scan(scan_store, universe=str(universe_file), target="TGT", engine="dask",
             scheduler="tcp://127.0.0.1:1", timeout=2, out=str(out))  # fmt: skip
    assert time.perf_counter() - began < 2 + 10
    assert "\n" not in str(info.value) and not out.exists()


def test_a_remote_scheduler_needs_an_export_its_workers_can_read(
    cluster: LocalCluster, scan_store: Path, universe_file: Path
) -> None:
    with pytest.raises(DataError, match="cannot read this machine's store: export it"):
        scan(scan_store, universe=str(universe_file), target="TGT", engine="dask",
             scheduler=cluster.scheduler_address)  # fmt: skip


def test_cli_on_its_own_local_cluster(cli, scan_store: Path, universe_file: Path) -> None:  # type: ignore[no-untyped-def]
    """``--engine dask --workers 2`` starts a cluster and a temporary export, and agrees."""
    import json

    args = ["scan", "-u", universe_file, "--target", "TGT", "--store", scan_store, "-f", "json"]
    local = json.loads(cli(*args).out)
    run = cli(*args, "--engine", "dask", "--workers", "2")
    assert run.code == 0, run.err
    body = json.loads(run.out)
    assert body["top"] == local["top"] and body["engine"] == "dask"
    assert any("temporary Parquet export" in n for n in body["notes"])


def test_pairs_on_dask_equal_local(
    cluster: LocalCluster, export: str, scan_store: Path, universe_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from bubblelink.service import scan_pairs as pairs_module

    monkeypatch.setattr(pairs_module, "PAIRS_BUFFER_BYTES", 13 * 13 * 8 * 60)
    kw = dict(universe=str(universe_file), pairs=True, window=30, top=4)
    local = scan(scan_store, **kw)
    on_dask = scan(scan_store, engine="dask", scheduler=cluster.scheduler_address,
                   source=export, **kw)  # fmt: skip
    assert on_dask.to_dict()["chunks"] > 3
    pd.testing.assert_frame_equal(local.result.rows, on_dask.result.rows, check_exact=True)
    pd.testing.assert_frame_equal(local.result.windows, on_dask.result.windows, check_exact=True)


def test_cli_on_dask_prints_the_dashboard_then_blocks_done_with_eta(
    cluster: LocalCluster,
    export: str,
    scan_store: Path,
    universe_file: Path,
    cli: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not a terminal (captured stderr): the line progress, one line per finished task."""
    pytest.importorskip("bokeh")
    from bubblelink.cli import progress as progress_module

    monkeypatch.setattr(progress_module, "LINE_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(progress_module, "LINE_INTERVAL_SECONDS", 0.0)
    run = cli("scan", "-u", universe_file, "--target", "TGT", "--engine", "dask",
              "--scheduler", cluster.scheduler_address, "--source", export,
              "--block-size", "2", "--format", "json")  # fmt: skip
    assert run.code == 0, run.err
    lines = run.err.strip().splitlines()
    link = f"Dask dashboard: {cluster.dashboard_link}"
    assert lines[0] == link and cluster.dashboard_link.startswith("http://127.0.0.1:")
    steps = [ln for ln in lines if ln.startswith("scan (dask): ")]
    assert [ln.split()[2] for ln in steps] == [f"{k}/7" for k in range(1, 8)]
    assert all(" eta " in ln for ln in steps[:-1]) and steps[-1].split()[3] == "done"
    assert json.loads(run.out)["dashboard"] == cluster.dashboard_link
