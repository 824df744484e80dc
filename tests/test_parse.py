"""Stage 3 on the real pack, compared with an expected-output file, plus rules on real lines."""

from __future__ import annotations

import json

import pytest

from minutebook.ingest.parse import parse_sections, split_people
from minutebook.models import Line, Page
from tests.conftest import DATA

EXPECTED = DATA / "expected" / "haringey-structure.json"


def structure(meetings) -> list[dict]:
    return [
        {
            "kind": m.kind, "body": m.body, "date": m.date, "time": m.time, "end_time": m.end_time, "chair": m.chair,
            "attendees": [a.name for a in m.attendees], "apologies": [[a.name, a.organisation] for a in m.apologies],
            "items": [{"number": i.number, "title": i.title, "exempt": i.exempt,
                       "resolutions": [r.text for r in i.resolutions]} for i in m.items],
        }
        for m in meetings
    ]


def test_pack_structure_matches_expected_file(parsed_pack):
    assert structure(parsed_pack.meetings) == json.loads(EXPECTED.read_text())


def test_two_meetings_with_their_own_dates(parsed_pack):
    assert [(m.kind, m.date) for m in parsed_pack.meetings] == [("agenda", "2019-12-11"), ("minutes", "2019-10-09")]


def test_agenda_venue_and_page_references(parsed_pack):
    agenda = parsed_pack.meetings[0]
    assert agenda.venue.startswith("River Park House")
    assert {i.number: i.pages_ref for i in agenda.items}["5"] == "1 - 12"


def test_post_meeting_note_is_kept_on_the_item(parsed_pack):
    item = {i.number: i for i in parsed_pack.meetings[1].items}["91"]
    assert item.notes == ["Zero Suicide online training link was circulated to the Partnership following the meeting."]


def test_substitutes_recorded(parsed_pack):
    people = {p.name: p for p in parsed_pack.meetings[1].attendees}
    assert people["Tim Miller"].substitute_for == "Rachel Lissauer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Treena Fleming – Borough Commander, Haringey Metropolitan Police (Chair) Cllr Zena Brabazon - Cabinet Member "
         "for Children and Families Ann Graham – Director of Children's Services",
         [("Treena Fleming", True), ("Zena Brabazon", False), ("Ann Graham", False)]),
        ("Rachel Lissauer (CCG), Geoffrey Ocen (Bridge Renewal Trust), Cllr Mark Blake and Beverley Tarka",
         [("Rachel Lissauer", False), ("Geoffrey Ocen", False), ("Mark Blake", False), ("Beverley Tarka", False)]),
        ("Commissioners Miley, Miyao, Sullivan, Tilos and Chair Chen – 5",
         [("Miley", False), ("Miyao", False), ("Sullivan", False), ("Tilos", False), ("Chen", True)]),
    ],
)
def test_split_people_on_real_attendance_lines(text, expected):
    assert [(p.name, p.chair) for p in split_people(text)] == expected


def test_reports_without_a_stamp_are_tied_by_their_title() -> None:
    # Haringey pack: only the first report carries "Agenda Item 7"; the VVE briefing (p30), the DAHA report
    # (p37), the VAWG review (p40) and the CCTV report (p60) follow it, each on a page of its own
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment
    from tests.conftest import PACK

    agenda = next(m for m in parse_sections(segment(read_pages(PACK))) if m.kind == "agenda")
    first = {it.number: min((r.page for r in it.reports), default=None) for it in agenda.items}
    assert (first["7"], first["9"], first["10"], first["11"], first["12"]) == (14, 30, 37, 40, 60)
    assert not agenda.unrecognised


@pytest.mark.parametrize(("title", "exempt"), [
    ("EXEMPT - SUMMARY REPORT ON THE DOMESTIC HOMICIDE REVIEW", True),  # Haringey pack item 16
    ("PART II - ITEMS LIKELY TO BE CONSIDERED IN PRIVATE", True),
    ("Contract award for the depot (Part 2)", True),
    ("Approval of Food Retail Establishment fees, Part II", False),  # a part of a regulation, in public
])
def test_part_ii_in_a_title(title: str, exempt: bool) -> None:
    from minutebook.ingest.parse import EXEMPT_TITLE_RE

    assert bool(EXEMPT_TITLE_RE.search(title)) is exempt


def _page(index: int, *texts: str, exempt: bool = False, headers: tuple[str, ...] = ()) -> Page:
    return Page(index=index, label=str(index), lines=[Line(text=t) for t in texts], headers=list(headers),
                exempt=exempt)


AGENDA = ("AGENDA", "Meeting of the Panel, 4 March 2024", "1. APOLOGIES", "2. MINUTES",
          "3. EXEMPT - CONTRACT AWARD FOR THE DEPOT", "4. DATES OF FUTURE MEETINGS")


def test_every_page_of_a_report_tied_to_an_exempt_item_is_exempt() -> None:
    # issue 14 case 1: the Haringey pack stamps "Agenda Item N" on a report's first page only
    from minutebook.ingest.reports import exempt_pages
    from minutebook.ingest.segment import segment

    pages = [_page(1, *AGENDA),
             _page(2, "Report for: Panel", "The preferred bidder is named here.", headers=("Agenda Item 3",)),
             _page(3, "The bid prices of every bidder follow on this page.")]
    sections = segment(pages)
    assert exempt_pages(sections, parse_sections(sections)) == {2, 3}


def test_document_is_exempt_covers_the_rest_of_its_report() -> None:
    # issue 14 case 3: the notice page, then pages of confidential text that carry no notice of their own
    from minutebook.ingest.reports import exempt_pages
    from minutebook.ingest.segment import segment

    pages = [_page(1, *AGENDA),
             _page(2, "Report for: Panel", "Dates of meetings for the year.", headers=("Agenda Item 4",)),
             _page(3, "Document is exempt", exempt=True),
             _page(4, "The bid prices of every bidder follow on this page.")]
    sections = segment(pages)
    assert exempt_pages(sections, parse_sections(sections)) == {3, 4}


def test_any_other_business_written_with_stops_is_an_item() -> None:
    # Horsley Village Hall committee, 8 October 2013, p2: "9. A.O.B" after a plain "8. Floor re-oil – ..."
    from minutebook.ingest.outline import find_headings
    from minutebook.ingest.segment import Para

    paras = [Para(text="7. Big Lottery funded double doors and fencing project", page=1, heading=True),
             Para(text="• Mags gave an update on the work.", page=1),
             Para(text="8. Floor re-oil – Simon booked 15, 16, 17 th November for floor re-oil.", page=2),
             Para(text="9. A.O.B", page=2, heading=True),
             Para(text="• It was felt that wooden clogs should not be allowed.", page=2)]
    assert [h.number for h in find_headings(paras)][-1] == "9"
