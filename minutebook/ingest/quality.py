"""Is a text layer usable? Scanned PDFs have none; some have one whose font maps are broken (gibberish)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.models import Page

__all__ = ["Quality", "text_quality"]

# The commonest English function words: real prose, whatever its subject, is full of them.
FUNCTION_WORDS = {
    "the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "by", "this", "with", "be", "was", "were", "at",
    "as", "from", "it", "an", "are", "or", "not", "have", "has", "had", "will", "would", "which", "their", "they",
    "all", "been", "meeting", "council", "minutes", "item", "agenda",
}


@dataclass(frozen=True, slots=True)
class Quality:
    usable: bool
    reason: str
    chars_per_page: float
    function_word_share: float


def text_quality(pages: list[Page], min_chars_per_page: float = 40.0, min_function_share: float = 0.06) -> Quality:
    """Decide from the text itself: enough characters per page, and enough common words among them."""
    text = "\n".join(p.text for p in pages)
    n = max(1, len(pages))
    cpp = len(re.sub(r"\s", "", text)) / n
    words = re.findall(r"[A-Za-z]+", text.lower())
    share = sum(w in FUNCTION_WORDS for w in words) / len(words) if words else 0.0
    if cpp < min_chars_per_page:
        return Quality(False, "has no text layer (a scanned PDF?); run with --ocr to read it with OCR", cpp, share)
    if share < min_function_share:
        return Quality(False, "has a garbled text layer (no readable words); run with --ocr to read it with OCR", cpp, share)
    return Quality(True, "", cpp, share)
