"""The paged register (`register.page_actions`, `register.owner_counts`) against the whole one (`list_actions`).

The full-screen interface reads one page at a time and counts owners with one GROUP BY, so on a 10,000-meeting
store it opens in well under a second; these tests hold the paged SQL to what `list_actions` lists, on the real
Haringey pack with manual changes (done, assign, due, dismiss, note) in its history.
"""

from __future__ import annotations

from datetime import date

import pytest

from minutebook import register
from minutebook.errors import MinutebookError
from minutebook.store import Store
from minutebook.tui import view

TODAY = date(2020, 1, 15)  # after the pack's due dates: some actions are overdue

FIELDS = ("id", "owners", "meeting_id", "date", "body", "item", "item_title", "page", "text", "due", "status",
          "age_days", "overdue", "note", "closed_on")


@pytest.fixture
def changed_home(pack_home):
    """The pack, with one action done, one reassigned, one given a due date, one dismissed, one noted."""
    with Store.open(pack_home) as store:
        ids = [r.id for r in register.list_actions(store).actions]
        register.mark_done(store, ids[0], note="Flyers sent", by="clerk")
        register.assign(store, ids[1], "Laura Wileman", by="clerk")
        register.set_due(store, ids[2], "2019-11-01", by="clerk")
        register.dismiss(store, ids[3], "Not an action", by="clerk")
        register.add_note(store, ids[4], "Chased by email", by="clerk")
    return pack_home


def shape(rows):
    return [tuple(getattr(r, f) for f in FIELDS) for r in rows]


@pytest.mark.parametrize("filters, words", [
    ({}, []),
    ({"status": "all"}, []),
    ({"status": "done"}, []),
    ({"status": "dismissed"}, []),
    ({"owner": "Malcolm"}, []),
    ({"owner": "Laura Wileman", "status": "all"}, []),
    ({"overdue": True}, []),
    ({"status": "all", "since": "2019-10", "until": "2019-10"}, []),
    ({"body": "Community Safety"}, ["circulate"]),
    ({"status": "all"}, ["laura"]),  # an owner's name
    ({"status": "all"}, ["children and young"]),  # an item title (a quoted phrase of the filter box)
    ({}, ["100%_"]),  # LIKE's wildcards are text
])
@pytest.mark.parametrize("size", [1, 4, 100])
def test_pages_together_are_the_whole_register(changed_home, filters, words, size):
    with Store.open(changed_home) as store:
        whole = [r for r in register.list_actions(store, **filters, today=TODAY).actions if view.keep(r, words)]
        pages, offset = [], 0
        while True:
            page = register.page_actions(store, **filters, words=words, today=TODAY, limit=size, offset=offset)
            assert page.total == len(whole)
            pages += page.rows
            offset += size
            if not page.more:
                break
        unc = register.page_actions(store, **filters, words=words, today=TODAY, limit=size, count=False)
    assert shape(pages) == shape(whole)
    assert shape(unc.rows) == shape(whole[:size]) and unc.more == (len(whole) > size)
    if filters.get("owner"):
        assert all(r.owner == page.owner for r in pages)


def test_some_filters_keep_something(changed_home):
    """The parametrized filters above are not all empty lists compared with empty lists."""
    with Store.open(changed_home) as store:
        for filters, words in [({"status": "done"}, []), ({"status": "dismissed"}, []), ({"overdue": True}, []),
                               ({"status": "all"}, ["laura"]), ({"owner": "Malcolm"}, [])]:
            assert register.page_actions(store, **filters, words=words, today=TODAY).total > 0, filters


def test_page_rejects_what_list_actions_rejects(changed_home):
    with Store.open(changed_home) as store:
        for bad in ({"status": "finished"}, {"since": "last week"}, {"owner": "Nobodyknown"}):
            with pytest.raises(MinutebookError) as paged:
                register.page_actions(store, **bad)
            with pytest.raises(MinutebookError) as whole:
                register.list_actions(store, **bad)
            assert str(paged.value) == str(whole.value)


@pytest.mark.parametrize("body", [None, "Community Safety"])
def test_owner_counts_count_what_list_actions_lists(changed_home, body):
    with Store.open(changed_home) as store:
        got = register.owner_counts(store, body=body, today=TODAY)
        rows = register.list_actions(store, status="all", body=body, today=TODAY).ordered
    expected: dict[str, register.OwnerCount] = {}
    for r in rows:
        c = expected.setdefault(r.owner.lower(), register.OwnerCount(r.owner))
        if r.status in ("open", "in progress", "deferred"):
            c.open += 1
            c.overdue += r.overdue
            c.oldest_open = min(c.oldest_open or r.date, r.date)
        else:
            c.done += 1
    assert {c.owner: c.to_json() for c in got} == {c.owner: c.to_json() for c in expected.values()}
    assert any(c.overdue for c in got) and any(c.done for c in got)
    # busiest first
    assert [(-c.open, -c.overdue) for c in got] == sorted((-c.open, -c.overdue) for c in got)
