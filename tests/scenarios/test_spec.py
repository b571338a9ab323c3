"""The scenario file: shipped files load, bad files fail with a message naming the key."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bubblelink.errors import ConfigError
from bubblelink.scenarios import default_scenario_path, load_scenario, parse_scenario


def _default_document() -> dict[str, Any]:
    return yaml.safe_load(default_scenario_path().read_text(encoding="utf-8"))


def test_shipped_scenarios_load() -> None:
    spec = load_scenario()
    assert spec.name == "ai_credit_shock"
    assert spec.phase1.sessions == 40 and spec.phase1.basket_change == pytest.approx(-0.30)
    assert spec.symbols.basket == ("NVDA", "ORCL", "AMD")
    assert spec.symbols.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    mild = load_scenario(default_scenario_path("ai_credit_wobble"))
    assert mild.phase1.basket_change > spec.phase1.basket_change


def test_minimal_document_gets_defaults() -> None:
    spec = parse_scenario(
        {
            "name": "x",
            "phase1": {"sessions": 10, "basket_change": -0.1},
            "phase2": {"sessions": 5, "basket_change": 0.05},
        }
    )
    assert spec.simulation.paths == 10_000
    assert spec.liquidity.measure == "net_liquidity"
    assert spec.phase2.net_liquidity_change_bn == 0.0


def test_overrides() -> None:
    spec = load_scenario().with_overrides(paths=500, seed=3, end="2024-01-31")
    assert (spec.simulation.paths, spec.simulation.seed) == (500, 3)
    assert spec.estimation.end == "2024-01-31"
    with pytest.raises(ConfigError, match=r"simulation\.paths"):
        load_scenario().with_overrides(paths=10)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("phase1", "sessions"), "forty", r"'phase1\.sessions' must be a whole number"),
        (("phase1", "basket_change"), -1.5, r"'phase1\.basket_change' must be in \(-1"),
        (("phase1", "vol_multiplier"), -1, r"'phase1\.vol_multiplier' must be in \[0"),
        (("phase2", "basket_chnage"), 0.1, r"unknown key\(s\) basket_chnage in phase2"),
        (("symbols", "basket"), [], r"'symbols\.basket' must be a non-empty list"),
        (("symbols", "basket_weights"), [0.5, 0.2, 0.2], r"must sum to 1"),
        (("symbols", "basket_weights"), [0.5, 0.5], r"list of 3 numbers"),
        (("estimation", "stress_quantile"), 1.5, r"'estimation\.stress_quantile' must be in"),
        (("estimation", "start"), "yesterday", r"'estimation\.start' must be a date"),
        (("liquidity", "measure"), "m3", r"'liquidity\.measure' must be one of"),
        (("simulation", "residuals"), "gaussian", r"'simulation\.residuals' must be one of"),
        (("simulation", "parameter_uncertainty"), "yes", r"must be true or false"),
        (("simulation", "paths"), 10, r"'simulation\.paths' must be in 100"),
        (("report", "survival_drawdown"), 35, r"'report\.survival_drawdown' must be in \(0"),
        (("phase1",), None, r"'phase1\.sessions' is missing"),
        (("version",), 2, r"'version' is 2"),
    ],
)
def test_bad_values_name_the_key(path: tuple[str, ...], value: Any, message: str) -> None:
    document = copy.deepcopy(_default_document())
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ConfigError, match=message):
        parse_scenario(document)


def test_missing_sections() -> None:
    document = _default_document()
    del document["phase2"]
    with pytest.raises(ConfigError, match=r"'phase2' is missing"):
        parse_scenario(document)
    with pytest.raises(ConfigError, match=r"'name' is missing"):
        parse_scenario({"phase1": {}, "phase2": {}})
    with pytest.raises(ConfigError, match="'top level' must be a mapping"):
        parse_scenario(["not", "a", "mapping"])


def test_start_after_end() -> None:
    document = _default_document()
    document["estimation"].update(start="2024-01-01", end="2023-01-01")
    with pytest.raises(ConfigError, match="must be before"):
        parse_scenario(document)


def test_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_scenario(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nphase1: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_scenario(broken)
