"""The DuckDB store: series registry, observations with vintages, ingest log."""

from bubblelink.store.store import SeriesInfo, SeriesWriteCount, Store, StoreMemory, WriteResult

__all__ = ["SeriesInfo", "SeriesWriteCount", "Store", "StoreMemory", "WriteResult"]
