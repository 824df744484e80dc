"""Export the store as JSON in the `minutebook/1` schema (see /work/shared/eval/README.md).

Exempt items (Schedule 12A) are listed by number and title so the agenda stays
complete, but what was decided about them is withheld unless `include_exempt`.
Actions have the register's one JSON shape (`register.action_json`); dismissed ones are left out.
"""

from __future__ import annotations

from typing import Any

from minutebook.models import Item, Meeting
from minutebook.register import action_json, list_actions
from minutebook.store import Store

__all__ = ["SCHEMA", "export_json", "meeting_json"]

SCHEMA = "minutebook/1"


def export_json(store: Store, include_exempt: bool = False) -> dict[str, Any]:
    """Every document and meeting in the store, ready for `json.dump`."""
    shapes = {r.id: action_json(r) for r in list_actions(store, status="all", include_exempt=True).actions}
    return {
        "schema": SCHEMA,
        "exempt_included": include_exempt,
        "documents": [
            # ordered by id, not ingest time: a batch resumed after a crash exports the same bytes
            {"id": d.id, "path": d.path, "sha256": d.sha256, "pages": d.pages}
            for d in sorted(store.documents(), key=lambda d: d.id)
        ],
        "meetings": [meeting_json(m, include_exempt, shapes) for m in store.meetings()],
    }


def meeting_json(m: Meeting, include_exempt: bool = False,
                 shapes: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One meeting as a `minutebook/1` meeting object; `shapes` holds its actions' register JSON by id."""
    return {
        "id": m.id,
        "body": m.body,
        "date": m.date,
        "kind": m.kind,
        "document": m.document_id,
        "pages": [m.pages[0], m.pages[1]],
        "chair": m.chair,
        "attendees": [{"name": p.name, "role": p.role} for p in m.attendees],
        "apologies": [{"name": p.name, "organisation": p.organisation} for p in m.apologies],
        "items": [_item_json(i, include_exempt, shapes) for i in m.items],
    }


def _item_json(item: Item, include_exempt: bool, shapes: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"number": item.number, "title": item.title, "page": item.page, "exempt": item.exempt}
    if item.exempt and not include_exempt:
        # Empty lists rather than missing keys: consumers can iterate every item alike.
        out["resolutions"] = []
        out["actions"] = []
        return out
    out["resolutions"] = [
        {"text": r.text, "page": r.page, "mover": r.mover, "seconder": r.seconder, "outcome": r.outcome,
         "tally": r.tally}
        for r in item.resolutions
    ]
    if shapes is None:
        out["actions"] = [
            {"id": a.id, "owners": list(a.owners), "text": a.text, "page": a.page, "status": a.status, "due": a.due}
            for a in item.actions if a.status != "dismissed"
        ]
    else:
        out["actions"] = [shapes[a.id] for a in item.actions if a.id in shapes]
    return out
