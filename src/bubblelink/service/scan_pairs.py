r"""``scan --pairs``: the top pairs of a universe by rolling correlation, without the N×N×T cube.

The full cube of rolling correlation matrices is T·N²·8 bytes (1,000 assets × 2,520 days:
20 GB). Here the windows are streamed in **chunks of consecutive window ends**: a chunk of
``c`` windows runs :func:`bubblelink.analytics.universe.rolling_pairwise_corr` (the one
kernel) on its ``c + window - 1`` rows into one reused buffer, and only these survive it:

* the **top K pairs of every window** (largest correlation; ``i < j``): T·K·(8+4+4) bytes;
* per pair, the **running sum and count** of its defined window correlations (for
  ``mean_corr``) and its **last** correlation: 3 N² floats (partial sums per chunk, added
  in chunk order).

Memory bound (stated in the result): ``chunk·N²·8`` bytes for the buffer, with ``chunk``
the largest number of matrices that fits :data:`PAIRS_BUFFER_BYTES` (at least
``window + 1``), plus ``6·N²·8`` for the per-pair sums and one chunk's partial sums (folded in and dropped as each chunk arrives), plus ``T·K·16`` for the per-window
top K, plus the returns (``T·N·8``). For 1,000 assets: a 512 MB buffer + 24 MB + small.

The chunks are a fixed function of (T, N, window), not of the machine, and each chunk
starts its kernel at the same row on either engine, so the local engine and Dask (which
runs the chunks as tasks over the scattered returns) give the same bits. Values equal the
full cube's to ~1e-12 (each chunk restarts the kernel's exact two-pass recompute).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.universe import rolling_pairwise_corr
from bubblelink.errors import DataError
from bubblelink.frames.returns_frame import synthetic_notice
from bubblelink.results import plain
from bubblelink.service._compose import utc_day
from bubblelink.service._envelope import ServiceResult, merge_notes, merge_provenance
from bubblelink.service.data import StoreData, StoreLike
from bubblelink.service.params import ScanParams
from bubblelink.service.scan import Progress, scan_source, split, write_results
from bubblelink.service.universes import read_universe, resolve_universe

#: Largest chunk buffer of correlation matrices (bytes).
PAIRS_BUFFER_BYTES = 512 * 1024**2
#: Largest universe ``--pairs`` accepts (the per-pair sums and the buffer grow as N²).
MAX_PAIR_ASSETS = 4000
_EMPTY = np.empty((0, 0))
_EMPTY_INT = np.empty((0, 0), dtype=np.int64)

#: Assets read per store query while loading the universe.
LOAD_BLOCK = 100


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk of windows leaves behind.

    ``ends``: positions of its window ends; ``top_i``/``top_j``/``top_corr``: (c, K) best
    pairs of each window (``-1``/NaN when fewer defined pairs); ``sums``/``counts``: N×N
    partial sums and counts of defined correlations; ``last``: the N×N matrix of its last
    window.
    """

    ends: np.ndarray
    top_i: np.ndarray
    top_j: np.ndarray
    top_corr: np.ndarray
    sums: np.ndarray
    counts: np.ndarray
    last: np.ndarray


