"""Bank of Japan time-series statistics API (stat-search, launched 2025): money stock.

Endpoint: ``GET https://www.stat-search.boj.or.jp/api/v1/getDataCode`` with
``format=csv``, ``lang=en``, ``db`` (database, ``MD02`` = money stock), ``code``
(series code, ``MAM1NAM2M2MO`` = M2, average amounts outstanding), ``startDate`` /
``endDate`` (``YYYYMM``) and, for long answers, ``startPosition``. The catalog key
``MD02'MAM1NAM2M2MO`` is ``<db>'<code>`` as the BoJ's own search site writes it.

The CSV answer starts with a header block, then one row per month::

    STATUS,200
    MESSAGEID,M181000I
    MESSAGE,Successfully completed
    DATE,2026-07-08T22:52:07.922+09:00
    PARAMETER,FORMAT,CSV
    ...
    NEXTPOSITION,
    SERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,SURVEY_DATES,VALUES
    MAM1NAM2M2MO,M2/Average Amounts Outstanding/Money Stock,100 million yen,MONTHLY,...,202605,12980932

``SURVEY_DATES`` ``YYYYMM`` becomes the month's first day; ``null`` is a missing value
(M2 starts in 2003-04; earlier months are ``null``). A ``STATUS`` other than 200 (the
API's own error code, with ``MESSAGEID``/``MESSAGE`` saying why) is an error even when the
HTTP status is 200. A non-empty ``NEXTPOSITION`` means the answer was cut (the API
limits how much one call returns): the provider asks again with
``startPosition=<NEXTPOSITION>`` (at most :data:`MAX_PAGES` times) and concatenates.
``UNIT`` must be ``100 million yen`` (the catalog's ``"100 millions JPY"``).

Vintages: month + 45 days (the BoJ releases money stock about the 7th business day of the
next month); the value is the latest revision.
"""

from __future__ import annotations

import csv
import io
from typing import ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import (
    Download,
    WorldSeriesProvider,
    body_error,
    check_unit,
)

BOJ_API_URL = "https://www.stat-search.boj.or.jp/api/v1/getDataCode"
MAX_PAGES = 20

#: The BoJ's unit label → the catalog unit it stands for.
BOJ_UNITS = {"100 million yen": "100 millions JPY"}

_DATA_HEADER = "SERIES_CODE"


def split_key(key: str) -> tuple[str, str]:
    """``MD02'MAM1NAM2M2MO`` → (``MD02``, ``MAM1NAM2M2MO``)."""
    db, sep, code = key.partition("'")
    if not sep:
        raise ProviderError(f"boj: catalog key {key!r} is not <database>'<series code>")
    return db, code


def parse_boj_csv(text: str, info: WorldSeriesInfo) -> tuple[pd.DataFrame, dict[str, str], str]:
    """Parse one page of a ``getDataCode`` CSV answer.

    Returns
    -------
    observations : pandas.DataFrame
        ``date`` (first of the month) and ``value`` (NaN for ``null``).
    header : dict
        The header block (``STATUS``, ``MESSAGEID``, ``MESSAGE``, ``DATE``, ``NEXTPOSITION``).
    unit : str
        The ``UNIT`` of the rows (``""`` when there are none).

    Raises
    ------
    ProviderError
        Empty/HTML body, ``STATUS`` other than 200, no data header, other series' rows.
    """
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise body_error("boj", info, "is empty")
    if body.startswith("<"):
        raise body_error("boj", info, "is HTML, not the API's CSV")
    rows = list(csv.reader(io.StringIO(body)))
    header: dict[str, str] = {}
    start = None
    for i, row in enumerate(rows):
        if not row:
            continue
        if row[0].strip() == _DATA_HEADER:
            start = i
            break
        if row[0].strip() != "PARAMETER":
            header[row[0].strip()] = ",".join(row[1:]).strip()
    status = header.get("STATUS", "")
    if status and status != "200":
        message = header.get("MESSAGE", "no message")
        raise ProviderError(
            f"boj: the API refused {info.id} ({info.key}): STATUS {status} "
            f"{header.get('MESSAGEID', '')} {message}: check the database and series code "
            "on www.stat-search.boj.or.jp"
        )
    if start is None:
        raise body_error("boj", info, f"has no {_DATA_HEADER} header row")
    columns = [c.strip() for c in rows[start]]
    needed = ("SERIES_CODE", "UNIT", "SURVEY_DATES", "VALUES")
    if any(c not in columns for c in needed):
        raise body_error("boj", info, f"has columns {','.join(columns)}")
    _, code = split_key(info.key)
    idx = {c: columns.index(c) for c in needed}
    dates: list[pd.Timestamp] = []
    values: list[float] = []
    unit = ""
    for row in rows[start + 1 :]:
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(columns):
            raise body_error(
                "boj",
                info,
                f"has a row of {len(row)} fields, not {len(columns)}: {','.join(row)!r}",
            )
        if row[idx["SERIES_CODE"]].strip() != code:
            raise ProviderError(
                f"boj: asked for {code} but the answer holds {row[idx['SERIES_CODE']].strip()}"
            )
        unit = row[idx["UNIT"]].strip()
        month = row[idx["SURVEY_DATES"]].strip()
        try:
            dates.append(pd.Timestamp(int(month[:4]), int(month[4:6]), 1))
        except ValueError:
            raise body_error("boj", info, f"has an unreadable SURVEY_DATES {month!r}") from None
        raw = row[idx["VALUES"]].strip()
        try:
            values.append(float("nan") if raw.lower() in ("", "null") else float(raw))
        except ValueError:
            raise body_error("boj", info, f"has a non-numeric value {raw!r} for {month}") from None
    frame = pd.DataFrame(
        {"date": pd.DatetimeIndex(dates).astype("datetime64[ns]"), "value": values}
    )
    return frame, header, unit


class BojProvider(WorldSeriesProvider):
    """Catalogued BoJ series (``JP_M2``) from the stat-search API, CSV."""

    name: ClassVar[str] = "boj"
    min_interval: ClassVar[float] = 1.0

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        db, code = split_key(info.key)
        params: dict[str, str] = {"format": "csv", "lang": "en", "db": db, "code": code}
        if first is not None:
            params["startDate"] = first.strftime("%Y%m")
        if last is not None:
            params["endDate"] = last.strftime("%Y%m")
        pages: list[pd.DataFrame] = []
        header: dict[str, str] = {}
        unit = ""
        for _ in range(MAX_PAGES):
            text = self.client.get_text(BOJ_API_URL, params=params)
            page, header, page_unit = parse_boj_csv(text, info)
            pages.append(page)
            unit = page_unit or unit
            following = header.get("NEXTPOSITION", "").strip()
            if not following:
                break
            params = {**params, "startPosition": following}
        else:
            raise ProviderError(
                f"boj: {info.id} still had more rows after {MAX_PAGES} pages: narrow --start/--end"
            )
        observations = pd.concat(pages, ignore_index=True)
        if observations.empty:
            raise ProviderError(
                f"boj: the answer for {info.id} ({info.key}) has no observations: "
                "check the series code on www.stat-search.boj.or.jp"
            )
        check_unit("boj", info, BOJ_UNITS.get(unit, unit), info.unit)
        return Download(
            observations=observations,
            url=f"{BOJ_API_URL}?format=csv&lang=en&db={db}&code={code}",
            metadata={
                "format": "BoJ stat-search API CSV",
                "publisher_unit": unit,
                "answered_at": header.get("DATE", ""),
            },
        )
