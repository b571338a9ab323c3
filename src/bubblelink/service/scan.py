r"""``scan``: rank a universe by its linkage to a target, on one machine or on Dask.

One question, two engines. For every asset of the universe (see
:mod:`bubblelink.service.universes`) against the target (BTC-USD by default), on returns
aligned to one calendar and cut at ``as_of``:

* ``corr``, ``beta``: the rolling ``window``-observation Pearson correlation and the beta
  of the target on the asset (:func:`bubblelink.analytics.universe.rolling_target_corr_beta`,
  the one kernel), taken at the last session (the as-of window);
* ``downside_beta``: downside and upside beta of the target on the asset and the p-value of
  their difference (:func:`bubblelink.analytics.beta.asymmetric_beta`, split at zero, HAC
  errors) over the whole sample;
* ``tail_dependence``: the lower tail dependence of the target given the asset at level
  ``tail_q`` with its stationary-bootstrap interval
  (:func:`bubblelink.analytics.tails.tail_dependence`) over the whole sample;
* ``granger``: Granger causality asset → target and target → asset, lag order by AIC up to
  ``max_lags`` (:class:`bubblelink.analytics.leadlag.GrangerCausality`) over the whole sample.

With ``pairs`` the universe's pairs are ranked instead (:mod:`bubblelink.service.scan_pairs`).

How the work is split (the engines partition and distribute; they never compute):

1. the target's returns are read once and aligned to the calendar (its own sessions);
2. the assets are cut into blocks in universe order; the first two blocks
   (:data:`PROBE_ASSETS` assets, then four times as many) are computed on the caller to
   *measure* the cost of a block as a fixed part (opening the data, building the
   calendar, aligning) plus a part per asset, and the block size is chosen so a block
   takes about :data:`TARGET_BLOCK_SECONDS`, and at least :data:`FIXED_SHARE_MAX`⁻¹ times
   its fixed part (at least :data:`BLOCKS_PER_WORKER` blocks per Dask worker);
3. each block reads its assets' returns (:class:`~bubblelink.service.data.StoreData`, as
   of the cut-off), reindexes them on the target's sessions and runs :func:`scan_block`;
4. blocks are gathered in universe order.

An asset's numbers depend only on its own series and the target's (the alignment of a
column and the kernel's pass over a column ignore the other columns), so the partition
does not change them: both engines give the same bits (the tests check it). Per-asset
failures (too few down days, a short overlap) leave that metric NaN and say why in the
asset's ``status``; nothing is guessed.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.beta import asymmetric_beta
from bubblelink.analytics.leadlag import GrangerCausality
from bubblelink.analytics.tails import tail_dependence
from bubblelink.analytics.universe import rolling_target_corr_beta
from bubblelink.errors import BubblelinkError, DataError
from bubblelink.frames.returns_frame import synthetic_notice
from bubblelink.results import plain
from bubblelink.service._compose import utc_day
from bubblelink.service._envelope import ServiceResult, merge_notes, merge_provenance
from bubblelink.service.data import StoreData, StoreLike, opened
from bubblelink.service.params import ScanParams
from bubblelink.service.universes import ResolvedUniverse, read_universe, resolve_universe
from bubblelink.store import Store
from bubblelink.symbols import canonical

#: ``(label, done, total, what)``: what a progress bar is fed (as in :mod:`.ingest`).
Progress = Callable[[str, int, int, str], None]

#: Aimed wall time of one block (seconds): long enough that a Dask task's fixed cost
#: (~1-5 ms of scheduling and serialisation) is small, short enough to balance the load.
TARGET_BLOCK_SECONDS = 1.0
#: Blocks per Dask worker at least (so a slow or lost worker does not hold the scan).
BLOCKS_PER_WORKER = 4
#: Assets in the first probe block; the second has four times as many: the two wall
#: times give a block's fixed cost and its cost per asset.
PROBE_ASSETS = 8
#: Largest share of a block's time its fixed cost may take (the block grows until so).
FIXED_SHARE_MAX = 0.1
#: Largest block in numbers of values (assets × rows): bounds the memory of a block's read
#: (the read path holds ~0.3 KB per value at its peak: Parquet rows, the store query,
#: aligned frames; ~150 MB), so a cheap kernel never makes one block of the universe.
MAX_BLOCK_VALUES = 1 << 19

#: Per-asset output columns of each metric, in order.
METRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "corr": ("corr",),
    "beta": ("beta",),
    "downside_beta": ("downside_beta", "upside_beta", "downside_p"),
    "tail_dependence": ("tail_lower", "tail_lower_ci_low", "tail_lower_ci_high"),
    "granger": ("granger_p", "granger_reverse_p", "granger_lags"),
}


@dataclass(frozen=True)
class ScanSpec:
    """What every block needs to compute its assets (picklable: it travels to workers).

    Attributes
    ----------
    target : str
        Canonical target id.
    window : int
        Rows per rolling window.
    metrics : tuple of str
        Metrics asked (keys of :data:`METRIC_COLUMNS`).
    calendar, kind : str
        Alignment mode and return kind.
    start, end, as_of : Timestamp or None
        Sample bounds and the cut-off.
    tail_q, n_boot, max_lags
        Conventions of the tail-dependence and Granger metrics.
    """

    target: str
    window: int
    metrics: tuple[str, ...]
    calendar: str = "equity"
    kind: str = "log"
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    as_of: pd.Timestamp | None = None
    tail_q: float = 0.10
    n_boot: int = 200
    max_lags: int = 5

    def columns(self) -> list[str]:
        """Output columns of the metrics asked, in :data:`METRIC_COLUMNS` order."""
        return [c for m in METRIC_COLUMNS if m in self.metrics for c in METRIC_COLUMNS[m]]


@dataclass(frozen=True)
class BlockResult:
    """One block's rows (universe order) and what it read.

    Attributes
    ----------
    rows : DataFrame
        One row per asset: ``asset``, ``first``, ``last``, ``n``, the metric columns,
        ``status``.
    provenance : list of dict
        The series the block read.
    notes : list of str
        The notes of the reads (synthetic notice, basket definition...).
    fields : dict
        The field read for each asset (adjusted close, close, value).
    seconds : float
        Wall time of the block where it ran.
    """

    rows: pd.DataFrame
    provenance: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def target_returns(data: StoreData, spec: ScanSpec) -> tuple[pd.Series, list[str]]:
    """The target's returns on its own calendar sessions (the series every block is aligned to)."""
    rf = data.returns([spec.target], spec.start, spec.end, spec.calendar, spec.kind)
    series = rf.returns[spec.target]
    finite = int(np.isfinite(series.to_numpy(dtype=float)).sum())
    if finite < spec.window:
        raise DataError(
            f"window of {spec.window} observations is longer than the {finite} returns of "
            f"{spec.target} available"
            + (f" as of {spec.as_of.date()}" if spec.as_of is not None else "")
            + ": use a shorter --window or a longer date range"
        )
    return series, list(rf.notes)


