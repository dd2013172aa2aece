"""Acting on one inbound message, inside the transaction that marks it handled.

Order of questions: is it a machine talking (ignore, never answer)? Is it an office
forwarding a notice (import a draft)? Does it answer our mail (reply token)? May its sender
act on those tasks (registered address; only the lead completes or asks for more time;
authentication when required)? Then: what does it say, record it, and confirm by mail.
Anything that fails a question waits in the quarantine with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..agencies.models import Agency, AgencyEmail, AgencyKind
from ..core.errors import DomainError
from ..core.files import FileStore, NewFile
from ..tasks import operations as ops
from ..tasks.models import HistorySource, Task, TaskStatus
from ..users.models import Role, User
from .bounces import mark_arriving, record_bounce
from .calendar_answers import record_calendar_answers
from .matching import authentication_passes, match_reply, sender_agency_ids
from ..core.dates import VN_TZ, now_utc, today_vn
from ..mail.inbox import PREVIEW_CHARS, TOO_LARGE_HEADER
from ..mail.models import InboundMessage, InboundStatus
from ..mail.outbox import Mail, MailSettings, queue_mail
from ..mail.parse import ParsedMail, parse_mail
from .intents import CODE, Intent, new_text, read_intent

MACHINE_REASONS = {"auto-reply": "Thư trả lời tự động", "bounce": "Thư báo lỗi gửi (bounce)",
                   "own": "Thư của chính hệ thống", "calendar-reply": "Trả lời lời mời họp từ lịch"}
FINISHED = (TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.AWAITING_CONFIRMATION)


@dataclass
class InboxContext:
    mail: MailSettings
    store: FileStore
    confirm_completions: bool = True
    require_authentication: bool = False
    authserv_id: str = ""
    max_document_bytes: int = 10 * 1024 * 1024
    max_message_bytes: int = 25 * 1024 * 1024

    @classmethod
    def from_config(cls, config: dict, store: FileStore) -> "InboxContext":
        return cls(MailSettings.from_config(config), store, config["CONFIRM_COMPLETIONS"],
                   config.get("MAIL_REQUIRE_AUTHENTICATION", False), config.get("MAIL_AUTHSERV_ID", ""),
                   config["MAX_DOCUMENT_BYTES"], int(config["IMAP_MAX_MESSAGE_BYTES"]))


def handle_inbound(session: Session, message: InboundMessage, ctx: InboxContext) -> None:
    parsed = parse_mail(message.raw, ctx.mail.sender)
    remember_preview(message, parsed)
    if parsed.machine == "bounce":
        returned = record_bounce(session, message.raw, parsed.message_id)
        if returned:  # one of ours did not arrive: the office must know
            _finish(message, InboundStatus.PROCESSED, returned, needs_office=True)
            return
    if parsed.machine == "calendar-reply" and _answer_meetings(session, message, parsed, ctx):
        return
    if parsed.machine:
        _finish(message, InboundStatus.IGNORED, MACHINE_REASONS[parsed.machine])
        return
    if is_too_large(message):
        _refuse_too_large(session, message, parsed, ctx)
        return
    if not parsed.from_addr:
        _finish(message, InboundStatus.QUARANTINED, _no_sender_reason(parsed))
        return
    match = match_reply(session, parsed, ctx.mail)
    if match is None and _is_office(session, parsed.from_addr):
        _import_forwarded_notice(session, message, parsed, ctx)
        return
    if match is None:
        codes = sorted({c.upper() for c in CODE.findall(parsed.subject + " " + parsed.text)})
        reason = "Không xác định được nhiệm vụ (thư không trả lời thư của hệ thống)."
        if codes:  # a typed code proves nothing; it helps the office assign the message
            reason = f"Thư nhắc {', '.join(codes)} nhưng không trả lời thư của hệ thống (thiếu mã xác thực)."
        _finish(message, InboundStatus.QUARANTINED, reason)
        if _may_answer_stranger(parsed, ctx):
            _answer(session, ctx, parsed, "reply_unmatched", {},
                    subject="Đôn Đốc: thư của quý cơ quan chưa được ghi nhận",
                    key=f"reply_unmatched:{parsed.from_addr}:{today_vn():%Y-%m-%d}")
        return
    _act_on_reply(session, message, parsed, match.tasks, match.proof, ctx)


def _no_sender_reason(parsed: ParsedMail) -> str:
    """Why a message has no sender to act for: none written, or one the MIME hid."""
    if not parsed.problems:
        return "Thư không ghi người gửi (thiếu dòng From): không biết cơ quan nào gửi."
    return "Thư không đọc được người gửi: " + "; ".join(parsed.problems)


def remember_preview(message: InboundMessage, parsed: ParsedMail) -> None:
    """What the office's queue will show, kept so the queue never parses the message again."""
    message.preview = parsed.text[:PREVIEW_CHARS]
    message.attachment_names = ", ".join(name for name, _kind, _data in parsed.attachments)[:2000]


