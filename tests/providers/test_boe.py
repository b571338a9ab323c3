"""BoeProvider: the Bank of England IADB CSV for GB_M4 (LPMAUYM)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.boe import BOE_IADB_URL, BoeProvider
from tests.providers._replay import FakeTime, fixture_text
from tests.providers._world import assert_same_as_csv, client, csv_batch

FIXTURE = ("boe", "iadb_IUMABEDR_LPMAUYM.csv")


def provider(fake_time: FakeTime, retries: int = 4) -> BoeProvider:
    return BoeProvider(client=client("boe", fake_time, retries))


@responses.activate
def test_iadb_csv_month_end_dates_gbp_millions(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        BOE_IADB_URL,
        body=fixture_text(*FIXTURE),
        match=[
            matchers.query_param_matcher(
                {
                    "csv.x": "yes",
                    "Datefrom": "01/Jan/2025",
                    "Dateto": "31/Aug/2026",
                    "SeriesCodes": "LPMAUYM",
                    "CSVF": "TN",
                    "UsingCodes": "Y",
                    "VPD": "Y",
                    "VFD": "N",
                }
            )
        ],
    )
    result = provider(fake_time).fetch(["GB_M4"], start="2025-01-01", end="2026-08-31")
    assert result.failures == {}
    (batch,) = result.batches
    assert (batch.meta.unit, batch.meta.source, batch.meta.frequency) == (
        "millions GBP",
        "boe",
        "monthly",
    )
    data = batch.data
    # the answer also carries IUMABEDR (Bank Rate): only the LPMAUYM column is read
    assert data["date"].iloc[0] == pd.Timestamp("2025-06-30")
    assert data["value"].iloc[0] == 3156624.0
    assert data["date"].iloc[-1] == pd.Timestamp("2026-08-31")
    assert data["value"].iloc[-1] == 3295865.0
    assert len(data) == 15
    # month-end date + 35 days
    assert data["vintage"].iloc[-1] == pd.Timestamp("2026-10-05", tz="UTC")


@responses.activate
def test_replay_equals_the_shared_csv_ingest(fake_time: FakeTime, shared_data_dir: Path) -> None:
    # the fixture rows are the last 15 lines of the IADB answer boe_m4_uk.csv was made from
    responses.add(responses.GET, BOE_IADB_URL, body=fixture_text(*FIXTURE))
    (live,) = provider(fake_time).fetch(["GB_M4"]).batches
    assert_same_as_csv(live, csv_batch(shared_data_dir, "GB_M4"), min_overlap=15)


@responses.activate
def test_html_page_with_200_is_an_error_not_an_empty_series(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        BOE_IADB_URL,
        body="\r\n<!DOCTYPE html><html><head><title>Database</title></head></html>",
        content_type="text/html",
    )
    result = provider(fake_time).fetch(["GB_M4"])
    assert result.batches == []
    assert result.failures["GB_M4"].startswith(
        "boe: the IADB answered an HTML page, not CSV, for GB_M4 (LPMAUYM)"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "is empty"),
        ("DATE,IUMABEDR\n31 Aug 2026,3.75\n", "has no LPMAUYM column"),
        ("SERIES,LPMAUYM\nx,1\n", "has no DATE column"),
        ("DATE,LPMAUYM\n2026-08-31,3295865\n", "not like '31 Jan 1988'"),
        ("DATE,LPMAUYM\n", "has no rows"),
    ],
)
@responses.activate
def test_malformed_answers(fake_time: FakeTime, body: str, expected: str) -> None:
    responses.add(responses.GET, BOE_IADB_URL, body=body)
    result = provider(fake_time).fetch(["GB_M4"])
    assert result.batches == []
    assert expected in result.failures["GB_M4"]


@pytest.mark.parametrize("status", [404, 503])
@responses.activate
def test_http_error_is_a_failure(fake_time: FakeTime, status: int) -> None:
    responses.add(responses.GET, BOE_IADB_URL, status=status)
    result = provider(fake_time, retries=1).fetch(["GB_M4"])
    assert f"HTTP {status}" in result.failures["GB_M4"]
    assert result.failures["GB_M4"].startswith("boe: GET ")


def test_browser_compatible_user_agent_and_unknown_series(fake_time: FakeTime) -> None:
    assert "Mozilla/5.0" in BoeProvider().client.session.headers["User-Agent"]
    result = provider(fake_time).fetch(["GB_M4EX"])
    assert result.failures == {"GB_M4EX": "boe: unknown series 'GB_M4EX': use one of GB_M4"}
