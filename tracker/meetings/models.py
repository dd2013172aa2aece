"""Briefing meetings. Model only for now; behaviour comes with the calendar work."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..extensions import Model, db


class MeetingCadence(enum.Enum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    AD_HOC = "ad_hoc"


class MeetingMode(enum.Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"  #: trực tuyến kết hợp trực tiếp


class MeetingStatus(enum.Enum):
    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    CANCELLED = "cancelled"
    MOVED = "moved"


class PrepLead(enum.Enum):
    """Who a preparation deadline is for."""

    OFFICE = "office"  #: Văn phòng UBND (the agency of kind "office")
    ATTENDEES = "attendees"  #: every attending agency, one task each
    TOPIC_AGENCY = "topic_agency"  #: the department leading the meeting's topic


class PrepTiming(enum.Enum):
    DAY_OF_MONTH = "day_of_month"  #: "trước ngày 15 hằng tháng": that day of the meeting's month
    DAYS_BEFORE = "days_before"  #: "ít nhất 03 ngày trước ngày diễn ra giao ban"
    WORKING_DAYS_BEFORE = "working_days_before"
    WORKING_DAYS_AFTER_REPORTS = "working_days_after_reports"  #: "trong 03 ngày làm việc kể từ khi nhận báo cáo"


meeting_attendee = Table(
    "meeting_attendee",
    db.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class MeetingSeries(Model):
    """A recurring briefing: "Giao ban công tác văn hóa - xã hội hằng tháng"."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    cadence: Mapped[MeetingCadence] = mapped_column(enum_column(MeetingCadence, "meeting_cadence"))
    #: Free-text rule as the plan states it: "từ ngày 20 đến ngày 27 hằng tháng".
    schedule_rule: Mapped[str] = mapped_column(Text, default="")
    chair: Mapped[str] = mapped_column(String(255), default="")
    default_venue: Mapped[str] = mapped_column(Text, default="")
    #: Where planned meetings fall: the day of the month (monthly, quarterly: in the quarter's last
    #: month, annual: in December) or the weekday 0-6 (weekly, 3 = Thursday), and the hour.
    default_day: Mapped[int] = mapped_column(Integer, default=25, server_default="25")
    default_hour: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    organiser_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))

    meetings: Mapped[list["Meeting"]] = relationship(back_populates="series", order_by="Meeting.start_dt")


class PrepRule(Model):
    """How a preparation deadline follows from a meeting; the office edits these.

    Rules with no series apply to every series that has none of its own.
    """

    __tablename__ = "prep_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: What to do, with {meeting} for the meeting's title and date: "Phát hành Giấy mời họp {meeting}".
    description: Mapped[str] = mapped_column(Text)
    lead: Mapped[PrepLead] = mapped_column(enum_column(PrepLead, "prep_lead"))
    timing: Mapped[PrepTiming] = mapped_column(enum_column(PrepTiming, "prep_timing"))
    value: Mapped[int] = mapped_column(Integer)
    #: The deadline words as a plan would write them, for the task's "due_text".
    due_words: Mapped[str] = mapped_column(String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True)


class Meeting(Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    #: Chuyên đề of the meeting and the department leading it.
    topic: Mapped[str] = mapped_column(Text, default="")
    topic_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    start_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    chair: Mapped[str] = mapped_column(String(255), default="")
    #: Main hall and district video points, one per line.
    venues: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[MeetingMode] = mapped_column(enum_column(MeetingMode, "meeting_mode"), default=MeetingMode.IN_PERSON)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED
    )
    #: iCalendar SEQUENCE: grows on every change calendar clients must notice.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default, onupdate=utc_now_default)

    series: Mapped[MeetingSeries | None] = relationship(back_populates="meetings")
    attendees = relationship("Agency", secondary=meeting_attendee)
    topic_agency = relationship("Agency", foreign_keys=[topic_agency_id])
    documents = relationship("Document", back_populates="meeting")
    responses: Mapped[list["MeetingResponse"]] = relationship(back_populates="meeting", cascade="all, delete-orphan",
                                                              order_by="MeetingResponse.address")

    #: Not stored: the preparation deadlines the last planning or move skipped as already past.
    skipped_preparation: list[str] = []


class InvitationAnswer(enum.Enum):
    """PARTSTAT of an iCalendar REPLY (RFC 5546), the three a person can choose."""

    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"


class MeetingResponse(Model):
    """An attending agency's answer to the invitation, as its calendar sent it. One row per
    address: a later answer (a changed mind) replaces the earlier one."""

    __tablename__ = "meeting_response"
    __table_args__ = (UniqueConstraint("meeting_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    address: Mapped[str] = mapped_column(String(320))
    answer: Mapped[InvitationAnswer] = mapped_column(enum_column(InvitationAnswer, "invitation_answer"))
    #: The SEQUENCE the answer was given to: an answer to an older time is shown as such.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)

    meeting: Mapped[Meeting] = relationship(back_populates="responses")
    agency = relationship("Agency")


class MeetingInvitation(Model):
    """What an agency's calendar was last sent about a meeting (RFC 5546): the SEQUENCE and
    whether it was a CANCEL. Sending again only where this differs from the meeting makes a
    second click send nothing, a change send one update per agency, and a dropped attendee a
    CANCEL of its own."""

    __tablename__ = "meeting_invitation"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(default=False)
    sent_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)


#: Changes to these make calendar clients update the meeting event.
CALENDAR_FIELDS = ("start_dt", "end_dt", "status", "title", "venues", "topic", "mode")


@event.listens_for(Meeting, "before_update")
def _bump_sequence(mapper, connection, target) -> None:  # noqa: ANN001
    from sqlalchemy import inspect

    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS if name != "status") \
            or _cancelled_or_restored(state.attrs["status"].history):
        target.sequence = (target.sequence or 0) + 1


def _cancelled_or_restored(history) -> bool:  # noqa: ANN001
    """Of status changes only cancelling shows in a calendar; "invited", "moved" and "held" are
    the office's bookkeeping, and bumping SEQUENCE for them made the first invitation stale."""
    return MeetingStatus.CANCELLED in [*history.added, *history.deleted]
