"""Which page a record's text is on (`minutebook.search._pages`), on passages cut from real minutes.

Cases: the Haringey CSP pack (agenda on three unnumbered PDF pages, then minutes printed from "1"),
Kent County Council Cabinet minutes of 9 January 2025 (item 83 runs over pages 5-9; page 7 opens with
"Working in partnership with key partners"), and Falls Creek Ranch board minutes of 29 July 2020
(item 4's resolution repeats a sentence printed on page 2 after text of page 1).
"""

from __future__ import annotations

from minutebook.models import Line, Page
from minutebook.search import PageLocator
from minutebook.search._pages import collapse, page_at


def _page(index: int, label: str, text: str) -> Page:
    return Page(index=index, label=label, lines=[Line(t) for t in text.split("\n")])


def _where(locator: PageLocator, text: str, phrase: str, first: int, last: int) -> tuple[int, str]:
    found = page_at(locator.page_map(text, first, last), collapse(text).index(phrase))
    assert found is not None
    return found


def test_an_unnumbered_agenda_page_and_printed_page_1_are_told_apart_by_the_text():
    agenda = _page(1, "", "AGENDA\n85. MATTERS ARISING\nThe minutes of the meeting held on 5 June 2019 to be "
                          "agreed.\n86. CHILDREN AND YOUNG PEOPLE'S SERVICE")
    minutes = _page(4, "1", "85. MATTERS ARISING\nThe minutes of the meeting held on 5 June 2019 were noted and "
                            "agreed. At this point the Chair asked the Partnership to consider the repository.")
    locator = PageLocator([agenda, _page(2, "", "Membership"), _page(3, "", "Contact"), minutes])
    text = ("MATTERS ARISING\n\nThe minutes of the meeting held on 5 June 2019 were noted and agreed. At this point "
            "the Chair asked the Partnership to consider the repository.")
    assert _where(locator, text, "noted and agreed", 1, 2) == (4, "1")


def test_a_page_break_between_probes_is_placed_exactly():
    p6 = _page(6, "", "(a) whether to request for Kent and Medway to be included in the Devolution Priority "
                      "Programme, and the next steps the Leader would take in discussion with Government")
    p7 = _page(7, "", "• Working in partnership with key partners and stakeholders across the county would "
                      "be essential to any devolution deal")
    text = collapse(p6.text + " " + p7.text)
    locator = PageLocator([_page(5, "", "ENGLISH DEVOLUTION WHITE PAPER"), p6, p7])
    assert _where(locator, text, "Working in partnership", 5, 9) == (7, "")
    assert _where(locator, text, "next steps the Leader", 5, 9) == (6, "")


def test_a_repeated_sentence_is_found_nearest_the_text_around_it():
    p1 = _page(1, "", "INSTALLATION OF NEW BOARD MEMBERS\nThere was some discussion of new roles. A motion was made "
                      "and seconded to adjourn the previous session.")
    p2 = _page(2, "", "Roles were agreed after discussion of the Secretary's role. A motion was made and seconded "
                      "to approve the new Board of Directors and their roles.")
    locator = PageLocator([p1, p2])
    text = ("There was some discussion of new roles.\n\nRoles were agreed after discussion of the Secretary's role. "
            "A motion was made and seconded to approve the new Board of Directors and their roles.\n\n"
            "A motion was made and seconded to approve the new Board of Directors and their roles.")
    last = collapse(text).rindex("A motion was made")
    assert page_at(locator.page_map(text, 1, 2), last) == (2, "")


def test_a_table_row_that_cannot_be_found_cites_its_printed_page():
    locator = PageLocator([_page(1, "", "Agenda"), _page(2, "", "Agenda"), _page(5, "2", "Action plan")])
    assert locator.page_map("Review and refresh the CCTV stock", 2, 3) == []
    assert locator.cited(2) == [(0, 5, "2")]


def test_a_table_row_split_across_cell_lines_is_found_by_short_probes():
    # Haringey pack p.30-31 (PDF p.33-34): the action plan's cells are printed line by line, interleaved with
    # the lead-officer and comment columns, so no long run of the row's text is contiguous on the page.
    p30 = _page(33, "30", "Action Lead Officer Comments\nDeliver the burglary campaign Laura Wileman Completed")
    p31 = _page(34, "31", "Review and refresh Eubert Malcolm On track. Likely\nHaringey's CCTV stock, "
                          "implementation\ninvesting in a new date is Jan 2020\nCCTV control room")
    locator = PageLocator([p30, p31])
    row = "Review and refresh Haringey's CCTV stock, investing in a new CCTV control room"
    assert page_at(locator.page_map(row, 30, 31), 0) == (34, "31")
