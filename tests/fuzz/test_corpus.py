"""Replay every input of ``tests/fuzz/corpus``: the ones that found bugs (``bug-*``), the
known holes (``hole-*``) and representative edge cases (``edge-*``).

Each file sits in the folder of its target (:data:`tests.fuzz._targets.TARGETS`): ``csv``
(the CSV/Parquet importer and the ingest validation), ``flows`` (the ETF-flow reader) and
one folder per YAML loader. Every file must pass the fuzz property
(:func:`tests.fuzz._harness.check_input`), and gives exactly the outcome listed in
:data:`EXPECTED`: loaded (None) or refused with a message matching the pattern. A file
added to the corpus without an entry fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fuzz._harness import check_input
from tests.fuzz._targets import TARGETS

CORPUS = Path(__file__).parent / "corpus"

#: ``target/file`` → None (loads) or a pattern the one-line error must match (``FILE``
#: stands for the file's path).
EXPECTED: dict[str, str | None] = {
    # --- CSV / Parquet importer ---------------------------------------------------------------
    "csv/bug-non-utf8-byte.csv": r"^the file is not UTF-8 text \(byte 0\): save it as UTF-8$",
    "csv/bug-non-utf8-in-a-coinmarketcap-export.csv": r"^the file is not UTF-8 text \(byte 53\)",
    "csv/bug-empty.parquet": r"^not a readable Parquet file \(.*0 bytes\): write it again",
    "csv/bug-random-bytes.parquet": r"^not a readable Parquet file \(.*magic bytes not found",
    "csv/bug-investing-header-without-date.csv": (
        r"^Investing\.com layout, line 1: the header lacks Date: export the historical data"
    ),
    "csv/bug-nan-cells-rejected-the-file.csv": None,
    "csv/bug-nan-cell-in-intraday-bars.csv": None,
    "csv/bug-unreadable-date-named-the-first-row.csv": (
        r"^unreadable dates \(e\.g\. '2025-02-30'\): use ISO dates YYYY-MM-DD$"
    ),
    "csv/bug-time-zone-inside-a-date.csv": (
        r"^dates in more than one time zone \(e\.g\. '01 Sep 2003 00:00 \+0200 \(CEST\)'\): "
        r"make all dates UTC"
    ),
    "csv/bug-year-before-the-common-era.csv": (
        r"^1 dates outside the years 1678-2261 \(e\.g\. '-0002-10-01'\): use ISO dates"
    ),
    "csv/edge-bom-and-crlf.csv": None,
    "csv/edge-conflicting-duplicate.csv": r"1 dates have conflicting values",
    "csv/edge-empty.csv": r"^the file is empty$",
    "csv/edge-header-only.csv": r"^the file has a header but no rows$",
    "csv/edge-mixed-time-zones.csv": r"^mixed timezone-naive and timezone-aware timestamps",
    "csv/edge-negative-price.csv": r"1 non-positive prices \(first: close = -5\.0 on 2025-01-03, file FILE, line 3",
    "csv/edge-overflowing-number.csv": r"1 infinite values \(first on 2025-01-03\)",
    "csv/edge-yfinance-header-without-data.csv": r"^yfinance layout: the file has its header rows but no data$",
    # --- ETF flows ----------------------------------------------------------------------------
    "flows/edge-nan-cells.csv": None,
    "flows/edge-non-utf8.csv": r"^FILE: not a readable CSV text file",
    "flows/edge-flow-on-a-saturday.csv": r"^FILE: line 2: flows on 2024-01-13, which is not an NYSE session",
    "flows/edge-only-a-summary-row.csv": r"^FILE: no dated rows under the header$",
    # --- YAML loaders -------------------------------------------------------------------------
    "claims/bug-control-character.yaml": (
        r"^FILE:1:1: invalid YAML: the control character #x0000 is not allowed: delete it"
    ),
    "claims/edge-empty.yaml": r"^FILE: the claims file is empty",
    "claims/edge-two-documents.yaml": r"^FILE:3:1: invalid YAML: but found another document",
    "events/bug-timestamp-tag-on-text.yaml": r"^FILE:7:21: invalid YAML: 'abc' is not a valid date",
    "events/edge-recursive-alias.yaml": r"^FILE:2:9: events\[0\]: expected a mapping",
    "fundamentals/bug-nested-key-with-a-line-break.yaml": (
        r"^FILE:131:5: records\[8\]\.'¿\\nQ\\x11' \(id 'ai_funding_gap'\): unknown key"
    ),
    "fundamentals/hole-python-tag.yaml": (
        r"^FILE:2:10: invalid YAML: the tag 'tag:yaml\.org,2002:python/object/apply:os\.system' "
        r"is not allowed"
    ),
    "monitor_rules/bug-float-tag-on-text.yaml": r"^FILE:17:11: invalid YAML: 'abc' is not a valid float",
    "monitor_rules/edge-nested-200-deep.yaml": r"^FILE:2:\d+: invalid YAML: values nested more than 50 levels deep",
    "monitor_rules/edge-rule-syntax.yaml": r"^FILE:4:36: rule 'r' does not parse at line 4, column 36",
    "risk_weights/bug-billion-laughs.yaml": (
        r"^FILE:\d+:\d+: invalid YAML: the file expands to more than 200000 values"
    ),
    "risk_weights/edge-nan-weight.yaml": r"^FILE:3:3: components\.btc_tech_corr_30\.weight: expected a finite number, got nan$",
    "risk_weights/hole-python-tag.yaml": (
        r"^FILE:2:13: invalid YAML: the tag 'tag:yaml\.org,2002:python/object/apply:os\.system' "
        r"is not allowed"
    ),
    "scenario/bug-bool-tag-on-text.yaml": r"^FILE:4:7: invalid YAML: 'maybe' is not a valid bool",
    "scenario/bug-int-tag-on-text.yaml": r"^FILE:4:7: invalid YAML: 'abc' is not a valid int",
    "shares/bug-key-with-a-line-break.yaml": r"^FILE:10:3: '\\n': unknown key '\\n'",
    "shares/edge-impossible-date.yaml": r"^FILE:3:14: invalid YAML: '2025-02-30' is not a valid date",
}  # fmt: skip

FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.is_file())


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert sorted(EXPECTED) == FILES


@pytest.mark.parametrize("name", FILES)
def test_corpus_input(name: str) -> None:
    path = CORPUS / name
    target = path.parent.name
    error = check_input(target, lambda: TARGETS[target](path))
    expected = EXPECTED.get(name)
    if expected is None:
        assert error is None, f"{name} should load: {error}"
        return
    assert error is not None, f"{name} loaded; expected an error matching {expected!r}"
    message = str(error).replace(str(path), "FILE")
    assert re.search(expected, message), message
