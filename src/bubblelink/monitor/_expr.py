"""A small, safe expression language for alert rules (a recursive-descent parser, no eval).

Grammar (keywords are case-insensitive)::

    rule       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := value (("<" | "<=" | ">" | ">=" | "==" | "!=") value)?
    value      := NUMBER | "-" value | call | "(" or_expr ")"
    call       := FUNCTION "(" arg ("," arg)* ")"
    arg        := SERIES | NUMBER

Functions (series are canonical ids or aliases: ``BTC-USD``, ``^IXIC``, ``BAMLH0A0HYM2``):

=====================  ===========================================================
``level(s)``           last value of ``s``
``change(s, n)``       ``s[t] - s[t-n]`` (observations)
``pct_change(s, n)``   ``100 (s[t] / s[t-n] - 1)``
``drawdown(s)``        ``100 (s[t] / max(s) - 1)`` (percent, ≤ 0)
``corr30(a, b)``       correlation of log returns, last 30 NYSE sessions
``corr90(a, b)``       same over 90 sessions
=====================  ===========================================================

A rule must be a condition (a comparison or a boolean combination of comparisons).
Every syntax error is a :class:`RuleSyntaxError` carrying the 1-based column in the
expression, which the rules loader turns into a line and column of the YAML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bubblelink.errors import ConfigError

#: Function name → argument kinds ("s" series, "n" positive integer).
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "level": ("s",),
    "change": ("s", "n"),
    "pct_change": ("s", "n"),
    "drawdown": ("s",),
    "corr30": ("s", "s"),
    "corr90": ("s", "s"),
}
COMPARATORS = ("<=", ">=", "==", "!=", "<", ">")
KEYWORDS = ("and", "or", "not")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<op><=|>=|==|!=|<|>)
  | (?P<punct>[(),\-])
  | (?P<name>[A-Za-z_^][A-Za-z0-9_.\-^=@]*(?<![-=]))
    """,
    re.VERBOSE,
)


