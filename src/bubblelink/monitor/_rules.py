"""Load alert rules from YAML, reporting parse errors with the file's line and column."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from bubblelink.errors import ConfigError
from bubblelink.monitor._expr import Node, RuleSyntaxError, parse_rule, series_in


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
    line : int
        1-based line of the expression in the rules file.
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
    return Path(str(resources.files("bubblelink") / "data" / "monitor_rules.yaml"))


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


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """Parse a rules file (default: the shipped example).

    Format::

        version: 1
        rules:
          - name: coupling_and_credit
            when: corr30(BTC-USD, ^IXIC) > 0.5 and change(BAMLH0A0HYM2, 20) > 0.5
            message: BTC trades with tech while HY spreads widen

    Raises
    ------
    ConfigError
        Unreadable file, invalid YAML, a rule without ``name``/``when``, a duplicate
        name, or an expression that does not parse — with ``file:line:column``.
    """
    file = Path(path) if path is not None else default_rules_path()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the rules file {file}: {exc.strerror}") from exc
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{file}{where}: {problem}: fix the YAML syntax") from exc
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{file}: expected a mapping with a 'rules' list")
    top = {k.value: v for k, v in root.value}
    rules_node = top.get("rules")
    if not isinstance(rules_node, yaml.SequenceNode):
        raise ConfigError(f"{file}: expected 'rules:' followed by a list of rules")
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in rules_node.value:
        at = f"{file}:{item.start_mark.line + 1}:{item.start_mark.column + 1}"
        if not isinstance(item, yaml.MappingNode):
            raise ConfigError(f"{at}: each rule must be a mapping with 'name' and 'when'")
        fields = {k.value: v for k, v in item.value}
        for key in ("name", "when"):
            if not isinstance(fields.get(key), yaml.ScalarNode) or not fields[key].value.strip():
                raise ConfigError(f"{at}: rule is missing '{key}'")
        name = fields["name"].value.strip()
        if name in seen:
            raise ConfigError(f"{at}: duplicate rule name {name!r}")
        seen.add(name)
        when: yaml.ScalarNode = fields["when"]
        try:
            tree = parse_rule(when.value)
        except RuleSyntaxError as exc:
            line, col = _position(when, exc.column)
            raise ConfigError(
                f"{file}:{line}:{col}: rule {name!r} does not parse at line {line}, column "
                f"{col}: {exc.message}"
            ) from exc
        message_node = fields.get("message")
        message = message_node.value if isinstance(message_node, yaml.ScalarNode) else when.value
        rules.append(
            Rule(
                name=name,
                expression=" ".join(when.value.split()),
                tree=tree,
                message=message,
                line=when.start_mark.line + 1,
                column=when.start_mark.column + 1,
            )
        )
    if not rules:
        raise ConfigError(f"{file}: no rules defined")
    return rules
