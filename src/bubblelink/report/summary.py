"""The executive summary at the top of the report, written from the results.

Every sentence is generated from the service results the sections show (the same
calls, shared through :meth:`ReportContext.call`, so nothing is computed twice) and
links to the section whose tables show its figures. Each figure is a
:class:`~bubblelink.report.sections.Quote` printed by
:func:`~bubblelink.report.numbers.format_number` under the same kind as the table cell
it quotes, so the sentence and the table read the same text. Words such as "weak" or
"above its average" follow fixed rules stated here:

* strength of a correlation ``r``: ``|r| < 0.3`` weak, ``< 0.6`` moderate, else strong;
  a 95% interval that contains 0 is "not distinguishable from zero";
* a DCC correlation is "above" or "below" its sample mean;
* a risk component's share of the score is its contribution in points.

A section that could not be built gives one sentence saying so, with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from bubblelink.errors import BubblelinkError
from bubblelink.report.numbers import cell_kind, format_number
from bubblelink.report.sections import (
    AI_BASKET,
    Quote,
    ReportContext,
    Section,
    Sentence,
    beta_items,
    claim_kind,
    claims_item,
    correlation_items,
    dcc_item,
    risk_item,
    scenario_item,
    verdict_counts,
)

SUMMARY_ID = "summary"
SUMMARY_TITLE = "Summary"

#: How each verdict reads in a sentence.
VERDICT_WORDS = {
    "reproduced": "reproduced",
    "reproduced_only_with": "reproduced only with another method or variant",
    "sourced": "taken from a recorded source",
    "inconclusive": "inconclusive",
    "not_reproduced": "not reproduced",
    "contradicted": "contradicted",
    "not_checkable": "not checkable with the stored data",
}


def quote(value: Any, kind: str) -> Quote:
    """A figure printed by the report's rule for ``kind``."""
    number = None if value is None else float(value)
    return Quote(format_number(value, kind), number, kind)


def strength(r: float, low: float, high: float) -> str:
    """The strength words of a correlation and its 95% interval (module docstring)."""
    size = abs(r)
    word = "weak" if size < 0.3 else "moderate" if size < 0.6 else "strong"
    sign = "positive" if r > 0 else "negative"
    if low <= 0 <= high:
        return f"{word} and not distinguishable from zero at 95%"
    return f"{word} and {sign}"


def _row(frame: pd.DataFrame, **match: Any) -> dict[str, Any]:
    shown = frame.reset_index() if frame.index.name is not None else frame
    for record in shown.to_dict("records"):
        if all(record.get(k) == v for k, v in match.items()):
            return {str(k): v for k, v in record.items()}
    raise LookupError(f"no row with {match}")


def _q(row: dict[str, Any], column: str, default: str = "number") -> Quote:
    """The figure of one table cell, under the kind the table gives it."""
    return quote(row[column], cell_kind(column, row, default))


def linkage_sentences(ctx: ReportContext) -> list[Sentence]:
    """What the linkage is now: the 90- and 30-session correlations with the AI basket
    and the Nasdaq, with their intervals."""
    items = correlation_items(ctx)
    out: list[Sentence] = []
    names = {AI_BASKET: "the AI basket", ctx.nasdaq: "the Nasdaq"}
    for short, long in ((items[0], items[1]), (items[2], items[3])):
        s_row = short.to_frame().iloc[0].to_dict()
        l_row = long.to_frame().iloc[0].to_dict()
        corr = {"value": "correlation", "ci_low": "correlation", "ci_high": "correlation"}
        lq = {k: quote(l_row[k], v) for k, v in corr.items()}
        sq = {k: quote(s_row[k], v) for k, v in corr.items()}
        other = names.get(str(l_row["b"]), str(l_row["b"]))
        out.append(
            Sentence(
                (
                    f"With {other} it is "
                    if out
                    else f"Now: BTC's correlation with {other} (daily log returns) is ",
                    lq["value"],
                    f" over the last {l_row['window']} sessions to {l_row['as_of']} (95% interval ",
                    lq["ci_low"],
                    " to ",
                    lq["ci_high"],
                    f"), {strength(l_row['value'], l_row['ci_low'], l_row['ci_high'])}; "
                    f"over the last {s_row['window']} sessions it is ",
                    sq["value"],
                    " (",
                    sq["ci_low"],
                    " to ",
                    sq["ci_high"],
                    ").",
                ),
                "correlation",
            )
        )
    return out


