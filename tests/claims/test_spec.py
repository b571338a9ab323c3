"""Claims-file validation: a bad file raises ConfigError naming the claim id and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblelink.claims import COMPUTATIONS, FORWARD_COMPUTATIONS, load_claims, parse_claims
from bubblelink.errors import ConfigError

GOOD = {
    "id": "x1",
    "claim": "BTC and the Nasdaq correlate at 0.5.",
    "claimed": {"value": 0.5, "tolerance": 0.05},
    "computation": "return_correlation",
    "params": {"a": "BTC-USD", "b": "^IXIC", "end": "2025-12-10"},
}


def _doc(**changes: object) -> dict[str, object]:
    claim = {**GOOD, **changes}
    return {"claims": [{k: v for k, v in claim.items() if v is not None}]}


def test_shipped_files_load_and_name_known_computations() -> None:
    parsed = load_claims(computations=COMPUTATIONS, forward_computations=FORWARD_COMPUTATIONS)
    ids = [c.id for c in parsed.claims]
    assert {"1", "2", "3a", "3b", "4a", "4f", "5a", "6", "7", "8", "9a", "9b", "10a"} <= set(ids)
    assert [f.id for f in parsed.forward] == ["F1", "F2", "F3", "F4", "F5", "F6", "F7"]
    assert parsed.published is not None and str(parsed.published.date()) == "2025-12-12"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"claimed": None}, "claimed"),
        ({"claimed": {"value": 0.5}}, "claimed.tolerance"),
        ({"claimed": {"value": "high", "tolerance": 0.1}}, "claimed.value"),
        ({"claimed": {"unit": "x"}}, "claimed"),
        ({"computation": "no_such_thing"}, "computation"),
        ({"claim": ""}, "claim"),
        ({"variants": [{"params": {}}]}, "variants"),
        ({"params": {True: "levels"}}, "params"),
        ({"basis": "vibes"}, "basis"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_claim_names_id_and_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_claims(_doc(**changes), "bad.yaml", COMPUTATIONS)
    message = str(info.value)
    assert "'x1'" in message and field in message


def test_missing_id_and_duplicates() -> None:
    with pytest.raises(ConfigError, match="entry 1: field 'id'"):
        parse_claims({"claims": [{**GOOD, "id": None}]}, "bad.yaml")
    with pytest.raises(ConfigError, match="'x1' is used more than once"):
        parse_claims({"claims": [GOOD, GOOD]}, "bad.yaml")


def test_bad_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("claims: [\n  - id: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_claims(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_claims(tmp_path / "missing.yaml")
