"""What the extractor proposes: a document header and draft tasks, for the clerk to review."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DocumentHeader:
    number: str = ""
    kind: str = "other"  #: a DocumentKind value
    title: str = ""
    issuer: str = ""
    signer: str = ""
    issued: dt.date | None = None
    place: str = ""


@dataclass
class ProposedTask:
    lead: str  #: canonical name when the directory knows it, else as written (titles dropped)
    lead_is_group: bool = False
    support: list[str] = field(default_factory=list)
    due: dt.date | None = None
    recurrence: str | None = None
    due_text: str = ""
    #: Why the deadline could not be read (an impossible date), for the reviewer.
    problem: str | None = None
    #: For event-relative deadlines: ("working_days_after", 3), ("days_before_meeting", 3).
    relative: tuple[str, int] | None = None
    summary: str = ""  #: the task's own words
    source: str = ""  #: the sentence or table row it came from
    item_ref: str = ""  #: where in the document: "IV.2", "Biểu: b) Cơ hội tham gia"
    #: The construction that gave the task ("giao", "chủ ngữ", "do … chủ trì", "mục", "bảng" ...),
    #: shown to the reviewer beside the draft.
    construction: str = ""


@dataclass
class Extraction:
    header: DocumentHeader
    tasks: list[ProposedTask]

    def to_json(self) -> dict:
        """The `documents extract --json` shape."""
        h = self.header
        return {
            "document": {"number": h.number, "kind": h.kind, "title": h.title, "issuer": h.issuer,
                         "signer": h.signer, "issued": h.issued.isoformat() if h.issued else None},
            "tasks": [
                {"lead": t.lead, "support": t.support, "due": t.due.isoformat() if t.due else None,
                 "recurrence": t.recurrence, "due_text": t.due_text, "summary": t.summary}
                for t in self.tasks
            ],
        }
