"""Bank of Canada Valet API: Canada M2++ and the daily USD/CAD rate.

Endpoint: ``GET https://www.bankofcanada.ca/valet/observations/<series>/json`` with
``start_date``/``end_date`` (``YYYY-MM-DD``). Series: ``V41552801`` (M2++ gross,
seasonally adjusted, CAD millions, monthly, dated on the month's first day) and
``FXUSDCAD`` (CAD per USD, daily average, business days).

The answer::

    {"terms": {...},
     "seriesDetail": {"V41552801": {"label": "M2++ (gross) (Seasonally adjusted)",
                                    "description": "M2++ (gross)", "dimension": {...}}},
     "observations": [{"d": "1976-01-01", "V41552801": {"v": "104133"}}, ...]}

Values are strings; a missing one has no ``v`` (or an empty one) and is dropped and
counted. An unknown series answers HTTP 404 with ``{"message": "Series ... not found."}``.

Vintages: M2++ month + 70 days; FXUSDCAD the day + 1 (published 16:30 ET the same day).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from bubblelink.errors import ProviderError
from bubblelink.providers.world_catalog import WorldSeriesInfo
from bubblelink.providers.world_series import Download, WorldSeriesProvider, body_error

VALET_URL = "https://www.bankofcanada.ca/valet/observations"


def parse_valet(payload: Any, info: WorldSeriesInfo) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Parse a Valet ``observations`` JSON answer for ``info.key``.

    Returns
    -------
    observations : pandas.DataFrame
        ``date`` and ``value`` (NaN when missing).
    detail : dict
        ``seriesDetail[<key>]`` (label, description).
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("observations"), list):
        raise body_error("boc", info, "has no 'observations' list")
    detail = (payload.get("seriesDetail") or {}).get(info.key)
    if detail is None:
        raise ProviderError(
            f"boc: the Valet answer does not describe {info.key} (seriesDetail has "
            f"{', '.join(payload.get('seriesDetail') or {}) or 'nothing'}): check the series"
        )
    dates: list[str] = []
    values: list[float] = []
    for row in payload["observations"]:
        if not isinstance(row, dict) or "d" not in row:
            raise body_error("boc", info, f"has an observation without a date: {row!r}"[:160])
        cell = row.get(info.key)
        raw = cell.get("v") if isinstance(cell, dict) else None
        dates.append(str(row["d"]))
        try:
            values.append(float(raw) if raw not in (None, "") else float("nan"))
        except (TypeError, ValueError):
            raise body_error(
                "boc", info, f"has a non-numeric value {raw!r} on {row['d']}"
            ) from None
    try:
        parsed = pd.to_datetime(pd.Series(dates, dtype=str), format="%Y-%m-%d")
    except ValueError:
        raise body_error("boc", info, "has dates that are not YYYY-MM-DD") from None
    frame = pd.DataFrame({"date": parsed.astype("datetime64[ns]"), "value": values})
    return frame, dict(detail)


class BocProvider(WorldSeriesProvider):
    """Catalogued Bank of Canada series (``CA_M2PP``, ``FXUSDCAD``) from Valet JSON."""

    name: ClassVar[str] = "boc"
    min_interval: ClassVar[float] = 0.5
    headers: ClassVar[dict[str, str]] = {"Accept": "application/json"}

    def download(
        self, info: WorldSeriesInfo, first: pd.Timestamp | None, last: pd.Timestamp | None
    ) -> Download:
        url = f"{VALET_URL}/{info.key}/json"
        params: dict[str, str] = {}
        if first is not None:
            params["start_date"] = first.strftime("%Y-%m-%d")
        if last is not None:
            params["end_date"] = last.strftime("%Y-%m-%d")
        observations, detail = parse_valet(self.client.get_json(url, params=params or None), info)
        if observations.empty:
            raise ProviderError(
                f"boc: the Valet answer for {info.id} ({info.key}) has no observations: "
                "widen --start/--end"
            )
        return Download(
            observations=observations,
            url=url,
            metadata={
                "format": "Valet JSON",
                "publisher_title": detail.get("label", ""),
                "publisher_description": detail.get("description", ""),
            },
        )
