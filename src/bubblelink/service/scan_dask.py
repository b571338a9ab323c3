"""The Dask engine of ``scan``: partition, scatter, submit, gather (it computes nothing).

* **Data plane**: workers read a Parquet export (:mod:`bubblelink.store.parquet`), never
  the DuckDB file: ``--source`` (a folder every worker sees, or an fsspec URL such as
  ``s3://…``); without it, a local cluster gets a temporary export of the store (removed
  after the scan) and a remote scheduler is refused (its workers cannot read this
  machine's files).
* **Cluster**: ``--scheduler tcp://HOST:PORT`` connects to a running scheduler (waiting at
  most ``timeout`` seconds: an unreachable one is a one-line error); otherwise a
  ``LocalCluster`` of ``--workers`` processes (default 2, one thread each) on 127.0.0.1.
* **Work**: the first block is computed here to measure the cost per asset
  (:func:`bubblelink.service.scan.probe`); the rest is cut into blocks of
  :func:`~bubblelink.service.scan.plan_blocks` (about one second each, at least
  :data:`~bubblelink.service.scan.BLOCKS_PER_WORKER` per worker). The target's aligned
  returns are scattered once to every worker; each task runs
  :func:`~bubblelink.service.scan.scan_block` (the same function as the local engine) on
  its block; results are gathered in universe order. A task on a worker that dies is
  rerun elsewhere by the scheduler (``retries`` covers a task that itself fails), so a
  lost worker costs time, not results.
* **Progress**: a callback per finished task, in the order tasks finish (blocks done
  of all blocks; the CLI's bar adds the time left). When the cluster serves a dashboard
  (``bokeh>=3.1`` installed: the ``scale`` extra), its address is shown once through the
  callback's ``note`` (:meth:`bubblelink.cli.progress.LineProgress.note`) and is in the result
  (``dashboard``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.service.data import StoreData, StoreLike, opened
from bubblelink.service.params import ScanParams
from bubblelink.service.scan import (
    BlockResult,
    Progress,
    ScanOutcome,
    ScanSpec,
    plan_blocks,
    prepare,
    probe,
    scan_block,
    split,
)
from bubblelink.service.universes import Universe
from bubblelink.store.parquet import ParquetStore, export_store

#: Default worker processes of a local cluster.
DEFAULT_WORKERS = 2
#: Times the scheduler reruns a task that raised (a worker that dies is handled apart).
TASK_RETRIES = 2


def run_block(url: str, symbols: list[str], target: pd.Series, spec: ScanSpec) -> BlockResult:
    """One task: open the Parquet export at ``url`` and scan ``symbols`` (runs on a worker)."""
    with ParquetStore(url) as st:
        return scan_block(st, symbols, target, spec)


def warm_worker() -> bool:
    """Load the data stack and the compiled kernels on a worker (numba's on-disk cache)."""
    from bubblelink.service.linkage import warm_up

    warm_up()
    return True


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


def dashboard_of(client: Any) -> str | None:
    """The dashboard address of ``client``'s scheduler, or None when it serves none."""
    if not _has_bokeh():
        return None
    try:
        services = client.scheduler_info().get("services", {})
    except (OSError, TimeoutError, AttributeError):  # pragma: no cover - a closing client
        return None
    if "dashboard" not in services:
        return None
    return str(client.dashboard_link)


def announce_dashboard(client: Any, progress: Progress | None) -> str | None:
    """Show the dashboard address once through ``progress.note``; return it."""
    link = dashboard_of(client)
    show = getattr(progress, "note", None)
    if link is not None and callable(show):
        show(f"Dask dashboard: {link}")
    return link


@contextmanager
def dask_client(p: ScanParams, progress: Progress | None = None) -> Iterator[tuple[Any, int, str]]:
    """``(client, workers, where)``: the scheduler at ``p.scheduler`` or a local cluster.

    The dashboard's address, when there is one, is shown through ``progress.note``.

    Raises
    ------
    DataError
        dask.distributed is not installed; the scheduler cannot be reached within
        ``p.timeout`` seconds or has no worker.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DataError(
            "--engine dask needs dask.distributed: pip install 'bubblelink[scale]' "
            "(or dask[distributed])"
        ) from exc
    if p.scheduler is not None:
        try:
            client = Client(p.scheduler, timeout=p.timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DataError(
                f"cannot reach the Dask scheduler at {p.scheduler} within {p.timeout:g} s "
                f"({reason[:160]}): check the address and that `dask scheduler` runs there"
            ) from None
        try:
            try:
                client.wait_for_workers(1, timeout=p.timeout)
            except (OSError, TimeoutError):
                raise DataError(
                    f"the Dask scheduler at {p.scheduler} has no worker after {p.timeout:g} s: "
                    "start workers with `dask worker " + p.scheduler + "`"
                ) from None
            workers = len(client.scheduler_info().get("workers", {}))
            announce_dashboard(client, progress)
            yield client, workers, f"scheduler {p.scheduler}"
        finally:
            client.close()
        return
    n = p.workers or DEFAULT_WORKERS
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0" if _has_bokeh() else None,
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            announce_dashboard(client, progress)
            yield client, n, f"local cluster of {n} worker processes"
        finally:
            client.close()
    finally:
        cluster.close()


@contextmanager
def worker_source(store: StoreLike, p: ScanParams) -> Iterator[tuple[str, list[str]]]:
    """The Parquet export the workers read, and notes (a temporary one for a local cluster)."""
    if p.source is not None:
        yield p.source, [f"data: the Parquet export {p.source}"]
        return
    if p.scheduler is not None:
        raise DataError(
            f"the workers of {p.scheduler} cannot read this machine's store: export it where "
            "they can read it (`bubblelink store export s3://bucket/prefix`) and pass --source"
        )
    folder = tempfile.mkdtemp(prefix="bubblelink-scan-")
    try:
        began = time.perf_counter()
        with opened(store) as st:
            summary = export_store(st, folder)
        note = (
            f"data: the store exported to a temporary Parquet export for the workers "
            f"({summary.series} series, {summary.rows} rows, {time.perf_counter() - began:.1f} s; "
            "removed after the scan)"
        )
        yield folder, [note]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def scan_on_dask(
    store: StoreLike,
    p: ScanParams,
    universe: Universe,
    spec: ScanSpec,
    progress: Progress | None,
) -> ScanOutcome:
    """Run the scan's blocks on Dask (see the module docstring)."""
    with (
        dask_client(p, progress) as (client, workers, where),
        worker_source(store, p) as (url, notes),
    ):
        # each worker loads the kernels while the probe runs here
        warming = [
            client.submit(warm_worker, workers=[w], pure=False, allow_other_workers=True)
            for w in client.scheduler_info().get("workers", {})
        ]
        with ParquetStore(url) as st:
            data = StoreData(st, spec.as_of)
            resolved, target, target_notes = prepare(data, p, universe, spec)
            target_provenance = list(data.provenance)
            rest = list(resolved.present)
            results: list[BlockResult] = []
            if p.block_size is not None:
                size = p.block_size
            else:
                results, per_asset, fixed = probe(st, resolved, target, spec)
                rest = rest[sum(len(r.rows) for r in results) :]
                size = plan_blocks(
                    len(rest), per_asset, len(target), workers=max(workers, 1), fixed_seconds=fixed
                )
        blocks = split(rest, size)
        total = len(results) + len(blocks)
        dashboard = dashboard_of(client)
        label = "scan (dask)"
        if progress is not None and results:
            progress(label, len(results), total, str(results[-1].rows["asset"].iloc[-1]))
        began = time.perf_counter()
        gathered: list[BlockResult] = []
        if blocks:
            from distributed import as_completed

            client.gather(warming)
            token = uuid.uuid4().hex[:8]
            shared = client.scatter(target, broadcast=True, hash=False)
            futures = [
                client.submit(
                    run_block,
                    url,
                    block,
                    shared,
                    spec,
                    key=f"scan-{token}-{i}",
                    pure=False,
                    retries=TASK_RETRIES,
                )
                for i, block in enumerate(blocks)
            ]
            for done, _ in enumerate(
                as_completed(futures, loop=client.loop), start=len(results) + 1
            ):
                if progress is not None:
                    progress(label, done, total, "")
            gathered = client.gather(futures)
        wall = time.perf_counter() - began
    task_seconds = sum(r.seconds for r in gathered)
    notes = [
        *notes,
        f"engine: dask on a {where} ({workers} workers): {len(blocks)} tasks of {size} assets "
        f"after a {len(results)}-block probe here; tasks ran {task_seconds:.2f} s of work in "
        f"{wall:.2f} s wall",
    ]
    extra: dict[str, Any] = {"workers": workers, "dashboard": dashboard}
    return ScanOutcome(
        resolved, [*results, *gathered], size, target_notes, target_provenance, "dask", notes, extra
    )
