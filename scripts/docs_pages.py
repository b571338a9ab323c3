"""Generate the documentation site's pages at build time (run by mkdocs-gen-files).

Nothing here is written by hand twice:

* ``index.md``, ``tour.md`` and ``notebooks.md`` are sections of README.md (the README is
  the one source; its examples are tested by tests/test_readme.py);
* ``cli.md`` is the typer app's own help: every command, argument and option with the
  help text the CLI prints (typer's Markdown generator, as ``typer ... utils docs``);
* ``reference/*.md`` are mkdocstrings directives: the API reference is rendered from the
  numpy-style docstrings of the modules listed in :data:`REFERENCE`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import mkdocs_gen_files

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

README = (ROOT / "README.md").read_text(encoding="utf-8")

#: page → (title, modules documented on it)
REFERENCE: dict[str, tuple[str, tuple[str, ...]]] = {
    "notebook": ("Notebook API (`import bubblelink as bl`)", ("bubblelink.notebook",)),
    "results": (
        "Results",
        (
            "bubblelink.service._envelope.ServiceResult",
            "bubblelink.service.figures",
            "bubblelink.results",
        ),
    ),
    "service": (
        "Service layer (one function per question)",
        (
            "bubblelink.service.linkage",
            "bubblelink.service.transmission",
            "bubblelink.service.events",
            "bubblelink.service.liquidity",
            "bubblelink.service.risk",
            "bubblelink.service.scenarios",
            "bubblelink.service.claims",
            "bubblelink.service.summary",
            "bubblelink.service.flows",
            "bubblelink.service.market_structure",
            "bubblelink.service.store",
            "bubblelink.service.ingest",
        ),
    ),
    "params": (
        "Parameters (shared by the CLI, the API and the notebook API)",
        ("bubblelink.service.params",),
    ),
    "frames": ("Frames: loading, calendars, returns", ("bubblelink.frames",)),
    "analytics": (
        "Analytics (pure estimators)",
        (
            "bubblelink.analytics.correlation",
            "bubblelink.analytics.beta",
            "bubblelink.analytics.tails",
            "bubblelink.analytics.contagion",
            "bubblelink.analytics.dcc",
            "bubblelink.analytics.spillover",
            "bubblelink.analytics.leadlag",
            "bubblelink.analytics.events",
            "bubblelink.analytics.performance",
            "bubblelink.analytics.regimes",
            "bubblelink.analytics.basket",
            "bubblelink.analytics.liquidity",
        ),
    ),
    "errors": ("Errors", ("bubblelink.errors",)),
}


def readme_section(title: str, level: int = 2) -> str:
    """The README section under the heading ``title`` (to the next heading of ``level``
    or higher), heading included; an error when the README has no such heading."""
    marks = "#" * level
    pattern = re.compile(
        rf"^{marks} {re.escape(title)}\s*$\n(.*?)(?=^#{{1,{level}}} |\Z)", re.M | re.S
    )
    found = pattern.search(README)
    if found is None:
        raise SystemExit(f"docs: README.md has no '{marks} {title}' heading")
    return f"{marks} {title}\n{found.group(1).rstrip()}\n"


def readme_intro() -> str:
    """The README up to its first ``##`` heading (its title and introduction)."""
    return README.split("\n## ", 1)[0] + "\n"


def shifted(markdown: str, by: int) -> str:
    """Headings of ``markdown`` ``by`` levels higher (``###`` → ``#`` with by=2), outside
    fenced code blocks."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"^#{2,6} ", line):
            line = line[by:]
        out.append(line)
    return "\n".join(out) + "\n"


def write(name: str, text: str) -> None:
    with mkdocs_gen_files.open(name, "w") as handle:
        handle.write(text)


def cli_reference() -> str:
    """The typer app's help as Markdown (every command, argument and option)."""
    import typer
    from typer.cli import get_docs_for_click

    from bubblelink.cli.app import app

    command = typer.main.get_command(app)
    context = typer.Context(command)
    text = get_docs_for_click(
        obj=command, ctx=context, name="bubblelink", title="Command-line reference"
    )
    note = (
        "Generated from the CLI itself (`bubblelink --help`, `bubblelink COMMAND --help`) "
        "each time the site is built.\n\n"
    )
    head, _, rest = text.partition("\n\n")
    return f"{head}\n\n{note}{rest.strip()}\n"


write("index.md", readme_intro() + "\n" + readme_section("What it answers"))
write(
    "tour.md",
    shifted(readme_section("A tour of the CLI (real output)"), 1)
    + "\n"
    + readme_section("Results on the wire: one envelope, one vocabulary"),
)
write(
    "notebooks.md",
    shifted(readme_section("Notebooks and the Python API", level=3), 2)
    + "\nThe worked notebook is `docs/notebooks/tour.ipynb` in the repository (executed by "
    "the test suite); the functions are documented in the "
    "[notebook API reference](reference/notebook.md).\n",
)
write("cli.md", cli_reference())

index = ["# API reference\n", "Rendered from the numpy-style docstrings.\n"]
for page, (title, modules) in REFERENCE.items():
    index.append(f"* [{title}]({page}.md)")
    body = [f"# {title}\n"]
    body.extend(f"::: {module}\n" for module in modules)
    write(f"reference/{page}.md", "\n".join(body))
write("reference/index.md", "\n".join(index) + "\n")
