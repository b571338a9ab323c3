"""The one HTTP client every network provider uses.

:class:`HttpClient` wraps a :class:`requests.Session` with

* connect/read timeouts on every request;
* retries with exponential backoff and *full jitter* (AWS architecture blog, Brooker
  2015): before retry ``k`` (0-based) the client sleeps ``U(0, min(cap, base * 2**k))``
  seconds, on connection errors, timeouts, HTTP 5xx and HTTP 429;
* ``Retry-After`` honoured on 429 and 503, in both forms of RFC 9110 §10.2.3
  (delta-seconds ``"120"`` and an HTTP-date ``"Wed, 21 Oct 2015 07:28:00 GMT"``; the
  date is measured against the response's own ``Date`` header when present, so a skewed
  local clock does not matter);
* a per-provider rate limit (:class:`RateLimiter`, a token bucket; ``burst=1`` is a
  plain minimum interval between requests);
* injectable ``sleep``/``clock``/``rng`` so tests never really sleep.

After the retries are exhausted, or at once on a non-retryable status (400, 401, 403,
404...), it raises :class:`HttpStatusError` (a :class:`~bubblelink.errors.ProviderError`)
whose one-line message names the provider, the URL with secrets masked, the status and
what to do. API keys passed as query parameters or headers never appear in messages.

:func:`call_with_retries` is the same retry loop for code that does not go through
``HttpClient`` (yfinance raises ``YFRateLimitError`` on HTTP 429 and must own its
session).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from bubblelink.errors import ProviderError

T = TypeVar("T")

#: Query parameters and headers whose values are secrets (compared case-insensitively).
SECRET_NAMES = frozenset(
    {
        "api_key",
        "apikey",
        "key",
        "token",
        "access_token",
        "x_cg_pro_api_key",
        "x_cg_demo_api_key",
        "x-cg-pro-api-key",
        "x-cg-demo-api-key",
        "authorization",
    }
)

#: What to tell the user, by HTTP status.
_STATUS_HINTS: dict[int, str] = {
    400: "check the request (symbol/series id, dates, parameters)",
    401: "check the API key (missing, wrong, or not valid for this endpoint/plan)",
    403: "access refused: check the API key and plan, or try later",
    404: "not found: check the symbol or series id",
    410: "gone: the series or endpoint no longer exists",
    422: "the service rejected the parameters: check symbol and dates",
    429: "rate limited: wait a few minutes, then retry with fewer symbols or a lower rate",
}


def _hint(status: int | None) -> str:
    if status is None:
        return "could not reach the service: check the network connection or try later"
    if status in _STATUS_HINTS:
        return _STATUS_HINTS[status]
    if status >= 500:
        return "the service is failing: try again later"
    return "unexpected answer: check the request"


class HttpStatusError(ProviderError):
    """A provider request failed for good (status error or network failure).

    Attributes
    ----------
    provider : str
    url : str
        The request URL with secret query parameters masked.
    status : int or None
        HTTP status of the last answer; ``None`` for connection errors/timeouts.
    attempts : int
        How many requests were made.
    """

    def __init__(
        self,
        provider: str,
        url: str,
        status: int | None,
        attempts: int,
        detail: str = "",
    ) -> None:
        self.provider = provider
        self.url = url
        self.status = status
        self.attempts = attempts
        what = f"HTTP {status}" if status is not None else (detail or "no answer")
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        extra = f" ({detail})" if detail and status is not None else ""
        message = f"{provider}: GET {url} failed with {what}{extra}{tries}: {_hint(status)}"
        super().__init__(" ".join(message.split()))


def redact_url(url: str, params: Mapping[str, Any] | None = None) -> str:
    """Return ``url`` (with ``params`` appended) with its secrets masked.

    Secret query values (:data:`SECRET_NAMES`) and credentials in the authority
    (``user:password@``) become ``***``: ``https://u:p@h/x?token=t`` →
    ``https://***@h/x?token=***``.
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if params:
        query += [(str(k), str(v)) for k, v in params.items() if v is not None]
    masked = [(k, "***" if k.lower() in SECRET_NAMES else v) for k, v in query]
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(masked, safe="*:,-")))


#: A URL inside free text: a scheme, ``://`` and everything up to a space or a quote.
_URL_IN_TEXT = re.compile(r"""[A-Za-z][A-Za-z0-9+.-]*://[^\s'"<>]+""")


