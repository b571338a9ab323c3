"""Server settings: the store, the bearer token, and the rule for binding addresses.

The API binds 127.0.0.1 by default. Binding any other address exposes it to the network,
so it requires a token of at least :data:`MIN_TOKEN_LENGTH` characters, best given by
``$BUBBLELINK_API_TOKEN`` or ``--token-file PATH`` (``--token`` works but shows the token
in the process list and the shell history); with a token set, every request must send
``Authorization: Bearer <token>`` (the scheme in any case).
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
#: Shortest token accepted when binding a non-loopback address.
MIN_TOKEN_LENGTH = 16


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
