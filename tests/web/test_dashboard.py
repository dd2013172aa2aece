import datetime as dt
import re

import pytest
import time_machine

from tests.fixtures.factories import PASSWORD
from tracker.core.dates import VN_TZ, today_vn
from tracker.tasks import operations as ops
from tracker.users.models import Role


@pytest.fixture
def mid_month():
    """The trend groups completions by month: dates a few days back must stay in this month,
    whatever day the suite runs on (it failed on the 1st-5th of every month)."""
    with time_machine.travel(dt.datetime(2026, 6, 20, 10, 0, tzinfo=VN_TZ), tick=True):
        yield


def test_office_dashboard_ranks_late_agencies_and_draws_the_trend(client, session, make_agency, make_task, make_user,
                                                                   mid_month):
    today = today_vn()
    slow, quick = make_agency("Sở Chậm"), make_agency("Sở Nhanh")
    for days in (3, 30):
        make_task(lead=slow, due=today - dt.timedelta(days=days))
    make_task(lead=quick, due=today - dt.timedelta(days=1))
    done = make_task(lead=quick, due=today - dt.timedelta(days=2))
    ops.report_completion(session, done, ops.Actor.system(), today - dt.timedelta(days=5))
    late = make_task(lead=slow, due=today - dt.timedelta(days=9))
    ops.report_completion(session, late, ops.Actor.system(), today - dt.timedelta(days=1))
    office = make_user(Role.OFFICE)
    session.commit()
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    page = client.get("/").get_data(as_text=True)
    ranked = re.findall(r'state=overdue">(Sở [^<]+)</a></td>\s*<td data-label="[^"]+">(\d+)</td>', page)
    assert ranked == [("Sở Chậm", "2"), ("Sở Nhanh", "1")]
    assert "<svg" in page and f"{today:%m/%Y}: 50.0%" in page  # one on time, one late this month
    assert re.search(r"<td>Sở Nhanh</td><td>1</td><td>0</td><td>100.0%</td>", page)
    assert "Thư chờ xử lý: <strong>0</strong>" in page


def test_liaison_lands_on_its_agency_page_most_urgent_first(client, session, make_agency, make_task, make_user):
    today = today_vn()
    mine, other = make_agency("Sở Y tế"), make_agency("Sở Khác")
    later = make_task(lead=mine, due=today + dt.timedelta(days=20), description="Việc để sau")
    urgent = make_task(lead=mine, due=today - dt.timedelta(days=2), description="Việc quá hạn")
    helping = make_task(lead=other, support=(mine,), due=today + dt.timedelta(days=1), description="Việc phối hợp")
    hidden = make_task(lead=other, due=today, description="Không phải việc của tôi")
    liaison = make_user(Role.AGENCY, mine)
    session.commit()
    client.post("/login", data={"email": liaison.email, "password": PASSWORD})
    page = client.get("/").get_data(as_text=True)
    order = [page.index(t.code) for t in (urgent, helping, later)]
    assert order == sorted(order) and hidden.code not in page
    assert "(phối hợp)" in page and "Sở Y tế" in page


def _this_week_box(page: str) -> list[tuple[str, str, str]]:
    """(code, deadline, lead) of each line of the "Tuần này" box's task list."""
    box = page[page.index("Tuần này"):]
    box = box[box.index('<ul class="small">', box.index("</ul>")):]
    box = box[:box.index("</ul>")]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a> · ([^ ]+) · ([^<]+)</li>', box)


def test_this_week_box_lists_the_weeks_open_deadlines_in_order(client, session, make_agency, make_task, make_user):
    """The office's box: tasks due from today to Sunday, soonest first, each with its lead's
    name today; not those due next week or finished ones."""
    with time_machine.travel(dt.datetime(2026, 6, 17, 9, 0, tzinfo=VN_TZ), tick=True):  # a Wednesday
        today = today_vn()
        health, other = make_agency("Sở Y tế"), make_agency("Sở Khác")
        friday = make_task(lead=health, due=today + dt.timedelta(days=2))
        today_task = make_task(lead=other, support=(health,), due=today)
        sunday = make_task(lead=other, due=today + dt.timedelta(days=4))
        make_task(lead=health, due=today + dt.timedelta(days=5))  # next Monday
        finished = make_task(lead=health, due=today + dt.timedelta(days=1))
        ops.report_completion(session, finished, ops.Actor.system(), today)
        office = make_user(Role.OFFICE)
        session.commit()
        client.post("/login", data={"email": office.email, "password": PASSWORD})
        lines = _this_week_box(client.get("/").get_data(as_text=True))
    assert lines == [(t.code, f"{t.due_date:%d/%m/%Y}", t.lead_agency.name) for t in (today_task, friday, sunday)]
