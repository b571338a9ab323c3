"""Every name the package root advertises resolves."""

import bubblelink


def test_every_exported_name_resolves() -> None:
    for name in bubblelink.__all__:
        assert getattr(bubblelink, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        bubblelink.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
