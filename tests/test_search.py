"""Search facade tests: hand-built meetings from real sentences of the Haringey CSP pack (11 Dec 2019).

These are not parser tests: records are written here as the parser should
produce them, with store-style ids, and indexed into a temporary home.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from minutebook.errors import IndexUnavailable, MinutebookError
from minutebook.home import index_path
from minutebook.models import Action, Item, Line, Meeting, Page, PlanAction, ReportSection, Resolution
from minutebook.search import (
    KINDS,
    SCHEMA_VERSION,
    index_status,
    rebuild_index,
    search,
    update_index,
)
from minutebook.search._index import META_FILE, meeting_docs, page_docs

CSP = "Community Safety Partnership"
HWB = "Health and Wellbeing Board"


def _oct_minutes() -> Meeting:
    """Minutes of 9 October 2019, items 86, 90, 91, 94, 97 (text from pages 3-9 of the pack)."""
    mid = "csp-2019-10-09"
    item86 = Item(
        number="86",
        title="CHILDREN AND YOUNG PEOPLE'S SERVICE - DEVELOPING A REPOSITORY FOR YOUNG PEOPLE",
        page=3, page_end=4,
        text=(
            "The Partnership received a verbal update from the AD for Safeguarding and Social Care, Beverley "
            "Hendricks, around developing a repository for young people to protect them from gangs and knife "
            "crime. The AD for Safeguarding and Social Care also presented a flyer to the Partnership, as set out "
            "in pages 57-60 of the agenda pack, which provides advice and guidance about gangs and knife crime. "
            "It was noted that the community flyer was an opportunity to educate parents on the signs of gang "
            "involvement and who they might turn to for support."
        ),
        points=[
            "In response to a question on who would be involved in the training, the AD for Safeguarding and "
            "Social Care agreed that it needed to be multi-agency.",
            "In response to a request, the AD for Safeguarding and Social Care agreed to circulate the printed "
            "versions of community flyer to different partners (Action: Beverley Hendricks).",
        ],
        resolutions=[Resolution("That the update was noted.", page=4, id="r86")],
        actions=[Action("The AD for Safeguarding and Social Care agreed to circulate the printed versions of "
                        "community flyer to different partners.", page=3, owners=["Beverley Hendricks"],
                        id="a86")],
    )
    item90 = Item(
        number="90",
        title="COMMUNICATIONS PLAN UPDATE - PERFORMANCE REWARD GRANT FUNDING & YOUTH VIOLENCE",
        page=5, page_end=6,
        text=(
            "The Partnership received a verbal update from Laura Wileman, Communications Team Media & Campaigns "
            "Manager, in relation to the Communications Plan regarding the Performance Reward Grant Funding and "
            "youth violence. The Partnership were informed that the Burglary campaign had almost finished. It was "
            "noted that information had been published online which showed residents how to avoid being a "
            "victim of burglary."
        ),
        resolutions=[Resolution("That the verbal update was noted.", page=6, id="r90")],
        actions=[
            Action("The online information would be circulated afterwards to the Partnership by the "
                   "Communications Team.", page=5, owners=["Laura Wileman"], id="a90a"),
            Action("The Communications Team would provide the Partnership an update on the Community Safety "
                   "Partnership logo after the design deadline.", page=6, owners=["Laura Wileman"], id="a90b"),
            Action("The AD for Stronger Communities suggested taking a snapshot of burglary rates before the "
                   "campaign and another snapshot of burglary rates after the campaign.", page=6,
                   owners=["Eubert Malcolm", "Sandeep Broca"], id="a90c"),
        ],
    )
    item91 = Item(
        number="91",
        title="SUICIDE AND YOUNG PEOPLE",
        page=7,
        text=(
            "The Partnership received a written briefing note on Suicide and Young People. It was noted that the "
            "Office of National Statistics (ONS) data showed that between 2008 and 2018, 30 young people aged "
            "between 10 and 24 years of age died by suicide in Haringey. In discussion, it was mentioned by the "
            "Interim Director of Public Health, Dr Will Maimaris, that there was a good training pack about the "
            "London-wide campaign called 'Zero Suicide' which he would circulate to the Partnership."
        ),
        notes=["Zero Suicide online training link was circulated to the Partnership following the meeting."],
        resolutions=[Resolution("That the briefing was noted.", page=7, id="r91")],
        actions=[Action("Circulate the training pack about the London-wide campaign called 'Zero Suicide'.",
                        page=7, owners=["Will Maimaris"], status="done", id="a91")],
    )
    item94 = Item(
        number="94",
        title="ANY OTHER BUSINESS",
        page=9,
        text=(
            "The Managing Director of Homes for Haringey, Sean McLaughlin, noted there was an initiative called "
            "the Domestic Abuse Housing Alliance (DAHA). This was a national scheme to get housing organisations "
            "to a level of accreditation, which was a process Homes for Haringey were currently going through. "
            "In response to a question on whether there was a contingency plan for Brexit, the Chair explained "
            "that there was a multi-agency meeting a few weeks ago."
        ),
        actions=[Action("This matter would be put on the agenda for the next meeting in December.", page=9,
                        owners=["Denise Gandy", "Eubert Malcolm"], id="a94")],
    )
    item97 = Item(
        number="97",
        title="EXEMPT - NORTH AREA VIOLENCE REDUCTION GROUP UPDATE",
        page=9,
        text="As per the content and recommendation noted in the North Area Violence Reduction Group Update item "
             "mentioned above. Quixotic operational detail.",
        exempt=True,
    )
    items = [item86, item90, item91, item94, item97]
    for item in items:
        item.id = f"{mid}.{item.number}"
    return Meeting(body=CSP, date="2019-10-09", kind="minutes", pages=(1, 9), items=items, id=mid,
                   document_id="doc-2019-12-11")


def _dec_agenda() -> Meeting:
    """Agenda of 11 December 2019, items 7, 10, 12, 16 with their reports."""
    mid = "csp-2019-12-11"
    item7 = Item(
        number="7", title="COMMUNITY SAFETY STRATEGY 2019-2023 - ACTION PLAN REVIEW", page=1, pages_ref="21 - 50",
        description="This report is for information and presents updates with regards to the Community Safety "
                    "Strategy and Action Plan 2019- 2023.",
        plan_actions=[PlanAction(
            action="Review and refresh Haringey's CCTV stock, investing in a new CCTV control room and increasing "
                   "the number of cameras across the borough",
            leads=["Eubert Malcolm"], rag="", page=30,
            comments="On track. Likely implementation date is Jan 2020.")],
    )
    item10 = Item(
        number="10", title="DOMESTIC ABUSE HOUSING ALLIANCE (DAHA)", page=1, pages_ref="61 - 64",
        description="This report is to inform the Partnership of the work that Homes for Haringey are undertaking "
                    "in relation to domestic abuse and the intention to seek Domestic Abuse Housing Alliance "
                    "(DAHA) accreditation.",
        reports=[
            ReportSection("Describe the issue under consideration",
                          "To inform the Partnership of the work that Homes for Haringey are undertaking in relation "
                          "to domestic abuse and the intention to seek Domestic Abuse Housing Alliance (DAHA) "
                          "accreditation.", page=61),
            ReportSection("Background information",
                          "In order to build on the excellent work of Hearthstone, our dedicated domestic abuse "
                          "service, Homes for Haringey have decided to seek DAHA accreditation for the whole "
                          "organisation.", page=62),
        ],
    )
    item12 = Item(
        number="12", title="CCTV CAPITAL INVESTMENT PROGRAMME", page=2, pages_ref="99 - 104",
        description="Briefing note about the CCTV capital investment programme.",
        reports=[ReportSection("Introduction",
                               "This paper provides an update on our CCTV capital investment programme.", page=99)],
    )
    item16 = Item(
        number="16", title="EXEMPT - SUMMARY REPORT ON THE DOMESTIC HOMICIDE REVIEW INTO 'JAYNE'", page=2,
        pages_ref="105 - 178", exempt=True,
    )
    items = [item7, item10, item12, item16]
    for item in items:
        item.id = f"{mid}.{item.number}"
    return Meeting(body=CSP, date="2019-12-11", kind="agenda", pages=(1, 2), items=items, id=mid,
                   document_id="doc-2019-12-11")


def _hwb_minutes() -> Meeting:
    """Another body and year, so filters have something to exclude."""
    mid = "hwb-2018-03-01"
    item = Item(
        number="5", title="SUICIDE PREVENTION", page=2, id=f"{mid}.5",
        text="It was further noted that Haringey had a multiagency suicide prevention group that covered all ages "
             "and chaired by Mind in Haringey.",
        resolutions=[Resolution("That the report was noted.", page=2, id="r-hwb")],
    )
    return Meeting(body=HWB, date="2018-03-01", kind="minutes", items=[item], id=mid, document_id="doc-hwb")


def _pages() -> list[tuple[str, Page]]:
    def page(index: int, label: str, *lines: str, exempt: bool = False) -> Page:
        return Page(index=index, label=label, lines=[Line(t) for t in lines], exempt=exempt)

    return [
        # Covered by item 91 (cited page 7): not indexed again as a page.
        ("doc-2019-12-11", page(20, "7", "SUICIDE AND YOUNG PEOPLE", "Zero Suicide online training link")),
        # Terms of reference, page 13 of the pack: no item covers it.
        ("doc-2019-12-11", page(26, "13", "The Community Safety Partnership (CSP) - Previously amended Terms of "
                                "Reference July 2015", "The prevention of violent extremism will become a "
                                "further statutory duty from 1st July 2015.")),
        # An unrecognised document: searchable page by page.
        ("doc-unknown", page(1, "1", "Membership List 2019/20", "Tony Hartney, Safer Neighbourhood Board Chair")),
        ("doc-unknown", page(2, "2", "Homicide review notes for the panel only", exempt=True)),
        ("doc-unknown", page(3, "3")),  # blank
    ]


def _meetings() -> list[Meeting]:
    return [_oct_minutes(), _dec_agenda(), _hwb_minutes()]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    update_index(home, _meetings(), _pages())
    return home


@pytest.fixture()
def own_home(home: Path, tmp_path: Path) -> Path:
    """A private copy of the shared index, for tests that change or break it (copying beats re-indexing)."""
    own = tmp_path / "own"
    shutil.copytree(index_path(home), index_path(own))
    return own


class FakeStore:
    """Just what `rebuild_index` reads from the store."""

    def __init__(self) -> None:
        self.closed = False

    def meetings(self, ids: list[str] | None = None) -> list[Meeting]:
        return _meetings()

    def pages(self, document_id: str | None = None) -> list[tuple[str, Page]]:
        return _pages()

    def close(self) -> None:
        self.closed = True


def _keys(result) -> list[tuple[str, str]]:
    return [(h.meeting_date, h.item) for h in result.hits]


# -- ranking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zero Suicide training", ("2019-10-09", "91")),
        ("community flyer gangs knife crime", ("2019-10-09", "86")),
        ("burglary campaign", ("2019-10-09", "90")),
        ("DAHA accreditation Homes for Haringey", ("2019-12-11", "10")),
    ],
)
def test_gold_queries_rank_the_item_in_top_3(home: Path, query: str, expected: tuple[str, str]) -> None:
    assert expected in _keys(search(home, query))[:3]


def test_item_with_every_word_ranks_first(home: Path) -> None:
    assert _keys(search(home, "Zero Suicide training"))[0] == ("2019-10-09", "91")


def test_minutes_and_agenda_items_have_their_kinds(home: Path) -> None:
    kinds = {(h.item, h.kind) for h in search(home, "", kinds=["minute_item", "agenda_item"], limit=50).hits}
    assert ("91", "minute_item") in kinds and ("10", "agenda_item") in kinds


# -- grouping --------------------------------------------------------------------


def test_grouping_folds_records_of_one_item(home: Path) -> None:
    grouped = search(home, "burglary campaign")
    ids = [h.item_id for h in grouped.hits]
    assert len(ids) == len(set(ids))
    flat = search(home, "burglary campaign", group=False)
    per_item = Counter(h.item_id for h in flat.hits)
    assert per_item["csp-2019-10-09.90"] > 1
    top = next(h for h in grouped.hits if h.item == "90")
    assert top.others == per_item["csp-2019-10-09.90"] - 1
    assert grouped.total == flat.total and grouped.groups < flat.groups


# -- filters -------------------------------------------------------------------


@pytest.mark.parametrize("kinds", [["action"], ["resolution", "point"], ["page"]])
def test_kinds_filter(home: Path, kinds: list[str]) -> None:
    result = search(home, "", kinds=kinds, group=False, limit=100)
    assert result.hits and {h.kind for h in result.hits} <= set(kinds)


@pytest.mark.parametrize("body", [HWB, "health and wellbeing board", "wellbeing board"])
def test_body_filter(home: Path, body: str) -> None:
    result = search(home, "suicide", body=body)
    assert result.hits and {h.body for h in result.hits} == {HWB}


@pytest.mark.parametrize(
    ("date_from", "date_to", "dates"),
    [
        ("2019", None, {"2019-10-09", "2019-12-11"}),
        (None, "2018", {"2018-03-01"}),
        ("2019-10", "2019-10", {"2019-10-09"}),
        ("2019-11", None, {"2019-12-11"}),
        ("2019-12-11", "2019-12-11", {"2019-12-11"}),
        ("2018-03-02", "2019-10-08", set()),
    ],
)
def test_date_filters(home: Path, date_from: str | None, date_to: str | None, dates: set[str]) -> None:
    result = search(home, "", date_from=date_from, date_to=date_to, limit=200)
    assert {h.meeting_date for h in result.hits} == dates


@pytest.mark.parametrize("bad", ["2019-13", "19", "2019-02-30", "last year"])
def test_bad_dates_are_refused(home: Path, bad: str) -> None:
    with pytest.raises(MinutebookError, match="date"):
        search(home, "suicide", date_from=bad)


@pytest.mark.parametrize("owner", ["Laura Wileman", "laura wileman", "wileman"])
def test_owner_filter(home: Path, owner: str) -> None:
    result = search(home, "", owner=owner, group=False)
    assert {h.doc_id for h in result.hits} == {"action:a90a", "action:a90b"}
    assert all(h.owners == ["Laura Wileman"] for h in result.hits)


def test_owner_query_syntax(home: Path) -> None:
    result = search(home, 'owner:"beverley hendricks"', group=False)
    assert [h.doc_id for h in result.hits] == ["action:a86"]


def test_meeting_filter(home: Path) -> None:
    result = search(home, "noted", meeting="hwb-2018-03-01", group=False)
    assert result.hits and {h.meeting_id for h in result.hits} == {"hwb-2018-03-01"}


def test_unknown_kind_and_sort_are_refused(home: Path) -> None:
    with pytest.raises(MinutebookError, match="kind"):
        search(home, "x", kinds=["minutes"])
    with pytest.raises(MinutebookError, match="sort"):
        search(home, "x", sort="sideways")


def test_sort_by_date_is_newest_first(home: Path) -> None:
    dates = [h.meeting_date for h in search(home, "noted OR accreditation OR suicide", sort="date").hits]
    assert dates and dates == sorted(dates, reverse=True)


def test_query_language(home: Path) -> None:
    assert _keys(search(home, '"knife crime"'))[0] == ("2019-10-09", "86")
    assert _keys(search(home, "burglery~"))[0] == ("2019-10-09", "90")
    assert "94" not in [h.item for h in search(home, "accreditation NOT Brexit").hits]
    assert {h.item for h in search(home, "cctv AND cameras").hits} == {"7"}


# -- facets, snippets, JSON ------------------------------------------------------


def test_facets_count_every_visible_record(home: Path) -> None:
    result = search(home, "", limit=1)
    docs = [d for m in _meetings() for d in meeting_docs(m)] + list(page_docs(_pages(), _meetings()))
    visible = [d for d in docs if not d["exempt"]]
    assert result.total == len(visible)
    assert result.facets["kind"] == {k: n for k, n in Counter(d["kind"] for d in visible).items()}
    assert list(result.facets["kind"]) == [k for k in KINDS if k in result.facets["kind"]]
    assert result.facets["body"][HWB] == sum(1 for d in visible if d.get("body_name") == HWB)
    assert result.facets["year"] == dict(Counter(d["meeting_date"][:4] for d in visible if "meeting_date" in d))


def test_facets_follow_the_query(home: Path) -> None:
    result = search(home, "suicide")
    assert set(result.facets["body"]) == {CSP, HWB}
    assert sum(result.facets["kind"].values()) == result.total
    assert result.facets["year"] == {"2019": result.facets["body"][CSP], "2018": result.facets["body"][HWB]}


def test_snippet_marks_matched_words(home: Path) -> None:
    hit = search(home, "Zero Suicide training").hits[0]
    marked = hit.marked()
    assert "[[Zero]]" in marked and "[[Suicide]]" in marked and "[[training]]" in marked
    assert all(hit.snippet[s:e].lower() in {"zero", "suicide", "training"} for s, e in hit.snippet_spans)
    assert "[[" not in hit.snippet


def test_json_shape(home: Path) -> None:
    result = search(home, "burglary campaign")
    data = json.loads(json.dumps([h.to_json() for h in result.hits]))
    first = data[0]
    for key in ("meeting_date", "item", "kind", "page", "title", "snippet", "score", "body", "meeting_id",
                "item_id", "doc_id"):
        assert key in first
    assert isinstance(first["item"], str) and isinstance(first["page"], int)
    assert first["title"] == "COMMUNICATIONS PLAN UPDATE - PERFORMANCE REWARD GRANT FUNDING & YOUTH VIOLENCE"
    assert json.loads(json.dumps(result.to_json()))["total"] == result.total


def test_pages_not_covered_by_items_are_searchable(home: Path) -> None:
    hits = search(home, "violent extremism statutory duty").hits
    assert hits[0].kind == "page" and hits[0].page == 13
    assert search(home, "Safer Neighbourhood Board").hits[0].document_id == "doc-unknown"
    # Page 7 is item 91's: no page record duplicates it.
    assert all(h.kind != "page" for h in search(home, "Zero Suicide online training link", limit=50).hits)


# -- did you mean ----------------------------------------------------------------


def test_a_query_with_no_hits_is_retried_with_the_indexs_own_words(home: Path) -> None:
    result = search(home, "sucide")
    assert result.suggestion == "suicide" and result.corrected_from == "sucide" and result.searched == "suicide"
    assert result.total and ("2019-10-09", "91") in _keys(result)
    assert "showing results for 'suicide'" in result.notice
    assert search(home, "suicide").suggestion is None and search(home, "suicide").corrected_from is None


def test_suggestion_never_reveals_exempt_words(home: Path) -> None:
    assert search(home, "quixotik").suggestion is None
    assert search(home, "quixotik", include_exempt=True).suggestion == "quixotic"


# -- exempt --------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Jayne", "quixotic", "homicide review notes", "North Area Violence Reduction"])
def test_exempt_records_are_never_returned_by_default(home: Path, query: str) -> None:
    result = search(home, query, group=False, limit=100)
    assert all(h.item not in {"16", "97"} and h.doc_id != "page:doc-unknown:2" for h in result.hits)
    assert sum(result.facets["kind"].values()) == result.total


@pytest.mark.parametrize(("query", "item"), [("Jayne", "16"), ("quixotic", "97")])
def test_exempt_records_with_include_exempt(home: Path, query: str, item: str) -> None:
    assert search(home, query).hits == []
    assert [h.item for h in search(home, query, include_exempt=True).hits] == [item]


# -- index lifecycle -------------------------------------------------------------


def test_status_of_a_good_index(home: Path) -> None:
    status = index_status(home)
    assert status.ok and status.version == SCHEMA_VERSION and status.doc_count > 20


def test_missing_index(tmp_path: Path) -> None:
    status = index_status(tmp_path)
    assert not status.ok and status.version is None and "reindex" in status.reason
    with pytest.raises(IndexUnavailable, match="minutebook reindex"):
        search(tmp_path, "suicide")


def test_damaged_index(own_home: Path) -> None:
    for toc in index_path(own_home).glob("_MAIN_*.toc"):
        toc.write_bytes(b"not a table of contents")
    assert not index_status(own_home).ok
    with pytest.raises(IndexUnavailable, match="minutebook reindex"):
        search(own_home, "suicide")


def test_schema_version_mismatch(own_home: Path) -> None:
    meta = index_path(own_home) / META_FILE
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    status = index_status(own_home)
    assert not status.ok and status.version == SCHEMA_VERSION - 1 and "reindex" in status.reason
    with pytest.raises(IndexUnavailable, match="minutebook reindex"):
        search(own_home, "suicide")
    store = FakeStore()
    result = search(own_home, "Zero Suicide training", store_factory=lambda: store)
    assert _keys(result)[0] == ("2019-10-09", "91") and store.closed
    assert index_status(own_home).ok


def test_rebuild_swaps_in_a_fresh_index(tmp_path: Path) -> None:
    update_index(tmp_path, [_hwb_minutes()])
    count = rebuild_index(tmp_path, FakeStore())
    assert index_status(tmp_path).doc_count == count
    assert _keys(search(tmp_path, "burglary campaign"))[0] == ("2019-10-09", "90")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index")] == []  # no temp folders left


def test_reingest_replaces_a_meetings_records(own_home: Path) -> None:
    tmp_path = own_home
    assert "91" in [h.item for h in search(tmp_path, "Zero Suicide").hits]
    before = index_status(tmp_path).doc_count
    # The parser now splits the minutes differently: item 91 is gone, item 90 renamed.
    again = _oct_minutes()
    again.items = [i for i in again.items if i.number != "91"]
    again.items[1].title = "COMMUNICATIONS PLAN UPDATE"
    # As ingest does, the document's pages come along: those attached to the meeting are replaced with it.
    pages = [(doc, page) for doc, page in _pages() if doc == again.document_id]
    update_index(tmp_path, [again], pages)
    assert "91" not in [h.item for h in search(tmp_path, "Zero Suicide", limit=50).hits]
    assert search(tmp_path, "burglary campaign").hits[0].title == "COMMUNICATIONS PLAN UPDATE"
    # page 7 lost the item that covered it (91), so it is searchable as a page of its own now
    assert index_status(tmp_path).doc_count == before - len(list(meeting_docs(_oct_minutes()))) + len(
        list(meeting_docs(again))) + 1


def test_removing_meetings_and_documents(own_home: Path) -> None:
    tmp_path = own_home
    update_index(tmp_path, [], remove_meeting_ids=["hwb-2018-03-01"], remove_document_ids=["doc-unknown"])
    assert HWB not in search(tmp_path, "suicide").facets["body"]
    assert search(tmp_path, "Safer Neighbourhood Board").hits == []
    assert search(tmp_path, "Zero Suicide training").hits[0].item == "91"


def test_update_without_store_refuses_a_stale_index(own_home: Path) -> None:
    tmp_path = own_home
    (index_path(tmp_path) / META_FILE).write_text(json.dumps({"schema_version": 0}))
    with pytest.raises(IndexUnavailable):
        update_index(tmp_path, [_oct_minutes()])
    update_index(tmp_path, [_oct_minutes()], store_factory=FakeStore)
    assert index_status(tmp_path).ok and search(tmp_path, "DAHA").hits


def test_search_package_imports_no_heavy_libraries() -> None:
    code = (
        "import sys, minutebook.search\n"
        "heavy = [m for m in ('spacy', 'pdfplumber', 'whoosh') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_did_you_mean_compares_whole_words_not_stems(own_home: Path) -> None:
    # On the real pack "sucide" was offered "such": both are two edits from the stem "sucid", and
    # "such" is the more frequent word. Unstemmed, "suicide" is one edit away and "such" three.
    sentences = [
        "Resourcing and capacity within organisations, for example there was a will to be part of the response.",
        "This part of the campaign involved graphics on social media, such as Facebook.",
        "Local provisions, such as the Haringey Community Gold project.",
        "Statutory boards, such as the Community Safety Partnership.",
        "Areas around train stations, such as Turnpike Lane Station.",
        "Officers going onto 12 hour shifts, such as during Brexit planning.",
        "Central aid such as the Violent Crime Task Force.",
    ]
    items = [Item(number=str(n), title="ANY OTHER BUSINESS", page=1, text=t, id=f"extra.{n}")
             for n, t in enumerate(sentences, 1)]
    update_index(own_home, [Meeting(body=CSP, date="2019-06-05", kind="minutes", items=items, id="extra")])
    assert search(own_home, "sucide").suggestion == "suicide"
    # "training" matches on its own, but no record has both words as typed: the correction has both.
    assert search(own_home, "sucide training").corrected_from == "sucide training"
    assert search(own_home, "burglery campain").suggestion == "burglary campaign"