class RuleSyntaxError(ConfigError):
    """A rule that does not parse; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    column: int


@dataclass(frozen=True)
class Number:
    value: float
    column: int


@dataclass(frozen=True)
class SeriesRef:
    name: str
    column: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[SeriesRef | Number, ...]
    column: int

    def text(self) -> str:
        """Canonical text, e.g. ``corr30(BTC-USD, ^IXIC)``."""
        parts = [a.name if isinstance(a, SeriesRef) else f"{a.value:g}" for a in self.args]
        return f"{self.function}({', '.join(parts)})"


@dataclass(frozen=True)
class Negate:
    operand: Node
    column: int


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    column: int


@dataclass(frozen=True)
class BoolOp:
    op: str
    operands: tuple[Node, ...]
    column: int


@dataclass(frozen=True)
class Not:
    operand: Node
    column: int


Node = Number | SeriesRef | Call | Negate | Compare | BoolOp | Not


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (RuleSyntaxError on an unexpected character)."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise RuleSyntaxError(f"unexpected character {text[pos]!r}", pos + 1)
        kind = match.lastgroup or ""
        if kind != "ws":
            word = match.group()
            if kind == "name" and word.lower() in KEYWORDS:
                kind = word.lower()
            tokens.append(Token(kind, word, pos + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str, what: str) -> Token:
        token = self.current
        if token.text != text:
            found = "the end of the rule" if token.kind == "end" else repr(token.text)
            raise RuleSyntaxError(f"expected {what}, found {found}", token.column)
        return self.advance()

    def parse(self) -> Node:
        node = self.or_expr()
        if self.current.kind != "end":
            raise RuleSyntaxError(
                f"unexpected {self.current.text!r} (missing 'and'/'or'?)", self.current.column
            )
        if not isinstance(node, Compare | BoolOp | Not):
            raise RuleSyntaxError(
                "a rule must be a condition, e.g. level(BAMLH0A0HYM2) > 5", _column(node)
            )
        return node

    def or_expr(self) -> Node:
        first = self.current.column
        items = [self.and_expr()]
        while self.current.kind == "or":
            self.advance()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else _bool("or", items, first)

    def and_expr(self) -> Node:
        first = self.current.column
        items = [self.not_expr()]
        while self.current.kind == "and":
            self.advance()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else _bool("and", items, first)

    def not_expr(self) -> Node:
        if self.current.kind == "not":
            token = self.advance()
            operand = self.not_expr()
            _require_condition(operand, "'not'")
            return Not(operand, token.column)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.value()
        if self.current.kind == "op":
            token = self.advance()
            right = self.value()
            for side in (left, right):
                if isinstance(side, Compare | BoolOp | Not):
                    raise RuleSyntaxError(
                        f"cannot compare a condition with {token.text!r}", _column(side)
                    )
            return Compare(token.text, left, right, token.column)
        return left

    def value(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(float(token.text), token.column)
        if token.text == "-":
            self.advance()
            operand = self.value()
            if isinstance(operand, Number):
                return Number(-operand.value, token.column)
            return Negate(operand, token.column)
        if token.text == "(":
            self.advance()
            node = self.or_expr()
            self.expect(")", "')'")
            return node
        if token.kind == "name":
            return self.call()
        found = "the end of the rule" if token.kind == "end" else repr(token.text)
        raise RuleSyntaxError(f"expected a number, a function or '(', found {found}", token.column)

    def call(self) -> Call:
        token = self.advance()
        name = token.text.lower()
        if name not in FUNCTIONS:
            raise RuleSyntaxError(
                f"unknown function {token.text!r}; known: {', '.join(FUNCTIONS)}", token.column
            )
        if self.current.text != "(":
            raise RuleSyntaxError(f"expected '(' after {token.text}", self.current.column)
        self.advance()
        args: list[SeriesRef | Number] = []
        while True:
            arg = self.current
            if arg.kind == "name":
                args.append(SeriesRef(arg.text, arg.column))
            elif arg.kind == "number":
                args.append(Number(float(arg.text), arg.column))
            else:
                found = "the end of the rule" if arg.kind == "end" else repr(arg.text)
                raise RuleSyntaxError(f"expected a series or a number, found {found}", arg.column)
            self.advance()
            if self.current.text == ",":
                self.advance()
                continue
            self.expect(")", "',' or ')'")
            break
        kinds = FUNCTIONS[name]
        if len(args) != len(kinds):
            raise RuleSyntaxError(
                f"{name} takes {len(kinds)} argument(s) ({_signature(name)}), got {len(args)}",
                token.column,
            )
        for given, kind in zip(args, kinds, strict=True):
            if kind == "s" and not isinstance(given, SeriesRef):
                raise RuleSyntaxError(f"{name}: expected a series name here", given.column)
            if kind == "n" and not (
                isinstance(given, Number) and given.value >= 1 and given.value == int(given.value)
            ):
                raise RuleSyntaxError(f"{name}: expected a whole number >= 1 here", given.column)
        return Call(name, tuple(args), token.column)


def _signature(name: str) -> str:
    return ", ".join("series" if k == "s" else "n" for k in FUNCTIONS[name])


def _column(node: Node) -> int:
    return node.column


def _require_condition(node: Node, where: str) -> None:
    if not isinstance(node, Compare | BoolOp | Not):
        raise RuleSyntaxError(f"{where} needs a condition (a comparison)", _column(node))


def _bool(op: str, items: list[Node], column: int) -> BoolOp:
    for item in items:
        _require_condition(item, f"'{op}'")
    return BoolOp(op, tuple(items), column)


def parse_rule(text: str) -> Node:
    """Parse a rule expression into its syntax tree (RuleSyntaxError when it does not parse)."""
    if not text.strip():
        raise RuleSyntaxError("the rule is empty", 1)
    return _Parser(text).parse()


def calls_in(node: Node) -> list[Call]:
    """Every function call in the tree, left to right."""
    if isinstance(node, Call):
        return [node]
    if isinstance(node, Negate | Not):
        return calls_in(node.operand)
    if isinstance(node, Compare):
        return calls_in(node.left) + calls_in(node.right)
    if isinstance(node, BoolOp):
        return [c for item in node.operands for c in calls_in(item)]
    return []


def series_in(node: Node) -> list[str]:
    """Every series name used, in order, without duplicates."""
    names = [a.name for c in calls_in(node) for a in c.args if isinstance(a, SeriesRef)]
    return list(dict.fromkeys(names))
