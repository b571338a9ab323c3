"""The base of every configuration-file model and the field types the models share.

Every file kind (claims, scenarios, risk weights, monitor rules, fundamentals) is
described by pydantic models derived from :class:`ConfigModel`:

* unknown keys are errors (``extra="forbid"``): a typo must not silently fall back to a
  default;
* values are not coerced (``strict=True``): ``"high"`` is not a number, ``1`` is not
  ``true``, ``1.0`` is not a whole number; an integer is accepted where a number is
  expected. :data:`Number` also accepts text that spells a number, because YAML 1.1 reads
  ``-80.0e9`` and ``1e9`` (no dot, or no sign after ``e``) as text;
* numbers are finite (``.nan`` and ``.inf`` are rejected).

A validator that finds a problem *below* the value it checks (the ``tolerance`` of a
``claimed`` mapping, the second of two duplicate ids) raises :class:`ValueErrorAt` with
the relative key path, so the loader reports the line, column and key of that value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, field_validator

__all__ = ["ConfigModel", "Date", "Label", "Number", "Text", "ValueErrorAt", "VersionedFile"]


class ConfigModel(BaseModel):
    """Base of every configuration-file model: unknown keys forbidden, no coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class VersionedFile(ConfigModel):
    """A whole configuration file: ``version`` (this bubblelink reads version 1)."""

    version: int = 1

    @field_validator("version")
    @classmethod
    def _supported(cls, version: int) -> int:
        if version != 1:
            raise ValueError(f"{version} is not supported: this bubblelink reads version 1")
        return version


class ValueErrorAt(ValueError):
    """A validation problem located at a key path below the value being validated.

    Parameters
    ----------
    message
        What is wrong and what is expected (one line).
    at
        Key path relative to the validated value, e.g. ``("tolerance",)`` or
        ``("claims", 3, "id")``; ``()`` means the value itself.
    """

    def __init__(self, message: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.at = at


def _iso_date(value: Any) -> Any:
    """``YYYY-MM-DD`` text to a date; other values are left for the date check."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    return value


def _number_from_text(value: Any) -> Any:
    """``"-80.0e9"`` (YAML 1.1 reads such exponents as text) to a float; else unchanged."""
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


def _whole_number_as_text(value: Any) -> Any:
    """An unquoted YAML id or period such as ``1`` or ``2025`` read as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: A finite number (an integer, a float, or text that spells a number such as ``1e9``).
Number = Annotated[float, BeforeValidator(_number_from_text)]

#: Non-empty text, surrounding whitespace removed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: Non-empty text; an unquoted whole number (``id: 1``, ``period: 2025``) is read as text.
Label = Annotated[
    str,
    BeforeValidator(_whole_number_as_text),
    StringConstraints(strip_whitespace=True, min_length=1),
]

#: A calendar date: a YAML date (``2025-12-10``) or the text ``"2025-12-10"``.
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
