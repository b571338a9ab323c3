"""EcbProvider: ECB Data Portal SDMX-CSV (csvdata) for EA_M2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.ecb import ECB_DATA_URL, EcbProvider
from bubblelink.providers.sdmx_csv import period_start
from tests.providers._replay import FakeTime, fixture_text
from tests.providers._world import assert_same_as_csv, client, csv_batch

URL = f"{ECB_DATA_URL}/BSI/M.U2.Y.V.M20.X.1.U2.2300.Z01.E"
FIXTURE = ("ecb", "BSI_M.U2.Y.V.M20.X.1.U2.2300.Z01.E_csvdata.csv")


def provider(fake_time: FakeTime, retries: int = 4) -> EcbProvider:
    return EcbProvider(client=client("ecb", fake_time, retries))


@responses.activate
def test_csvdata_parsed_in_eur_millions_with_lagged_vintages(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        body=fixture_text(*FIXTURE),
        match=[matchers.query_param_matcher({"format": "csvdata", "startPeriod": "2025-10"})],
    )
    result = provider(fake_time).fetch(["ea_m2"], start="2025-10-01")
    assert result.failures == {}
    (batch,) = result.batches
    meta = batch.meta
    assert (meta.id, meta.kind, meta.unit, meta.frequency, meta.source, meta.calendar) == (
        "EA_M2",
        "macro",
        "millions EUR",
        "monthly",
        "ecb",
        "none",
    )
    assert meta.metadata["publisher_unit"] == "EUR, UNIT_MULT=6"
    assert meta.metadata["publisher_key"] == "BSI.M.U2.Y.V.M20.X.1.U2.2300.Z01.E"
    data = batch.data
    assert list(data["date"].dt.strftime("%Y-%m-%d")) == [
        f"{m}-01" for m in pd.period_range("2025-10", "2026-05", freq="M").astype(str)
    ]
    assert data["value"].iloc[-4:].tolist() == [16244995.0, 16282533.0, 16288727.0, 16381796.0]
    # 60 days after the month label, at 00:00 UTC
    assert data["vintage"].iloc[-1] == pd.Timestamp("2026-06-30", tz="UTC")
    assert str(data["vintage"].dtype) == "datetime64[ns, UTC]"
    # the latest month is provisional in the answer (OBS_STATUS=P): said, not hidden
    assert meta.metadata["provisional_periods"] == ["2026-05"]
    assert batch.warnings == ["EA_M2: 2026-05 provisional (OBS_STATUS=P), may be revised"]
    # 15.6 trillion EUR in Dec-2024 is 1.56e7 millions: the scale is the catalog's
    assert data["value"].iloc[0] * meta.metadata["scale"] == pytest.approx(1.6e13, rel=0.05)


@responses.activate
def test_replay_equals_the_shared_csv_ingest(fake_time: FakeTime, shared_data_dir: Path) -> None:
    # the fixture and ecb_m2_euro_area.csv come from the same ECB export (energy-model 62df15d7)
    responses.add(responses.GET, URL, body=fixture_text(*FIXTURE))
    (live,) = provider(fake_time).fetch(["EA_M2"]).batches
    both = assert_same_as_csv(live, csv_batch(shared_data_dir, "EA_M2"), min_overlap=8)
    assert both["date"].min() == pd.Timestamp("2025-10-01")


@responses.activate
def test_end_window_and_clipping(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        body=fixture_text(*FIXTURE),
        match=[
            matchers.query_param_matcher(
                {"format": "csvdata", "startPeriod": "2026-01", "endPeriod": "2026-03"}
            )
        ],
    )
    (batch,) = provider(fake_time).fetch(["EA_M2"], "2026-01-01", "2026-03-31").batches
    # the answer holds more months than asked: clipped locally too
    assert list(batch.data["date"].dt.month) == [1, 2, 3]
    assert batch.warnings == []


@pytest.mark.parametrize("status", [404, 500])
@responses.activate
def test_http_error_is_a_failure_naming_provider_and_series(
    fake_time: FakeTime, status: int
) -> None:
    responses.add(responses.GET, URL, status=status, body="No results found.")
    result = provider(fake_time, retries=1).fetch(["EA_M2"])
    assert result.batches == []
    message = result.failures["EA_M2"]
    assert message.startswith(f"ecb: GET {URL}?format=csvdata failed with HTTP {status}")
    assert "\n" not in message
    assert len(responses.calls) == (1 if status == 404 else 2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "is empty"),
        ("<html><body>Maintenance</body></html>", "is HTML/XML, not SDMX-CSV"),
        ('{"data": []}', "not SDMX-CSV"),
        ("KEY,TIME_PERIOD,OBS_VALUE\n", "has no observations"),
        (
            "KEY,TIME_PERIOD,OBS_VALUE\nBSI.M.U2.Y.V.M20.X.1.U2.2300.Z01.E,2026-W05,1\n",
            "unsupported SDMX period '2026-W05'",
        ),
        (
            "KEY,TIME_PERIOD,OBS_VALUE\nBSI.M.U2.Y.V.M30.X.1.U2.2300.Z01.E,2026-05,1\n",
            "but the answer holds BSI.M.U2.Y.V.M30",
        ),
    ],
)
@responses.activate
def test_malformed_answers_fail_with_one_line(
    fake_time: FakeTime, body: str, expected: str
) -> None:
    responses.add(responses.GET, URL, body=body)
    result = provider(fake_time).fetch(["EA_M2"])
    assert result.batches == []
    assert expected in result.failures["EA_M2"]
    assert result.failures["EA_M2"].startswith("ecb: ")


@responses.activate
def test_changed_unit_multiplier_is_refused(fake_time: FakeTime) -> None:
    text = fixture_text(*FIXTURE).replace(",EUR,6\n", ",EUR,9\n")
    responses.add(responses.GET, URL, body=text)
    result = provider(fake_time).fetch(["EA_M2"])
    assert result.batches == []
    assert "came back in unit 'billions EUR', not 'millions EUR'" in result.failures["EA_M2"]


def test_unknown_or_foreign_series_is_refused_without_a_request(fake_time: FakeTime) -> None:
    with responses.RequestsMock() as mock:
        result = provider(fake_time).fetch(["NOT_A_SERIES", "JP_M2"])
        assert len(mock.calls) == 0
    assert result.failures == {
        "NOT_A_SERIES": "ecb: unknown series 'NOT_A_SERIES': use one of EA_M2",
        "JP_M2": "ecb: unknown series 'JP_M2': use one of EA_M2",
    }


def test_sdmx_periods() -> None:
    assert period_start("2026-05") == pd.Timestamp("2026-05-01")
    assert period_start("2026-M05") == pd.Timestamp("2026-05-01")
    assert period_start("2026-Q3") == pd.Timestamp("2026-07-01")
    assert period_start("2026") == pd.Timestamp("2026-01-01")
    assert period_start("2026-05-14") == pd.Timestamp("2026-05-14")
    with pytest.raises(ValueError, match="unsupported"):
        period_start("2026-S1")
