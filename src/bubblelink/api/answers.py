"""Answer bodies kept on disk per store version, so a restarted server does not recompute.

The in-memory :class:`~bubblelink.api.cache.ResultCache` computes each (question,
parameters, store state) once per server process; :class:`PersistedAnswers` keeps the
bodies it rendered (the JSON of an analysis or of a chart) in files, so the next
``bubblelink serve`` on the same store answers them without computing: an analyst who
restarts the server each morning, or a deployment that restarts it, gets the dashboard
of a store it has seen at once. Only successful answers are kept (an error is computed
again).

An answer is served from disk only for exactly the inputs that made it. Its key holds

* the store's state token (the store file's and its write-ahead log's modification time
  and size: any ingest, by any process, changes it),
* the user files token (``$BUBBLELINK_HOME/events.yaml``),
* the question and its parameters (over the API a configuration file is a shipped name,
  part of the package), and
* the code: the bubblelink version and the size and modification time of every file of
  the installed package (:func:`code_fingerprint`), so an upgrade or an edited source
  file never serves an answer the new code would not give.

Layout: ``ROOT/<store>/<state>/<answer>.json`` (each a SHA-256 prefix). When a store's
state changes, the first answer written for the new state deletes the folders of its
older states; each state folder holds at most :attr:`PersistedAnswers.max_bytes` (the
least recently written answers go first). Files are written to a temporary name and
renamed into place, so a crash never leaves half an answer; a file that cannot be read
is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path

from bubblelink import __version__

#: Bytes of answers kept per store state (a dashboard's default view on the real store
#: is about 1.5 MB; the limit leaves room for a few hundred views).
DEFAULT_MAX_BYTES = 256 * 1024**2
#: Files of the package whose change may change an answer.
CODE_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".j2", ".json")


def _digest(text: str, length: int = 24) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The installed bubblelink: its version and every source or data file's path, size
    and modification time (read once per process)."""
    root = Path(__file__).resolve().parents[1]
    parts = [__version__]
    for path in sorted(root.rglob("*")):
        if path.suffix in CODE_SUFFIXES and path.is_file():
            stat = path.stat()
            parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest("\n".join(parts), 32)


class PersistedAnswers:
    """Answer bodies on disk, by (store, store state, answer key).

    Parameters
    ----------
    root : path-like
        The folder (created on first write).
    max_bytes : int
        Bytes kept per store state; beyond it the least recently written answers are
        deleted.
    """

    def __init__(self, root: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sizes: dict[Path, int] = {}  # bytes written per state folder (this process)
        self.hits = 0
        self.writes = 0

    def _path(self, store: Path, state: str, key: Hashable) -> Path:
        folder = self.root / _digest(str(store)) / _digest(state)
        return folder / f"{_digest(repr((code_fingerprint(), key)), 40)}.json"

    def get(self, store: Path, state: str, key: Hashable) -> bytes | None:
        """The body kept for ``key`` on ``store`` in ``state``, or None."""
        try:
            body = self._path(store, state, key).read_bytes()
        except OSError:
            return None
        if not body:
            return None
        with self._lock:
            self.hits += 1
        return body

    def put(self, store: Path, state: str, key: Hashable, body: bytes) -> None:
        """Keep ``body`` (best effort: a disk that cannot be written is ignored)."""
        path = self._path(store, state, key)
        folder = path.parent
        try:
            with self._lock:
                if folder not in self._sizes:
                    self._sizes[folder] = self._start_state(folder)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".answer-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
            os.replace(temporary, path)
        except OSError:
            return
        with self._lock:
            self.writes += 1
            self._sizes[folder] += len(body)
            if self._sizes[folder] > self.max_bytes:
                self._sizes[folder] = self._trim(folder)

    def _start_state(self, folder: Path) -> int:
        """Create ``folder``, delete the store's other (older) states; bytes already in it."""
        folder.mkdir(parents=True, exist_ok=True)
        for other in folder.parent.iterdir():
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        return sum(f.stat().st_size for f in folder.glob("*.json") if f.is_file())

    def _trim(self, folder: Path) -> int:
        """Delete the oldest answers of ``folder`` down to half the limit; bytes left."""
        files = []
        for file in folder.glob("*.json"):
            try:
                stat = file.stat()
            except OSError:  # deleted meanwhile (another server on the same folder)
                continue
            files.append((stat.st_mtime_ns, stat.st_size, file))
        files.sort()
        total = sum(size for _, size, _ in files)
        for _, size, file in files:
            if total <= self.max_bytes // 2:
                break
            file.unlink(missing_ok=True)
            total -= size
        return total
