"""`minutebook browse` (also `minutebook tui`): a full-screen Textual interface over the register and search.

Two screens over the library functions the CLI calls, so a change made here has the same audit history as
one made with `minutebook actions ...`:

- **Actions** (opens first, F1): the action register as a table with a filter box, keys to mark done,
  reopen, assign, note, set due, dismiss and decide carry-forward suggestions, and a pane with the
  action's source and history (`minutebook.register`, `minutebook.carry`).
- **Search** (F2): a query box, hits as a list, and a pane with the whole item and a citation ready to
  paste (`minutebook.search`, the store's readers).

Textual is imported only when the app starts (`run`), so importing this package, or any other command of
the CLI, costs nothing. What the screens show that is not Textual (filters, citations, the detail text)
lives in `minutebook.tui.view`, testable without a terminal.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["run"]


def run(home: Path) -> list[str]:
    """Run the app full-screen on the data home `home`; returns the citations copied, to print on exit."""
    from minutebook.tui.app import MinutebookApp

    app = MinutebookApp(home)
    app.run()
    return list(app.copied)
