"""once_per_version: a file parsed once per version (mtime and size) and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bubblelink.config import once_per_version
from bubblelink.errors import ConfigError


def test_parsed_once_per_version_and_key(tmp_path: Path) -> None:
    file = tmp_path / "claims.yaml"
    file.write_text("a: 1\n")
    calls: list[str] = []

    def parse() -> str:
        calls.append(file.read_text())
        return file.read_text()

    assert once_per_version(file, "k", parse) == "a: 1\n"
    assert once_per_version(file, "k", parse) == "a: 1\n"
    assert len(calls) == 1
    once_per_version(file, "other", parse)
    assert len(calls) == 2  # another key is another parse
    file.write_text("a: 22\n")  # edited: new size
    os.utime(file, ns=(1, 1))
    assert once_per_version(file, "k", parse) == "a: 22\n"
    assert len(calls) == 3


def test_errors_and_missing_files_are_not_kept(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("x")
    attempts: list[int] = []

    def fail() -> str:
        attempts.append(1)
        raise ConfigError("bad.yaml: invalid")

    for _ in range(2):
        with pytest.raises(ConfigError):
            once_per_version(file, "k", fail)
    assert len(attempts) == 2
    missing = tmp_path / "missing.yaml"
    assert once_per_version(missing, "k", lambda: "parsed") == "parsed"
