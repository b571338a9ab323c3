"""What every service function does around its analytics call: open, read, wrap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from bubblelink.dates import parse_utc_date
from bubblelink.errors import DataError
from bubblelink.service._envelope import ServiceResult, last_date, merge_notes
from bubblelink.service.data import StoreData


def answer(
    question: str,
    result: Any,
    data: StoreData,
    notes: Iterable[str] = (),
    as_of: pd.Timestamp | None = None,
    title: str = "",
    extra: dict[str, Any] | None = None,
    views: Iterable[tuple[str, pd.DataFrame]] = (),
) -> ServiceResult:
    """Wrap ``result`` with what ``data`` read: provenance, synthetic flag, notes.

    ``as_of`` defaults to the last date of the data read, bounded by the cut-off.
    """
    provenance = data.provenance
    if as_of is None:
        as_of = last_date(provenance)
        if as_of is not None and as_of.tzinfo is None:
            as_of = as_of.tz_localize("UTC")
        if data.as_of is not None and (as_of is None or as_of > data.as_of):
            as_of = data.as_of
    own = getattr(result, "notes", ()) or ()
    return ServiceResult(
        question=question,
        result=result,
        as_of=as_of,
        synthetic=data.synthetic or bool(getattr(result, "synthetic", False)),
        provenance=provenance,
        notes=merge_notes(data.notes, notes, own),
        title=title,
        extra=extra or {},
        views=tuple(views),
    )


def at_least_two(returns: pd.DataFrame, question: str) -> pd.DataFrame:
    """``returns`` when it has two or more series; else a one-line DataError."""
    if returns.shape[1] < 2:
        raise DataError(
            f"{question} needs at least 2 different series: the symbols given resolve to "
            f"{', '.join(map(str, returns.columns)) or 'none'}"
        )
    return returns


def utc_day(value: Any, what: str) -> pd.Timestamp | None:
    """A parameter date as a UTC midnight Timestamp (None stays None)."""
    return None if value is None else parse_utc_date(value, what).normalize()
