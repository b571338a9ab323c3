"""Known-answer tests of every forward-scorecard computation, on hand-made stores.

Each expected answer is computed in the test with plain pandas from the values written
(tests/claims/world.py), never by bubblelink.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims._forward import (
    ai_break,
    btc_follows_easing,
    btc_hit_first,
    btc_hit_hardest,
    correlation_holds,
    easing,
    liquidity_turns,
    score_forward,
)
from bubblelink.claims._spec import ClaimsFile, ForwardSpec
from bubblelink.service.data import store_data
from tests.claims.world import (
    DAYS,
    PUBLISHED,
    SESSIONS,
    btc_path,
    crypto,
    equity,
    flat,
    macro,
    nasdaq_path,
    write,
)

TECH = {"nasdaq": "^IXIC", "basket": ["NVDA", "AMD"], "nasdaq_threshold": -0.10,
        "basket_threshold": -0.20}  # fmt: skip


def _first_at_or_below(path: pd.Series, threshold: float) -> pd.Timestamp | None:
    hit = path[path <= threshold]
    return hit.index[0] if len(hit) else None


def _from_publication(path: pd.Series) -> pd.Series:
    path = path.dropna()
    return path[path.index > PUBLISHED] / path.loc[:PUBLISHED].iloc[-1] - 1


def _from_peak(path: pd.Series) -> pd.Series:
    path = path.dropna()
    running = path.loc[PUBLISHED - pd.Timedelta(days=365) :]
    dd = running / running.cummax() - 1
    return dd[dd.index > PUBLISHED]


@pytest.fixture(scope="module")
def tech_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """^IXIC breaks (10% below its 2025-09-30 peak) 4 sessions after publication; the
    basket (NVDA falls 0.5 per session from 100 to 40, AMD flat) breaks later; BTC falls
    1.5% of its publication level a day for 30 days (-45%)."""
    nvda_k = np.cumsum(SESSIONS > PUBLISHED)
    nvda = pd.Series(np.maximum(100.0 - 0.5 * nvda_k, 40.0), index=SESSIONS)
    return write(
        tmp_path_factory.mktemp("forward-tech") / "store.duckdb",
        [
            equity(nasdaq_path(), "^IXIC"),
            equity(nvda, "NVDA"),
            equity(flat(SESSIONS, 20.0, "AMD"), "AMD"),
            crypto(btc_path(0.015, 30)),
        ],
    )


def test_ai_break_from_the_prior_peak_and_from_publication(tech_store: Path) -> None:
    ixic = nasdaq_path()
    peak_hit = _first_at_or_below(_from_peak(ixic), -0.10)
    pub_hit = _first_at_or_below(_from_publication(ixic), -0.10)
    assert peak_hit is not None and pub_hit is not None and peak_hit < pub_hit
    with store_data(tech_store) as data:
        either = ai_break(data, {**TECH, "reference": "either"}, PUBLISHED, None)
        from_pub = ai_break(data, {**TECH, "reference": "publication"}, PUBLISHED, None)
    assert either.status == "supported"
    assert either.figures["break_date"] == peak_hit and either.figures["broken_by"] == "^IXIC"
    assert either.figures["^IXIC_worst_from_publication"] == pytest.approx(-0.20, abs=1e-12)
    # from publication the basket (NVDA -40% -> basket -20%) may come first: the earlier one
    nvda = pd.Series(np.maximum(100.0 - 0.5 * np.cumsum(SESSIONS > PUBLISHED), 40.0),
                     index=SESSIONS)  # fmt: skip
    basket = (nvda / nvda.loc[:PUBLISHED].iloc[-1] + 1.0) / 2.0  # AMD flat: ratio 1
    basket_hit = _first_at_or_below(_from_publication(basket), -0.20)
    assert basket_hit is not None
    assert from_pub.figures["break_date"] == min(pub_hit, basket_hit)
    assert from_pub.sample is not None and from_pub.sample.last == SESSIONS[-1]


def test_ai_break_is_open_before_the_horizon_and_contradicted_after(tmp_path: Path) -> None:
    store = write(
        tmp_path / "store.duckdb",
        [equity(flat(SESSIONS, 100.0, "^IXIC"), "^IXIC"), equity(flat(SESSIONS, 50.0, "NVDA"), "NVDA")],
    )  # fmt: skip
    with store_data(store) as data:
        before = ai_break(data, TECH, PUBLISHED, pd.Timestamp("2026-12-12", tz="UTC"))
        after = ai_break(data, TECH, PUBLISHED, pd.Timestamp("2026-03-01", tz="UTC"))
    assert before.status == "open" and after.status == "contradicted"
    assert before.figures["break_date"] is None


def test_a_fall_before_publication_is_not_a_crossing_after_it(tmp_path: Path) -> None:
    # 12% below the peak at publication, flat after: the prior-peak rule must not fire
    values = pd.Series(np.where(pd.Timestamp("2025-06-30", tz="UTC") >= SESSIONS, 100.0, 88.0),
                       index=SESSIONS)  # fmt: skip
    store = write(tmp_path / "store.duckdb", [equity(values, "^IXIC")])
    with store_data(store) as data:
        found = ai_break(data, {**TECH, "basket": []}, PUBLISHED, None)
    assert found.status == "open" and found.figures["break_date"] is None


def test_btc_hit_first_supported_and_contradicted(tech_store: Path) -> None:
    btc = btc_path(0.015, 30)
    btc_hit = _first_at_or_below(_from_publication(btc), -0.20)
    tech_peak = _first_at_or_below(_from_peak(nasdaq_path()), -0.10)
    tech_pub = _first_at_or_below(_from_publication(nasdaq_path()), -0.10)
    assert btc_hit is not None and tech_peak is not None and tech_pub is not None
    assert tech_peak < btc_hit < tech_pub  # known ordering of the hand-made paths
    with store_data(tech_store) as data:
        late = btc_hit_first(data, {**TECH, "reference": "either"}, PUBLISHED, None)
        early = btc_hit_first(
            data, {**TECH, "reference": "publication", "basket": ["AMD"]}, PUBLISHED, None
        )
    assert late.status == "contradicted"  # the Nasdaq broke (from its peak) first
    assert late.figures["btc_crossing"] == btc_hit
    assert early.status == "supported"  # from publication BTC crossed first
    assert early.figures["tech_break"] == tech_pub


def test_btc_hit_hardest_compares_worst_falls(tech_store: Path, tmp_path: Path) -> None:
    btc_worst = float(_from_publication(btc_path(0.015, 30)).min())
    assert btc_worst == pytest.approx(-0.45)
    with store_data(tech_store) as data:
        found = btc_hit_hardest(data, TECH, PUBLISHED, None)
    assert found.status == "supported"
    assert found.figures["BTC-USD_worst"] == pytest.approx(btc_worst, abs=1e-12)
    assert found.figures["^IXIC_worst"] == pytest.approx(-0.20, abs=1e-12)
    # BTC down only 10%, the Nasdaq 20%: contradicted
    mild = write(
        tmp_path / "mild.duckdb",
        [equity(nasdaq_path(), "^IXIC"), crypto(btc_path(0.005, 20))],
    )
    with store_data(mild) as data:
        softer = btc_hit_hardest(data, {**TECH, "basket": []}, PUBLISHED, None)
    assert softer.status == "contradicted"
    assert softer.figures["BTC-USD_worst"] == pytest.approx(-0.10, abs=1e-12)


@pytest.fixture(scope="module")
def short_btc_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BTC ends on 2025-12-20 (-12%, not yet -20%); the Nasdaq runs on and breaks from
    publication after 40 sessions (in February 2026)."""
    return write(
        tmp_path_factory.mktemp("forward-short") / "store.duckdb",
        [
            equity(nasdaq_path(), "^IXIC"),
            equity(flat(SESSIONS, 50.0, "NVDA"), "NVDA"),
            crypto(btc_path(0.015, 30, end="2025-12-20")),
        ],
    )


