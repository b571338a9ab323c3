"""Every Python example in the README runs, so documented calls cannot rot.

What counts as an example (console and shell blocks are never executed):

* a fenced block tagged ``python``/``py``/``pycon``: executed in README order in one
  namespace (a block of ``>>>`` examples runs as a doctest, its output compared);
* ``>>>`` examples in the prose outside fences: run as a doctest;
* an inline code span that is a Python call of a bubblelink name (``bl.correlation(...)``
  after ``import bubblelink as bl``, ``rolling_pairwise_corr(frame, 60, out=buffer)``,
  ``basket_index(method="buy_and_hold")``): executed when every name it uses is
  defined (by the span itself or the namespace below), else its arguments are bound to
  the function's signature, so a documented keyword that does not exist fails;
* an inline span that is a dotted bubblelink name (``bubblelink.config.files``,
  ``StoreData.net_liquidity``, ``analytics.events.reaction_session``): it must resolve.

Examples run in a temporary directory with ``BUBBLELINK_STORE`` pointing at a small
synthetic sample store (2024-01-02 to 2024-12-31), and with ``store`` bound to that
store's path: an example that needs a store names it ``store``. A fenced block preceded
by ``<!-- not tested: reason -->`` (e.g. one that needs the network) is skipped.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import importlib
import inspect
import pkgutil
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bubblelink

README = Path(__file__).resolve().parents[1] / "README.md"
PYTHON_TAGS = {"python", "py", "python3", "pycon"}
NOT_TESTED = re.compile(r"<!--\s*not tested:.*-->")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
INLINE = re.compile(r"(?<!`)`([^`]+)`(?!`)")
FILE_NAME = re.compile(r"\.(py|csv|ya?ml|json|duckdb|html|md|txt|parquet|toml|j2)$")
BUILTINS = set(dir(builtins))
SUBPACKAGES = {m.name for m in pkgutil.iter_modules(bubblelink.__path__)}
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Example:
    """One example of the README: where it starts, what kind, its source."""

    line: int
    kind: str  # "block", "doctest", "inline"
    source: str


def _blank_fences(lines: list[str]) -> tuple[list[str], list[tuple[int, str, str, bool]]]:
    """Lines with fenced blocks blanked, and the blocks: (first line, tag, body, skipped)."""
    prose = list(lines)
    blocks: list[tuple[int, str, str, bool]] = []
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        fence, tag = opened.group(2), opened.group(3).lower()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j])
            j += 1
        skipped = i > 0 and bool(NOT_TESTED.search(lines[i - 1]))
        blocks.append((i + 2, tag, "\n".join(body) + "\n", skipped))
        for k in range(i, min(j + 1, len(lines))):
            prose[k] = ""
        i = j + 1
    return prose, blocks


def readme_examples(text: str) -> list[Example]:
    """The Python examples of a README text (see the module docstring), in order."""
    lines = text.splitlines()
    prose, blocks = _blank_fences(lines)
    examples: list[Example] = []
    for line, tag, body, skipped in blocks:
        if tag in PYTHON_TAGS and not skipped:
            kind = "doctest" if re.search(r"^\s*>>>", body, re.M) else "block"
            examples.append(Example(line, kind, body))
    prose_text = "\n".join(prose)
    if re.search(r"^\s*>>>", prose_text, re.M):
        examples.append(Example(1, "doctest", prose_text))
    for match in INLINE.finditer(prose_text):
        span = match.group(1).strip()
        if _is_python_reference(span):
            line = prose_text.count("\n", 0, match.start()) + 1
            examples.append(Example(line, "inline", span))
    return sorted(examples, key=lambda e: e.line)


def _parse(span: str) -> ast.Module | None:
    """The span as Python (a span wrapped over two lines is one line), or None."""
    for source in (span, " ".join(span.split())):
        try:
            return ast.parse(source)
        except SyntaxError:
            continue
    return None


def _aliases(tree: ast.AST) -> dict[str, list[str]]:
    """Names a span binds by importing from bubblelink → their dotted path."""
    out: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "bubblelink":
                    if alias.asname:
                        out[alias.asname] = alias.name.split(".")
                    else:
                        out["bubblelink"] = ["bubblelink"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bubblelink"):
            for alias in node.names:
                out[alias.asname or alias.name] = [*str(node.module).split("."), alias.name]
    return out


def _dotted(node: ast.AST) -> list[str] | None:
    """``a.b.c`` → ["a", "b", "c"]; None for anything but a chain of names."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def _bubblelink_path(chain: list[str], aliases: dict[str, list[str]]) -> list[str] | None:
    """The full dotted path of ``chain`` when it names something of bubblelink."""
    root, rest = chain[0], chain[1:]
    if root in aliases:
        return [*aliases[root], *rest]
    if root == "bubblelink":
        return chain
    if root in bubblelink.__all__ or root in SUBPACKAGES:
        return ["bubblelink", *chain]
    return None


def _resolve(path: list[str]) -> Any:
    """Import the longest module prefix of ``path`` and walk the remaining attributes."""
    for cut in range(len(path), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(path[:cut]))
        except ModuleNotFoundError:
            continue
        for name in path[cut:]:
            value = getattr(value, name)
        return value
    raise ModuleNotFoundError(f"no module {path[0]}")


def _is_python_reference(span: str) -> bool:
    """A call of a bubblelink name, or a dotted bubblelink name (not a file name)."""
    if "/" in span or FILE_NAME.search(span) or span.startswith("$"):
        return False
    tree = _parse(span)
    if tree is None or not tree.body:
        return False
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            chain = _dotted(node.func)
            if chain and _bubblelink_path(chain, aliases) is not None:
                return True
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        chain = _dotted(tree.body[0].value)
        return bool(chain and len(chain) > 1 and _bubblelink_path(chain, aliases))
    return False


