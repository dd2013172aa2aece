import datetime as dt
import json

from tracker.core.dates import today_vn


def test_tasks_list_and_show_json(runner, make_task, make_agency, session):
    lead, helper = make_agency("Sở Y tế", aliases=("Sở YT",)), make_agency("Sở Tài chính")
    task = make_task(lead=lead, support=(helper,), due=today_vn() - dt.timedelta(days=1), due_text="trước ngày 30/11")
    make_task(due=today_vn() + dt.timedelta(days=20))
    session.commit()
    listed = runner.invoke(args=["tasks", "list", "--agency", "Sở YT", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [t["code"] for t in json.loads(listed.output)] == [task.code]
    overdue = json.loads(runner.invoke(args=["tasks", "list", "--state", "overdue", "--json"]).output)
    assert [t["code"] for t in overdue] == [task.code]
    shown = json.loads(runner.invoke(args=["tasks", "show", task.code, "--json"]).output)
    assert {"code", "lead", "support", "due", "recurrence", "state", "completed_on", "history"} <= shown.keys()
    assert (shown["lead"], shown["support"], shown["state"]) == ("Sở Y tế", ["Sở Tài chính"], "overdue")
    assert [h["kind"] for h in shown["history"]] == ["created", "assigned"]


def test_unknown_task_or_agency_is_a_clear_error(runner, session):
    missing = runner.invoke(args=["tasks", "show", "NV-1999-0001"])
    assert missing.exit_code == 1 and "Không tìm thấy nhiệm vụ" in missing.output
    unknown = runner.invoke(args=["tasks", "list", "--agency", "Sở Không Có"])
    assert unknown.exit_code == 1 and "Không có cơ quan «Sở Không Có»" in unknown.output
