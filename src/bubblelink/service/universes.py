"""Universes for ``scan``: shipped named baskets and one-column CSV files.

A universe is an ordered list of symbols with optional weights. It comes from

* a **shipped name** (``ai_complex``, ``crypto_majors``, ``liquidity``): the CSV files of
  ``bubblelink/data/universes/`` (``ai-complex`` and ``AI_COMPLEX`` name the same file);
* a **CSV file**: one column of symbols, with or without a ``symbol`` header, and an
  optional second column ``weight`` (numbers; the header is then required). Blank lines
  and lines starting with ``#`` are ignored; symbols are canonicalised
  (:func:`bubblelink.symbols.canonical`: ``BTC`` → ``BTC-USD``) and kept once, in order.

:func:`resolve_universe` then checks the symbols against a store: unknown ones are listed
by name and skipped (``strict``: an error naming them); an empty universe is an error.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bubblelink.config.files import shipped_config_path
from bubblelink.errors import DataError
from bubblelink.symbols import canonical

#: Sub-folder of ``bubblelink/data`` holding the shipped universes.
UNIVERSE_FOLDER = "universes"
#: The shipped universes (file stem = name).
SHIPPED_UNIVERSES: tuple[str, ...] = ("ai_complex", "crypto_majors", "liquidity")


@dataclass(frozen=True)
class Universe:
    """An ordered universe of symbols.

    Attributes
    ----------
    name : str
        The shipped name or the file's name.
    origin : str
        Where it was read from (a shipped name or a path).
    symbols : tuple of str
        Canonical symbols, each once, in file order.
    weights : tuple of float or None
        One weight per symbol when the file has a ``weight`` column.
    """

    name: str
    origin: str
    symbols: tuple[str, ...]
    weights: tuple[float, ...] | None = None

    def weight_of(self) -> dict[str, float]:
        """Symbol → weight (empty without weights)."""
        return dict(zip(self.symbols, self.weights, strict=True)) if self.weights else {}


@dataclass(frozen=True)
class ResolvedUniverse:
    """A universe checked against a data source: what will be scanned and what is missing.

    Attributes
    ----------
    universe : Universe
        The universe as read.
    present : tuple of str
        Symbols the source holds (scanned), in universe order, the target excluded.
    missing : tuple of str
        Symbols the source does not hold (skipped, listed by name).
    dropped_target : bool
        True when the target itself was a member (it is not scanned against itself).
    notes : tuple of str
        What every output shows about the universe.
    """

    universe: Universe
    present: tuple[str, ...]
    missing: tuple[str, ...]
    dropped_target: bool
    notes: tuple[str, ...] = field(default_factory=tuple)


def _shipped_key(text: str) -> str:
    return text.strip().lower().replace("-", "_").removesuffix(".csv")


def read_universe(spec: str) -> Universe:
    """The universe named ``spec`` (a shipped name) or read from the CSV file ``spec``.

    Raises
    ------
    DataError
        Neither a shipped name nor a readable file; a malformed file (row and column
        named); an empty universe.
    """
    key = _shipped_key(spec)
    if key in SHIPPED_UNIVERSES:
        path = shipped_config_path(f"{key}.csv", folder=UNIVERSE_FOLDER)
        return _parse(path.read_text(encoding="utf-8"), key, f"shipped universe {key}")
    path = Path(spec).expanduser()
    try:
        exists = path.exists()
    except (OSError, ValueError):  # a name too long for a path, a NUL byte
        exists = False
    if not exists:
        raise DataError(
            f"universe {spec[:60]!r} is neither a shipped universe ({', '.join(SHIPPED_UNIVERSES)}) "
            "nor a file: pass one of those names or a one-column CSV of symbols"
        )
    if path.is_dir():
        raise DataError(f"universe {path} is a folder: pass a one-column CSV file of symbols")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read universe file {path}: {exc}") from exc
    return _parse(text, path.stem, str(path))


def _parse(text: str, name: str, origin: str) -> Universe:
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and any(c.strip() for c in row) and not row[0].strip().startswith("#")
    ]
    has_header = bool(rows) and rows[0][1][0].strip().lower() == "symbol"
    weighted = False
    if has_header:
        header = [c.strip().lower() for c in rows[0][1]]
        extra = [c for c in header[1:] if c]
        if extra and extra != ["weight"]:
            raise DataError(
                f"{origin} line {rows[0][0]}: columns {', '.join(header)}: a universe file has "
                "a 'symbol' column and optionally a 'weight' column"
            )
        weighted = extra == ["weight"]
        rows = rows[1:]
    symbols: list[str] = []
    weights: list[float] = []
    for number, row in rows:
        cells = [c.strip() for c in row]
        if len([c for c in cells[1:] if c]) > (1 if weighted else 0):
            wanted = "symbol,weight" if weighted else "one symbol"
            raise DataError(
                f"{origin} line {number}: {len(cells)} columns where {wanted} was expected: "
                "write one symbol per line (add a 'symbol,weight' header for weights)"
            )
        symbol = canonical(cells[0])
        if not symbol:
            raise DataError(f"{origin} line {number}: empty symbol: remove the line")
        if weighted:
            raw = cells[1] if len(cells) > 1 else ""
            try:
                weight = float(raw)
            except ValueError:
                raise DataError(
                    f"{origin} line {number} column weight: {raw!r} is not a number"
                ) from None
            if not math.isfinite(weight):
                raise DataError(f"{origin} line {number} column weight: {raw!r} is not finite")
        if symbol in symbols:
            continue
        symbols.append(symbol)
        if weighted:
            weights.append(weight)
    if not symbols:
        raise DataError(f"universe {origin} is empty: list at least one symbol, one per line")
    return Universe(name, origin, tuple(symbols), tuple(weights) if weighted else None)


def resolve_universe(
    universe: Universe,
    known: Callable[[str], bool],
    target: str,
    strict: bool = False,
) -> ResolvedUniverse:
    """Split ``universe`` into the symbols a source holds and the missing ones.

    Parameters
    ----------
    universe : Universe
        As read by :func:`read_universe`.
    known : callable
        True when the source holds a symbol.
    target : str
        The canonical target: a member equal to it is dropped (noted).
    strict : bool
        Unknown symbols are an error instead of being skipped.

    Raises
    ------
    DataError
        ``strict`` and unknown symbols; nothing left to scan.
    """
    missing = tuple(s for s in universe.symbols if not known(s))
    if missing and strict:
        raise DataError(
            f"{len(missing)} of {len(universe.symbols)} symbols of universe {universe.name} are "
            f"not in the store: {', '.join(missing)}: ingest them or drop --strict to skip them"
        )
    present = tuple(s for s in universe.symbols if s not in missing and s != target)
    dropped = target in universe.symbols
    notes = [f"universe {universe.name} ({universe.origin}): {len(universe.symbols)} symbols"]
    if missing:
        notes.append(
            f"{len(missing)} of {len(universe.symbols)} symbols not in the store, skipped: "
            + ", ".join(missing)
        )
    if dropped:
        notes.append(f"{target} is the target: not scanned against itself")
    if not present:
        why = f"{len(missing)} not in the store" if missing else "only the target"
        raise DataError(
            f"universe {universe.name} has no symbol left to scan ({why}: "
            f"{', '.join(missing) or target}): ingest its symbols first"
        )
    return ResolvedUniverse(universe, present, missing, dropped, tuple(notes))


def universe_names() -> Sequence[str]:
    """The shipped universe names."""
    return SHIPPED_UNIVERSES