def _block_returns(
    data: StoreData, symbols: Sequence[str], spec: ScanSpec
) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """Returns of ``symbols`` (columns in order), the field read of each, and the symbols
    that could not be read (with the reason).

    One read for the block; when it fails (a symbol without data in the range, a monthly
    series among daily ones) each symbol is read alone so the failure stays with its symbol.
    """
    try:
        rf = data.returns(list(symbols), spec.start, spec.end, spec.calendar, spec.kind)
        return rf.returns, dict(rf.prices.attrs.get("fields") or {}), {}
    except DataError:
        if len(symbols) == 1:
            raise
    columns: dict[str, pd.Series] = {}
    fields: dict[str, str] = {}
    failed: dict[str, str] = {}
    for symbol in symbols:
        try:
            one = data.returns([symbol], spec.start, spec.end, spec.calendar, spec.kind)
            columns[symbol] = one.returns[symbol]
            fields.update(one.prices.attrs.get("fields") or {})
        except DataError as exc:
            failed[symbol] = str(exc)
    return pd.DataFrame(columns), fields, failed


def scan_block(
    store: Store, symbols: Sequence[str], target: pd.Series, spec: ScanSpec
) -> BlockResult:
    """The metrics of ``symbols`` against ``target`` (one block; see the module docstring).

    Parameters
    ----------
    store : Store
        The source: the DuckDB store or a Parquet export
        (:class:`~bubblelink.store.parquet.ParquetStore`), read as of ``spec.as_of``.
    symbols : sequence of str
        Canonical ids of the block, in universe order.
    target : Series
        The target's aligned returns (:func:`target_returns`).
    spec : ScanSpec
        What to compute.

    Returns
    -------
    BlockResult
        One row per symbol, in the order given.
    """
    began = time.perf_counter()
    data = StoreData(store, spec.as_of)
    symbols = list(symbols)
    failed: dict[str, str] = {}
    fields: dict[str, str] = {}
    try:
        returns, fields, failed = _block_returns(data, symbols, spec)
    except DataError as exc:
        returns, failed = pd.DataFrame(), {symbols[0]: str(exc)}
    assets = returns.reindex(index=target.index, columns=symbols)
    assets.attrs = {}  # column access copies attrs: O(block) each, O(block²) for the block
    columns = spec.columns()
    out = pd.DataFrame(index=pd.RangeIndex(len(symbols)))
    out["asset"] = symbols
    values = assets.to_numpy(dtype=float)
    both = np.isfinite(values) & np.isfinite(target.to_numpy(dtype=float))[:, None]
    out["n"] = both.sum(axis=0).astype(np.int64)
    dates = target.index
    out["first"] = [dates[m.argmax()] if m.any() else pd.NaT for m in both.T]
    out["last"] = [dates[len(m) - 1 - m[::-1].argmax()] if m.any() else pd.NaT for m in both.T]
    for column in columns:
        out[column] = np.nan
    status: list[list[str]] = [[] for _ in symbols]
    for i, symbol in enumerate(symbols):
        if symbol in failed:
            status[i].append(failed[symbol])
    if "corr" in spec.metrics or "beta" in spec.metrics:
        rolling = rolling_target_corr_beta(target, assets, spec.window)
        last_corr = rolling.corr.iloc[-1].to_numpy(dtype=float)
        last_beta = rolling.beta.iloc[-1].to_numpy(dtype=float)
        if "corr" in spec.metrics:
            out["corr"] = last_corr
        if "beta" in spec.metrics:
            out["beta"] = last_beta
        for i, symbol in enumerate(symbols):
            if symbol not in failed and not np.isfinite(last_corr[i]):
                status[i].append(
                    f"no complete {spec.window}-observation window ending {dates[-1].date()}"
                )
    if any(m in spec.metrics for m in ("downside_beta", "tail_dependence", "granger")):
        for i, symbol in enumerate(symbols):
            if symbol not in failed:
                _summary_metrics(out, i, assets[symbol], target, spec, status[i])
    out["status"] = ["; ".join(s) if s else "ok" for s in status]
    if "granger_lags" in out:
        out["granger_lags"] = out["granger_lags"].astype("Int64")
    return BlockResult(
        rows=out[["asset", "first", "last", "n", *columns, "status"]],
        provenance=list(data.provenance),
        notes=list(data.notes),
        fields=fields,
        seconds=time.perf_counter() - began,
    )


