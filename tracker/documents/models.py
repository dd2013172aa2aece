"""A document (văn bản) the office issued after a meeting, which assigns tasks."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, enum_column, utc_now_default
from ..extensions import Model


class DocumentKind(enum.Enum):
    CONCLUSION_NOTICE = "conclusion_notice"  #: Thông báo kết luận
    PLAN = "plan"  #: Kế hoạch
    OFFICIAL_LETTER = "official_letter"  #: Công văn
    DIRECTIVE = "directive"  #: Chỉ thị
    DECISION = "decision"  #: Quyết định
    NOTICE = "notice"  #: Thông báo
    OTHER = "other"


class DocumentStatus(enum.Enum):
    DRAFT = "draft"  #: extracted, being reviewed; its tasks are not live
    CONFIRMED = "confirmed"  #: reviewed and confirmed; its tasks are tracked
    WITHDRAWN = "withdrawn"  #: withdrawn by the office after confirmation; its open tasks were cancelled


class Document(Model):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Number and symbol as printed: "244/KH-UBND". Not unique: drafts may repeat one.
    number: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus, "document_status"), default=DocumentStatus.DRAFT
    )
    issuer: Mapped[str] = mapped_column(String(255), default="")
    signer: Mapped[str] = mapped_column(String(255), default="")
    issued_date: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text, default="")
    #: Name of the uploaded original and the content hash it is stored under in instance/.
    original_filename: Mapped[str | None] = mapped_column(String(255))
    original_sha256: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now_default)
    confirmed_dt: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: `name_key` of number, title and issuer, for search without diacritics.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Count of tasks, kept so the document list needs no aggregate per row.
    task_count: Mapped[int] = mapped_column(Integer, default=0)

    meeting = relationship("Meeting", back_populates="documents")
    tasks = relationship("Task", back_populates="document", order_by="Task.id")

    def __repr__(self) -> str:
        return f"<Document {self.number!r}>"


@event.listens_for(Document, "before_insert")
@event.listens_for(Document, "before_update")
def _index_for_search(mapper, connection, target) -> None:  # noqa: ANN001
    from ..core.text import search_key

    target.search_text = search_key(f"{target.number} {target.title} {target.issuer}")
