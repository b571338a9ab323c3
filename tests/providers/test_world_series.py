"""The live central-bank providers cover the world catalog: every id has one provider."""

from __future__ import annotations

import pytest

from bubblelink.errors import DataError
from bubblelink.providers.world_catalog import WORLD_SERIES, world_series_info
from bubblelink.providers.world_series import series_for
from bubblelink.service.ingest import central_bank_provider, central_bank_series


def test_every_live_series_has_its_provider() -> None:
    live = central_bank_series()
    assert live == ("EA_M2", "JP_M2", "GB_M4", "CA_M2PP", "CH_M2", "FXUSDCAD", "CN_BM_IMF")
    for sid in live:
        info = world_series_info(sid)
        assert info is not None
        provider = central_bank_provider(info.provider)
        assert provider.name == info.provider
        assert sid in series_for(provider.name)
    # file-only publishers have no live provider and say how to load them
    files_only = {
        info.provider
        for s in WORLD_SERIES
        if s not in live and (info := world_series_info(s)) is not None
    }
    assert files_only == {"pboc", "coinmarketcap"}
    with pytest.raises(DataError, match=r"no live provider for 'pboc'.*ingest csv"):
        central_bank_provider("pboc")


def test_a_bad_date_is_a_one_line_data_error_before_any_request() -> None:
    from bubblelink.providers.ecb import EcbProvider

    with pytest.raises(DataError, match="start 'last tuesday' is not a date: use YYYY-MM-DD"):
        EcbProvider().fetch(["EA_M2"], start="last tuesday")
