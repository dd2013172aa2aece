"""Benchmark: reading hostile and large messages the way the inbox does.

Prints, for each message, the milliseconds `parse_mail` + `read_reply` take and the ratio to
the standard library's bare `email.message_from_bytes` of the same bytes in the same run.
Target: no message of up to 1 MB over 1 s, and time linear in size.

    python -m bench.mail_parse [--runs N]
"""
from __future__ import annotations

import argparse
import email
from email import policy
from email.message import EmailMessage

from bench.timing import median_ms
from tracker.mail.parse import parse_mail
from tracker.replies.intents import read_reply

US = "dondoc@ubnd.example.vn"


def _message(html: str, text: str = "") -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "vt@soyte.example.vn", US, "Re: [NV-2026-0001] Giao nhiệm vụ"
    mail["Message-ID"] = "<bench@soyte.example.vn>"
    if text:
        mail.set_content(text)
        mail.add_alternative(html, subtype="html")
    else:
        mail.set_content(html, subtype="html")
    return bytes(mail)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ("'<div ' x 30 KB", _message("<div " * 6_000)),
        ("'<div ' x 100 KB", _message("<div " * 20_000)),
        ("'<div ' x 1 MB", _message("<div " * 200_000)),
        ("nested <div><p> 100 KB", _message("<div><p>" * 12_000 + "Đã hoàn thành")),
        ("Gmail reply, 1 MB quote", _message('<div>Đã hoàn thành.</div><div class="gmail_quote">'
                                             + "<p>Nội dung thư gốc rất dài.</p>" * 30_000 + "</div>")),
        ("text reply, 1 MB quote", _message("<p>x</p>", "Đã hoàn thành.\n\nVào ... đã viết:\n"
                                            + "> dòng trích dẫn của thư gốc\n" * 35_000)),
    ]
    print(f"{'message':<28}{'KB':>8}{'ms':>10}{'bare ms':>10}{'ratio':>8}  intent")
    for label, raw in cases:
        ms = median_ms(lambda r=raw: read_reply(parse_mail(r, US)), args.runs, warmup=1)
        bare = median_ms(lambda r=raw: email.message_from_bytes(r, policy=policy.default), args.runs, warmup=1)
        intent = read_reply(parse_mail(raw, US)).intent
        print(f"{label:<28}{len(raw) / 1024:>8.0f}{ms:>10.1f}{bare:>10.1f}{ms / bare:>8.1f}  {intent}")


if __name__ == "__main__":
    main()
