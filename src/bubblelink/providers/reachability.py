"""Is the network there? (Decides whether the demo goes live or uses the sample market.)"""

from __future__ import annotations

import os
import socket

#: Hosts the live demo needs (Yahoo Finance and FRED).
PROBE_HOSTS: tuple[tuple[str, int], ...] = (
    ("query2.finance.yahoo.com", 443),
    ("fred.stlouisfed.org", 443),
)


def offline_forced() -> bool:
    """True when ``BUBBLELINK_OFFLINE`` is set to 1/true/yes."""
    return os.environ.get("BUBBLELINK_OFFLINE", "").lower() in ("1", "true", "yes")


def network_available(timeout: float = 3.0) -> bool:
    """True when every probe host accepts a TCP connection within ``timeout`` seconds."""
    if offline_forced():
        return False
    for host, port in PROBE_HOSTS:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                pass
        except Exception:  # DNS failure, refusal, timeout, or the test suite's guard
            return False
    return True
