"""BojProvider: the BoJ stat-search API (getDataCode, CSV) for JP_M2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.boj import BOJ_API_URL, BojProvider
from tests.providers._replay import FakeTime, fixture_text
from tests.providers._world import assert_same_as_csv, client, csv_batch

FIXTURE = ("boj", "getDataCode_MD02_MAM1NAM2M2MO.csv")
BASE_QUERY = {"format": "csv", "lang": "en", "db": "MD02", "code": "MAM1NAM2M2MO"}


def provider(fake_time: FakeTime, retries: int = 4) -> BojProvider:
    return BojProvider(client=client("boj", fake_time, retries))


@responses.activate
def test_csv_parsed_in_100_million_yen_nulls_dropped(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        BOJ_API_URL,
        body=fixture_text(*FIXTURE),
        match=[matchers.query_param_matcher({**BASE_QUERY, "startDate": "200301"})],
    )
    result = provider(fake_time).fetch(["JP_M2"], start="2003-01-01")
    assert result.failures == {}
    (batch,) = result.batches
    assert (batch.meta.unit, batch.meta.frequency, batch.meta.source) == (
        "100 millions JPY",
        "monthly",
        "boj",
    )
    assert batch.meta.metadata["publisher_unit"] == "100 million yen"
    assert batch.meta.metadata["observation"] == "period average"
    data = batch.data
    # 200301..200303 are "null" in the answer: dropped and counted, never zero
    assert batch.warnings == ["JP_M2: 3 empty observations skipped (missing or not finite)"]
    assert data["date"].iloc[0] == pd.Timestamp("2003-04-01")
    assert data["value"].iloc[0] == 6767067.0
    assert data["value"].iloc[-1] == 12980932.0
    assert len(data) == 15
    # 45 days after the month label
    assert data["vintage"].iloc[-1] == pd.Timestamp("2026-06-15", tz="UTC")
    # 1,298 trillion yen: 12,980,932 x 1e8
    assert data["value"].iloc[-1] * batch.meta.metadata["scale"] == pytest.approx(
        1.298e15, rel=1e-3
    )


@responses.activate
def test_replay_equals_the_shared_csv_ingest(fake_time: FakeTime, shared_data_dir: Path) -> None:
    # the fixture and boj_m2_japan.csv come from the same API answer (energy-model 62df15d7)
    responses.add(responses.GET, BOJ_API_URL, body=fixture_text(*FIXTURE))
    (live,) = provider(fake_time).fetch(["JP_M2"]).batches
    assert_same_as_csv(live, csv_batch(shared_data_dir, "JP_M2"), min_overlap=15)


@responses.activate
def test_next_position_pages_through(fake_time: FakeTime) -> None:
    text = fixture_text(*FIXTURE)
    lines = text.splitlines()
    data_at = next(i for i, line in enumerate(lines) if line.startswith("SERIES_CODE"))
    first = [("NEXTPOSITION,2" if line == "NEXTPOSITION," else line) for line in lines]
    page1 = "\n".join(first[: data_at + 7]) + "\n"
    page2 = "\n".join(lines[: data_at + 1] + lines[data_at + 7 :]) + "\n"
    responses.add(
        responses.GET,
        BOJ_API_URL,
        body=page1,
        match=[matchers.query_param_matcher(BASE_QUERY)],
    )
    responses.add(
        responses.GET,
        BOJ_API_URL,
        body=page2,
        match=[matchers.query_param_matcher({**BASE_QUERY, "startPosition": "2"})],
    )
    (batch,) = provider(fake_time).fetch(["JP_M2"]).batches
    assert len(batch.data) == 15
    assert len(responses.calls) == 2


@pytest.mark.parametrize("status", [404, 500])
@responses.activate
def test_http_error_is_a_failure(fake_time: FakeTime, status: int) -> None:
    responses.add(responses.GET, BOJ_API_URL, status=status)
    result = provider(fake_time, retries=1).fetch(["JP_M2"])
    assert result.batches == []
    assert result.failures["JP_M2"].startswith(f"boj: GET {BOJ_API_URL}?format=csv")
    assert f"HTTP {status}" in result.failures["JP_M2"]


@responses.activate
def test_api_status_error_in_a_200_answer(fake_time: FakeTime) -> None:
    # illustrative error body in the API's header-block layout (not a recording)
    body = "STATUS,400\nMESSAGEID,M181004E\nMESSAGE,The series code is invalid.\n"
    responses.add(responses.GET, BOJ_API_URL, body=body)
    result = provider(fake_time).fetch(["JP_M2"])
    message = result.failures["JP_M2"]
    assert message.startswith("boj: the API refused JP_M2 (MD02'MAM1NAM2M2MO): STATUS 400")
    assert "The series code is invalid." in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "is empty"),
        ("<!DOCTYPE html><html></html>", "is HTML"),
        ("STATUS,200\nMESSAGE,Successfully completed\n", "has no SERIES_CODE header row"),
        (
            "STATUS,200\nSERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,"
            "SURVEY_DATES,VALUES\nMAM1NAM2M2MO,M2,100 million yen,MONTHLY,Money Stock,"
            "20260609,202605,12,980,932\n",
            "has a row of 10 fields, not 8",
        ),
        (
            "STATUS,200\nSERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,"
            "SURVEY_DATES,VALUES\nMAM1NAM3M3MO,M3,100 million yen,MONTHLY,Money Stock,"
            "20260609,202605,1\n",
            "but the answer holds MAM1NAM3M3MO",
        ),
        (
            "STATUS,200\nSERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,"
            "SURVEY_DATES,VALUES\nMAM1NAM2M2MO,M2,100 million yen,MONTHLY,Money Stock,"
            "20260609,202605,n/a\n",
            "has a non-numeric value 'n/a' for 202605",
        ),
    ],
)
@responses.activate
def test_malformed_answers(fake_time: FakeTime, body: str, expected: str) -> None:
    responses.add(responses.GET, BOJ_API_URL, body=body)
    result = provider(fake_time).fetch(["JP_M2"])
    assert result.batches == []
    assert expected in result.failures["JP_M2"]


@responses.activate
def test_changed_unit_is_refused(fake_time: FakeTime) -> None:
    text = fixture_text(*FIXTURE).replace("100 million yen", "billion yen")
    responses.add(responses.GET, BOJ_API_URL, body=text)
    result = provider(fake_time).fetch(["JP_M2"])
    assert "came back in unit 'billion yen', not '100 millions JPY'" in result.failures["JP_M2"]


def test_unknown_series(fake_time: FakeTime) -> None:
    result = provider(fake_time).fetch(["JP_M3"])
    assert result.failures == {"JP_M3": "boj: unknown series 'JP_M3': use one of JP_M2"}
