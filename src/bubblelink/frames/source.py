"""The data-source protocol the composition packages read through.

Claims, the monitor and scenarios ask for data while they compute (which series, which
dates, which computation variant). They do so through a :class:`DataSource`; they never
open a store. The one implementation is :class:`bubblelink.service.data.StoreData` (a
store as known on a cut-off date); tests may pass their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd

from bubblelink.dates import DateLike
from bubblelink.frames.returns_frame import ReturnsFrame


class DataSource(Protocol):
    """Read access to stored series as known on ``as_of``.

    Symbols may be aliases or pseudo-symbols (``AI_BASKET``, ``NET_LIQUIDITY``); unknown
    symbols raise :class:`~bubblelink.errors.DataError` naming what is stored.
    """

    as_of: pd.Timestamp | None

    @property
    def synthetic(self) -> bool:
        """True when any series read so far is synthetic."""
        ...

    @property
    def provenance(self) -> tuple[dict[str, Any], ...]:
        """One entry per series read so far (series, source, first, last, n, ...)."""
        ...

    def has(self, series_id: str) -> bool:
        """True when the series (or pseudo-symbol) is available."""
        ...

    def check(self, symbols: Sequence[str]) -> list[str]:
        """Canonical ids, or a DataError for an unknown symbol."""
        ...

    def series_ids(self) -> list[str]:
        """Stored series ids."""
        ...

    def last_date(self) -> pd.Timestamp | None:
        """The cut-off (None: the end of the data)."""
        ...

    def prices(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        field: str = "auto",
    ) -> pd.DataFrame:
        """Stored values side by side (tz-aware UTC index named ``date``)."""
        ...

    def returns(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        calendar: str = "equity",
        kind: str = "log",
    ) -> ReturnsFrame:
        """Aligned returns with notes and provenance."""
        ...

    def net_liquidity(self, end: DateLike = None) -> Any:
        """Fed net liquidity as released (a ``NetLiquidityResult``)."""
        ...

    def known_on(self, series_id: str, dates: pd.DatetimeIndex) -> pd.Series | None:
        """Values as released by each date (None when the series is missing)."""
        ...

    def macro(self, series_ids: Sequence[str], start: DateLike = None, end: DateLike = None) -> Any:
        """Series loaded one by one with units, lags and what is missing (``LoadedSeries``)."""
        ...
