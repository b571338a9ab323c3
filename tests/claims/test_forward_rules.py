"""Forward-claim rules on hand-made paths: threshold crossings (equality counts; a fall
before publication is not a crossing after it), the publication reference date, series
that end early, the default thresholds and the change rule's edges.

Prices are powers-of-two friendly (112 → 98 is exactly -12.5%) so every edge is exact.
"""

from __future__ import annotations

import math

import pandas as pd

from bubblelink.claims._forward import (
    Evidence,
    _change_status,
    _finish,
    _forward_sample,
    _horizon_passed,
    _path_drop,
    _tech_break,
    _Window,
)

PUB = pd.Timestamp("2025-12-12", tz="UTC")


def _utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


#: A peak of 128 before publication, 112 at publication (-12.5% from the peak), then
#: 104, 98 (-12.5% from publication, -23.4% from the peak) and 120.
PATH = pd.Series(
    [128.0, 112.0, 104.0, 98.0, 120.0],
    pd.DatetimeIndex(
        ["2025-12-01", "2025-12-12", "2025-12-15", "2025-12-16", "2025-12-17"], tz="UTC"
    ),
)


def test_a_path_drop_is_measured_from_the_close_on_or_before_publication() -> None:
    drop = _path_drop(PATH, "X", PUB)
    assert drop.ref_date == PUB and drop.last_date == _utc("2025-12-17")
    assert list(drop.from_publication.index) == list(PATH.index[2:])  # after, not on, PUB
    assert drop.from_publication.tolist() == [104 / 112 - 1, -0.125, 120 / 112 - 1]
    assert drop.peak_at_publication == -0.125
    assert drop.worst() == -0.125 and drop.worst_from_peak() == 98 / 128 - 1
    # published on a Saturday: the Friday close is the reference
    saturday = _path_drop(PATH, "X", _utc("2025-12-13"))
    assert saturday.ref_date == PUB and saturday.from_publication.index[0] == _utc("2025-12-15")


def test_crossings_count_equality_and_only_falls_after_publication() -> None:
    drop = _path_drop(PATH, "X", PUB)
    assert drop.first_crossing(-0.125, "publication") == _utc("2025-12-16")
    assert drop.first_crossing(-0.126, "publication") is None
    # from the prior peak: 104 is -18.75%; counted since the path was above -15% at PUB
    assert drop.first_crossing(-0.15, "peak") == _utc("2025-12-15")
    assert drop.first_crossing(-0.15, "either") == _utc("2025-12-15")
    # at publication the path was already at -12.5% from its peak: no crossing after it
    assert drop.first_crossing(-0.125, "peak") is None
    assert drop.first_crossing(-0.125, "either") == _utc("2025-12-16")
    assert drop.first_crossing(-0.05, "publication") == _utc("2025-12-15")


def test_worst_of_an_empty_path_is_nan() -> None:
    drop = _path_drop(PATH, "X", PUB)
    empty = drop.__class__("X", PUB, drop.from_publication.iloc[:0], drop.from_peak.iloc[:0], PUB)
    assert math.isnan(empty.worst()) and math.isnan(empty.worst_from_peak())


def test_change_rule_edges() -> None:
    assert _change_status(0.02, 0.02) == "supported"
    assert _change_status(-0.02, 0.02) == "contradicted"
    assert _change_status(0.0199, 0.02) == "open"
    assert _change_status(-0.0199, 0.02) == "open"


def test_the_horizon_is_passed_on_its_own_date() -> None:
    horizon = _utc("2026-06-30")
    assert _horizon_passed(horizon, horizon)
    assert not _horizon_passed(horizon, _utc("2026-06-29"))
    assert not _horizon_passed(None, _utc("2030-01-01"))


def _window(lasts: dict[str, str], frame: pd.DataFrame | None = None) -> _Window:
    stamps = {k: _utc(v) for k, v in lasts.items()}
    data = frame if frame is not None else pd.DataFrame({k: [1.0] for k in lasts})
    return _Window(data, min(stamps.values()), stamps, (), ())


