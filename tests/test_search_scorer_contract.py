"""Contract: minutebook's numpy scorer gives Whoosh's own results, in Whoosh's order (issue 16).

`_query` scores plain words, phrases and fuzzy/prefix/wildcard words a whole
posting list at a time with numpy, and reads stored fields straight from the
segment's column; `MINUTEBOOK_SCORER=whoosh` switches both back to Whoosh's
own matchers and `Searcher.stored_fields`. Every query of the battery is run
both ways, over every matching record (no limit, grouped and not), and the
results must be the same: the same records in the same order with the same
scores, totals, facets, snippets, citations and suggestions.

Two indexes: the real Haringey pack as ingested (one segment), and a
synthetic archive indexed in several commits with a re-ingest, so it has
several segments and deleted documents (a prefix expands to different words
in each segment, which is where the two used to disagree).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_search import synthetic_archive
from minutebook.search import search, update_index

BATTERY: list[tuple[str, dict]] = [
    # single words
    ("CCTV", {}),
    ("training", {}),
    ("burglary", {}),
    ("partnership", {}),
    # several words (OR-ed, every word first), AND, OR
    ("Zero Suicide training", {}),
    ("community flyer gangs knife crime", {}),
    ("DAHA accreditation Homes for Haringey", {}),
    ("cctv AND cameras", {}),
    ("knife AND crime AND young", {}),
    ("burglary OR suicide", {}),
    ("(burglary OR suicide) AND campaign", {}),
    # prefix, wildcard, fuzzy
    ("train*", {}),
    ("camp*", {}),
    ("acc*", {}),
    ("safe* crim*", {}),
    ("tr?ining", {}),
    ("burglery~", {}),
    ("sucide~ prevention", {}),
    ("trainin~2", {}),
    ("train*^2 suicide", {}),
    ("text:train*^2 suicide", {}),
    ("text:acc*^3 title:acc* housing", {}),
    # phrases
    ('"knife crime"', {}),
    ('"young people" suicide', {}),
    ('"zero suicide"~2', {}),
    ('"community safety" "action plan"', {}),
    # NOT
    ("crime NOT knife", {}),
    ("cctv AND cameras NOT budget", {}),
    ("NOT burglary", {}),
    ("train* NOT suicide", {}),
    # fields
    ("title:cctv", {}),
    ("owner:\"laura wileman\"", {}),
    ("owner:wileman", {}),
    ("owner:*wileman*", {}),
    ("text:[cam TO cap] crime", {}),
    ("body:safety training", {}),
    ("resolution:noted", {}),
    ("kind:action", {}),
    ("cctv^2 cameras", {}),
    # dates, as fields, filters and questions
    ("date:2019-10-09 training", {}),
    ("year:2019 crime", {}),
    ("crime", {"date_from": "2019", "date_to": "2019-10"}),
    ("what did we decide in October 2019 about CCTV?", {}),
    # filters, sorts, grouping
    ("crime", {"kinds": ["action", "resolution"]}),
    ("domestic abuse", {"body": "Community Safety Partnership"}),
    ("figures", {"owner": "Malcolm"}),
    ("crime", {"sort": "newest"}),
    ("train*", {"sort": "oldest"}),
    ("knife crime", {"group": False}),
    ("suicide", {"timeline": True}),
    ("", {"kinds": ["decision"]}),
    # nothing, or corrected
    ("xylophone quartet", {}),
    ("burgalry campaign", {}),
]


def _both(home: Path, monkeypatch: pytest.MonkeyPatch, query: str, kwargs: dict) -> tuple[dict, dict]:
    kwargs = {"limit": None, **kwargs}
    monkeypatch.delenv("MINUTEBOOK_SCORER", raising=False)
    ours = search(home, query, **kwargs).to_json()
    monkeypatch.setenv("MINUTEBOOK_SCORER", "whoosh")
    theirs = search(home, query, **kwargs).to_json()
    monkeypatch.delenv("MINUTEBOOK_SCORER")
    return ours, theirs


def _assert_same(ours: dict, theirs: dict) -> None:
    # Scores: the same arithmetic, summed in a different order at most, so equal to rounding error.
    score_ours = [h.pop("score") for h in [*ours["hits"], *(t["hit"] for t in ours["timeline"])]]
    score_theirs = [h.pop("score") for h in [*theirs["hits"], *(t["hit"] for t in theirs["timeline"])]]
    assert [h["doc_id"] for h in ours["hits"]] == [h["doc_id"] for h in theirs["hits"]]
    assert score_ours == pytest.approx(score_theirs, rel=1e-9, abs=1e-12)
    assert ours == theirs


@pytest.fixture(scope="module")
def synthetic_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 synthetic meetings indexed in four commits, then 10 of them indexed again (deleted documents)."""
    home = tmp_path_factory.mktemp("synthetic")
    meetings, pages = synthetic_archive(120, seed=16)
    for n in range(4):
        update_index(home, meetings[n * 30:(n + 1) * 30], pages if n == 0 else [])
    update_index(home, meetings[5:15])
    return home


