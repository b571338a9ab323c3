"""Ingest: validate provider batches and write them to the store in one transaction."""

from bubblelink.ingest.pipeline import IngestSummary, SymbolOutcome, ingest, merge_batches
from bubblelink.ingest.validate import validate_batch

__all__ = ["IngestSummary", "SymbolOutcome", "ingest", "merge_batches", "validate_batch"]