def is_too_large(message: InboundMessage) -> bool:
    """Stored without its body because of its size (the mark alone could be forged by a sender)."""
    return f"\n{TOO_LARGE_HEADER}:".encode() in message.raw and message.size > len(message.raw)


def _refuse_too_large(session: Session, message: InboundMessage, parsed: ParsedMail, ctx: InboxContext) -> None:
    size_mb = f"{message.size / 1048576:.1f}".replace(".", ",")
    _finish(message, InboundStatus.QUARANTINED,
            f"Thư quá lớn ({size_mb} MB), chưa tải nội dung về; người gửi đã được đề nghị gửi lại nhỏ hơn.")
    if parsed.from_addr and _may_answer_stranger(parsed, ctx):
        codes = sorted({c.upper() for c in CODE.findall(parsed.subject)})
        received = message.received_dt.astimezone(VN_TZ) if message.received_dt else now_utc().astimezone(VN_TZ)
        _answer(session, ctx, parsed, "reply_too_large",
                {"size_mb": size_mb, "limit_mb": ctx.max_message_bytes // 1048576, "subject_hint": ", ".join(codes),
                 "received": f"{received:%H:%M %d/%m/%Y}"},
                subject="Đôn Đốc: thư quá lớn, chưa đọc được",
                key=f"reply_too_large:{parsed.from_addr}:{today_vn():%Y-%m-%d}")


def _answer_meetings(session: Session, message: InboundMessage, parsed: ParsedMail, ctx: InboxContext) -> bool:
    """A calendar's answer to one of our invitations, recorded on the meeting. Only when the
    sender may be believed (authentication, when the office requires it)."""
    if not parsed.from_addr or not _believed(parsed, ctx):
        return False
    recorded = record_calendar_answers(session, message.raw, parsed.from_addr)
    if recorded:
        _finish(message, InboundStatus.PROCESSED, "Trả lời lời mời họp: " + "; ".join(recorded))
    return bool(recorded)


def _act_on_reply(session: Session, message: InboundMessage, parsed: ParsedMail, tasks: list[Task], proof: str,
                  ctx: InboxContext) -> None:
    agencies = sender_agency_ids(session, parsed.from_addr)
    if not agencies:
        _finish(message, InboundStatus.QUARANTINED, f"Người gửi {parsed.from_addr} chưa được đăng ký trong danh bạ.")
        return
    if not _believed(parsed, ctx):
        _finish(message, InboundStatus.QUARANTINED, "Thư không qua được kiểm tra xác thực (DMARC/DKIM).")
        return
    mark_arriving(session, parsed.from_addr)  # it answers our mail, so our mail reaches it
    own = [t for t in tasks if t.lead_agency_id in agencies or any(a.id in agencies for a in t.support_agencies)]
    if not own:
        _finish(message, InboundStatus.QUARANTINED,
                f"{parsed.from_addr} không thuộc cơ quan được giao nhiệm vụ {', '.join(t.code for t in tasks)}.")
        return
    intent = read_intent(new_text(parsed.text))
    if intent.codes:
        own = [t for t in own if t.code in intent.codes] or own
    if intent.kind != "progress" and len(own) > 1:
        _finish(message, InboundStatus.QUARANTINED, "Thư nói về nhiều nhiệm vụ; cần ghi rõ mã nhiệm vụ hoàn thành "
                                                    "hoặc xin gia hạn.")
        _answer(session, ctx, parsed, "reply_ambiguous", {"tasks": own})
        return
    recorded = [_record(session, task, agencies, parsed, intent, ctx, message) for task in own]
    message.task_id = own[0].id
    _finish(message, InboundStatus.PROCESSED, f"Ghi nhận qua {proof}", needs_office=message.needs_office)
    _answer(session, ctx, parsed, "reply_recorded", {"recorded": recorded})