def _free_names(tree: ast.AST) -> set[str]:
    bound: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else used).add(node.id)
    return used - bound - BUILTINS


def _check_call(node: ast.Call, aliases: dict[str, list[str]]) -> None:
    """Bind a call's arguments to the documented function's signature (TypeError if not)."""
    chain = _dotted(node.func)
    path = _bubblelink_path(chain, aliases) if chain else None
    if path is None:
        return
    func = _resolve(path)
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return
    placeholders = [object()] * len(node.args)
    try:
        signature.bind_partial(*placeholders, **{str(k.arg): object() for k in node.keywords})
    except TypeError as exc:
        raise TypeError(f"{'.'.join(path)}{signature}: {exc}") from None


def run_inline(span: str, namespace: dict[str, Any]) -> None:
    """Execute a complete inline example, else check its calls and names resolve."""
    tree = _parse(span)
    assert tree is not None
    aliases = _aliases(tree)
    if not _free_names(tree) - set(namespace):
        exec(compile(tree, "<README inline>", "exec"), dict(namespace))
        return
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    for call in calls:
        _check_call(call, aliases)
    if not calls:
        chain = _dotted(tree.body[0].value)  # type: ignore[attr-defined]
        path = _bubblelink_path(chain, aliases) if chain else None
        if path is not None:
            _resolve(path)


def run_examples(examples: list[Example], namespace: dict[str, Any]) -> list[str]:
    """Run the examples; one line per failure, ``README.md:LINE: ...``."""
    failures: list[str] = []
    shared = dict(namespace)
    for example in examples:
        first = example.source.strip().splitlines()[0] if example.source.strip() else ""
        where = f"README.md:{example.line}: {example.kind} `{first[:80]}`"
        try:
            if example.kind == "block":
                exec(compile(example.source, f"<README.md:{example.line}>", "exec"), shared)
            elif example.kind == "doctest":
                test = doctest.DocTestParser().get_doctest(
                    example.source, shared, "README", str(README), example.line - 1
                )
                runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
                report: list[str] = []
                runner.run(test, out=report.append, clear_globs=False)
                if runner.failures:
                    failures.append(f"{where}: doctest failed\n{''.join(report)}")
            else:
                run_inline(example.source, namespace)
        except Exception as exc:
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            failures.append(f"{where}: {detail}")
    return failures


@pytest.fixture(scope="module")
def readme_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic sample store (2024) built through the ingest service."""
    from bubblelink.service.ingest import ingest_sample

    path = tmp_path_factory.mktemp("readme") / "store.duckdb"
    ingest_sample(path, start="2024-01-02", end="2024-12-31")
    return path


@pytest.fixture()
def in_sandbox(
    readme_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """cwd = a temp dir, the default store = the sample store; the examples' namespace."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BUBBLELINK_STORE", str(readme_store))
    return {"__name__": "__readme__", "store": str(readme_store)}


def test_every_python_example_in_the_readme_runs(in_sandbox: dict[str, Any]) -> None:
    examples = readme_examples(README.read_text(encoding="utf-8"))
    assert examples, "no Python example found in README.md: the extractor is broken"
    failures = run_examples(examples, in_sandbox)
    assert not failures, "\n".join(failures)


# -- the extractor and the runner can fail -------------------------------------------

SAMPLE = """# title

Call `import bubblelink as bl; bl.series_list(store)` or
`rolling_pairwise_corr(frame, 60, out=buffer)`; files such as `symbols.csv` and
`tests/conftest.py`, pandas' `DataFrame.rolling(60).corr()` and `to_frame()` are not
examples; `bubblelink.analytics.basket.basket_returns` is a name.

```python
x = 1 + 1
```

```console
$ bubblelink corr BTC-USD NVDA
```

<!-- not tested: needs the network -->
```python
raise RuntimeError("never run")
```

```pycon
>>> x * 2
4
```
"""


def test_extractor_finds_blocks_doctests_and_bubblelink_spans_only() -> None:
    found = [(e.line, e.kind, e.source.strip()) for e in readme_examples(SAMPLE)]
    assert found == [
        (3, "inline", "import bubblelink as bl; bl.series_list(store)"),
        (4, "inline", "rolling_pairwise_corr(frame, 60, out=buffer)"),
        (6, "inline", "bubblelink.analytics.basket.basket_returns"),
        (9, "block", "x = 1 + 1"),
        (22, "doctest", ">>> x * 2\n4"),
    ]


def test_runner_passes_the_sample(in_sandbox: dict[str, Any]) -> None:
    assert run_examples(readme_examples(SAMPLE), in_sandbox) == []


@pytest.mark.parametrize(
    ("markdown", "error"),
    [
        ("`rolling_pairwise_corr(frame, 60, buffer=b)`", "unexpected keyword argument 'buffer'"),
        ("`rolling_pairwise_corr(frame, 60, 3)`", "too many positional arguments"),
        ("`bubblelink.analytics.basket.no_such_function`", "AttributeError"),
        ("`StoreData.no_such_method`", "AttributeError"),
        ("`import bubblelink as bl; bl.correlation(store, a='NOPE', b='NVDA')`", "NOPE"),
        ("```python\n1 / 0\n```", "ZeroDivisionError"),
        ("```pycon\n>>> 1 + 1\n3\n```", "doctest failed"),
    ],
)
def test_runner_reports_a_broken_example_with_its_line(
    in_sandbox: dict[str, Any], markdown: str, error: str
) -> None:
    failures = run_examples(readme_examples("intro\n\n" + markdown), in_sandbox)
    assert len(failures) == 1
    line = 4 if markdown.startswith("```") else 3  # a block's first line inside the fence
    assert failures[0].startswith(f"README.md:{line}:") and error in failures[0]
