"""Stage 1 on the real pack: page labels, running lines, blank and exempt pages, headings."""

from __future__ import annotations

import pytest

from minutebook.ingest.pdf import ReadSettings, read_pages
from tests.conftest import PACK


@pytest.fixture(scope="module")
def pages():
    return read_pages(PACK)


def test_every_page_is_read(pages):
    assert len(pages) == 80
    assert [p.index for p in pages] == list(range(1, 81))


@pytest.mark.parametrize(
    ("index", "label"),
    [(1, ""), (2, ""), (4, "1"), (12, "9"), (17, "14"), (80, "77")],
)
def test_printed_page_labels_are_kept_and_removed_from_text(pages, index, label):
    page = pages[index - 1]
    assert page.label == label
    assert not any(line.text.startswith("Page ") and line.text[5:].isdigit() for line in page.lines)


def test_agenda_item_header_is_a_running_line_not_body(pages):
    assert "Agenda Item 6" in pages[11].headers
    assert pages[11].lines[0].text.startswith("Appendix E")


@pytest.mark.parametrize(("index", "blank", "exempt"), [(3, True, False), (16, True, False), (66, False, True),
                                                         (69, False, True), (4, False, False)])
def test_blank_and_exempt_pages(pages, index, blank, exempt):
    assert (pages[index - 1].blank, pages[index - 1].exempt) == (blank, exempt)


def test_headings_are_bold_and_body_is_not(pages):
    minutes = pages[3]
    bold = [ln.text for ln in minutes.lines if ln.bold]
    assert "79. INTRODUCTIONS" in bold
    assert not any(ln.bold for ln in minutes.lines if ln.text.startswith("The Chair welcomed"))


def test_cid_glyphs_are_dropped(pages):
    assert not any("(cid:" in ln.text for p in pages for ln in p.lines)


def test_settings_validate_themselves():
    with pytest.raises(ValueError, match="margin"):
        ReadSettings(margin=0.7)
