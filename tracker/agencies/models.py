"""Agencies as documents name them, the groups documents assign to, and their mailboxes."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import UTCDateTime, enum_column
from ..core.text import name_key
from ..extensions import Model, db


class Succession(enum.Enum):
    """How a body stopped existing as such (stored by value in `Agency.succession`)."""

    MERGED = "merged"  #: merged into another (Sở Kế hoạch và Đầu tư into Sở Tài chính)
    RENAMED = "renamed"  #: the same body under a new name
    DISSOLVED = "dissolved"  #: gone, no successor (district UBNDs from 1 July 2025)


class AgencyKind(enum.Enum):
    DEPARTMENT = "department"  #: sở, ban, ngành cấp tỉnh/thành phố
    DISTRICT = "district"  #: UBND quận, huyện, thị xã
    COMMUNE = "commune"  #: UBND xã, phường, thị trấn
    OFFICE = "office"  #: Văn phòng UBND: the office that follows up on everyone
    OTHER = "other"  #: mặt trận, đoàn thể, doanh nghiệp, cơ quan trung ương ...


agency_group_member = Table(
    "agency_group_member",
    db.metadata,
    Column("group_id", ForeignKey("agency_group.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Agency(Model):
    """A body that can lead or coordinate a task (cơ quan, đơn vị)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Canonical Vietnamese name, as written in full: "Sở Thông tin và Truyền thông".
    name: Mapped[str] = mapped_column(String(255), unique=True)
    #: `name_key(name)`, for matching names as people write them.
    name_key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind, "agency_kind"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: From `succeeded_on` this body no longer exists as such: merged into or renamed as
    #: `successor` (tasks go there), or dissolved (no successor). Its name stays, as history
    #: and so that older notices naming it are still read.
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    succeeded_on: Mapped[dt.date | None] = mapped_column(Date)
    succession: Mapped[str] = mapped_column(String(16), default="", server_default="")

    successor: Mapped["Agency | None"] = relationship(remote_side="Agency.id", foreign_keys=[successor_id])
    aliases: Mapped[list["AgencyAlias"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="AgencyAlias.id"
    )
    emails: Mapped[list["AgencyEmail"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan", order_by="AgencyEmail.id"
    )
    groups: Mapped[list["AgencyGroup"]] = relationship(
        secondary=agency_group_member, back_populates="members"
    )

    @property
    def short_names(self) -> list[str]:
        return [a.alias for a in self.aliases]

    @property
    def short_name(self) -> str:
        """The shortest way documents write it, for tight table cells."""
        return min(self.short_names, key=len) if self.short_names else self.name

    def __repr__(self) -> str:
        return f"<Agency {self.name!r}>"


class AliasColumns:
    """Another way documents write a name, with its matching key.

    The key is unique per table: one abbreviation must never name two agencies (or groups).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(255))
    alias_key: Mapped[str] = mapped_column(String(255), unique=True)

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.alias_key = name_key(alias)


class AgencyAlias(AliasColumns, Model):
    """A short name or abbreviation as documents write it: "Sở TT&TT", "VP UBND TP"."""

    __tablename__ = "agency_alias"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    agency: Mapped[Agency] = relationship(back_populates="aliases")


class AgencyEmail(Model):
    """A mailbox of an agency. Only addresses with `may_act` can change tasks by replying."""

    __tablename__ = "agency_email"
    __table_args__ = (UniqueConstraint("agency_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    #: Lower-cased address.
    address: Mapped[str] = mapped_column(String(320), index=True)
    may_act: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Set when a mail to this address bounced: the office must check it. Cleared when the
    #: office saves the agency's addresses again, or when a reply from it shows our mail arrives.
    failing_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failing_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    agency: Mapped[Agency] = relationship(back_populates="emails")


class AgencyGroup(Model):
    """A set of agencies documents assign to at once: "UBND các quận, huyện, thị xã"."""

    __tablename__ = "agency_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    name_key: Mapped[str] = mapped_column(String(255), unique=True)

    aliases: Mapped[list["AgencyGroupAlias"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="AgencyGroupAlias.id"
    )
    members: Mapped[list[Agency]] = relationship(
        secondary=agency_group_member, back_populates="groups", order_by=Agency.name
    )

    def __repr__(self) -> str:
        return f"<AgencyGroup {self.name!r}>"


class AgencyGroupAlias(AliasColumns, Model):
    """Another way documents name the same group: "UBND cấp huyện"."""

    __tablename__ = "agency_group_alias"

    group_id: Mapped[int] = mapped_column(ForeignKey("agency_group.id", ondelete="CASCADE"), index=True)
    group: Mapped[AgencyGroup] = relationship(back_populates="aliases")
