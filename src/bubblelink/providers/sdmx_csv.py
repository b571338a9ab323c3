"""SDMX-CSV answers (ECB Data Portal ``format=csvdata``, IMF ``application/vnd.sdmx.data+csv``).

SDMX-CSV is one row per observation: the series' dimensions, ``TIME_PERIOD``,
``OBS_VALUE`` and attributes (``OBS_STATUS``, ``UNIT``, ``UNIT_MULT``, ``SCALE`` ...). The
first column names the series or the dataflow:

* ECB: ``KEY`` (``BSI.M.U2.Y.V.M20.X.1.U2.2300.Z01.E``), then each dimension
  (``FREQ``, ``REF_AREA`` ...), ``TIME_PERIOD`` (``2026-05``), ``OBS_VALUE``,
  ``OBS_STATUS`` (``A`` normal, ``P`` provisional, ``E`` estimated), ...,
  ``TITLE``, ``UNIT`` (``EUR``), ``UNIT_MULT`` (``6`` = millions).
* IMF (SDMX-CSV 1.0): ``DATAFLOW`` (``IMF.STA:MFS_MA(10.0.1)``), the dimensions
  (``COUNTRY``, ``INDICATOR``, ``UNIT``, ``FREQUENCY``), ``TIME_PERIOD`` (``2026-M03``),
  ``OBS_VALUE`` and attributes; SDMX-CSV 2.0 starts with ``STRUCTURE``,
  ``STRUCTURE_ID``, ``ACTION`` instead.

Periods become the first day of the period (``2026-05`` and ``2026-M05`` → 2026-05-01,
``2026-Q2`` → 2026-04-01, ``2026`` → 2026-01-01, a day stays a day), the month-label
convention of the world catalog.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.http import HttpClient

_MONTH = re.compile(r"^(\d{4})-M?(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})(?:-A)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def period_start(period: str) -> pd.Timestamp:
    """First day of an SDMX ``TIME_PERIOD`` (``2026-05``, ``2026-M05``, ``2026-Q2``, ``2026``).

    Raises
    ------
    ValueError
        For a period it cannot read (weeks, semesters, ranges).
    """
    text = period.strip()
    if m := _MONTH.match(text):
        return pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
    if m := _QUARTER.match(text):
        return pd.Timestamp(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
    if m := _YEAR.match(text):
        return pd.Timestamp(int(m.group(1)), 1, 1)
    if _DAY.match(text):
        return pd.Timestamp(text)
    raise ValueError(f"unsupported SDMX period {period!r}")


def read_sdmx_csv(text: str, what: str) -> pd.DataFrame:
    """Parse an SDMX-CSV body into a frame of strings plus ``date`` and ``value``.

    Parameters
    ----------
    text : str
        The body.
    what : str
        ``"<provider>: the answer for <series>"``, the start of every error message.

    Returns
    -------
    pandas.DataFrame
        Every column of the answer (as strings, empty for missing), plus ``date`` (first
        day of ``TIME_PERIOD``) and ``value`` (``OBS_VALUE`` as float, NaN when empty or
        ``NaN``). An answer with a header and no rows gives an empty frame.

    Raises
    ------
    ProviderError
        Empty or HTML body, no ``TIME_PERIOD``/``OBS_VALUE`` column, unreadable period.
    """
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise ProviderError(f"{what} is empty: no data for this key; check it on the portal")
    if body.startswith("<"):
        raise ProviderError(f"{what} is HTML/XML, not SDMX-CSV: the service may be down")
    try:
        frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProviderError(f"{what} is not readable CSV ({first})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("TIME_PERIOD", "OBS_VALUE") if c not in frame.columns]
    if missing:
        raise ProviderError(
            f"{what} has no {' or '.join(missing)} column (columns: "
            f"{', '.join(frame.columns[:8])}): not SDMX-CSV"
        )
    frame = frame.loc[frame["TIME_PERIOD"].str.strip() != ""].reset_index(drop=True)
    try:
        dates = [period_start(p) for p in frame["TIME_PERIOD"]]
    except ValueError as exc:
        raise ProviderError(f"{what}: {exc}") from None
    frame["date"] = (
        pd.DatetimeIndex(dates).astype("datetime64[ns]")
        if dates
        else pd.Series(dtype="datetime64[ns]")
    )
    values = frame["OBS_VALUE"].str.strip().replace({"NaN": "", "NA": ""})
    frame["value"] = pd.to_numeric(values.where(values != ""), errors="coerce")
    return frame


def fetch_sdmx_csv(
    client: HttpClient,
    url: str,
    params: dict[str, str],
    first: pd.Timestamp | None,
    last: pd.Timestamp | None,
    what: str,
    hint: str,
    headers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """GET an SDMX REST data URL for the months ``first``..``last`` and parse the body.

    Adds ``startPeriod``/``endPeriod`` (``YYYY-MM``) to ``params``; ``what`` names the
    answer in errors (``"ecb: the answer for EA_M2 (BSI...)"``), ``hint`` says what to
    check when it holds no observation (the ECB and the IMF share this path).

    Raises
    ------
    ProviderError
        A malformed body, or no observations.
    """
    if first is not None:
        params["startPeriod"] = first.strftime("%Y-%m")
    if last is not None:
        params["endPeriod"] = last.strftime("%Y-%m")
    text = client.get_text(url, params=params, headers=headers)
    frame = read_sdmx_csv(text, what)
    if frame.empty:
        raise ProviderError(f"{what} has no observations: {hint}")
    return frame
