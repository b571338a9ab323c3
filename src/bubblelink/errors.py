"""The one exception hierarchy users can cause.

Every error a user can trigger (a bad symbol, a malformed file, a date with no data,
a window longer than the data) raises a subclass of :class:`BubblelinkError` whose
message is one line that says what was wrong and what to do. The CLI prints that line
and exits non-zero; the API answers 4xx with the same text.
"""

from __future__ import annotations


class BubblelinkError(Exception):
    """Base class of every error a user can cause.

    Parameters
    ----------
    *args
        The message (one line), as for :class:`Exception`.
    public : str or None
        The message for remote callers (the API) when the local one names things a remote
        caller must not see (the store path, the list of stored series, server folders);
        None: the same as the local message.
    """

    def __init__(self, *args: object, public: str | None = None) -> None:
        super().__init__(*args)
        self.public = public

    @property
    def public_message(self) -> str:
        """What the API answers: :attr:`public` if set, else the message."""
        return self.public if self.public is not None else str(self)


class DataError(BubblelinkError):
    """Data is missing, too short, or does not fit the request (window, dates, symbols)."""


class UnknownSymbolError(DataError):
    """A symbol the store does not hold (the API answers 404 with this message)."""


class ValidationError(DataError):
    """Incoming data failed validation; nothing from it was stored."""


class ProviderError(BubblelinkError):
    """A data provider failed (network, HTTP status, unknown symbol, empty answer)."""


class ConfigError(BubblelinkError):
    """A configuration or input file (YAML rules, claims, scenarios) is invalid."""


class StoreError(BubblelinkError):
    """The store cannot be opened or written (bad path, locked, corrupt)."""
