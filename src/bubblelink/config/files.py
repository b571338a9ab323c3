"""One loader for every configuration file: YAML read safely, validated by a pydantic model.

Sources
-------
A *source* is, in this order:

1. a path to an existing file;
2. the name of a file shipped with bubblelink (package data ``bubblelink/data/<folder>/``,
   read with :mod:`importlib.resources`), with or without ``.yaml``: ``monitor_rules.yaml``,
   ``monitor_rules``, ``ai_credit_shock``, ``narrative_2025-12.yaml``. This works from any
   working directory;
3. ``None``: the kind's default shipped file.

Anything else is a :class:`~bubblelink.errors.ConfigError` listing the shipped names
(:func:`resolve_config_path`). Files of kinds that live in ``data/<folder>/`` are all the
YAML files of that folder; kinds whose file sits in ``data/`` itself ship only their
default file.

Parsing
-------
The YAML is composed into a node tree with PyYAML's ``SafeLoader`` and constructed with
its safe constructor, so a tag that would build a Python object (``!!python/object``) is
rejected. While constructing, the line and column (1-based) of every mapping key and
sequence item are kept in a map from key path to position (:class:`ConfigDocument`).
YAML anchors, aliases and merge keys (``<<: *defaults``) work; a merged key's position is
where it is written (the anchor).

Errors
------
Every problem is one line:

* ``FILE:LINE:COL: KEY.PATH (id 'x'): what is wrong, what is expected`` for a value that
  fails validation — the first error in file order, followed by ``(and N more errors)``
  when there are several; ``KEY.PATH`` is e.g. ``claims[3].claimed.tolerance`` (sequence
  indices count from 0) and the parenthesis names the ``id``/``name`` of the entries on
  the path;
* ``FILE:LINE:COL: invalid YAML: ...`` for a syntax error;
* ``FILE: the KIND file is empty ...`` for an empty file.

A missing key is reported at the position of the mapping that lacks it. A document that
did not come from a file (``parse_*(document, origin=...)``) has no positions: the error
starts with ``ORIGIN: KEY.PATH``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

from bubblelink.config.models import ValueErrorAt
from bubblelink.errors import ConfigError

__all__ = [
    "ConfigDocument",
    "KeyPath",
    "Source",
    "load_config",
    "parse_yaml",
    "read_config",
    "resolve_config_path",
    "shipped_config_names",
    "shipped_config_path",
    "validate_config",
]

#: A path to a file, a shipped name, or None for the default shipped file.
Source = str | os.PathLike[str] | None
#: Keys and sequence indices from the top of a document down to one value.
KeyPath = tuple[Any, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)

YAML_SUFFIXES = (".yaml", ".yml")


@dataclasses.dataclass(frozen=True)
class ConfigDocument:
    """A parsed YAML document with the position of every key.

    Attributes
    ----------
    origin
        The file path (or a label such as ``"scenario form"`` for a document that did
        not come from a file).
    data
        The plain Python document (dicts, lists, text, numbers, dates, booleans, None).
    marks
        ``(line, column)``, 1-based, of every mapping key and sequence item by key path;
        ``()`` is the start of the document. Empty without a file.
    nodes
        The YAML node of every value by key path (e.g. for positions inside a scalar).
    """

    origin: str
    data: Any
    marks: Mapping[KeyPath, tuple[int, int]] = dataclasses.field(default_factory=dict)
    nodes: Mapping[KeyPath, yaml.Node] = dataclasses.field(default_factory=dict)

    def position(self, path: KeyPath) -> tuple[int, int] | None:
        """Position of ``path``, or of its nearest ancestor that has one (None without marks)."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark is not None:
                return mark
        return None

    def where(self, path: KeyPath = ()) -> str:
        """``FILE:LINE:COL`` of ``path`` (just the origin without positions)."""
        mark = self.position(path)
        return f"{self.origin}:{mark[0]}:{mark[1]}" if mark else self.origin

    def error(self, path: KeyPath, message: str) -> ConfigError:
        """A one-line ConfigError ``FILE:LINE:COL: KEY.PATH (id ...): message``.

        ``path`` may end below the document (a missing key): the position is then that of
        the nearest key that exists.
        """
        steps = _steps(self.data, path)
        where = self.where(tuple(key for key, _ in steps))
        label = _render(steps) or "top level"
        return ConfigError(f"{where}: {label}{_identity(self.data, steps)}: {message}")


