"""AI-boom fundamentals: parsing, derived ratios and validation, on hand-written files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bubblelink.errors import ConfigError
from bubblelink.fundamentals import STATUSES, load_fundamentals

GOOD = """\
version: 1
records:
  - id: shares
    entity: Oracle
    metric: shares_outstanding
    period: FY2026 Q2
    value: 2900
    unit: millions shares
    status: unverified
    source: {publisher: Agg, title: Shares, url: "https://example.org/s", date: null}
    recorded: 2026-11-25
    as_of: 2025-11-30
    rounded_to: 100
    note: rounded
  - id: capex
    entity: Oracle
    metric: capex_guidance
    period: FY2026
    value: 50
    unit: billions USD
    status: verified
    source: {publisher: News, title: Call, date: 2025-12-11}
    recorded: 2025-12-20
  - id: capex_prior
    entity: Oracle
    metric: capex_guidance
    period: FY2026
    value: 40
    unit: billions USD
    status: narrative
    source: {publisher: Narrative, title: Story}
    recorded: 2025-12-20
  - id: cds
    entity: Oracle
    metric: cds_5y
    period: 2025-12
    value: null
    unit: bp
    status: unverified
    source: {publisher: none, title: not sourced}
    recorded: 2025-12-20
ratios:
  - {id: raise, kind: growth, numerator: capex, denominator: capex_prior}
  - {id: per_share, kind: ratio, numerator: capex, denominator: shares}
  - {id: missing, kind: ratio, numerator: cds, denominator: capex}
"""


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_every_field_is_parsed(good: Path) -> None:
    result = load_fundamentals(good)
    records = result.records
    assert list(records.index) == ["shares", "capex", "capex_prior", "cds"]
    shares = records.loc["shares"]
    assert shares["value"] == 2900.0 and shares["unit"] == "millions shares"
    assert shares["source"] == "Agg — Shares" and shares["url"] == "https://example.org/s"
    assert shares["published"] == ""  # an undated source
    assert shares["recorded"] == "2026-11-25" and shares["as_of"] == "2025-11-30"
    assert shares["rounded_to"] == 100.0
    capex = records.loc["capex"]
    assert capex["published"] == "2025-12-11" and capex["as_of"] == ""
    assert np.isnan(capex["rounded_to"])  # exact: no rounding step
    assert np.isnan(records.loc["cds", "value"])  # not sourced: NaN, never 0
    assert result.version == 1 and result.source_file == str(good)
    assert result.notes[0] == "statuses: narrative 1, unverified 2, verified 1"


def test_ratios_and_their_status(good: Path) -> None:
    ratios = load_fundamentals(good).ratios
    assert ratios.loc["raise", "value"] == pytest.approx(50 / 40 - 1)
    assert ratios.loc["per_share", "value"] == pytest.approx(50 / 2900)
    assert np.isnan(ratios.loc["missing", "value"])  # an input without a value
    # a ratio inherits the weakest status of its inputs
    assert ratios.loc["raise", "status"] == "narrative"
    assert ratios.loc["per_share", "status"] == "unverified"
    assert ratios.loc["per_share", "recorded"] == "2026-11-25"  # the later of the two


def test_the_shipped_file_validates_and_cites_every_figure() -> None:
    result = load_fundamentals()
    records = result.records
    assert len(records) > 0
    assert set(records["status"]) <= set(STATUSES)
    assert (records["source"].str.len() > 3).all()
    assert (records["recorded"].str.len() == 10).all()
    dated = records[records["published"] != ""]
    assert (dated["published"] <= dated["recorded"]).all()  # published before retrieved


def _record(**changes: object) -> str:
    fields = {
        "id": "a",
        "entity": "e",
        "metric": "m",
        "period": "p",
        "value": 1,
        "unit": "u",
        "status": "verified",
        "source": "{publisher: x, title: y}",
        "recorded": "2025-01-01",
        **changes,
    }
    return "records: [{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}]"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("records: [{id: a}]", r"records\[0\]\.entity \(id 'a'\): is required \(so are metric"),
        (_record(status="rumour"), r"records\[0\]\.status \(id 'a'\): must be one of 'verified'"),
        (
            _record() + "\nratios: [{id: r, kind: ratio, numerator: a, denominator: b}]",
            r"f\.yaml:2:45: ratios\[0\]\.denominator \(id 'r'\): unknown record 'b'",
        ),
        ("records: {", r"f\.yaml:1:11: invalid YAML"),
        ("records: []", r"f\.yaml:1:1: records: must not be empty"),
        (_record(rounded_to=0), r"records\[0\]\.rounded_to \(id 'a'\): must be > 0"),
        (_record(rounded_to=-5), r"records\[0\]\.rounded_to \(id 'a'\): must be > 0"),
        (_record(as_of="someday"), r"records\[0\]\.as_of \(id 'a'\):"),
        (
            _record(source="{publisher: x, title: y, date: 2025-02-01}"),
            r"records\[0\]\.source\.date \(id 'a'\): source published 2025-02-01 after it "
            r"was recorded \(2025-01-01\)",
        ),
        (_record(source="{publisher: x, title: y, day: 1}"), r"records\[0\]\.source\.day"),
        (_record(source="{publisher: x}"), r"records\[0\]\.source\.title \(id 'a'\)"),
        (_record(recorded="null"), r"records\[0\]\.recorded \(id 'a'\)"),
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
