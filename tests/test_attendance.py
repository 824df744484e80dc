"""Attendance pooled across conventions (read_attendance) and the body read from title lines, on real passages.

The conventions' own cases are the fixture folders under tests/conventions/ (attendance_lists, attendance_prose,
attendance_grid, presiding); these tests cover what only the merge can do: a chair stated by who presided beats a
"(Chair)" mark, a clerk "Clerked by" joins the attendees, and a surname or initials take the forename the same
minutes print elsewhere.
"""

from __future__ import annotations

import pytest

from minutebook.ingest.conventions import Context
from minutebook.ingest.conventions.attendance import read_attendance, same_person, split_people
from minutebook.ingest.parse import _find_body
from minutebook.ingest.segment import Para


def _paras(*rows: str | tuple[str, bool]) -> list[Para]:
    out = []
    for row in rows:
        text, heading = row if isinstance(row, tuple) else (row, False)
        out.append(Para(text=text, page=1, page_end=1, heading=heading))
    return out


def _read(paras: list[Para], first_item: int, tables: list | None = None):
    return read_attendance(paras, Context(extra={"first_item": first_item, "tables": tables or []}))


def test_kent_initials_take_the_forenames_printed_in_the_items() -> None:
    # Kent Cabinet 2025-01-09 p1 (IN ATTENDANCE) and p5 (item 83): "Mrs A Beer" is "Amanda Beer"
    paras = _paras(
        "PRESENT: Mr R W Gough (Chairman), Mr N Baker, Mrs C Bell",
        "IN ATTENDANCE: Mrs A Beer (Chief Executive), Mr D Shipton (Head of Finance Policy, Planning and Strategy)",
        ("76. Apologies", True),
        "No apologies were received.",
        "Amanda Beer, Chief Executive Officer, David Whittle, Director of Strategy, Policy, Relationships & Corporate "
        "Assurance and Ben Watts, General Counsel were in attendance for this item",
        "John Betts (Interim Corporate Director Finance) and Dave Shipton (Head of Finance (Policy, Planning & "
        "Strategy) were in attendance for this item",
    )
    att = _read(paras, 2)
    assert [p.name for p in att.attendees] == ["R W Gough", "N Baker", "C Bell", "Amanda Beer", "Dave Shipton"]
    assert att.chair == "R W Gough" and att.apologies == []


def test_crete_clerk_takes_his_forename_from_the_signature_and_trustees_stay_surnames() -> None:
    # Crete Township 2024-10-09 p1 and the signature on p3
    paras = _paras(
        "CRETE TOWNSHIP REGULAR BOARD OF TRUSTEES MEETING",
        "The regular board meeting of the Crete Township Board of Trustees was called to order by Supervisor Liccar "
        "at 7:00 PM.",
        "Board members present were Trustee Elton, Trustee Albrecht, Trustee Hawkins, Trustee Piacentini, and "
        "Supervisor Liccar. Clerk Buiter was also present.",
        "Motion to adjourn was made by Trustee Elton, seconded by Trustee Piacentini.",
        "Respectfully Submitted",
        "Jim Buiter, Clerk",
    )
    att = _read(paras, 3)
    assert [p.name for p in att.attendees] == ["Elton", "Albrecht", "Hawkins", "Piacentini", "Liccar", "Jim Buiter"]
    assert att.chair == "Liccar" and att.presided


def test_a_bare_surname_keeps_it_when_a_namesake_speaks() -> None:
    # Alameda Transportation Commission 2023-08-23 p1-p2: "Commissioners Johnson" is not the speaker "Cyndy Johnson"
    paras = _paras(
        "Present: Chair Soules, Vice Chair Yuen and Commissioners Johnson, Nachtigall. Absent: None.",
        "Cyndy Johnson, via Zoom, Bike Walk Alameda, called (*8:00) to bring attention to Cycling.",
    )
    att = _read(paras, 1)
    assert [p.name for p in att.attendees] == ["Soules", "Yuen", "Johnson", "Nachtigall"]
    assert att.chair == "Soules" and not att.presided and att.apologies == []


