"""Frame attrs shared, not copied, by pandas operations (``bubblelink.frames.attrs``)."""

from __future__ import annotations

import copy
import pickle

import pandas as pd
import pytest

from bubblelink.frames.attrs import SharedDict, SharedList, shared


def _frame() -> pd.DataFrame:
    frame = pd.DataFrame({"A": [1.0, 2.0, 4.0]})
    frame.attrs = shared({"fields": {"A": "close"}, "provenance": [{"series": "A"}], "lag_days": 3})
    return frame


def test_operations_share_the_values() -> None:
    frame = _frame()
    derived = frame.pct_change().dropna()["A"].to_frame()
    assert derived.attrs["fields"] is frame.attrs["fields"]
    assert derived.attrs["provenance"] is frame.attrs["provenance"]
    assert derived.attrs == frame.attrs
    assert isinstance(derived.attrs["fields"], dict) and isinstance(
        derived.attrs["provenance"], list
    )


def test_plain_attrs_are_still_copied() -> None:
    frame = pd.DataFrame({"A": [1.0, 2.0]})
    frame.attrs = {"fields": {"A": "close"}}
    assert frame.dropna().attrs["fields"] is not frame.attrs["fields"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d, _: d.__setitem__("B", "x"),
        lambda d, _: d.update(B="x"),
        lambda d, _: d.pop("A"),
        lambda _, values: values.append({}),
        lambda _, values: values.extend([{}]),
        lambda _, values: values.__setitem__(0, {}),
    ],
)
def test_values_are_read_only(change: object) -> None:
    frame = _frame()
    with pytest.raises(TypeError, match="copy them"):
        change(frame.attrs["fields"], frame.attrs["provenance"])  # type: ignore[operator]
    assert frame.attrs["fields"] == {"A": "close"} and len(frame.attrs["provenance"]) == 1


def test_copies_and_pickles() -> None:
    values = SharedDict({"A": "close"})
    items = SharedList([1, 2])
    assert copy.deepcopy(values) is values and copy.copy(items) is items
    back = pickle.loads(pickle.dumps((values, items)))
    assert back == (values, items) and type(back[0]) is SharedDict and type(back[1]) is SharedList
    changed = dict(values)
    changed["B"] = "x"  # a plain copy can be changed
    assert "B" not in values
