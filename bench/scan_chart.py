"""The README's scan chart (``docs/img/scan_scaling.svg``) drawn from ``bench/results.json``.

Two panels of horizontal bars, from the ``bench_scan`` section and nothing else:

* **time**: the 2,000-asset target scan (rolling corr + beta): the kernel alone, the local
  engine, Dask with 1 and with 2 workers (seconds, one scale), with the per-task overhead
  in the caption;
* **memory**: ``scan --pairs`` for 1,000 assets: the peak RSS of the whole process, the
  stated bound of the streaming arrays and the issue's 2 GB target (GB, one scale), with
  the size of the full N×N×T cube it avoids in the caption.

Plain SVG written by hand (no plotting library, no fonts or scripts fetched): the same
results file always gives the same bytes. ``bench/render_readme.py`` calls
:func:`write_chart` after the table; ``python bench/scan_chart.py --check`` exits 1 when
the file is not what the results give.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
CHART = HERE.parent / "docs" / "img" / "scan_scaling.svg"

WIDTH, HEIGHT = 760, 256
PANEL = 380  # width of each panel
LABEL = 150  # room for the bar labels
BAR_SPACE = 150  # longest bar (px)
BAR, GAP, TOP = 22, 12, 62
COLOURS = ("#9aa5b1", "#3b6ea5", "#e08a2e", "#c4572d")


class ChartError(Exception):
    """The results file has no scan figures to draw (one-line message)."""


def _row(section: Mapping[str, Any], prefix: str) -> Mapping[str, Any]:
    for row in section.get("rows", []):
        if str(row.get("benchmark", "")).startswith(prefix):
            return dict(row.get("values", {}))
    raise ChartError(f"bench_scan has no row '{prefix}…': run python bench/bench_scan.py")


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def _panel(
    x0: int,
    title: str,
    bars: Sequence[tuple[str, float, str]],
    caption: Sequence[str],
    limit: str | None = None,
) -> list[str]:
    """One panel: ``bars`` = (label, value, value text), on one linear scale from 0; the
    bar labelled ``limit`` (a target, not a measurement) is drawn as a dashed outline."""
    top = max(value for _, value, _ in bars) or 1.0
    out = [f'<text x="{x0 + 10}" y="28" font-size="14" font-weight="bold">{escape(title)}</text>']
    for i, (label, value, text) in enumerate(bars):
        y = TOP + i * (BAR + GAP)
        length = round(BAR_SPACE * value / top, 1)
        colour = COLOURS[i % len(COLOURS)]
        paint = (
            f'fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"'
            if label == limit
            else f'fill="{colour}"'
        )
        out.append(
            f'<text x="{x0 + LABEL - 6}" y="{y + 15}" font-size="12" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        out.append(
            f'<rect x="{x0 + LABEL}" y="{y}" width="{length}" height="{BAR}" {paint}>'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
        )
        out.append(
            f'<text x="{x0 + LABEL + length + 5}" y="{y + 15}" font-size="12">{escape(text)}</text>'
        )
    base = TOP + len(bars) * (BAR + GAP) + 10
    for j, line in enumerate(caption):
        out.append(
            f'<text x="{x0 + 10}" y="{base + j * 16}" font-size="11" fill="#444">'
            f"{escape(line)}</text>"
        )
    return out


def render(results: Mapping[str, Any]) -> str:
    """The SVG (text) for ``results`` (the parsed results file)."""
    section = (results.get("benchmarks") or {}).get("bench_scan")
    if not isinstance(section, Mapping):
        raise ChartError("the results file has no bench_scan section: run bench/bench_scan.py")
    scan = _row(section, "scan: target vs")
    task = _row(section, "scan on Dask: per-task overhead")
    pairs = _row(section, "scan --pairs")
    dask = scan["dask"]
    time_bars = [
        ("kernel alone", float(scan["kernel_s"])),
        ("local engine", float(scan["local_s"])),
        ("Dask, 1 worker", float(dask["1"]["wall_s"])),
        ("Dask, 2 workers", float(dask["2"]["wall_s"])),
    ]
    gib = 2**30
    memory_bars = [
        ("stated bound", float(pairs["bound_bytes"]) / gib),
        ("peak RSS", float(pairs["peak_rss_bytes"]) / gib),
        ("issue target", 2.0),
    ]
    when = str(section.get("run_at", "?"))[:10]
    load = section.get("load_average") or []
    load_text = "–".join(f"{v:.1f}" for v in load) if load else "?"
    cube = pairs.get("cube_bytes")
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" '
        'role="img" aria-labelledby="scan-chart-title">',
        '<title id="scan-chart-title">bubblelink scan: wall time of a 2,000-asset scan by '
        "engine, and peak memory of a 1,000-asset pairs scan (bench/bench_scan.py)</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        *_panel(
            0,
            "2,000 assets × 2,520 sessions: wall time",
            [(label, value, _seconds(value)) for label, value in time_bars],
            [
                f"rolling corr + beta, window 60; {_seconds(float(task['per_task_s']))} "
                "per empty Dask task",
                "SYNTHETIC factor market; cluster start not timed",
            ],
        ),
        *_panel(
            PANEL,
            "scan --pairs, 1,000 assets: memory",
            [(label, value, f"{value:.2f} GB") for label, value in memory_bars],
            [
                f"top 20 pairs per window in {_seconds(float(pairs['wall_s']))}"
                + (f"; the full cube would be {float(cube) / gib:.1f} GB" if cube else ""),
                "peak RSS: the whole process (VmHWM)",
            ],
            limit="issue target",
        ),
        f'<text x="10" y="{HEIGHT - 10}" font-size="10" fill="#666">bench/bench_scan.py, '
        f"run {escape(when)}, 2 shared cores, 1-minute load average {escape(load_text)}; "
        "one run each</text>",
        "</svg>",
    ]
    return "\n".join(body) + "\n"


def write_chart(results: Mapping[str, Any], path: Path = CHART) -> bool:
    """Write the chart for ``results`` to ``path``; True when the file changed."""
    svg = render(results)
    if path.exists() and path.read_text(encoding="utf-8") == svg:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--out", type=Path, default=CHART)
    parser.add_argument("--check", action="store_true", help="exit 1 if the chart is stale")
    args = parser.parse_args()
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        svg = render(results)
    except (OSError, ValueError, ChartError, KeyError) as exc:
        raise SystemExit(f"scan_chart: {exc}") from None
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != svg:
            raise SystemExit(f"scan_chart: {args.out} is stale: run python bench/scan_chart.py")
        print(f"{args.out}: up to date")
        return
    changed = write_chart(results, args.out)
    print(f"{args.out}: {'written' if changed else 'already up to date'}")


if __name__ == "__main__":
    main()
