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
    meeting, structure = find_actions(meeting, model)
    (item,) = meeting.items
    assert structure is not None and structure.marks_all
    assert [a.owners for a in item.actions] == [["Kenny Combe", "Dick Noble"], ["Graham Dolan"], ["Graham Dolan"]]
    assert not any("Council officer" in a.text for a in item.actions)
    assert all(a.explicit and a.status == "open" for a in item.actions)


def test_without_a_column_the_same_prose_is_read(model: Language) -> None:
    meeting, item = _ayton([(3, PROSE)])
    meeting, structure = find_actions(meeting, model)
    (item,) = meeting.items
    assert structure is not None and not structure.marks_all
    assert [a.owners for a in item.actions if "Council officer" in a.text] == [["Helen Laing"]]


def test_two_stray_initials_are_not_a_column(model: Language) -> None:
    meeting, item = _ayton([(1, "The minutes were approved. Proposed by RW and seconded by PP."),
                            (1, "HL would ascertain the current position. HL")])
    meeting, structure = find_actions(meeting, model)
    (item,) = meeting.items
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
    meeting, _ = find_actions(meeting, model)
    items = meeting.items
    (minutes,) = items[0].actions
    assert minutes.owners == ["Pete Osborne"] and "placed on the website" in minutes.text
    (quotes,) = items[1].actions
    assert quotes.owners == ["Kay Dicken"] and quotes.text.startswith("There are some other works")


def test_summary_table_row_repeating_a_minute_is_not_listed_twice(model: Language) -> None:
    # Decoy 2020: an "ACTIONS TO BE TAKEN" table (ITEM / BY WHOM / BY WHEN) repeats the minutes' Action column
    items = [Item(number="BM 02/2021", title="Minutes", page=2)]
    summary = [["Item", "Action", "By whom", "By when"],
               ["02/2021", "Signed minutes to Headteacher for file and to website", "Kay Dicken", "asap"]]
    minutes = [["", "Item", "Notes", "Action"],
               ["BM 02/2021", "Minutes", "The minutes were agreed and signed and are to be placed on the website",
                "Kay Dicken"]]
    meeting = Meeting(body="Board", date="2020-09-28", kind="minutes", attendees=[Person(name="Kay Dicken")],
                      items=items, tables=[(2, summary), (3, minutes)])
    meeting, _ = find_actions(meeting, model)
    items = meeting.items
    assert [(a.owners, a.text) for a in items[0].actions] == [
        (["Kay Dicken"], "The minutes were agreed and signed and are to be placed on the website")]


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
    meeting, structure = find_actions(meeting, model)
    prose, item = meeting.items
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


def test_decoy_minutes_in_a_table_have_their_actions(model: Language) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import ReadSettings, read_pages

    pdf = ANNOTATED / "decoy_school_governors_business_committee_minutes_2020-09-28.pdf"
    assert pdf.exists(), f"../shared is missing (looked for {pdf})"  # fails loudly, never skips
    (meeting,) = parse_sections(segment(read_pages(pdf, ReadSettings())))
    assert meeting.kind == "minutes" and meeting.tables
    # the table's notes are the items' text: their decisions are read like any minute's
    governance = next(it for it in meeting.items if it.number == "BM 11/2021")
    assert any("Behaviour Principles" in r.text for r in governance.resolutions)
    meeting, _ = find_actions(meeting, model)
    found = {(it.number, tuple(a.owners_raw for a in it.actions)) for it in meeting.items if it.actions}
    assert ("BM 09/2021", ("Kay Dicken",)) in found
    assert any(n == "BM 14/2021" and "Kay Dicken/Clerk" in raws for n, raws in found)


@pytest.mark.parametrize(("text", "owners"), [
    ("Potholes on the lane to be reported to Highways. Clerk", [["Clerk"]]),
    ("A new bench would be ordered. Chair/Mick", [["Kenny Combe", "Mick Ratford"]]),
    ("The audit was received. Thanks", []),  # a word after a full stop that names nobody is not a column value
    ("Quotes were noted, and forwarded to Mick", []),  # a name inside a sentence is no column value
])
def test_a_column_of_posts_and_names(text: str, owners: list[list[str]]) -> None:
    from minutebook.ingest.conventions import Context, get
    from minutebook.ingest.segment import Para

    people = (Person(name="Kenny Combe"), Person(name="Mick Ratford"))
    context = Context(people=people, extra={"chair": "Kenny Combe"})
    got = get("action_columns").extract([Para(text=text, page=1)], context)
    assert [a.owners for a in got] == owners


def test_table_with_action_and_owner_columns_apart(model: Language) -> None:
    items = [Item(number="3", title="Village hall", page=1), Item(number="4", title="Finance", page=1)]
    rows = [["Minute", "Discussion", "Decision/Action", "Owner", "By when"],
            ["3", "The boiler has failed again.", "Obtain three quotes for a new boiler", "Kenny Combe", "March"],
            ["4", "The accounts were noted.", "", "", ""]]
    meeting = Meeting(body="Hall Committee", date="2024-01-10", kind="minutes", items=items, tables=[(1, rows)],
                      attendees=[Person(name="Kenny Combe")])
    meeting, _ = find_actions(meeting, model)
    items = meeting.items
    assert [(a.owners, a.text, a.due) for a in items[0].actions] == [
        (["Kenny Combe"], "Obtain three quotes for a new boiler", "2024-03-31")]  # "By when: March"
    assert items[1].actions == []


