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
        ({"variants": [{"name": "lv", "params": {"of": "levels"}}]}, "variants[0].illustrative"),
        (
            {"variants": [{"name": "lv", "illustrative": True, "counts": True}]},
            "variants[0].counts",
        ),
    ],
)
def test_bad_claim_names_id_and_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_claims(_doc(**changes), "bad.yaml", COMPUTATIONS)
    message = str(info.value)
    assert "'x1'" in message and field in message


def test_missing_id_and_duplicates() -> None:
    with pytest.raises(ConfigError, match=r"^bad\.yaml: claims\[0\]\.id: expected text, got null"):
        parse_claims({"claims": [{**GOOD, "id": None}]}, "bad.yaml")
    with pytest.raises(ConfigError, match=r"claims\[1\]\.id \(id 'x1'\): claim id 'x1' is used"):
        parse_claims({"claims": [GOOD, GOOD]}, "bad.yaml")


def test_bad_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("claims: [\n  - id: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"claims\.yaml:2:3: invalid YAML"):
        load_claims(path)
    with pytest.raises(ConfigError, match=r"does not exist.*shipped: forward_2025-12\.yaml"):
        load_claims(tmp_path / "missing.yaml")


def test_bad_file_names_file_line_column_key_and_claim(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "claims:\n"
        "  - id: c7\n"
        "    claim: BTC and the Nasdaq correlate at 0.5.\n"
        "    computation: return_correlation\n"
        "    claimed:\n"
        "      value: 0.5\n"
        "      tolerance: -0.1\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_claims(path)
    assert str(info.value) == (
        f"{path}:7:7: claims[0].claimed.tolerance (id 'c7'): must be >= 0, got -0.1"
    )


def test_shipped_file_by_name_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    parsed = load_claims("forward_2025-12")
    assert [f.id for f in parsed.forward][:2] == ["F1", "F2"]
    assert parsed.source.endswith("forward_2025-12.yaml") and not parsed.claims


def test_numbers_yaml_reads_as_text_are_numbers() -> None:
    # YAML 1.1 reads -80.0e9 (no sign after the e) and 1e9 (no dot) as text: still numbers
    parsed = parse_claims(_doc(claimed={"value": "-80.0e9", "tolerance": "1e9"}))
    assert parsed.claims[0].claimed.value == -80.0e9
    assert parsed.claims[0].claimed.tolerance == 1e9


def test_illustrative_variants_never_count() -> None:
    doc = _doc(
        variants=[
            {"name": "levels", "params": {"of": "levels"}, "illustrative": True},
            {"name": "proxy", "counts": False},
            {"name": "all-days", "params": {"calendar": "all-days"}},
        ]
    )
    variants = parse_claims(doc, "ok.yaml", COMPUTATIONS).claims[0].variants
    assert [(v.name, v.counts, v.illustrative) for v in variants] == [
        ("levels", False, True),
        ("proxy", False, False),
        ("all-days", True, False),
    ]


def test_shipped_levels_correlations_are_illustrative() -> None:
    parsed = load_claims(computations=COMPUTATIONS)
    levels = [
        (c.id, v) for c in parsed.claims for v in c.variants if v.params.get("of") == "levels"
    ]
    assert len(levels) >= 5
    assert all(v.illustrative and not v.counts for _, v in levels)
