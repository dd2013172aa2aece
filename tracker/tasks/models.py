"""Tasks, their append-only history and attachments.

The stored `status` is what people decided (in progress, reported done, returned, ...).
What users see, `TaskState` (trong hạn, sắp quá hạn, quá hạn, ...), also depends on today's
date and the deadline in force, so it is derived (`tasks.states`), never stored stale.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, event,
                        false, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..core.text import name_key
from ..extensions import Model, db


class TaskStatus(enum.Enum):
    DRAFT = "draft"  #: proposed from a document, not yet confirmed by the office
    IN_PROGRESS = "in_progress"  #: đang thực hiện
    AWAITING_CONFIRMATION = "awaiting_confirmation"  #: chờ xác nhận hoàn thành
    DONE = "done"  #: hoàn thành
    RETURNED = "returned"  #: thực hiện lại: the office sent a completion back
    POSTPONED = "postponed"  #: tạm hoãn
    CANCELLED = "cancelled"  #: hủy


class TaskState(enum.Enum):
    """What a task is, as QĐ 42/2014/QĐ-TTg-style trackers report it."""

    DRAFT = "draft"
    ON_TIME = "on_time"  #: trong hạn
    DUE_SOON = "due_soon"  #: sắp quá hạn
    OVERDUE = "overdue"  #: quá hạn
    NO_DEADLINE = "no_deadline"  #: không hạn
    AWAITING_CONFIRMATION = "awaiting_confirmation"  #: chờ xác nhận
    DONE_ON_TIME = "done_on_time"  #: hoàn thành đúng hạn
    DONE_LATE = "done_late"  #: hoàn thành quá hạn
    RETURNED = "returned"  #: thực hiện lại
    POSTPONED = "postponed"  #: tạm hoãn
    CANCELLED = "cancelled"  #: đã hủy


class Recurrence(enum.Enum):
    CONTINUOUS = "continuous"  #: thường xuyên
    WEEKLY = "weekly"  #: hằng tuần
    MONTHLY = "monthly"  #: hằng tháng
    QUARTERLY = "quarterly"  #: hằng quý
    SEMIANNUAL = "semiannual"  #: định kỳ 6 tháng
    ANNUAL = "annual"  #: hằng năm
    AS_REQUIRED = "as-required"  #: theo quy định, khi có yêu cầu


task_support = Table(
    "task_support",
    db.metadata,
    Column("task_id", ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True, index=True),
    # the task's own `archived`, kept here by the archive (tasks/archive.py) so that what an
    # agency coordinates is read over the working set, not over every year it coordinated
    Column("archived", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_task_support_working", "agency_id", "task_id", postgresql_where=text("NOT archived"),
          sqlite_where=text("archived = 0")),
)


def written_otherwise(lead_text: str, source_group_id: int | None, lead_name_key: str) -> bool:
    """Whether the notice wrote the lead under a name other than its directory name: the first
    half of `Task.given_under`, decidable without the lead's aliases (which lists then read
    only for the rows this is true of)."""
    return bool(lead_text) and source_group_id is None and name_key(lead_text) != lead_name_key


class Task(Model):
    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("parent_task_id", "period_key"),
        Index("ix_task_status_due", "status", "due_date"),
        Index("ix_task_lead_status_due", "lead_agency_id", "status", "due_date"),
        # the task list's order over the working set (not archived, written as each backend
        # renders `~Task.archived`, so the planner can use it): page 1 is read off this index
        Index("ix_task_list_order", "due_date", "id", postgresql_where=text("NOT archived"),
              sqlite_where=text("archived = 0")),
        # one agency's list: what it leads, in the same order
        Index("ix_task_lead_order", "lead_agency_id", "due_date", "id", postgresql_where=text("NOT archived"),
              sqlite_where=text("archived = 0")),
        # figures of tasks finished in a period (dashboard trend and rates, reports)
        Index("ix_task_completed", "completed_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Reference agencies quote in replies: "NV-2021-0042". Given on confirmation.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    #: Where in the document: "IV.2", "mục 3", a table row.
    item_ref: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    #: The lead as the document wrote it, kept for review and for names not in the directory.
    lead_text: Mapped[str] = mapped_column(String(500), default="")
    #: A meeting preparation deadline: its meeting and the rule it follows (it moves with the meeting).
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    prep_rule_id: Mapped[int | None] = mapped_column(ForeignKey("prep_rule.id", ondelete="SET NULL"))
    #: `name_key` of code, wording and lead: search finds "so y te" in "Sở Y tế".
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: When the task was escalated to the office for being overdue (shown in the UI).
    escalated_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: A recurring task's report for one period ("2026-11", "2026-Q4") points to the recurring task.
    parent_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str | None] = mapped_column(String(16))
    #: The group the task was assigned to, when confirmation split it per member.
    source_group_id: Mapped[int | None] = mapped_column(ForeignKey("agency_group.id", ondelete="SET NULL"))
    #: The one assignment this task is a member's share of, when it was given to a group.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("group_assignment.id", ondelete="SET NULL"),
                                                      index=True)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus, "task_status"), default=TaskStatus.DRAFT)
    #: The deadline in force (after any approved extension).
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    #: The deadline the document set, for "đúng hạn theo văn bản" reporting.
    original_due_date: Mapped[dt.date | None] = mapped_column(Date)
    recurrence: Mapped[Recurrence | None] = mapped_column(enum_column(Recurrence, "task_recurrence"))
    #: The deadline words as written: "trước ngày 30/11/2021", "hằng quý".
    due_text: Mapped[str] = mapped_column(String(500), default="")
    completed_date: Mapped[dt.date | None] = mapped_column(Date)
    #: For drafts: the sentence or table row the task was read from, shown to the reviewer.
    source_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: For drafts: what the reviewer must look at ("thời hạn 31/02 không tồn tại", unknown agency).
    review_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    #: How the extractor read the task ("giao", "chủ ngữ", "do … chủ trì", ...), shown in review.
    construction: Mapped[str] = mapped_column(String(32), default="", server_default="")
    #: iCalendar SEQUENCE of the deadline event: grows when what calendars show changes.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Bumped by every change through `tasks.operations`: a conditional UPDATE on it lets exactly
    #: one of two simultaneous changes (a double click, two clerks, a reply and a click) win.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Finished long ago (ARCHIVE_AFTER_DAYS): out of the lists' working set and its indexes,
    #: still found by search, code and reports.
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Last progress percentage reported, 0-100.
    progress_percent: Mapped[int | None] = mapped_column(Integer)
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    updated_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default, onupdate=utc_now_default)

    document = relationship("Document", back_populates="tasks")
    lead_agency = relationship("Agency", foreign_keys=[lead_agency_id])
    source_group = relationship("AgencyGroup")
    assignment: Mapped["GroupAssignment | None"] = relationship(back_populates="tasks")
    meeting = relationship("Meeting")
    support_agencies = relationship("Agency", secondary=task_support, order_by="Agency.name")
    history: Mapped[list["TaskHistoryEntry"]] = relationship(
        back_populates="task", order_by="TaskHistoryEntry.id", cascade="all, delete-orphan"
    )

    @property
    def given_under(self) -> str:
        """The name the notice gave this task to, when that is no name of its lead today (the
        body merged into another, or was renamed): lists show both. Empty otherwise."""
        if self.lead_agency is None or not written_otherwise(self.lead_text, self.source_group_id,
                                                            self.lead_agency.name_key):
            return ""
        key = name_key(self.lead_text)
        return "" if key in {a.alias_key for a in self.lead_agency.aliases} else self.lead_text

    @property
    def lead_label(self) -> str:
        """The lead as lists show it: today's name, and the name written in the notice beside it."""
        name = self.lead_agency.name if self.lead_agency is not None else self.lead_text
        return f"{name} (văn bản ghi: {self.given_under})" if self.given_under else name

    def __repr__(self) -> str:
        return f"<Task {self.code or self.id}>"