# --- sources ----------------------------------------------------------------------------------


def _data_dir(folder: str | None) -> Any:
    base = resources.files("bubblelink").joinpath("data")
    return base.joinpath(*folder.split("/")) if folder else base


def shipped_config_names(
    *, folder: str | None = None, default: str | None = None
) -> tuple[str, ...]:
    """Names of the shipped files of one kind.

    Parameters
    ----------
    folder
        Sub-folder of ``bubblelink/data`` holding the kind's files (``"claims"``,
        ``"scenarios"``); None for a kind whose one file sits in ``bubblelink/data``.
    default
        The kind's default file name (the only shipped name when ``folder`` is None).
    """
    if folder is None:
        return (default,) if default else ()
    base = _data_dir(folder)
    if not base.is_dir():
        return ()
    return tuple(
        sorted(
            entry.name
            for entry in base.iterdir()
            if entry.is_file() and entry.name.endswith(YAML_SUFFIXES)
        )
    )


def shipped_config_path(name: str, *, folder: str | None = None) -> Path:
    """Path of the shipped file ``name`` in ``bubblelink/data[/folder]`` (may not exist)."""
    return Path(str(_data_dir(folder).joinpath(name)))


def resolve_config_path(
    source: Source, *, kind: str, folder: str | None = None, default: str | None = None
) -> Path:
    """The file a source names: an existing path, a shipped name, or the default file.

    Parameters
    ----------
    source
        A path, a shipped name (with or without ``.yaml``), or None for ``default``.
    kind
        What the file holds, for messages (``"scenario"``, ``"monitor rules"``).
    folder, default
        Where the kind's shipped files are (see :func:`shipped_config_names`).

    Raises
    ------
    ConfigError
        When the source is neither an existing path nor a shipped name (the message
        lists the shipped names), or is None and the kind has no default.
    """
    names = shipped_config_names(folder=folder, default=default)
    if source is None:
        if default is None:
            raise ConfigError(f"no default {kind} file: give the path of one")
        return shipped_config_path(default, folder=folder)
    text = os.fspath(source)
    path = Path(text).expanduser()
    if path.exists():
        return path
    if Path(text).name == text:
        for candidate in (text, *(text + suffix for suffix in YAML_SUFFIXES)):
            if candidate in names:
                return shipped_config_path(candidate, folder=folder)
    if not names:
        raise ConfigError(f"{kind} file {text} does not exist: check the path")
    raise ConfigError(
        f"{kind} file {text} does not exist and is not the name of a shipped {kind} file "
        f"(shipped: {', '.join(names)}): check the path"
    )


# --- parsing ----------------------------------------------------------------------------------


