"""AI-boom fundamentals: the shipped file, derived ratios, validation errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bubblelink.errors import ConfigError
from bubblelink.fundamentals import load_fundamentals


def test_shipped_file_has_sources_and_the_narrative_claims() -> None:
    result = load_fundamentals()
    records = result.records
    assert (records["source"].str.len() > 0).all()
    assert records.loc["orcl_fy26_capex_guidance", "value"] == 50
    assert records.loc["ai_dc_financing_2025", "status"] == "narrative"
    assert records.loc["ai_funding_gap", "value"] == 1500
    assert np.isnan(records.loc["orcl_cds_5y", "value"])  # not sourced: NaN, never 0
    assert "verified" not in set(records["status"])  # nothing checked yet, nothing claimed


def test_derived_ratios() -> None:
    ratios = load_fundamentals().ratios
    assert ratios.loc["ai_capex_to_revenue_2025", "value"] == pytest.approx(400 / 60)
    assert ratios.loc["ai_dc_financing_growth_2025", "value"] == pytest.approx(125 / 15 - 1)
    assert ratios.loc["orcl_capex_guidance_raise", "value"] == pytest.approx(50 / 35 - 1)
    # both guidance figures are recorded from news reports of the earnings calls
    assert ratios.loc["orcl_capex_guidance_raise", "status"] == "unverified"
    # a ratio inherits the weakest status of its inputs
    assert ratios.loc["ai_capex_to_revenue_2025", "status"] == "narrative"


def test_ratio_status_is_the_weakest_input(tmp_path: Path) -> None:
    text = (
        "records:\n"
        "  - {id: a, entity: e, metric: m, period: p, value: 2, unit: u, status: verified,"
        " source: {publisher: x, title: y}, recorded: 2025-01-01}\n"
        "  - {id: b, entity: e, metric: m, period: p, value: 4, unit: u, status: narrative,"
        " source: {publisher: x, title: y}, recorded: 2025-01-01}\n"
        "ratios: [{id: r, kind: ratio, numerator: a, denominator: b}]\n"
    )
    path = tmp_path / "f.yaml"
    path.write_text(text)
    ratios = load_fundamentals(path).ratios
    assert ratios.loc["r", "value"] == pytest.approx(0.5)
    assert ratios.loc["r", "status"] == "narrative"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("records: [{id: a}]", r"records\[0\]\.entity \(id 'a'\): is required \(so are metric"),
        (
            "records: [{id: a, entity: e, metric: m, period: p, value: 1, unit: u, "
            "status: rumour, source: {publisher: x, title: y}, recorded: 2025-01-01}]",
            r"f\.yaml:1:71: records\[0\]\.status \(id 'a'\): must be one of 'verified'",
        ),
        (
            "records: [{id: a, entity: e, metric: m, period: p, value: 1, unit: u, "
            "status: narrative, source: {publisher: x, title: y}, recorded: 2025-01-01}]\n"
            "ratios: [{id: r, kind: ratio, numerator: a, denominator: b}]",
            r"f\.yaml:2:45: ratios\[0\]\.denominator \(id 'r'\): unknown record 'b'",
        ),
        ("records: {", r"f\.yaml:1:11: invalid YAML"),
        ("records: []", r"f\.yaml:1:1: records: must not be empty"),
    ],
)
def test_bad_files_are_config_errors(tmp_path: Path, text: str, match: str) -> None:
    file = tmp_path / "f.yaml"
    file.write_text(text)
    with pytest.raises(ConfigError, match=match):
        load_fundamentals(file)


def test_bad_record_names_file_line_column_key_and_id(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_text(
        "version: 1\n"
        "records:\n"
        "  - id: capex\n"
        "    entity: e\n"
        "    metric: m\n"
        "    period: 2025\n"
        "    value: lots\n"
        "    unit: u\n"
        "    status: narrative\n"
        "    source: {publisher: x, title: y}\n"
        "    recorded: 2025-01-01\n"
    )
    with pytest.raises(ConfigError) as info:
        load_fundamentals(file)
    assert str(info.value) == (
        f"{file}:7:5: records[0].value (id 'capex'): expected a number, got 'lots'"
    )


def test_duplicate_record_id_points_at_the_second(tmp_path: Path) -> None:
    row = (
        "  - {id: a, entity: e, metric: m, period: p, value: 1, unit: u, status: narrative,"
        " source: {publisher: x, title: y}, recorded: 2025-01-01}\n"
    )
    file = tmp_path / "f.yaml"
    file.write_text("records:\n" + row + row)
    with pytest.raises(ConfigError, match=r"f\.yaml:3:6: records\[1\]\.id .*duplicate record"):
        load_fundamentals(file)


def test_shipped_file_by_name_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_fundamentals("fundamentals").source_file == load_fundamentals().source_file
