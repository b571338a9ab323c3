"""Load alert rules from YAML, reporting errors with the file's line and column.

The file's structure is the pydantic model :class:`RulesFileModel`, read by the one loader
of :mod:`bubblelink.config.files` (a path, or the shipped name ``monitor_rules`` from any
directory). Each rule's ``when`` expression is then parsed by :mod:`bubblelink.monitor._expr`;
its syntax errors name the line and column *inside* the YAML file, also for quoted and
block (``|``, ``>``) scalars.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import Field, model_validator

from bubblelink.config.files import (
    ConfigDocument,
    Source,
    read_config,
    resolve_config_path,
    validate_config,
)
from bubblelink.config.models import ConfigModel, Text, ValueErrorAt, VersionedFile
from bubblelink.errors import ConfigError
from bubblelink.monitor._expr import Node, RuleSyntaxError, parse_rule, series_in

KIND = "monitor rules"
DEFAULT_FILE = "monitor_rules.yaml"


@dataclass(frozen=True)
class Rule:
    """One alert rule.

    Attributes
    ----------
    name : str
        Unique id (used as the store key of its evaluations and alerts).
    expression : str
        The condition text.
    tree : Node
        Parsed expression.
    message : str
        Text sent with the alert (defaults to the expression).
    line, column : int
        1-based line and column of the expression in the rules file.
    """

    name: str
    expression: str
    tree: Node
    message: str
    line: int
    column: int

    @property
    def series(self) -> list[str]:
        """Series the rule reads."""
        return series_in(self.tree)


def default_rules_path() -> Path:
    """The shipped example ``bubblelink/data/monitor_rules.yaml``."""
    return resolve_config_path(None, kind=KIND, default=DEFAULT_FILE)


class RuleModel(ConfigModel):
    """One rule: ``name`` (unique), ``when`` (the condition), ``message`` (optional)."""

    name: Text
    when: Text
    message: str | None = None


class RulesFileModel(VersionedFile):
    """A rules file: ``version`` (1) and a non-empty list ``rules``."""

    rules: list[RuleModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> RulesFileModel:
        seen: set[str] = set()
        for position, rule in enumerate(self.rules):
            if rule.name in seen:
                raise ValueErrorAt(
                    f"duplicate rule name {rule.name!r}", at=("rules", position, "name")
                )
            seen.add(rule.name)
        return self


def _position(node: yaml.ScalarNode, column: int) -> tuple[int, int]:
    """File line and column (1-based) of ``column`` inside a scalar's text."""
    line = node.start_mark.line + 1
    col = node.start_mark.column + 1
    if node.style in ("'", '"'):
        return line, col + column
    if node.style in ("|", ">"):
        text = node.value[: column - 1]
        extra = text.count("\n")
        indent = node.end_mark.column if node.end_mark.column else 2
        offset = column - 1 - (text.rfind("\n") + 1 if extra else 0)
        return line + 1 + extra, indent + offset + 1
    return line, col + column - 1


def load_rules(path: Source = None) -> list[Rule]:
    """Parse a rules file (default: the shipped example).

    Format::

        version: 1
        rules:
          - name: coupling_and_credit
            when: corr30(BTC-USD, ^IXIC) > 0.5 and change(BAMLH0A0HYM2, 20) > 0.5
            message: BTC trades with tech while HY spreads widen

    Parameters
    ----------
    path
        A rules file, or the shipped name ``monitor_rules`` (``.yaml`` optional); None
        for the shipped example.

    Raises
    ------
    ConfigError
        Unknown or unreadable file, invalid YAML, a rule without ``name``/``when``, an
        unknown key, a duplicate name, or an expression that does not parse — with
        ``file:line:column``.
    """
    file = resolve_config_path(path, kind=KIND, default=DEFAULT_FILE)
    document = read_config(file, kind=KIND)
    model = validate_config(document, RulesFileModel)
    return [_rule(document, position, rule) for position, rule in enumerate(model.rules)]


def _rule(document: ConfigDocument, position: int, rule: RuleModel) -> Rule:
    when = document.nodes.get(("rules", position, "when"))
    if not isinstance(when, yaml.ScalarNode):  # a document that did not come from a file
        raise document.error(("rules", position, "when"), "has no position in the file")
    try:
        tree = parse_rule(when.value)
    except RuleSyntaxError as exc:
        line, col = _position(when, exc.column)
        raise ConfigError(
            f"{document.origin}:{line}:{col}: rule {rule.name!r} does not parse at line {line}, "
            f"column {col}: {exc.message}"
        ) from exc
    return Rule(
        name=rule.name,
        expression=" ".join(when.value.split()),
        tree=tree,
        message=rule.message if rule.message is not None else when.value,
        line=when.start_mark.line + 1,
        column=when.start_mark.column + 1,
    )