def read_config(path: str | os.PathLike[str], *, kind: str) -> ConfigDocument:
    """Read and parse a YAML file, keeping the position of every key.

    Raises
    ------
    ConfigError
        When the file cannot be read, is not UTF-8, is empty, or is not valid YAML.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: not a UTF-8 text file: save the {kind} file as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {kind} file {file}: {exc.strerror or exc}") from exc
    return parse_yaml(text, origin=str(file), kind=kind)


def parse_yaml(text: str, *, origin: str, kind: str = "configuration") -> ConfigDocument:
    """Parse YAML text with the safe loader into a :class:`ConfigDocument`.

    Raises
    ------
    ConfigError
        ``ORIGIN:LINE:COL: invalid YAML: ...`` for a syntax error, a tag that would build
        a Python object, or several documents; ``ORIGIN: the KIND file is empty`` for a
        file without content.
    """
    try:
        loader = _SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character (NUL, form feed...)
        before = text[: exc.position]
        where = f"{origin}:{before.count(chr(10)) + 1}:{exc.position - before.rfind(chr(10))}"
        raise ConfigError(
            f"{where}: invalid YAML: the control character #x{exc.character:04x} is not "
            "allowed: delete it (save the file as plain UTF-8 text)"
        ) from exc
    try:
        try:
            node = loader.get_single_node()
        except RecursionError as exc:  # PyYAML composes nested values recursively
            raise ConfigError(
                f"{origin}: invalid YAML: values nested more than {MAX_DEPTH} levels deep: "
                "a configuration file needs a few levels"
            ) from exc
        if node is None:
            raise ConfigError(
                f"{origin}: the {kind} file is empty: expected a mapping of keys to values"
            )
        _check_shape(node, origin)
        data = loader.construct_document(node)
        marks: dict[KeyPath, tuple[int, int]] = {(): _mark(node)}
        nodes: dict[KeyPath, yaml.Node] = {}
        _index(node, (), loader, marks, nodes, set())
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(_yaml_error(exc, origin)) from exc
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise ConfigError(f"{origin}: invalid YAML: {first}: fix the syntax") from exc
    finally:
        loader.dispose()
    return ConfigDocument(origin=origin, data=data, marks=marks, nodes=nodes)


#: Deepest nesting of values a configuration file may have.
MAX_DEPTH = 50
#: Most values a file may hold once its aliases are expanded (a "billion laughs" file of a
#: few lines expands to billions through nested aliases).
MAX_VALUES = 200_000


def _check_shape(root: yaml.Node, origin: str) -> None:
    """Refuse a document nested deeper than :data:`MAX_DEPTH` or whose aliases expand to
    more than :data:`MAX_VALUES` values, before anything walks it (bounded time and
    memory for any input). A recursive alias (``&a [*a]``) counts once."""
    count = 0
    stack: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 0, frozenset())]
    while stack:
        node, depth, above = stack.pop()
        count += 1
        line, col = _mark(node)
        if depth > MAX_DEPTH:
            raise ConfigError(
                f"{origin}:{line}:{col}: invalid YAML: values nested more than {MAX_DEPTH} "
                "levels deep: a configuration file needs a few levels"
            )
        if count > MAX_VALUES:
            raise ConfigError(
                f"{origin}:{line}:{col}: invalid YAML: the file expands to more than "
                f"{MAX_VALUES} values (aliases of aliases): write the values out"
            )
        if id(node) in above:
            continue
        inner = above | {id(node)}
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1, inner), (value, depth + 1, inner)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1, inner) for item in node.value)


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader; a value its tag cannot hold is a marked YAML error.

    An impossible date (``2025-13-01``), and a scalar tagged with a type it is not
    (``!!int abc``, ``!!float x``, ``!!bool maybe``, ``!!timestamp abc``: PyYAML raises
    ValueError/KeyError/AttributeError for those) are reported like a syntax error, with the position of the value.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, TypeError, OverflowError, AttributeError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            shown = f"{node.value!r:.40}" if isinstance(node, yaml.ScalarNode) else "the value"
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is not a valid {tag}", node.start_mark
            ) from exc

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError) as exc:  # AttributeError: `!!timestamp abc`
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
            ) from exc


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _index(
    node: yaml.Node,
    path: KeyPath,
    loader: _SafeLoader,
    marks: dict[KeyPath, tuple[int, int]],
    nodes: dict[KeyPath, yaml.Node],
    active: set[int],
) -> None:
    """Record the node of ``path`` and the positions of the keys and items below it."""
    nodes[path] = node
    if id(node) in active:  # a recursive alias
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        # merge keys were flattened into node.value by the constructor
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = loader.construct_object(key_node)
            marks[(*path, key)] = _mark(key_node)
            _index(value_node, (*path, key), loader, marks, nodes, active)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            marks[(*path, position)] = _mark(item)
            _index(item, (*path, position), loader, marks, nodes, active)
    active.discard(id(node))


_TAG = re.compile(r"tag '([^']*)'")


def _yaml_error(exc: yaml.MarkedYAMLError, origin: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
    problem = " ".join(str(exc.problem or "syntax error").split())
    if isinstance(exc, yaml.constructor.ConstructorError) and (tag := _TAG.search(problem)):
        return (
            f"{where}: invalid YAML: the tag {tag.group(1)!r} is not allowed: configuration "
            "files hold plain values (text, numbers, dates, lists, mappings)"
        )
    context = ""
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        context = f" ({exc.context} started at line {exc.context_mark.line + 1})"
    return f"{where}: invalid YAML: {problem}{context}: fix the syntax"


# --- validation -------------------------------------------------------------------------------


def validate_config(
    document: ConfigDocument, model: type[ModelT], *, context: Mapping[str, Any] | None = None
) -> ModelT:
    """Validate a document with a pydantic model.

    Parameters
    ----------
    document
        A parsed file (:func:`read_config`), or ``ConfigDocument(origin, data)`` for a
        document that did not come from a file.
    model
        The pydantic model of the file kind.
    context
        Passed to the model's validators (e.g. the registry of known computations).

    Raises
    ------
    ConfigError
        One line naming the position, the key path and the problem of the first error in
        file order, and how many more there are.
    """
    try:
        return model.model_validate(document.data, context=dict(context or {}))
    except PydanticValidationError as exc:
        errors = exc.errors()
        locs = [_error_loc(error) for error in errors]
        first = min(  # the first error in file order (ties: pydantic's order)
            range(len(errors)),
            key=lambda i: document.position(_keys(document.data, locs[i])) or (0, 0),
        )
        message = _describe(errors[first], model)
        more = len(errors) - 1
        if errors[first]["type"] == "missing":  # name every key missing from that mapping
            parent = errors[first]["loc"][:-1]
            siblings = [
                str(e["loc"][-1])
                for i, e in enumerate(errors)
                if i != first and e["type"] == "missing" and e["loc"][:-1] == parent
            ]
            if siblings:
                message += f" (so are {', '.join(siblings)})"
                more -= len(siblings)
        tail = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise document.error(locs[first], message + tail) from None


def load_config(
    source: Source,
    model: type[ModelT],
    *,
    kind: str,
    folder: str | None = None,
    default: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> ModelT:
    """Resolve, read and validate one configuration file.

    Parameters
    ----------
    source
        A path, a shipped name, or None for ``default`` (see :func:`resolve_config_path`).
    model
        The pydantic model of the file kind.
    kind, folder, default
        What the file holds and where its shipped files are.
    context
        Passed to the model's validators.

    Returns
    -------
    ModelT
        The validated model.

    Raises
    ------
    ConfigError
        Unknown source, unreadable file, invalid YAML, or a value that fails validation
        (``FILE:LINE:COL: KEY.PATH: message``).
    """
    path = resolve_config_path(source, kind=kind, folder=folder, default=default)
    return validate_config(read_config(path, kind=kind), model, context=context)


# --- error messages ---------------------------------------------------------------------------

Step = tuple[Any, bool]  # (key or index, is a sequence index)


def _error_loc(error: ErrorDetails) -> KeyPath:
    """The pydantic location of an error, extended by a :class:`ValueErrorAt`'s path."""
    loc = list(error["loc"])
    if loc and loc[-1] == "[key]":
        loc.pop()
    problem = (error.get("ctx") or {}).get("error")
    if isinstance(problem, ValueErrorAt):
        loc.extend(problem.at)
    return tuple(loc)