@pytest.mark.parametrize(("query", "kwargs"), BATTERY)
def test_numpy_and_whoosh_agree_on_the_pack(pack_home: Path, monkeypatch: pytest.MonkeyPatch, query: str,
                                            kwargs: dict) -> None:
    _assert_same(*_both(pack_home, monkeypatch, query, kwargs))


@pytest.mark.parametrize(("query", "kwargs"), BATTERY)
def test_numpy_and_whoosh_agree_on_a_synthetic_archive(synthetic_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                       query: str, kwargs: dict) -> None:
    _assert_same(*_both(synthetic_home, monkeypatch, query, kwargs))


def test_the_synthetic_archive_has_several_segments_and_deletions(synthetic_home: Path) -> None:
    from minutebook.search._index import open_index

    ix = open_index(synthetic_home)
    try:
        with ix.reader() as reader:
            leaves = [leaf for leaf, _ in reader.leaf_readers()]
            assert len(leaves) >= 4
            assert any(leaf.has_deletions() for leaf in leaves)
    finally:
        ix.close()


def test_a_prefix_scores_each_of_its_words_as_whoosh_does(synthetic_home: Path) -> None:
    """Whoosh's `MultiTerm.matcher` scores a prefix's words with BM25F (its `constantscore` asks for no
    weighting, which `Searcher.postings` reads as the searcher's own), one word alone without the boost."""
    from whoosh.query import Prefix, Term

    from minutebook.search._index import open_index

    ix = open_index(synthetic_home)
    try:
        with ix.searcher() as searcher:
            prefix = {h.docnum: h.score for h in searcher.search(Prefix("text", "accommod"), limit=None)}
            word = {h.docnum: h.score for h in searcher.search(Term("text", "accommod"), limit=None)}
    finally:
        ix.close()
    assert prefix and prefix == pytest.approx(word)


@pytest.mark.parametrize("owner", ["malcolm", "laura wileman", "eubert malcolm", "a", "nobody at all"])
def test_the_owner_filter_allows_what_whooshs_wildcard_matches(synthetic_home: Path, owner: str) -> None:
    from whoosh import query as Q

    from minutebook.search._index import open_index
    from minutebook.search._query import _plan

    ix = open_index(synthetic_home)
    try:
        with ix.searcher() as searcher:
            plan = _plan(searcher, None, None, None, None, owner, None, False)
            wildcard = Q.Or([Q.Term("owners", owner), Q.Wildcard("owners", f"*{owner}*")])
            assert plan.allow == set(searcher.docs_for_query(wildcard))
    finally:
        ix.close()


def test_snippet_words_are_the_text_analyzers_on_every_record_of_the_pack(pack_home: Path) -> None:
    """The one-loop analysis snippets use gives the words Whoosh's StemmingAnalyzer gives, with their offsets."""
    from minutebook.search._index import open_index
    from minutebook.search._query import _fast_words, _whoosh_words

    ix = open_index(pack_home)
    try:
        analyzer = ix.schema["text"].analyzer
        fast, own = _fast_words(analyzer), _whoosh_words(analyzer)
        assert fast is not None
        with ix.reader() as reader:
            texts = [" ".join(f.get("text", "").split()) for f in reader.all_stored_fields()]
    finally:
        ix.close()
    texts += ["Don't re-use the CCTV's 2019/20 figures: e.g. £1,000 — naïve café", "a I it's"]
    assert len(texts) > 100
    for text in texts:
        assert fast(text) == own(text)


def test_stored_fields_of_a_segment_big_enough_to_store_its_offsets(tmp_path: Path) -> None:
    """Over 32,768 documents Whoosh writes the stored column's offsets too; both layouts read the same."""
    from whoosh import fields, index

    from minutebook.search._query import StoredFields

    ix = index.create_in(str(tmp_path), fields.Schema(key=fields.ID(stored=True), value=fields.STORED))
    writer = ix.writer()
    for n in range(33_000):
        writer.add_document(key=f"k{n}", value=[n, "x" * (n % 7)] if n % 5 else None)
    writer.commit()
    with ix.searcher() as searcher:
        perdoc = searcher.reader()._perdoc
        colfile, base, length = perdoc._get_column_file("_stored")
        assert colfile.get(base + length - 1, 1) == b"X"  # the layout with offsets
        colfile.close()
        stored = StoredFields(searcher)
        for docnum in [0, 1, 4, 5, 32_767, 32_768, 32_999, *range(100, 33_000, 997)]:
            assert stored(docnum) == searcher.stored_fields(docnum)
    ix.close()
