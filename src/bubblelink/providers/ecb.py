"""European Central Bank Data Portal (SDMX REST): euro-area monetary aggregates.

Endpoint: ``GET https://data-api.ecb.europa.eu/service/data/<flow>/<key>?format=csvdata``
with ``startPeriod``/``endPeriod`` (``YYYY-MM``). The catalog key
``BSI.M.U2.Y.V.M20.X.1.U2.2300.Z01.E`` is ``<flow>.<series key>``: flow ``BSI``
(balance sheet items), key ``M.U2.Y.V.M20.X.1.U2.2300.Z01.E`` (monthly, euro area,
working-day and seasonally adjusted, M2, outstanding amounts, EUR).

The answer is SDMX-CSV (:mod:`bubblelink.providers.sdmx_csv`): one row per month with
``KEY``, ``TIME_PERIOD`` (``2026-05``), ``OBS_VALUE``, ``OBS_STATUS`` (``P`` on the
provisional latest month), ``UNIT`` (``EUR``) and ``UNIT_MULT`` (``6``). The provider
checks that ``KEY`` is the series asked for and that ``UNIT``/``UNIT_MULT`` still say
EUR millions (the catalog's ``"millions EUR"``) before storing anything. An unknown key
answers HTTP 404 ("No results found").

Months are stored on their first day, values in EUR millions, vintages ``month + 60
days`` (see :mod:`bubblelink.providers.world_catalog`). The ECB publishes no real-time
vintages through this endpoint; the value is the latest revision. The parser is ours
(plain CSV): the ``sdmx1`` package is not needed for ``csvdata``.
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.sdmx_csv import fetch_sdmx_csv
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import Download, WorldSeriesProvider, check_unit

ECB_DATA_URL = "https://data-api.ecb.europa.eu/service/data"

#: ``UNIT_MULT`` (power of ten) → the word the catalog's unit starts with.
_UNIT_MULT_WORDS = {"0": "", "3": "thousands", "6": "millions", "9": "billions"}


def split_key(key: str) -> tuple[str, str]:
    """``BSI.M.U2...`` → (``BSI``, ``M.U2...``): the dataflow and the series key."""
    flow, _, series_key = key.partition(".")
    return flow, series_key


class EcbProvider(WorldSeriesProvider):
    """Catalogued ECB series (``EA_M2``) from the ECB Data Portal, SDMX-CSV."""

    name: ClassVar[str] = "ecb"
    min_interval: ClassVar[float] = 1.0
    headers: ClassVar[dict[str, str]] = {"Accept": "text/csv"}

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        flow, series_key = split_key(info.key)
        url = f"{ECB_DATA_URL}/{flow}/{series_key}"
        frame = fetch_sdmx_csv(
            self.client,
            url,
            {"format": "csvdata"},
            first,
            last,
            f"ecb: the answer for {info.id} ({info.key})",
            "check the key on data.ecb.europa.eu",
        )
        if "KEY" in frame.columns:
            keys = set(frame["KEY"].str.strip())
            if keys != {info.key}:
                raise ProviderError(
                    f"ecb: asked for {info.key} but the answer holds {', '.join(sorted(keys))}"
                )
        metadata: dict[str, object] = {"format": "SDMX-CSV (csvdata)"}
        if "UNIT" in frame.columns and "UNIT_MULT" in frame.columns:
            unit = frame["UNIT"].iloc[-1].strip()
            mult = frame["UNIT_MULT"].iloc[-1].strip()
            word = _UNIT_MULT_WORDS.get(mult, f"10^{mult}")
            check_unit("ecb", info, f"{word} {unit}".strip(), info.unit)
            metadata["publisher_unit"] = f"{unit}, UNIT_MULT={mult}"
        if "TITLE" in frame.columns:
            metadata["publisher_title"] = frame["TITLE"].iloc[-1].strip()
        warnings: list[str] = []
        if "OBS_STATUS" in frame.columns:
            inside = pd.Series(True, index=frame.index)
            if first is not None:
                inside &= frame["date"] >= first
            if last is not None:
                inside &= frame["date"] <= last
            status = frame["OBS_STATUS"].str.strip()
            provisional = frame.loc[inside & (status == "P"), "TIME_PERIOD"]
            if len(provisional):
                metadata["provisional_periods"] = list(provisional)
                warnings.append(
                    f"{info.id}: {', '.join(provisional)} provisional (OBS_STATUS=P), "
                    "may be revised"
                )
        return Download(
            observations=frame[["date", "value"]],
            url=f"{url}?format=csvdata",
            metadata=metadata,
            warnings=warnings,
        )
