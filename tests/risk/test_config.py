"""Risk weights file: loaded through the one config loader, errors with line, column, key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblelink.errors import ConfigError
from bubblelink.risk._config import default_weights_path, load_risk_config


def test_bad_weight_names_file_line_column_and_key(tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text("components:\n  hy_oas_level:\n    weight: 0.5\n    window: 1.5\n")
    with pytest.raises(ConfigError) as info:
        load_risk_config(file)
    assert str(info.value) == (
        f"{file}:4:5: components.hy_oas_level.window: expected a whole number, got 1.5"
    )


def test_unknown_top_level_key_is_named(tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text("min_histroy: 300\ncomponents: {hy_oas_level: 1}\n")
    with pytest.raises(ConfigError, match=r"w\.yaml:1:1: min_histroy: unknown key 'min_histroy'"):
        load_risk_config(file)


def test_bare_weight_and_default_window(tmp_path: Path) -> None:
    file = tmp_path / "w.yaml"
    file.write_text("components: {hy_oas_change: 2, ai_volatility: {weight: 1, window: null}}\n")
    config = load_risk_config(file)
    windows = {c.name: (c.weight, c.window) for c in config.components}
    assert windows == {"hy_oas_change": (2.0, 20), "ai_volatility": (1.0, None)}


def test_shipped_name_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    by_name = load_risk_config("risk_weights")
    assert by_name.components == load_risk_config().components
    assert by_name.source == str(default_weights_path())
