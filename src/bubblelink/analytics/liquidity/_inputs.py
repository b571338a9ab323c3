"""The macro inputs of the liquidity gauges, as loaded by the service layer (pure data)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class LoadedSeries:
    """Series loaded as known at ``as_of``, with units, lags and what was missing.

    Built by :meth:`bubblelink.service.data.StoreData.macro`; analytics only read it.

    Attributes
    ----------
    series : dict
        Observations by canonical id (observation dates, tz-aware UTC index).
    units, frequencies, kinds : dict
        As stored in the registry.
    synthetic : dict
        Synthetic flag per loaded id.
    lags : dict
        Publication lag in days per loaded id (0 for prices, known at the close).
    missing : dict
        Id → why it is missing (not in the store / no data as of the date).
    as_of : Timestamp or None
    """

    series: dict[str, pd.Series]
    units: dict[str, str]
    frequencies: dict[str, str]
    kinds: dict[str, str]
    synthetic: dict[str, bool]
    lags: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None

    def get(self, series_id: str) -> pd.Series | None:
        """The series, or None when missing."""
        return self.series.get(series_id)

    @property
    def any_synthetic(self) -> bool:
        """True when any loaded series is synthetic."""
        return any(self.synthetic.values())