def test_a_series_ending_more_than_the_slack_early_makes_the_window_short() -> None:
    assert _window({"BTC-USD": "2026-01-10", "^IXIC": "2026-01-06"}).short() == ""  # 4 days
    short = _window({"BTC-USD": "2026-01-10", "^IXIC": "2026-01-05", "NVDA": "2026-01-02"})
    assert short.short() == (
        "NVDA ends 2026-01-02, ^IXIC ends 2026-01-05, before BTC-USD (2026-01-10)"
    )


def test_finish_turns_undecided_or_current_state_claims_inconclusive() -> None:
    win = _window({"BTC-USD": "2026-01-10", "^IXIC": "2026-01-05"})
    open_ = _finish(Evidence("open", "no break yet"), win)
    assert open_.status == "inconclusive"
    assert open_.evidence == (
        "undecided and the store cannot say after 2026-01-05: ^IXIC ends 2026-01-05, "
        "before BTC-USD (2026-01-10); no break yet"
    )
    decided = Evidence("supported", "broke")
    assert _finish(decided, win) is decided
    state = _finish(decided, win, state=True)
    assert state.status == "inconclusive"
    assert state.evidence.startswith("supported on 2026-01-05 and the store cannot say after")
    full = _window({"BTC-USD": "2026-01-10", "^IXIC": "2026-01-09"})
    assert _finish(Evidence("open", "x"), full, state=True).status == "open"


def test_forward_sample_counts_observations_after_publication() -> None:
    dates = pd.DatetimeIndex(["2025-12-10", "2025-12-12", "2025-12-15", "2025-12-16"], tz="UTC")
    sample = _forward_sample(("A",), dates, dates[-1], "obs", PUB, _utc("2026-01-02"), "; x")
    assert (sample.first, sample.last, sample.n) == (PUB, dates[-1], 2)
    assert sample.requested == "publication 2025-12-12 to 2026-01-02; x"
    assert (sample.requested_first, sample.requested_last) == (PUB, _utc("2026-01-02"))
    open_end = _forward_sample(("A",), dates[2:], None, "obs", PUB, None)
    assert open_end.first is None and open_end.requested.endswith("to the end of the data")


def test_tech_break_defaults_and_who_broke_first() -> None:
    idx = pd.DatetimeIndex(
        ["2025-12-01", "2025-12-12", "2025-12-15", "2025-12-16", "2025-12-17"], tz="UTC"
    )
    frame = pd.DataFrame(
        {
            # the Nasdaq falls 16.7% from publication on 12-17
            "^IXIC": [100.0, 96.0, 94.0, 92.0, 80.0],
            # the basket (one member) falls 25% from publication on 12-16
            "NVDA": [64.0, 64.0, 56.0, 48.0, 40.0],
        },
        index=idx,
    )
    win = _window({"^IXIC": "2025-12-17", "NVDA": "2025-12-17"}, frame)
    tech = _tech_break(win, {"basket": ["NVDA", "AMD"], "reference": "publication"}, PUB)
    assert tech.thresholds == {"^IXIC": -0.10, "AI basket": -0.20}
    assert set(tech.drops) == {"^IXIC", "AI basket"}
    assert tech.drops["AI basket"].name == "AI basket" and tech.drops["^IXIC"].name == "^IXIC"
    assert tech.drops["AI basket"].from_publication.iloc[0] == 56.0 / 64.0 - 1
    assert (tech.date, tech.by) == (_utc("2025-12-16"), "AI basket")
    assert tech.notes == ("AI basket = equal-weight buy-and-hold of NVDA",)
    # the Nasdaq's own threshold: -4.2% on 12-16 is not -10%; -16.7% on 12-17 is
    nasdaq_only = _tech_break(win, {"basket": [], "reference": "publication"}, PUB)
    assert (nasdaq_only.date, nasdaq_only.by) == (_utc("2025-12-17"), "^IXIC")
    # without the Nasdaq, the basket uses every date of the frame
    basket_only = _window({"NVDA": "2025-12-17"}, frame[["NVDA"]])
    alone = _tech_break(basket_only, {"basket": ["NVDA"], "nasdaq": "^GSPC"}, PUB)
    assert set(alone.drops) == {"AI basket"} and alone.date == _utc("2025-12-16")
    assert alone.thresholds == {"^GSPC": -0.10, "AI basket": -0.20}
