"""The one configuration loader: sources, safe YAML with positions, one-line errors."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field, model_validator

import bubblelink
from bubblelink.config import STORE_FILENAME, default_store_path, home_dir, resolve_store_path
from bubblelink.config.files import (
    ConfigDocument,
    load_config,
    parse_yaml,
    read_config,
    resolve_config_path,
    shipped_config_names,
    validate_config,
)
from bubblelink.config.models import ConfigModel, Date, Number, Text, ValueErrorAt
from bubblelink.errors import ConfigError

SRC = Path(bubblelink.__file__).parent


class Limits(ConfigModel):
    low: Number = 0.0
    high: Annotated[Number, Field(gt=0, lt=1)] = 0.5


class Item(ConfigModel):
    id: Text
    size: int
    limits: Limits = Field(default_factory=Limits)
    day: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Item:
        if self.limits.low > self.limits.high:
            raise ValueErrorAt("must not exceed 'high'", at=("limits", "low"))
        return self


class Inventory(ConfigModel):
    name: Text
    items: list[Item] = Field(min_length=1)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path, Inventory, kind="inventory")
    return str(info.value)


GOOD = "name: shop\nitems:\n  - id: a\n    size: 3\n  - id: b\n    size: 4\n"


def test_a_good_file_validates() -> None:
    model = validate_config(parse_yaml(GOOD, origin="x.yaml"), Inventory)
    assert [(i.id, i.size) for i in model.items] == [("a", 3), ("b", 4)]


def test_wrong_type_names_file_line_column_key_and_id(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("size: 4", "size: four"))
    assert (
        _error(path) == f"{path}:6:5: items[1].size (id 'b'): expected a whole number, got 'four'"
    )


def test_unknown_key_is_named_with_the_allowed_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "    colour: red\n")
    assert _error(path) == (
        f"{path}:7:5: items[1].colour (id 'b'): unknown key 'colour' "
        "(allowed: id, size, limits, day)"
    )


def test_missing_keys_are_reported_at_the_mapping_that_lacks_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: shop\nitems:\n  - {colourless: true}\n")
    message = _error(path)
    assert message.startswith(f"{path}:3:5: items[0].id: is required (so are size)")
    assert message.endswith("(and 1 more error)")


def test_first_error_in_file_order_and_count(tmp_path: Path) -> None:
    # pydantic reports 'name' (first field) first; the file has the size error first
    path = _write(tmp_path, "items:\n  - {id: a, size: x}\nname: 7\n")
    assert _error(path) == (
        f"{path}:2:13: items[0].size (id 'a'): expected a whole number, got 'x' (and 1 more error)"
    )


def test_ranges_literal_dates_and_relocated_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "    limits: {high: 1.5}\n")
    assert _error(path) == f"{path}:7:14: items[1].limits.high (id 'b'): must be in (0, 1), got 1.5"
    path = _write(tmp_path, GOOD + "    limits: {low: 0.9, high: 0.5}\n")
    assert _error(path) == (f"{path}:7:14: items[1].limits.low (id 'b'): must not exceed 'high'")
    path = _write(tmp_path, GOOD + "    day: '2025-13-01'\n")
    assert _error(path) == (
        f"{path}:7:5: items[1].day (id 'b'): expected a date YYYY-MM-DD, got '2025-13-01'"
    )
    path = _write(tmp_path, GOOD + "    day: 2025-13-01\n")  # YAML itself reads it as a date
    assert _error(path) == (
        f"{path}:7:10: invalid YAML: '2025-13-01' is not a valid date (month must be in "
        "1..12): fix the syntax"
    )
    model = load_config(_write(tmp_path, GOOD + "    day: 2025-12-11\n"), Inventory, kind="x")
    assert model.items[1].day == dt.date(2025, 12, 11)


def test_wrong_top_level_and_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "- just\n- a list\n")
    assert (
        _error(path) == f"{path}:1:1: top level: expected a mapping of keys to values, got a list"
    )
    path = _write(tmp_path, "# only a comment\n")
    assert _error(path) == (
        f"{path}: the inventory file is empty: expected a mapping of keys to values"
    )


def test_yaml_syntax_error_has_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: shop\nitems: [\n  {id: a, size: 1}\n  {id: b}\n")
    message = _error(path)
    assert message.startswith(f"{path}:4:3: invalid YAML: expected ',' or ']'")
    assert "\n" not in message


def test_python_tags_are_rejected_in_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: !!python/object/apply:os.system [echo hacked]\nitems: []\n")
    assert _error(path) == (
        f"{path}:1:7: invalid YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed: configuration files hold plain values (text, numbers, dates, lists, "
        "mappings)"
    )


def test_several_documents_are_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "---\nname: other\n")
    assert _error(path).startswith(f"{path}:7:1: invalid YAML: but found another document")


def test_positions_of_keys_items_and_merged_keys() -> None:
    text = "base: &b {size: 1}\nitems:\n  - id: a\n    <<: *b\n  - {id: b, size: 2}\n"
    document = parse_yaml(text, origin="x.yaml")
    assert document.data["items"][0] == {"id": "a", "size": 1}
    assert document.marks[("items",)] == (2, 1)
    assert document.marks[("items", 0)] == (3, 5)
    assert document.marks[("items", 1, "size")] == (5, 13)
    assert document.marks[("items", 0, "size")] == (1, 11)  # where the merged key is written
    assert document.where(("items", 1, "missing")) == "x.yaml:5:5"


def test_document_without_a_file_names_origin_and_key_path() -> None:
    document = ConfigDocument("scenario form", {"name": "x", "items": [{"id": "a", "size": "3"}]})
    with pytest.raises(ConfigError) as info:
        validate_config(document, Inventory)
    assert str(info.value) == (
        "scenario form: items[0].size (id 'a'): expected a whole number, got '3'"
    )


def test_non_text_key_is_explained() -> None:
    class Params(ConfigModel):
        params: dict[str, int]

    with pytest.raises(ConfigError, match=r"x\.yaml:1:10: params\.True: the key true must be"):
        validate_config(parse_yaml("params: {on: 1}\n", origin="x.yaml"), Params)


def test_shipped_names_resolve_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rules = SRC / "data" / "monitor_rules.yaml"
    for name in ("monitor_rules.yaml", "monitor_rules", None):
        path = resolve_config_path(name, kind="monitor rules", default="monitor_rules.yaml")
        assert path.samefile(rules)
    shock = resolve_config_path("ai_credit_shock", kind="scenario", folder="scenarios")
    assert shock.samefile(SRC / "data" / "scenarios" / "ai_credit_shock.yaml")
    assert shipped_config_names(folder="claims") == (
        "forward_2025-12.yaml",
        "narrative_2025-12.yaml",
    )
    assert read_config(shock, kind="scenario").data["name"] == "ai_credit_shock"


def test_an_existing_file_wins_over_a_shipped_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "monitor_rules.yaml").write_text("rules: []\n", encoding="utf-8")
    path = resolve_config_path("monitor_rules.yaml", kind="rules", default="monitor_rules.yaml")
    assert path == Path("monitor_rules.yaml")


def test_unknown_name_lists_the_shipped_names(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_config_path("ai_credit_shok", kind="scenario", folder="scenarios")
    assert str(info.value) == (
        "scenario file ai_credit_shok does not exist and is not the name of a shipped "
        "scenario file (shipped: ai_bust_fast_qe.yaml, ai_bust_slow_easing.yaml, "
        "ai_credit_shock.yaml, ai_credit_wobble.yaml, ai_mild_correction.yaml, "
        "oracle_credit_event.yaml): check the path"
    )
    with pytest.raises(ConfigError, match=r"^cannot read scenario file .*: Is a directory"):
        read_config(tmp_path, kind="scenario")


def test_store_location_functions_keep_their_import_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    monkeypatch.delenv("BUBBLELINK_STORE", raising=False)
    assert home_dir() == tmp_path
    assert default_store_path() == tmp_path / STORE_FILENAME
    assert resolve_store_path("x.duckdb") == Path("x.duckdb")


def _imports(package: Path) -> set[str]:
    names: set[str] = set()
    for file in package.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_config_is_the_bottom_layer_and_analytics_reads_no_files() -> None:
    ours = {n for n in _imports(SRC / "config") if n.startswith("bubblelink")}
    assert ours <= {"bubblelink.errors", "bubblelink.config.models", "bubblelink.config.files"}
    analytics = _imports(SRC / "analytics")
    assert not {n for n in analytics if n.startswith("bubblelink.config")}
    assert "importlib.resources" not in analytics and "yaml" not in analytics
