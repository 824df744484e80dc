"""`minutebook browse`: the Textual app driven with real keys on a store built from the real Haringey pack.

Each pilot test types what a user would (`/`, a filter, `d`, a note, Enter) and then reads the store through
the register, so what is asserted is what the app changed, not what it displays about itself.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.widgets import DataTable, Footer, Input  # noqa: E402

from minutebook import register, search  # noqa: E402
from minutebook.models import Line, Page  # noqa: E402
from minutebook.store import Store  # noqa: E402
from minutebook.tui import view  # noqa: E402
from minutebook.tui.app import (  # noqa: E402
    ActionsScreen,
    FacetScreen,
    HelpScreen,
    MinutebookApp,
    PageScreen,
    Prompt,
    SearchScreen,
)

ROOT = Path(__file__).resolve().parent.parent


def run(coro) -> None:
    asyncio.run(coro)


async def typed(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def settle(app) -> None:
    await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()


def listed(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.coordinate_to_cell_key((n, 0)).row_key.value) for n in range(table.row_count)]


def plain(widget) -> str:
    """What a Static shows, as plain text."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=200, color_system=None)
    console.print(widget.content)
    return console.file.getvalue()


def plain_options(option_list) -> list[str]:
    """The lines of an OptionList, as plain text."""
    return [str(option_list.get_option_at_index(n).prompt) for n in range(option_list.option_count)]


def status_line(app) -> str:
    return " ".join(plain(app.screen.query_one("#status")).split())


# -- the pieces without a terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("", {"status": "open", "owner": None, "words": []}),
    ("owner:Malcolm status:all", {"status": "all", "owner": "Malcolm", "words": []}),
    ('body:"Community Safety" flyer', {"body": "Community Safety", "words": ["flyer"]}),
    ('status:"in progress" overdue', {"status": "in progress", "overdue": True}),
    ('owner:"Laura Wil', {"owner": "Laura Wil", "words": []}),  # a quote not yet closed while typing
    ("flyer Bev's", {"words": ["flyer", "bev's"]}),
    ("since:2019 until:2019-10 meeting:2019-10-09", {"since": "2019", "until": "2019-10", "meeting": "2019-10-09"}),
    ("owner: CCTV", {"owner": None, "words": ["cctv"]}),
])
def test_parse_filter(text, expected):
    got = view.parse_filter(text)
    for name, value in expected.items():
        assert getattr(got, name) == value, name


def test_keep_matches_text_owners_and_id():
    row = register.RegisterRow(
        id="a25cce4", owner="Beverley Hendricks", owners=["Beverley Hendricks"], meeting_id="m1", date="2019-10-09",
        body="Community Safety Partnership", item="86", item_title="CHILDREN AND YOUNG PEOPLE'S SERVICE", page=2,
        text="Circulate the printed versions of community flyer to different partners", due=None, status="open",
        age_days=10)
    assert view.keep(row, ["flyer", "hendricks"])
    assert view.keep(row, ["a25c"])
    assert not view.keep(row, ["flyer", "malcolm"])


def test_citation_and_dates():
    assert view.short_date("2019-10-09") == "9 Oct 2019"
    assert view.short_date("") == "undated"
    assert view.citation("Community Safety Partnership", "2019-10-09", "minutes", "94", 8, 11) == \
        "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)"
    assert view.citation("Community Safety Partnership", "2019-12-11", "agenda", "12", 2, 2) == \
        "Community Safety Partnership, 11 Dec 2019, item 12, p.2"
    assert view.citation("Community Safety Partnership", "2019-12-11", "agenda", "", 40) == \
        "Community Safety Partnership, 11 Dec 2019, p.40"


def test_pdf_page_and_cites():
    # a pack: three unnumbered agenda pages (cited 1, 2, 3), then minutes printed "1", "2", ...
    pages = [Page(index=1, label="", lines=[Line("AGENDA")]), Page(index=2, label="", lines=[Line("Apologies")]),
             Page(index=3, label=""), Page(index=4, label="1", lines=[Line("MINUTES of the meeting")]),
             Page(index=5, label="2", lines=[Line("Circulate the printed versions of"), Line("community flyer")])]
    assert view.pdf_page(pages, 2, "Circulate the printed versions of community flyer to different partners") == 5
    assert view.pdf_page(pages, 2, "APOLOGIES FOR ABSENCE") == 2
    assert view.pdf_page(pages, 2) == 2  # nothing to tell them apart: the first
    assert view.pdf_page(pages, 9) is None


