"""Bank of England Interactive Statistical Database (IADB): UK M4.

Endpoint: ``GET https://www.bankofengland.co.uk/boeapps/database/_iadb-fromshowcolumns.asp``
with ``csv.x=yes``, ``SeriesCodes`` (``LPMAUYM``), ``Datefrom``/``Dateto``
(``01/Jan/1988``, ``now``), ``CSVF=TN`` (tabular, no titles), ``UsingCodes=Y``,
``VPD=Y`` (include provisional data) and ``VFD=N``.

The answer is a CSV with a ``DATE`` column and one column per series code::

    DATE,LPMAUYM
    31 Jan 1988,304916
    29 Feb 1988,305936

Dates are ``%d %b %Y`` (the month's last day: the BoE stamps a monthly stock with its
month-end date, and bubblelink keeps that date, as the shared file does). Values are GBP
millions (the catalog's ``"millions GBP"``). When the request is refused (an unknown code,
a robot check) the database answers **HTTP 200 with an HTML page**: that is an error
here, never an empty series. The IADB serves browsers only, so requests carry a
browser-compatible ``User-Agent``.

Vintages: the month-end date + 35 days (Money and credit, ~29 days after the month-end);
the value is the latest revision.
"""

from __future__ import annotations

import io
from typing import ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import Download, WorldSeriesProvider, body_error

BOE_IADB_URL = "https://www.bankofengland.co.uk/boeapps/database/_iadb-fromshowcolumns.asp"
#: First date the IADB is asked for when no ``start`` is given (M4 starts in 1963).
EARLIEST = pd.Timestamp("1960-01-01")


def parse_iadb_csv(text: str, info: WorldSeriesInfo) -> pd.DataFrame:
    """Parse an IADB ``CSVF=TN`` answer; keep the column named by ``info.key``.

    Raises
    ------
    ProviderError
        Empty or HTML body, no ``DATE`` column, no column for the series, bad dates.
    """
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise body_error("boe", info, "is empty")
    if body.lstrip().startswith("<"):
        raise ProviderError(
            f"boe: the IADB answered an HTML page, not CSV, for {info.id} ({info.key}): "
            "the series code may be wrong or the request was refused; try later"
        )
    try:
        frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError):
        raise body_error("boe", info, "is not readable CSV") from None
    columns = {str(c).strip().upper(): c for c in frame.columns}
    if "DATE" not in columns:
        raise body_error("boe", info, f"has no DATE column (columns: {','.join(columns)})")
    if info.key.upper() not in columns:
        raise ProviderError(
            f"boe: the IADB answer has no {info.key} column (columns: {','.join(columns)}): "
            "check the series code"
        )
    raw_dates = frame[columns["DATE"]].str.strip()
    try:
        dates = pd.to_datetime(raw_dates, format="%d %b %Y")
    except ValueError:
        raise body_error("boe", info, "has dates that are not like '31 Jan 1988'") from None
    values = frame[columns[info.key.upper()]].str.strip()
    return pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "value": pd.to_numeric(values.where(values != ""), errors="coerce"),
        }
    )


class BoeProvider(WorldSeriesProvider):
    """Catalogued Bank of England series (``GB_M4``) from the IADB CSV."""

    name: ClassVar[str] = "boe"
    min_interval: ClassVar[float] = 2.0
    headers: ClassVar[dict[str, str]] = {
        "User-Agent": "Mozilla/5.0 (compatible; bubblelink/0.1)",
        "Accept": "text/csv,text/plain",
    }

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        params = {
            "csv.x": "yes",
            "Datefrom": (first if first is not None else EARLIEST).strftime("%d/%b/%Y"),
            "Dateto": last.strftime("%d/%b/%Y") if last is not None else "now",
            "SeriesCodes": info.key,
            "CSVF": "TN",
            "UsingCodes": "Y",
            "VPD": "Y",
            "VFD": "N",
        }
        text = self.client.get_text(BOE_IADB_URL, params=params)
        observations = parse_iadb_csv(text, info)
        if observations.empty:
            raise ProviderError(
                f"boe: the IADB answer for {info.id} ({info.key}) has no rows: widen --start/--end"
            )
        return Download(
            observations=observations,
            url=f"{BOE_IADB_URL}?csv.x=yes&SeriesCodes={info.key}&CSVF=TN&UsingCodes=Y",
            metadata={"format": "IADB CSV (CSVF=TN)", "publisher_unit": "GBP millions"},
        )
