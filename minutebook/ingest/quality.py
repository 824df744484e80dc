"""Is a text layer usable? Scanned PDFs have none; some have one whose font maps are broken (gibberish).

Two views of the same question:

* `text_quality(pages)` judges the text the reader produced by character statistics, in
  any language and script: enough characters per page, few unmapped glyphs, mostly letters,
  and mostly word-shaped tokens (letters with at most edge punctuation, in one case pattern).
  English function words are not asked for: Welsh minutes have few of them, and neither do a
  pack's annexes of tables (issue 14, case 19). `read_pages` runs it on a sample of pages
  first, so a garbled 2,000-page file is rejected before all of it is read.
* `layer_quality(pdf)` looks under the reader, at the raw glyphs, for the case the
  reader hides: glyphs without a Unicode mapping come out of pdfminer as "(cid:NN)"
  and `pdf._clean` drops them (they are usually bullets), so a PDF whose whole text
  is unmapped reads as empty. The Horsley Parish Council minutes
  (corpus/wild/horsley_parish_council_minutes_garbled_textlayer.pdf) are such a file:
  1,992 glyphs on page 1, every one "(cid:NN)".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from minutebook.models import Page

__all__ = ["Quality", "LayerStats", "text_quality", "judge_texts", "layer_stats", "layer_quality", "unmapped_count", "OCR_HINT"]

logger = logging.getLogger(__name__)

OCR_HINT = "run `minutebook ingest --ocr` to read it with OCR"

# The commonest English function words: real prose, whatever its subject, is full of them.
FUNCTION_WORDS = {
    "the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "by", "this", "with", "be", "was", "were", "at",
    "as", "from", "it", "an", "are", "or", "not", "have", "has", "had", "will", "would", "which", "their", "they",
    "all", "been", "meeting", "council", "minutes", "item", "agenda",
}
# pdfminer's rendering of a glyph it cannot map to Unicode.
CID_RE = re.compile(r"\(cid:\d+\)")
# U+FFFD (replacement), the private use area, and C0 controls other than tab/newline/CR: what broken
# ToUnicode maps produce instead of letters.
UNMAPPED_RE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
MIN_CHARS_PER_PAGE = 40.0
MIN_FUNCTION_SHARE = 0.06  # reported, no longer required: see the module docstring
MAX_UNMAPPED_SHARE = 0.3
# Prose in any alphabet is about 80% letters and 90% word-shaped tokens; minutes with tables of figures
# stay well above these. A broken font map gives symbol soup ("¤¢§¶ª") or letters in no case pattern.
MIN_LETTER_SHARE = 0.45
MIN_WORD_SHARE = 0.5
# Letters (any script), joined by apostrophes, hyphens or dots ("can't", "Llan-ffwyst", "e.g"), with
# punctuation only at the edges ("(Chair),").
_EDGE = r"[^\w\s]*"
WORD_RE = re.compile(rf"{_EDGE}([^\W\d_]+(?:['’\-.][^\W\d_]+)*){_EDGE}")


@dataclass(frozen=True, slots=True)
class Quality:
    """The verdict on a text layer, with the numbers it was based on."""

    usable: bool
    reason: str  # "" when usable; else the words shown after the file name
    chars_per_page: float
    function_word_share: float
    unmapped_share: float = 0.0
    letter_share: float = 0.0  # letters among the mapped glyphs
    word_share: float = 0.0  # word-shaped tokens among the tokens holding a letter


@dataclass(frozen=True, slots=True)
class LayerStats:
    """Raw glyph counts of the first pages of a PDF."""

    pages: int
    glyphs: int  # glyphs (character objects) in the text layer
    unmapped: int  # glyphs with no Unicode mapping ("(cid:NN)", U+FFFD, private use)
    images: int  # image objects: a scan is pages of images


def unmapped_count(text: str) -> int:
    """Glyphs in `text` that carry no letter: "(cid:NN)" runs count one each, as do U+FFFD and private-use chars."""
    return len(CID_RE.findall(text)) + len(UNMAPPED_RE.findall(CID_RE.sub("", text)))


def _glyph_count(text: str) -> int:
    # A "(cid:NN)" run is one glyph however many characters it prints as.
    return len(re.sub(r"\s", "", CID_RE.sub("#", text)))


def _word_shaped(token: str) -> bool:
    m = WORD_RE.fullmatch(token)
    if m is None:
        return False
    core = m.group(1)
    return core.islower() or core.isupper() or core.istitle() or not core.isascii()


def text_quality(
    pages: list[Page],
    min_chars_per_page: float = MIN_CHARS_PER_PAGE,
    min_function_share: float = MIN_FUNCTION_SHARE,
    max_unmapped_share: float = MAX_UNMAPPED_SHARE,
    min_letter_share: float = MIN_LETTER_SHARE,
    min_word_share: float = MIN_WORD_SHARE,
) -> Quality:
    """Decide from the text itself: enough characters per page, mostly mapped, mostly letters in word shapes.

    `min_function_share` is kept for callers that pass it; the English function-word share is reported in the
    verdict but decides nothing (see the module docstring)."""
    return judge_texts((p.text for p in pages), min_chars_per_page, max_unmapped_share, min_letter_share,
                       min_word_share)


def judge_texts(
    texts: Iterable[str],
    min_chars_per_page: float = MIN_CHARS_PER_PAGE,
    max_unmapped_share: float = MAX_UNMAPPED_SHARE,
    min_letter_share: float = MIN_LETTER_SHARE,
    min_word_share: float = MIN_WORD_SHARE,
) -> Quality:
    """`text_quality` on the text of each page (a sample of pages, before they are made `Page`s).

    Counted page by page, never over the document's text joined: a 2,000-page pack's words as one list cost
    about 100 MB (issue 16). Every count is a sum over pages, as none of the patterns spans a line break."""
    pages = glyphs = unmapped = n_words = n_function = n_mapped = n_letters = n_tokens = n_shaped = 0
    for page in texts:
        pages += 1
        glyphs += _glyph_count(page)
        unmapped += unmapped_count(page)
        readable = CID_RE.sub(" ", page)
        for w in re.finditer(r"[A-Za-z]+", readable.lower()):
            n_words += 1
            n_function += w.group() in FUNCTION_WORDS
        mapped = UNMAPPED_RE.sub("", re.sub(r"\s", "", readable))
        n_mapped += len(mapped)
        n_letters += sum(ch.isalpha() for ch in mapped)
        for t in readable.split():
            if any(ch.isalpha() for ch in t):
                n_tokens += 1
                n_shaped += _word_shaped(t)
    unmapped_share = unmapped / glyphs if glyphs else 0.0
    cpp = (glyphs - unmapped) / max(1, pages)
    share = n_function / n_words if n_words else 0.0
    letter_share = n_letters / n_mapped if n_mapped else 0.0
    word_share = n_shaped / n_tokens if n_tokens else 0.0

    def verdict(reason: str) -> Quality:
        return Quality(not reason, reason, cpp, share, unmapped_share, letter_share, word_share)

    if glyphs and unmapped_share > max_unmapped_share:
        return verdict(_garbled_reason(unmapped, glyphs))
    if cpp < min_chars_per_page:
        what = "has no text layer (" if cpp == 0 else f"has almost no text ({cpp:.0f} characters a page; "
        return verdict(f"{what}a scanned PDF?); {OCR_HINT}")
    if letter_share < min_letter_share or word_share < min_word_share:
        return verdict(f"has a garbled text layer ({letter_share:.0%} of its characters are letters and "
                       f"{word_share:.0%} of its words are shaped like words); {OCR_HINT}")
    return verdict("")


def _garbled_reason(unmapped: int, glyphs: int) -> str:
    return (f"has a garbled text layer ({unmapped} of {glyphs} characters have no Unicode mapping: "
            f"its fonts are broken); {OCR_HINT}")


def layer_stats(pdf: Any, max_pages: int = 3) -> LayerStats:
    """Count glyphs, unmapped glyphs and images on the first `max_pages` pages of an open pdfplumber PDF."""
    glyphs = unmapped = images = 0
    pages = pdf.pages[:max_pages]
    for page in pages:
        try:
            for ch in page.chars:
                text = ch.get("text", "")
                if text.isspace():
                    continue
                glyphs += 1
                unmapped += bool(CID_RE.fullmatch(text) or UNMAPPED_RE.search(text))
            images += len(page.images)
        finally:
            page.close()
    return LayerStats(pages=len(pages), glyphs=glyphs, unmapped=unmapped, images=images)


def layer_quality(stats: LayerStats, max_unmapped_share: float = MAX_UNMAPPED_SHARE) -> Quality:
    """The verdict from raw glyphs: garbled when most glyphs are unmapped, scanned when there are none."""
    n = max(1, stats.pages)
    share = stats.unmapped / stats.glyphs if stats.glyphs else 0.0
    cpp = (stats.glyphs - stats.unmapped) / n
    if stats.glyphs and share > max_unmapped_share:
        return Quality(False, _garbled_reason(stats.unmapped, stats.glyphs), cpp, 0.0, share)
    if not stats.glyphs:
        what = "its pages are scanned images" if stats.images else "its pages hold no text"
        return Quality(False, f"has no text layer ({what}); {OCR_HINT}", 0.0, 0.0, 0.0)
    return Quality(True, "", cpp, 0.0, share)
