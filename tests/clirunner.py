"""Run the real CLI entry point in-process and capture what a user would see.

The ``cli`` fixture is registered in ``tests/conftest.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bubblelink.cli.app import main


@dataclass
class CliResult:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """``cli("series", "list", ...)`` → exit code, stdout, stderr."""

    def run(*args: str) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["bubblelink", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