def _keys(data: Any, loc: Sequence[Any]) -> KeyPath:
    return tuple(key for key, _ in _steps(data, loc))


def _steps(data: Any, loc: Sequence[Any]) -> list[Step]:
    """Match a pydantic location against the document: keys as written, list indices."""
    steps: list[Step] = []
    current: Any = data
    found = True
    for element in loc:
        if found and isinstance(current, dict):
            key = next((k for k in current if k == element), _MISSING)
            if key is not _MISSING:
                steps.append((key, False))
                current = current[key]
                continue
        if (
            found
            and isinstance(current, list)
            and isinstance(element, int)
            and 0 <= element < len(current)
        ):
            steps.append((element, True))
            current = current[element]
            continue
        if isinstance(element, str) and ("[" in element or element.startswith("function-")):
            continue  # a pydantic validator tag, not a key
        found = False  # a missing key (or below one)
        steps.append((element, isinstance(element, int)))
    return steps


_MISSING = object()


def _render(steps: Sequence[Step]) -> str:
    text = ""
    for key, is_index in steps:
        if is_index:
            text += f"[{key}]"
        else:
            name = str(key)
            # a key with a line break or a control character is quoted: one line always
            shown = name if name and name.isprintable() else repr(name)
            text += f".{shown}" if text else shown
    return text


