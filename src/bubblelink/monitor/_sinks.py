"""Where alerts go: stdout, a JSON-lines file, or a webhook (HTTP POST with retries)."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from bubblelink.errors import ConfigError, ProviderError
from bubblelink.providers.http import RetryPolicy, backoff_delay, redact_url

#: Webhook retries: 3 retries after the first attempt, full-jitter backoff 0.5 s .. 8 s.
WEBHOOK_RETRY = RetryPolicy(max_retries=3, backoff_base=0.5, backoff_cap=8.0)


class DeliveryError(ProviderError):
    """An alert could not be delivered (it stays pending and is retried next run)."""


class Sink(Protocol):
    """Delivers one alert payload or raises :class:`DeliveryError`."""

    key: str

    def deliver(self, payload: dict[str, Any]) -> None: ...


class StdoutSink:
    """Print each alert as one JSON line on standard output."""

    key = "stdout"

    def __init__(self, write: Callable[[str], Any] = print) -> None:
        self.write = write

    def deliver(self, payload: dict[str, Any]) -> None:
        self.write(json.dumps({"alert": payload}, sort_keys=True))


class JsonlSink:
    """Append each alert as one JSON line to a file (created with its folder)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.key = f"jsonl:{self.path}"

    def deliver(self, payload: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(payload, sort_keys=True) + "\n")
        except OSError as exc:
            raise DeliveryError(f"cannot append to {self.path}: {exc.strerror}") from exc


class WebhookSink:
    """POST each alert as JSON to ``url``; retry connection errors, timeouts and 5xx/429.

    Backoff between attempts is full jitter (as :mod:`bubblelink.providers.http`):
    ``U(0, min(cap, base·2^k))`` seconds before retry *k*. A 4xx other than 429 is not
    retried. After the retries the alert stays pending and the error is reported.
    """

    def __init__(
        self,
        url: str,
        retry: RetryPolicy = WEBHOOK_RETRY,
        timeout: tuple[float, float] = (3.0, 10.0),
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        self.shown = check_webhook_url(url)
        self.key = f"webhook:{self.shown}"
        self.retry = retry
        self.timeout = timeout
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.session = session or requests.Session()
        self.attempts = 0

    def deliver(self, payload: dict[str, Any]) -> None:
        attempt = 0
        while True:
            self.attempts += 1
            error, retryable = self._post(payload)
            if error is None:
                return
            if not retryable or attempt >= self.retry.max_retries:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise DeliveryError(
                    f"webhook {self.shown} failed: {error}{tries}; the alert stays pending and "
                    "is sent on the next run"
                )
            self.sleep(backoff_delay(attempt, self.retry, self.rng))
            attempt += 1

    def _post(self, payload: dict[str, Any]) -> tuple[str | None, bool]:
        try:
            response = self.session.post(self.url, json=payload, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            return type(exc).__name__, True
        except requests.RequestException as exc:  # an URL requests cannot send to: no retry
            return type(exc).__name__, False
        if response.status_code < 300:
            return None, False
        status = response.status_code
        return f"HTTP {status}", status in self.retry.retry_statuses


def check_webhook_url(url: str) -> str:
    """Check a webhook URL (http or https, a host, a valid port); return it masked for display.

    Raises
    ------
    ConfigError
        One line naming the URL (credentials masked) and what to fix.
    """
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigError(f"webhook URL {shown!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigError(f"webhook URL must start with http:// or https://, got {shown!r}")
    if not parts.hostname or any(c.isspace() for c in url):
        raise ConfigError(
            f"webhook URL {shown!r} has no valid host: use webhook:https://HOST[:PORT]/PATH"
        )
    return shown


def parse_sink(text: str, **webhook_options: Any) -> Sink:
    """``stdout``, ``jsonl:PATH`` or ``webhook:URL`` → a sink."""
    if text == "stdout":
        return StdoutSink()
    if text.startswith("jsonl:") and len(text) > 6:
        return JsonlSink(text[6:])
    if text.startswith("webhook:") and len(text) > 8:
        return WebhookSink(text[8:], **webhook_options)
    shown = re.sub(r"//[^/@]*@", "//***@", text)
    raise ConfigError(f"unknown sink {shown!r}: use stdout, jsonl:PATH or webhook:URL")