def chunk_windows(n_rows: int, n_assets: int, window: int) -> tuple[int, list[tuple[int, int]]]:
    """``(matrices per chunk, [(first window end, end)...])`` for the memory bound."""
    per_matrix = max(n_assets * n_assets * 8, 1)
    matrices = min(max(window + 1, PAIRS_BUFFER_BYTES // per_matrix), max(n_rows, 1))
    useful = matrices - (window - 1)
    ends = list(range(window - 1, n_rows))
    chunks = [(ends[i], min(ends[i] + useful, n_rows)) for i in range(0, len(ends), useful)]
    return matrices, chunks


def run_chunk(
    values: np.ndarray,
    window: int,
    first: int,
    stop: int,
    top: int,
    buffer: np.ndarray | None = None,
) -> ChunkResult:
    """Window ends ``first..stop-1`` of ``values`` (T×N): top pairs and partial sums.

    ``buffer``: a reused (matrices, N, N) float64 array the kernel writes into.
    """
    rows = values[first - window + 1 : stop]
    frame = pd.DataFrame(rows)
    out = buffer[: len(rows)] if buffer is not None else None
    cube = rolling_pairwise_corr(frame, window, out=out).values[window - 1 :]
    n = values.shape[1]
    iu, ju = np.triu_indices(n, k=1)
    c = cube.shape[0]
    k = min(top, len(iu))
    top_i = np.full((c, k), -1, dtype=np.int32)
    top_j = np.full((c, k), -1, dtype=np.int32)
    top_corr = np.full((c, k), np.nan)
    sums = np.zeros((n, n))
    counts = np.zeros((n, n), dtype=np.int64)
    for t in range(c):
        matrix = cube[t]
        defined = np.isfinite(matrix)  # one N×N temporary at a time, never c×N×N
        sums += np.where(defined, matrix, 0.0)
        counts += defined
        pairs = matrix[iu, ju]
        filled = np.where(np.isfinite(pairs), pairs, -np.inf)
        if k < len(filled):
            part = np.argpartition(-filled, k - 1)[:k]
            best = part[np.argsort(-filled[part], kind="stable")]
        else:
            best = np.argsort(-filled, kind="stable")
        keep = np.isfinite(pairs[best])
        top_i[t, : keep.sum()] = iu[best[keep]]
        top_j[t, : keep.sum()] = ju[best[keep]]
        top_corr[t, : keep.sum()] = pairs[best[keep]]
    return ChunkResult(
        np.arange(first, stop), top_i, top_j, top_corr, sums, counts, cube[-1].copy()
    )


@dataclass(frozen=True, eq=False)
class PairScanResult:
    """The top pairs of a universe by rolling correlation.

    JSON keys: ``universe``, ``window``, ``engine``, ``calendar``, ``returns``, ``rank_by``
    (``corr``: the last window, or ``mean_corr``), ``n_assets``, ``n_pairs``, ``missing``,
    ``chunks``, ``memory_bound_bytes``, ``seconds``, ``out``, ``top`` (rows ``rank``, ``a``,
    ``b``, ``corr``, ``mean_corr``, ``n_windows``) and ``top_by_window_last``: the top pairs
    of the last window.
    """

    universe: str
    window: int
    engine: str
    calendar: str
    returns: str
    rank_by: str
    rows: pd.DataFrame
    windows: pd.DataFrame
    top: int
    n_assets: int
    missing: tuple[str, ...]
    chunks: int
    memory_bound_bytes: int
    seconds: float
    out: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The top pairs (labels = JSON keys)."""
        return self.rows.sort_values("rank").head(self.top).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """The keys of the class docstring."""
        last = self.windows[self.windows["date"] == self.windows["date"].max()]
        return {
            "universe": self.universe,
            "window": self.window,
            "engine": self.engine,
            "calendar": self.calendar,
            "returns": self.returns,
            "rank_by": self.rank_by,
            "n_assets": self.n_assets,
            "n_pairs": len(self.rows),
            "missing": list(self.missing),
            "chunks": self.chunks,
            "memory_bound_bytes": self.memory_bound_bytes,
            "seconds": round(self.seconds, 3),
            "out": self.out,
            "top": plain(self.to_frame()),
            "top_by_window_last": plain(last.reset_index(drop=True)),
            "notes": list(self.notes),
        }


def _load(data: StoreData, symbols: list[str], p: ScanParams) -> tuple[pd.DataFrame, list[str]]:
    """Returns of every asset on one calendar index (read in blocks of :data:`LOAD_BLOCK`)."""
    parts = []
    notes: list[str] = []
    for block in split(symbols, LOAD_BLOCK):
        rf = data.returns(block, p.start, p.end, p.calendar, p.returns)
        parts.append(rf.returns)
        notes = list(rf.notes)
    index = parts[0].index
    for part in parts[1:]:
        index = index.union(part.index)
    frame = pd.concat([part.reindex(index) for part in parts], axis=1)
    return frame[symbols], [n for n in notes if not n.startswith("fields:")]


def scan_pairs(store: StoreLike, p: ScanParams, progress: Progress | None = None) -> ServiceResult:
    """Top pairs of the universe (``scan --pairs``; see the module docstring)."""
    began = time.perf_counter()
    rank_by = p.rank_by or "corr"
    if rank_by not in ("corr", "mean_corr"):
        raise DataError(f"--rank-by {rank_by}: with --pairs use corr or mean_corr")
    universe = read_universe(p.universe)
    as_of = utc_day(p.as_of, "as_of")
    with scan_source(store, p.source) as st:
        data = StoreData(st, as_of)
        resolved = resolve_universe(universe, data.has, target="", strict=p.strict)
        symbols = list(resolved.present)
        if len(symbols) < 2:
            raise DataError(f"--pairs needs at least 2 assets; universe {universe.name} has "
                            f"{len(symbols)} in the store")  # fmt: skip
        if len(symbols) > MAX_PAIR_ASSETS:
            raise DataError(f"--pairs handles up to {MAX_PAIR_ASSETS} assets (N² memory); "
                            f"universe {universe.name} has {len(symbols)}: split it")  # fmt: skip
        returns, read_notes = _load(data, symbols, p)
        provenance = merge_provenance(data.provenance)
    n_rows, n = returns.shape
    if p.window > n_rows:
        raise DataError(
            f"window of {p.window} observations is longer than the {n_rows} returns of universe "
            f"{universe.name}: use a shorter --window or a longer date range"
        )
    matrices, chunks = chunk_windows(n_rows, n, p.window)
    values = np.ascontiguousarray(returns.to_numpy(dtype=float))
    sums = np.zeros((n, n))
    counts = np.zeros((n, n), dtype=np.int64)
    results: list[ChunkResult] = []

    def fold(r: ChunkResult) -> None:
        """Add a chunk's sums (chunk order on both engines: the same bits); keep its top K."""
        sums[...] += r.sums
        counts[...] += r.counts
        results.append(replace(r, sums=_EMPTY, counts=_EMPTY_INT, last=_EMPTY))

    last = np.full((n, n), np.nan)
    if p.engine == "dask":
        from bubblelink.service.scan_dask import dask_client

        with dask_client(p) as (client, _workers, where):
            shared = client.scatter(values, broadcast=True, hash=False)
            futures = [
                client.submit(run_chunk, shared, p.window, a, b, p.top, pure=False, retries=2)
                for a, b in chunks
            ]
            for done, future in enumerate(futures, start=1):  # in chunk order, one at a time
                chunk = future.result()
                future.release()
                last = chunk.last
                fold(chunk)
                if progress is not None:
                    progress("pairs (dask)", done, len(chunks), "")
        engine_note = f"engine: dask on a {where}: {len(chunks)} chunk tasks"
    else:
        buffer = np.empty((matrices, n, n))
        for done, (a, b) in enumerate(chunks, start=1):
            chunk = run_chunk(values, p.window, a, b, p.top, buffer)
            last = chunk.last
            fold(chunk)
            if progress is not None:
                progress("pairs (local)", done, len(chunks), "")
        engine_note = "engine: local (chunks one after the other)"
    iu, ju = np.triu_indices(n, k=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    rows = pd.DataFrame(
        {
            "a": np.asarray(symbols)[iu],
            "b": np.asarray(symbols)[ju],
            "corr": last[iu, ju],
            "mean_corr": mean[iu, ju],
            "n_windows": counts[iu, ju],
        }
    )
    order = rows[rank_by].sort_values(ascending=False, na_position="last", kind="stable")
    rows.insert(0, "rank", pd.Series(np.arange(1, len(rows) + 1), index=order.index))
    dates = returns.index
    window_rows = []
    for r in results:
        for t, end in enumerate(r.ends):
            for q in range(r.top_i.shape[1]):
                if r.top_i[t, q] < 0:
                    break
                window_rows.append((dates[end], q + 1, symbols[r.top_i[t, q]],
                                    symbols[r.top_j[t, q]], r.top_corr[t, q]))  # fmt: skip
    windows = pd.DataFrame(window_rows, columns=["date", "rank", "a", "b", "corr"])
    bound = matrices * n * n * 8 + 6 * n * n * 8 + n_rows * p.top * 16 + n_rows * n * 8
    notice = synthetic_notice({str(e["series"]): bool(e.get("synthetic")) for e in provenance})
    notes = merge_notes(
        [notice] if notice else [],
        resolved.notes,
        read_notes,
        [
            f"pairs: rolling {p.window}-observation Pearson correlation of every pair "
            f"(i<j), streamed in {len(chunks)} chunks of up to {matrices} matrices; corr = the "
            "last window, mean_corr = mean over the windows where the pair is defined",
            f"memory bound: {bound / 1024**2:.0f} MB (chunk buffer {matrices}×N²×8, per-pair "
            f"sums and one chunk's partial sums 6×N²×8, per-window top {p.top} T×K×16, returns T×N×8; N={n}, T={n_rows})",
            engine_note,
        ],
    )
    result = PairScanResult(
        universe=universe.name, window=p.window, engine=p.engine, calendar=p.calendar,
        returns=p.returns, rank_by=rank_by, rows=rows, windows=windows, top=p.top,
        n_assets=n, missing=resolved.missing, chunks=len(chunks), memory_bound_bytes=bound,
        seconds=time.perf_counter() - began, out=p.out,
    )  # fmt: skip
    last_day = dates[-1] if len(dates) else None
    service = ServiceResult(
        question="scan",
        result=result,
        as_of=pd.Timestamp(last_day) if last_day is not None else None,
        synthetic=notice is not None,
        provenance=provenance,
        notes=notes,
        title=f"Universe {universe.name}: top {min(p.top, len(rows))} of {len(rows)} pairs by "
        f"{rank_by} ({p.window}-observation window)",
    )
    if p.out is not None:
        write_results(service, rows.sort_values("rank"), p.out)
        stem = p.out.removesuffix(".parquet")
        write_results(service, windows, f"{stem}_windows.parquet")
    return service
