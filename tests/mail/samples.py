"""Replies as real clients write them (structure taken from Gmail, Outlook, Thunderbird, Zimbra)."""
from __future__ import annotations

import base64
from email.message import EmailMessage


def gmail_reply(sender: str, to: str, subject: str, answers: str, body: str, quoted: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = f"Văn thư Sở Y tế <{sender}>"
    message["To"] = to
    message["Subject"] = f"Re: {subject}"
    message["Message-ID"] = "<CAF=gmail-123@mail.gmail.com>"
    message["In-Reply-To"] = answers
    message["References"] = answers
    message.set_content(f"{body}\n\nVào Th 2, 23 thg 11, 2026 vào lúc 08:00 Đôn Đốc <{to}> đã viết:\n"
                        f"> {quoted or 'Kính gửi Sở Y tế'}\n> Giao nhiệm vụ\n")
    message.add_alternative(
        f"<div dir=\"ltr\">{body.replace(chr(10), '<br>')}</div><br><div class=\"gmail_quote\">"
        f"<div class=\"gmail_attr\">Vào Th 2 … đã viết:<br></div><blockquote>{quoted}</blockquote></div>",
        subtype="html")
    return message.as_bytes()


def outlook_reply_vi(sender: str, to: str, subject: str, answers: str, body: str, attachment: bytes | None = None) -> bytes:
    """Outlook with Vietnamese UI: "TR:"/"Trả lời:" prefixes, Từ/Đã gửi/Đến/Chủ đề block, windows-1258 text."""
    message = EmailMessage()
    message["From"] = f"Nguyen Van A <{sender}>"
    message["To"] = to
    message["Subject"] = f"TR: RE: {subject}"
    message["Message-ID"] = "<SG2PR01MB1234ABCD@SG2PR01MB.apcprd01.prod.outlook.com>"
    message["In-Reply-To"] = answers
    message["Thread-Topic"] = subject
    text = (f"{body}\n\nTrân trọng,\nNguyễn Văn A\n\n________________________________\nTừ: Đôn Đốc <{to}>\n"
            f"Đã gửi: Thứ Hai, 23 tháng 11, 2026 8:00 SA\nĐến: {sender}\nChủ đề: {subject}\n\nKính gửi Sở Y tế,\n")
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="Báo cáo kết quả.pdf")
    return message.as_bytes()


def out_of_office(sender: str, to: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Trả lời tự động: Giao nhiệm vụ"
    message["Message-ID"] = "<ooo-1@soyte.example.vn>"
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content("Tôi đang nghỉ phép đến 30/11. Đã hoàn thành")
    return message.as_bytes()


def bounce(to: str, original_id: str, recipient: str = "nobody@example.vn") -> bytes:
    return (
        f"From: Mail Delivery System <MAILER-DAEMON@mx.example.vn>\r\nTo: {to}\r\nSubject: Undelivered Mail Returned"
        f" to Sender\r\nMessage-ID: <bounce-1@mx.example.vn>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; "
        f"report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nDelivery failed."
        f"\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: dondoc@ubnd.example.vn\r\nMessage-ID: {original_id}\r\nSubject: Giao nhiem vu\r\n--b1--\r\n").encode()


def windows_1258_reply(sender: str, to: str, subject: str, answers: str) -> bytes:
    from tests.fixtures.encodings import to_windows_1258

    encoded = base64.b64encode(to_windows_1258("Đã thực hiện 60%, đang hoàn thiện báo cáo.")).decode()
    encoded_subject = base64.b64encode(("Trả lời: " + subject).encode()).decode()
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: =?utf-8?B?{encoded_subject}?=\r\n"
            f"Message-ID: <w1258-1@soyte.example.vn>\r\nIn-Reply-To: {answers}\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n").encode()


def broken_mime(sender: str, to: str) -> bytes:
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: =?utf-8?B?invalid===?=\r\nMessage-ID: <broken-1@x.vn>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"nope\"\r\n\r\n--wrong\r\n"
            f"Content-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@!!\r\n").encode()


def calendar_reply(sender: str, to: str, uid: str, partstat: str, sequence: int = 0, client: str = "outlook",
                   attendee: str | None = None, comment: str = "") -> bytes:
    """An invitation answered from a calendar: Outlook puts the REPLY in the body's calendar
    alternative ("Đã chấp nhận: ..."); Google Calendar sends text plus an invite.ics attachment."""
    words = {"ACCEPTED": ("Đã chấp nhận", "Accepted"), "DECLINED": ("Đã từ chối", "Declined"),
             "TENTATIVE": ("Dự định", "Tentative")}[partstat]
    ics = ("BEGIN:VCALENDAR\r\nPRODID:-//Test//Calendar//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
           f"ATTENDEE;PARTSTAT={partstat};CN=Van thu:mailto:{attendee or sender}\r\n"
           f"DTSTAMP:20261201T010000Z\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\n"
           + (f"COMMENT:{comment}\r\n" if comment else "")
           + "SUMMARY:Giao ban\r\nDTSTART:20261210T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    message = EmailMessage()
    message["From"] = f"Van thu <{sender}>"
    message["To"] = to
    message["Message-ID"] = f"<cal-{partstat}-{sequence}-{client}@{sender.split('@')[1]}>"
    if client == "outlook":
        message["Subject"] = f"{words[0]}: Giao ban tháng 12"
        message.set_content(comment or " ")
        message.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    else:
        message["Subject"] = f"{words[1]}: Giao ban tháng 12 @ Thu 10 Dec 2026 08:00 ({sender})"
        message.set_content(f"{sender} has {words[1].lower()} this invitation.")
        message.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
        message.add_attachment(ics.encode(), maintype="application", subtype="ics", filename="invite.ics")
    return message.as_bytes()
