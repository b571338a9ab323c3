"""HttpClient: retries, Retry-After, non-retryable 4xx, rate limiting, jitter, secrets."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
import requests
import responses

from bubblelink.errors import ProviderError
from bubblelink.providers.http import (
    HttpClient,
    HttpStatusError,
    RateLimiter,
    RetryPolicy,
    backoff_delay,
    call_with_retries,
    parse_retry_after,
    redact_url,
)
from tests.providers._replay import FakeTime

URL = "https://api.example.test/v1/series"


def make_client(fake_time: FakeTime, **kwargs: object) -> HttpClient:
    return HttpClient(
        "testprov",
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(7),
        **kwargs,  # type: ignore[arg-type]
    )


@responses.activate
def test_retry_on_5xx_then_success(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, status=502)
    responses.add(responses.GET, URL, status=500)
    responses.add(responses.GET, URL, json={"ok": 1})
    client = make_client(fake_time, retry=RetryPolicy(max_retries=3, backoff_base=1.0))
    assert client.get_json(URL) == {"ok": 1}
    assert len(responses.calls) == 3
    # two backoff sleeps, each inside its full-jitter window [0, base*2**k]
    assert len(client.retry_sleeps) == 2
    assert 0.0 <= client.retry_sleeps[0] <= 1.0
    assert 0.0 <= client.retry_sleeps[1] <= 2.0
    assert fake_time.sleeps == client.retry_sleeps


@responses.activate
def test_retry_on_connection_error_then_success(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, body=requests.ConnectionError("reset by peer"))
    responses.add(responses.GET, URL, body="a,b\n1,2\n")
    client = make_client(fake_time)
    assert client.get_text(URL) == "a,b\n1,2\n"
    assert len(responses.calls) == 2


@responses.activate
def test_retry_after_delta_seconds_is_honoured(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, status=429, headers={"Retry-After": "7"})
    responses.add(responses.GET, URL, status=503, headers={"Retry-After": "3"})
    responses.add(responses.GET, URL, json=[1, 2])
    client = make_client(fake_time)
    assert client.get_json(URL) == [1, 2]
    assert client.retry_sleeps == [7.0, 3.0]


@responses.activate
def test_retry_after_http_date_uses_response_date_header(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        status=429,
        headers={
            "Date": "Wed, 21 Oct 2015 07:28:00 GMT",
            "Retry-After": "Wed, 21 Oct 2015 07:28:45 GMT",
        },
    )
    responses.add(responses.GET, URL, json={})
    client = make_client(fake_time)
    client.get(URL)
    assert client.retry_sleeps == [45.0]


@responses.activate
def test_retry_after_too_long_gives_up_at_once(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, status=429, headers={"Retry-After": "3600"})
    client = make_client(fake_time, retry=RetryPolicy(max_retry_after=300))
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert info.value.status == 429
    assert "Retry-After 3600 s" in str(info.value)
    assert fake_time.sleeps == []
    assert len(responses.calls) == 1


@responses.activate
def test_404_is_not_retried_and_message_names_everything(fake_time: FakeTime) -> None:
    responses.add(
        responses.GET,
        URL,
        status=404,
        json={"error_code": 404, "error_message": "Not Found. The series does not exist."},
    )
    client = make_client(fake_time)
    with pytest.raises(ProviderError) as info:
        client.get(URL, params={"series_id": "NOPE", "api_key": "SECRETKEY123"})
    message = str(info.value)
    assert len(responses.calls) == 1
    assert fake_time.sleeps == []
    assert "\n" not in message
    assert message.startswith("testprov: GET https://api.example.test/v1/series?")
    assert "series_id=NOPE" in message
    assert "api_key=***" in message
    assert "SECRETKEY123" not in message
    assert "HTTP 404" in message
    assert "The series does not exist." in message
    assert "check the symbol or series id" in message


@responses.activate
def test_400_not_retried(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, status=400)
    client = make_client(fake_time)
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert info.value.status == 400
    assert info.value.attempts == 1
    assert len(responses.calls) == 1


@responses.activate
def test_retries_exhausted_raise_provider_error(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, status=503)
    client = make_client(fake_time, retry=RetryPolicy(max_retries=2, backoff_base=0.5))
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert len(responses.calls) == 3
    assert info.value.attempts == 3
    assert "HTTP 503" in str(info.value)
    assert "after 3 attempts" in str(info.value)
    assert "try again later" in str(info.value)


@responses.activate
def test_connection_errors_exhausted_message(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, body=requests.ConnectTimeout("timed out"))
    client = make_client(fake_time, retry=RetryPolicy(max_retries=1))
    with pytest.raises(HttpStatusError) as info:
        client.get(URL)
    assert info.value.status is None
    assert "ConnectTimeout" in str(info.value)
    assert "check the network" in str(info.value)


@responses.activate
def test_rate_limiter_spaces_requests(fake_time: FakeTime) -> None:
    responses.add(responses.GET, URL, json={})
    client = make_client(fake_time, min_interval=2.0)
    for _ in range(3):
        client.get(URL)
    # first request free, then 2 s apart (the fake clock only moves by sleeping)
    assert fake_time.sleeps == pytest.approx([2.0, 2.0])


def test_token_bucket_allows_burst_then_spaces(fake_time: FakeTime) -> None:
    limiter = RateLimiter(rate=4.0, burst=2, clock=fake_time.clock, sleep=fake_time.sleep)
    waits = [limiter.acquire() for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.0, 0.25, 0.25])
    fake_time.advance(10.0)  # idle: bucket refills to 2, not more
    assert [limiter.acquire() for _ in range(3)] == pytest.approx([0.0, 0.0, 0.25])


def test_full_jitter_bounds_and_spread() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=4.0)
    rng = random.Random(1)
    for attempt, cap in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)]:
        draws = [backoff_delay(attempt, policy, rng) for _ in range(2000)]
        assert min(draws) >= 0.0
        assert max(draws) <= cap
        # uniform on [0, cap]: the mean is near cap/2 and the range is covered
        assert sum(draws) / len(draws) == pytest.approx(cap / 2, rel=0.08)
        assert max(draws) > 0.95 * cap
        assert min(draws) < 0.05 * cap


def test_parse_retry_after_forms() -> None:
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now) == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_redact_url_masks_secret_params() -> None:
    safe = redact_url(
        "https://api.stlouisfed.org/fred/series?series_id=M2SL",
        {"api_key": "abc", "x_cg_pro_api_key": "def", "file_type": "json"},
    )
    assert safe == (
        "https://api.stlouisfed.org/fred/series?series_id=M2SL&api_key=***"
        "&x_cg_pro_api_key=***&file_type=json"
    )


def test_call_with_retries_retries_then_gives_up(fake_time: FakeTime) -> None:
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TimeoutError("slow")
        return "done"

    policy = RetryPolicy(max_retries=3, backoff_base=1.0)
    assert (
        call_with_retries(
            flaky,
            retry_on=(TimeoutError,),
            policy=policy,
            sleep=fake_time.sleep,
            rng=random.Random(0),
        )
        == "done"
    )
    assert len(fake_time.sleeps) == 2
    assert 0 <= fake_time.sleeps[0] <= 1.0 and 0 <= fake_time.sleeps[1] <= 2.0

    def always() -> str:
        raise TimeoutError("slow")

    with pytest.raises(ProviderError, match="gave up after 2"):
        call_with_retries(
            always,
            retry_on=(TimeoutError,),
            policy=RetryPolicy(max_retries=1),
            sleep=fake_time.sleep,
            on_give_up=lambda exc, n: ProviderError(f"gave up after {n}"),
        )