def test_closing_action_points_with_owner_and_task_on_one_line() -> None:
    from minutebook.ingest.conventions import Context, get
    from minutebook.ingest.segment import Para

    paras = [Para(text=t, page=2) for t in (
        "The meeting closed at 9.05 pm. Action Points:", "Clerk – write to Highways about the potholes",
        "Kenny Combe: book the hall for the open day", "Chair: Kenny Combe", "Next meeting 5 March.")]
    got = get("action_summary").extract(paras, Context(people=(Person(name="Kenny Combe"),)))
    assert [(a.owners, a.text) for a in got] == [(["Clerk"], "write to Highways about the potholes"),
                                                  (["Kenny Combe"], "book the hall for the open day")]


def test_column_value_set_as_a_paragraph_of_its_own() -> None:
    from minutebook.ingest.conventions import Context, get
    from minutebook.ingest.segment import Para

    paras = [Para(text="HL would ascertain the current position.", page=2), Para(text="HL", page=2)]
    got = get("action_columns").extract(paras, Context(people=tuple(Person(name=n, initials=i) for n, i in AYTON_2019)))
    assert [(a.owners, a.text) for a in got] == [(["Helen Laing"], "HL would ascertain the current position.")]
    assert [p.text for p in paras] == ["HL would ascertain the current position.", "HL"]


def test_table_notes_already_in_the_text_are_not_read_twice() -> None:
    from minutebook.ingest.parse import parse_sections

    notes = "The accounts for the year were approved by the committee."
    lines = [Line(text="HALL COMMITTEE", bold=True, para=True),
             Line(text="Minutes of the meeting held on 10 January 2024"),
             Line(text="1. Finance", bold=True, para=True), Line(text=notes, para=True),
             Line(text="2. Any other business", bold=True, para=True), Line(text="None.", para=True)]
    table = [["Item", "Notes", "Action"], ["1", notes, ""], ["2", "The hall fees stay as they are for now.", ""]]
    (meeting,) = parse_sections(segment([Page(index=1, label="1", lines=lines, tables=[table])]))
    finance, aob = meeting.items
    assert [t for _, t in finance.paragraphs] == [notes]
    assert [t for _, t in aob.paragraphs] == ["None.", "The hall fees stay as they are for now."]


def test_action_log_status_column(model: Language) -> None:
    items = [Item(number="2", title="Matters arising", page=1)]
    rows = [["Ref", "Action", "Owner", "Due", "Status"],
            ["2", "Write to the county about the verge", "Kenny Combe", "", "Complete"],
            ["2", "Order a new noticeboard", "Kenny Combe", "", "Ongoing"]]
    meeting = Meeting(body="Parish Council", date="2024-01-10", kind="minutes", items=items, tables=[(1, rows)],
                      attendees=[Person(name="Kenny Combe")])
    meeting, _ = find_actions(meeting, model)
    items = meeting.items
    assert [(a.text, a.status) for a in items[0].actions] == [
        ("Write to the county about the verge", "done"), ("Order a new noticeboard", "open")]


def test_table_row_naming_no_item_goes_to_the_item_that_prints_it(model: Language) -> None:
    text = "The hedge along the lane needs cutting back before the winter."
    items = [Item(number="3", title="Lane", page=1, paragraphs=[(1, text)]),
             Item(number="4", title="Finance", page=1, paragraphs=[(1, "The accounts were noted.")])]
    rows = [["Discussion", "Action by"], [text, "Kenny Combe"]]
    meeting = Meeting(body="Parish Council", date="2024-01-10", kind="minutes", items=items, tables=[(1, rows)],
                      attendees=[Person(name="Kenny Combe")])
    meeting, _ = find_actions(meeting, model)
    items = meeting.items
    assert [a.owners for a in items[0].actions] == [["Kenny Combe"]]
    assert items[1].actions == []


@pytest.mark.parametrize(("text", "owners"), [
    ("Residents asked about the crossing on Eastchester Road. (Follow-up: George)", [["George"]]),
    ("Residents asked about the crossing on Eastchester Road. (George will follow-up)", [["George"]]),
    ("The Chair gave an update on the follow-up of the crossing.", []),
])
def test_follow_up_notes(text: str, owners: list[list[str]]) -> None:
    from minutebook.ingest.conventions import Context, get
    from minutebook.ingest.segment import Para

    got = get("action_referrals").extract([Para(text=text, page=1)], Context())
    assert [a.owners for a in got] == owners
    assert all(a.text.startswith("Residents asked about the crossing") for a in got)


def test_column_value_with_a_when_part_in_a_column_layout(model: Language) -> None:
    text = CHECKLIST + " \uf0b7 the tree lights need new bulbs. KC Nov"
    meeting, item = _ayton([(2, text)])
    meeting, _ = find_actions(meeting, model)
    (item,) = meeting.items
    bulbs = [a for a in item.actions if "bulbs" in a.text]
    assert [(a.owners, (a.due or "")[:7]) for a in bulbs] == [(["Kenny Combe"], "2019-11")]
