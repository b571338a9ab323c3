r"""``scan --pairs``: the top pairs of a universe by rolling correlation, without the N×N×T cube.

The full cube of rolling correlation matrices is T·N²·8 bytes (1,000 assets × 2,520 days:
20 GB). Here the windows are streamed in **chunks of consecutive window ends**: a chunk of
``c`` windows runs :func:`bubblelink.analytics.universe.rolling_pairwise_corr` (the one
kernel) on its ``c + window - 1`` rows into one reused buffer, and only these survive it:

* the **top K pairs of every window** (largest correlation, ties to the lower pair in
  :func:`numpy.triu_indices` order; ``i < j``): T·K·(8+4+4) bytes;
* per pair, the **running sum and count** of its defined window correlations (for
  ``mean_corr``) and its **last** correlation: 3 P-vectors, P = N(N-1)/2 (partial sums
  per chunk, added in chunk order).

Each window's P pair values are read out of its matrix once; its top K is searched only
among the values at or above the current values of the previous window's top K (at
least K values are there, so the search is exact), with a full partition when that
threshold is undefined (a chunk's first window, a NaN).

Memory bound (stated in the result, :func:`memory_bound`): ``chunk·N²·8`` bytes for the
buffer, with ``chunk`` the largest number of matrices that fits
:data:`PAIRS_BUFFER_BYTES` (at least ``window + 1``: the kernel writes the ``window - 1``
incomplete windows too), plus the kernel's own state (``N²·8 + threads·window·N·8``),
plus ``10·P·8`` for the per-pair state, one chunk's partial state and one window's
temporaries, plus ``2·T·K·16`` for the per-window top K, plus ``2·T·N·8`` for the
returns. For 1,000 assets × 2,520 days: a 512 MB buffer + 48 MB + small (~0.6 GB);
the process (Python and the libraries, ~0.3 GB, the read before) comes on top.

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

from bubblelink.analytics._compat.numba import get_num_threads
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
_EMPTY_BEST = np.empty(0, dtype=np.int64)

#: Assets read per store query while loading the universe.
LOAD_BLOCK = 100


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk of windows leaves behind.

    ``ends``: positions of its window ends; ``top_i``/``top_j``/``top_corr``: (c, K) best
    pairs of each window (``-1``/NaN when fewer defined pairs); ``sums``/``counts``: the
    partial sums and counts of each pair's defined correlations, over the P = N(N-1)/2
    pairs ``i < j`` in :func:`numpy.triu_indices` order; ``last``: each pair's correlation
    in the chunk's last window; ``last_best``: the positions (in that order) of the last
    window's top K, a hint for the next chunk's first window.
    """

    ends: np.ndarray
    top_i: np.ndarray
    top_j: np.ndarray
    top_corr: np.ndarray
    sums: np.ndarray
    counts: np.ndarray
    last: np.ndarray
    last_best: np.ndarray


