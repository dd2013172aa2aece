"""Agency names come as the clerk types, not embedded in every page."""
from tests.fixtures.web import login
from tracker.agencies.directory import load_default_directory
from tracker.users.models import Role


def test_suggestions_match_with_or_without_diacritics_prefix_first(client, session, make_user):
    load_default_directory(session)
    user = make_user(Role.VIEWER)
    session.commit()
    assert client.get("/agencies/suggest?q=y").status_code in (302, 401)  # signed in only
    login(client, user)
    names = client.get("/agencies/suggest?q=so y te").get_json()["names"]
    assert names[0] == "Sở Y tế" and len(names) <= 20
    assert "Sở Y tế" in client.get("/agencies/suggest?q=Sở Y").get_json()["names"]
    groups = client.get("/agencies/suggest?q=cac xa phuong").get_json()["names"]
    assert "UBND các xã, phường" in groups  # groups are leads too
    assert client.get("/agencies/suggest?q=%25").get_json()["names"] == []  # LIKE wildcards are text
    assert client.get("/agencies/suggest?q=").get_json()["names"] == []


def test_the_task_list_no_longer_carries_the_directory(client, session, make_user):
    load_default_directory(session)
    office = make_user(Role.OFFICE)
    session.commit()
    login(client, office)
    page = client.get("/tasks/").get_data(as_text=True)
    assert '<datalist id="agency-names" data-suggest="/agencies/suggest"></datalist>' in page
    assert "UBND phường Ba Đình" not in page  # 160 names were here
