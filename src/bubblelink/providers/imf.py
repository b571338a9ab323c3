"""IMF data API (SDMX 2.1): broad money of economies without a live central-bank provider.

Endpoint: ``GET https://api.imf.org/external/sdmx/2.1/data/<agency>,<flow>/<key>`` with
``startPeriod``/``endPeriod`` (``YYYY-MM``), ``detail=dataonly`` and the header
``Accept: application/vnd.sdmx.data+csv;version=1.0.0`` (SDMX-CSV). No key is needed.
The old ``dataservices.imf.org`` (IFS CompactData) service is retired; IFS money series
moved to the dataflow ``IMF.STA,MFS_MA`` (Monetary and Financial Statistics, monetary
aggregates), key order ``COUNTRY.INDICATOR.UNIT.FREQUENCY``: ``BM_MAI`` is broad money,
``XDC`` domestic currency, ``M`` monthly. The catalog key is
``<agency>,<flow>/<series key>`` (``IMF.STA,MFS_MA/CHN.BM_MAI.XDC.M``).

The answer (:mod:`bubblelink.providers.sdmx_csv`)::

    DATAFLOW,COUNTRY,INDICATOR,UNIT,FREQUENCY,TIME_PERIOD,OBS_VALUE,...
    IMF.STA:MFS_MA(10.0.1),CHN,BM_MAI,XDC,M,2026-M03,3.4...e+14,...

Values are in **units** of the domestic currency (not millions: the new API dropped the
IFS scale; a ``SCALE`` attribute, when present, is a display hint only), so the catalog
unit is the bare currency (``"CNY"``). ``TIME_PERIOD`` ``2026-M03`` becomes the month's
first day. The provider checks the dimensions of every row against the key asked for.
No data for a key answers HTTP 404 or an empty body.

Vintages: month + 120 days (the IMF posts national monetary statistics one to three
months after the month); the value is the latest revision.
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.sdmx_csv import fetch_sdmx_csv
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import Download, WorldSeriesProvider, check_unit

IMF_DATA_URL = "https://api.imf.org/external/sdmx/2.1/data"
SDMX_CSV = "application/vnd.sdmx.data+csv;version=1.0.0"
#: Key order of ``IMF.STA,MFS_MA``.
MFS_MA_DIMENSIONS = ("COUNTRY", "INDICATOR", "UNIT", "FREQUENCY")


def split_key(key: str) -> tuple[str, str]:
    """``IMF.STA,MFS_MA/CHN.BM_MAI.XDC.M`` → (``IMF.STA,MFS_MA``, ``CHN.BM_MAI.XDC.M``)."""
    flow, sep, series_key = key.partition("/")
    if not sep or "," not in flow:
        raise ProviderError(f"imf: catalog key {key!r} is not <agency>,<flow>/<series key>")
    return flow, series_key


class ImfProvider(WorldSeriesProvider):
    """Catalogued IMF series (``CN_BM_IMF``) from the IMF SDMX 2.1 API, SDMX-CSV."""

    name: ClassVar[str] = "imf"
    min_interval: ClassVar[float] = 1.0
    headers: ClassVar[dict[str, str]] = {"Accept": SDMX_CSV}

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        flow, series_key = split_key(info.key)
        url = f"{IMF_DATA_URL}/{flow}/{series_key}"
        frame = fetch_sdmx_csv(
            self.client,
            url,
            {"detail": "dataonly"},
            first,
            last,
            f"imf: the answer for {info.id} ({info.key})",
            "check the key on data.imf.org",
            headers={"Accept": SDMX_CSV},
        )
        codes = series_key.split(".")
        if flow.endswith(",MFS_MA") and len(codes) == len(MFS_MA_DIMENSIONS):
            for dimension, code in zip(MFS_MA_DIMENSIONS, codes, strict=True):
                if dimension in frame.columns:
                    found = set(frame[dimension].str.strip())
                    if found != {code}:
                        raise ProviderError(
                            f"imf: asked for {dimension}={code} ({info.key}) but the answer "
                            f"holds {', '.join(sorted(found))}"
                        )
            if codes[2] == "XDC":
                check_unit("imf", info, info.currency, info.unit)
        dataflow = ""
        for column in ("DATAFLOW", "STRUCTURE_ID"):
            if column in frame.columns:
                dataflow = frame[column].iloc[0].strip()
        return Download(
            observations=frame[["date", "value"]],
            url=url,
            metadata={"format": "SDMX-CSV 1.0", "dataflow": dataflow},
        )
