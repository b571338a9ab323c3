"""Composite summaries built from several analytics (what the demo prints)."""

from bubblelink.summary.linkage import LinkageRow, LinkageSummary, linkage_summary

__all__ = ["LinkageRow", "LinkageSummary", "linkage_summary"]