def _record(session: Session, task: Task, agencies: set[int], parsed: ParsedMail, intent: Intent,
            ctx: InboxContext, message: InboundMessage) -> str:
    """Record one task's update; returns the line for the confirmation email."""
    actor = ops.Actor(HistorySource.EMAIL, parsed.from_addr)
    note = new_text(parsed.text)[:4000]
    files = [NewFile(name, data, kind) for name, kind, data in parsed.attachments]
    is_lead = task.lead_agency_id in agencies
    if task.status in FINISHED or task.status is TaskStatus.POSTPONED:
        message.needs_office = True
        ops.add_comment(session, task, actor, "(Thư gửi sau khi nhiệm vụ đã kết thúc) " + note, files, ctx.store)
        return f"{task.code}: đã lưu ý kiến; nhiệm vụ đã kết thúc nên trạng thái không đổi."
    try:
        if intent.kind == "completed" and is_lead:
            ops.report_completion(session, task, actor, today_vn(), note, files, ctx.store,
                                  needs_confirmation=ctx.confirm_completions)
            waiting = task.status is TaskStatus.AWAITING_CONFIRMATION
            return f"{task.code}: đã ghi nhận hoàn thành" + (" (chờ Văn phòng xác nhận)." if waiting else ".")
        if intent.kind == "extension" and is_lead and intent.requested_date:
            ops.request_extension(session, task, actor, intent.requested_date, note, files, ctx.store)
            return f"{task.code}: đã chuyển đề nghị gia hạn đến {intent.requested_date:%d/%m/%Y} tới Văn phòng."
    except DomainError as exc:
        message.needs_office = True
        ops.add_comment(session, task, actor, f"({exc.message}) {note}", files, ctx.store)
        return f"{task.code}: đã lưu ý kiến; chưa thực hiện được yêu cầu: {exc.message}"
    if intent.kind != "progress":
        message.needs_office = True  # a coordinator cannot close or extend; an unreadable date
    ops.report_progress(session, task, actor, note, intent.percent, files, ctx.store)
    percent = f" ({intent.percent}%)." if intent.percent is not None else "."
    return f"{task.code}: đã ghi nhận báo cáo tiến độ" + percent


def _is_office(session: Session, address: str) -> bool:
    """An address of the office: an office user's login, or a mailbox of the office agency."""
    user = session.scalar(select(User).where(User.email == address, User.role.in_([Role.OFFICE, Role.ADMIN])))
    if user is not None:
        return True
    return session.scalar(select(AgencyEmail.id).join(Agency).where(AgencyEmail.address == address,
                                                                    Agency.kind == AgencyKind.OFFICE)) is not None


def _import_forwarded_notice(session: Session, message: InboundMessage, parsed: ParsedMail,
                             ctx: InboxContext) -> None:
    from ..documents.reading import read_document
    from ..documents.services import import_document

    try:
        text = read_document("forwarded.eml", message.raw, ctx.max_document_bytes)
        with session.begin_nested():
            document = import_document(session, text, ctx.store)
    except DomainError as exc:
        _finish(message, InboundStatus.QUARANTINED, f"Thư chuyển tiếp văn bản không đọc được: {exc.message}")
        return
    _finish(message, InboundStatus.PROCESSED, f"Đã nhập văn bản dự thảo #{document.id} ({document.number}) để rà soát.",
            needs_office=True)


def _finish(message: InboundMessage, status: InboundStatus, reason: str, needs_office: bool = False) -> None:
    message.status, message.reason = status, reason[:2000]
    message.needs_office = needs_office or status is InboundStatus.QUARANTINED


#: Addresses no person reads: answering them only feeds a loop.
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|donotreply|noreply|mailer|bounces?|notifications?|"
                       r"auto|automated|system|daemon|postmaster)\b|[-_.+](?:noreply|no-reply|bounce)\b", re.I)


def _may_answer_stranger(parsed: ParsedMail, ctx: InboxContext) -> bool:
    """An unmatched message is answered only when a person could be there and is who they say:
    not a no-reply or system address, and not a sender that failed authentication (backscatter
    to a forged From would spam an innocent address)."""
    if _NO_REPLY.search(parsed.from_addr.split("@")[0]):
        return False
    return _believed(parsed, ctx)


def _believed(parsed: ParsedMail, ctx: InboxContext) -> bool:
    """The sender is who From says, as far as the office requires it (DMARC/DKIM)."""
    return not ctx.require_authentication or authentication_passes(parsed.authentication, parsed.from_addr,
                                                                   ctx.authserv_id)


def _answer(session: Session, ctx: InboxContext, parsed: ParsedMail, template: str, context: dict,
            subject: str | None = None, key: str | None = None) -> None:
    """A short reply to the sender (never to machines: they were filtered out before). `key`
    makes repeats of the same answer a no-op (one per message by default)."""
    if subject is None:
        subject = parsed.subject if parsed.subject.lower().startswith(("re:", "trả lời:")) else f"Re: {parsed.subject}"
    text = render_template(f"mail/{template}.txt", mailbox=ctx.mail.sender, **context)
    if key is None and parsed.message_id:
        key = f"{template}:{parsed.message_id}"
    answers = parsed.message_id if len(parsed.message_id) <= 998 else ""  # a longer one is no valid header
    queue_mail(session, ctx.mail, Mail(kind=template, to=[parsed.from_addr], subject=subject[:900], text=text,
                                       in_reply_to=answers, dedupe_key=key[:200] if key else None))