def test_who_presided_beats_the_chair_mark_and_the_clerk_attends() -> None:
    # Decoy governors 2020-09-28 p1 (grid, then "Chaired by ... Clerked by ..."); the "(Chair)" mark is Milburn's form
    paras = _paras(
        ("GOVERNOR ATTENDANCE", True),
        "Present: Keith Moore (Chair), Oliver Laity",
        "Chaired by Oliver Laity Clerked by Pete Osborne",
        ("BM 01/2021 To record those present", True),
    )
    grid = [{"page": 1, "rows": [["Keith Moore", "P", ""], ["Oliver Laity", "P", ""], ["Kay Dicken", "P", ""]]}]
    att = _read(paras, 3, grid)
    assert [p.name for p in att.attendees] == ["Keith Moore", "Oliver Laity", "Kay Dicken", "Pete Osborne"]
    assert att.chair == "Oliver Laity" and att.presided
    assert [p.name for p in att.attendees if p.chair] == ["Oliver Laity"]


def test_two_people_who_share_a_surname_stay_two() -> None:
    # Alameda Open Government Commission 2023-07-11 p1: Chair Chen and staff member Celena Chen
    paras = _paras(
        "ROLL CALL - Present: Commissioners Miley, Miyao, Sullivan, Tilos and Chair Chen – 5.",
        "Absent: None.",
        "[Staff present: Chief Assistant City Attorney Elizabeth Mackenzie; City Clerk Lara Weisiger; Chief Planning "
        "Counsel Celena Chen]",
    )
    att = _read(paras, 3)
    assert [(p.name, p.role) for p in att.attendees][-3:] == [
        ("Elizabeth Mackenzie", "Chief Assistant City Attorney"), ("Lara Weisiger", "City Clerk"),
        ("Celena Chen", "Chief Planning Counsel")]
    assert "Chen" in [p.name for p in att.attendees] and att.chair == "Chen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Rancho Palos Verdes agenda 2022-12-06 p2: titles that separate run-on surnames
        ("Councilmember Alegria Councilmember Cruikshank Councilmember Dyda Mayor Pro Tem Ferraro Mayor Bradley",
         [("Alegria", "Councilmember"), ("Cruikshank", "Councilmember"), ("Dyda", "Councilmember"),
          ("Ferraro", "Mayor Pro Tem"), ("Bradley", "Mayor")]),
        # Horsley working group 2014-10-19 p1: names without initials between initialled ones, a soft hyphen
        ("Ali Heywood (AH) Pip Heywood (PH) Alistair Thompson Karen Bartlett-\xad‐Butt Bryn Howells (BH) Maxine Relton",
         [("Ali Heywood", ""), ("Pip Heywood", ""), ("Alistair Thompson", ""), ("Karen Bartlett-Butt", ""),
          ("Bryn Howells", ""), ("Maxine Relton", "")]),
        ("Absent: None", []),
    ],
)
def test_split_people_on_more_real_lines(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.role) for p in split_people(text)] == expected


