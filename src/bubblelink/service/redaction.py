"""Secrets in URLs masked before an output shows text (one definition, in the providers).

The outputs (CLI, API) may not import the providers; this is their way to
:func:`bubblelink.providers.http.redact_urls`, imported on first use (the HTTP stack
stays out of the CLI's start-up).
"""

from __future__ import annotations


def redact_urls(text: str) -> str:
    """``text`` with credentials (``user:password@``) and secret query values (``token=``,
    ``key=``, ...) of every URL in it replaced by ``***``."""
    if "://" not in text:
        return text
    from bubblelink.providers.http import redact_urls as redact

    return redact(text)
