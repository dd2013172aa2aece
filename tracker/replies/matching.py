"""Which tasks a reply speaks of, and whether its sender may act on them.

A reply is matched only through proof that it answers our mail: one of our Message-IDs in
In-Reply-To/References, or our plus-address, each carrying a valid reply token. A task
code typed in the subject or body only narrows that set; on its own it proves nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..agencies.models import AgencyEmail
from ..tasks.models import Task
from ..mail import tokens
from ..mail.models import OutboxMessage, OutboxTask
from ..mail.outbox import MailSettings
from ..mail.parse import ParsedMail


@dataclass
class Match:
    tasks: list[Task]
    proof: str  #: how we know it answers our mail, for the history


def match_reply(session: Session, parsed: ParsedMail, settings: MailSettings) -> Match | None:
    for answered in parsed.answers:  # newest first
        read = tokens.read_message_id(answered, settings.domain)
        if read and tokens.is_valid(settings.secret, *read):
            tasks = _tasks_of_message(session, OutboxMessage.message_id == answered)
            if tasks:
                return Match(tasks, f"trả lời thư {answered}")
    local = settings.sender.partition("@")[0].lower()
    for address in parsed.recipients:
        read = tokens.read_plus_address(address)
        if not read or not address.startswith(local + "+") or not tokens.is_valid(settings.secret, *read):
            continue
        reference = read[0]
        if reference.startswith("NV-"):
            task = session.scalar(select(Task).where(Task.code == reference))
            if task is not None:
                return Match([task], f"địa chỉ trả lời {address}")
        tasks = _tasks_of_message(session, OutboxMessage.reply_to == address)
        if tasks:
            return Match(tasks, f"địa chỉ trả lời {address}")
    return None


def _tasks_of_message(session: Session, condition) -> list[Task]:  # noqa: ANN001
    return list(session.scalars(
        select(Task).join(OutboxTask, OutboxTask.task_id == Task.id).join(OutboxMessage)
        .where(condition).options(selectinload(Task.support_agencies)).order_by(Task.id)).unique())


def sender_agency_ids(session: Session, address: str) -> set[int]:
    """Agencies for which `address` is registered as allowed to act by email."""
    return set(session.scalars(select(AgencyEmail.agency_id).where(AgencyEmail.address == address.lower(),
                                                                   AgencyEmail.may_act.is_(True))))


def authentication_passes(header: str, from_addr: str, authserv_id: str = "") -> bool:
    """DMARC pass, or DKIM pass aligned with the From domain, in our server's own stamp.

    SPF alone proves nothing about From. Only the top-most header counts: lower ones may have
    been written by the sender.
    """
    if not header:
        return False
    if authserv_id and not header.lower().startswith(authserv_id.lower()):
        return False
    domain = from_addr.rpartition("@")[2].lower()
    if re.search(r"\bdmarc=pass\b", header, re.I):
        return True
    for match in re.finditer(r"\bdkim=pass\b[^;]*?header\.d=([\w.-]+)", header, re.I):
        signer = match.group(1).lower()
        if domain == signer or domain.endswith("." + signer):
            return True
    return False
