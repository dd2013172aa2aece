"""The state a task shows and the state the list filters by must always agree."""
import datetime as dt
import itertools

from sqlalchemy import select

from tracker.tasks.models import Task, TaskState, TaskStatus
from tracker.tasks.states import state_clause, task_state

TODAY = dt.date(2021, 11, 22)


def _task(status, due=None, completed=None):  # noqa: ANN001, ANN202
    return Task(status=status, due_date=due, completed_date=completed, description="x")


def test_open_task_states_follow_the_deadline():
    assert task_state(_task(TaskStatus.IN_PROGRESS, None), TODAY, 3) is TaskState.NO_DEADLINE
    assert task_state(_task(TaskStatus.IN_PROGRESS, TODAY - dt.timedelta(days=1)), TODAY, 3) is TaskState.OVERDUE
    assert task_state(_task(TaskStatus.IN_PROGRESS, TODAY), TODAY, 3) is TaskState.DUE_SOON
    assert task_state(_task(TaskStatus.IN_PROGRESS, TODAY + dt.timedelta(days=3)), TODAY, 3) is TaskState.DUE_SOON
    assert task_state(_task(TaskStatus.IN_PROGRESS, TODAY + dt.timedelta(days=4)), TODAY, 3) is TaskState.ON_TIME
    assert task_state(_task(TaskStatus.IN_PROGRESS, TODAY + dt.timedelta(days=4)), TODAY, 5) is TaskState.DUE_SOON


def test_done_is_judged_against_the_deadline_in_force():
    due = dt.date(2021, 11, 30)
    assert task_state(_task(TaskStatus.DONE, due, due), TODAY, 3) is TaskState.DONE_ON_TIME
    assert task_state(_task(TaskStatus.DONE, due, due + dt.timedelta(days=1)), TODAY, 3) is TaskState.DONE_LATE
    assert task_state(_task(TaskStatus.DONE, None, due), TODAY, 3) is TaskState.DONE_ON_TIME


def test_sql_filter_selects_exactly_the_tasks_of_each_state(session, make_task, make_agency):
    lead = make_agency()
    offsets = [None, -10, -1, 0, 2, 3, 4, 30]
    for status, due_offset, done_offset in itertools.product(TaskStatus, offsets, [None, -1, 0, 1]):
        if status is TaskStatus.DRAFT:
            continue
        due = TODAY + dt.timedelta(days=due_offset) if due_offset is not None else None
        task = make_task(lead=lead, due=due)
        task.status = status
        if done_offset is not None and due is not None:
            task.completed_date = due + dt.timedelta(days=done_offset)
    session.flush()
    tasks = session.scalars(select(Task)).all()
    expected = {state: {t.id for t in tasks if task_state(t, TODAY, 3) is state} for state in TaskState}
    assert sum(len(ids) for ids in expected.values()) == len(tasks)
    for state in TaskState:
        found = set(session.scalars(select(Task.id).where(state_clause(state, TODAY, 3))))
        assert found == expected[state], state