def movement_sentences(ctx: ReportContext) -> list[Sentence]:
    """How the linkage moved: the DCC conditional correlation now against its mean and
    range over the sample."""
    result = dcc_item(ctx).result
    frame = result.correlation_summary()
    pair = f"{ctx.target}~{AI_BASKET}"
    row = _row(frame, pair=pair)
    first = pd.Timestamp(result.correlations.index[0]).date()
    side = "above" if row["last"] > row["mean"] else "below"
    return [
        Sentence(
            (
                "How it moved: the DCC conditional correlation of BTC with the AI basket is ",
                _q(row, "last", "correlation"),
                f" on {pd.Timestamp(row['last_date']).date()}, {side} its average of ",
                _q(row, "mean", "correlation"),
                f" since {first}; over that span it ranged from ",
                _q(row, "min", "correlation"),
                " to ",
                _q(row, "max", "correlation"),
                ".",
            ),
            "dcc",
        )
    ]


def beta_sentences(ctx: ReportContext) -> list[Sentence]:
    """Downside against upside beta of BTC on the AI basket."""
    asym = beta_items(ctx)[0].result.asymmetric
    frame = asym.to_frame().reset_index()
    frame.insert(0, "market", asym.market)
    down = _row(frame, statistic="downside_beta")
    up = _row(frame, statistic="upside_beta")
    diff = _row(frame, statistic="downside_minus_upside")
    verb = "falls harder with" if diff["estimate"] > 0 else "does not fall harder with"
    significant = diff["p_value"] < 0.05
    return [
        Sentence(
            (
                "On the basket's down days BTC's beta is ",
                _q(down, "estimate"),
                " (95% interval ",
                _q(down, "ci_low"),
                " to ",
                _q(down, "ci_high"),
                ") against ",
                _q(up, "estimate"),
                f" on its up days: as a point estimate BTC {verb} the AI basket than it "
                "rises with it, a difference of ",
                _q(diff, "estimate"),
                " with p = ",
                _q(diff, "p_value"),
                " (significant at 5%)." if significant else " (not significant at 5%).",
            ),
            "beta",
        )
    ]


def risk_sentences(ctx: ReportContext) -> list[Sentence]:
    """The risk score, what drives it (top components) and what it lacks."""
    result = risk_item(ctx).result
    frame = result.to_frame()
    score = _row(frame, component="score")
    parts: list[str | Quote] = [
        "The AI-contagion risk score is ",
        _q(score, "value"),
        f" of 100 on {pd.Timestamp(result.as_of).date()}, from {result.components_used} of "
        f"{result.components_total} components",
    ]
    try:
        fresh = _row(frame, component="score_all_fresh")
    except LookupError:
        parts.append(".")
    else:
        parts += [
            "; with every component fresh it was ",
            _q(fresh, "value"),
            f" ({fresh['note']}).",
        ]
    sentences = [Sentence(tuple(parts), "risk")]
    components = frame.drop(index=["score", "score_all_fresh"], errors="ignore")
    used = components[components["status"] == "ok"].sort_values("contribution", ascending=False)
    top: list[str | Quote] = ["It is driven most by "]
    for i, (name, row) in enumerate(used.head(3).iterrows()):
        cells = {"component": name, **row.to_dict()}
        if i:
            top.append("; " if i < min(3, len(used)) - 1 else "; and ")
        top += [
            f"{name} ({row['note']}: ",
            _q(cells, "value"),
            ", higher than ",
            _q(cells, "percentile"),
            " of its own history; ",
            _q(cells, "contribution"),
            " points)",
        ]
    top.append(".")
    if len(used):
        sentences.append(Sentence(tuple(top), "risk"))
    missing = components[components["status"] != "ok"]
    if len(missing):
        sentences.append(
            Sentence(
                (
                    "Not in the score (their weight goes to the others): "
                    + "; ".join(f"{n} ({r['status']})" for n, r in missing.iterrows())
                    + ".",
                ),
                "risk",
            )
        )
    return sentences


