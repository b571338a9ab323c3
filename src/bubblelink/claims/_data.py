"""Data a claim computation reads: one read-only store, a cut-off date, cached loads.

Everything goes through :mod:`bubblelink.frames` (``load``, ``load_returns``). The
cut-off (``--asof``) bounds both the observation dates and the vintages: a claim checked
"as of" a date uses only what was known then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames import ReturnsFrame, load, load_returns
from bubblelink.frames.load import DateLike
from bubblelink.store import SeriesInfo, Store

#: A claimed date counts as covered when the data reach within this many days of it
#: (weekends and holidays between a claimed calendar date and the last session).
COVERAGE_SLACK = pd.Timedelta(days=4)


def utc(value: DateLike) -> pd.Timestamp:
    """A tz-aware UTC timestamp from a date-like value."""
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


class NotCheckableError(DataError):
    """The data a claim needs are not in the store (``needs`` says what would be)."""

    def __init__(self, reason: str, needs: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.needs = needs


@dataclass
class ClaimData:
    """Read access for claim computations.

    Parameters
    ----------
    store
        An open :class:`Store` (not closed here) or a path (opened read-only).
    as_of
        Cut-off date: no observation or revision after it is used (None: everything).
    """

    store: Store | str | Path | None = None
    as_of: pd.Timestamp | None = None
    _store: Store | None = field(default=None, init=False, repr=False)
    _owned: bool = field(default=False, init=False, repr=False)
    _cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.store, Store):
            self._store = self.store
        else:
            self._store = Store(self.store, read_only=True)
            self._owned = True
        if self.as_of is not None:
            self.as_of = utc(self.as_of)

    def close(self) -> None:
        """Close the store when this object opened it."""
        if self._owned and self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> ClaimData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- registry ------------------------------------------------------------------------
    def info(self) -> list[SeriesInfo]:
        """Every series in the store with its coverage."""
        key = ("info",)
        if key not in self._cache:
            self._cache[key] = self._open().info()
        return list(self._cache[key])

    def has(self, series_id: str) -> bool:
        """True when the store holds ``series_id``."""
        return any(i.id == series_id for i in self.info())

    # -- loads ---------------------------------------------------------------------------
    def prices(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        field: str = "auto",
    ) -> pd.DataFrame:
        """Wide stored values (see :func:`bubblelink.frames.load`), cut at ``as_of``."""
        start, end = _opt_utc(start), self._cut(end)
        key = ("prices", tuple(symbols), _k(start), _k(end), field)
        if key not in self._cache:
            self._cache[key] = load(
                list(symbols),
                start=start,
                end=end,
                field=field,
                as_of=self._vintage(),
                store=self._open(),
            )
        return self._cache[key]

    def returns(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        calendar: str = "equity",
        kind: str = "log",
    ) -> ReturnsFrame:
        """Aligned returns (see :func:`bubblelink.frames.load_returns`), cut at ``as_of``."""
        start, end = _opt_utc(start), self._cut(end)
        key = ("returns", tuple(symbols), _k(start), _k(end), calendar, kind)
        if key not in self._cache:
            self._cache[key] = load_returns(
                list(symbols),
                store=self._open(),
                calendar=calendar,  # type: ignore[arg-type]
                kind=kind,
                start=start,
                end=end,
                as_of=self._vintage(),  # type: ignore[arg-type]
            )
        return self._cache[key]

    def last_date(self) -> pd.Timestamp | None:
        """The cut-off if given, else None (the end of the data)."""
        return self.as_of

    def _cut(self, end: DateLike) -> pd.Timestamp | None:
        if end is None:
            return self.as_of
        stamp = utc(end)
        return min(stamp, self.as_of) if self.as_of is not None else stamp

    def _vintage(self) -> pd.Timestamp | None:
        # vintages are stamped at the end of the day they became known
        return self.as_of + pd.Timedelta(hours=23, minutes=59) if self.as_of is not None else None

    def _open(self) -> Store:
        if self._store is None:
            raise DataError("the claims data source is closed")
        return self._store


def require_coverage(index: pd.DatetimeIndex, wanted: DateLike, what: str) -> None:
    """Raise :class:`NotCheckableError` when ``index`` stops before ``wanted`` (minus slack)."""
    target = utc(wanted)
    if len(index) == 0 or index.max() < target - COVERAGE_SLACK:
        last = index.max().date().isoformat() if len(index) else "none"
        raise NotCheckableError(
            f"{what}: data end {last}, before the claim's date {target.date()}",
            needs=f"{what} through {target.date()}",
        )
    if index.min() > target:
        raise NotCheckableError(
            f"{what}: data start {index.min().date()}, after the claim's date {target.date()}",
            needs=f"{what} from before {target.date()}",
        )


def _opt_utc(value: DateLike) -> pd.Timestamp | None:
    # frames.load compares start and end: keep both tz-aware
    return None if value is None else utc(value)


def _k(value: DateLike) -> str | None:
    return None if value is None else utc(value).isoformat()
