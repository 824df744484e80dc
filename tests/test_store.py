"""Store and export tests on hand-built ParsedDocuments (no PDF parsing involved)."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest

from minutebook import store as store_mod
from minutebook.errors import Ambiguous, NotFound, StoreError
from minutebook.export import export_json
from minutebook.home import store_path
from minutebook.models import (
    Action,
    Document,
    Item,
    Line,
    Meeting,
    Page,
    ParsedDocument,
    Person,
    PlanAction,
    ReportSection,
    Resolution,
)
from minutebook.store import Store
from tests.conftest import DATA

SHA_A = "a" * 8 + "1" * 56
SHA_B = "b" * 8 + "2" * 56


def minutes(body: str = "Community Safety Partnership", date: str = "2019-10-09", extra_item: bool = False) -> Meeting:
    items = [
        Item(
            number="86", title="Minutes of the last meeting", page=3, page_end=4, text="Agreed as a true record.",
            points=["a. noted"], notes=["Post meeting note: circulated."],
            resolutions=[Resolution(text="That the minutes be agreed.", page=3, mover="Cllr Blake", outcome="carried",
                                    tally="5-0")],
            actions=[
                Action(text="Circulate the knife crime data to partners", page=3, owners=["Beverley Hendricks"],
                       owners_raw="AD for Safer Communities", due="2019-11-01"),
                Action(text="Report back on ASB hotspots", page=4, owners=["Treena Fleming"], status="done",
                       explicit=False, note="Done at the next meeting.", unresolved=["the Chair"]),
            ],
            reports=[ReportSection(heading="1. Purpose", text="To update the board.", page=5)],
            plan_actions=[PlanAction(action="Launch campaign", leads=["Joe Bloggs"], rag="Green", comments="On track",
                                     page=6, extra={"Target": "Q3"})],
        ),
        Item(number="87", title="Exempt: contract award", page=7, exempt=True,
             resolutions=[Resolution(text="That the contract be awarded to X Ltd.", page=7)],
             actions=[Action(text="Sign the contract", page=7, owners=["Joe Bloggs"])]),
    ]
    if extra_item:
        items.append(Item(number="88", title="Any other business", page=8))
    return Meeting(
        body=body, date=date, kind="minutes", pages=(1, 9), time="10:00", venue="Civic Centre", chair="Treena Fleming",
        attendees=[Person(name="Treena Fleming", role="Borough Commander", chair=True),
                   Person(name="Beverley Hendricks", role="AD for Safer Communities")],
        apologies=[Person(name="Rachel Lissauer", organisation="CCG")],
        members=[Person(name="Joe Bloggs", substitute_for="Ann Other")],
        items=items, unrecognised=["stray line"],
    )


def agenda(date: str = "2019-12-11") -> Meeting:
    return Meeting(body="Community Safety Partnership", date=date, kind="agenda", pages=(1, 2),
                   items=[Item(number="1", title="Welcome", page=1), Item(number="2", title="Apologies", page=1)])


def parsed(sha: str = SHA_A, meetings: list[Meeting] | None = None, path: str = "pack.pdf") -> ParsedDocument:
    pages = [Page(index=1, label="1", lines=[Line("Minutes"), Line("of the meeting")]),
             Page(index=2, label="2", blank=True),
             Page(index=3, label="3", lines=[Line("Document is exempt")], exempt=True)]
    meetings = [agenda(), minutes()] if meetings is None else meetings
    return ParsedDocument(document=Document(path=path, sha256=sha, pages=len(pages), title="Agenda pack"),
                          pages=pages, meetings=meetings)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path) as s:
        yield s


def counts(s: Store) -> dict[str, int]:
    tables = ["documents", "pages", "meetings", "people", "items", "resolutions", "actions", "action_owners",
              "report_sections", "plan_actions", "action_events"]
    return {t: s.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_round_trip(store: Store) -> None:
    doc = parsed()
    result = store.save(doc)
    assert result.document_id == "d" + SHA_A[:8] == doc.document.id
    assert result.meeting_ids == [m.id for m in doc.meetings]
    assert result.replaced == []
    # save() filled every id on the passed objects, so the rebuilt meetings must match them field for field.
    by_id = {m.id: m for m in store.meetings()}
    for m in doc.meetings:
        assert m.document_id == doc.document.id
        assert asdict(by_id[m.id]) == asdict(m)
    assert store.meetings([doc.meetings[1].id, "nope"]) == [by_id[doc.meetings[1].id]]
    assert store.has_sha(SHA_A) == doc.document.id and store.has_sha(SHA_B) is None
    assert [asdict(d) for d in store.documents()] == [asdict(doc.document)]
    stored_pages = store.pages(doc.document.id)
    assert [(p.index, p.label, p.text, p.blank, p.exempt) for _, p in stored_pages] == [
        (p.index, p.label, p.text, p.blank, p.exempt) for p in doc.pages
    ]
    assert store.pages() == stored_pages


def test_ids_are_stable_and_follow_the_scheme(tmp_path: Path) -> None:
    m = minutes()
    m.items.append(Item(number="86", title="Repeated number", page=9,
                        actions=[Action(text="Do it", page=9), Action(text="do   it!", page=9)]))
    first, second = parsed(meetings=[m]), parsed(meetings=[copy.deepcopy(m)])
    with Store.open(tmp_path / "one") as s1, Store.open(tmp_path / "two") as s2:
        s1.save(first)
        s1.save(copy.deepcopy(second))
        s2.save(second)
        ids = [(x.id, [i.id for i in x.items], [a.id for i in x.items for a in i.actions]) for x in s1.meetings()]
        assert ids == [(x.id, [i.id for i in x.items], [a.id for i in x.items for a in i.actions])
                       for x in s2.meetings()]
    mid = "m" + hashlib.sha1(b"community safety partnership|2019-10-09|minutes").hexdigest()[:7]
    assert first.meetings[0].id == mid
    items = first.meetings[0].items
    assert [i.id for i in items] == [f"{mid}.86", f"{mid}.87", f"{mid}.86-2"]
    assert items[0].resolutions[0].id == f"{mid}.86.r1"
    base = "a" + hashlib.sha1(f"{mid}|86|do it".encode()).hexdigest()[:6]
    assert [a.id for a in items[2].actions] == [base, base + "-2"]
    # Body spelling noise does not change the id.
    assert store_mod.meeting_id_for("Community  Safety Partnership.", "2019-10-09", "minutes") == mid


def test_resave_from_newer_pack_replaces_meeting(store: Store) -> None:
    store.save(parsed(SHA_A, [minutes()]))
    newer = parsed(SHA_B, [minutes(extra_item=True), agenda()], path="pack-v2.pdf")
    result = store.save(newer)
    mid = newer.meetings[0].id
    assert result.replaced == [mid]
    (meeting,) = store.meetings([mid])
    assert [i.number for i in meeting.items] == ["86", "87", "88"]
    assert meeting.document_id == "d" + SHA_B[:8]
    c = counts(store)
    assert (c["meetings"], c["items"], c["actions"], c["resolutions"], c["people"]) == (2, 5, 3, 2, 4)
    # The old pack stays as a source even though its only meeting moved on.
    assert [d.id for d in store.documents()] == ["d" + SHA_A[:8], "d" + SHA_B[:8]]
    # Re-saving the same file with a parse that lost a meeting drops it.
    again = store.save(parsed(SHA_B, [minutes(extra_item=True)], path="pack-v2.pdf"))
    assert again.dropped == [newer.meetings[1].id]
    assert store.meeting_ids() == [mid]


def test_manual_events_survive_resave_and_override(store: Store) -> None:
    doc = parsed()
    store.save(doc)
    first = doc.meetings[1].items[0].actions[0]
    store.add_event(first.id, "done", note="sent on 3 Nov", evidence="email")
    store.add_event(first.id, "assign", value=["Eubert Malcolm"])
    store.save(parsed())  # fresh objects: the same meeting is deleted and re-inserted

    row = store.action(first.id)
    assert (row.action.status, row.action.owners, row.item_number) == ("done", ["Eubert Malcolm"], "86")
    events = store.events(first.id)
    assert [(e["seq"], e["kind"], e["previous"], e["value"]) for e in events] == [
        (1, "status", "open", "done"), (2, "owner", '["Beverley Hendricks"]', '["Eubert Malcolm"]')]
    assert store.events(first.id)[0]["at"].endswith("Z")
    assert [r.action.id for r in store.action_rows(status="done", owner="eubert malcolm")] == [first.id]
    assert store.action_rows(status="all", owner="Beverley Hendricks") == []
    (m,) = store.meetings([doc.meetings[1].id])
    assert m.items[0].actions[0].status == "done"

    store.add_event(first.id, "reopen")
    assert store.action(first.id).action.status == "open"
    # The parsed "done" of the second action also counts, until a manual reopen.
    second = doc.meetings[1].items[0].actions[1].id
    assert store.action(second).action.status == "done"
    with pytest.raises(NotFound):
        store.add_event("a000000", "done")
    with pytest.raises(ValueError):
        store.add_event(first.id, "closed")


def test_action_rows_filters_and_id_prefixes(store: Store) -> None:
    doc = parsed(meetings=[minutes(), minutes(date="2020-01-15")])
    store.save(doc)
    assert len(store.action_rows(status="all")) == 4  # the exempt item's action is hidden
    assert len(store.action_rows(status="all", include_exempt=True)) == 6
    assert {r.date for r in store.action_rows(since="2020-01-01")} == {"2020-01-15"}
    assert {r.date for r in store.action_rows(until="2019-12-31")} == {"2019-10-09"}
    assert store.action_rows(body="community safety partnership", meeting=doc.meetings[0].id)[0].item_title == (
        "Minutes of the last meeting"
    )
    assert store.action_rows(body="Scrutiny") == []
    target = doc.meetings[0].items[0].actions[0].id
    assert store.resolve_action_id(target) == target
    assert store.resolve_action_id(target[:5].upper()) == target
    assert store.resolve_action_id(target[1:]) == target  # the leading "a" may be left off
    with pytest.raises(Ambiguous):
        store.resolve_action_id("a")
    with pytest.raises(NotFound):
        store.resolve_action_id("zzz")


def test_save_is_atomic(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(parsed(SHA_A, [minutes()]))
    before_meetings = [asdict(m) for m in store.meetings()]
    before_counts = counts(store)

    real_insert = Store._insert_action
    calls = {"n": 0}

    def flaky_insert(self: Store, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # after the agenda and part of the replacing minutes are written
            raise sqlite3.OperationalError("disk I/O error")
        real_insert(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_insert_action", flaky_insert)
    with pytest.raises(sqlite3.OperationalError):
        store.save(parsed(SHA_B, [agenda(), minutes(extra_item=True)]))
    monkeypatch.undo()

    assert store.has_sha(SHA_B) is None
    assert counts(store) == before_counts
    assert [asdict(m) for m in store.meetings()] == before_meetings
    # The connection is usable again after the rollback.
    store.save(parsed(SHA_B, [agenda()]))
    assert len(store.meeting_ids()) == 2


def test_migration_backs_up_then_upgrades(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A hand-made v1 store, then this build pretends to be v2 with one registered migration.
    with sqlite3.connect(store_path(tmp_path)) as db:
        db.executescript(store_mod.SCHEMA)
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute("INSERT INTO documents VALUES ('d1', 'old.pdf', 'ff', 3, '', '2020-01-01T00:00:00Z')")
    db.close()

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN source_url TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_mod, "MIGRATIONS", {1: add_column})
    with Store.open(tmp_path) as s:
        assert s.schema_version() == 2
        assert [tuple(r) for r in s.db.execute("SELECT id, source_url FROM documents")] == [("d1", "")]
        s.save(parsed())  # still writable after the upgrade
    with Store.open(tmp_path) as s:  # and opening again does not migrate twice
        assert s.schema_version() == 2
    assert [p.name for p in tmp_path.glob("*.bak")] == ["minutebook.sqlite3.v1.bak"]
    with sqlite3.connect(tmp_path / "minutebook.sqlite3.v1.bak") as old:
        assert old.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
        assert old.execute("SELECT id FROM documents").fetchall() == [("d1",)]
    old.close()


def test_version_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as s:
        s.db.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer minutebook"):
        Store.open(tmp_path)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 12)
    with pytest.raises(StoreError, match="no migration from schema v9"):
        Store.open(tmp_path)
    assert not list(tmp_path.glob("*.bak"))


@pytest.mark.parametrize("content", [b"%PDF-1.4 not a database" * 40, b"just some text\n"])
def test_not_a_database_names_the_file(tmp_path: Path, content: bytes) -> None:
    path = store_path(tmp_path)
    path.write_bytes(content)
    with pytest.raises(StoreError, match="minutebook.sqlite3: not a SQLite database"):
        Store.open(tmp_path)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(store_path(tmp_path)) as other:
        other.execute("CREATE TABLE t (x)")
    other.close()
    with pytest.raises(StoreError, match="not a minutebook store"):
        Store.open(tmp_path)


def test_delete_document(store: Store) -> None:
    doc = parsed()
    store.save(doc)
    action_id = doc.meetings[1].items[0].actions[0].id
    store.add_event(action_id, "note", note="chased")
    assert store.delete_document(doc.document.id) == sorted(m.id for m in doc.meetings)
    c = counts(store)
    assert c["documents"] == c["meetings"] == c["pages"] == c["items"] == c["actions"] == 0
    assert c["action_events"] == 1  # the audit history is never deleted
    with pytest.raises(NotFound):
        store.delete_document(doc.document.id)


def test_export_shape_and_exempt_withholding(store: Store) -> None:
    doc = parsed()
    store.save(doc)
    out = export_json(store)
    json.dumps(out)  # must be serialisable as is
    assert out["schema"] == "minutebook/1" and out["exempt_included"] is False
    assert out["documents"] == [{"id": "d" + SHA_A[:8], "path": "pack.pdf", "sha256": SHA_A, "pages": 3}]
    minutes_json = next(m for m in out["meetings"] if m["kind"] == "minutes")
    assert set(minutes_json) == {"id", "body", "date", "kind", "document", "pages", "chair", "attendees",
                                 "apologies", "items"}
    assert minutes_json["pages"] == [1, 9] and minutes_json["document"] == "d" + SHA_A[:8]
    assert minutes_json["attendees"][0] == {"name": "Treena Fleming", "role": "Borough Commander"}
    assert minutes_json["apologies"] == [{"name": "Rachel Lissauer", "organisation": "CCG"}]
    open_item, exempt_item = minutes_json["items"]
    assert open_item["resolutions"][0] == {"text": "That the minutes be agreed.", "page": 3, "mover": "Cllr Blake",
                                           "seconder": "", "outcome": "carried", "tally": "5-0"}
    action = open_item["actions"][0]
    # the register's one action shape (`register.action_json`), so the export and `actions --json` agree
    assert {k: action[k] for k in ("id", "owners", "text", "page", "status", "due", "item", "meeting_date")} == {
        "id": doc.meetings[1].items[0].actions[0].id, "owners": ["Beverley Hendricks"],
        "text": "Circulate the knife crime data to partners", "page": 3, "status": "open", "due": "2019-11-01",
        "item": "86", "meeting_date": "2019-10-09"}
    assert exempt_item == {"number": "87", "title": "Exempt: contract award", "page": 7, "exempt": True,
                           "resolutions": [], "actions": []}
    assert "X Ltd" not in json.dumps(out)

    full = export_json(store, include_exempt=True)
    assert full["exempt_included"] is True
    exempt_full = next(m for m in full["meetings"] if m["kind"] == "minutes")["items"][1]
    assert exempt_full["resolutions"][0]["text"] == "That the contract be awarded to X Ltd."
    assert exempt_full["actions"][0]["owners"] == ["Joe Bloggs"]


def test_failed_migration_leaves_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as s:
        s.save(parsed())

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("DROP TABLE people")
        raise RuntimeError("bug in migration")

    v = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", v + 1)
    monkeypatch.setattr(store_mod, "MIGRATIONS", {v: broken})
    with pytest.raises(StoreError, match=rf"migration from v{v} failed .*v{v}\.bak"):
        Store.open(tmp_path)
    monkeypatch.undo()
    with Store.open(tmp_path) as s:  # rolled back: still a working v1 store
        assert s.schema_version() == v
        assert len(s.meetings()[0].attendees) == 2  # minutes of 2019-10-09 sort first


def test_a_store_written_by_the_landed_version_migrates_with_its_manual_history(tmp_path: Path) -> None:
    # store-v1.sqlite was written by the v1 code (commit 8adbad5): done then reopen by hand, an assign, a note,
    # a carry-forward closure and a suggestion stored twice, as v1 did on every ingest.
    shutil.copy(DATA / "register" / "store-v1.sqlite", store_path(tmp_path))
    with Store.open(tmp_path) as s:
        assert s.schema_version() == store_mod.SCHEMA_VERSION
        events = [(e["action_id"], e["seq"], e["kind"], e["by"], e["previous"], e["value"], e["dated"], e["note"])
                  for e in s.db.execute("SELECT * FROM action_events ORDER BY id")]
        assert events == [
            ("a25cce4", 1, "status", "", "open", "done", "2019-10-14", "Circulated on 14 October"),
            ("a25cce4", 2, "status", "", "done", "open", "2019-10-15", "Only half the partners received it"),
            ("a59fa1d", 1, "owner", "", '["Eubert Malcolm", "Beverley Hendricks"]', '["Sandeep Broca"]', "",
             "Handed over"),
            ("a46fbce", 1, "note", "", "", "", "", "Chased by email"),
            ("a25cce4", 3, "status", "carry-forward", "open", "done", "2019-12-11", events[4][7]),
            ("af5cf68", 1, "suggest", "carry-forward", "", "", "", events[5][7]),
        ]
        assert (s.action("a25cce4").action.status, s.action("a25cce4").status_on) == ("done", "2019-12-11")
        assert s.action("a59fa1d").action.owners == ["Sandeep Broca"]
        assert [r.action.id for r in s.action_rows(status="all", owner="Sandeep Broca")] == ["a59fa1d", "af5cf68"]
        s.add_event("a46fbce", "status", value="in progress", by="clerk")
        assert [e["seq"] for e in s.events("a46fbce")] == [1, 2]
    assert (tmp_path / "minutebook.sqlite3.v1.bak").exists()


def test_a_suggestion_is_stored_once_and_events_are_numbered_per_action(store: Store) -> None:
    doc = parsed()
    store.save(doc)
    first, second = (a.id for a in doc.meetings[1].items[0].actions[:2])
    assert store.add_event(first, "suggest", key="m1/5/abc", by="carry-forward") > 0
    assert store.add_event(first, "suggest", key="m1/5/abc", by="carry-forward") == 0  # the same sentence again
    assert store.add_event(first, "suggest", value="rejected", key="m1/5/abc") > 0  # a decision is not a duplicate
    store.add_event(second, "note", note="chased")
    store.add_event(first, "due", value="2019-12-01")
    assert [(e["seq"], e["kind"]) for e in store.events(first)] == [(1, "suggest"), (2, "suggest"), (3, "due")]
    assert [e["seq"] for e in store.events(second)] == [1]
    with pytest.raises(ValueError, match="status must be one of"):
        store.add_event(first, "status", value="finished")


def test_revised_minutes_keep_the_manual_history(store):
    # issue 14 case 10: one word of the action changed and its item renumbered gave it a new id, open again
    from minutebook import register

    def version(sha: str, number: str, text: str) -> ParsedDocument:
        item = Item(number=number, title="Communications", page=2,
                    actions=[Action(text=text, page=2, owners=["Beverley Hendricks"])])
        meeting = Meeting(body="Community Safety Partnership", date="2019-10-09", kind="minutes", pages=(1, 3),
                          attendees=[Person(name="Beverley Hendricks")], items=[item])
        return ParsedDocument(document=Document(path="minutes.pdf", sha256=sha, pages=1),
                              pages=[Page(index=1, label="1", lines=[Line("Minutes")])], meetings=[meeting])

    first = version("a" * 64, "86", "Circulate the printed version of the community flyer to partners")
    store.save(first)
    old_id = first.meetings[0].items[0].actions[0].id
    register.mark_done(store, old_id, note="emailed on 14 Oct", by="clerk")
    revised = version("b" * 64, "87", "Circulate the printed versions of the community flyer to partners")
    saved = store.save(revised)
    new_id = revised.meetings[0].items[0].actions[0].id
    assert new_id != old_id and (saved.matched, saved.carried) == (1, 1)
    row = store.action(new_id)
    assert row.action.status == "done"
    assert [(e["kind"], e["note"]) for e in store.events(new_id)] == [("status", "emailed on 14 Oct")]


def test_a_different_action_does_not_take_the_history(store):
    from minutebook import register

    def version(sha: str, text: str) -> ParsedDocument:
        item = Item(number="86", title="Communications", page=2,
                    actions=[Action(text=text, page=2, owners=["Beverley Hendricks"])])
        meeting = Meeting(body="Community Safety Partnership", date="2019-10-09", kind="minutes", pages=(1, 3),
                          items=[item])
        return ParsedDocument(document=Document(path="minutes.pdf", sha256=sha, pages=1),
                              pages=[Page(index=1, label="1", lines=[Line("Minutes")])], meetings=[meeting])

    first = version("a" * 64, "Circulate the printed version of the community flyer to partners")
    store.save(first)
    register.mark_done(store, first.meetings[0].items[0].actions[0].id, note="done", by="clerk")
    other = version("b" * 64, "Book the hall for the December meeting")
    saved = store.save(other)
    assert saved.matched == 0
    assert store.action(other.meetings[0].items[0].actions[0].id).action.status == "open"


def test_a_page_damaged_after_a_write_is_found_before_the_next(tmp_path: Path) -> None:
    # quick_check runs once per store file state: a file changed since it was found sound is checked again
    path = tmp_path / "s.sqlite3"
    with Store(path) as s:
        s.save(parsed(SHA_A, [minutes()]))
    db = sqlite3.connect(path)
    page = db.execute("SELECT pageno FROM dbstat WHERE name = 'items' ORDER BY pageno DESC LIMIT 1").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * size + 3)
        fh.write(b"\x00\x40")
    before = path.read_bytes()
    with Store(path) as s, pytest.raises(StoreError, match="is damaged .*nothing was written"):
        s.save(parsed(SHA_B, [agenda()]))
    assert path.read_bytes() == before
