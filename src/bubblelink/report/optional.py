"""Analytics that may not be installed yet: import them or say why they are not available.

The report and the API are built against the analytics that exist. A module still being
written (scenarios, claims, risk, liquidity) is looked up by name; when it or the
function is missing, :class:`NotAvailable` carries a one-line reason that the report
shows in a "not available" box and the API returns with status 501.
"""

from __future__ import annotations

import importlib
from typing import Any


class NotAvailable(Exception):
    """An analysis cannot run in this installation (module or data missing)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def optional_attr(module: str, *names: str) -> Any:
    """The first of ``names`` found in ``module``.

    Raises
    ------
    NotAvailable
        The module is not importable or defines none of the names.
    """
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise NotAvailable(f"{module} is not part of this installation yet ({exc})") from exc
    for name in names:
        found = getattr(mod, name, None)
        if found is not None:
            return found
    raise NotAvailable(f"{module} does not provide {' or '.join(names)} yet")
