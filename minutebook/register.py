"""The action register: open actions by owner, read from the store only (no NLP, no index)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from minutebook.store import ActionRow, Store

__all__ = ["RegisterRow", "list_actions"]


@dataclass(slots=True)
class RegisterRow:
    """One action as the secretariat sees it."""

    id: str
    owner: str
    owners: list[str]
    meeting_id: str
    date: str
    body: str
    item: str
    item_title: str
    page: int
    text: str
    due: str | None
    status: str
    age_days: int | None

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


def _row(r: ActionRow, owner: str, today: date) -> RegisterRow:
    try:
        age = (today - date.fromisoformat(r.date)).days if r.date else None
    except ValueError:
        age = None
    a = r.action
    return RegisterRow(id=a.id, owner=owner, owners=list(a.owners), meeting_id=r.meeting_id, date=r.date, body=r.body,
                       item=r.item_number, item_title=r.item_title, page=a.page, text=a.text, due=a.due,
                       status=a.status, age_days=age)


def list_actions(store: Store, *, owner: str | None = None, body: str | None = None, status: str = "open",
                 today: date | None = None) -> dict[str, list[RegisterRow]]:
    """Actions grouped by owner (a joint action appears under each owner), owners with most first."""
    today = today or date.today()
    groups: dict[str, list[RegisterRow]] = defaultdict(list)
    for r in store.action_rows(status=status, body=body):
        for name in r.action.owners or ["(no owner)"]:
            if owner and owner.lower() not in name.lower():
                continue
            groups[name].append(_row(r, name, today))
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))