def _identity(data: Any, steps: Sequence[Step]) -> str:
    """`` (id 'x')`` for the entries on the path that have an ``id`` or a ``name``."""
    names: list[str] = []
    current = data
    for key, is_index in steps:
        try:
            current = current[key]
        except (KeyError, IndexError, TypeError):
            break
        if is_index and isinstance(current, dict):
            for field in ("id", "name"):
                value = current.get(field)
                if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                    names.append(f"{field} {str(value)!r}")
                    break
    return f" ({', '.join(names)})" if names else ""


_EXPECTED = {
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "set_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "dataclass_type": "expected a mapping of keys to values",
    "date_type": "expected a date YYYY-MM-DD",
    "date_parsing": "expected a date YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date YYYY-MM-DD (no time)",
    "datetime_type": "expected a date and time",
    "none_required": "must be null",
}

_BOUNDS = {
    "greater_than": ("gt", ">"),
    "greater_than_equal": ("ge", ">="),
    "less_than": ("lt", "<"),
    "less_than_equal": ("le", "<="),
}


def _describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    """What is wrong and what is expected, in words."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = f", got {_show(value)}"
    if error["loc"] and error["loc"][-1] == "[key]":
        if kind == "string_type":
            return (
                f"the key {_show(value)} must be text: YAML reads unquoted yes/no/on/off/"
                "true/false as booleans and digits as numbers, so quote it"
            )
        return f"the key {_show(value)} is not allowed: {error['msg']}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        key = error["loc"][-1] if error["loc"] else "?"
        allowed = _allowed_keys(model, list(error["loc"][:-1]))
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown key {str(key)!r}{hint}"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if kind in _EXPECTED:
        return _EXPECTED[kind] + got
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return f"must be one of {re.sub(r' or ', ', ', expected)}{got}"
    if kind in _BOUNDS:
        name, sign = _BOUNDS[kind]
        interval = _interval(model, list(error["loc"]))
        bound = f"in {interval}" if interval else f"{sign} {_number(ctx.get(name))}"
        return f"must be {bound}{got}"
    if kind in ("too_short", "string_too_short"):
        low = int(ctx.get("min_length", 1))
        if kind == "string_too_short" or low <= 1:
            return "must not be empty"
        return f"needs at least {low} items{got}"
    if kind in ("too_long", "string_too_long"):
        return f"must have at most {ctx.get('max_length')} items{got}"
    return f"{error['msg']}{got}"


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return repr(value) if not hasattr(value, "isoformat") else str(value.isoformat())


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _allowed_keys(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys the model accepts at ``loc`` (empty when that cannot be told)."""
    annotation, _ = _annotation_at(model, loc)
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _interval(model: type[BaseModel], loc: Sequence[Any]) -> str:
    """``(0, 1)``, ``[0, inf)`` ... when the value at ``loc`` has a lower and an upper bound."""
    annotation, metadata = _annotation_at(model, loc)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata = [*metadata, *extra]
    bounds: dict[str, Any] = {}
    for item in metadata:
        for constraint in getattr(item, "metadata", [item]):
            for name in ("gt", "ge", "lt", "le"):
                if getattr(constraint, name, None) is not None:
                    bounds[name] = getattr(constraint, name)
    low = ("(", bounds["gt"]) if "gt" in bounds else ("[", bounds["ge"]) if "ge" in bounds else None
    high = (
        (")", bounds["lt"]) if "lt" in bounds else ("]", bounds["le"]) if "le" in bounds else None
    )
    if low is None or high is None:
        return ""
    return f"{low[0]}{_number(low[1])}, {_number(high[1])}{high[0]}"


def _annotation_at(model: type[BaseModel], loc: Sequence[Any]) -> tuple[Any, list[Any]]:
    """The type annotation at ``loc`` and the field's metadata (constraints)."""
    current: Any = model
    metadata: list[Any] = []
    for element in loc:
        current = _unwrap(current)
        metadata = []
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(element) if isinstance(element, str) else None
            if field is None:
                return None, []
            current, metadata = field.annotation, list(field.metadata)
        elif typing.get_origin(current) in (list, tuple, Sequence) and isinstance(element, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) in (dict, Mapping):
            current = typing.get_args(current)[1]
        else:
            return None, []
    return current, metadata


def _unwrap(annotation: Any) -> Any:
    """The model inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