def test_btc_ending_early_is_inconclusive_not_contradicted(short_btc_store: Path) -> None:
    # the break (from publication) comes after BTC's last bar: what BTC did before it is
    # unknown. Scored to the latest date over all series (the old rule) this read as
    # "contradicted": BTC had not crossed -20% and the Nasdaq broke in February.
    btc_end = pd.Timestamp("2025-12-20", tz="UTC")
    tech_break = _first_at_or_below(_from_publication(nasdaq_path()), -0.10)
    assert tech_break is not None and tech_break > btc_end
    params = {**TECH, "basket": ["NVDA"], "reference": "publication"}
    with store_data(short_btc_store) as data:
        first = btc_hit_first(data, params, PUBLISHED, None)
        hardest = btc_hit_hardest(data, params, PUBLISHED, None)
        alone = ai_break(data, params, PUBLISHED, None)
    for found in (first, hardest):
        assert found.status == "inconclusive"
        assert "BTC-USD ends 2025-12-20" in found.evidence
        assert found.sample is not None and found.sample.last == btc_end
    assert first.figures["data_end"] == btc_end and first.figures["tech_break"] is None
    # the claim that does not need BTC is evaluated on its own series, to their end
    assert alone.status == "supported" and alone.figures["break_date"] == tech_break


def test_scorecard_evaluates_each_claim_to_its_own_series(short_btc_store: Path) -> None:
    params = {**TECH, "basket": ["NVDA"], "reference": "publication"}
    parsed = ClaimsFile(
        source="test",
        published=PUBLISHED,
        forward=(
            ForwardSpec("F1", "breaks", "ai_break", params),
            ForwardSpec("F2", "first", "btc_hit_first", {**params, "btc_threshold": -0.20}),
            ForwardSpec("F3", "hardest", "btc_hit_hardest", params),
            ForwardSpec("F5", "eases", "easing", {"rates": ["DFF"]}),
        ),
    )
    with store_data(short_btc_store) as data:
        card = score_forward(parsed, data)
    assert card.statuses() == {
        "F1": "supported",
        "F2": "inconclusive",
        "F3": "inconclusive",
        "F5": "inconclusive",  # no policy-rate series in the store: says so
    }
    by_id = {e.id: e for e in card.entries}
    assert by_id["F1"].sample is not None and by_id["F1"].sample.last == SESSIONS[-1]
    assert "DFF" in by_id["F5"].evidence
    assert by_id["F2"].to_dict()["sample"]["last"] == "2025-12-20"


