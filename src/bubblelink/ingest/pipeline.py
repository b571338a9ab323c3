"""Provider result → validation → one store transaction → per-symbol summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblelink.errors import BubblelinkError, DataError, ValidationError
from bubblelink.ingest.validate import (
    DEFAULT_GATES,
    WEEKEND_CHECK_SPAN,
    QualityGates,
    validate_batch,
)
from bubblelink.providers.base import FetchResult, SeriesBatch
from bubblelink.results import ResultBase
from bubblelink.store import Store


@dataclass(frozen=True)
class SymbolOutcome:
    """What happened to one symbol in one ingest."""

    symbol: str
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    warnings: tuple[str, ...] = ()
    error: str | None = None
    synthetic: bool = False

    @property
    def status(self) -> str:
        return "failed" if self.error else "ok"


@dataclass(frozen=True)
class IngestSummary(ResultBase):
    """Per-symbol summary of one ingest (rows added, revised, failed with the reason)."""

    provider: str
    outcomes: tuple[SymbolOutcome, ...] = field(default_factory=tuple)
    ingest_id: int | None = None

    @property
    def ok(self) -> bool:
        """True when no symbol failed."""
        return all(o.error is None for o in self.outcomes)

    @property
    def added(self) -> int:
        return sum(o.added for o in self.outcomes)

    @property
    def revised(self) -> int:
        return sum(o.revised for o in self.outcomes)

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {
                "symbol": o.symbol,
                "status": o.status,
                "added": o.added,
                "revised": o.revised,
                "unchanged": o.unchanged,
                "warnings": "; ".join(o.warnings),
                "error": o.error or "",
            }
            for o in self.outcomes
        ]
        columns = ["symbol", "status", "added", "revised", "unchanged", "warnings", "error"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "ingest_id": self.ingest_id,
            "ok": self.ok,
            "added": self.added,
            "revised": self.revised,
            "symbols": [
                {
                    "symbol": o.symbol,
                    "status": o.status,
                    "added": o.added,
                    "revised": o.revised,
                    "unchanged": o.unchanged,
                    "warnings": list(o.warnings),
                    "error": o.error,
                    "synthetic": o.synthetic,
                }
                for o in self.outcomes
            ],
        }


def merge_batches(batches: Sequence[SeriesBatch]) -> list[SeriesBatch]:
    """Merge batches of the same series (several files mapping to one symbol).

    The registry entry of the first batch wins, its ``metadata`` records every source;
    conflicting values on a date are caught by validation afterwards.
    """
    grouped: dict[str, list[SeriesBatch]] = {}
    for batch in batches:
        grouped.setdefault(batch.meta.id, []).append(batch)
    merged = []
    for parts in grouped.values():
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        first = parts[0]
        sources = [p.meta.metadata.get("file", p.meta.source) for p in parts]
        meta = type(first.meta)(
            **{**first.meta.__dict__, "metadata": {**first.meta.metadata, "files": sources}}
        )
        data = pd.concat([p.data for p in parts], ignore_index=True)
        warnings = [w for p in parts for w in p.warnings]
        warnings.append(f"merged {len(parts)} inputs: {', '.join(map(str, sources))}")
        merged.append(SeriesBatch(meta=meta, data=data, warnings=warnings))
    return merged


#: Registry keys that describe a series' bars, kept from the stored entry by a top-up too
#: short to show them again.
TIMING_KEYS = ("bars", "timing_note", "bar_stamp")


def keep_registered_timing(store: Store, batch: SeriesBatch) -> SeriesBatch:
    """A short top-up keeps the frequency, calendar and bar notes already registered.

    A provider that infers a series' frequency and calendar from the dates it got
    (``metadata["frequency_inferred"]``, the CSV importer) cannot tell a weekday-only
    feed from a 24/7 one, or sessions from calendar days, from a few days of rows: a
    batch spanning less than :data:`~bubblelink.ingest.validate.WEEKEND_CHECK_SPAN` of a
    series the store already holds keeps the stored entry's ``frequency``, ``calendar``
    and :data:`TIMING_KEYS` instead of overwriting them with its guess.
    """
    meta = batch.meta
    if not meta.metadata.get("frequency_inferred"):
        return batch
    dates = pd.to_datetime(batch.data["date"], errors="coerce", utc=True).dropna()
    if len(dates) and dates.max() - dates.min() >= WEEKEND_CHECK_SPAN:
        return batch
    try:
        stored = store.meta(meta.id)
    except DataError:
        return batch
    kept = {k: stored.metadata[k] for k in TIMING_KEYS if k in stored.metadata}
    registered = dataclasses.replace(
        meta,
        frequency=stored.frequency,
        calendar=stored.calendar,
        metadata={**meta.metadata, **kept},
    )
    return SeriesBatch(meta=registered, data=batch.data, warnings=batch.warnings)


def ingest(
    store: Store,
    fetched: FetchResult,
    provider: str,
    request: dict[str, Any] | None = None,
    on_series_written: Callable[[str], None] | None = None,
    gates: QualityGates = DEFAULT_GATES,
    progress: Callable[[str, int, int, str], None] | None = None,
) -> IngestSummary:
    """Validate every batch, write the valid ones in ONE transaction, summarise.

    A series that fails validation is reported with its reason and not written; the
    others still land. Nothing already stored changes for a failed series. Every ingest
    is logged: when nothing could be written (every symbol failed, or the write was
    refused) one ``ingests`` row records the failures, with no observations. A short
    top-up of a stored series keeps its registered bars (:func:`keep_registered_timing`).
    ``gates``: the data-quality gates (:class:`~bubblelink.ingest.validate.QualityGates`;
    ``strict=True`` rejects a series with any flag). ``progress`` (optional) is called
    as ``(label, done, total, item)`` with the label ``ingest <provider>: validate, write``:
    one step per series validated, then one for the write (``item`` ``write N series``).
    """
    outcomes: dict[str, SymbolOutcome] = {
        symbol: SymbolOutcome(symbol=symbol, error=reason)
        for symbol, reason in fetched.failures.items()
    }
    valid: list[SeriesBatch] = []
    merged = merge_batches(fetched.batches)
    label = f"ingest {provider}: validate, write"
    steps = len(merged) + 1
    for done, batch in enumerate(merged):
        if progress is not None:
            progress(label, done, steps, batch.meta.id)
        try:
            valid.append(validate_batch(keep_registered_timing(store, batch), gates))
        except ValidationError as exc:
            outcomes[batch.meta.id] = SymbolOutcome(
                symbol=batch.meta.id,
                error=str(exc),
                warnings=tuple(batch.warnings),
                synthetic=batch.meta.synthetic,
            )
    ingest_id = None
    if progress is not None:
        progress(label, len(merged), steps, f"write {len(valid)} series")
    if valid:
        warnings = {b.meta.id: b.warnings for b in valid}
        failures = {s: o.error or "" for s, o in outcomes.items()}
        try:
            written = store.write(
                valid,
                provider=provider,
                request=request,
                warnings=warnings,
                failures=failures,
                on_series_written=on_series_written,
            )
        except BubblelinkError as exc:
            for b in valid:
                outcomes[b.meta.id] = SymbolOutcome(symbol=b.meta.id, error=f"not written: {exc}")
        else:
            ingest_id = written.ingest_id
            for b in valid:
                c = written.counts[b.meta.id]
                outcomes[b.meta.id] = SymbolOutcome(
                    symbol=b.meta.id,
                    added=c.added,
                    revised=c.revised,
                    unchanged=c.unchanged,
                    warnings=tuple(b.warnings),
                    synthetic=b.meta.synthetic,
                )
    if ingest_id is None:
        # Nothing was written (every symbol failed, or the write was refused): the ingest
        # is still logged, with its failures and no rows, in a transaction of its own.
        logged = store.write(
            [],
            provider=provider,
            request=request,
            warnings={s: list(o.warnings) for s, o in outcomes.items() if o.warnings},
            failures={s: o.error or "" for s, o in outcomes.items() if o.error},
        )
        ingest_id = logged.ingest_id
    if progress is not None:
        progress(label, steps, steps, "")
    ordered = sorted(outcomes.values(), key=lambda o: o.symbol)
    return IngestSummary(provider=provider, outcomes=tuple(ordered), ingest_id=ingest_id)
