"""What each fuzz target does with one input file, shared by the fuzz tests and the corpus
replay (:mod:`tests.fuzz.test_corpus`).

A target reads the file the way ``bubblelink`` does for a user: the CSV/Parquet importer
(layout detection, vendor exports, intraday bars) followed by the ingest validation of
every batch it returns; the ETF-flow reader and its series; each YAML loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bubblelink.claims._computations import COMPUTATIONS
from bubblelink.claims._forward import FORWARD_COMPUTATIONS
from bubblelink.claims._spec import load_claims
from bubblelink.fundamentals import load_fundamentals
from bubblelink.ingest.validate import QualityGates, validate_batch
from bubblelink.monitor._rules import load_rules
from bubblelink.providers.csvfile import FileSpec, read_file_batches
from bubblelink.providers.etf_flows import flow_batches, read_flow_table
from bubblelink.risk._config import load_risk_config
from bubblelink.scenarios._spec import load_scenario
from bubblelink.service.catalogs import load_events, load_shares_outstanding

#: A fixed ingest day, so the future-date gate does not depend on when the test runs.
GATES = QualityGates(today=dt.date(2026, 12, 3))


def read_csv_like(path: Path) -> None:
    """The CSV/Parquet importer and the validation of each batch (``ingest csv``)."""
    for batch in read_file_batches(FileSpec(path)):
        validate_batch(batch, GATES)


def read_flows(path: Path) -> None:
    """The ETF-flow reader and the series it makes (``ingest flows``)."""
    result = flow_batches(read_flow_table(path))
    for batch in result.batches:
        validate_batch(batch, GATES)


def read_claims(path: Path) -> None:
    load_claims(path, computations=COMPUTATIONS, forward_computations=FORWARD_COMPUTATIONS)


#: Target name → what it does with a file. YAML targets take a file whose name ends
#: with ``.yaml``.
TARGETS: dict[str, Callable[[Path], Any]] = {
    "csv": read_csv_like,
    "flows": read_flows,
    "claims": read_claims,
    "scenario": load_scenario,
    "monitor_rules": load_rules,
    "events": load_events,
    "risk_weights": load_risk_config,
    "fundamentals": load_fundamentals,
    "shares": load_shares_outstanding,
}
