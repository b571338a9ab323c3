"""Unit conversion of money-stock and balance-sheet series to billions.

FRED mixes units within one formula: ``WALCL`` and ``WTREGEN`` are in **millions** of
USD, ``RRPONTSYD`` and ``M2SL`` in **billions**. Every liquidity gauge converts each input
explicitly with :func:`billions_factor` from the unit stored in the series registry, and
refuses a unit it cannot read rather than guessing.
"""

from __future__ import annotations

from bubblelink.errors import DataError

#: Multiplier words and the factor that turns one such unit into billions.
_SCALE_WORDS: dict[str, float] = {
    "trillions": 1e3,
    "trillion": 1e3,
    "billions": 1.0,
    "billion": 1.0,
    "bn": 1.0,
    "millions": 1e-3,
    "million": 1e-3,
    "mn": 1e-3,
    "thousands": 1e-6,
    "thousand": 1e-6,
}

#: Units that are plain currency amounts (one unit = one currency unit).
_PLAIN_CURRENCY = {
    "usd", "eur", "jpy", "cny", "gbp", "cad", "chf", "national currency", "currency units",
}  # fmt: skip


def billions_factor(unit: str, series_id: str = "series") -> float:
    """Factor turning a value in ``unit`` into billions of the same currency.

    ``"millions USD"`` → 1e-3, ``"billions USD"`` → 1, ``"USD"`` → 1e-9, and a number
    before the scale word multiplies it: ``"100 millions JPY"`` (the Bank of Japan's and
    the PBoC's unit) → 0.1.

    Raises
    ------
    DataError
        When the unit names no known scale and is not a plain currency (e.g. an index):
        the caller must not add such a series to a money aggregate.
    """
    text = unit.strip().lower()
    words = text.replace(",", " ").split()
    multiplier = 1.0
    for word in words:
        if word in _SCALE_WORDS:
            return multiplier * _SCALE_WORDS[word]
        if word == "hundred":
            multiplier *= 100.0
            continue
        try:
            multiplier *= float(word)
        except ValueError:
            multiplier = 1.0
    if text in _PLAIN_CURRENCY:
        return 1e-9
    raise DataError(
        f"cannot convert {series_id} (unit {unit!r}) to billions: store it with a unit such "
        "as 'billions USD' or 'millions EUR'"
    )
