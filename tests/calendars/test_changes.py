"""Feeds answer 304 from the change log alone, and every change that shows in a feed moves it."""
import datetime as dt

import pytest
from sqlalchemy import event, func, select

from tests.calendars.test_feeds import world  # noqa: F401 - fixture
from tracker.calendars.changes import FeedChange, prune_feed_changes
from tracker.calendars.models import FeedKind
from tracker.calendars.tokens import get_or_create_feed, token_for
from tracker.core.dates import now_utc, today_vn
from tracker.extensions import db
from tracker.meetings.models import MeetingSeries, MeetingCadence
from tracker.tasks import operations as ops
from tracker.tasks.models import Task, TaskStatus


@pytest.fixture()
def feeds(app, session, world, make_agency):  # noqa: ANN001, ANN201, F811
    soyte, tasks, meetings = world
    finance = tasks["other"].lead_agency
    secret = app.config["SECRET_KEY"]
    made = {"soyte": get_or_create_feed(session, secret, FeedKind.AGENCY, agency_id=soyte.id),
            "finance": get_or_create_feed(session, secret, FeedKind.AGENCY, agency_id=finance.id),
            "office": get_or_create_feed(session, secret, FeedKind.OFFICE),
            "bystander": get_or_create_feed(session, secret, FeedKind.AGENCY, agency_id=make_agency("Sở Nội vụ").id)}
    session.commit()
    return {name: f"/calendars/{token_for(secret, feed)}.ics" for name, feed in made.items()}


def _tags(client, feeds) -> dict[str, str]:  # noqa: ANN001
    return {name: client.get(url).headers["ETag"] for name, url in feeds.items()}


def _moved(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_a_renamed_agency_turns_the_304_into_a_200(client, session, world, feeds):  # noqa: F811
    soyte = world[0]
    first = client.get(feeds["soyte"])
    assert client.get(feeds["soyte"], headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    soyte.name = "Sở Y tế Thành phố"
    session.commit()
    again = client.get(feeds["soyte"], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "Sở Y tế Thành phố".encode() in again.data


def test_each_change_moves_exactly_the_feeds_that_show_it(client, session, world, feeds):  # noqa: F811
    soyte, tasks, meetings = world
    steps = [
        ("a deadline of Sở Tài chính's own task", lambda: setattr(tasks["other"], "due_date",
                                                                   tasks["other"].due_date + dt.timedelta(days=1)),
         {"finance", "office"}),
        ("a task Sở Y tế coordinates", lambda: setattr(tasks["coordinated"], "description", "Phối hợp rà soát"),
         {"finance", "soyte", "office"}),
        ("Sở Y tế dropped as coordinator", lambda: setattr(tasks["coordinated"], "support_agencies", []),
         {"finance", "soyte", "office"}),
        ("a meeting Sở Y tế attends moved", lambda: setattr(meetings["attended"], "start_dt",
                                                             meetings["attended"].start_dt + dt.timedelta(hours=1)),
         {"soyte", "office"}),
        ("Sở Y tế no longer invited", lambda: setattr(meetings["attended"], "attendees", []), {"soyte", "office"}),
        ("a meeting nobody here attends", lambda: setattr(meetings["elsewhere"], "title", "Họp chuyên đề ngân sách"),
         {"office"}),
    ]
    for words, change, expected in steps:
        before = _tags(client, feeds)
        change()
        session.commit()
        assert _moved(before, _tags(client, feeds)) == expected, words


def test_a_task_reassigned_away_is_news_to_if_modified_since(client, session, world, feeds):  # noqa: F811
    soyte, tasks, _ = world
    first = client.get(feeds["soyte"])
    since = first.headers["Last-Modified"]
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)
    from unittest import mock

    with mock.patch("tracker.calendars.changes.now_utc", return_value=later):
        tasks["open"].lead_agency = tasks["other"].lead_agency
        session.commit()
    answer = client.get(feeds["soyte"], headers={"If-Modified-Since": since})
    assert answer.status_code == 200 and f"task-{tasks['open'].id}-".encode() not in answer.data


def test_drafts_and_fields_no_feed_shows_log_nothing(session, world, make_document):  # noqa: F811
    soyte, tasks, _ = world
    session.commit()
    count = session.scalar(select(func.count()).select_from(FeedChange))
    draft = Task(document=make_document(), status=TaskStatus.DRAFT, description="Dự thảo", lead_agency=soyte)
    session.add(draft)
    session.flush()
    draft.description = "Dự thảo đã sửa"
    tasks["open"].progress_percent = 40  # progress is not in the feed
    session.commit()
    assert session.scalar(select(func.count()).select_from(FeedChange)) == count


def test_the_304_reads_no_task_whatever_the_backlog(client, session, world, feeds, make_task):  # noqa: F811
    soyte = world[0]
    for n in range(40):
        make_task(lead=soyte, due=today_vn() + dt.timedelta(days=n), description=f"Việc {n}")
    session.commit()
    etag = client.get(feeds["office"]).headers["ETag"]
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(feeds["office"], headers={"If-None-Match": etag}).status_code == 304
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert not any("FROM task" in s for s in statements) and len(statements) <= 6, statements


def test_a_series_rename_moves_its_feed(client, app, session, world):  # noqa: F811
    _, tasks, meetings = world
    series = MeetingSeries(name="Giao ban tuần", cadence=MeetingCadence.WEEKLY)
    session.add(series)
    session.flush()
    meetings["attended"].series_id = series.id
    feed = get_or_create_feed(session, app.config["SECRET_KEY"], FeedKind.SERIES, series_id=series.id)
    session.commit()
    url = f"/calendars/{token_for(app.config['SECRET_KEY'], feed)}.ics"
    etag = client.get(url).headers["ETag"]
    series.name = "Giao ban công tác tuần"
    session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_pruning_keeps_each_scopes_newest(session, world):  # noqa: F811
    session.commit()
    newest = dict(session.execute(select(FeedChange.scope, func.max(FeedChange.id)).group_by(FeedChange.scope)).all())
    assert newest
    prune_feed_changes(session, now_utc() + dt.timedelta(days=1))
    session.commit()
    assert dict(session.execute(select(FeedChange.scope, FeedChange.id)).all()) == newest
    ops.report_progress(session, world[1]["open"], ops.Actor.system(), "40%", 40)  # still works after pruning