class GroupAssignment(Model):
    """One task a notice gave to a group ("UBND các xã, phường thực hiện ..."). Confirmation
    makes one task per member, so each answers and is chased on its own; lists, reports and the
    Excel show the assignment the notice made once, with its members' progress."""

    __tablename__ = "group_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("agency_group.id", ondelete="SET NULL"))
    #: The group's name when the task was given (a group may later be renamed or removed).
    group_name: Mapped[str] = mapped_column(String(255))
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)

    document = relationship("Document")
    group = relationship("AgencyGroup")
    tasks: Mapped[list[Task]] = relationship(back_populates="assignment", order_by="Task.id")


class HistoryKind(enum.Enum):
    CREATED = "created"
    ASSIGNED = "assigned"
    NOTIFIED = "notified"
    PROGRESS_REPORTED = "progress_reported"
    COMPLETED = "completed"
    COMPLETION_CONFIRMED = "completion_confirmed"
    RETURNED = "returned"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REJECTED = "extension_rejected"
    REOPENED = "reopened"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    ESCALATED = "escalated"
    COMMENT = "comment"
    CHANGED = "changed"  #: the office changed deadline, lead, coordinators or wording after confirmation


class HistorySource(enum.Enum):
    WEB = "web"
    EMAIL = "email"
    SYSTEM = "system"


