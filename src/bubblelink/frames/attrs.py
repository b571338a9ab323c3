"""Frame ``attrs`` that pandas shares instead of copying.

pandas deep-copies a frame's ``attrs`` into the result of nearly every operation
(``NDFrame.__finalize__``): the per-series dictionaries :func:`~bubblelink.frames.load`
attaches (fields, calendars, provenance, ...) were copied thousands of times in one
dashboard load, ~0.2 s of its fourteen questions. They never change once the frame is
built, so :func:`shared` makes them read-only containers whose deep copy is themselves;
code that wants a changed version copies first (``dict(frame.attrs["fields"])``), and a
change in place raises instead of reaching every frame that shares the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

__all__ = ["SharedDict", "SharedList", "shared"]


def _read_only(*_: Any, **__: Any) -> NoReturn:
    raise TypeError("frame attrs are shared and read-only: copy them (dict(...), list(...)) first")


class SharedDict(dict[Any, Any]):
    """A read-only dict whose (deep) copy is itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedDict:
        return self

    def __copy__(self) -> SharedDict:
        return self

    def __reduce__(self) -> tuple[type[SharedDict], tuple[dict[Any, Any]]]:
        return (SharedDict, (dict(self),))

    __setitem__ = __delitem__ = __ior__ = _read_only
    update = pop = popitem = clear = setdefault = _read_only


class SharedList(list[Any]):
    """A read-only list whose (deep) copy is itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedList:
        return self

    def __copy__(self) -> SharedList:
        return self

    def __reduce__(self) -> tuple[type[SharedList], tuple[list[Any]]]:
        return (SharedList, (list(self),))

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = extend = insert = remove = pop = clear = sort = reverse = _read_only


def shared(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``attrs`` with each dict and list value made a :class:`SharedDict` or
    :class:`SharedList` (other values as they are)."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if isinstance(value, dict):
            value = SharedDict(value)
        elif isinstance(value, list):
            value = SharedList(value)
        out[key] = value
    return out
