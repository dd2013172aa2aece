"""A task given to a group is one assignment in the office's lists, with its members' progress."""
import datetime as dt

import pytest

from tracker.agencies.models import AgencyKind
from tracker.tasks.models import GroupAssignment, TaskState
from tracker.tasks.operations import Actor, cancel_task, report_completion
from tracker.tasks.queries import TaskFilter, list_tasks
from tracker.users.models import Role

TODAY = dt.date(2021, 11, 22)


@pytest.fixture()
def group_notice(session, make_agency, make_task, make_document, make_user):  # noqa: ANN001, ANN201
    """Five communes share one assignment (two done, one overdue, one cancelled); two departments
    have tasks of their own in the same notice."""
    document = make_document()
    communes = [make_agency(f"UBND xã Thử {n}", kind=AgencyKind.COMMUNE) for n in range(6)]
    assignment = GroupAssignment(document=document, group_name="UBND các xã")
    session.add(assignment)
    members = [make_task(lead=commune, document=document, description="Rà soát hộ nghèo", assignment=assignment,
                         due=TODAY + dt.timedelta(days=5)) for commune in communes]
    for done in members[:2]:
        report_completion(session, done, Actor.system(), TODAY)
    members[2].due_date = TODAY - dt.timedelta(days=1)
    cancel_task(session, members[5], Actor.system(), "Xã đã sáp nhập")
    own = [make_task(document=document, due=TODAY + dt.timedelta(days=d)) for d in (-3, 20)]
    session.flush()
    return assignment, members, own, make_user(Role.OFFICE)


def _office(**filters) -> TaskFilter:  # noqa: ANN003
    return TaskFilter(by_assignment=True, **filters)


def test_the_office_sees_a_group_assignment_as_one_row_with_its_progress(session, group_notice):
    assignment, members, own, office = group_notice
    page = list_tasks(session, office, _office(), TODAY, 3)
    assert page.total == 3 and len(page.items) == 3
    group_rows = [t for t in page.items if t.assignment_id == assignment.id]
    assert len(group_rows) == 1
    progress = page.groups[assignment.id]
    assert (progress.group_name, progress.members, progress.done, progress.overdue) == ("UBND các xã", 5, 2, 1)
    assert progress.matching == 6  # the cancelled member is listed when expanded, not counted as a member


def test_a_filter_keeps_the_group_row_when_some_members_match_and_counts_them(session, group_notice):
    assignment, members, own, office = group_notice
    page = list_tasks(session, office, _office(state=TaskState.OVERDUE), TODAY, 3)
    assert {t.id for t in page.items} == {members[2].id, own[0].id}
    assert page.groups[assignment.id].matching == 1 and page.groups[assignment.id].members == 5
    done = list_tasks(session, office, _office(state=TaskState.DONE_ON_TIME), TODAY, 3)
    assert [t.assignment_id for t in done.items] == [assignment.id] and done.groups[assignment.id].matching == 2


@pytest.mark.parametrize("state", [None, *TaskState])
def test_collapsed_rows_account_for_every_task_of_the_flat_list(session, group_notice, state):
    """Whatever the filter, the group rows' matching counts plus the other rows are the flat list."""
    *_, office = group_notice
    flat = list_tasks(session, office, TaskFilter(state=state), TODAY, 3, per_page=100)
    folded = list_tasks(session, office, _office(state=state), TODAY, 3, per_page=100)
    singles = [t for t in folded.items if t.assignment_id is None]
    assert len(singles) + sum(g.matching for g in folded.groups.values()) == flat.total
    assert folded.total == len(folded.items) == len(singles) + len(folded.groups)


def test_expanding_one_agency_or_one_assignment_lists_members(session, group_notice):
    assignment, members, own, office = group_notice
    expanded = list_tasks(session, office, _office(assignment_id=assignment.id), TODAY, 3)
    assert {t.id for t in expanded.items} == {t.id for t in members} and expanded.groups == {}
    one = list_tasks(session, office, _office(agency_id=members[3].lead_agency_id), TODAY, 3)
    assert [t.id for t in one.items] == [members[3].id] and one.groups == {}


def test_a_member_liaison_sees_only_its_own_share(session, group_notice, make_user):
    assignment, members, *_ = group_notice
    liaison = make_user(Role.AGENCY, members[1].lead_agency)
    page = list_tasks(session, liaison, TaskFilter(), TODAY, 3)
    assert [t.id for t in page.items] == [members[1].id] and page.groups == {}
