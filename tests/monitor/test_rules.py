"""Rules file structure: validated by the one config loader, errors with line, column, key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblelink.errors import ConfigError
from bubblelink.monitor import default_rules_path, load_rules

RULES = """\
version: 1
rules:
  - name: x_high
    when: level(XS) > 5
    message: XS above 5
"""


def _write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "rules.yaml"
    file.write_text(text)
    return file


def test_missing_when_names_file_line_column_key_and_rule(tmp_path: Path) -> None:
    file = _write(tmp_path, RULES + "  - name: no_condition\n    message: nothing to test\n")
    with pytest.raises(ConfigError) as info:
        load_rules(file)
    assert str(info.value) == f"{file}:6:5: rules[1].when (name 'no_condition'): is required"


def test_unknown_key_is_named_with_its_position(tmp_path: Path) -> None:
    file = _write(tmp_path, RULES + "    severity: high\n")
    with pytest.raises(ConfigError) as info:
        load_rules(file)
    assert str(info.value) == (
        f"{file}:6:5: rules[0].severity (name 'x_high'): unknown key 'severity' "
        "(allowed: name, when, message)"
    )


def test_duplicate_name_points_at_the_second_rule(tmp_path: Path) -> None:
    file = _write(tmp_path, RULES + "  - name: x_high\n    when: level(XS) < 1\n")
    with pytest.raises(ConfigError, match=r"rules\.yaml:6:5: rules\[1\]\.name .*duplicate rule"):
        load_rules(file)


def test_empty_rules_list_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"rules\.yaml:1:1: rules: must not be empty"):
        load_rules(_write(tmp_path, "rules: []\n"))
    with pytest.raises(ConfigError, match="the monitor rules file is empty"):
        load_rules(_write(tmp_path, "# nothing yet\n"))


def test_expression_position_is_unchanged_by_the_loader(tmp_path: Path) -> None:
    rules = load_rules(_write(tmp_path, RULES))
    assert (rules[0].line, rules[0].column) == (4, 11)
    assert rules[0].message == "XS above 5"


def test_shipped_rules_by_name_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    by_name = load_rules("monitor_rules.yaml")
    assert [r.name for r in by_name] == [r.name for r in load_rules(default_rules_path())]
    assert [r.name for r in load_rules("monitor_rules")] == [r.name for r in by_name]
    with pytest.raises(ConfigError, match=r"shipped: monitor_rules\.yaml"):
        load_rules("monitor_rulez.yaml")
