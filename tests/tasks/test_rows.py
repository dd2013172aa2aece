"""A list's rows say of each task what the task itself says: its lead's name and the name the
notice gave it, its document's number, how many coordinate, its state; for every combination of
how the notice wrote the lead, what coordinates and which list (the office's, an agency's)."""
import datetime as dt
import itertools

from tracker.agencies.models import AgencyGroup
from tracker.core.text import name_key
from tracker.tasks.models import Task, TaskStatus
from tracker.tasks.queries import TaskFilter, list_tasks, tasks_of
from tracker.tasks.states import task_state
from tracker.users.models import Role

TODAY = dt.date(2026, 12, 5)
#: How a notice may write a lead: as its name, a short name it has, another body's name (it
#: merged), in other letters and spacing, or not at all.
WRITTEN = ("name", "alias", "former", "folded", "empty")


def _written(form: str, name: str) -> str:
    return {"name": name, "alias": "Sở VH", "former": "Sở Du lịch", "folded": f"  {name.upper()} ",
            "empty": ""}[form]


def test_every_row_says_what_its_task_says(session, make_agency, make_task, make_user):
    lead = make_agency("Sở Văn hóa và Thể thao", aliases=("Sở VH",))
    helpers = [make_agency() for _ in range(3)]
    group = AgencyGroup(name="Các sở mẫu", name_key=name_key("Các sở mẫu"))
    session.add(group)
    made = []
    for n, (form, coordinators, from_group) in enumerate(itertools.product(WRITTEN, range(4), (False, True))):
        made.append(make_task(lead=lead, support=tuple(helpers[:coordinators]), lead_text=_written(form, lead.name),
                              due=TODAY + dt.timedelta(days=n - 20) if n % 5 else None,
                              source_group=group if from_group else None))
    draft = Task(description="Việc chưa rõ ai làm", lead_text="Ban chưa có trong danh bạ", status=TaskStatus.DRAFT)
    session.add(draft)
    session.flush()
    lists = [(make_user(Role.OFFICE), TaskFilter(include_drafts=True)), (make_user(Role.OFFICE), TaskFilter(agency_id=lead.id)),
             (make_user(Role.AGENCY, helpers[0]), TaskFilter())]
    for user, flt in lists:
        rows = list_tasks(session, user, flt, TODAY, 3, per_page=100).items
        assert rows, flt
        for row, task in zip(rows, tasks_of(session, rows), strict=True):
            assert row.id == task.id and row.code == task.code and row.description == task.description
            assert row.lead_name == (task.lead_agency.name if task.lead_agency else task.lead_text)
            assert row.given_under == task.given_under
            assert row.document_number == (task.document.number if task.document else None)
            assert row.coordinators == len(task.support_agencies)
            assert task_state(row, TODAY, 3) is task_state(task, TODAY, 3)
    office_rows = list_tasks(session, lists[0][0], lists[0][1], TODAY, 3, per_page=100).items
    assert {r.id for r in office_rows} == {t.id for t in made} | {draft.id}
    assert {r.given_under for r in office_rows} == {"", "Sở Du lịch"}  # only the other body's name is shown


def test_a_page_is_one_statement_and_a_page_past_the_end_is_the_last(session, make_agency, make_task, make_user):
    """A page and its count are read together; only a page past the end asks the count on its
    own and then reads the last page. The count is the same either way."""
    from sqlalchemy import event

    lead = make_agency()
    for n in range(7):
        make_task(lead=lead, due=TODAY + dt.timedelta(days=n), support=(make_agency(),) if n % 2 else ())
    session.flush()
    statements: list[str] = []
    engine = session.get_bind()

    def seen(conn, cursor, statement, *args):  # noqa: ANN001, ANN002, ANN202
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        pages = {}
        for user, flt in ((make_user(Role.OFFICE), TaskFilter()), (make_user(Role.AGENCY, lead), TaskFilter())):
            for asked in (1, 2, 4, 40):
                statements.clear()
                page = list_tasks(session, user, flt, TODAY, 3, page=asked, per_page=3)
                pages[asked] = (page.page, page.total, [t.id for t in page.items], len(statements))
            assert pages[1][:2] == (1, 7) and pages[1][3] == 1 and pages[2][3] == 1
            assert pages[4] == pages[40][:3] + (3,) and pages[4][0] == 3 and len(pages[4][2]) == 1
    finally:
        event.remove(engine, "before_cursor_execute", seen)
