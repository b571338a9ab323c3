"""Same-day ties and the default thresholds of the BTC forward claims, on paths that
differ every day.

Every path rises to its publication close (its prior peak, so the default ``either``
reference gives the same dates as ``publication``). After publication the Nasdaq falls
1.25 a session from 100 to exactly 75 (-25%), then recovers; BTC edges down 100 a day,
drops to exactly 75,000 (-25%) on the session the Nasdaq first reaches -10%, then
recovers; the AI basket (NVDA, AMD) falls less. So BTC crosses -20% on the very day the
AI trade breaks, and its worst fall equals the Nasdaq's. Expected dates and figures are
read off the paths with plain pandas.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.claims._forward import ai_break, btc_hit_first, btc_hit_hardest
from bubblelink.errors import DataError
from bubblelink.service.data import store_data
from tests.claims.world import DAYS, PUBLISHED, SESSIONS, after_publication, crypto, equity, write

START = PUBLISHED - pd.Timedelta(days=365)
TECH = {"nasdaq": "^IXIC", "basket": ["NVDA", "AMD"]}  # default thresholds and reference


def _rising_then(index: pd.DatetimeIndex, level: float, after: np.ndarray) -> pd.Series:
    """Up from 80% of ``level`` to ``level`` at publication, then ``after``."""
    before = index <= PUBLISHED
    values = np.empty(len(index))
    values[before] = np.linspace(0.8 * level, level, int(before.sum()))
    values[~before] = after
    return pd.Series(values, index=index)


def _nasdaq() -> pd.Series:
    k = after_publication(SESSIONS)[SESSIONS > PUBLISHED]
    return _rising_then(SESSIONS, 100.0, np.where(k <= 20, 100.0 - 1.25 * k, 75.0 + 0.5 * (k - 20)))


def _nvda() -> pd.Series:
    k = after_publication(SESSIONS)[SESSIONS > PUBLISHED]
    return _rising_then(SESSIONS, 100.0, np.maximum(100.0 - 0.5 * k, 88.0) + 0.001 * k)


def _amd() -> pd.Series:
    k = after_publication(SESSIONS)[SESSIONS > PUBLISHED]
    return _rising_then(SESSIONS, 50.0, 50.0 - 0.01 * k)


def _from_publication(path: pd.Series) -> pd.Series:
    return path[path.index > PUBLISHED] / path.loc[:PUBLISHED].iloc[-1] - 1


#: The session the Nasdaq first closes 10% or more below its publication close.
BREAK = _from_publication(_nasdaq()).le(-0.10).idxmax()


def _btc() -> pd.Series:
    d = after_publication(DAYS)[DAYS > PUBLISHED]
    after_days = DAYS[DAYS > PUBLISHED]
    since = (after_days - BREAK).days.to_numpy()
    values = np.where(since < 0, 100_000.0 - 100.0 * d, 75_000.0 + 50.0 * since)
    return _rising_then(DAYS, 100_000.0, values)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        tmp_path_factory.mktemp("forward-ties") / "store.duckdb",
        [
            equity(_nasdaq(), "^IXIC"),
            equity(_nvda(), "NVDA"),
            equity(_amd(), "AMD"),
            crypto(_btc()),
        ],
    )


def _basket_worst() -> float:
    frame = pd.DataFrame({"NVDA": _nvda(), "AMD": _amd()})
    basket = (frame / frame.loc[PUBLISHED]).mean(axis=1)
    return float(_from_publication(basket).min())


def test_the_paths_tie_where_intended() -> None:
    nasdaq, btc = _from_publication(_nasdaq()), _from_publication(_btc())
    assert str(BREAK.date()) == "2025-12-26"  # the 9th session after publication: 88.75
    assert btc.le(-0.20).idxmax() == BREAK and btc.loc[:BREAK].iloc[:-1].gt(-0.03).all()
    assert nasdaq.min() == btc.min() == -0.25
    assert _basket_worst() > -0.20  # the basket never breaks: the Nasdaq does
    assert btc.diff().iloc[1:].ne(0).all() and nasdaq.diff().iloc[1:].ne(0).all()


def test_btc_crossing_on_the_break_day_is_first(store: Path) -> None:
    with store_data(store) as data:
        found = btc_hit_first(data, TECH, PUBLISHED, None)
    assert found.status == "supported"
    assert found.figures == {
        "btc_crossing": BREAK,
        "tech_break": BREAK,
        "broken_by": "^IXIC",
        "btc_threshold": -0.20,
        "data_end": SESSIONS[-1],
    }
    assert found.evidence == (
        "BTC crossed -20% from publication on 2025-12-26 (it was already 0.0% below its "
        "prior peak at publication), before (or on the day) the AI trade broke on "
        "2025-12-26 (^IXIC)"
    )


def test_btc_crossing_after_the_break_or_never_is_not_first(store: Path) -> None:
    # -25% is crossed on the break day, -25.1% never; the AI trade never breaks at -30%
    with store_data(store) as data:
        never = btc_hit_first(data, {**TECH, "btc_threshold": -0.251}, PUBLISHED, None)
        undecided = btc_hit_first(
            data,
            {**TECH, "nasdaq_threshold": -0.30, "basket_threshold": -0.30},
            PUBLISHED,
            None,
        )
    assert never.status == "contradicted"
    assert never.figures["btc_crossing"] is None and never.figures["btc_threshold"] == -0.251
    assert never.evidence == (
        "the AI trade broke on 2025-12-26 (^IXIC); BTC had not crossed -25% from "
        "publication by 2026-06-30 (it was already 0.0% below its prior peak at publication)"
    )
    assert undecided.status == "open"
    assert undecided.figures["tech_break"] is None and undecided.figures["broken_by"] == ""
    assert undecided.evidence.endswith(
        "; the AI trade has not broken to 2026-06-30, so 'first' is undecided"
    )


def test_an_equal_worst_fall_is_not_the_hardest(store: Path) -> None:
    with store_data(store) as data:
        found = btc_hit_hardest(data, TECH, PUBLISHED, None)
    basket = _basket_worst()
    assert found.status == "contradicted"
    assert found.figures == {
        "BTC-USD_worst": -0.25,
        "^IXIC_worst": -0.25,
        "AI basket_worst": pytest.approx(basket, abs=1e-12),
        "data_end": SESSIONS[-1],
    }
    assert found.evidence == (
        "worst since publication to 2026-06-30: BTC-USD -25.0%, ^IXIC -25.0%, "
        f"AI basket {basket:+.1%}"
    )
    sample = found.sample
    assert sample is not None and sample.series == ("^IXIC", "NVDA", "AMD", "BTC-USD")
    assert (sample.first, sample.last) == (PUBLISHED, SESSIONS[-1])
    assert sample.n == int((SESSIONS > PUBLISHED).sum())


def test_the_scorecard_needs_a_cut_off_after_the_publication_date(store: Path) -> None:
    from bubblelink.claims._forward import score_forward
    from bubblelink.claims._spec import ClaimsFile, ForwardSpec
    from bubblelink.errors import ConfigError

    claims = ClaimsFile(
        source="ties",
        published=PUBLISHED,
        forward=(
            ForwardSpec("F2", "BTC is hit first", "btc_hit_first", TECH),
            ForwardSpec("F3", "BTC is hit hardest", "btc_hit_hardest", TECH, notes=("n",)),
        ),
    )
    with store_data(store, PUBLISHED) as data, pytest.raises(ConfigError) as error:
        score_forward(claims, data)
    assert str(error.value) == (
        "--asof 2025-12-12 is not after the publication date 2025-12-12: nothing happened "
        "yet to score"
    )
    # one day later (a Saturday): BTC has a close after publication, the equities do not
    next_day = PUBLISHED + pd.Timedelta(days=1)
    with store_data(store, next_day) as data:
        early = score_forward(claims, data)
    assert early.as_of == next_day and early.published == PUBLISHED
    assert early.statuses() == {"F2": "inconclusive", "F3": "inconclusive"}
    assert early.entries[0].evidence == (
        "not scorable: ^IXIC ends 2025-12-12, NVDA ends 2025-12-12, AMD ends 2025-12-12, "
        "on or before the publication date 2025-12-12"
    )
    with store_data(store) as data:
        card = score_forward(claims, data)
    assert card.statuses() == {"F2": "supported", "F3": "contradicted"}
    assert card.synthetic is False and not any(e.synthetic for e in card.entries)
    assert card.entries[1].notes == ("AI basket = equal-weight buy-and-hold of NVDA, AMD", "n")
    assert card.entries[0].evidence.startswith("BTC crossed -20% from publication on 2025-12-26")
    assert card.notes == (
        "each forward claim is evaluated to the last date on which all of its own price "
        "series have data; an undecided claim whose price series end early is inconclusive",
    )


def test_the_scorecard_passes_the_horizon_and_reads_a_claims_file(
    store: Path, tmp_path: Path
) -> None:
    from bubblelink.claims._forward import score_forward
    from bubblelink.claims._spec import ClaimsFile, ForwardSpec
    from bubblelink.errors import ConfigError

    never = {**TECH, "nasdaq_threshold": -0.30, "basket_threshold": -0.30}
    horizon = pd.Timestamp("2026-03-31", tz="UTC")
    claims = ClaimsFile(
        source="ties",
        published=PUBLISHED,
        forward=(ForwardSpec("F1", "the AI trade breaks", "ai_break", never, horizon),),
    )
    with store_data(store) as data:
        card = score_forward(claims, data)
        with pytest.raises(ConfigError) as unknown:
            score_forward(
                ClaimsFile("ties", published=PUBLISHED, forward=(ForwardSpec("F9", "x", "guess"),)),
                data,
            )
        with pytest.raises(ConfigError) as undated:
            score_forward(ClaimsFile("ties", forward=claims.forward), data)
        with pytest.raises(ConfigError) as empty:
            score_forward(ClaimsFile("ties", published=PUBLISHED), data)
    entry = card.entries[0]
    assert (entry.id, entry.claim, entry.status) == ("F1", "the AI trade breaks", "contradicted")
    assert entry.evidence.startswith("no break by the horizon 2026-03-31; ")
    assert str(unknown.value) == "forward claim 'F9': field 'computation' 'guess' is unknown"
    assert str(undated.value) == ("ties: field 'narrative.published' is required for --scorecard")
    assert str(empty.value) == "ties: no 'forward' claims to score"


def test_the_scorecard_reads_the_claims_file_it_is_given(store: Path, tmp_path: Path) -> None:
    from bubblelink.claims._forward import score_forward
    from bubblelink.errors import ConfigError

    path = tmp_path / "claims.yaml"
    path.write_text(
        "narrative: {title: t, source: s, published: 2025-12-12}\n"
        "forward:\n"
        "  - id: FX\n"
        "    claim: BTC is hit first.\n"
        "    computation: btc_hit_first\n"
        "    params: {nasdaq: ^IXIC, basket: [NVDA, AMD]}\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text().replace("btc_hit_first", "btc_hit_last"))
    with store_data(store) as data:
        card = score_forward(path, data)
        by_name = score_forward(str(path), data)
        with pytest.raises(ConfigError) as unknown:
            score_forward(bad, data)
    assert card.published == PUBLISHED and card.statuses() == {"FX": "supported"}
    assert by_name.statuses() == {"FX": "supported"}
    # the file is checked against the forward computations when it is read
    assert str(bad) in str(unknown.value) and "btc_hit_last" in str(unknown.value)
    assert "forward claim 'FX'" not in str(unknown.value)


def test_synthetic_inputs_are_said_in_every_row_and_in_the_notes(tmp_path: Path) -> None:
    from dataclasses import replace

    from bubblelink.claims._forward import score_forward
    from bubblelink.claims._spec import ClaimsFile, ForwardSpec

    batches = [
        equity(_nasdaq(), "^IXIC"),
        equity(_nvda(), "NVDA"),
        equity(_amd(), "AMD"),
        crypto(_btc()),
    ]
    synthetic = [replace(b, meta=replace(b.meta, synthetic=True)) for b in batches[:1]]
    store = write(tmp_path / "store.duckdb", [*synthetic, *batches[1:]])
    claims = ClaimsFile(
        source="t",
        published=PUBLISHED,
        forward=(ForwardSpec("F2", "first", "btc_hit_first", TECH),),
    )
    with store_data(store) as data:
        card = score_forward(claims, data)
    entry = card.entries[0]
    assert card.synthetic is True and entry.synthetic is True
    assert entry.evidence.startswith("about SYNTHETIC sample data: BTC crossed -20% from")
    assert card.notes[0] == (
        "SYNTHETIC sample data: the scorecard is about synthetic series, not the market"
    )
    assert len(card.notes) == 2


def test_another_btc_symbol_is_read_from_the_params(store: Path) -> None:
    with store_data(store) as data, pytest.raises(DataError, match="unknown series 'ETH-USD'"):
        btc_hit_first(data, {**TECH, "btc": "ETH-USD"}, PUBLISHED, None)


def test_ai_break_says_when_and_what_broke(store: Path) -> None:
    never = {**TECH, "nasdaq_threshold": -0.30, "basket_threshold": -0.30}
    with store_data(store) as data:
        broke = ai_break(data, TECH, PUBLISHED, None)
        not_yet = ai_break(data, never, PUBLISHED, None)
    assert broke.status == "supported" and not_yet.status == "open"
    assert broke.evidence.startswith(
        "the AI trade broke on 2025-12-26 (^IXIC crossed its threshold); "
    )
    assert not_yet.evidence.startswith(
        "no break to 2026-06-30; ^IXIC worst -25.0% from publication"
    )


def test_the_reference_is_read_from_the_params(tmp_path: Path) -> None:
    """BTC 10% below its prior peak at publication, then 12.5% lower: -21.25% from the
    peak (a crossing of -20% from the peak) but -12.5% from publication (none)."""
    d = after_publication(DAYS)[DAYS > PUBLISHED]
    btc = _rising_then(DAYS, 100_000.0, np.where(d < 20, 100_000.0 - 10.0 * d, 87_500.0))
    btc[btc.index <= PUBLISHED] = np.where(
        btc.index[btc.index <= PUBLISHED] < pd.Timestamp("2025-11-01", tz="UTC"),
        111_111.0,
        100_000.0,
    )
    store = write(
        tmp_path / "store.duckdb",
        [equity(_nasdaq(), "^IXIC"), equity(_nvda(), "NVDA"), equity(_amd(), "AMD"), crypto(btc)],
    )
    with store_data(store) as data:
        either = btc_hit_first(data, TECH, PUBLISHED, None)
        publication = btc_hit_first(data, {**TECH, "reference": "publication"}, PUBLISHED, None)
    assert either.figures["btc_crossing"] is not None
    assert publication.figures["btc_crossing"] is None and publication.status == "contradicted"


def _basket_from_publication() -> pd.Series:
    frame = pd.DataFrame({"NVDA": _nvda(), "AMD": _amd()})
    return _from_publication((frame / frame.loc[PUBLISHED]).mean(axis=1))


def test_the_default_tech_symbols_and_the_basket_threshold(store: Path) -> None:
    with store_data(store) as data:
        default = ai_break(data, {}, PUBLISHED, None)
        early = ai_break(data, {**TECH, "basket_threshold": -0.01}, PUBLISHED, None)
    # ^IXIC and the AI complex by default: the members not stored are named
    assert default.figures["break_date"] == BREAK and default.figures["broken_by"] == "^IXIC"
    assert default.notes == (
        "not in the store, left out: ORCL, AVGO, MSFT, META, GOOGL, AMZN",
        "AI basket = equal-weight buy-and-hold of NVDA, AMD",
    )
    assert default.sample is not None
    assert default.sample.series == ("^IXIC", "NVDA", "AMD")
    basket_break = _basket_from_publication().le(-0.01).idxmax()
    assert basket_break < BREAK
    assert (early.figures["break_date"], early.figures["broken_by"]) == (
        basket_break,
        "AI basket",
    )
    assert early.figures["AI basket_worst_from_publication"] == pytest.approx(
        _basket_from_publication().min(), abs=1e-12
    )


def test_the_sample_names_the_price_fields(store: Path) -> None:
    with store_data(store) as data:
        found = btc_hit_hardest(data, TECH, PUBLISHED, None)
    assert found.sample is not None and found.sample.prices == (
        "^IXIC, NVDA, AMD, BTC-USD: close as stored (no adj_close beside it: adjusted or raw "
        "not recorded)"
    )


def test_nothing_after_publication_is_open_not_inconclusive(store: Path) -> None:
    from bubblelink.claims._forward import NothingYetError, score_one
    from bubblelink.claims._spec import ForwardSpec

    with store_data(store, PUBLISHED) as data:
        with pytest.raises(NothingYetError) as nothing:
            ai_break(data, TECH, PUBLISHED, None)
        entry = score_one(ForwardSpec("F1", "breaks", "ai_break", TECH), data, PUBLISHED)
    message = "no data after the publication date 2025-12-12: nothing to score yet"
    assert str(nothing.value) == message
    assert entry.status == "open" and entry.evidence == f"not scorable yet: {message}"


def test_the_prior_peak_is_the_year_before_publication(tmp_path: Path) -> None:
    """A Nasdaq at 150 in November 2024 (more than a year before publication), 100 from
    2024-12-12 to publication, then the tie path: 10% below the peak of the year before
    publication on the break day, while a peak over all history would put it 33% below
    at publication (no crossing after it). A member with no data since 2024-12-12 is
    named."""
    nasdaq = _nasdaq()
    old = nasdaq.index < pd.Timestamp("2024-12-12", tz="UTC")
    nasdaq[old] = 150.0
    nasdaq[~old & (nasdaq.index <= PUBLISHED)] = 100.0
    gone = _nvda().loc[: pd.Timestamp("2024-12-06", tz="UTC")]
    store = write(
        tmp_path / "store.duckdb",
        [equity(nasdaq, "^IXIC"), equity(_amd(), "AMD"), equity(gone, "NVDA")],
    )
    peak = {"nasdaq": "^IXIC", "basket": ["AMD"], "reference": "peak"}
    with store_data(store) as data:
        found = ai_break(data, peak, PUBLISHED, None)
        with pytest.raises(DataError) as empty:
            ai_break(data, {**peak, "basket": ["AMD", "NVDA"]}, PUBLISHED, None)
    assert found.figures["break_date"] == BREAK and found.figures["broken_by"] == "^IXIC"
    assert str(empty.value).startswith("no data for NVDA from 2024-12-12")
