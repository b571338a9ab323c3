"""Server settings: the store, the bearer token, load limits, and the rule for binding addresses.

The API binds 127.0.0.1 by default. Binding any other address exposes it to the network,
so it requires a token of at least :data:`MIN_TOKEN_LENGTH` characters, best given by
``$BUBBLELINK_API_TOKEN`` or ``--token-file PATH`` (``--token`` works but shows the token
in the process list and the shell history); with a token set, every request must send
``Authorization: Bearer <token>`` (the scheme in any case).
"""

from __future__ import annotations

import ipaddress
import math
import os
from dataclasses import dataclass
from pathlib import Path

from bubblelink.errors import ConfigError

TOKEN_ENV = "BUBBLELINK_API_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
#: Shortest token accepted when binding a non-loopback address.
MIN_TOKEN_LENGTH = 16
#: Computations running at once (threads): the machine's CPUs less one left to the event
#: loop (which answers cached and cheap requests), at least 1, at most 4. Threads share
#: the interpreter lock, so more workers than that slow the cheap answers more than they
#: speed up the heavy ones (bench/bench_api_load.py at load average 16 on 2 CPUs: with 1
#: worker the cheap endpoint's p95 under the hammer was 138 ms, with 2 workers 200 ms).
DEFAULT_WORKERS = max(1, min(4, (os.cpu_count() or 2) - 1))
#: Worker processes of ``bubblelink serve``: one per CPU, at most 4 (each holds the data
#: stack, about 300 MB); none on a single CPU, where they would only add their start-up.
DEFAULT_PROCESSES = min(4, os.cpu_count() or 1) if (os.cpu_count() or 1) > 1 else 0
#: Computations admitted beyond the running ones before requests get 503: enough for a
#: browser's 6 parallel requests from a few dashboards at once.
DEFAULT_QUEUE_LIMIT = 16
#: Seconds a request waits for its computation (below a typical 30 s client time-out).
DEFAULT_TIMEOUT = 25.0


@dataclass(frozen=True)
class ApiSettings:
    """What :func:`bubblelink.api.create_app` needs.

    Attributes
    ----------
    store : Path or None
        The store file (None: the default location).
    token : str or None
        Bearer token every request must carry (None: no authentication, loopback only).
    cache_size : int
        Results kept per (endpoint, parameters, store state).
    workers : int
        Computations running at once (:class:`bubblelink.api.workers.ComputePool`).
    queue_limit : int
        Computations waiting for a worker beyond which requests are refused (503).
    timeout : float
        Seconds a request waits for its computation (then 503 if it never started, 504
        if it is still running).
    rate_limit : float or None
        Requests per second allowed to one client address on ``/api/`` (bursts up to
        :attr:`rate_burst`); None: no limit (the default: on loopback every client,
        the dashboard included, shares the address 127.0.0.1).
    rate_burst : int or None
        Bucket size of the rate limit (default: twice the rate, at least 10).
    processes : int
        Worker processes computing the questions (:class:`bubblelink.api.processes.
        ProcessRenderer`), so independent requests compute on several CPUs; each
        runs one computation at a time, and ``workers`` threads then compute only the
        server's own answers (the store listing, the events). 0 (the
        default of the library): threads of the server process compute (``bubblelink
        serve`` uses :data:`DEFAULT_PROCESSES`).
    answers : Path or None
        Folder where answer bodies are kept per store version
        (:class:`bubblelink.api.answers.PersistedAnswers`), so a restarted server does
        not compute them again; None: kept in memory only (``bubblelink serve`` uses
        ``$BUBBLELINK_HOME/answers`` unless ``--no-keep-answers``).
    """

    store: Path | None = None
    token: str | None = None
    cache_size: int = 256
    workers: int = DEFAULT_WORKERS
    queue_limit: int = DEFAULT_QUEUE_LIMIT
    timeout: float = DEFAULT_TIMEOUT
    rate_limit: float | None = None
    rate_burst: int | None = None
    processes: int = 0
    answers: Path | None = None

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {self.workers}")
        if self.processes < 0:
            raise ConfigError(f"--processes must be 0 or more, got {self.processes}")
        if self.queue_limit < 0:
            raise ConfigError(f"--queue-limit must be 0 or more, got {self.queue_limit}")
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            raise ConfigError(f"--timeout must be a positive number of seconds, got {self.timeout}")
        if self.rate_limit is not None and not (
            self.rate_limit > 0 and math.isfinite(self.rate_limit)
        ):
            raise ConfigError(
                f"--rate-limit must be a positive number of requests per second, got "
                f"{self.rate_limit} (leave it out for no limit)"
            )
        if self.rate_burst is not None and self.rate_burst < 1:
            raise ConfigError(f"--rate-burst must be at least 1, got {self.rate_burst}")

    @property
    def burst(self) -> int:
        """The rate limit's bucket size (requests a client may send at once)."""
        if self.rate_burst is not None:
            return self.rate_burst
        return max(10, math.ceil(2 * (self.rate_limit or 0)))


def resolve_token(
    token: str | None, token_file: str | os.PathLike[str] | None = None
) -> str | None:
    """The bearer token: ``token``, else the contents of ``token_file``, else
    ``$BUBBLELINK_API_TOKEN``; empty means none.

    Raises
    ------
    ConfigError
        Both ``token`` and ``token_file`` given, or the file cannot be read or is empty.
    """
    if token is not None and token_file is not None:
        raise ConfigError("give the token with --token or --token-file, not both")
    if token_file is not None:
        file = Path(token_file)
        try:
            value = file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise ConfigError(f"cannot read the token file {file}: {why}") from exc
        if not value:
            raise ConfigError(f"the token file {file} is empty: write the token into it")
        return value
    given = token if token is not None else os.environ.get(TOKEN_ENV)
    return given.strip() if given and given.strip() else None


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to bind a non-loopback address without a strong enough token.

    Raises
    ------
    ConfigError
        ``host`` is not a loopback address and no token is set, or it is shorter than
        :data:`MIN_TOKEN_LENGTH` characters or holds whitespace.
    """
    if is_loopback(host):
        return
    if not token:
        raise ConfigError(
            f"binding {host} exposes the API beyond this machine: set a token with "
            f"${TOKEN_ENV} or --token-file PATH (clients then send "
            f"'Authorization: Bearer <token>'), or bind {DEFAULT_HOST}"
        )
    if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() for c in token):
        raise ConfigError(
            f"binding {host} needs a token of at least {MIN_TOKEN_LENGTH} characters without "
            f"spaces (got {len(token)}): make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
