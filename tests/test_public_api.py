"""Every name the package root advertises resolves, to the object its module defines."""

import importlib
import inspect

import pytest

import bubblelink

EXPORTS = sorted(bubblelink._EXPORTS.items())


@pytest.mark.parametrize(("name", "module"), EXPORTS, ids=[name for name, _ in EXPORTS])
def test_every_exported_name_resolves(name: str, module: str) -> None:
    source = bubblelink._SOURCE_NAMES.get(name, name)
    defined = getattr(importlib.import_module(module), source, None)
    assert defined is not None, f"{module} has no {source!r} (bubblelink.{name})"
    # the root gives the module's object, never a sub-package of the same name
    assert getattr(bubblelink, name) is defined
    assert not inspect.ismodule(defined), f"bubblelink.{name} is a module"


def test_all_lists_the_exports_and_dir_shows_them() -> None:
    assert bubblelink.__all__ == ["__version__", *bubblelink._EXPORTS]
    assert len(set(bubblelink.__all__)) == len(bubblelink.__all__)
    assert set(bubblelink.__all__) <= set(dir(bubblelink))
    assert set(bubblelink._SOURCE_NAMES) <= set(bubblelink._EXPORTS)


def test_exports_survive_importing_every_subpackage() -> None:
    """Importing sub-packages sets attributes on the root: none may shadow an export."""
    for sub in ("service", "analytics", "frames", "store", "risk", "scenarios", "claims"):
        importlib.import_module(f"bubblelink.{sub}")
    for name, module in EXPORTS:
        source = bubblelink._SOURCE_NAMES.get(name, name)
        assert getattr(bubblelink, name) is getattr(importlib.import_module(module), source)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        bubblelink.no_such_thing  # noqa: B018
