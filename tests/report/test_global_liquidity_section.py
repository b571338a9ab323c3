"""The report's global-liquidity section on the real global-M2 files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblelink.report import charts
from bubblelink.report.sections import ReportContext, build_section, global_liquidity_section
from tests.world_store import world_store


@pytest.mark.real_data
def test_global_liquidity_section_shows_components_coverage_and_lead_stability(
    shared_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    store = world_store(shared_data_dir, tmp_path_factory.getbasetemp())
    ctx = ReportContext(store=store, as_of="2025-12-12")
    section = build_section(ctx, "global-liquidity", "Global liquidity", global_liquidity_section)
    assert section.unavailable is None
    assert section.id == "global-liquidity" and len(section.figures) == 2
    components, btc, stability = section.tables
    assert "coverage cannot be measured" in components.caption
    reasons = {row[0]: row[-1] for row in components.rows}
    assert reasons["uk"].startswith("FX DEXUSUK missing")
    assert "coverage unmeasured" in btc.caption
    assert "10-12-week lead" in stability.caption
    assert [row[0] for row in stability.rows] == [
        "all", "third_1", "third_2", "third_3", "pre_2022", "post_2022"
    ]  # fmt: skip
    title = section.figures[0].layout.title.text
    assert "5 of 7 components" in title and "coverage cannot be measured" in title
    assert charts.SYNTHETIC_TAG not in title
