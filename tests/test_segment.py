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
    assert [(s.kind, s.agenda_item) for s in sections] == [
        ("agenda", None), ("minutes", None), ("report", "6"), ("report", "7")]


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