def redact_urls(text: str) -> str:
    """``text`` with every URL in it masked by :func:`redact_url` (credentials, secret
    query values); the rest of the text is unchanged."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    Attributes
    ----------
    max_retries : int
        Retries after the first attempt (so ``max_retries + 1`` requests at most).
    backoff_base : float
        Seconds; the cap of the jitter window doubles from here on each retry.
    backoff_cap : float
        Upper bound of the jitter window, seconds.
    max_retry_after : float
        A ``Retry-After`` longer than this (seconds) is not waited for: the client
        gives up at once with a "rate limited" message.
    retry_statuses : frozenset of int
        HTTP statuses that are retried (5xx and 429 by default).
    """

    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 300.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Full-jitter backoff before retry ``attempt`` (0-based): ``U(0, min(cap, base*2**k))``."""
    window = min(policy.backoff_cap, policy.backoff_base * (2.0**attempt))
    return rng.uniform(0.0, window)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value.

    Parameters
    ----------
    value : str or None
        Either delta-seconds (``"120"``) or an HTTP-date
        (``"Fri, 31 Dec 1999 23:59:59 GMT"``).
    now : datetime, optional
        Reference time for the HTTP-date form (tz-aware); defaults to the current UTC
        time. Dates in the past give 0.

    Returns
    -------
    float or None
        ``None`` when the header is absent or unparseable.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


class RateLimiter:
    """Token bucket: at most ``burst`` requests at once, refilled at ``rate`` per second.

    With ``burst=1`` this is a minimum interval of ``1/rate`` seconds between requests.
    Time comes from the injected monotonic ``clock`` and waiting goes through the
    injected ``sleep``, so a test can check the spacing without sleeping.

    Parameters
    ----------
    rate : float
        Tokens (requests) per second, > 0.
    burst : int
        Bucket size; the bucket starts full.
    """

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate}")
        if burst < 1:
            raise ValueError(f"burst must be >= 1, got {burst}")
        self.rate = float(rate)
        self.burst = int(burst)
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._last = clock()

    @classmethod
    def min_interval(
        cls,
        seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> RateLimiter:
        """A limiter that spaces requests at least ``seconds`` apart."""
        return cls(1.0 / seconds, 1, clock=clock, sleep=sleep)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
        self._last = now

    def acquire(self) -> float:
        """Take one token, sleeping until one is available. Returns the seconds slept."""
        self._refill()
        waited = 0.0
        if self._tokens < 1.0:
            wait = (1.0 - self._tokens) / self.rate
            self._sleep(wait)
            waited = wait
            self._refill()
            # A fake clock that does not advance with sleep must not dead-lock us.
            self._tokens = max(self._tokens, 1.0)
        self._tokens -= 1.0
        return waited


class _RetryableFailure(Exception):
    """Internal: one attempt failed in a way worth retrying."""

    def __init__(self, status: int | None, wait: float | None, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.wait = wait
        self.detail = detail


def call_with_retries(
    func: Callable[[], T],
    *,
    retry_on: tuple[type[BaseException], ...],
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    on_give_up: Callable[[BaseException, int], Exception] | None = None,
) -> T:
    """Call ``func`` and retry it on ``retry_on`` exceptions with full-jitter backoff.

    Parameters
    ----------
    func : callable
        No-argument call to make.
    retry_on : tuple of exception types
        Exceptions that mean "try again later" (e.g. ``YFRateLimitError``).
    policy : RetryPolicy
    sleep, rng
        Injected for tests.
    on_give_up : callable, optional
        ``(last_exception, attempts) -> Exception`` to raise once retries are exhausted;
        by default the last exception is re-raised.
    """
    generator = rng if rng is not None else random.Random()
    attempt = 0
    while True:
        try:
            return func()
        except retry_on as exc:
            if attempt >= policy.max_retries:
                if on_give_up is not None:
                    raise on_give_up(exc, attempt + 1) from exc
                raise
            sleep(backoff_delay(attempt, policy, generator))
            attempt += 1


def _error_detail(response: requests.Response) -> str:
    """A short reason from an error body (FRED ``error_message``, CoinGecko ``error``...)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    for key in ("error_message", "message", "error", "status"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("error_message") or value.get("message")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:160]
    return ""


