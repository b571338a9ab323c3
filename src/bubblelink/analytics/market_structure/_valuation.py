"""Market value of corporate equities over nominal GDP, as released, and its percentile."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain

#: Start of the headline percentile's reference period (see :func:`equities_to_gdp`).
HEADLINE_SINCE = pd.Timestamp("1990-01-01", tz="UTC")


def _quarter(index: pd.DatetimeIndex) -> pd.PeriodIndex:
    naive = index.tz_convert("UTC").tz_localize(None) if index.tz is not None else index
    return naive.to_period("Q")


@dataclass(frozen=True)
class ValuationResult(ResultBase):
    """The equities-to-GDP ratio as known on ``as_of`` and its history.

    Attributes
    ----------
    value : float
        Latest ratio known on ``as_of``, percent of GDP.
    quarter : str
        Its quarter (``2025Q3``); ``date`` its observation date (first day of the quarter).
    known_since : Timestamp
        When both inputs of that quarter were out (the later of the two releases).
    percentile, percentile_full : float
        Share (percent) of the quarterly ratios since 1990 (headline) and over the whole
        history (from ``history_first``) that are at or below ``value``.
    equities_last, gdp_last : Timestamp
        Last observation of each input known on ``as_of`` (the ratio stops at the earlier).
    history : Series
        Every quarterly ratio known on ``as_of`` (percent), keyed by quarter start.
    """

    value: float
    quarter: str
    date: pd.Timestamp
    known_since: pd.Timestamp
    percentile: float
    percentile_full: float
    n: int
    n_full: int
    history_first: pd.Timestamp
    equities: float
    gdp: float
    as_of: pd.Timestamp | None
    equities_last: pd.Timestamp
    gdp_last: pd.Timestamp
    history: pd.Series

    def to_frame(self) -> pd.DataFrame:
        """One row per statistic (value, percentiles, inputs) with its date and n."""
        rows = [
            ("equities_to_gdp", self.value, "percent of GDP", self.date, self.n_full),
            ("percentile_since_1990", self.percentile, "percentile (headline)", self.date, self.n),
            ("percentile_full_history", self.percentile_full,
             f"percentile since {self.history_first.date()}", self.date, self.n_full),
            ("equities", self.equities, "millions USD", self.date, 1),
            ("gdp", self.gdp, "billions USD SAAR", self.date, 1),
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=["statistic", "value", "unit", "date", "n"])
        frame["known_since"] = self.known_since
        frame["last_observation"] = [pd.NaT, pd.NaT, pd.NaT, self.equities_last, self.gdp_last]
        return frame.set_index("statistic")

    def to_dict(self) -> dict[str, object]:
        """The figures, ``history`` as ``[{date, value}]``, the headline and the table rows."""
        out = super().to_dict()
        out["headline"] = "percentile since 1990"
        out["table"] = plain(self.to_frame())
        return out


def _percentile(values: np.ndarray, value: float) -> float:
    return float(100.0 * np.mean(values <= value + 1e-12)) if len(values) else float("nan")


def equities_to_gdp(
    equities: pd.Series,
    gdp: pd.Series,
    equities_lag: int,
    gdp_lag: int,
    as_of: pd.Timestamp | None = None,
) -> ValuationResult:
    r"""Corporate equities at market value over nominal GDP, as known on ``as_of``.

    .. math:: V_q = 100 \cdot E_q / (1000 \cdot Y_q)

    with :math:`E_q` the end-of-quarter equity level (USD millions, e.g. Z.1
    ``NCBEILQ027S``) and :math:`Y_q` the same quarter's nominal GDP (USD billions, SAAR).
    **Quarter matching:** both are dated by the first day of their quarter (FRED), and a
    ratio pairs the two values of the same calendar quarter only (annual observations
    without a GDP quarter are dropped; no interpolation, no carry-forward). **As
    released:** quarter :math:`q` is known from
    :math:`\max(q + \text{equities\_lag}, q + \text{gdp\_lag})` days (publication lags
    counted from the quarter's first day); on ``as_of`` only quarters known by then are
    used, for the value and for the history its percentile is taken in.

    Percentile: the share of the known quarterly ratios at or below the latest (weak
    inequality, the latest included), over quarters since 1990 (the **headline**: the
    same reference period whichever GDP history the store holds) and over every matched
    quarter.

    Raises
    ------
    DataError
        No quarter with both inputs known on ``as_of``.
    """
    e = equities.dropna()
    y = gdp.dropna()
    e_q = pd.Series(e.to_numpy(dtype=float), index=_quarter(pd.DatetimeIndex(e.index)))
    y_q = pd.Series(y.to_numpy(dtype=float), index=_quarter(pd.DatetimeIndex(y.index)))
    e_q = e_q[~e_q.index.duplicated(keep="last")]
    y_q = y_q[~y_q.index.duplicated(keep="last")]
    if as_of is not None:
        e_q = e_q[e_q.index.to_timestamp(how="start").tz_localize("UTC")
                  + pd.Timedelta(days=int(equities_lag)) <= as_of]  # fmt: skip
        y_q = y_q[y_q.index.to_timestamp(how="start").tz_localize("UTC")
                  + pd.Timedelta(days=int(gdp_lag)) <= as_of]  # fmt: skip
    common = e_q.index.intersection(y_q.index).sort_values()
    starts = common.to_timestamp(how="start").tz_localize("UTC")
    known = starts + pd.Timedelta(days=max(int(equities_lag), int(gdp_lag)))
    keep = np.ones(len(common), dtype=bool) if as_of is None else (known <= as_of)
    if not keep.any() or e_q.empty or y_q.empty:
        when = f" on {as_of.date()}" if as_of is not None else ""
        raise DataError(
            f"no quarter has both equities ({e.name}) and GDP ({y.name}) released{when}: "
            "ingest both (e.g. fred_NCBEILQ027S.csv and fred_GDP.csv) or use a later --asof"
        )
    common, starts, known = common[keep], starts[keep], known[keep]
    ratio = 100.0 * e_q.loc[common].to_numpy() / (1000.0 * y_q.loc[common].to_numpy())
    history = pd.Series(ratio, index=starts, name="equities_to_gdp")
    value = float(ratio[-1])
    recent = ratio[starts >= HEADLINE_SINCE]
    return ValuationResult(
        value=value,
        quarter=str(common[-1]),
        date=starts[-1],
        known_since=known[-1],
        percentile=_percentile(recent, value),
        percentile_full=_percentile(ratio, value),
        n=len(recent),
        n_full=len(ratio),
        history_first=starts[0],
        equities=float(e_q.loc[common[-1]]),
        gdp=float(y_q.loc[common[-1]]),
        as_of=as_of,
        equities_last=e_q.index[-1].to_timestamp(how="start").tz_localize("UTC"),
        gdp_last=y_q.index[-1].to_timestamp(how="start").tz_localize("UTC"),
        history=history,
    )
