"""Server settings: the store, the bearer token, and the rule for binding addresses.

The API binds 127.0.0.1 by default. Binding any other address exposes it to the network,
so it requires a token (``--token`` or ``$BUBBLELINK_API_TOKEN``); with a token set,
every request must send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from bubblelink.errors import ConfigError

TOKEN_ENV = "BUBBLELINK_API_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


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
    """

    store: Path | None = None
    token: str | None = None
    cache_size: int = 256


def resolve_token(token: str | None) -> str | None:
    """``token`` if given, else ``$BUBBLELINK_API_TOKEN``; empty means none."""
    value = token if token is not None else os.environ.get(TOKEN_ENV)
    return value or None


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to bind a non-loopback address without a token.

    Raises
    ------
    ConfigError
        ``host`` is not a loopback address and no token is set.
    """
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"binding {host} exposes the API beyond this machine: set a token with --token "
            f"or ${TOKEN_ENV} (clients then send 'Authorization: Bearer <token>'), "
            f"or bind {DEFAULT_HOST}"
        )
