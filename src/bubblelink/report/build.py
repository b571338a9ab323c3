"""Assemble the HTML report: build every section, render, write one file."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bubblelink.dates import parse_utc_date
from bubblelink.errors import BubblelinkError
from bubblelink.report.render import ReportMeta, render_report
from bubblelink.report.sections import ReportContext, Section, build_section, build_sections
from bubblelink.report.summary import SUMMARY_ID, SUMMARY_TITLE, summary_section
from bubblelink.service.data import StoreLike, opened, shared_reads
from bubblelink.service.store import series_list

REPORT_TITLE = "bubblelink: how tightly is Bitcoin bound to the AI trade and to liquidity?"


@dataclass(frozen=True)
class ReportDocument:
    """A rendered report: the HTML and the sections it was built from."""

    html: str
    sections: tuple[Section, ...]
    meta: ReportMeta

    def unavailable(self) -> dict[str, str]:
        """Section id → reason, for sections that could not be built."""
        return {s.id: s.unavailable for s in self.sections if s.unavailable is not None}


def build_report(
    store: StoreLike = None,
    as_of: str | None = None,
    progress: Callable[[str, int, int, str], None] | None = None,
) -> ReportDocument:
    """Build every section on ``store`` as of ``as_of`` and render the HTML.

    Parameters
    ----------
    store : Store or path, optional
        An open store, or a path opened read-only (default: the default store).
    as_of : str, optional
        YYYY-MM-DD: use only data known on that date (default: everything stored).
    progress : callable, optional
        Called as ``("report", done, total, section title)`` while the sections are
        built (:func:`~bubblelink.report.sections.build_sections`).
    """
    if as_of is not None:
        parse_utc_date(as_of, "--asof")
    started = time.perf_counter()
    with opened(store) as st, shared_reads(st):
        ctx = ReportContext(store=st, as_of=as_of)
        built = build_sections(ctx, progress)
        summary = build_section(ctx, SUMMARY_ID, SUMMARY_TITLE, lambda c: summary_section(c, built))
        sections = [summary, *built]
        listing = ctx.call(series_list)
    path = listing.result.store
    synthetic_series = tuple(i.id for i in listing.result.series if i.synthetic)
    meta = ReportMeta(
        title=REPORT_TITLE,
        as_of=as_of or "latest data",
        generated_at=pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H:%M UTC"),
        store=path,
        synthetic=bool(synthetic_series) or any(s.synthetic for s in sections),
        synthetic_series=synthetic_series,
        build_seconds=time.perf_counter() - started,
    )
    return ReportDocument(render_report(sections, meta), tuple(sections), meta)


def write_report(
    out: str | Path,
    store: StoreLike = None,
    as_of: str | None = None,
    progress: Callable[[str, int, int, str], None] | None = None,
) -> ReportDocument:
    """Build the report and write it to ``out`` (UTF-8); returns the document.

    ``progress``: see :func:`build_report`.
    """
    document = build_report(store, as_of, progress)
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document.html, encoding="utf-8")
    except OSError as exc:
        raise BubblelinkError(f"cannot write the report to {target}: {exc}") from exc
    return document
