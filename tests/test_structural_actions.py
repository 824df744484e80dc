"""Actions written in the minutes' structure, run through `find_actions`: an action column of initials
suppresses the prose it does not mark, table rows reach the item they name, a closing summary by person is
read, and minutes set as an "Item | Notes | Action" table are minutes, not an agenda.

Passages are cut from the annotated corpus (Ayton 2019, Decoy 2020, Falls Creek 2020); the conventions'
own cases are in tests/conventions/action_*/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from minutebook.ingest.nlp import find_actions, load_nlp
from minutebook.ingest.segment import segment
from minutebook.models import Item, Line, Meeting, Page, Person

ANNOTATED = Path("/work/shared/corpus/annotated")

AYTON_2019 = [("Catherine Chisholm", "CC"), ("Kenny Combe", "KC"), ("Jim Fullarton", "JF"), ("Isabel Kellie", "IK"),
              ("Helen Laing", "HL"), ("Dick Noble", "DN"), ("Paul Priestman", "PP"), ("Rob Weatherston", "RW"),
              ("Sarah Woodbury", "SW")]
CHECKLIST = (
    "DN had provided a useful check list of actions associated with the installation of the Christmas lights on the "
    "High Street: \uf0b7 all lights should be checked in good time (October) to allow for replacement purchases. "
    "KC/DN \uf0b7 an installation date of early November would allow time for rearrangement should inclement weather "
    "intervene. GD \uf0b7 replacement gutter hooks were required. GD"
)
PROSE = "Two elderly residents had slipped on the surface. HL would refer to the appropriate Council officer."


@pytest.fixture(scope="module")
def model() -> Language:
    return load_nlp()


def _ayton(paragraphs: list[tuple[int, str]]) -> tuple[Meeting, Item]:
    item = Item(number="7", title="Christmas Lights", page=2, paragraphs=paragraphs)
    meeting = Meeting(body="Ayton Community Council", date="2019-10-01", kind="minutes", chair="Kenny Combe",
                      attendees=[Person(name=n, initials=i) for n, i in AYTON_2019],
                      apologies=[Person(name="Graham Dolan"), Person(name="Margaret Carey")], items=[item])
    return meeting, item


def test_action_column_is_the_record_and_prose_is_not_read(model: Language) -> None:
    meeting, item = _ayton([(2, CHECKLIST), (3, PROSE)])
    structure = find_actions(meeting, model)
    assert structure is not None and structure.marks_all
    assert [a.owners for a in item.actions] == [["Kenny Combe", "Dick Noble"], ["Graham Dolan"], ["Graham Dolan"]]
    assert not any("Council officer" in a.text for a in item.actions)
    assert all(a.explicit and a.status == "open" for a in item.actions)


def test_without_a_column_the_same_prose_is_read(model: Language) -> None:
    meeting, item = _ayton([(3, PROSE)])
    structure = find_actions(meeting, model)
    assert structure is not None and not structure.marks_all
    assert [a.owners for a in item.actions if "Council officer" in a.text] == [["Helen Laing"]]


def test_two_stray_initials_are_not_a_column(model: Language) -> None:
    meeting, item = _ayton([(1, "The minutes were approved. Proposed by RW and seconded by PP."),
                            (1, "HL would ascertain the current position. HL")])
    structure = find_actions(meeting, model)
    assert structure is not None and "action_columns" not in structure.layout


def test_table_rows_reach_the_items_they_name(model: Language) -> None:
    items = [Item(number="BM 02/2021", title="To agree the Minutes of the last meeting", page=2),
             Item(number="BM 09/2021", title="Premises", page=2)]
    header = ["", "Item", "Notes", "Action"]
    rows = [header,
            ["BM 02/2021", "To agree the Minutes\nof the last meeting",
             "The minutes were agreed and signed and are to be placed on the\nwebsite", "Clerk to place\non website"],
            ["BM 09/2021", "Premises", "A report on Premises had been provided.\nThere are some other works that "
             "require completion and quotes are to\nbe obtained", "Kay Dicken"]]
    summary = [["02/2021", "Signed minutes to Headteacher for file and to website", "Clerk", "asap"]]
    meeting = Meeting(body="Decoy Community Primary School Board of Governors", date="2020-09-28", kind="minutes",
                      attendees=[Person(name="Kay Dicken"), Person(name="Pete Osborne", role="Clerk")], items=items,
                      tables=[(2, summary), (3, rows)])
    find_actions(meeting, model)
    (minutes,) = items[0].actions
    assert minutes.owners == ["Pete Osborne"] and "placed on the website" in minutes.text
    (quotes,) = items[1].actions
    assert quotes.owners == ["Kay Dicken"] and quotes.text.startswith("There are some other works")


def test_summary_table_row_repeating_a_minute_is_not_listed_twice(model: Language) -> None:
    items = [Item(number="BM 02/2021", title="Minutes", page=2)]
    head = ["Item", "Action", "By whom", "By when"]
    rows = [head, ["02/2021", "Signed minutes to Headteacher for file and to website", "Kay Dicken", "asap"],
            ["02/2021", "Signed minutes to Headteacher for file and to website", "Kay Dicken", "asap"]]
    meeting = Meeting(body="Board", date="2020-09-28", kind="minutes", attendees=[Person(name="Kay Dicken")],
                      items=items, tables=[(2, rows)])
    find_actions(meeting, model)
    assert [(a.owners, a.due) for a in items[0].actions] == [(["Kay Dicken"], "asap")]


def test_closing_summary_by_person(model: Language) -> None:
    item = Item(number="6", title="ADJOURNMENT", page=3, paragraphs=[
        (3, "Susan Morton, Secretary, July 31, 2020 Summary of Action Items by Person:"),
        (4, "Paulette Church:"), (4, "1) talk with attorney regarding liabilities at the lake"),
        (4, "1) speak with our insurers about FCR liability for lake activities Joan Heil:"),
        (4, "Previous tasks still pending:"), (4, "1) draft a “drone” policy for FCR (status: working on)")])
    prose = Item(number="4", title="NEW BUSINESS", page=2, paragraphs=[
        (2, "Paulette Church will draft a memo to residents, and this will be communicated in full at the August "
            "Board meeting.")])
    meeting = Meeting(body="Falls Creek Ranch Association", date="2020-07-29", kind="minutes",
                      attendees=[Person(name="Paulette Church")], items=[prose, item])
    structure = find_actions(meeting, model)
    assert structure is not None and structure.marks_all
    assert [(a.owners, a.text) for a in item.actions] == [
        (["Paulette Church"], "talk with attorney regarding liabilities at the lake"),
        (["Paulette Church"], "speak with our insurers about FCR liability for lake activities"),
        (["Joan Heil"], "draft a “drone” policy for FCR")]
    assert prose.actions == []  # the summary lists the record's actions; prose is not read


def test_minutes_table_under_an_agenda_heading_is_minutes() -> None:
    pages = [Page(index=1, label="1", lines=[Line(text="SCHOOL BOARD OF GOVERNORS", bold=True), Line(text="Agenda:"),
                                            Line(text="BM 01/2021 To record those present")],
                  tables=[[["", "Item", "Notes", "Action"], ["BM 01/2021", "Apologies", "None.", ""]]]),
             Page(index=2, label="2", lines=[Line(text="Page 2 of 2")])]
    assert segment(pages)[0].kind == "minutes"


@pytest.mark.skipif(not ANNOTATED.exists(), reason="annotated corpus not present")
def test_decoy_minutes_in_a_table_have_their_actions(model: Language) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import ReadSettings, read_pages

    pdf = ANNOTATED / "decoy_school_governors_business_committee_minutes_2020-09-28.pdf"
    (meeting,) = parse_sections(segment(read_pages(pdf, ReadSettings())))
    assert meeting.kind == "minutes" and meeting.tables
    find_actions(meeting, model)
    found = {(it.number, tuple(a.owners_raw for a in it.actions)) for it in meeting.items if it.actions}
    assert ("BM 09/2021", ("Kay Dicken",)) in found
    assert any(n == "BM 14/2021" and "Kay Dicken/Clerk" in raws for n, raws in found)