def chunk_windows(n_rows: int, n_assets: int, window: int) -> tuple[int, list[tuple[int, int]]]:
    """``(matrices per chunk, [(first window end, end)...])`` for the memory bound."""
    per_matrix = max(n_assets * n_assets * 8, 1)
    matrices = min(max(window + 1, PAIRS_BUFFER_BYTES // per_matrix), max(n_rows, 1))
    useful = matrices - (window - 1)
    ends = list(range(window - 1, n_rows))
    chunks = [(ends[i], min(ends[i] + useful, n_rows)) for i in range(0, len(ends), useful)]
    return matrices, chunks


def memory_bound(n_assets: int, n_rows: int, window: int, top: int) -> int:
    """Bytes of the arrays ``scan --pairs`` holds at once while it streams (the stated bound).

    With P = N(N-1)/2 pairs and ``threads`` the kernel's threads:

    * ``matrices·N²·8``: the chunk buffer;
    * ``N²·8 + threads·window·N·8``: the kernel's own co-moment rows and centred windows;
    * ``10·P·8``: the running sums, counts and last correlations, one chunk's partial
      ones, the upper-triangle positions, and one window's pair values and masks;
    * ``2·T·K·16``: the per-window top K, and one chunk's while it is folded in;
    * ``2·T·N·8``: the returns, and the rows of a chunk as the kernel reads them.

    The reading before (the store, the aligned returns) and the result table after (P
    rows) are not in it.
    """
    matrices, _ = chunk_windows(n_rows, n_assets, window)
    pairs = n_assets * (n_assets - 1) // 2
    threads = max(1, min(get_num_threads(), n_assets))
    return (
        matrices * n_assets * n_assets * 8
        + n_assets * n_assets * 8
        + threads * window * n_assets * 8
        + 10 * pairs * 8
        + 2 * n_rows * top * 16
        + 2 * n_rows * n_assets * 8
    )


_UPPER: dict[int, np.ndarray] = {}


def upper_positions(n: int) -> np.ndarray:
    """Flat positions ``i·n + j`` of the pairs ``i < j`` of an n×n matrix (triu order)."""
    flat = _UPPER.get(n)
    if flat is None:
        iu, ju = np.triu_indices(n, k=1)
        flat = iu * n + ju
        _UPPER.clear()  # one universe at a time: keep only the last size
        _UPPER[n] = flat
    return flat


def _top_k(pairs: np.ndarray, k: int, hint: np.ndarray | None) -> np.ndarray:
    """Positions of the ``k`` largest defined values of ``pairs``, best first.

    Order: larger value first, then the lower position (so ties are broken the same way
    whatever the chunking). ``hint``: the previous window's best positions; their values
    now give a threshold with at least ``k`` values at or above it (when all are
    defined), so only those candidates are sorted; otherwise the k-th value is found
    by a partition of all the values.
    """
    threshold = np.nan
    if hint is not None and len(hint) == k:
        now = pairs[hint]
        if np.isfinite(now).all():
            threshold = now.min()
    if not np.isfinite(threshold):
        defined = np.flatnonzero(np.isfinite(pairs))
        if len(defined) <= k:
            candidates = defined
        else:
            values = pairs[defined]
            threshold = np.partition(values, len(values) - k)[len(values) - k]
            candidates = defined[values >= threshold]
    else:
        candidates = np.flatnonzero(pairs >= threshold)
    order = np.lexsort((candidates, -pairs[candidates]))
    return candidates[order[:k]]


def run_chunk(
    values: np.ndarray,
    window: int,
    first: int,
    stop: int,
    top: int,
    buffer: np.ndarray | None = None,
    hint: np.ndarray | None = None,
) -> ChunkResult:
    """Window ends ``first..stop-1`` of ``values`` (T×N): top pairs and partial sums.

    ``buffer``: a reused (matrices, N, N) float64 array the kernel writes into. ``hint``:
    the previous chunk's ``last_best`` (speed only: the top K are exact without it). Each
    window's P pair values are read out of its matrix once (one P-vector at a time,
    never c×P); the top K of a window is searched among the values at or above the
    current values of the previous window's top K (:func:`_top_k`).
    """
    rows = values[first - window + 1 : stop]
    frame = pd.DataFrame(rows)
    out = buffer[: len(rows)] if buffer is not None else None
    cube = rolling_pairwise_corr(frame, window, out=out).values[window - 1 :]
    n = values.shape[1]
    flat = upper_positions(n)
    c = cube.shape[0]
    k = min(top, len(flat))
    top_i = np.full((c, k), -1, dtype=np.int32)
    top_j = np.full((c, k), -1, dtype=np.int32)
    top_corr = np.full((c, k), np.nan)
    sums = np.zeros(len(flat))
    counts = np.zeros(len(flat), dtype=np.int64)
    pairs = np.empty(len(flat))
    defined = np.empty(len(flat), dtype=bool)
    best: np.ndarray | None = hint
    for t in range(c):
        np.take(cube[t].reshape(-1), flat, out=pairs)
        np.isfinite(pairs, out=defined)
        np.add(sums, pairs, out=sums, where=defined)
        counts += defined
        best = _top_k(pairs, k, best)
        found = len(best)
        rows_of_best = flat[best] // n
        top_i[t, :found] = rows_of_best
        top_j[t, :found] = flat[best] - rows_of_best * n
        top_corr[t, :found] = pairs[best]
    return ChunkResult(
        np.arange(first, stop),
        top_i,
        top_j,
        top_corr,
        sums,
        counts,
        pairs,
        best if best is not None else np.empty(0, dtype=np.int64),
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


@dataclass
class PairStream:
    """What streaming every chunk leaves: the per-pair running state and each chunk's top K.

    ``sums``/``counts``/``last``: P-vectors (pairs ``i < j`` in triu order); ``results``:
    the chunks' top K (their per-pair arrays dropped once folded in).
    """

    sums: np.ndarray
    counts: np.ndarray
    last: np.ndarray
    results: list[ChunkResult]
    engine_note: str = ""

    @classmethod
    def empty(cls, n: int) -> PairStream:
        pairs = n * (n - 1) // 2
        return cls(np.zeros(pairs), np.zeros(pairs, dtype=np.int64), np.full(pairs, np.nan), [])

    def fold(self, r: ChunkResult) -> None:
        """Add a chunk's sums (chunk order on both engines: the same bits); keep its top K."""
        self.sums += r.sums
        self.counts += r.counts
        self.last = r.last
        self.results.append(
            replace(r, sums=_EMPTY, counts=_EMPTY_INT, last=_EMPTY, last_best=_EMPTY_BEST)
        )


def stream_local(
    values: np.ndarray,
    window: int,
    top: int,
    matrices: int,
    chunks: list[tuple[int, int]],
    progress: Progress | None = None,
) -> PairStream:
    """The chunks one after the other in this process, into one reused buffer."""
    stream = PairStream.empty(values.shape[1])
    buffer = np.empty((matrices, values.shape[1], values.shape[1]))
    hint: np.ndarray | None = None
    for done, (a, b) in enumerate(chunks, start=1):
        chunk = run_chunk(values, window, a, b, top, buffer, hint)
        hint = chunk.last_best
        stream.fold(chunk)
        if progress is not None:
            progress("pairs (local)", done, len(chunks), "")
    stream.engine_note = "engine: local (chunks one after the other)"
    return stream


def stream_dask(
    values: np.ndarray,
    p: ScanParams,
    chunks: list[tuple[int, int]],
    progress: Progress | None = None,
) -> PairStream:
    """The chunks as Dask tasks over the scattered returns, folded in chunk order."""
    from bubblelink.service.scan_dask import dask_client

    stream = PairStream.empty(values.shape[1])
    with dask_client(p, progress) as (client, _workers, where):
        shared = client.scatter(values, broadcast=True, hash=False)
        futures = [
            client.submit(run_chunk, shared, p.window, a, b, p.top, pure=False, retries=2)
            for a, b in chunks
        ]
        for done, future in enumerate(futures, start=1):  # in chunk order, one at a time
            stream.fold(future.result())
            future.release()
            if progress is not None:
                progress("pairs (dask)", done, len(chunks), "")
    stream.engine_note = f"engine: dask on a {where}: {len(chunks)} chunk tasks"
    return stream


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
    dates = returns.index
    if p.window > n_rows:
        raise DataError(
            f"window of {p.window} observations is longer than the {n_rows} returns of universe "
            f"{universe.name}: use a shorter --window or a longer date range"
        )
    matrices, chunks = chunk_windows(n_rows, n, p.window)
    values = np.ascontiguousarray(returns.to_numpy(dtype=float))
    del returns  # the values are all the streaming needs
    if p.engine == "dask":
        stream = stream_dask(values, p, chunks, progress)
    else:
        stream = stream_local(values, p.window, p.top, matrices, chunks, progress)
    iu, ju = np.triu_indices(n, k=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(stream.counts > 0, stream.sums / np.maximum(stream.counts, 1), np.nan)
    rows = pd.DataFrame(
        {
            "a": np.asarray(symbols)[iu],
            "b": np.asarray(symbols)[ju],
            "corr": stream.last,
            "mean_corr": mean,
            "n_windows": stream.counts,
        }
    )
    del iu, ju, mean
    order = rows[rank_by].sort_values(ascending=False, na_position="last", kind="stable")
    rows.insert(0, "rank", pd.Series(np.arange(1, len(rows) + 1), index=order.index))
    window_rows = []
    for r in stream.results:
        for t, end in enumerate(r.ends):
            for q in range(r.top_i.shape[1]):
                if r.top_i[t, q] < 0:
                    break
                window_rows.append((dates[end], q + 1, symbols[r.top_i[t, q]],
                                    symbols[r.top_j[t, q]], r.top_corr[t, q]))  # fmt: skip
    windows = pd.DataFrame(window_rows, columns=["date", "rank", "a", "b", "corr"])
    bound = memory_bound(n, n_rows, p.window, p.top)
    notice = synthetic_notice({str(e["series"]): bool(e.get("synthetic")) for e in provenance})
    notes = merge_notes(
        [notice] if notice else [],
        resolved.notes,
        read_notes,
        [
            f"pairs: rolling {p.window}-observation Pearson correlation of every pair "
            f"(i<j), streamed in {len(chunks)} chunks of up to {matrices} matrices; corr = the "
            "last window, mean_corr = mean over the windows where the pair is defined",
            f"memory bound while streaming: {bound / 1024**2:.0f} MB (chunk buffer "
            f"{matrices}×N²×8, kernel state N²×8 + threads×window×N×8, per-pair state 10×P×8 "
            f"with P={n * (n - 1) // 2} pairs, per-window top {p.top} 2×T×K×16, returns "
            f"2×T×N×8; N={n}, T={n_rows}); the reading before and the result table after "
            "come on top",
            stream.engine_note,
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