def _summary_metrics(
    out: pd.DataFrame,
    i: int,
    asset: pd.Series,
    target: pd.Series,
    spec: ScanSpec,
    status: list[str],
) -> None:
    """The whole-sample metrics of one asset into row ``i`` (a failure → NaN and its reason)."""
    y = target.rename(spec.target)
    x = asset.rename(str(asset.name))
    if "downside_beta" in spec.metrics:
        try:
            ab = asymmetric_beta(y, x)
            out.loc[i, ["downside_beta", "upside_beta", "downside_p"]] = [
                ab.downside_beta,
                ab.upside_beta,
                ab.difference_p,
            ]
        except DataError as exc:
            status.append(f"downside_beta: {exc}")
    if "tail_dependence" in spec.metrics:
        try:
            td = tail_dependence(y, x, q=spec.tail_q, n_boot=spec.n_boot, seed=0)
            row = td.estimates[td.estimates["tail"] == "lower"].iloc[0]
            out.loc[i, ["tail_lower", "tail_lower_ci_low", "tail_lower_ci_high"]] = [
                float(row["lambda"]),
                float(row["ci_low"]),
                float(row["ci_high"]),
            ]
        except DataError as exc:
            status.append(f"tail_dependence: {exc}")
    if "granger" in spec.metrics:
        try:
            gc = GrangerCausality(max_lags=spec.max_lags).fit(x, y)
            table = gc.table
            forward = table[table["cause"] == str(x.name)].iloc[0]
            reverse = table[table["cause"] == spec.target].iloc[0]
            out.loc[i, ["granger_p", "granger_reverse_p", "granger_lags"]] = [
                float(forward["p_value"]),
                float(reverse["p_value"]),
                float(gc.lags),
            ]
        except DataError as exc:
            status.append(f"granger: {exc}")