def scenario_sentences(ctx: ReportContext) -> list[Sentence]:
    """What the AI-credit-shock scenario implies for BTC, engine by engine."""
    run = scenario_item(ctx).result
    comparison = run.comparison
    shown = comparison.reset_index() if comparison.index.name is not None else comparison
    below = [c for c in shown.columns if c.startswith("p_below_") and c.endswith("_any_time")]
    sentences = []
    for record in shown.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        parts: list[str | Quote] = [
            f"Scenario {run.name}, {row['engine']} engine ({row['kind'].replace('_', ' ')}, ",
            _q(row, "paths"),
            " paths, from BTC at ",
            quote(run.start_price, "price"),
            "): the median end price is ",
            _q(row, "median_end_price"),
            ", BTC ends above its start in ",
            _q(row, "p_end_above_start"),
            " of paths",
        ]
        for column in below:
            price = column.removeprefix("p_below_").removesuffix("_any_time")
            parts += [f", trades below {int(price):,} at some point in ", _q(row, column)]
        parts.append(".")
        sentences.append(Sentence(tuple(parts), "scenario"))
    return sentences


def claims_sentences(ctx: ReportContext) -> list[Sentence]:
    """How many of the narrative's claims held, and the ones the data reject."""
    report = claims_item(ctx).result
    counts = verdict_counts(report)
    total = _row(counts, verdict="total")
    parts: list[str | Quote] = ["Of the ", _q(total, "claims"), " claims of the narrative: "]
    rows = [r for r in counts.to_dict("records") if r["verdict"] != "total"]
    for i, row in enumerate(rows):
        if i:
            parts.append(", ")
        parts += [_q(row, "claims"), f" {VERDICT_WORDS.get(row['verdict'], row['verdict'])}"]
    parts.append(".")
    sentences = [Sentence(tuple(parts), "claims")]
    for c in report.claims:
        if c.verdict not in ("not_reproduced", "contradicted"):
            continue
        sentences.append(
            Sentence(
                (
                    f"{VERDICT_WORDS[c.verdict].capitalize()}: claim {c.id}, “{c.claim}” The "
                    "claim says ",
                    Quote(c.claimed.describe(), c.claimed.value, "claimed"),
                    "; the data give ",
                    quote(c.value, claim_kind(c.claimed.unit)),
                    ".",
                ),
                "claims",
            )
        )
    return sentences


#: The summary's paragraphs in order: (section id its sentences link to, builder).
PARAGRAPHS: tuple[tuple[str, Callable[[ReportContext], list[Sentence]]], ...] = (
    ("correlation", linkage_sentences),
    ("dcc", movement_sentences),
    ("beta", beta_sentences),
    ("claims", claims_sentences),
    ("risk", risk_sentences),
    ("scenario", scenario_sentences),
)


def summary_section(ctx: ReportContext, built: Sequence[Section]) -> Section:
    """The executive summary from the results of ``built`` (the other sections).

    A paragraph whose section is unavailable becomes one sentence naming the reason.
    """
    by_id = {s.id: s for s in built}
    sentences: list[Sentence] = []
    for section_id, builder in PARAGRAPHS:
        section = by_id.get(section_id)
        if section is None:
            continue
        if section.unavailable is not None:
            sentences.append(
                Sentence((f"{section.title}: not available ({section.unavailable}).",), section_id)
            )
            continue
        try:
            sentences.extend(builder(ctx))
        except (BubblelinkError, LookupError, KeyError) as exc:
            sentences.append(
                Sentence((f"{section.title}: no summary sentence ({exc}).",), section_id)
            )
    return Section(
        SUMMARY_ID,
        SUMMARY_TITLE,
        sentences=tuple(sentences),
        synthetic=any(s.synthetic for s in built),
        notes=(
            "Each sentence links to the section that shows its figures; every figure is "
            "printed by the same rounding rule as that section's tables.",
        ),
    )