class TaskHistoryEntry(Model):
    """One thing that happened to a task. Rows are never updated or deleted (see below)."""

    __tablename__ = "task_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    kind: Mapped[HistoryKind] = mapped_column(enum_column(HistoryKind, "history_kind"))
    source: Mapped[HistorySource] = mapped_column(enum_column(HistorySource, "history_source"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Who, as shown: a user's name, a sender address, "Hệ thống".
    actor_label: Mapped[str] = mapped_column(String(320), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[int | None] = mapped_column(Integer)
    #: For extension requests/approvals: the deadline proposed or granted.
    proposed_date: Mapped[dt.date | None] = mapped_column(Date)
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)

    task: Mapped[Task] = relationship(back_populates="history")
    actor = relationship("User")
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="history_entry", order_by="Attachment.id")


class Attachment(Model):
    """A file attached to a history entry; bytes live under instance/ by SHA-256."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    history_id: Mapped[int] = mapped_column(ForeignKey("task_history.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)

    history_entry: Mapped[TaskHistoryEntry] = relationship(back_populates="attachments")


class ExtensionStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ExtensionRequest(Model):
    """An agency asks for more time: the old and the proposed deadline stand side by side
    until the office decides; only an approval moves the deadline in force."""

    __tablename__ = "extension_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    previous_due_date: Mapped[dt.date | None] = mapped_column(Date)
    requested_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ExtensionStatus] = mapped_column(enum_column(ExtensionStatus, "extension_status"),
                                                    default=ExtensionStatus.PENDING, index=True)
    requested_by: Mapped[str] = mapped_column(String(320), default="")
    requested_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    decided_by: Mapped[str] = mapped_column(String(320), default="")
    decided_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship()


class TaskCodeCounter(Model):
    """Last task number given per year, so codes are dense and never reused."""

    __tablename__ = "task_code_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


@event.listens_for(Task, "before_insert")
@event.listens_for(Task, "before_update")
def _index_for_search(mapper, connection, target) -> None:  # noqa: ANN001
    from ..core.text import search_key

    lead = target.lead_agency.name if target.lead_agency is not None else target.lead_text
    target.search_text = search_key(f"{target.code or ''} {target.description} {lead or ''}")


#: Changes to these make calendar clients update the deadline event (Google only does when SEQUENCE grows).
CALENDAR_FIELDS = ("due_date", "status", "description", "code")


@event.listens_for(Task, "before_update")
def _bump_calendar_sequence(mapper, connection, target) -> None:  # noqa: ANN001
    from sqlalchemy import inspect

    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS):
        target.calendar_sequence = (target.calendar_sequence or 0) + 1


class HistoryIsAppendOnly(RuntimeError):
    pass


@event.listens_for(TaskHistoryEntry, "before_update")
@event.listens_for(Attachment, "before_update")
def _refuse_history_update(mapper, connection, target) -> None:  # noqa: ANN001
    raise HistoryIsAppendOnly("task history is append-only")


@event.listens_for(TaskHistoryEntry, "before_delete")
@event.listens_for(Attachment, "before_delete")
def _refuse_history_delete(mapper, connection, target) -> None:  # noqa: ANN001
    raise HistoryIsAppendOnly("task history is append-only")
