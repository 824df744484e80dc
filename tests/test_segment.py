"""Stage 2 on the real pack: the agenda, the attached minutes and the reports come apart."""

from __future__ import annotations

import pytest

from minutebook.ingest.pdf import read_pages
from minutebook.ingest.segment import paragraphs, segment
from tests.conftest import PACK


@pytest.fixture(scope="module")
def sections():
    return segment(read_pages(PACK))


def test_sections_in_order(sections):
    # after the two stamped reports, each report starts on a page of its own (after a blank page, or with a
    # cover sheet) and is tied to its item later, by its title: the action plan p17, the VVE briefing p30,
    # the DAHA report p37, the VAWG review p40, the CCTV report p60, then the exempt papers
    assert [(s.kind, s.agenda_item) for s in sections[:4]] == [
        ("agenda", None), ("minutes", None), ("report", "6"), ("report", "7")]
    assert [s.pages[0].cite for s in sections[4:9]] == [17, 30, 37, 40, 60]
    assert all(s.kind == "report" and s.agenda_item is None for s in sections[4:])


def test_minutes_span_their_pages_and_skip_blank_ones(sections):
    minutes = sections[1]
    assert [p.cite for p in minutes.pages] == list(range(1, 9))
    assert all(not p.blank for s in sections for p in s.pages)


def test_sentence_split_by_a_page_break_is_joined(sections):
    paras = paragraphs(sections[1])
    joined = [p for p in paras if "through the use of an app/text system (Action: Chair Borough Commander)" in p.text]
    assert len(joined) == 1
    assert joined[0].page == 2 and joined[0].page_end == 3


def test_bold_marker_inside_a_sentence_stays_in_the_sentence(sections):
    paras = paragraphs(sections[1])
    assert any("provide feedback on the programme (Action: Partnership)" in p.text for p in paras)


def test_exempt_pages_are_flagged(sections):
    assert sections[-1].exempt
    assert not sections[1].exempt


# -- laid out like council minutes: 10.5 pt Helvetica on 13.5 pt leading, 5 pt between paragraphs -------------

MINUTES_HEAD = ("MINUTES OF MEETING COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY, 9TH OCTOBER, 2019, "
                "14:15 – 16:00")


def _minutes_pdf(path, pages):
    """Render `pages`, each a list of ("h", heading) or ("p", paragraph), with the benchmark corpus's layout."""
    from benchmarks.gen_corpus import _emit, _Layout

    lay = _Layout(1)
    for n, blocks in enumerate(pages):
        lay.new_page()
        if n == 0:
            lay.heading(MINUTES_HEAD, 14.0, align="center", space_before=0)
        for kind, text in blocks:
            (lay.heading if kind == "h" else lay.text)(text)
    _emit(lay.pages, path, "minutes")
    return path


def _paras(path):
    sections = segment(read_pages(path))
    assert [s.kind for s in sections] == ["minutes"]
    return paragraphs(sections[0])


TRAILING = ("It was agreed that an update on referrals to the Channel Panel would be brought back to the "
            "Partnership by the end of May. Action: Susan Okafor")
NOTED = "The following was noted in response to the discussion of the update:"
DECISION = "That the Community Safety Partnership noted the Violence Reduction Plan update."


def test_trailing_action_line_closes_its_paragraph(tmp_path):
    paras = _paras(_minutes_pdf(tmp_path / "m.pdf", [[
        ("h", "86. VIOLENCE REDUCTION PLAN UPDATE"),
        ("p", "Eubert Malcolm, Assistant Director for Stronger Communities, introduced the report as set out "
              "in the agenda pack at pages 11-26."),
        ("p", TRAILING),
        ("p", NOTED),
        ("p", TRAILING.replace("Susan Okafor", "Sandeep Broca")),
        ("h", "RESOLVED"),
        ("p", DECISION),
    ]]))
    texts = [p.text for p in paras]
    assert TRAILING in texts and NOTED in texts
    assert texts[-3:] == [TRAILING.replace("Susan Okafor", "Sandeep Broca"), "RESOLVED", DECISION]
    assert [p.heading for p in paras][-2:] == [True, False]


def test_trailing_action_at_the_foot_of_a_page_closes_its_paragraph(tmp_path):
    paras = _paras(_minutes_pdf(tmp_path / "m.pdf", [
        [("h", "86. VIOLENCE REDUCTION PLAN UPDATE"), ("p", TRAILING)],
        [("p", NOTED), ("p", "a. Members asked whether the approach to weapon sweeps in parks was working.")],
    ]))
    texts = [p.text for p in paras]
    assert TRAILING in texts and NOTED in texts
    assert next(p for p in paras if p.text == NOTED).page == 2