# -- result ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ScanResult:
    """Every asset's linkage to the target, ranked.

    JSON keys (stable): ``target``, ``universe``, ``window``, ``metrics``, ``engine``,
    ``calendar``, ``returns``, ``rank_by``, ``n_assets`` (scanned), ``n_missing`` and
    ``missing`` (universe symbols not in the store, by name), ``n_failed`` (assets with a
    metric that could not be computed; their ``status`` says why), ``blocks``,
    ``block_size``, ``seconds``, ``out`` (the Parquet file with every row, or null) and
    ``top``: the first ``top`` rows by ``rank_by`` (descending; NaN last) with ``rank``,
    ``asset``, ``weight`` (when the universe has weights), ``first``, ``last``, ``n``,
    the metric columns and ``status``.
    """

    target: str
    universe: str
    window: int
    metrics: tuple[str, ...]
    engine: str
    calendar: str
    returns: str
    rank_by: str
    rows: pd.DataFrame
    top: int
    missing: tuple[str, ...]
    blocks: int
    block_size: int
    seconds: float
    out: str | None = None
    notes: tuple[str, ...] = ()

    def ranked(self) -> pd.DataFrame:
        """Every row, best ``rank_by`` first (the order of the ``rank`` column)."""
        return self.rows.sort_values("rank", kind="stable")

    def to_frame(self) -> pd.DataFrame:
        """The top rows (labels = JSON keys)."""
        return self.ranked().head(self.top).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """The keys of the class docstring."""
        return {
            "target": self.target,
            "universe": self.universe,
            "window": self.window,
            "metrics": list(self.metrics),
            "engine": self.engine,
            "calendar": self.calendar,
            "returns": self.returns,
            "rank_by": self.rank_by,
            "n_assets": len(self.rows),
            "n_missing": len(self.missing),
            "missing": list(self.missing),
            "n_failed": int((self.rows["status"] != "ok").sum()),
            "blocks": self.blocks,
            "block_size": self.block_size,
            "seconds": round(self.seconds, 3),
            "out": self.out,
            "top": plain(self.to_frame()),
            "notes": list(self.notes),
        }


