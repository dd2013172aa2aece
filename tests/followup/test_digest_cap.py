"""The weekly digest's cost follows the week's mail: lists capped, counts whole."""
import datetime as dt

from tracker.agencies.models import AgencyEmail
from tracker.followup.digest import collect, digest_mails
from tracker.followup.policy import FollowupPolicy
from tracker.core.dates import WorkingCalendar
from tracker.tasks import operations as ops

MONDAY = dt.date(2026, 12, 7)


def test_each_mail_lists_the_most_urgent_and_counts_them_all(app_ctx, session, make_agency, make_task):
    health, finance = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    health.emails = [AgencyEmail(address="vt@soyte.example.vn", may_act=True)]
    overdue = [make_task(lead=health, due=MONDAY - dt.timedelta(days=n + 1), description=f"Quá hạn {n}")
               for n in range(12)]
    helping = [make_task(lead=finance, support=(health,), due=MONDAY - dt.timedelta(days=40 + n)) for n in range(3)]
    for n in range(9):
        make_task(lead=health, due=MONDAY + dt.timedelta(days=n % 5))
    ops.report_completion(session, overdue[0], ops.Actor.system(), MONDAY)  # done: neither listed nor counted
    make_task(lead=health, due=MONDAY + dt.timedelta(days=30))  # not this week's work
    session.flush()
    data = collect(session, MONDAY, limit=5)
    digest = data.agencies[health.id]
    assert (digest.overdue_count, digest.due_count) == (11 + 3, 9)
    assert [t.id for t in digest.overdue] == [t.id for t in reversed(helping)] + [overdue[11].id, overdue[10].id]
    assert len(digest.due_this_week) == 5 and [t.due_date for t in digest.due_this_week] == sorted(
        t.due_date for t in digest.due_this_week)
    assert data.agencies[finance.id].overdue_count == 3 and data.overdue_total == 14
    [lead] = [lead for lead in data.late_leads if lead.agency.id == health.id]
    assert lead.overdue_count == 11 and len(lead.overdue) == 5  # the office counts each task under its lead
    mails = [m for m in digest_mails(session, data, FollowupPolicy(WorkingCalendar())) if m.kind == "digest"]
    [mail] = [m for m in mails if "vt@soyte.example.vn" in m.to]
    assert "14 quá hạn, 9 đến hạn" in mail.subject and "QUÁ HẠN (14), 5 nhiệm vụ quá hạn lâu nhất" in mail.text
    assert "Xem tất cả: http://tracker.test/tasks/?agency=S%E1%BB%9F%20Y%20t%E1%BA%BF&state=overdue" in mail.text
    assert len(mail.tasks) == 10  # one link row per task listed, not per task owed
