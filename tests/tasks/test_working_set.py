"""Cost that follows the work: the list's order and scoping, the capped pager, the archive, and
the dashboard's stored figures equal to the direct queries."""
import datetime as dt

import pytest
from sqlalchemy import func, or_, select

from tracker.core.dates import now_utc
from tracker.reports.snapshot import (compute_office_figures, office_figures, store_office_figures,
                                      stored_office_figures)
from tracker.tasks import operations as ops
from tracker.tasks.archive import archive_finished
from tracker.tasks.models import Task, TaskStatus, task_support
from tracker.tasks.queries import TaskFilter, capped_count, involving_agency, list_tasks
from tracker.users.models import Role

TODAY = dt.date(2026, 12, 5)


@pytest.fixture()
def spread(session, make_agency, make_task, make_user):  # noqa: ANN001, ANN201
    """Tasks of three agencies with and without deadlines, coordinating each other, some done."""
    agencies = [make_agency(f"Sở Mẫu {n}") for n in range(3)]
    tasks = []
    for n in range(30):
        lead, helper = agencies[n % 3], agencies[(n + 1) % 3]
        due = None if n % 7 == 0 else TODAY + dt.timedelta(days=n - 15)
        tasks.append(make_task(lead=lead, support=(helper,) if n % 4 == 0 else (), due=due, description=f"Việc {n}"))
    for task in tasks[:6]:
        ops.report_completion(session, task, ops.Actor.system(), TODAY - dt.timedelta(days=400))
    session.flush()
    return agencies, tasks, make_user(Role.OFFICE)


def test_the_list_is_in_deadline_order_with_undated_tasks_last(session, spread):
    *_, office = spread
    page = list_tasks(session, office, TaskFilter(), TODAY, 3, per_page=100)
    dated = [t.due_date for t in page.items if t.due_date is not None]
    assert dated == sorted(dated) and all(t.due_date is None for t in page.items[len(dated):])


def test_agency_scope_by_union_is_the_same_set_as_lead_or_coordinator(session, spread):
    agencies, tasks, _ = spread
    for agency in agencies:
        union = set(session.scalars(select(Task.id).where(involving_agency(agency.id))))
        plain = set(session.scalars(select(Task.id).where(or_(
            Task.lead_agency_id == agency.id,
            Task.id.in_(select(task_support.c.task_id).where(task_support.c.agency_id == agency.id))))))
        assert union == plain and union


def test_the_pager_counts_up_to_its_cap(session, spread):
    total = session.scalar(select(func.count()).select_from(Task))
    for cap in range(1, total + 5):
        assert capped_count(session, select(Task), cap) == min(total, cap + 1)


def test_a_list_over_the_cap_says_more(session, spread, monkeypatch):
    *_, office = spread
    monkeypatch.setattr("tracker.tasks.queries.COUNT_CAP", 10)
    page = list_tasks(session, office, TaskFilter(), TODAY, 3, per_page=5)
    assert page.more and page.total == 10 and page.pages == 2


def test_finished_tasks_leave_the_working_set_and_stay_findable(session, spread):
    agencies, tasks, office = spread
    old_done = {t.id for t in tasks[:6]}
    assert archive_finished(session, TODAY - dt.timedelta(days=365), batch=4) == 4  # in batches
    assert archive_finished(session, TODAY - dt.timedelta(days=365)) == 2
    assert archive_finished(session, TODAY - dt.timedelta(days=365)) == 0
    session.expire_all()
    listed = {t.id for t in list_tasks(session, office, TaskFilter(), TODAY, 3, per_page=100).items}
    assert listed == {t.id for t in tasks} - old_done
    everything = list_tasks(session, office, TaskFilter(include_archived=True), TODAY, 3, per_page=100)
    assert {t.id for t in everything.items} == {t.id for t in tasks}
    revived = session.get(Task, tasks[0].id)
    ops.return_task(session, revived, ops.Actor.system(), "Chưa đạt, làm lại")  # back to work: out of the archive
    session.flush()
    assert revived.archived is False and revived.status is TaskStatus.RETURNED


def test_the_stored_figures_are_the_direct_queries(session, spread, make_task):
    _, tasks, office = spread
    for task in tasks[10:14]:  # finished lately, some late: the trend and the rates have something to say
        ops.report_completion(session, task, ops.Actor.system(), TODAY - dt.timedelta(days=3))
    now = now_utc()
    figures = compute_office_figures(session, TODAY, 3, now)
    store_office_figures(session, figures, TODAY)
    stored = stored_office_figures(session, TODAY, now, dt.timedelta(minutes=15))
    assert stored.counts == figures.counts and stored.late == figures.late and sum(stored.counts.values()) == 30
    assert stored.trend == figures.trend and stored.rates == figures.rates and sum(r.on_time + r.late for r in stored.rates) == 4
    from tracker.reports.figures import agency_rates, monthly_trend
    assert [(r.label, r.on_time, r.late) for r in monthly_trend(session, TODAY)] == [
        (r.label, r.on_time, r.late) for r in stored.trend]
    assert [(r.label, r.on_time, r.late) for r in agency_rates(session, TODAY - dt.timedelta(days=182), TODAY)] == [
        (r.label, r.on_time, r.late) for r in stored.rates]
    from tracker.tasks.queries import count_by_state
    assert stored.counts == count_by_state(session, office, TODAY, 3)
    assert stored_office_figures(session, TODAY + dt.timedelta(days=1), now, dt.timedelta(minutes=15)) is None
    assert stored_office_figures(session, TODAY, now + dt.timedelta(minutes=16), dt.timedelta(minutes=15)) is None


