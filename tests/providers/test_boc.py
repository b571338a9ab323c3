"""BocProvider: Bank of Canada Valet JSON for CA_M2PP (V41552801) and FXUSDCAD."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

from bubblelink.providers.boc import VALET_URL, BocProvider
from tests.providers._replay import FakeTime, fixture_json
from tests.providers._world import assert_same_as_csv, client, csv_batch

M2PP = ("boc", "valet_V41552801.json")
FX = ("boc", "valet_FXUSDCAD.json")


def provider(fake_time: FakeTime, retries: int = 4) -> BocProvider:
    return BocProvider(client=client("boc", fake_time, retries))


@responses.activate
def test_m2pp_and_fx_parsed_with_their_own_units_and_lags(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{VALET_URL}/V41552801/json",
        json=fixture_json(*M2PP),
        match=[matchers.query_param_matcher({"start_date": "2025-03-01"})],
    )
    responses.add(responses.GET, f"{VALET_URL}/FXUSDCAD/json", json=fixture_json(*FX))
    result = provider(fake_time).fetch(["CA_M2PP", "FXUSDCAD"], start="2025-03-01")
    assert result.failures == {}
    m2pp, fx = result.batches
    assert (m2pp.meta.unit, m2pp.meta.frequency) == ("millions CAD", "monthly")
    assert m2pp.meta.metadata["publisher_title"] == "M2++ (gross) (Seasonally adjusted)"
    assert m2pp.meta.metadata["seasonal_adjustment"] == "seasonally adjusted"
    assert m2pp.data["value"].iloc[-1] == 5240416.0
    assert m2pp.data["date"].iloc[-1] == pd.Timestamp("2026-04-01")
    assert m2pp.data["vintage"].iloc[-1] == pd.Timestamp("2026-06-10", tz="UTC")  # +70 days
    assert (fx.meta.unit, fx.meta.frequency) == ("CAD per USD", "business")
    assert fx.data["value"].iloc[-1] == 1.4049
    assert fx.data["vintage"].iloc[-1] == pd.Timestamp("2026-07-16", tz="UTC")  # +1 day
    assert len(fx.data) == 10


@pytest.mark.parametrize(("sid", "fixture"), [("CA_M2PP", M2PP), ("FXUSDCAD", FX)])
@responses.activate
def test_replay_equals_the_shared_csv_ingest(
    fake_time: FakeTime, shared_data_dir: Path, sid: str, fixture: tuple[str, str]
) -> None:
    # fixtures are the tails of the Valet answers boc_*.csv were made from (energy-model d6dc413b)
    payload = fixture_json(*fixture)
    key = next(iter(payload["seriesDetail"]))
    responses.add(responses.GET, f"{VALET_URL}/{key}/json", json=payload)
    (live,) = provider(fake_time).fetch([sid]).batches
    assert_same_as_csv(live, csv_batch(shared_data_dir, sid), min_overlap=10)


@responses.activate
def test_missing_value_dropped_and_counted(fake_time: FakeTime) -> None:
    payload = copy.deepcopy(fixture_json(*FX))
    payload["observations"][3]["FXUSDCAD"] = {"v": ""}
    del payload["observations"][4]["FXUSDCAD"]
    responses.add(responses.GET, f"{VALET_URL}/FXUSDCAD/json", json=payload)
    (batch,) = provider(fake_time).fetch(["FXUSDCAD"]).batches
    assert len(batch.data) == 8
    assert batch.warnings == ["FXUSDCAD: 2 empty observations skipped (missing or not finite)"]


@responses.activate
def test_repeated_dates_keep_the_last_and_say_so(fake_time: FakeTime) -> None:
    payload = copy.deepcopy(fixture_json(*FX))
    payload["observations"].append({"d": "2026-07-15", "FXUSDCAD": {"v": "1.4050"}})
    responses.add(responses.GET, f"{VALET_URL}/FXUSDCAD/json", json=payload)
    (batch,) = provider(fake_time).fetch(["FXUSDCAD"]).batches
    assert len(batch.data) == 10
    assert batch.data["value"].iloc[-1] == 1.4050
    assert batch.warnings == ["FXUSDCAD: 1 repeated dates in the answer, the last kept"]


@responses.activate
def test_unknown_valet_series_404(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        f"{VALET_URL}/V41552801/json",
        status=404,
        json={"message": "Series V41552801 not found."},
    )
    result = provider(fake_time).fetch(["CA_M2PP"])
    message = result.failures["CA_M2PP"]
    assert message.startswith(f"boc: GET {VALET_URL}/V41552801/json failed with HTTP 404")
    assert "Series V41552801 not found." in message


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"message": "oops"}, "has no 'observations' list"),
        ({"seriesDetail": {}, "observations": []}, "does not describe V41552801"),
        (
            {"seriesDetail": {"V41552801": {}}, "observations": []},
            "has no observations: widen --start/--end",
        ),
        (
            {"seriesDetail": {"V41552801": {}}, "observations": [{"V41552801": {"v": "1"}}]},
            "an observation without a date",
        ),
        (
            {
                "seriesDetail": {"V41552801": {}},
                "observations": [{"d": "2026-04-01", "V41552801": {"v": "5,240,416"}}],
            },
            "non-numeric value '5,240,416'",
        ),
    ],
)
@responses.activate
def test_malformed_answers(fake_time: FakeTime, payload: object, expected: str) -> None:
    responses.add(responses.GET, f"{VALET_URL}/V41552801/json", json=payload)
    result = provider(fake_time).fetch(["CA_M2PP"])
    assert result.batches == []
    assert expected in result.failures["CA_M2PP"]


@responses.activate
def test_not_json_and_server_error(fake_time: FakeTime) -> None:
    responses.add(responses.GET, f"{VALET_URL}/V41552801/json", body="<html>down</html>")
    responses.add(responses.GET, f"{VALET_URL}/FXUSDCAD/json", status=500)
    result = provider(fake_time, retries=1).fetch(["CA_M2PP", "FXUSDCAD"])
    assert "is not JSON" in result.failures["CA_M2PP"]
    assert "HTTP 500" in result.failures["FXUSDCAD"]


def test_unknown_series(fake_time: FakeTime) -> None:
    result = provider(fake_time).fetch(["FXEURCAD"])
    assert result.failures == {
        "FXEURCAD": "boc: unknown series 'FXEURCAD': use one of CA_M2PP, FXUSDCAD"
    }
