"""Who a deadline notice goes to: the lead, its coordinators copied, except on a group's shares."""
import datetime as dt

import pytest

from tracker.agencies.models import AgencyKind
from tracker.followup.policy import FollowupPolicy
from tracker.followup.reminders import run_followup
from tracker.mail.models import OutboxMessage
from tracker.tasks.models import GroupAssignment
from tests.mail.test_outbox import SETTINGS

DUE = dt.date(2026, 6, 19)  # a Friday; the deadline-day reminder goes out that morning


@pytest.mark.parametrize("members", [3, 12])
def test_a_groups_shares_each_remind_their_commune_and_copy_no_coordinator(session, make_agency, make_task,
                                                                          make_document, app, members):
    document = make_document()
    health = make_agency("Sở Y tế", emails=("vanthu@soyte.example.vn",))
    finance = make_agency("Sở Tài chính", emails=("vanthu@sotc.example.vn",))
    communes = [make_agency(f"UBND xã Thử {n}", kind=AgencyKind.COMMUNE, emails=(f"xa{n}@example.vn",))
                for n in range(members)]
    share = GroupAssignment(document=document, group_name="UBND các xã, phường")
    for commune in communes:
        make_task(lead=commune, support=(health,), due=DUE, document=document, assignment=share)
    alone = make_task(lead=finance, support=(health,), due=DUE, document=document)
    session.commit()
    now = dt.datetime(2026, 6, 19, 1, 0, tzinfo=dt.timezone.utc)
    run_followup(session, SETTINGS, FollowupPolicy.from_config(app.config), DUE, now)
    session.commit()
    sent = session.query(OutboxMessage).filter(OutboxMessage.kind == "reminder").all()
    assert sorted(a for m in sent for a in m.to_addrs.split(", ")) == sorted(
        [f"xa{n}@example.vn" for n in range(members)] + ["vanthu@sotc.example.vn"])
    copied = [m for m in sent if "vanthu@soyte.example.vn" in (m.cc_addrs or "")]
    assert [m.subject for m in copied] == [f"[{alone.code}] Nhắc thời hạn {DUE:%d/%m/%Y}"]