def test_shifted_cites_pdf_pages_and_leaves_the_meeting_alone():
    from minutebook.models import Action, Item, Meeting, Resolution

    m = Meeting(body="Community Safety Partnership", date="2019-10-09", kind="minutes", pages=(1, 8), items=[
        Item("85", "MEMBERSHIP AND TERMS OF REFERENCE", 1, page_end=2,
             resolutions=[Resolution("That the membership and Terms of Reference were noted and agreed.", 2)],
             actions=[Action("Circulate the printed versions of community flyer", 2)])])
    got = view.shifted(m, 3)
    it = got.items[0]
    assert (got.pages, it.page, it.page_end, it.resolutions[0].page, it.actions[0].page) == ((4, 11), 4, 5, 5, 5)
    assert (m.pages, m.items[0].page, m.items[0].resolutions[0].page) == ((1, 8), 1, 2)
    assert view.shifted(m, 0) is m


@pytest.mark.parametrize("snippet, title, expected", [
    ("MEMBERSHIP AND TERMS OF REFERENCE That the membership and Terms of Reference were noted and agreed.",
     "MEMBERSHIP AND TERMS OF REFERENCE", "That the membership and Terms of Reference were noted and agreed."),
    ("CCTV  CAPITAL\nINVESTMENT PROGRAMME: Briefing note", "CCTV CAPITAL INVESTMENT PROGRAMME", "Briefing note"),
    ("Briefing note about the CCTV capital investment programme.", "CCTV CAPITAL INVESTMENT PROGRAMME",
     "Briefing note about the CCTV capital investment programme."),
])
def test_without_title(snippet, title, expected):
    assert view.without_title(snippet, title) == expected


def test_cut_and_passage():
    assert view.cut("Circulate the  printed\nversions", 14) == "Circulate the…"
    assert view.cut("short", 14) == "short"
    text = "There were no items of urgent business. " * 10 + "Noted that the VRU update would be circulated. " + \
        "Other business. " * 30
    got = view.passage(text, "the VRU update would be circulated")
    assert "VRU update would be circulated" in got and got.startswith("…") and got.endswith("…")


def test_cli_does_not_import_textual():
    code = "import sys, minutebook.cli; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_browse_and_tui_commands_have_help():
    from typer.testing import CliRunner

    from minutebook.cli import app

    for name in ("browse", "tui"):
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example: minutebook browse" in result.output


# -- the actions screen --------------------------------------------------------------------------------------------


