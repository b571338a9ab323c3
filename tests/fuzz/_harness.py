"""The fuzz property and the input mutations shared by the fuzz tests.

The property (:func:`check_input`): reading any input either succeeds or raises a
:class:`~bubblelink.errors.BubblelinkError` whose message is one line; it never raises
anything else, takes less than :data:`MAX_SECONDS` of CPU time and allocates less than
:data:`MAX_BYTES` at its peak (traced by :mod:`tracemalloc`, which numpy and pandas report
to).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bubblelink.errors import BubblelinkError

#: CPU seconds one input may take (CPU, not wall time: the test machine is shared). A bound
#: that catches a pathological input (the alias bomb ran for minutes), not a speed target:
#: under tracemalloc the refused alias bomb itself takes 1-3 s of CPU on a loaded machine.
MAX_SECONDS = 15.0
#: Peak bytes one input may allocate.
MAX_BYTES = 256 * 1024 * 1024

#: How many inputs each fuzz target ran in this session (printed at the end of the run).
RUNS: Counter[str] = Counter()

#: Examples per fuzz test and seed: modest by default (the suite runs on 2 shared cores);
#: ``BUBBLELINK_FUZZ_EXAMPLES=2000`` for a long campaign.
EXAMPLES = int(os.environ.get("BUBBLELINK_FUZZ_EXAMPLES", "30"))

#: Settings of every fuzz test: no per-example deadline (CPU time is checked by
#: :func:`check_input` instead).
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class FuzzFailure(AssertionError):
    """An input broke the property (a foreign exception, a long message, too slow, too big)."""


def check_input(target: str, call: Callable[[], Any]) -> BubblelinkError | None:
    """Run ``call`` once under the fuzz property; return the user error it raised, if any.

    Raises
    ------
    FuzzFailure
        When ``call`` raises anything but a BubblelinkError, raises one whose message is
        not one line, or exceeds the time or memory bound.
    """
    RUNS[target] += 1
    error: BubblelinkError | None = None
    tracemalloc.start()
    started = time.process_time()
    try:
        call()
    except BubblelinkError as exc:
        error = exc
    except Exception as exc:
        raise FuzzFailure(f"{target}: {type(exc).__name__} escaped: {exc}") from exc
    finally:
        elapsed = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    if elapsed > MAX_SECONDS:
        raise FuzzFailure(f"{target}: took {elapsed:.2f} s of CPU (limit {MAX_SECONDS} s)")
    if peak > MAX_BYTES:
        raise FuzzFailure(f"{target}: peak allocation {peak / 2**20:.0f} MiB")
    if error is not None:
        message = str(error)
        if not message.strip() or "\n" in message.strip():
            raise FuzzFailure(f"{target}: the error is not one line: {message!r}")
    return error


@contextlib.contextmanager
def keep_failing(target: str, path: Path) -> Iterator[None]:
    """Copy ``path`` to ``$BUBBLELINK_FUZZ_FOUND/<target>/`` when the block fails (to add it
    to the corpus); without that variable, do nothing."""
    try:
        yield
    except FuzzFailure:
        found = os.environ.get("BUBBLELINK_FUZZ_FOUND")
        if found and path.exists():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            folder = Path(found) / target
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / f"{digest}-{path.name}")
        raise


#: Cell texts and tokens that broke parsers somewhere, to splice into real files.
TOKENS = [
    b"",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"1e309",
    b"-1e309",
    b"0",
    b"-0",
    b"1e-320",
    b"9" * 40,
    b"N/A",
    b"null",
    b"-",
    b"(12.3)",
    b'"',
    b'""',
    b",",
    b";",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3\x28",
    "é".encode(),
    "\u2212".encode(),
    b"1970-01-01",
    b"1677-09-21",
    b"2262-04-12",
    b"9999-12-31",
    b"0001-01-01",
    b"2025-02-30",
    b"2025-13-01",
    b"2025-12-11T05:00:00Z",
    b"2025-12-11 00:00-05:00",
    b"12/11/2025",
    b"11 Dec 2025",
    b"Total",
    b"Average",
    b"Date",
    b"Close",
    b"Adj Close",
    b"Price",
    b"Ticker",
    b"timeOpen;timeClose",
    b"date,last_updated,btc_dominance",
    b"ts",
    b"observation_date",
    b"45.2K",
    b"1,045.00",
    b"Change %",
]

#: Scalars to put in YAML documents in place of real values.
YAML_SCALARS = [
    "",
    "~",
    "null",
    "NaN",
    ".nan",
    ".inf",
    "-.inf",
    "1e309",
    "-1",
    "0",
    "1.5",
    "9" * 30,
    "true",
    "no",
    "2025-02-30",
    "2025-12-11",
    "1900-01-01",
    "9999-12-31",
    "0x1F",
    "0o17",
    "1_000",
    "1:20",
    "!!binary aGk=",
    "!!int abc",
    "!!float abc",
    "!!bool maybe",
    "!!str",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2025-01-01",
    "!!python/object/apply:os.system [echo]",
    "!custom 1",
    "*undefined",
    "&a [*a]",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: {c: 1}}}",
    "'quoted'",
    '"\\x00"',
    '"\\ud800"',
    "<<: {a: 1}",
    "? [a, b]\n  : 1",
    "|\n  multi\n  line",
    "%",
    "@",
    "`",
    "- - -",
]


@st.composite
def mutated(draw: st.DrawFn, base: bytes, tokens: list[bytes] = TOKENS) -> bytes:
    """``base`` with 1-4 random edits: delete, duplicate or move a span, insert a token or
    random bytes, flip a byte, truncate, repeat a line, swap two lines."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "token", "bytes", "flip", "truncate", "line", "swap"]
            )
        )
        at = draw(st.integers(0, size)) if size else 0
        span = draw(st.integers(1, 64))
        if kind == "delete" and size:
            del data[at : at + span]
        elif kind == "duplicate" and size:
            data[at:at] = data[at : at + span]
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(tokens))
        elif kind == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "flip" and size:
            index = min(at, size - 1)
            data[index] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind in ("line", "swap"):
            lines = bytes(data).split(b"\n")
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                if kind == "line":
                    lines.insert(j, lines[i])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
    return bytes(data)


def head(data: bytes, lines: int = 40) -> bytes:
    """The first ``lines`` lines of a file (real files are long; fuzz a short head)."""
    return b"\n".join(data.split(b"\n")[:lines]) + b"\n"
