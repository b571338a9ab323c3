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
        (("phase1", "sessions"), "forty", r"phase1\.sessions: expected a whole number, got 'fo"),
        (("phase1", "basket_change"), -1.5, r"phase1\.basket_change: must be > -1, got -1\.5"),
        (("phase1", "vol_multiplier"), -1, r"phase1\.vol_multiplier: must be >= 0, got -1"),
        (("phase2", "basket_chnage"), 0.1, r"phase2\.basket_chnage: unknown key 'basket_chnage'"),
        (("symbols", "basket"), [], r"symbols\.basket: must not be empty"),
        (("symbols", "basket_weights"), [0.5, 0.2, 0.2], r"weights: must sum to 1, got 0\.9"),
        (("symbols", "basket_weights"), [0.5, 0.5], r"basket_weights: must be a list of 3 numbers"),
        (("estimation", "stress_quantile"), 1.5, r"stress_quantile: must be in \(0, 1\), got 1\.5"),
        (("estimation", "start"), "yesterday", r"estimation\.start: expected a date YYYY-MM-DD"),
        (("liquidity", "measure"), "m3", r"measure: must be one of 'net_liquidity', 'm2', got"),
        (("simulation", "residuals"), "gaussian", r"residuals: must be one of 'bootstrap', .*'gau"),
        (("simulation", "parameter_uncertainty"), "yes", r"uncertainty: expected true or false"),
        (("simulation", "paths"), 10, r"simulation\.paths: must be in \[100, 1000000\], got 10"),
        (("report", "survival_drawdown"), 35, r"survival_drawdown: must be in \(0, 1\), got 35"),
        (("phase1",), None, r"phase1\.sessions: is required"),
        (("version",), 2, r"version: 2 is not supported"),
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
    with pytest.raises(ConfigError, match=r"^scenario file: phase2: is required$"):
        parse_scenario(document)
    with pytest.raises(ConfigError, match=r"^scenario file: name: is required"):
        parse_scenario({"phase1": {}, "phase2": {}})
    with pytest.raises(ConfigError, match="top level: expected a mapping of keys to values"):
        parse_scenario(["not", "a", "mapping"])


def test_start_after_end() -> None:
    document = _default_document()
    document["estimation"].update(start="2024-01-01", end="2023-01-01")
    with pytest.raises(ConfigError, match=r"start: must be before 'end' \(2023-01-01\)"):
        parse_scenario(document)


def test_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not exist.*shipped: .*ai_credit_shock\.yaml"):
        load_scenario(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nphase1: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml:3:1: invalid YAML: expected ','"):
        load_scenario(broken)


def test_bad_file_names_file_line_column_and_key(tmp_path: Path) -> None:
    text = default_scenario_path().read_text(encoding="utf-8")
    assert "  basket_change: -0.30 " in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  basket_change: -0.30 ", "  basket_change: -1.30 "))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "basket_change: -0.30" in row)
    with pytest.raises(ConfigError) as info:
        load_scenario(bad)
    assert str(info.value) == f"{bad}:{line}:3: phase1.basket_change: must be > -1, got -1.3"


def test_empty_section_takes_the_defaults() -> None:
    document = _default_document()
    document["report"] = None
    assert parse_scenario(document).report.survival_drawdown == 0.35


def test_shipped_scenario_by_name_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_scenario("ai_credit_wobble").name == "ai_credit_wobble"
    assert load_scenario("ai_credit_wobble.yaml").origin == str(
        default_scenario_path("ai_credit_wobble")
    )
