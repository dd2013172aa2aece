"""Merging a body into its successor: its work moves once, with history; a crash moves nothing."""
import datetime as dt

import pytest
from sqlalchemy import select

from tracker.agencies.merge import merge_agency
from tracker.agencies.models import AgencyEmail
from tracker.agencies.services import find_agency
from tracker.calendars.models import FeedKind, FeedToken
from tracker.calendars.tokens import get_or_create_feed
from tracker.core.dates import today_vn
from tracker.core.errors import InvalidInput
from tracker.tasks import operations as ops
from tracker.tasks.models import HistoryKind, Task, TaskStatus
from tracker.users.models import Role

ON = dt.date(2025, 3, 1)


@pytest.fixture()
def merger(session, make_agency, make_task, make_user):  # noqa: ANN001, ANN201
    old = make_agency("Sở Kế hoạch và Đầu tư", aliases=("Sở KH&ĐT",), emails=("vanthu@skhdt.example.vn",))
    new = make_agency("Sở Tài chính", emails=("vanthu@stc.example.vn",))
    other = make_agency("Sở Y tế")
    today = today_vn()
    tasks = {"open": make_task(lead=old, due=today + dt.timedelta(days=10)),
             "overdue": make_task(lead=old, due=today - dt.timedelta(days=30)),
             "done": make_task(lead=old, due=today - dt.timedelta(days=60)),
             "supported": make_task(lead=other, support=(old,), due=today),
             "both": make_task(lead=new, support=(old, other), due=today)}
    ops.report_completion(session, tasks["done"], ops.Actor.system(), today)
    liaison = make_user(Role.AGENCY, old)
    get_or_create_feed(session, "s", FeedKind.AGENCY, agency_id=old.id)
    session.commit()
    return {"old": old, "new": new, "other": other, "tasks": tasks, "liaison": liaison}


def test_merging_moves_every_task_with_history_and_keeps_the_name_it_was_given_under(session, merger):
    old, new, tasks = merger["old"], merger["new"], merger["tasks"]
    report = merge_agency(session, old, new, ON)
    session.commit()
    session.expire_all()
    for key in ("open", "overdue", "done"):
        task = session.get(Task, tasks[key].id)
        assert task.lead_agency_id == new.id and task.lead_text == "Sở Kế hoạch và Đầu tư", key
        assert task.history[-1].kind is HistoryKind.ASSIGNED and "Sở Tài chính" in task.history[-1].note
    assert session.get(Task, tasks["done"].id).status is TaskStatus.DONE  # finished work stays finished
    assert [a.name for a in session.get(Task, tasks["supported"].id).support_agencies] == ["Sở Tài chính"]
    assert [a.name for a in session.get(Task, tasks["both"].id).support_agencies] == ["Sở Y tế"]  # lead already
    assert (report.tasks_led, report.tasks_supported, report.users, report.feeds, report.emails) == (3, 2, 1, 1, 1)
    assert merger["liaison"].agency_id == new.id
    assert session.scalar(select(FeedToken.agency_id)) == new.id
    assert sorted(e.address for e in new.emails) == ["vanthu@skhdt.example.vn", "vanthu@stc.example.vn"]
    assert (old.successor_id, old.succeeded_on, old.is_active) == (new.id, ON, False)
    assert find_agency(session, "Sở KH&ĐT").id == old.id  # the old name is still read, as history


def test_a_second_merge_changes_nothing(session, merger):
    merge_agency(session, merger["old"], merger["new"], ON)
    session.commit()
    histories = session.scalar(select(Task).where(Task.id == merger["tasks"]["open"].id)).history
    count = len(histories)
    again = merge_agency(session, merger["old"], merger["new"], ON)
    session.commit()
    assert again.moved == 0
    assert len(session.get(Task, merger["tasks"]["open"].id).history) == count


def test_merging_into_itself_or_backwards_is_refused(session, merger):
    with pytest.raises(InvalidInput):
        merge_agency(session, merger["old"], merger["old"], ON)
    merge_agency(session, merger["old"], merger["new"], ON)
    session.commit()
    with pytest.raises(InvalidInput):
        merge_agency(session, merger["new"], merger["old"], ON)
    with pytest.raises(InvalidInput):
        merge_agency(session, merger["old"], merger["other"], ON)  # it already went elsewhere


def test_a_crash_in_the_middle_leaves_the_old_state(session, merger, monkeypatch):
    import tracker.agencies.merge as merge_module

    def crash(*args):  # noqa: ANN002, ANN202 - after the tasks moved, before the people did
        raise RuntimeError("power cut")

    monkeypatch.setattr(merge_module, "_move_people", crash)
    with pytest.raises(RuntimeError):
        merge_agency(session, merger["old"], merger["new"], ON)
    session.rollback()
    session.expire_all()
    assert all(session.get(Task, t.id).lead_agency_id != merger["new"].id or key == "both"
               for key, t in merger["tasks"].items())
    assert session.get(Task, merger["tasks"]["open"].id).lead_agency_id == merger["old"].id
    assert merger["old"].successor_id is None and merger["old"].is_active
    assert merger["liaison"].agency_id == merger["old"].id


def test_the_command_merges_and_can_leave_addresses_behind(runner, session, merger):
    result = runner.invoke(args=["agencies", "merge", "Sở KH&ĐT", "--into", "Sở Tài chính", "--from", "01/03/2025",
                                 "--drop-emails"])
    assert result.exit_code == 0, result.output
    assert "3 nhiệm vụ chủ trì, 2 nhiệm vụ phối hợp" in result.output
    session.expire_all()
    assert session.scalar(select(AgencyEmail.agency_id).where(AgencyEmail.address == "vanthu@skhdt.example.vn")) \
        == merger["old"].id
    refused = runner.invoke(args=["agencies", "merge", "Sở KH&ĐT", "--into", "Sở Không Có"])
    assert refused.exit_code != 0 and "Sở Không Có" in refused.output
