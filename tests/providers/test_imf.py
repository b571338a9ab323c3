"""ImfProvider: the IMF SDMX 2.1 API (SDMX-CSV) for CN_BM_IMF (MFS_MA, broad money)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.analytics.liquidity import billions_factor
from bubblelink.providers.imf import IMF_DATA_URL, SDMX_CSV, ImfProvider
from tests.providers._replay import FakeTime, fixture_text
from tests.providers._world import client, csv_batch

URL = f"{IMF_DATA_URL}/IMF.STA,MFS_MA/CHN.BM_MAI.XDC.M"
FIXTURE = ("imf", "MFS_MA_CHN.BM_MAI.XDC.M.csv")


def provider(fake_time: FakeTime, retries: int = 4) -> ImfProvider:
    return ImfProvider(client=client("imf", fake_time, retries))


@responses.activate
def test_sdmx_csv_in_full_currency_units(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        body=fixture_text(*FIXTURE),
        match=[
            matchers.query_param_matcher({"detail": "dataonly", "startPeriod": "2025-08"}),
            matchers.header_matcher({"Accept": SDMX_CSV}),
        ],
    )
    result = provider(fake_time).fetch(["CN_BM_IMF"], start="2025-08-01")
    assert result.failures == {}
    (batch,) = result.batches
    assert (batch.meta.unit, batch.meta.source, batch.meta.metadata["currency"]) == (
        "CNY",
        "imf",
        "CNY",
    )
    assert batch.meta.metadata["dataflow"] == "IMF.STA:MFS_MA(10.0.1)"
    data = batch.data
    assert len(data) == 10
    assert data["date"].iloc[-1] == pd.Timestamp("2026-05-01")  # 2026-M05
    assert data["value"].iloc[-1] == 353670000000000.0
    assert data["vintage"].iloc[-1] == pd.Timestamp("2026-08-29", tz="UTC")  # +120 days


@responses.activate
def test_units_agree_with_the_pboc_file(fake_time: FakeTime, shared_data_dir: Path) -> None:
    # The fixture is BUILT: IMF SDMX-CSV layout, values = pboc_m2_china.csv x 1e8 (not IMF's
    # own figures, which may differ in definition). What is tested is the unit path: a value
    # in "CNY" and one in "100 millions CNY" give the same billions.
    responses.add(responses.GET, URL, body=fixture_text(*FIXTURE))
    (live,) = provider(fake_time).fetch(["CN_BM_IMF"]).batches
    pboc = csv_batch(shared_data_dir, "CN_M2")
    both = live.data.merge(
        pboc.data.assign(date=pd.to_datetime(pboc.data["date"]).astype("datetime64[ns]")),
        on="date",
        suffixes=("_imf", "_pboc"),
    )
    assert len(both) == 10
    imf_bn = both["value_imf"] * billions_factor(live.meta.unit)
    pboc_bn = both["value_pboc"].astype(float) * billions_factor(pboc.meta.unit)
    assert (imf_bn - pboc_bn).abs().max() < 1e-3


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "is empty"),
        ('<?xml version="1.0"?><message:Error/>', "is HTML/XML"),
        ("DATAFLOW,COUNTRY,INDICATOR,UNIT,FREQUENCY,TIME_PERIOD,OBS_VALUE\n", "no observations"),
        (
            "DATAFLOW,COUNTRY,INDICATOR,UNIT,FREQUENCY,TIME_PERIOD,OBS_VALUE\n"
            "IMF.STA:MFS_MA(10.0.1),CHN,BM_MAI,USD,M,2026-M05,1\n",
            "asked for UNIT=XDC (IMF.STA,MFS_MA/CHN.BM_MAI.XDC.M) but the answer holds USD",
        ),
        ("STRUCTURE,STRUCTURE_ID\nx,y\n", "has no TIME_PERIOD or OBS_VALUE column"),
    ],
)
@responses.activate
def test_malformed_answers(fake_time: FakeTime, body: str, expected: str) -> None:
    responses.add(responses.GET, URL, body=body)
    result = provider(fake_time).fetch(["CN_BM_IMF"])
    assert result.batches == []
    assert expected in result.failures["CN_BM_IMF"]


@responses.activate
def test_sdmx_csv_2_layout_is_read(fake_time: FakeTime) -> None:
    body = (
        "STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,INDICATOR,UNIT,FREQUENCY,TIME_PERIOD,OBS_VALUE\n"
        "dataflow,IMF.STA:MFS_MA(10.0.1),I,CHN,BM_MAI,XDC,M,2026-M04,353040000000000\n"
    )
    responses.add(responses.GET, URL, body=body)
    (batch,) = provider(fake_time).fetch(["CN_BM_IMF"]).batches
    assert batch.data["value"].tolist() == [353040000000000.0]
    assert batch.meta.metadata["dataflow"] == "IMF.STA:MFS_MA(10.0.1)"


@pytest.mark.parametrize("status", [404, 500])
@responses.activate
def test_http_error_is_a_failure(fake_time: FakeTime, status: int) -> None:
    responses.add(responses.GET, URL, status=status)
    result = provider(fake_time, retries=1).fetch(["CN_BM_IMF"])
    assert result.failures["CN_BM_IMF"].startswith("imf: GET https://api.imf.org/")
    assert f"HTTP {status}" in result.failures["CN_BM_IMF"]


def test_unknown_series(fake_time: FakeTime) -> None:
    result = provider(fake_time).fetch(["KR_BM_IMF"])
    assert result.failures == {"KR_BM_IMF": "imf: unknown series 'KR_BM_IMF': use one of CN_BM_IMF"}
