"""IDLE with a real Dovecot: new mail is noticed within seconds."""
import threading
import time

from imapclient import IMAPClient

from tests.mail.test_round_trip import mailbox  # noqa: F401 - fixture
from tracker.mail.idle import watch_inbox


def test_idle_notices_new_mail_at_once(mailbox):  # noqa: F811
    calls: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch_inbox, args=(mailbox, lambda: calls.append(time.monotonic()), stop),
                              kwargs={"renew_seconds": 2, "check_seconds": 0.2})
    thread.start()
    deadline = time.monotonic() + 5
    while not calls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(calls) == 1  # the catch-up call when it starts watching
    time.sleep(2.5)  # IDLE re-issued at least once meanwhile
    with IMAPClient(mailbox.host, port=mailbox.port, ssl=False) as client:
        client.login(mailbox.username, mailbox.password)
        sent = time.monotonic()
        client.append("INBOX", b"From: a@b.vn\r\nSubject: x\r\nMessage-ID: <idle-1@b.vn>\r\n\r\nDa hoan thanh\r\n")
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(5)
    assert len(calls) == 2 and calls[1] - sent < 3
    assert not thread.is_alive()
