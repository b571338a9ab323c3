"""Swiss National Bank data portal: monetary aggregates (cube ``snbmonagg``).

Endpoint: ``GET https://data.snb.ch/api/cube/<cube>/data/csv/en`` with
``dimSel=D0(B),D1(GM2)`` (``D0``: ``B`` = level at the end of the month, ``VV`` = change
on a year earlier; ``D1``: ``GM1``, ``GM2``, ``GM3`` ...), ``fromDate``/``toDate``
(``YYYY-MM``). The catalog key ``snbmonagg/GM2`` is ``<cube>/<D1 code>``.

The answer is a ``;``-separated, fully quoted CSV (UTF-8 with a byte-order mark, CRLF)
with a header block, a blank line, then the data::

    "CubeId";"snbmonagg"
    "PublishingDate";"2026-08-20 09:00"

    "Date";"D0";"D1";"Value"
    "2026-06";"B";"GM2";"1116788"

``Date`` ``YYYY-MM`` becomes the month's first day; values are CHF millions (the catalog's
``"millions CHF"``); an empty ``Value`` is missing. Rows of other ``D0``/``D1`` codes (if
the portal ignores ``dimSel``) are skipped. A wrong ``CubeId`` is refused. An unknown cube
answers HTTP 404.

Vintages: month + 65 days (monthly banking statistics, near the end of the next month).
"""

from __future__ import annotations

import csv
import io
from typing import ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import Download, WorldSeriesProvider, body_error

SNB_CUBE_URL = "https://data.snb.ch/api/cube"
#: ``D0`` code of the level (the other code, ``VV``, is the year-on-year change).
LEVEL = "B"


def split_key(key: str) -> tuple[str, str]:
    """``snbmonagg/GM2`` → (``snbmonagg``, ``GM2``)."""
    cube, sep, code = key.partition("/")
    if not sep:
        raise ProviderError(f"snb: catalog key {key!r} is not <cube>/<D1 code>")
    return cube, code


def parse_snb_csv(text: str, info: WorldSeriesInfo) -> tuple[pd.DataFrame, str]:
    """Parse a data-portal cube CSV; keep ``D0 = B`` and ``D1 = <code>``.

    Returns
    -------
    observations : pandas.DataFrame
        ``date`` and ``value``.
    published : str
        The ``PublishingDate`` of the header block.
    """
    cube, code = split_key(info.key)
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise body_error("snb", info, "is empty")
    if body.startswith("<") or body.startswith("{"):
        raise body_error("snb", info, "is HTML/JSON, not the portal's CSV")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    header: dict[str, str] = {}
    start = None
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if cells and cells[0] == "Date":
            start = i
            break
        if len(cells) >= 2:
            header[cells[0]] = cells[1]
    if header.get("CubeId") != cube:
        raise ProviderError(
            f"snb: asked for cube {cube} but the answer is cube {header.get('CubeId')!r}"
        )
    if start is None:
        raise body_error("snb", info, 'has no "Date" header row')
    columns = [c.strip() for c in rows[start]]
    if "Value" not in columns or "D0" not in columns or "D1" not in columns:
        raise body_error("snb", info, f"has columns {';'.join(columns)}, not Date;D0;D1;Value")
    at = {c: columns.index(c) for c in ("Date", "D0", "D1", "Value")}
    dates: list[pd.Timestamp] = []
    values: list[float] = []
    for row in rows[start + 1 :]:
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(columns):
            raise body_error(
                "snb",
                info,
                f"has a row of {len(row)} fields, not {len(columns)}: {';'.join(row)!r}",
            )
        if row[at["D0"]].strip() != LEVEL or row[at["D1"]].strip() != code:
            continue
        month, raw = row[at["Date"]].strip(), row[at["Value"]].strip()
        try:
            dates.append(pd.Timestamp(int(month[:4]), int(month[5:7]), 1))
            values.append(float(raw) if raw else float("nan"))
        except ValueError:
            raise body_error("snb", info, f"has an unreadable row {';'.join(row)!r}") from None
    frame = pd.DataFrame(
        {"date": pd.DatetimeIndex(dates).astype("datetime64[ns]"), "value": values}
    )
    return frame, header.get("PublishingDate", "")


class SnbProvider(WorldSeriesProvider):
    """Catalogued SNB series (``CH_M2``) from the data-portal cube CSV."""

    name: ClassVar[str] = "snb"
    min_interval: ClassVar[float] = 1.0
    headers: ClassVar[dict[str, str]] = {"Accept": "text/csv"}

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        cube, code = split_key(info.key)
        url = f"{SNB_CUBE_URL}/{cube}/data/csv/en"
        params = {"dimSel": f"D0({LEVEL}),D1({code})"}
        if first is not None:
            params["fromDate"] = first.strftime("%Y-%m")
        if last is not None:
            params["toDate"] = last.strftime("%Y-%m")
        # UTF-8 with a byte-order mark whatever charset the headers claim
        body = self.client.get(url, params=params).content.decode("utf-8-sig", errors="replace")
        observations, published = parse_snb_csv(body, info)
        if observations.empty:
            raise ProviderError(
                f"snb: the answer for {info.id} ({info.key}) has no D0={LEVEL}, D1={code} "
                "rows: check the cube's dimensions on data.snb.ch"
            )
        return Download(
            observations=observations,
            url=f"{url}?dimSel=D0({LEVEL}),D1({code})",
            metadata={"format": "SNB data portal CSV", "published": published},
        )