def test_sentence_split_by_a_page_break_is_still_joined(tmp_path):
    paras = _paras(_minutes_pdf(tmp_path / "m.pdf", [
        [("h", "86. VIOLENCE REDUCTION PLAN UPDATE"), ("p", "The Chair asked that the hotspot analysis be")],
        [("p", "shared with partners before the next meeting (Action: Eubert Malcolm).")],
    ]))
    joined = [p for p in paras if "be shared with partners" in p.text]
    assert len(joined) == 1 and (joined[0].page, joined[0].page_end) == (1, 2)


def test_numbered_bold_heading_after_an_unfinished_line_on_a_short_page(tmp_path):
    path = _minutes_pdf(tmp_path / "m.pdf", [[
        ("h", "99. ANY OTHER BUSINESS"),
        ("p", "N/A"),
        ("h", "100. DATES OF FUTURE MEETINGS"),
        ("p", "11 March 2020"),
    ]])
    paras = _paras(path)
    assert [(p.text, p.heading) for p in paras][1:] == [
        ("99. ANY OTHER BUSINESS", True), ("N/A", False), ("100. DATES OF FUTURE MEETINGS", True),
        ("11 March 2020", False)]

    from minutebook.ingest.pipeline import parse_file

    minutes = [m for m in parse_file(path).meetings if m.kind == "minutes"]
    assert [i.number for i in minutes[0].items] == ["99", "100"]


def _page(*lines):
    from minutebook.models import Line, Page

    return Page(index=1, label="1", lines=[Line(text, bold=bold, size=11.0 if bold else 10.5) for text, bold in lines])


def test_bold_line_that_opens_like_a_heading_is_never_inline_bold():
    from minutebook.models import Section

    page = _page(("The Partnership agreed to review the terms of reference of the", False),
                 ("RESOLVED", True),
                 ("That the terms of reference be agreed", False),
                 ("12. ANY OTHER BUSINESS", True),
                 ("There was none", False),
                 ("(Action: Chair).", True))
    paras = paragraphs(Section(kind="minutes", pages=[page]))
    assert [(p.text, p.heading) for p in paras] == [
        ("The Partnership agreed to review the terms of reference of the", False),
        ("RESOLVED", True),
        ("That the terms of reference be agreed", False),
        ("12. ANY OTHER BUSINESS", True),
        ("There was none (Action: Chair).", False),
    ]


def test_minutes_set_as_a_table_are_read_row_by_row() -> None:
    # Decoy School governors' business committee, 28 September 2020, pp2-3: an agenda list, then the minutes as an
    # "Item | Notes | Action" table whose later pages continue without a header row
    from minutebook.ingest.segment import paragraphs
    from minutebook.models import Line, Page, Section

    agenda = [Line(text="BM 01/2021 To record those present, accept any apologies and welcome any visitors"),
              Line(text="BM 02/2021 To agree the Minutes of the last meeting")]
    first = Page(index=2, label="2", lines=agenda, tables=[[
        ["", "Item", "Notes", "Action"],
        ["BM 01/2021", "To record those who\nare present", "The meeting commenced at 1832\nApologies: None.", ""],
    ]])
    second = Page(index=3, label="3", tables=[[
        ["", "and welcome any\nvisitors", "Visitors: None", ""],
        ["BM 02/2021", "To agree the Minutes\nof the last meeting", "The minutes were agreed and signed and are to "
         "be placed on the\nwebsite", "Clerk to place\non website"],
    ]])
    paras = paragraphs(Section(kind="minutes", pages=[first, second]))
    assert [(p.text, p.heading, p.page) for p in paras] == [
        ("BM 01/2021 To record those who are present", True, 2),
        ("The meeting commenced at 1832", False, 2),
        ("Apologies: None.", False, 2),
        ("Visitors: None", False, 3),
        ("BM 02/2021 To agree the Minutes of the last meeting", True, 3),
        ("The minutes were agreed and signed and are to be placed on the website", False, 3),
    ]


def test_a_title_may_open_with_a_file_number() -> None:
    # Alameda Transportation Commission, 23 August 2023, p2: Legistar file numbers before the titles
    from minutebook.ingest.grammar import ITEM_LEAD_RE

    m = ITEM_LEAD_RE.match("5A. 2023 – 3330 - Approve Draft Minutes of the June 21, 2023, Transportation")
    assert (m.group("num"), m.group("title")[:21]) == ("5A", "2023 – 3330 - Approve")
    assert ITEM_LEAD_RE.match("3. 21 January 2021") is None
