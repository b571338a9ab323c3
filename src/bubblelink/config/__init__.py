"""Configuration: where bubblelink keeps its data, and how it reads configuration files.

The store is one DuckDB file. Its location, in order of precedence:
``--store PATH`` on any command, ``$BUBBLELINK_STORE``, ``$BUBBLELINK_HOME/store.duckdb``,
``~/.bubblelink/store.duckdb``.

Configuration files (claims, scenarios, risk weights, monitor rules, events,
fundamentals) are read by the one loader of :mod:`bubblelink.config.files` and validated
by pydantic models built on :mod:`bubblelink.config.models`. This package is the bottom
layer: it imports nothing from bubblelink but :mod:`bubblelink.errors`.
"""

from __future__ import annotations

import os
import threading
import typing
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

STORE_FILENAME = "store.duckdb"

#: How long a writer (every ``ingest``, ``monitor run``) retries by default while another
#: process holds the store's lock, in seconds (the CLI's ``--wait``): long enough for a
#: read command or a short ingest to finish.
WRITE_WAIT_SECONDS = 10.0
#: How long a reader (read commands, the API) retries while a writer holds the lock, in
#: seconds: an ingest holds it only for its validation and write, after fetching and
#: parsing, so a read started during an ingest gets its answer once the ingest commits.
READ_WAIT_SECONDS = 30.0


def home_dir() -> Path:
    """The bubblelink home directory (``$BUBBLELINK_HOME`` or ``~/.bubblelink``)."""
    env = os.environ.get("BUBBLELINK_HOME")
    return Path(env).expanduser() if env else Path.home() / ".bubblelink"


def file_stamp(path: str | os.PathLike[str]) -> str | None:
    """``"<mtime_ns>:<size>"`` of a file, None when it cannot be read: changes whenever the
    file is written, without opening it (the one key of every per-file-version cache)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_size}"


_T = TypeVar("_T")
#: Parsed files kept by :func:`once_per_version` (the oldest dropped first).
PER_VERSION_KEPT = 32
_PER_VERSION: dict[tuple[str, str, Hashable], Any] = {}
_PER_VERSION_LOCK = threading.Lock()


def once_per_version(path: str | os.PathLike[str], key: Hashable, parse: Callable[[], _T]) -> _T:
    """``parse()`` once per version of the file at ``path`` and ``key``, for the process.

    The version is the file's modification time and size (:func:`bubblelink.config.file_stamp`):
    an edited file is parsed again. For the YAML files the API and the report read on
    every question (the claims, the fundamentals: ~0.1–0.2 s each to parse and
    validate). ``key`` says what else the parsed value depends on. A file that cannot be
    read, and a parse that raises, are not kept (the next call raises the user's error
    again). The value is shared: callers treat it as read-only.
    """
    stamp = file_stamp(path)
    if stamp is None:
        return parse()
    kept_key = (str(Path(path).resolve()), stamp, key)
    with _PER_VERSION_LOCK:
        if kept_key in _PER_VERSION:
            return typing.cast(_T, _PER_VERSION[kept_key])
    value = parse()
    with _PER_VERSION_LOCK:
        while len(_PER_VERSION) >= PER_VERSION_KEPT:
            _PER_VERSION.pop(next(iter(_PER_VERSION)))
        _PER_VERSION[kept_key] = value
    return value


def default_store_path() -> Path:
    """The store file used when no ``--store`` is given."""
    env = os.environ.get("BUBBLELINK_STORE")
    return Path(env).expanduser() if env else home_dir() / STORE_FILENAME


def resolve_store_path(path: str | os.PathLike[str] | None) -> Path:
    """``path`` if given, else :func:`default_store_path`."""
    return Path(path).expanduser() if path is not None else default_store_path()
