"""Dates a question may name: YYYY-MM-DD from 1970-01-01 to tomorrow (UTC); else a clear 422."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bubblelink.dates import check_query_date, query_date_bounds
from bubblelink.errors import DataError
from bubblelink.service.params import CorrParams

TOMORROW = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def test_bounds_are_1970_and_tomorrow() -> None:
    assert query_date_bounds(dt.date(2026, 3, 1)) == (dt.date(1970, 1, 1), dt.date(2026, 3, 2))
    today = dt.date(2026, 3, 1)
    assert check_query_date(dt.date(1970, 1, 1), "as-of", today) == dt.date(1970, 1, 1)
    assert check_query_date(dt.date(2026, 3, 2), "as-of", today) == dt.date(2026, 3, 2)
    for bad in (dt.date(1969, 12, 31), dt.date(2026, 3, 3)):
        with pytest.raises(
            DataError, match="out of range: use a date from 1970-01-01 to 2026-03-02"
        ):
            check_query_date(bad, "as-of", today)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("as_of=0", "'0' is not a date: use YYYY-MM-DD"),
        ("as_of=1735689600", "'1735689600' is not a date"),
        ("as_of=abc", "'abc' is not a date"),
        ("as_of=2025-02-30", "'2025-02-30' is not a date"),
        ("as_of=2025-1-5", "'2025-1-5' is not a date"),
        ("as_of=2999-01-01", "2999-01-01 is out of range: use a date from 1970-01-01"),
        ("start=1969-12-31", "start: 1969-12-31 is out of range"),
        ("end=2200-01-01", "end: 2200-01-01 is out of range"),
        (f"as_of={TOMORROW + dt.timedelta(days=1)}", "is out of range"),
    ],
)
def test_bad_dates_are_a_clear_422(client: Any, query: str, expected: str) -> None:
    response = client.get(f"/api/corr?{query}")
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert expected in detail and len(detail.splitlines()) == 1


def test_claims_before_1970_is_422_not_a_swap_hint(client: Any) -> None:
    response = client.get("/api/claims?as_of=1900-01-01")
    assert response.status_code == 422, response.text
    assert "out of range" in response.json()["detail"] and "swap" not in response.text


def test_edges_are_accepted_by_the_shared_params() -> None:
    assert CorrParams.build(as_of="1970-01-01").as_of == dt.date(1970, 1, 1)
    assert CorrParams.build(as_of=TOMORROW.isoformat()).as_of == TOMORROW
    assert CorrParams.build(as_of=dt.datetime(2025, 1, 2)).as_of == dt.date(2025, 1, 2)
    with pytest.raises(DataError, match="invalid parameter as_of: 1969-12-31 is out of range"):
        CorrParams.build(as_of="1969-12-31")


def test_a_tail_quantile_too_small_to_hold_any_observation_is_a_422(client: Any) -> None:
    """``q=5e-324`` overflowed the tail count into a 500 (found by schemathesis)."""
    for q in ("5e-324", "1e-300", "0"):
        answer = client.get("/api/tails", params={"q": q})
        assert answer.status_code == 422, (q, answer.text)
        assert "q" in answer.json()["detail"]
