"""Queries as officers type them (issue 13): questions, every word before some, fuzzy retry, sorts, timeline.

The index is the hand-built one of `tests.test_search` (real sentences of the
Haringey CSP pack) plus a later meeting with a motion, so decisions have a
mover, seconder, outcome and tally and the timeline has three meetings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.errors import MinutebookError, NotFound
from minutebook.models import Item, Meeting, Resolution
from minutebook.search import search, update_index
from minutebook.search._natural import prepare_query
from tests.test_search import CSP, _meetings, _pages


def _march_minutes() -> Meeting:
    """A later meeting of the same body that decides on CCTV by a recorded vote."""
    mid = "csp-2020-03-04"
    item = Item(
        number="12", title="CCTV CONTROL ROOM", page=4, id=f"{mid}.12",
        text="The Partnership considered the report on the new CCTV control room and the cameras across the borough.",
        resolutions=[Resolution("That the CCTV control room business case be approved.", page=4,
                                mover="Cllr Mark Blake", seconder="Cllr Emine Ibrahim", outcome="carried", tally="6-1",
                                id="r-cctv")],
    )
    return Meeting(body=CSP, date="2020-03-04", kind="minutes", items=[item], id=mid, document_id="doc-2020-03-04")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    update_index(home, [*_meetings(), _march_minutes()], _pages())
    return home


def _keys(result) -> list[tuple[str, str]]:
    return [(h.meeting_date, h.item) for h in result.hits]


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("what did we resolve about CCTV?", "CCTV"),
        ("who is doing the burglary snapshot analysis?", "burglary snapshot analysis"),
        ("what is the VVE briefing about?", "VVE briefing"),
        ("When was knife crime first raised?", "knife crime"),
        ("Zero Suicide training", "Zero Suicide training"),  # not a question: nothing to drop
        ("what was decided?", "decided"),  # only the verb says anything
        ('"knife crime" AND title:children', '"knife crime" AND title:children'),  # query language kept
        ("CCTV?", "CCTV"),  # '?' would be a one-letter wildcard
        # Who acted is not what the record is about (Cogges APCM 2018 p.2, Alameda SSHRB 2023 p.4).
        ("what did the PCC decide about the independent examiner?", "independent examiner"),
        ("what did the board say about homeless services?", "homeless services"),
        ("did they approve the new flag poles?", "approve new flag poles"),
        ("is the CCTV control room open?", "CCTV control room open"),
    ],
)
def test_question_and_stop_words_are_dropped(typed: str, searched: str) -> None:
    assert prepare_query(typed).text == searched


def test_a_question_finds_what_it_is_about(home: Path) -> None:
    result = search(home, "what did we resolve about CCTV?")
    assert result.searched == "CCTV" and "resolve" in result.dropped
    assert result.hits and all("cctv" in (h.title + h.snippet).lower() for h in result.hits)


def test_records_with_every_word_come_first_and_the_result_says_so(home: Path) -> None:
    result = search(home, "burglary snapshot", group=False, limit=None)
    tiers = [h.every_word for h in result.hits]
    assert tiers[0] and not tiers[-1] and tiers == sorted(tiers, reverse=True)
    assert result.every_word == sum(tiers) and "with every word first" in result.notice
    assert all("snapshot" in h.snippet.lower() for h in result.hits if h.every_word)


def test_when_no_record_has_every_word_the_result_says_any(home: Path) -> None:
    result = search(home, "burglary hendricks")
    assert result.total and result.every_word == 0 and not any(h.every_word for h in result.hits)
    assert "showing records with any of them" in result.notice


@pytest.mark.parametrize(("typed", "corrected"), [("burgalry", "burglary"), ("accredidation", "accreditation"),
                                                  ("what did we decide about accredidation?", "accreditation")])
def test_misspelt_query_is_retried_with_the_indexs_words(home: Path, typed: str, corrected: str) -> None:
    result = search(home, typed)
    assert result.total and result.searched == corrected and result.corrected_from is not None
    assert f"showing results for '{corrected}'" in result.notice
    assert {h.to_json()["searched"] for h in result.hits} == {corrected}  # JSON readers see it on every hit


def test_sort_newest_and_oldest(home: Path) -> None:
    newest = [h.meeting_date for h in search(home, "noted", sort="newest", limit=None).hits]
    oldest = [h.meeting_date for h in search(home, "noted", sort="oldest", limit=None).hits]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    assert oldest[0] == "2018-03-01" and newest[0] == "2019-12-11"
    assert [h.meeting_date for h in search(home, "noted", sort="date", limit=None).hits] == newest


def test_timeline_lists_each_meeting_once_oldest_first(home: Path) -> None:
    result = search(home, "CCTV", timeline=True)
    dates = [t.meeting_date for t in result.timeline]
    assert dates == ["2019-12-11", "2020-03-04"]
    assert all(t.records >= 1 and t.hit.meeting_date == t.meeting_date for t in result.timeline)
    assert sum(t.records for t in result.timeline) == result.total


def test_kind_decision_is_resolutions_and_carries_the_vote(home: Path) -> None:
    result = search(home, "CCTV control room", kinds=["decision"], group=False)
    assert result.hits and {h.kind for h in result.hits} == {"resolution"}
    vote = result.hits[0].to_json()
    assert (vote["mover"], vote["seconder"], vote["outcome"], vote["tally"]) == (
        "Cllr Mark Blake", "Cllr Emine Ibrahim", "carried", "6-1")
    assert search(home, "noted", kinds=["decisions"], limit=None).hits  # the plural too


def test_unknown_body_names_the_stored_bodies(home: Path) -> None:
    with pytest.raises(NotFound, match="Health and Wellbeing Board") as caught:
        search(home, "suicide", body="Planning Committee")
    assert CSP in str(caught.value)


def test_every_matching_record_without_a_limit(home: Path) -> None:
    everything = search(home, "", kinds=["action"], group=False, limit=None)
    visible = sum(len(i.actions) for m in _meetings() for i in m.items if not i.exempt)
    assert len(everything.hits) == everything.total == visible
    with pytest.raises(MinutebookError, match="limit"):
        search(home, "x", limit=0)


def test_an_ungrouped_list_names_each_item_once_before_repeating_any(home: Path) -> None:
    hits = search(home, "burglary campaign snapshot", group=False, limit=None).hits
    for tier in (True, False):
        items = [h.item_id for h in hits if h.every_word is tier]
        firsts = len(set(items))
        assert len(set(items[:firsts])) == firsts, items
    assert len(hits) == search(home, "burglary campaign snapshot", group=False, limit=None).total


def test_a_word_in_most_records_is_not_required(tmp_path: Path) -> None:
    # 40 one-line items that all say "Partnership": the word tells records apart no more than "the" does.
    filler = [Item(number=str(n), title="MINUTES OF THE PREVIOUS MEETING", page=1, id=f"fill.{n}",
                   text="The minutes of the Partnership meeting were agreed as a correct record.")
              for n in range(1, 41)]
    update_index(tmp_path, [*_meetings(), Meeting(body=CSP, date="2019-07-03", kind="minutes", items=filler,
                                                  id="fill")], _pages())
    result = search(tmp_path, "partnership burglary snapshot", group=False, limit=None)
    assert result.common == ["partnership"] and "in most records" in result.notice
    top = [h for h in result.hits if h.every_word]
    assert top and all("snapshot" in h.snippet.lower() for h in top)
    assert result.hits[0].item == "90"


@pytest.mark.parametrize(
    ("typed", "searched", "dates"),
    [
        ("what did we decide in October 2019 about CCTV?", "CCTV", ("2019-10", "2019-10")),
        ("what was agreed on 9 October 2019 about the flyer?", "flyer", ("2019-10-09", "2019-10-09")),
        ("what did we say about knife crime in 2019?", "knife crime", ("2019", "2019")),
        ("what has happened since 2018 with the lottery bid?", "lottery bid", ("2018", "")),
        ("what is the 2019-2023 strategy?", "2019-2023 strategy", ("", "")),  # a topic, not a meeting date
        ("CCTV October 2019", "CCTV October 2019", ("", "")),  # not a question: taken as typed
    ],
)
def test_a_question_naming_meeting_dates_filters_by_them(typed: str, searched: str, dates: tuple[str, str]) -> None:
    prepared = prepare_query(typed)
    assert (prepared.text, (prepared.date_from, prepared.date_to)) == (searched, dates)


def test_dates_from_the_question_filter_meetings_unless_nothing_matches(home: Path) -> None:
    kept = search(home, "what did we note in October 2019 about suicide?", limit=None)
    assert kept.hits and {h.meeting_date for h in kept.hits} == {"2019-10-09"}
    assert "meetings of 2019-10 only" in kept.notice
    everything = search(home, "what did we note in May 2017 about suicide?", limit=None)
    assert {h.meeting_date for h in everything.hits} >= {"2019-10-09", "2018-03-01"}
    assert "no meeting of 2017-05 matches; showing every date" in everything.notice
    given = search(home, "what did we note in October 2019 about suicide?", date_from="2018", date_to="2018")
    assert {h.meeting_date for h in given.hits} == {"2018-03-01"}  # --from/--to win over the question
