"""Progress of long CLI runs on stderr: a bar on a terminal, periodic lines elsewhere.

Services report progress through one callback, ``progress(label, done, total, item)``
(:data:`bubblelink.service.ingest.Progress`): ``done`` of ``total`` steps of the task
``label`` are finished and ``item`` (a symbol, a file, a report section) is the one being
worked on. :func:`progress_bar` turns the calls into

* a rich progress bar, one row per label, when stderr is a terminal (transient: it
  disappears when the run ends);
* otherwise (a log file, CI, a pipe) :class:`LineProgress`: one line such as
  ``ingest csv: 12/48 amd.csv (3 s)`` at most every ``interval`` seconds, and only once
  the task has run for ``after`` seconds, so fast runs print nothing; a task that printed
  a line also prints its last one (``48/48``), so the log shows that it finished.

Tasks of fewer than two steps (one symbol, one file) show nothing in either mode.
Results go to stdout; progress only ever goes to stderr.

With ``progress_bar(eta=True)`` the bar has a time-remaining column and each line ends
with ``eta N s`` (the elapsed time per step done so far times the steps left). A service
that has a one-off message for the user (the address of a Dask dashboard) calls the
callback's ``note(text)`` when it has one: a line on stderr in both modes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: ``(label, done, total, item)``: see the module docstring.
ProgressCallback = Callable[[str, int, int, str], None]

#: Seconds a task runs before its first line (no lines for fast runs).
LINE_AFTER_SECONDS = 1.0
#: At most one line per task every this many seconds.
LINE_INTERVAL_SECONDS = 2.0
#: Tasks with fewer steps show no progress.
MIN_STEPS = 2


class LineProgress:
    """The non-terminal fallback: periodic one-line progress through ``write``.

    Parameters
    ----------
    write : callable
        Receives each line without its newline (default: print to stderr and flush).
    clock : callable
        Monotonic seconds (tests pass a fake clock).
    after : float, optional
        Seconds a task must have run (since its first call) before its first line
        (default :data:`LINE_AFTER_SECONDS`).
    interval : float, optional
        Minimum seconds between two lines of the same task (default
        :data:`LINE_INTERVAL_SECONDS`).
    min_steps : int
        Tasks with a smaller ``total`` print nothing.
    eta : bool
        End each line (but the closing one) with ``eta N s``, the time left at the pace
        so far (once a step is done).

    Notes
    -----
    A task is one ``label``; its clock starts at its first call. A line is written when
    the task has run ``after`` seconds and ``interval`` seconds have passed since its
    previous line. The final call (``done == total``) writes the closing line only when
    the task wrote a line before; a task that finished within ``after`` seconds writes
    nothing. A label seen again after it finished starts a new task.
    """

    def __init__(
        self,
        write: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        after: float | None = None,
        interval: float | None = None,
        min_steps: int = MIN_STEPS,
        eta: bool = False,
    ) -> None:
        self._write = write or _stderr_line
        self.eta = eta
        self._clock = clock
        self.after = LINE_AFTER_SECONDS if after is None else after
        self.interval = LINE_INTERVAL_SECONDS if interval is None else interval
        self.min_steps = min_steps
        self._started: dict[str, float] = {}
        self._last_line: dict[str, float] = {}

    def __call__(self, label: str, done: int, total: int, item: str) -> None:
        now = self._clock()
        started = self._started.setdefault(label, now)
        finished = done >= total
        if total >= self.min_steps:
            last = self._last_line.get(label)
            if finished:
                if last is not None:
                    self._write(self.line(label, done, total, "", now - started))
            elif now - started >= self.after and (last is None or now - last >= self.interval):
                self._last_line[label] = now
                text = self.line(label, done, total, item, now - started)
                if self.eta and done > 0:
                    text += f" eta {(now - started) / done * (total - done):.0f} s"
                self._write(text)
        if finished:
            self._started.pop(label, None)
            self._last_line.pop(label, None)

    def note(self, text: str) -> None:
        """Write a one-off message (a dashboard address) at once."""
        self._write(text)

    @staticmethod
    def line(label: str, done: int, total: int, item: str, elapsed: float) -> str:
        """``ingest csv: 12/48 amd.csv (3 s)``; the closing line says ``done``."""
        what = item if done < total else "done"
        return " ".join(p for p in (f"{label}: {done}/{total}", what, f"({elapsed:.0f} s)") if p)


def _stderr_line(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class _BarUpdate:
    """The terminal callback: one rich task per label; ``note`` prints above the bar."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress
        self._tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int, symbol: str) -> None:
        if total < MIN_STEPS:
            return
        if label not in self._tasks:
            self._tasks[label] = self._progress.add_task(label, total=total, symbol="")
        self._progress.update(self._tasks[label], completed=done, symbol=symbol)

    def note(self, text: str) -> None:
        self._progress.console.print(text, highlight=False, soft_wrap=True)


@contextmanager
def progress_bar(eta: bool = False) -> Iterator[ProgressCallback]:
    """A progress callback on stderr: a bar on a terminal, else :class:`LineProgress`.

    ``eta``: add the time left (a column of the bar, ``eta N s`` on the lines).
    """
    from bubblelink.cli.output import stderr_console

    console = stderr_console()
    if not console.is_terminal:
        yield LineProgress(eta=eta)
        return

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn | str] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if eta:
        columns.append(TimeRemainingColumn())
    columns.append(TextColumn("{task.fields[symbol]}"))
    with Progress(*columns, console=console, transient=True) as progress:
        yield _BarUpdate(progress)
