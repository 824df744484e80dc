"""Snapshots of each screen of `minutebook browse` at 80x24 and 120x40, on a store built from the real Haringey pack.

Each snapshot is the screen as the app's own screenshot key saves it (Textual's SVG, `App.export_screenshot`)
and the same screen as a text grid, kept in tests/snapshots/ as NAME.svg and NAME.txt. The text is compared
first (a failure shows which lines changed), then the SVG (colours and styles). Both are made deterministic:
"today" is fixed (ages and overdue), the input cursor does not blink, the workers have finished, and what
varies between runs is normalised (rich's SVG ids are a hash of the content: `terminal-NNN` becomes
`terminal`; the data home's path becomes `$HOME`).

To write the expected files after a change to a screen, run

    MINUTEBOOK_SNAPSHOT_UPDATE=1 python -m pytest tests/test_tui_snapshots.py

and read each NAME.txt (and open the SVG) to check it shows the right thing before committing it.

pytest-textual-snapshot is not used: its syrupy pins pytest below 9, and the project runs pytest 9.
"""

from __future__ import annotations

import asyncio
import difflib
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from textual.widgets import Input  # noqa: E402

from minutebook.tui.app import MinutebookApp  # noqa: E402

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("MINUTEBOOK_SNAPSHOT_UPDATE") == "1"
TODAY = date(2020, 1, 15)  # a month after the pack's meeting: ages and overdue as the secretariat saw them


def screen_text(app) -> str:
    """The screen as plain text, one line a row (what `export_screenshot` draws, without the styles)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), color_system=None, record=True,
                      legacy_windows=False, safe_box=False)
    # the same render Textual's own export_screenshot makes
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def normalised(text: str, home: Path) -> str:
    text = re.sub(r"terminal-\d+", "terminal", text)
    return text.replace(str(home), "$HOME")


def check(name: str, app, home: Path) -> None:
    """Compare the screen with tests/snapshots/NAME.txt and NAME.svg (or write them, under the update switch)."""
    got = {"txt": normalised(screen_text(app), home), "svg": normalised(app.export_screenshot(title=name), home)}
    for ext, value in got.items():
        path = SNAPSHOTS / f"{name}.{ext}"
        if UPDATE:
            SNAPSHOTS.mkdir(exist_ok=True)
            path.write_text(value)
            continue
        assert path.exists(), f"{path} is missing: run with MINUTEBOOK_SNAPSHOT_UPDATE=1 and check what it shows"
        want = path.read_text()
        if ext == "txt":
            diff = "\n".join(difflib.unified_diff(want.splitlines(), value.splitlines(), "expected", "now",
                                                  lineterm=""))
            assert value == want, f"{name}: the screen's text changed\n{diff}"
        else:
            assert value == want, f"{name}: the screen's text is the same but its styles or colours changed"


async def settled(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


async def typed(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


SIZES = [(80, 24), (120, 40)]


def shot_name(screen: str, size: tuple[int, int]) -> str:
    return f"{screen}-{size[0]}x{size[1]}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_actions_screen(pack_home, size):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=size) as pilot:
            await settled(app, pilot)
            await pilot.press("down")  # the second action: its source, passage and history in the pane
            await settled(app, pilot)
            check(shot_name("actions", size), app, pack_home)
    asyncio.run(go())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_screen(pack_home, size):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f2")
            await settled(app, pilot)
            await typed(pilot, "membership terms of reference")
            await pilot.press("enter")
            await settled(app, pilot)
            check(shot_name("search", size), app, pack_home)
    asyncio.run(go())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_key_map(pack_home, size):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=size) as pilot:
            await settled(app, pilot)
            await pilot.press("question_mark")
            await settled(app, pilot)
            check(shot_name("help", size), app, pack_home)
    asyncio.run(go())


def test_done_dialog(pack_home):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(app, pilot)
            await pilot.press("d")
            await typed(pilot, "Flyers sent to partners")
            await settled(app, pilot)
            check("done-dialog-80x24", app, pack_home)
    asyncio.run(go())


def test_facets_dialog(pack_home):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f2")
            await typed(pilot, "cctv")
            await pilot.press("enter")
            await settled(app, pilot)
            await pilot.press("f")
            await settled(app, pilot)
            check("facets-dialog-80x24", app, pack_home)
    asyncio.run(go())


def test_no_color_draws_in_greys_only(pack_home, monkeypatch):
    """NO_COLOR: every colour of the screen, Textual's own and the panes the CLI's renderers draw, is a grey."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(app, pilot)
            shots = [app.export_screenshot()]
            await pilot.press("f2")
            await typed(pilot, "cctv")
            await pilot.press("enter")
            await settled(app, pilot)
            shots.append(app.export_screenshot())
        return shots

    for svg in asyncio.run(go()):
        coloured = not_grey(svg)
        assert not coloured, f"colours under NO_COLOR: {sorted(coloured)[:10]}"


def not_grey(svg: str) -> set[str]:
    """The colours of an SVG screenshot's cells that are not greys. Left out: the window's frame (its three
    buttons and title) and rich's default text colour #c5c8c6, which a cell without a colour of its own gets."""
    svg = re.sub(r"<circle[^>]*>|<text class=\"terminal-title\"[^>]*>", "", svg)
    colours = set(re.findall(r"#([0-9a-f]{6})\b", svg, flags=re.I)) - {"c5c8c6"}
    assert colours, "no colours found: the SVG format changed"
    return {c for c in colours if len({c[0:2], c[2:4], c[4:6]}) > 1}


def test_without_no_color_the_screen_has_colour(pack_home, monkeypatch):
    """The test above can fail: the same screen without NO_COLOR has colours that are not grey."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(app, pilot)
            return app.export_screenshot()

    assert not_grey(asyncio.run(go()))


def test_screenshot_key_saves_the_screen(pack_home, tmp_path):
    async def go():
        app = MinutebookApp(pack_home, today=TODAY)
        app.shot_dir = tmp_path
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(app, pilot)
            await pilot.press("f12")
            await pilot.press("question_mark")
            await settled(app, pilot)
            await pilot.press("f12")
            await pilot.pause()
    asyncio.run(go())
    saved = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert saved == ["minutebook-actions.svg", "minutebook-help.svg"]
    assert "Mark done" not in (tmp_path / "minutebook-help.svg").read_text()
    assert "Everywhere" in (tmp_path / "minutebook-help.svg").read_text().replace("&#160;", " ")
