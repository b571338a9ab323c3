"""SnbProvider: the SNB data portal cube CSV (snbmonagg, D0=B, D1=GM2) for CH_M2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.snb import SNB_CUBE_URL, SnbProvider
from tests.providers._replay import FIXTURES, FakeTime
from tests.providers._world import assert_same_as_csv, client, csv_batch

URL = f"{SNB_CUBE_URL}/snbmonagg/data/csv/en"
RAW = FIXTURES.joinpath("snb", "snbmonagg_B_GM2.csv").read_bytes()  # BOM + CRLF, as served


def provider(fake_time: FakeTime, retries: int = 4) -> SnbProvider:
    return SnbProvider(client=client("snb", fake_time, retries))


@responses.activate
def test_cube_csv_with_bom_and_header_block(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        body=RAW,
        content_type="text/csv; charset=utf-8",
        match=[
            matchers.query_param_matcher(
                {"dimSel": "D0(B),D1(GM2)", "fromDate": "2025-08", "toDate": "2026-07"}
            )
        ],
    )
    result = provider(fake_time).fetch(["CH_M2"], start="2025-08-01", end="2026-07-31")
    assert result.failures == {}
    (batch,) = result.batches
    assert (batch.meta.unit, batch.meta.source) == ("millions CHF", "snb")
    assert batch.meta.metadata["published"] == "2026-08-20 09:00"
    data = batch.data
    assert len(data) == 12
    assert data["date"].iloc[-1] == pd.Timestamp("2026-07-01")
    assert data["value"].iloc[-1] == 1117458.0
    assert data["vintage"].iloc[-1] == pd.Timestamp("2026-09-04", tz="UTC")  # +65 days


@responses.activate
def test_replay_equals_the_shared_csv_ingest(fake_time: FakeTime, shared_data_dir: Path) -> None:
    # the fixture is BUILT in the portal's format from snb_m2_switzerland.csv's last 12 months
    responses.add(responses.GET, URL, body=RAW, content_type="text/csv")
    (live,) = provider(fake_time).fetch(["CH_M2"]).batches
    assert_same_as_csv(live, csv_batch(shared_data_dir, "CH_M2"), min_overlap=12)


@responses.activate
def test_other_dimension_codes_are_skipped(fake_time: FakeTime) -> None:
    body = (
        '"CubeId";"snbmonagg"\r\n"PublishingDate";"2026-08-20 09:00"\r\n\r\n'
        '"Date";"D0";"D1";"Value"\r\n'
        '"2026-06";"B";"GM2";"1116788"\r\n"2026-06";"VV";"GM2";"3.1"\r\n'
        '"2026-06";"B";"GM3";"1250000"\r\n"2026-07";"B";"GM2";""\r\n'
    )
    responses.add(responses.GET, URL, body=body)
    (batch,) = provider(fake_time).fetch(["CH_M2"]).batches
    assert batch.data["value"].tolist() == [1116788.0]
    assert batch.warnings == ["CH_M2: 1 empty observations skipped (missing or not finite)"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "is empty"),
        ("<html>error</html>", "is HTML/JSON"),
        ('"CubeId";"snbbipo"\r\n\r\n"Date";"D0";"Value"\r\n', "but the answer is cube 'snbbipo'"),
        ('"CubeId";"snbmonagg"\r\n\r\n', 'has no "Date" header row'),
        ('"CubeId";"snbmonagg"\r\n\r\n"Date";"D0";"Value"\r\n', "not Date;D0;D1;Value"),
        (
            '"CubeId";"snbmonagg"\r\n\r\n"Date";"D0";"D1";"Value"\r\n"2026-06";"B";"GM2"\r\n',
            "has a row of 3 fields, not 4",
        ),
        (
            '"CubeId";"snbmonagg"\r\n\r\n"Date";"D0";"D1";"Value"\r\n"2026-06";"B";"GM2";"1\'116"\r\n',
            "has an unreadable row",
        ),
        ('"CubeId";"snbmonagg"\r\n\r\n"Date";"D0";"D1";"Value"\r\n', "has no D0=B, D1=GM2 rows"),
    ],
)
@responses.activate
def test_malformed_answers(fake_time: FakeTime, body: str, expected: str) -> None:
    responses.add(responses.GET, URL, body=body)
    result = provider(fake_time).fetch(["CH_M2"])
    assert result.batches == []
    assert expected in result.failures["CH_M2"]


@pytest.mark.parametrize("status", [404, 502])
@responses.activate
def test_http_error_is_a_failure(fake_time: FakeTime, status: int) -> None:
    responses.add(responses.GET, URL, status=status)
    result = provider(fake_time, retries=1).fetch(["CH_M2"])
    assert result.failures["CH_M2"].startswith(f"snb: GET {URL}?dimSel=D0%28B%29,D1%28GM2%29")
    assert f"HTTP {status}" in result.failures["CH_M2"]


def test_unknown_series(fake_time: FakeTime) -> None:
    result = provider(fake_time).fetch(["CH_M3"])
    assert result.failures == {"CH_M3": "snb: unknown series 'CH_M3': use one of CH_M2"}
