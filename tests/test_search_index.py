"""Writing the index (issue 16): bounded merges on the ingest path, and Whoosh left as it was found."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_search import synthetic_archive
from minutebook.search import _index, search, update_index


def _segments(home: Path) -> dict[str, int]:
    ix = _index.open_index(home)
    try:
        return {seg.segment_id(): seg.doc_count_all() for seg in ix._segments()}
    finally:
        ix.close()


def test_ingest_commits_merge_only_a_bounded_tier_of_small_segments(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_index, "MERGE_FACTOR", 3)
    monkeypatch.setattr(_index, "MAX_MERGE_DOCS", 120)
    meetings, _ = synthetic_archive(24, seed=3)
    before: dict[str, int] = {}
    merged_any = False
    for meeting in meetings:  # one commit per meeting, as a folder of small files would be batched at worst
        update_index(tmp_path, [meeting])
        after = _segments(tmp_path)
        merged = {s: n for s, n in before.items() if s not in after}
        assert sum(merged.values()) <= 120, merged
        assert len(merged) <= 3
        merged_any = merged_any or bool(merged)
        before = after
    assert merged_any
    # Small segments do not pile up: at most MERGE_FACTOR - 1 per size tier, plus those over the bound.
    tiers: dict[int, int] = {}
    for count in before.values():
        tiers[_index._tier(count)] = tiers.get(_index._tier(count), 0) + 1
    assert all(n < 3 for tier, n in tiers.items() if 3 ** (tier + 1) * 3 <= 120), tiers
    assert search(tmp_path, "", limit=None, include_exempt=True).total == sum(before.values())


def test_a_segment_whose_records_are_all_replaced_is_dropped(tmp_path: Path) -> None:
    meetings, _ = synthetic_archive(3, seed=4)
    update_index(tmp_path, meetings[:1])
    update_index(tmp_path, meetings[1:])
    first = set(_segments(tmp_path))
    update_index(tmp_path, meetings[:1])  # every record of the first segment deleted and written again
    assert len(_segments(tmp_path)) == len(first)
    assert search(tmp_path, "", limit=None, include_exempt=True).total == sum(_segments(tmp_path).values())


def test_whoosh_is_not_patched(home_with_index: Path) -> None:
    from whoosh.codec.whoosh3 import W3PerDocReader
    from whoosh.filedb.structfile import BufferFile

    search(home_with_index, "training")
    update_index(home_with_index, synthetic_archive(2, seed=5)[0])
    assert BufferFile.__init__.__module__ == "whoosh.filedb.structfile"
    assert W3PerDocReader._cached_reader.__module__ == "whoosh.codec.whoosh3"
    assert not hasattr(BufferFile, "_minutebook_patched")


def test_searching_reads_segments_through_minutebooks_own_storage(home_with_index: Path) -> None:
    ix = _index.open_index(home_with_index)
    try:
        assert type(ix.storage).__name__ == "Storage" and type(ix.storage).__module__ == _index.__name__
        with ix.searcher() as searcher:
            leaf = searcher.reader().leaf_readers()[0][0]
            sub = leaf._storage.a.open_file(leaf._storage.a.list()[0])
            assert type(sub).__name__ == "ViewFile"
    finally:
        ix.close()


@pytest.fixture
def home_with_index(tmp_path: Path) -> Path:
    meetings, pages = synthetic_archive(6, seed=6)
    update_index(tmp_path, meetings, pages)
    return tmp_path


def test_the_metadata_lists_the_bodies_of_the_generation_it_was_written_at(home_with_index: Path) -> None:
    import json

    from minutebook.search._index import META_FILE, known_bodies

    def listed() -> tuple[list[str] | None, list[str]]:
        ix = _index.open_index(home_with_index)
        try:
            with ix.searcher() as searcher:
                lexicon = [b.decode("utf-8") for b in searcher.reader().lexicon("body_name")]
                return known_bodies(searcher), lexicon
        finally:
            ix.close()

    known, lexicon = listed()
    assert known == lexicon and len(lexicon) > 1
    update_index(home_with_index, synthetic_archive(40, seed=7)[0][20:])
    known, lexicon = listed()
    assert known == lexicon
    meta_file = _index.index_path(home_with_index) / META_FILE
    meta = json.loads(meta_file.read_text())
    meta["generation"] -= 1  # a commit the metadata missed
    meta_file.write_text(json.dumps(meta))
    assert listed()[0] is None
