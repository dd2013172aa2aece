import datetime as dt

import pytest

from tracker.core.errors import NotFound
from tracker.tasks.models import TaskState
from tracker.tasks.queries import TaskFilter, count_by_state, get_visible_task, list_tasks
from tracker.users.models import Role

TODAY = dt.date(2021, 11, 22)


@pytest.fixture()
def two_agencies(make_agency, make_task, make_user):  # noqa: ANN001, ANN201
    mine, theirs, helper = make_agency("Sở Y tế"), make_agency("Sở Tài chính"), make_agency("Sở Nội vụ")
    tasks = {
        "mine": make_task(lead=mine, due=TODAY + dt.timedelta(days=10)),
        "coordinating": make_task(lead=theirs, support=(mine,), due=TODAY - dt.timedelta(days=2)),
        "theirs": make_task(lead=theirs, support=(helper,), due=TODAY + dt.timedelta(days=1)),
    }
    return mine, theirs, tasks, make_user(Role.AGENCY, mine)


def test_liaison_sees_only_tasks_its_agency_leads_or_coordinates(session, two_agencies):
    _, _, tasks, liaison = two_agencies
    page = list_tasks(session, liaison, TaskFilter(), TODAY, 3)
    assert {t.code for t in page.items} == {tasks["mine"].code, tasks["coordinating"].code}
    assert page.total == 2
    with pytest.raises(NotFound):
        get_visible_task(session, liaison, tasks["theirs"].code)
    with pytest.raises(NotFound):
        get_visible_task(session, liaison, tasks["theirs"].id)
    assert get_visible_task(session, liaison, tasks["coordinating"].code.lower()).id == tasks["coordinating"].id


def test_liaison_filtering_by_another_agency_still_sees_only_shared_tasks(session, two_agencies):
    _, theirs, tasks, liaison = two_agencies
    page = list_tasks(session, liaison, TaskFilter(agency_id=theirs.id), TODAY, 3)
    assert [t.code for t in page.items] == [tasks["coordinating"].code]


def test_office_sees_all_and_filters_combine(session, two_agencies, make_user):
    mine, theirs, tasks, _ = two_agencies
    office = make_user(Role.OFFICE)
    assert list_tasks(session, office, TaskFilter(), TODAY, 3).total == 3
    overdue = list_tasks(session, office, TaskFilter(state=TaskState.OVERDUE), TODAY, 3)
    assert [t.code for t in overdue.items] == [tasks["coordinating"].code]
    ranged = list_tasks(session, office, TaskFilter(due_from=TODAY, due_to=TODAY + dt.timedelta(days=5)), TODAY, 3)
    assert [t.code for t in ranged.items] == [tasks["theirs"].code]
    by_doc = list_tasks(session, office, TaskFilter(document_id=tasks["mine"].document_id), TODAY, 3)
    assert [t.code for t in by_doc.items] == [tasks["mine"].code]


def test_pagination_orders_by_deadline_and_clamps_the_page(session, make_task, make_agency, make_user):
    lead = make_agency()
    for days in (5, 1, 3, None, 2):
        make_task(lead=lead, due=TODAY + dt.timedelta(days=days) if days is not None else None)
    office = make_user(Role.OFFICE)
    first = list_tasks(session, office, TaskFilter(), TODAY, 3, page=1, per_page=2)
    last = list_tasks(session, office, TaskFilter(), TODAY, 3, page=99, per_page=2)
    assert [t.due_date for t in first.items] == [TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2)]
    assert (first.pages, last.page, [t.due_date for t in last.items]) == (3, 3, [None])


def test_counts_by_state_respect_visibility(session, two_agencies, make_user):
    _, _, _, liaison = two_agencies
    mine = count_by_state(session, liaison, TODAY, 3)
    everything = count_by_state(session, make_user(Role.OFFICE), TODAY, 3)
    assert (mine[TaskState.ON_TIME], mine[TaskState.OVERDUE], mine[TaskState.DUE_SOON]) == (1, 1, 0)
    assert (everything[TaskState.ON_TIME], everything[TaskState.OVERDUE], everything[TaskState.DUE_SOON]) == (1, 1, 1)
