"""The README's screenshots of `minutebook browse`, each saved by the app's own screenshot key (F12).

Ingests corpus/ (what scripts/demo ingests) into a temporary data home, runs the app headless with "today"
fixed, and presses the keys a user would: the actions screen with an action selected, the search screen with a
query, the key map. Each F12 saves minutebook-<screen>.svg; they are moved to docs/img/browse-<screen>.svg.

    python scripts/tui_screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
TODAY = date(2020, 1, 15)  # a month after the pack's December meeting


async def shoot(home: Path, shots: Path) -> None:
    from textual.widgets import Input

    from minutebook.tui.app import MinutebookApp

    async def settle(app, pilot) -> None:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for box in app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    app = MinutebookApp(home, today=TODAY)
    app.shot_dir = shots
    async with app.run_test(size=(180, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")  # the flyer action: its source passage and history in the pane
        await settle(app, pilot)
        await pilot.press("f12")
        await pilot.press("f2")
        await settle(app, pilot)
        for ch in "membership terms of reference":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("f12")
    app = MinutebookApp(home, today=TODAY)
    app.shot_dir = shots
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        await pilot.press("f12")
        await pilot.pause()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from minutebook import app as lib

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home, shots = Path(tmp) / "home", Path(tmp) / "shots"
        home.mkdir()
        shots.mkdir()
        lib.ingest(sorted((ROOT / "corpus").glob("*.pdf")), home, jobs=1)
        asyncio.run(shoot(home, shots))
        for svg in sorted(shots.glob("minutebook-*.svg")):
            target = OUT / svg.name.replace("minutebook-", "browse-")
            target.write_text(svg.read_text().replace(str(home), "$MINUTEBOOK_HOME"))
            print(f"saved {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
