"""The one YAML loader refuses hostile and broken files with one line (issue 16, found by
fuzzing; see tests/fuzz): control characters, values their tag cannot hold, keys with
line breaks, deep nesting, alias bombs, and object-building tags in every file kind."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bubblelink.config.files import MAX_DEPTH, MAX_VALUES, parse_yaml
from bubblelink.errors import ConfigError
from tests.clirunner import CliRunner


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_yaml(text, origin="f.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: x\x00y\n", "f.yaml:2:5: invalid YAML: the control character #x0000 is not allowed"),
        ("a: \x0c\n", "f.yaml:1:4: invalid YAML: the control character #x000c is not allowed"),
        ("a: !!int abc\n", "f.yaml:1:4: invalid YAML: 'abc' is not a valid int"),
        ("a: [!!float x]\n", "f.yaml:1:5: invalid YAML: 'x' is not a valid float"),
        ("a: !!bool maybe\n", "f.yaml:1:4: invalid YAML: 'maybe' is not a valid bool"),
    ],
)  # fmt: skip
def test_bad_characters_and_impossible_tagged_values(text: str, expected: str) -> None:
    """Before: ReaderError, ValueError and KeyError escaped as tracebacks."""
    assert _error(text).startswith(expected)


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    """Before: 500 nested brackets raised RecursionError inside PyYAML."""
    assert parse_yaml("a: " + "[" * 40 + "]" * 40, origin="f.yaml").data["a"]
    for depth in (MAX_DEPTH + 5, 500, 20_000):
        message = _error("a: " + "[" * depth + "]" * depth + "\n")
        assert f"values nested more than {MAX_DEPTH} levels deep" in message


def test_an_alias_bomb_is_refused_quickly() -> None:
    """Before: nine levels of nine aliases ('billion laughs') ran for minutes."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    started = time.process_time()
    message = _error("\n".join(lines) + "\n")
    assert time.process_time() - started < 2.0
    assert f"expands to more than {MAX_VALUES} values" in message
    # a recursive alias counts once: still a plain (recursive) list
    data = parse_yaml("a: &a [1, *a]\n", origin="f.yaml").data
    assert data["a"][1] is data["a"]


def test_a_key_with_a_line_break_is_quoted_in_the_message(tmp_path: Path) -> None:
    """Before: the key path printed the raw key, so the error ran over two lines."""
    from bubblelink.risk import load_risk_config

    path = tmp_path / "w.yaml"
    path.write_text('version: 1\n"x\\ny": 1\ncomponents: {btc_tech_corr_30: 1}\n')
    with pytest.raises(ConfigError) as caught:
        load_risk_config(path)
    assert str(caught.value).startswith(f"{path}:2:1: 'x\\ny': unknown key 'x\\ny' (allowed:")


@pytest.mark.parametrize(
    ("args", "body"),
    [
        (("risk", "--weights"), "version: 1\ncomponents: !!python/object/apply:os.system [echo]\n"),
        (("fundamentals", "show", "--file"), "version: 1\nrecords: !!python/object/apply:os.system [echo]\n"),
    ],
)  # fmt: skip
def test_object_tags_are_not_allowed_in_weights_and_fundamentals(
    cli: CliRunner, store_path: Path, tmp_path: Path, args: tuple[str, ...], body: str
) -> None:
    """The risk-weights and fundamentals files go through the same YAML rule as the shares
    file: an object-building tag is 'not allowed', not a syntax error; nothing runs."""
    path = tmp_path / "hostile.yaml"
    path.write_text(body)
    extra = ("--store", store_path) if args[0] == "risk" else ()
    result = cli(*args, path, *extra)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err + result.out
    (line,) = result.err.strip().splitlines()
    assert line == (
        f"error: {path}:2:{len(body.split(chr(10))[1].split(':')[0]) + 3}: invalid YAML: the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: configuration "
        "files hold plain values (text, numbers, dates, lists, mappings)"
    )
    assert "hacked" not in result.out
