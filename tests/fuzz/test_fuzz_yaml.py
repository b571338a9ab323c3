"""Fuzzing every YAML loader: the shipped files mutated as bytes, line by line and as trees.

Loaders: claims, scenarios, monitor rules, events, risk weights, fundamentals and the
shares file of ``bubblelink event --shares``. Property (:func:`tests.fuzz._harness.check_input`):
a file is loaded or refused with a one-line :class:`~bubblelink.errors.BubblelinkError`;
nothing else escapes, within 2 s of CPU and 256 MiB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bubblelink.config.files import shipped_config_path
from tests.fuzz._harness import FUZZ, YAML_SCALARS, check_input, keep_failing, mutated
from tests.fuzz._targets import TARGETS

#: A shares file (no shipped one exists): the YAML layout of ``--shares``.
SHARES = (
    "shares_outstanding:\n"
    "  NVDA:\n"
    "    - {date: 2024-06-10, shares: 24.6e9}\n"
    "    - {date: 2025-01-01, shares: 24.4e9}\n"
    "  ORCL:\n"
    "    - {date: 2025-01-01, shares: 2.8e9}\n"
)


def _shipped(target: str) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the shipped files of one kind."""
    if target == "shares":
        return [("shares.yaml", SHARES.encode())]
    folder = {"claims": "claims", "scenario": "scenarios"}.get(target)
    if folder is None:
        path = shipped_config_path(f"{target}.yaml")
        return [(path.name, path.read_bytes())]
    base = shipped_config_path(folder)
    return [(p.name, p.read_bytes()) for p in sorted(base.glob("*.yaml"))]


YAML_TARGETS = ["claims", "scenario", "monitor_rules", "events", "risk_weights",
                "fundamentals", "shares"]  # fmt: skip
#: One seed per kind (the first shipped file); the campaign in the README used them all.
SEEDS = [(target, *_shipped(target)[0]) for target in YAML_TARGETS]


def _run(target: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with keep_failing(target, path):
            check_input(target, lambda: TARGETS[target](path))


def _warm(target: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with contextlib.suppress(Exception):
            TARGETS[target](path)


@pytest.mark.parametrize(("target", "name", "seed"), SEEDS, ids=[s[0] for s in SEEDS])
def test_shipped_files_load(target: str, name: str, seed: bytes) -> None:
    """The seeds themselves load (a mutation starts from a valid file)."""
    _warm(target, name, seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(seed)
        assert check_input(target, lambda: TARGETS[target](path)) is None


@pytest.mark.parametrize(("target", "name", "seed"), SEEDS, ids=[s[0] for s in SEEDS])
def test_byte_mutations(target: str, name: str, seed: bytes) -> None:
    _warm(target, name, seed)
    tokens = [t.encode() for t in YAML_SCALARS] + [b": ", b"- ", b"\n  ", b"#", b"&x ", b"*x"]

    @FUZZ
    @given(data=mutated(seed, tokens))
    def run(data: bytes) -> None:
        _run(target, name, data)

    run()


@st.composite
def _line_edits(draw: st.DrawFn, seed: bytes) -> bytes:
    """Replace the value after ``key:`` on 1-3 lines by a YAML scalar, tag or flow node."""
    lines = seed.decode().split("\n")
    candidates = [
        i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")
    ]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.sampled_from(candidates))
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(YAML_SCALARS))}"
    return "\n".join(lines).encode()


@pytest.mark.parametrize(("target", "name", "seed"), SEEDS, ids=[s[0] for s in SEEDS])
def test_value_edits(target: str, name: str, seed: bytes) -> None:
    _warm(target, name, seed)

    @FUZZ
    @given(data=_line_edits(seed))
    def run(data: bytes) -> None:
        _run(target, name, data)

    run()


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.sampled_from(["", "NaN", "-1", "2025-12-11", "1d", "corr30(BTC-USD, ^IXIC) > 0.5"]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*path, index)))
    return out


@st.composite
def _tree_edits(draw: st.DrawFn, seed: bytes) -> bytes:
    """The parsed file with 1-3 nodes replaced by random values, deleted or duplicated."""
    doc = yaml.safe_load(seed)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(_VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.append(parent[path[-1]])
        else:
            parent[draw(st.text(min_size=1, max_size=8))] = parent[path[-1]]
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()


@pytest.mark.parametrize(("target", "name", "seed"), SEEDS, ids=[s[0] for s in SEEDS])
def test_tree_edits(target: str, name: str, seed: bytes) -> None:
    _warm(target, name, seed)

    @FUZZ
    @given(data=_tree_edits(seed))
    def run(data: bytes) -> None:
        _run(target, name, data)

    run()


@FUZZ
@given(
    data=st.binary(max_size=256),
    target=st.sampled_from(YAML_TARGETS),
)
def test_random_bytes(data: bytes, target: str) -> None:
    _run(target, "x.yaml", data)


_RULE_TOKENS = [*"()<>=!,.-^_ 0123456789eE+", "and", "or", "not", "corr30", "level",
                "change", "drawdown", "BTC-USD", "NVDA", "1e309", "nan"]  # fmt: skip
_RULE_TEXT = st.lists(st.sampled_from(_RULE_TOKENS), max_size=30).map("".join)


@FUZZ
@given(when=_RULE_TEXT)
def test_monitor_rule_expressions(when: str) -> None:
    text = yaml.safe_dump({"version": 1, "rules": [{"name": "r", "when": when}]})
    _run("monitor_rules", "rules.yaml", text.encode())