# House styles seen in other bodies' minutes, written out with made-up names: the hidden documents judge these.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Smith, Chair; Mary Jones, Vice Chair; Bob Brown, Secretary",
         [("John Smith", "Chair", True), ("Mary Jones", "Vice Chair", False), ("Bob Brown", "Secretary", False)]),
        ("Mayor John Doe, Council Member Jane Roe, Council Member Bob Poe",
         [("John Doe", "Mayor", False), ("Jane Roe", "Council Member", False), ("Bob Poe", "Council Member", False)]),
        ("Chair Maria Lopez, Vice Chair Tom Lee, Commissioner Ana Diaz, Jane Kim, Planning Director",
         [("Maria Lopez", "Chair", True), ("Tom Lee", "Vice Chair", False), ("Ana Diaz", "Commissioner", False),
          ("Jane Kim", "Planning Director", False)]),
        ("Cllr Ludwig van Beethoven, Maria de la Cruz and Mr J Smith",
         [("Ludwig van Beethoven", "", False), ("Maria de la Cruz", "", False), ("J Smith", "", False)]),
    ],
)
def test_split_people_on_other_house_styles(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert [(p.name, p.role, p.chair) for p in split_people(text)] == expected


def test_a_reason_in_brackets_is_no_organisation() -> None:
    got = _read(_paras("Apologies were received from Cllr Green (holiday) and Cllr White (CCG)."), 1).apologies
    assert [(p.name, p.organisation) for p in got] == [("Green", ""), ("White", "CCG")]


def test_same_person() -> None:
    assert same_person("A Beer", "Amanda Beer") and same_person("Buiter", "Jim Buiter")
    assert not same_person("M Armstrong", "A Armstrong")  # Milburn p1: two councillors named Armstrong


@pytest.mark.parametrize(
    ("lines", "body"),
    [
        # Kent Cabinet p1: the parent council's line over the body's own
        ([("KENT COUNTY COUNCIL", True), ("CABINET", True),
          "MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, County Hall, Maidstone on "
          "Thursday, 9 January 2025."], "Kent County Council Cabinet"),
        # Decoy governors p1: the committee under the governing board, the line between them a form's labels
        ([("DECOY COMMUNITY PRIMARY SCHOOL BOARD OF GOVERNORS", True), "COMMITTEE; DATE;",
          ("Business Management Committee 28/09/2020", True)], "Business Management Committee"),
        # East Palo Alto p1: the place over the body
        ([("EAST PALO ALTO", True), ("PLANNING COMMISSION REGULAR MEETING MINUTES January 27, 2020, 7:00 p.m. EPA "
                                     "Government Center City Council Chamber East Palo Alto, CA 94303", True)],
         "East Palo Alto Planning Commission"),
        # Crete p1: jurisdiction lines above the body's
        (["State of Illinois", "County of Will", "Town of Crete", "CRETE TOWNSHIP REGULAR BOARD OF TRUSTEES MEETING",
          "October 9, 2024"], "Crete Township Board of Trustees"),
        # Horsley village hall p1: the words the two lines share printed once
        ([("HORSLEY VILLAGE HALL", True), "Minutes of Village Hall Management Committee held on Tuesday 8 th October "
          "2013 at 7.30pm, Horsley Village Hall"], "Horsley Village Hall Management Committee"),
        # Cogges p1: an annual meeting is itself the body
        ([("ST. MARY’S CHURCH, COGGES", True), ("MINUTES OF THE ANNUAL PAROCHIAL CHURCH MEETING held in the Church on "
                                                "Tuesday 20 th February 2018", True)],
         "St. Mary’s Church, Cogges Annual Parochial Church Meeting"),
        # Rancho Palos Verdes agenda p1: a later line that names the body less fully
        ([("AGENDA RANCHO PALOS VERDES CITY COUNCIL MEETING AND IMPROVEMENT AUTHORITY REGULAR MEETING DECEMBER 6, 2022",
           True), ("7:00 P.M. REGULAR MEETING", True), ("*HYBRID CITY COUNCIL MEETING", True)],
         "Rancho Palos Verdes City Council"),
        # Haringey pack p1 of the minutes
        ([("MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 9TH OCTOBER, 2019, 14:15 – 16:00",
           True)], "Community Safety Partnership"),
        # Ayton 2019 p1: "a Meeting" under the council's name names no body
        (["Ayton Community Council", "Minutes of a Meeting held on Tuesday 1 October 2019 at 7.00pm in Ayton Community "
          "Hall"], "Ayton Community Council"),
        # Falls Creek p1: the company suffix is no part of the board's name
        ([("FALLS CREEK RANCH ASSOCIATION, INC. TRANSITION BOARD OF DIRECTORS MEETING", True)],
         "Falls Creek Ranch Association Transition Board of Directors"),
    ],
)
def test_body_from_title_lines(lines: list, body: str) -> None:
    assert _find_body(_paras(*lines)[:6]) == body


def test_the_president_present_chairs_where_nothing_else_says() -> None:
    # the form of a homeowners' board roll call, made-up names; Falls Creek p1 says it in a sentence instead
    att = _read(_paras("Board Members Present: Jane Doe, President; John Roe, Treasurer; Ann Poe"), 1)
    assert att.chair == "Jane Doe" and not att.presided
    att = _read(_paras("Present: Vice President Scott Means, Board members Samantha Green",
                       "Absent: President Sarah Lewis (Excused)"), 2)
    assert att.chair == ""  # Alameda SSHRB p1: the absent President does not chair


def test_a_roll_call_marked_name_by_name() -> None:
    # the form of a commission's called roll, made-up names
    roll = "Roll Call: Commissioner Adams – present, Commissioner Baker – absent, Chair Clark – present"
    att = _read(_paras(roll), 1)
    assert [p.name for p in att.attendees] == ["Adams", "Clark"] and [p.name for p in att.apologies] == ["Baker"]
    assert att.chair == "Clark"