def test_correlation_holds_matches_plain_pandas(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    ixic_r = rng.normal(0.0, 0.01, len(SESSIONS))
    ixic = pd.Series(100.0 * np.exp(np.cumsum(ixic_r)), index=SESSIONS)
    # BTC every day: on sessions 1.5 x the Nasdaq's log return plus noise, weekends noise
    btc_r = pd.Series(rng.normal(0.0, 0.02, len(DAYS)), index=DAYS)
    btc_r.loc[SESSIONS] = 1.5 * ixic_r + rng.normal(0.0, 0.02, len(SESSIONS))
    btc = 50_000.0 * np.exp(btc_r.cumsum())
    store = write(tmp_path / "store.duckdb", [equity(ixic, "^IXIC"), crypto(btc)])
    # equity calendar: NYSE sessions, BTC's close of the same date, log returns
    prices = pd.DataFrame({"btc": btc.reindex(SESSIONS), "ixic": ixic})
    rets = np.log(prices).diff().dropna()
    r_last = rets.iloc[-63:]["btc"].corr(rets.iloc[-63:]["ixic"])
    r_pub = rets.loc[:PUBLISHED].iloc[-63:]
    r_pub = r_pub["btc"].corr(r_pub["ixic"])
    z, half = np.arctanh(r_last), 1.959963984540054 / np.sqrt(63 - 3)
    low = np.tanh(z - half)
    expected = "supported" if low > 0 else ("contradicted" if r_last <= 0 else "open")
    with store_data(store) as data:
        found = correlation_holds(data, {"window": 63}, PUBLISHED, None)
    assert found.figures["latest"] == pytest.approx(r_last, abs=1e-9)
    assert found.figures["at_publication"] == pytest.approx(r_pub, abs=1e-9)
    assert found.figures["latest_ci_low"] == pytest.approx(low, abs=1e-9)
    assert found.figures["latest_date"] == SESSIONS[-1]
    assert found.status == expected == "supported"
    # the same BTC ending 2026-01-15: "stays bound" is about now, which it cannot tell
    cut = pd.Timestamp("2026-01-15", tz="UTC")
    short = write(tmp_path / "short.duckdb", [equity(ixic, "^IXIC"), crypto(btc.loc[:cut])])
    with store_data(short) as data:
        early = correlation_holds(data, {"window": 63}, PUBLISHED, None)
    at_cut = rets.loc[:cut].iloc[-63:]
    assert early.figures["latest"] == pytest.approx(at_cut["btc"].corr(at_cut["ixic"]), abs=1e-9)
    assert early.status == "inconclusive"
    assert early.evidence.startswith("supported on 2026-01-15 and the store cannot say after")


@pytest.fixture(scope="module")
def easing_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DFF 4.00% every day to 2026-01-20, 3.75% from 2026-01-21 to 2026-03-31; BTC flat at
    100,000 to the cut, then up linearly to 115,000 on 2026-02-20 and flat."""
    days = DAYS[pd.Timestamp("2026-03-31", tz="UTC") >= DAYS]
    cut = pd.Timestamp("2026-01-21", tz="UTC")
    dff = pd.Series(np.where(days < cut, 4.00, 3.75), index=days)
    rise = (days >= cut) & (days <= pd.Timestamp("2026-02-20", tz="UTC"))
    btc = pd.Series(100_000.0, index=days)
    btc[rise] = np.linspace(100_000.0, 115_000.0, int(rise.sum()))
    btc[days > pd.Timestamp("2026-02-20", tz="UTC")] = 115_000.0
    return write(
        tmp_path_factory.mktemp("forward-easing") / "store.duckdb",
        [macro(dff, "DFF", "percent", "daily"), crypto(btc)],
    )


def test_easing_known_answers(easing_store: Path) -> None:
    cut = pd.Timestamp("2026-01-21", tz="UTC")
    with store_data(easing_store) as data:
        eased = easing(data, {"rates": ["DFF"], "cut": 0.25}, PUBLISHED, None)
        not_enough = easing(data, {"rates": ["DFF"], "cut": 0.5}, PUBLISHED, None)
        too_late = easing(
            data, {"rates": ["DFF"], "cut": 0.5}, PUBLISHED, pd.Timestamp("2026-02-01", tz="UTC")
        )
    assert eased.status == "supported"
    assert eased.figures["first_eased"] == cut
    assert eased.figures["at_publication"] == 4.00 and eased.figures["latest"] == 3.75
    assert not_enough.status == "open" and too_late.status == "contradicted"
    assert eased.sample is not None and eased.sample.series == ("DFF",)


def test_btc_follows_easing_known_answer(easing_store: Path) -> None:
    with store_data(easing_store) as data:
        lifted = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.10}, PUBLISHED, None)
        not_yet = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.20}, PUBLISHED, None)
    # from the close on the cut day (100,000) to the last common date (115,000)
    assert lifted.figures["btc_change"] == pytest.approx(115_000 / 100_000 - 1, abs=1e-12)
    assert lifted.status == "supported" and not_yet.status == "open"
    assert lifted.sample is not None
    assert lifted.sample.last == pd.Timestamp("2026-03-31", tz="UTC")


def _liquidity_batches(tga_until: str | None = None) -> list:
    weeks = pd.date_range("2025-01-01", "2026-03-25", freq="W-WED", tz="UTC")
    rise = pd.Timestamp("2026-01-14", tz="UTC")
    walcl = pd.Series(np.where(weeks < rise, 7_000_000.0, 7_300_000.0), index=weeks)
    tga = pd.Series(800_000.0, index=weeks)
    if tga_until is not None:
        tga = tga.loc[:tga_until]
    business = SESSIONS[(weeks[0] <= SESSIONS) & (weeks[-1] >= SESSIONS)]
    return [
        macro(walcl, "WALCL", "millions USD", "weekly"),
        macro(tga, "WTREGEN", "millions USD", "weekly"),
        macro(pd.Series(200.0, index=business), "RRPONTSYD", "billions USD", "business"),
    ]


def test_liquidity_turns_known_answer(tmp_path: Path) -> None:
    # 7,000 - 800 - 200 = 6,000 bn at publication; 7,300 - 800 - 200 = 6,300 bn after
    store = write(tmp_path / "store.duckdb", _liquidity_batches())
    with store_data(store) as data:
        up = liquidity_turns(data, {"threshold": 0.02}, PUBLISHED, None)
        small = liquidity_turns(data, {"threshold": 0.06}, PUBLISHED, None)
    assert up.figures["at_publication"] == pytest.approx(6_000.0)
    assert up.figures["latest"] == pytest.approx(6_300.0)
    assert up.figures["change"] == pytest.approx(0.05)
    assert up.status == "supported" and small.status == "open"


def test_liquidity_turns_without_a_fresh_tga_is_inconclusive(tmp_path: Path) -> None:
    store = write(tmp_path / "store.duckdb", _liquidity_batches(tga_until="2025-11-19"))
    with store_data(store) as data:
        found = liquidity_turns(data, {}, PUBLISHED, None)
    assert found.status == "inconclusive"
    assert "WTREGEN" in found.evidence
    assert found.sample is not None and found.sample.n == 0


def _correlated_store(path: Path, beta: float, noise: float, seed: int) -> tuple[Path, float]:
    """^IXIC and a BTC whose session log returns are ``beta`` x the Nasdaq's + noise; the
    last 63-session correlation computed with pandas."""
    rng = np.random.default_rng(seed)
    ixic_r = rng.normal(0.0, 0.01, len(SESSIONS))
    btc_r = pd.Series(rng.normal(0.0, 0.02, len(DAYS)), index=DAYS)
    btc_r.loc[SESSIONS] = beta * ixic_r + rng.normal(0.0, noise, len(SESSIONS))
    ixic = pd.Series(100.0 * np.exp(np.cumsum(ixic_r)), index=SESSIONS)
    btc = 50_000.0 * np.exp(btc_r.cumsum())
    write(path, [equity(ixic, "^IXIC"), crypto(btc)])
    rets = np.log(pd.DataFrame({"btc": btc.reindex(SESSIONS), "ixic": ixic})).diff().dropna()
    return path, float(rets.iloc[-63:]["btc"].corr(rets.iloc[-63:]["ixic"]))


@pytest.mark.parametrize(
    ("beta", "noise", "expected"),
    [(-1.5, 0.02, "contradicted"), (0.15, 0.02, "open")],
)
def test_correlation_holds_other_statuses(
    tmp_path: Path, beta: float, noise: float, expected: str
) -> None:
    store, r = _correlated_store(tmp_path / "store.duckdb", beta, noise, seed=11)
    low = np.tanh(np.arctanh(r) - 1.959963984540054 / np.sqrt(60))
    rule = "supported" if low > 0 else ("contradicted" if r <= 0 else "open")
    assert rule == expected  # the hand-made data land where intended
    with store_data(store) as data:
        found = correlation_holds(data, {"window": 63}, PUBLISHED, None)
    assert found.figures["latest"] == pytest.approx(r, abs=1e-9)
    assert found.status == expected


def test_liquidity_turns_down_and_unknown_at_publication(tmp_path: Path) -> None:
    down = _liquidity_batches()
    weeks = pd.DatetimeIndex(down[0].data["date"]).tz_localize("UTC")
    walcl = pd.Series(
        np.where(weeks < pd.Timestamp("2026-01-14", tz="UTC"), 7_000_000.0, 6_700_000.0),
        index=weeks,
    )
    store = write(tmp_path / "down.duckdb", [macro(walcl, "WALCL", "millions USD", "weekly"),
                                             *down[1:]])  # fmt: skip
    with store_data(store) as data:
        fell = liquidity_turns(data, {"threshold": 0.02}, PUBLISHED, None)
        too_early = liquidity_turns(data, {}, pd.Timestamp("2024-06-01", tz="UTC"), None)
    # 6,700 - 800 - 200 = 5,700 bn: -5% from 6,000
    assert fell.figures["change"] == pytest.approx(5_700 / 6_000 - 1)
    assert fell.status == "contradicted"
    assert {p["series"] for p in fell.provenance} == {"WALCL", "WTREGEN", "RRPONTSYD"}
    assert too_early.status == "inconclusive" and "no value known at publication" in (
        too_early.evidence
    )


def test_easing_hike_and_the_monthly_fallback(tmp_path: Path) -> None:
    days = DAYS[pd.Timestamp("2026-03-31", tz="UTC") >= DAYS]
    hike = pd.Series(np.where(days < pd.Timestamp("2026-01-21", tz="UTC"), 4.0, 4.25), index=days)
    # DFF stops 2025-10-01 (stale at publication): the monthly FEDFUNDS is used instead
    stale = hike.loc[:"2025-10-01"]
    months = pd.date_range("2025-01-01", "2026-03-01", freq="MS", tz="UTC")
    fedfunds = pd.Series(np.where(months < pd.Timestamp("2026-02-01", tz="UTC"), 4.0, 3.5),
                         index=months)  # fmt: skip
    hiked = write(tmp_path / "hike.duckdb", [macro(hike, "DFF", "percent", "daily")])
    fallback = write(
        tmp_path / "fallback.duckdb",
        [
            macro(stale, "DFF", "percent", "daily"),
            macro(fedfunds, "FEDFUNDS", "percent", "monthly"),
        ],
    )
    with store_data(hiked) as data:
        up = easing(data, {"rates": ["DFF"]}, PUBLISHED, None)
    with store_data(fallback) as data:
        monthly = easing(data, {"rates": ["DFF", "FEDFUNDS"]}, PUBLISHED, None)
    assert up.status == "contradicted" and up.figures["latest"] == 4.25
    assert monthly.figures["series"] == "FEDFUNDS"
    assert monthly.figures["first_eased"] == pd.Timestamp("2026-02-01", tz="UTC")
    assert monthly.status == "supported"
    assert any("DFF has no value known at publication" in n for n in monthly.notes)
    assert any("FEDFUNDS is a monthly average" in n for n in monthly.notes)


def test_btc_follows_easing_from_the_cut_day_close_and_without_a_cut(
    easing_store: Path, tmp_path: Path
) -> None:
    days = DAYS[pd.Timestamp("2026-03-31", tz="UTC") >= DAYS]
    cut = pd.Timestamp("2026-01-21", tz="UTC")
    dff = pd.Series(np.where(days < cut, 4.00, 3.75), index=days)
    btc = pd.Series(np.where(days < cut, 100_000.0, 85_000.0), index=days)
    store = write(tmp_path / "down.duckdb", [macro(dff, "DFF", "percent", "daily"), crypto(btc)])
    with store_data(store) as data:
        flat_after = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.10}, PUBLISHED, None)
    with store_data(easing_store) as data:
        no_cut = btc_follows_easing(data, {"rates": ["DFF"], "cut": 0.5}, PUBLISHED, None)
    # measured from the cut day's own close (85,000, after the drop) to the last: flat
    start = btc.loc[:cut].iloc[-1]
    assert flat_after.figures["btc_change"] == pytest.approx(btc.iloc[-1] / start - 1, abs=1e-12)
    assert start == 85_000.0 and flat_after.status == "open"
    assert no_cut.status == "open" and no_cut.evidence.startswith("no easing after publication")


def test_btc_falls_after_the_cut_is_contradicted(tmp_path: Path) -> None:
    days = DAYS[pd.Timestamp("2026-03-31", tz="UTC") >= DAYS]
    cut = pd.Timestamp("2026-01-21", tz="UTC")
    dff = pd.Series(np.where(days < cut, 4.00, 3.75), index=days)
    btc = pd.Series(np.where(days <= cut, 100_000.0, 85_000.0), index=days)
    store = write(tmp_path / "s.duckdb", [macro(dff, "DFF", "percent", "daily"), crypto(btc)])
    with store_data(store) as data:
        fell = btc_follows_easing(data, {"rates": ["DFF"], "gain": 0.10}, PUBLISHED, None)
    assert fell.figures["btc_change"] == pytest.approx(-0.15, abs=1e-12)
    assert fell.status == "contradicted"


def test_scorecard_edges(tech_store: Path, tmp_path: Path) -> None:
    from bubblelink.errors import ConfigError

    spec = ClaimsFile(
        source="t", published=PUBLISHED, forward=(ForwardSpec("F1", "b", "ai_break", TECH),)
    )
    with (
        store_data(tech_store, "2025-12-01") as data,
        pytest.raises(ConfigError, match="not after"),
    ):
        score_forward(spec, data)
    # a cut-off: each row's sample asks for publication..cut-off and stops there
    with store_data(tech_store, "2026-02-27") as data:
        card = score_forward(spec, data)
    sample = card.entries[0].sample
    assert sample is not None and sample.requested_last == pd.Timestamp("2026-02-27", tz="UTC")
    assert sample.last == pd.Timestamp("2026-02-27", tz="UTC")
    # every series ends before publication: nothing to score yet (open); one member
    # ending before it: the store cannot say (inconclusive)
    before = SESSIONS[pd.Timestamp("2025-11-28", tz="UTC") >= SESSIONS]
    old = write(tmp_path / "old.duckdb", [equity(nasdaq_path().loc[before], "^IXIC")])
    mixed = write(
        tmp_path / "mixed.duckdb",
        [equity(nasdaq_path(), "^IXIC"), equity(flat(before, 50.0, "NVDA"), "NVDA")],
    )
    with store_data(old) as data:
        assert score_forward(spec, data).statuses() == {"F1": "open"}
    with store_data(mixed) as data:
        entry = score_forward(spec, data).entries[0]
    assert entry.status == "inconclusive" and "NVDA ends 2025-11-28" in entry.evidence


def test_missing_basket_members_are_left_out_and_noted(tech_store: Path) -> None:
    with store_data(tech_store) as data:
        found = ai_break(data, {**TECH, "basket": ["NVDA", "AMD", "AVGO"]}, PUBLISHED, None)
    assert "not in the store, left out: AVGO" in found.notes
    assert "AI basket = equal-weight buy-and-hold of NVDA, AMD" in found.notes