class HttpClient:
    """Session-based GET client with timeouts, retries, Retry-After and a rate limit.

    Parameters
    ----------
    provider : str
        Provider name used in error messages (``"fred"``, ``"coingecko"``...).
    timeout : (float, float)
        Connect and read timeouts, seconds.
    retry : RetryPolicy
    rate_limit : RateLimiter, optional
        Shared by every request of this client; ``min_interval`` builds one here.
    min_interval : float, optional
        Shortcut for ``RateLimiter.min_interval(min_interval)``.
    headers : mapping, optional
        Default headers (e.g. an API-key header; never printed).
    session : requests.Session, optional
    sleep, clock, rng, wallclock
        Injectable time sources; ``wallclock`` is only used to read an HTTP-date
        ``Retry-After`` when the answer carries no ``Date`` header.
    """

    def __init__(
        self,
        provider: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        rate_limit: RateLimiter | None = None,
        min_interval: float | None = None,
        headers: Mapping[str, str] | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        wallclock: Callable[[], datetime] | None = None,
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.retry = retry if retry is not None else RetryPolicy()
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("User-Agent", "bubblelink/0.1")
        if headers:
            self.session.headers.update(headers)
        self.sleep = sleep
        self.clock = clock
        self.rng = rng if rng is not None else random.Random()
        self.wallclock = wallclock if wallclock is not None else (lambda: datetime.now(UTC))
        if rate_limit is None and min_interval:
            rate_limit = RateLimiter.min_interval(min_interval, clock=clock, sleep=sleep)
        self.rate_limit = rate_limit
        #: Seconds slept between attempts, in order (backoff and Retry-After waits).
        self.retry_sleeps: list[float] = []

    # ------------------------------------------------------------------ internals
    def _retry_after(self, response: requests.Response) -> float | None:
        if response.status_code not in (429, 503):
            return None
        now: datetime | None = None
        date_header = response.headers.get("Date")
        if date_header:
            try:
                now = parsedate_to_datetime(date_header)
            except (TypeError, ValueError):
                now = None
        if now is None:
            now = self.wallclock()
        return parse_retry_after(response.headers.get("Retry-After"), now)

    def _attempt(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        safe_url: str,
        attempts: int,
    ) -> requests.Response:
        if self.rate_limit is not None:
            self.rate_limit.acquire()
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _RetryableFailure(None, None, type(exc).__name__) from exc
        status = response.status_code
        if status < 400:
            return response
        if status in self.retry.retry_statuses:
            raise _RetryableFailure(status, self._retry_after(response), _error_detail(response))
        raise HttpStatusError(self.provider, safe_url, status, attempts, _error_detail(response))

    # ------------------------------------------------------------------ public API
    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """GET ``url`` with retries; return the successful (< 400) response.

        Raises
        ------
        HttpStatusError
            On a non-retryable status, a ``Retry-After`` longer than
            ``retry.max_retry_after``, or when the retries are exhausted.
        """
        safe_url = redact_url(url, params)
        attempt = 0
        while True:
            try:
                return self._attempt(url, params, headers, safe_url, attempt + 1)
            except _RetryableFailure as failure:
                wait = failure.wait
                if wait is not None and wait > self.retry.max_retry_after:
                    detail = f"Retry-After {wait:.0f} s"
                    raise HttpStatusError(
                        self.provider, safe_url, failure.status, attempt + 1, detail
                    ) from None
                if attempt >= self.retry.max_retries:
                    raise HttpStatusError(
                        self.provider, safe_url, failure.status, attempt + 1, failure.detail
                    ) from None
                if wait is None:
                    wait = backoff_delay(attempt, self.retry, self.rng)
                self.retry_sleeps.append(wait)
                self.sleep(wait)
                attempt += 1

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET and decode JSON; a body that is not JSON raises :class:`ProviderError`."""
        response = self.get(url, params=params, headers=headers)
        try:
            return response.json()
        except ValueError:
            raise ProviderError(
                f"{self.provider}: GET {redact_url(url, params)} answered with something "
                "that is not JSON: the service may be down or the endpoint changed; try later"
            ) from None

    def get_text(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """GET and return the body as text."""
        return self.get(url, params=params, headers=headers).text


def mask_secrets(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every non-empty secret in ``text`` by ``***`` (belt and braces for messages)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
