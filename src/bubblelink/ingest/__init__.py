"""Ingest: validate provider batches and write them to the store in one transaction."""

from bubblelink.ingest.pipeline import IngestSummary, SymbolOutcome, ingest, merge_batches
from bubblelink.ingest.validate import DEFAULT_GATES, QualityGates, validate_batch

__all__ = [
    "DEFAULT_GATES",
    "IngestSummary",
    "QualityGates",
    "SymbolOutcome",
    "ingest",
    "merge_batches",
    "validate_batch",
]