def rank_rows(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """``rows`` with a ``rank`` column (1 = largest ``by``, or smallest for a p-value
    column ``*_p``; NaN last; ties in input order)."""
    if by not in rows.columns or not pd.api.types.is_numeric_dtype(rows[by]):
        numeric = [
            c
            for c in rows.columns
            if pd.api.types.is_numeric_dtype(rows[c]) and c not in ("rank", "n", "weight")
        ]
        raise DataError(
            f"--rank-by {by}: not a computed column; use one of {', '.join(numeric)} "
            "(or add its metric with --metrics)"
        )
    ascending = by.endswith("_p")
    order = (
        rows[by].astype(float).sort_values(ascending=ascending, na_position="last", kind="stable")
    )
    ranked = rows.copy()
    ranked.insert(0, "rank", pd.Series(np.arange(1, len(rows) + 1), index=order.index))
    return ranked


# -- engines ---------------------------------------------------------------------------


def plan_blocks(
    n_assets: int,
    seconds_per_asset: float,
    n_rows: int,
    workers: int = 1,
    fixed_seconds: float = 0.0,
) -> int:
    """Assets per block from the measured cost (see the module docstring).

    A block of ``k`` assets takes ``fixed_seconds + k · seconds_per_asset``; the block is
    aimed at ``T = max(TARGET_BLOCK_SECONDS, fixed_seconds / FIXED_SHARE_MAX)`` seconds,
    i.e. ``ceil((T - fixed_seconds) / seconds_per_asset)`` assets, at most
    ``ceil(n_assets / (BLOCKS_PER_WORKER · workers))`` with several workers, and at most
    :data:`MAX_BLOCK_VALUES` values (``n_rows`` per asset); at least 1.
    """
    fixed = max(fixed_seconds, 0.0)
    aim = max(TARGET_BLOCK_SECONDS, fixed / FIXED_SHARE_MAX)
    size = math.ceil(max(aim - fixed, 0.0) / max(seconds_per_asset, 1e-6))
    if workers > 1:
        size = min(size, math.ceil(n_assets / (BLOCKS_PER_WORKER * workers)))
    size = min(size, max(1, MAX_BLOCK_VALUES // max(n_rows, 1)))
    return max(1, min(size, max(n_assets, 1)))


def split(symbols: Sequence[str], size: int) -> list[list[str]]:
    """``symbols`` cut into consecutive blocks of ``size`` (the last may be shorter)."""
    return [list(symbols[i : i + size]) for i in range(0, len(symbols), size)]


@contextmanager
def scan_source(store: StoreLike, source: str | None) -> Iterator[Store]:
    """The store to read: the Parquet export ``source`` when given, else ``store``."""
    if source is None:
        with opened(store) as st:
            yield st
        return
    from bubblelink.store.parquet import ParquetStore

    with ParquetStore(source) as st:
        yield st


def _local_blocks(
    store: Store,
    blocks: Sequence[Sequence[str]],
    target: pd.Series,
    spec: ScanSpec,
    progress: Progress | None,
    done_before: int,
    total: int,
) -> list[BlockResult]:
    results = []
    for block in blocks:
        results.append(scan_block(store, block, target, spec))
        if progress is not None:
            progress("scan (local)", done_before + len(results), total, block[-1])
    return results


# -- the question ----------------------------------------------------------------------


def scan(
    store: StoreLike,
    params: ScanParams | None = None,
    progress: Progress | None = None,
    **kw: Any,
) -> ServiceResult:
    """Rank a universe by its linkage to a target (``scan``; see the module docstring).

    Parameters
    ----------
    store : Store, path or None
        The store (read-only); with ``source`` the Parquet export is read instead.
    params : ScanParams, optional
        Or the same fields as keywords.
    progress : callable, optional
        ``(label, blocks done, blocks, last asset)`` after each block.

    Raises
    ------
    DataError
        An empty universe, unknown symbols with ``strict``, a window longer than the
        target's data, no asset overlapping the target, an unreachable scheduler, a
        ``source`` that is not a Parquet export.
    """
    p = params or ScanParams.build(**kw)
    if p.pairs:
        from bubblelink.service.scan_pairs import scan_pairs

        return scan_pairs(store, p, progress)
    began = time.perf_counter()
    universe = read_universe(p.universe)
    spec = ScanSpec(
        target=canonical(p.target),
        window=p.window,
        metrics=tuple(m for m in METRIC_COLUMNS if m in p.metrics),
        calendar=p.calendar,
        kind=p.returns,
        start=utc_day(p.start, "start"),
        end=utc_day(p.end, "end"),
        as_of=utc_day(p.as_of, "as_of"),
        tail_q=p.tail_q,
        n_boot=p.n_boot,
        max_lags=p.max_lags,
    )
    if p.engine == "dask":
        from bubblelink.service.scan_dask import scan_on_dask

        outcome = scan_on_dask(store, p, universe, spec, progress)
    else:
        outcome = _scan_local(store, p, universe, spec, progress)
    return _finish(p, outcome, spec, began)


@dataclass(frozen=True)
class ScanOutcome:
    """What an engine hands back: the blocks' results in universe order and how it ran."""

    resolved: ResolvedUniverse
    results: list[BlockResult]
    block_size: int
    target_notes: list[str]
    target_provenance: list[dict[str, Any]]
    engine: str
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def prepare(
    data: StoreData, p: ScanParams, universe: Any, spec: ScanSpec
) -> tuple[ResolvedUniverse, pd.Series, list[str]]:
    """Check the target and the universe against ``data``; the target's aligned returns."""
    data.check([spec.target])
    resolved = resolve_universe(universe, data.has, spec.target, strict=p.strict)
    target, notes = target_returns(data, spec)
    return resolved, target, notes


def probe(
    store: Store, resolved: ResolvedUniverse, target: pd.Series, spec: ScanSpec
) -> tuple[list[BlockResult], float, float]:
    """The probe blocks and the measured cost: ``(blocks, seconds per asset, fixed seconds)``.

    The first block has :data:`PROBE_ASSETS` assets; when the universe has enough, a
    second one four times as large follows, and the two wall times give the cost per
    asset (the slope) and the fixed cost of a block (the intercept). With one block the
    whole time counts per asset (no fixed part is assumed).
    """
    present = list(resolved.present)
    sizes = [PROBE_ASSETS]
    if len(present) >= 5 * PROBE_ASSETS + PROBE_ASSETS:
        sizes.append(4 * PROBE_ASSETS)
    blocks: list[BlockResult] = []
    times: list[float] = []
    at = 0
    for size in sizes:
        chunk = present[at : at + size]
        at += len(chunk)
        began = time.perf_counter()
        blocks.append(scan_block(store, chunk, target, spec))
        times.append(time.perf_counter() - began)
    if len(times) == 1:
        return blocks, times[0] / max(len(blocks[0].rows), 1), 0.0
    n1, n2 = len(blocks[0].rows), len(blocks[1].rows)
    slope = max((times[1] - times[0]) / (n2 - n1), times[1] / n2 * 0.05, 1e-6)
    fixed = max(times[1] - slope * n2, 0.0)
    return blocks, slope, fixed


def _scan_local(
    store: StoreLike,
    p: ScanParams,
    universe: Any,
    spec: ScanSpec,
    progress: Progress | None,
) -> ScanOutcome:
    with scan_source(store, p.source) as st:
        data = StoreData(st, spec.as_of)
        resolved, target, target_notes = prepare(data, p, universe, spec)
        target_provenance = list(data.provenance)
        rest = list(resolved.present)
        if p.block_size is not None:
            size = p.block_size
            results: list[BlockResult] = []
        else:
            results, per_asset, fixed = probe(st, resolved, target, spec)
            done = sum(len(r.rows) for r in results)
            rest = rest[done:]
            size = plan_blocks(len(rest), per_asset, len(target), fixed_seconds=fixed)
        blocks = split(rest, size)
        total = len(results) + len(blocks)
        if progress is not None and results:
            progress("scan (local)", len(results), total, str(results[-1].rows["asset"].iloc[-1]))
        results += _local_blocks(st, blocks, target, spec, progress, len(results), total)
    note = "engine: local (blocks run one after the other in this process)"
    return ScanOutcome(resolved, results, size, target_notes, target_provenance, "local", [note])


def _finish(p: ScanParams, outcome: ScanOutcome, spec: ScanSpec, began: float) -> ServiceResult:
    resolved = outcome.resolved
    rows = pd.concat([r.rows for r in outcome.results], ignore_index=True)
    if list(rows["asset"]) != list(resolved.present):
        raise RuntimeError("scan blocks came back out of universe order")  # engine bug
    if not (rows["n"] >= spec.window).any():
        raise DataError(
            f"no asset of universe {resolved.universe.name} overlaps {spec.target} on "
            f"{spec.window} or more observations (the most: {int(rows['n'].max())}): "
            "check the dates of the universe's series or use a shorter --window"
        )
    weights = resolved.universe.weight_of()
    if weights:
        rows.insert(1, "weight", [weights[a] for a in rows["asset"]])
    rank_by = p.rank_by or spec.columns()[0]
    rows = rank_rows(rows, rank_by)
    provenance = merge_provenance(
        [*outcome.target_provenance, *(e for r in outcome.results for e in r.provenance)]
    )
    synthetic = {str(e["series"]): bool(e.get("synthetic")) for e in provenance}
    notice = synthetic_notice(synthetic)
    failed = int((rows["status"] != "ok").sum())
    notes = merge_notes(
        [notice] if notice else [],
        resolved.notes,
        outcome.target_notes,
        *(r.notes for r in outcome.results),
        [_fields_note(outcome.results)],
        _metric_notes(spec),
        [f"{failed} of {len(rows)} assets have a metric that could not be computed: see status"]
        if failed
        else [],
        outcome.notes,
    )
    seconds = time.perf_counter() - began
    as_of = max((pd.Timestamp(e["last"]) for e in provenance if e.get("last")), default=None)
    if as_of is not None and spec.as_of is not None:
        as_of = min(as_of, spec.as_of.tz_localize(None))
    result = ScanResult(
        target=spec.target,
        universe=resolved.universe.name,
        window=spec.window,
        metrics=spec.metrics,
        engine=outcome.engine,
        calendar=spec.calendar,
        returns=spec.kind,
        rank_by=rank_by,
        rows=rows,
        top=p.top,
        missing=resolved.missing,
        blocks=len(outcome.results),
        block_size=outcome.block_size,
        seconds=seconds,
        out=p.out,
    )
    service = ServiceResult(
        question="scan",
        result=result,
        as_of=pd.Timestamp(as_of) if as_of is not None else None,
        synthetic=notice is not None,
        provenance=provenance,
        notes=notes,
        title=(
            f"{spec.target} vs universe {resolved.universe.name}: top {min(p.top, len(rows))} "
            f"of {len(rows)} by {rank_by} ({spec.window}-observation window)"
        ),
        extra=outcome.extra,
    )
    if p.out is not None:
        write_results(service, rows, p.out)
    return service


def _fields_note(results: Sequence[BlockResult]) -> str:
    """Which field was read for the assets: ``asset fields: close (9 assets)``."""
    counts: dict[str, int] = {}
    for r in results:
        for name in r.fields.values():
            counts[name] = counts.get(name, 0) + 1
    parts = [f"{name} ({n} asset{'s' if n != 1 else ''})" for name, n in sorted(counts.items())]
    return "asset fields: " + (", ".join(parts) or "none read")


def _metric_notes(spec: ScanSpec) -> list[str]:
    notes = []
    if "corr" in spec.metrics or "beta" in spec.metrics:
        notes.append(
            f"corr, beta: rolling {spec.window}-observation Pearson correlation and beta of "
            f"{spec.target} on the asset, at the last session"
        )
    if "downside_beta" in spec.metrics:
        notes.append(
            f"downside_beta, upside_beta: {spec.target} on the asset's down/up days (split at "
            "zero, whole sample, HAC errors); downside_p: two-sided p of their difference"
        )
    if "tail_dependence" in spec.metrics:
        notes.append(
            f"tail_lower: P({spec.target} in its lower {spec.tail_q:g} tail | asset in its "
            f"lower {spec.tail_q:g} tail), whole sample, {spec.n_boot}-draw stationary "
            "bootstrap interval (seed 0)"
        )
    if "granger" in spec.metrics:
        notes.append(
            f"granger_p: asset → {spec.target} F-test p-value; granger_reverse_p: "
            f"{spec.target} → asset; lag order by AIC up to {spec.max_lags}, whole sample"
        )
    return notes


def write_results(result: ServiceResult, rows: pd.DataFrame, out: str) -> None:
    """Every row to the Parquet file ``out`` (path or fsspec URL), the envelope in its metadata.

    The file's key-value metadata ``bubblelink`` holds the JSON envelope (``as_of``,
    ``synthetic``, ``provenance``, ``notes``, the scan's fields) so the file says which
    data it came from. Written to a temporary name and renamed (local paths), so a failed
    write leaves no partial file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from bubblelink.store.parquet import filesystem_for

    table = pa.Table.from_pandas(rows.reset_index(drop=True), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"bubblelink"] = result.to_json().encode()
    table = table.replace_schema_metadata(meta)
    fs, path, local = filesystem_for(out)
    tmp = f"{path}.tmp" if local else path
    try:
        if local:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        with fs.open(tmp, "wb") as handle:
            pq.write_table(table, handle)
        if local:
            os.replace(tmp, path)
    except (OSError, BubblelinkError) as exc:
        raise DataError(f"cannot write the scan results to {out}: {exc}") from exc


def rows_from_parquet(path: str) -> pd.DataFrame:
    """The rows a scan wrote to ``path`` (for tests and notebooks)."""
    import pyarrow.parquet as pq

    from bubblelink.store.parquet import filesystem_for

    fs, where, _ = filesystem_for(path)
    with fs.open(where, "rb") as handle:
        return pq.read_table(handle).to_pandas()


__all__ = [
    "METRIC_COLUMNS",
    "BlockResult",
    "ScanResult",
    "ScanSpec",
    "plan_blocks",
    "rank_rows",
    "scan",
    "scan_block",
    "split",
]