def test_actions_filter_by_owner_and_words(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
            everything = listed(app)
            assert len(everything) > 5
            await pilot.press("slash")
            await typed(pilot, "owner:Malcolm")
            await pilot.press("enter")
            await pilot.pause()
            mine = listed(app)
            with Store.open(pack_home) as store:
                expected = [r.id for r in register.list_actions(store, owner="Malcolm").actions]
            assert mine == expected and 0 < len(mine) < len(everything)
            assert all("Eubert Malcolm" in app.screen.rows[i].owners for i in mine)
            # words narrow further, over text and owners
            await pilot.press("slash", "end")
            await typed(pilot, " timescales")
            await pilot.press("enter")
            await pilot.pause()
            assert [app.screen.rows[i].text.lower().count("timescales") > 0 for i in listed(app)] == [True]
            # a name that fits nobody is a status line, and the list stays
            await pilot.press("slash", "ctrl+u")
            await typed(pilot, "owner:Nobodyknown")
            await pilot.press("enter")
            await pilot.pause()
            assert "no one called 'Nobodyknown'" in status_line(app)
    run(go())


def test_mark_done_then_reopen_records_history(pack_home, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_USER", "clerk")

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await typed(pilot, "flyer")
            await pilot.press("enter")
            await pilot.pause()
            (action_id,) = listed(app)
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, Prompt)
            await typed(pilot, "Flyers sent")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
            assert status_line(app).startswith(f"{action_id} done")
            with Store.open(pack_home) as store:
                done = register.list_actions(store, status="done")
                assert action_id in [r.id for r in done.actions]
                last = register.action_detail(store, action_id).events[-1]
            assert (last.kind, last.previous, last.value, last.by, last.note) == ("status", "open", "done", "clerk",
                                                                                   "Flyers sent")
            # done actions leave the open list; the filter shows them with status:all
            assert action_id not in listed(app)
            await pilot.press("slash", "ctrl+u")
            await typed(pilot, "status:all flyer")
            await pilot.press("enter", "r")
            await settle(app)
            await pilot.pause()
            with Store.open(pack_home) as store:
                detail = register.action_detail(store, action_id)
            assert detail.row.action.status == "open"
            assert [(e.n, e.value, e.by) for e in detail.events[-2:]] == [(len(detail.events) - 1, "done", "clerk"),
                                                                           (len(detail.events), "open", "clerk")]
    run(go())


def test_note_due_assign_and_dismiss(pack_home, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_USER", "clerk")

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            action_id = listed(app)[0]
            await pilot.press("n")
            await typed(pilot, "Chased by email")
            await pilot.press("enter")
            await settle(app)
            await pilot.press("u", "ctrl+u")
            await typed(pilot, "11 December 2019")
            await pilot.press("enter")
            await settle(app)
            await pilot.press("a", "ctrl+u")
            await typed(pilot, "Laura Wileman")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            with Store.open(pack_home) as store:
                row = store.action(action_id)
                kinds = [e.kind for e in register.action_detail(store, action_id).events]
            assert row.action.due == "2019-12-11" and row.action.owners == ["Laura Wileman"]
            assert kinds[-3:] == ["note", "due", "owner"]
            # Esc cancels a prompt and changes nothing
            await pilot.press("x", "escape")
            await pilot.pause()
            assert "nothing changed" in status_line(app)
            await pilot.press("x")
            await typed(pilot, "Not an action")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            with Store.open(pack_home) as store:
                assert store.action(action_id).action.status == "dismissed"
            assert action_id not in listed(app)
    run(go())


# -- the search screen ---------------------------------------------------------------------------------------------


def test_search_finds_a_decision_and_copies_its_citation(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await settle(app)
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            # opens on the latest decisions
            assert app.screen.hits and {h.kind for h in app.screen.hits} == {"resolution"}
            await typed(pilot, "membership terms of reference")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            hits = app.screen.hits
            # grouped by item: the minute that decided it, whichever of its records ranks first
            n = next(n for n, h in enumerate(hits) if h.meeting_kind == "minutes")
            table = app.screen.query_one(DataTable)
            table.move_cursor(row=n)
            await pilot.pause()
            hit = hits[n]
            assert "terms of reference" in hit.snippet.lower()
            preview = plain(app.screen.query_one("#preview"))
            assert "RESOLVED" in preview and hit.title in preview
            await pilot.press("c")
            await pilot.pause()
            cite = app.copied[-1]
            assert cite.startswith(f"Community Safety Partnership, {view.short_date(hit.meeting_date)}, minute "
                                   f"{hit.item}, p.{hit.page}")
            assert cite in status_line(app)
    run(go())


def test_p_switches_the_preview_between_printed_and_pdf_pages(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f2")
            await settle(app)
            await typed(pilot, "membership terms of reference")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            n = next(n for n, h in enumerate(app.screen.hits) if h.meeting_kind == "minutes" and h.item == "85")
            app.screen.query_one(DataTable).move_cursor(row=n)
            await pilot.pause()
            # minute 85 is on the minutes' printed page 1, the pack's PDF page 4
            assert "RESOLVED (p1)" in plain(app.screen.query_one("#preview"))
            await pilot.press("p")
            await pilot.pause()
            assert "RESOLVED (p4)" in plain(app.screen.query_one("#preview"))
            assert "PDF pages" in status_line(app)
            await pilot.press("p")
            await pilot.pause()
            assert "RESOLVED (p1)" in plain(app.screen.query_one("#preview"))
    run(go())


def test_search_misspelt_query_is_corrected(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f2")
            await settle(app)
            await typed(pilot, "membreship")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            # the search retries a misspelt query with the index's own words and says so (issue 13)
            assert app.screen.hits and {h.searched for h in app.screen.hits} == {"membership"}
    run(go())


def test_toggle_facet():
    assert view.toggle_facet("cctv", "kind", "resolution") == "cctv kind:resolution"
    assert view.toggle_facet("cctv kind:resolution", "kind", "resolution") == "cctv"
    assert view.toggle_facet("cctv", "body", "Community Safety Partnership") == \
        'cctv body:"Community Safety Partnership"'
    assert view.toggle_facet('cctv body:"Community Safety Partnership"', "body", "Community Safety Partnership") == \
        "cctv"
    assert view.facet_words('cctv Year:2019 body:"Community Safety Partnership"') == {
        ("year", "2019"), ("body", "community safety partnership")}
    assert view.search_args('cctv kind:resolution year:2020 year:2019 body:"Community Safety" "pilot scheme"') == (
        'cctv "pilot scheme"', {"kinds": ["resolution"], "date_from": "2019", "date_to": "2020",
                                "body": "Community Safety"})
    assert view.search_args("kind:agenda_item kind:action") == ("", {"kinds": ["agenda_item", "action"]})


def test_search_facets_count_and_filter(pack_home):
    """`f` lists the kind, year and body facets of the hits with their counts; Enter on one filters by it."""
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f2")
            await settle(app)
            await typed(pilot, "cctv")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            screen = app.screen
            facets = screen.facets
            assert set(facets) >= {"kind", "year", "body"} and len(facets["kind"]) > 1
            await pilot.press("f")
            await pilot.pause()
            assert isinstance(app.screen, FacetScreen)
            shown = plain_options(app.screen.query_one("#facet-list"))
            kind, n = next(iter(facets["kind"].items()))
            assert any(kind.replace("_", " ") in line and line.rstrip().endswith(str(n)) for line in shown)
            # the first selectable line is the first kind: Enter filters by it
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            assert app.screen.query_one("#query", Input).value == f"cctv kind:{kind}"
            assert app.screen.hits and {h.kind for h in app.screen.hits} == {kind}
            assert set(app.screen.facets["kind"]) == {kind}
            # again: it is marked, and Enter takes it out
            await pilot.press("f")
            await pilot.pause()
            assert any(line.lstrip().startswith("✓") for line in plain_options(app.screen.query_one("#facet-list")))
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert app.screen.query_one("#query", Input).value == "cctv"
            assert len(app.screen.facets["kind"]) > 1
        async with MinutebookApp(pack_home).run_test(size=(160, 40)) as pilot:
            # a wide terminal lists the facets beside the hits; choosing a year filters by it
            await pilot.press("f2")
            await settle(app)
            await typed(pilot, "cctv")
            await pilot.press("enter")
            await settle(pilot.app)
            await pilot.pause()
            side = pilot.app.screen.query_one("#facets")
            assert side.display and side.region.width > 20
            year = next(iter(pilot.app.screen.facets["year"]))
            ids = [side.get_option_at_index(n).id for n in range(side.option_count)]
            side.focus()
            side.highlighted = ids.index(f"year\t{year}")
            await pilot.press("enter")
            await settle(pilot.app)
            await pilot.pause()
            assert pilot.app.screen.query_one("#query", Input).value == f"cctv year:{year}"
            assert pilot.app.screen.hits and {h.meeting_date[:4] for h in pilot.app.screen.hits} == {year}
    run(go())


# -- the whole app at 80x24 ----------------------------------------------------------------------------------------


def test_fits_80_by_24_with_help_and_quit(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in ("f1", "f2"):
                await pilot.press(key)
                await settle(app)
                await pilot.pause()
                screen = app.screen
                table, footer = screen.query_one(DataTable), screen.query_one(Footer)
                box = screen.query_one(Input)
                assert screen.size == (80, 24)
                assert footer.region.y == 23 and footer.region.width == 80
                assert box.region.y == 0 and table.region.height >= 6
                assert table.region.width == 80 and table.row_count > 0
                pane = screen.query_one(".pane")
                assert pane.region.height >= 6 and pane.region.bottom <= 22
            await pilot.press("escape", "question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0
    run(go())


def test_wide_terminal_lists_owners_and_puts_the_pane_beside_the_list(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            table, pane = app.screen.query_one(DataTable), app.screen.query_one(".pane")
            owners = app.screen.query_one("#owners")
            assert pane.region.x >= table.region.right - 1 and pane.region.height > 20
            assert owners.region.right <= table.region.x + 1 and owners.region.width > 20
            with Store.open(pack_home) as store:
                busiest = next(c for c in register.owner_counts(store) if c.owner != register.NO_OWNER)
            await settle(app)  # the owners' counts come from a worker
            await pilot.pause()
            owners.focus()
            await pilot.press("down", "enter")  # past "everyone", the busiest owner
            await pilot.pause()
            assert app.screen.query_one("#box", Input).value == view.quoted("owner:", busiest.owner)
            assert all(busiest.owner in app.screen.rows[i].owners for i in listed(app))
            assert len(listed(app)) == busiest.open
        async with MinutebookApp(pack_home).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not pilot.app.screen.query_one("#owners").display
    run(go())


@pytest.mark.parametrize("opener, expected", [
    ("/usr/bin/evince", ["/usr/bin/evince", "--page-index=11", "/p/pack.pdf"]),
    ("/usr/bin/okular", ["/usr/bin/okular", "--page", "11", "/p/pack.pdf"]),
    ("/usr/bin/zathura", ["/usr/bin/zathura", "--page=11", "/p/pack.pdf"]),
    ("/usr/bin/qpdfview", ["/usr/bin/qpdfview", "/p/pack.pdf#11"]),
    ("/usr/bin/mupdf", ["/usr/bin/mupdf", "/p/pack.pdf", "11"]),
    ("/usr/bin/xdg-open", ["/usr/bin/xdg-open", "/p/pack.pdf"]),  # it cannot pass a page on
    ("/usr/bin/open", ["/usr/bin/open", "/p/pack.pdf"]),
])
def test_open_command_passes_the_page_where_the_viewer_takes_one(opener, expected):
    assert view.open_command(opener, "/p/pack.pdf", 11) == expected
    assert view.open_command(opener, "/p/pack.pdf", None) == [opener, "/p/pack.pdf"]


def test_o_opens_the_cited_pdf_page(pack_home, monkeypatch):
    import minutebook.tui.app as tui_app

    started = []
    monkeypatch.setattr(tui_app, "viewer", lambda: "/usr/bin/zathura")
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: started.append(args))

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await typed(pilot, "flyer")
            await pilot.press("enter", "o")
            await pilot.pause()
            assert "at PDF page 5" in status_line(app)
    run(go())
    # the flyer action: minute 86, printed page 2 of the minutes, which is PDF page 5 of the pack
    (args,) = started
    assert args[:2] == ["/usr/bin/zathura", "--page=5"] and args[2].endswith("haringey-csp-2019-12-11.pdf")


def test_open_without_a_viewer_shows_the_page_text(pack_home, monkeypatch):
    import minutebook.tui.app as tui_app

    monkeypatch.setattr(tui_app, "viewer", lambda: None)

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await typed(pilot, "flyer")
            await pilot.press("enter", "o")
            await pilot.pause()
            assert isinstance(app.screen, PageScreen)
            assert "flyer" in plain(app.screen.query_one("#page-text")).lower()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen) and "no PDF viewer" in status_line(app)
    run(go())


def test_accept_a_carry_forward_suggestion(data_home, monkeypatch):
    """The December and February minutes of tests/data/register: February's "early results" sentence is a
    suggestion for December's burglary-campaign action; `y` accepts it through `carry.accept`."""
    from minutebook import app as lib
    from minutebook import carry

    monkeypatch.setenv("MINUTEBOOK_USER", "clerk")
    pair = Path(__file__).parent / "data" / "register"
    lib.ingest([pair / "csp-2019-12-11-minutes.pdf", pair / "csp-2020-02-26-minutes.pdf"], data_home, jobs=1)
    with Store.open(data_home) as store:
        (pending,) = carry.pending_suggestions(store)

    async def go():
        app = MinutebookApp(data_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await typed(pilot, pending.action_id)
            await pilot.press("enter")
            await pilot.pause()
            assert "suggestion" in plain(app.screen.query_one("#detail")).lower()
            await pilot.press("y")
            await settle(app)
            await pilot.pause()
            assert "suggestion accepted" in status_line(app)
            assert pending.action_id not in listed(app)  # done: out of the open list
            await pilot.press("slash", "home")
            await typed(pilot, "status:done ")
            await pilot.press("enter")
            await pilot.pause()
            assert listed(app) == [pending.action_id]
            await pilot.press("y")  # nothing left to accept: a status line, not a crash
            await settle(app)
            await pilot.pause()
            assert "no pending carry-forward suggestion" in status_line(app)
    run(go())
    with Store.open(data_home) as store:
        assert store.action(pending.action_id).action.status == "done"
        assert carry.pending_suggestions(store) == []
        assert store.events(pending.action_id)[-1]["by"] == "clerk"


def test_a_store_locked_by_an_ingest_is_a_status_line(pack_home, monkeypatch):
    import sqlite3

    import minutebook.store as store_module
    from minutebook.home import store_path

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    ingest = sqlite3.connect(store_path(pack_home), isolation_level=None)

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            action_id = listed(app)[0]
            ingest.execute("BEGIN IMMEDIATE")  # what an ingest holds while it stores a file
            await pilot.press("n")
            await typed(pilot, "Chased")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert "the store is busy" in status_line(app)
            assert listed(app)[0] == action_id  # still there, still usable
            ingest.execute("ROLLBACK")
            await pilot.press("n")
            await typed(pilot, "Chased")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert status_line(app).startswith(f"{action_id} noted")
    try:
        run(go())
    finally:
        ingest.close()


def test_assign_someone_in_no_minutes_yet(pack_home, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_USER", "clerk")

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            action_id = listed(app)[0]
            await pilot.press("a", "ctrl+u")
            await typed(pilot, "Zed Newcomer")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert "end the name with !" in status_line(app)
            await pilot.press("a", "ctrl+u")
            await typed(pilot, "Zed Newcomer!")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            with Store.open(pack_home) as store:
                assert store.action(action_id).action.owners == ["Zed Newcomer"]
    run(go())


def test_an_empty_data_home_opens(data_home):
    async def go():
        app = MinutebookApp(data_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert listed(app) == [] and "0 open action(s)" in status_line(app)
            await pilot.press("d")  # nothing to change: a status line
            await pilot.pause()
            assert "no action selected" in status_line(app)
            await pilot.press("f2")
            await settle(app)
            await pilot.pause()
            assert app.screen.hits == [] and "reindex" in status_line(app)
    run(go())


def test_brackets_in_the_filter_are_text_not_markup(pack_home):
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await typed(pilot, "owner:[bold]Zz")
            await pilot.press("enter")
            await pilot.pause()
            assert "no one called '[bold]Zz'" in status_line(app)
    run(go())


def test_a_long_register_loads_page_by_page_as_the_cursor_nears_the_end(pack_home, monkeypatch):
    # 10,000 meetings took 31 s to open when every action was drawn, 6 s when 500 were (benchmarks/bench_tui.py):
    # the table reads a page, and the next one when the cursor comes within NEAR_END rows of the last
    import minutebook.tui.app as tui_app

    monkeypatch.setattr(tui_app, "PAGE", 3)
    monkeypatch.setattr(tui_app, "NEAR_END", 1)
    with Store.open(pack_home) as store:
        expected = [r.id for r in register.list_actions(store).actions]
        late = len(register.list_actions(store, overdue=True).actions)
    assert len(expected) > 7 and late

    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert listed(app) == expected[:3]
            await settle(app)
            await pilot.pause()
            # the total comes from a worker that counts the whole register
            assert status_line(app).startswith(f"{len(expected)} open action(s), {late} overdue (3 loaded; more as "
                                               "you scroll)")
            await pilot.press("down")
            await pilot.pause()
            assert listed(app) == expected[:3]  # not yet near the end
            await pilot.press("down")
            await settle(app)
            await pilot.pause()
            assert listed(app) == expected[:6]
            assert "(6 loaded; more as you scroll)" in status_line(app)
            for _ in range(len(expected)):
                if len(listed(app)) == len(expected):
                    break
                await pilot.press("ctrl+end")  # to the last row loaded
                await settle(app)
                await pilot.pause()
            assert listed(app) == expected
            assert "loaded" not in status_line(app) and str(len(expected)) in status_line(app)
            # a change reads again as many rows as were loaded: the cursor stays on the changed action
            chosen = app.screen.selected()
            assert expected.index(chosen) >= 6  # beyond the first two pages
            await pilot.press("n")
            await typed(pilot, "Chased")
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert status_line(app).startswith(f"{chosen} noted") and app.screen.selected() == chosen
    run(go())


def test_hit_columns_fit_their_cells_before_the_table_idles(pack_home):
    """A screen drawn before DataTable's idle measuring (a busy machine) still shows whole dates and kinds."""
    async def go():
        app = MinutebookApp(pack_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await settle(app)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            result = search.search(pack_home, "membership", limit=20)
            screen.show_hits(result, "membership")  # synchronously: no idle has run since the rows went in
            table = screen.query_one(DataTable)
            kind, date_, item = table.ordered_columns[:3]
            assert date_.content_width == 10  # 2019-12-11, not the label "date"
            assert kind.content_width == max(len(h.kind.replace("_", " ")) for h in result.hits)
            assert item.content_width >= max(len(h.item or "-") for h in result.hits)
    run(go())