def test_a_large_database_reads_the_stored_figures(session, spread, make_task, monkeypatch):
    now = now_utc()
    monkeypatch.setattr("tracker.reports.snapshot.DIRECT_BELOW", 5)
    first = office_figures(session, TODAY, 3, now, dt.timedelta(minutes=15))  # none stored: computed, stored
    make_task(due=TODAY - dt.timedelta(days=2))
    session.flush()
    again = office_figures(session, TODAY, 3, now + dt.timedelta(minutes=1), dt.timedelta(minutes=15))
    assert again.counts == first.counts and again.computed_dt == first.computed_dt  # the stored row, not a scan
    later = office_figures(session, TODAY, 3, now + dt.timedelta(minutes=20), dt.timedelta(minutes=15))
    assert sum(later.counts.values()) == sum(first.counts.values()) + 1


@pytest.mark.parametrize("per_page", [1, 4, 7])
def test_an_agencys_pages_read_in_parts_are_the_whole_list_in_order(session, spread, make_user, per_page):
    """The top-n of what it leads and of what it coordinates, merged and cut, page after page,
    is exactly the agency's list sorted whole; the counts are exact too."""
    from tracker.tasks.models import TaskState
    from tracker.tasks.queries import count_by_state
    from tracker.tasks.states import task_state

    agencies, tasks, _ = spread
    for agency in agencies:
        liaison = make_user(Role.AGENCY, agency)
        mine = [t for t in tasks if t.lead_agency_id == agency.id or agency in t.support_agencies]
        expected = [t.id for t in sorted(mine, key=lambda t: (t.due_date is None, t.due_date or TODAY, t.id))]
        for who, flt in ((liaison, TaskFilter()), (None, TaskFilter(agency_id=agency.id))):
            first = list_tasks(session, who, flt, TODAY, 3, per_page=per_page)
            assert first.total == len(expected)
            seen = [t.id for n in range(1, first.pages + 1)
                    for t in list_tasks(session, who, flt, TODAY, 3, page=n, per_page=per_page).items]
            assert seen == expected
        counts = count_by_state(session, liaison, TODAY, 3)
        for state in TaskState:
            if state is not TaskState.DRAFT:
                assert counts[state] == sum(task_state(t, TODAY, 3) is state for t in mine), state


def test_an_agencys_tiles_count_what_the_lists_they_open_show(session, spread, make_user):
    """The liaison's tiles count its working set: each state's count is the length of the list
    the tile links to (archived tasks are in search and reports, not in the tiles)."""
    from tracker.tasks.queries import count_by_state
    from tracker.tasks.states import TaskState

    agencies, _, _ = spread
    archive_finished(session, TODAY - dt.timedelta(days=365))
    session.expire_all()
    for agency in agencies:
        liaison = make_user(Role.AGENCY, agency=agency)
        counts = count_by_state(session, liaison, TODAY, 3)
        for state in TaskState:
            if state is TaskState.DRAFT:
                continue
            listed = list_tasks(session, liaison, TaskFilter(state=state), TODAY, 3, per_page=100)
            assert counts[state] == listed.total, (agency.name, state)
        assert sum(counts.values()) < sum(count_by_state(session, make_user(Role.OFFICE), TODAY, 3).values())


def test_past_the_count_the_pager_goes_on_a_page_at_a_time(session, spread, monkeypatch):
    """Over the cap the pager does not know the last page: each full page offers the next, and
    every task is reached; the page after the last real one is empty and offers none."""
    *_, office = spread
    monkeypatch.setattr("tracker.tasks.queries.COUNT_CAP", 10)
    seen, number = [], 1
    while True:
        page = list_tasks(session, office, TaskFilter(), TODAY, 3, page=number, per_page=4)
        assert page.page == number and page.more
        seen += [t.id for t in page.items]
        if page.pages == number:
            break
        number += 1
    everything = list_tasks(session, office, TaskFilter(), TODAY, 3, per_page=100)
    assert seen == [t.id for t in everything.items] and len(seen) == 30


def test_an_agency_reads_what_it_coordinates_over_the_working_set(session, spread, make_user):
    """The archive flags the coordinators' rows with their task, and a revived task brings them
    back: each agency's list (led and coordinated, read in parts) is its share of the whole
    list, archived or not, before and after."""
    agencies, tasks, office = spread
    archive_finished(session, TODAY - dt.timedelta(days=365))
    session.expire_all()
    flagged = dict(session.execute(select(task_support.c.task_id, task_support.c.archived)).tuples().all())
    archived = {t.id for t in session.scalars(select(Task).where(Task.archived))}
    assert archived and {tid for tid, flag in flagged.items() if flag} == archived & set(flagged)
    revived = session.get(Task, next(iter(archived & set(flagged))))
    ops.return_task(session, revived, ops.Actor.system(), "Làm lại")
    session.flush()
    assert not session.scalar(select(task_support.c.archived).where(task_support.c.task_id == revived.id))
    for agency in agencies:
        liaison = make_user(Role.AGENCY, agency=agency)
        mine = {t.id for t in list_tasks(session, liaison, TaskFilter(), TODAY, 3, per_page=100).items}
        whole = session.scalars(select(Task.id).where(~Task.archived, involving_agency(agency.id)))
        assert mine == set(whole)
