"""One rounding rule per kind of number (``bubblelink.report.numbers``)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblelink.report.numbers import cell_kind, column_kind, format_cell, format_number
from bubblelink.report.sections import table


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (30.0, "integer", "30"),
        (np.float64(1999.0), "integer", "1,999"),
        (-0.32741, "percent", "-32.7%"),
        (0.0003, "percent", "0.03%"),
        (0.0, "percent", "0.0%"),
        (58.5275, "percentage", "58.5%"),
        (78342.5234, "price", "78,342.52"),
        (116469, "price", "116,469.00"),
        (-69_636_019_897.46, "usd", "-$69.6 bn"),
        (3_069_114_721_078.0, "usd", "$3.07 tn"),
        (89335.3, "usd", "$89,335"),
        (0.536501, "correlation", "0.537"),
        (-0.1191, "correlation", "-0.119"),
        (0.00049, "p_value", "<0.001"),
        (0.0181, "p_value", "0.018"),
        (68.58806713177577, "score", "68.6"),
        (1236.4, "number", "1,236"),
        (12.354, "number", "12.35"),
        (0.655942, "number", "0.656"),
        (2.5e-6, "number", "2.50e-06"),
        (None, "number", "–"),
        (math.nan, "correlation", "–"),
        (math.inf, "price", "–"),
    ],
)
def test_each_kind_has_one_rule(value: object, kind: str, text: str) -> None:
    assert format_number(value, kind) == text


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown number kind"):
        format_number(1.0, "fancy")


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("n", "integer"),
        ("n_estimation", "integer"),
        ("age_days", "integer"),
        ("best_lead_weeks_third_1", "integer"),
        ("window", "integer"),
        ("p_value", "p_value"),
        ("engle_granger_p", "p_value"),
        ("total_return", "percent"),
        ("max_drawdown", "percent"),
        ("p_below_70000_any_time", "percent"),
        ("median_end_price", "price"),
        ("corr30", "correlation"),
        ("corr90_ci_low", "correlation"),
        ("score", "score"),
        ("beta_std_error", "number"),
        ("asset", None),
    ],
)
def test_column_names_give_the_kind(column: str, kind: str | None) -> None:
    assert column_kind(column) == kind


def test_generic_columns_take_the_row_unit_or_label() -> None:
    assert cell_kind("value", {"unit": "corr"}) == "correlation"
    assert cell_kind("value", {"unit": "fraction"}) == "percent"
    assert cell_kind("value", {"unit": "0-100"}) == "score"
    assert cell_kind("value", {"metric": "best_lead_weeks"}) == "integer"
    assert cell_kind("value", {"metric": "engle_granger_p"}) == "p_value"
    assert cell_kind("estimate", {"statistic": "downside_beta"}) == "number"
    assert cell_kind("value", {}, default="correlation") == "correlation"
    # a named column beats the row
    assert cell_kind("n", {"unit": "corr"}) == "integer"


def test_table_formats_every_cell_by_its_kind() -> None:
    """A count stored as float (pandas turns an int column with a gap into floats) prints
    as an integer, never ``30.0000``; each column its own rule."""
    frame = pd.DataFrame(
        {
            "window": [30.0, 90.0, None],
            "value": [0.25201, 0.29213, 0.1],
            "unit": ["corr", "corr", "fraction"],
            "p_value": [0.0004, 0.5, 0.05],
            "end_price": [78342.5234, 116469.0, 1.5],
        }
    )
    t = table("t", frame)
    assert t.column("window") == ["30", "90", "–"]
    assert t.column("value") == ["0.252", "0.292", "10.0%"]
    assert t.column("p_value") == ["<0.001", "0.500", "0.050"]
    assert t.column("end_price") == ["78,342.52", "116,469.00", "1.50"]
    assert format_cell(pd.Timestamp("2025-12-11", tz="UTC")) == "2025-12-11"
    assert format_cell(True) == "yes"


def test_claims_sentences_and_report_tables_write_dollars_alike() -> None:
    """One rule for money: the claims' ``format_figure`` and the report's ``usd`` kind."""
    from bubblelink.claims._spec import format_figure
    from bubblelink.results import format_usd

    for value, text in ((-80e9, "-$80.0 bn"), (1.234e12, "$1.23 tn"), (-950.0, "-$950"),
                        (12.5e6, "$12.5 mn")):  # fmt: skip
        assert format_usd(value) == text
        assert format_figure(value, "USD") == text
        assert format_number(value, "usd") == text
