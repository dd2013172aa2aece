from tests.fixtures.factories import PASSWORD
from tracker.users.models import Role


def test_search_with_or_without_diacritics_and_scoped_to_the_user(client, session, make_agency, make_task, make_user):
    soyte, sotc = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    mine = make_task(lead=soyte, description="Đẩy mạnh tiêm chủng mở rộng")
    theirs = make_task(lead=sotc, description="Tiêm chủng cho cán bộ tài chính")
    office, liaison = make_user(Role.OFFICE), make_user(Role.AGENCY, soyte)
    session.commit()
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    for query in ("tiem chung", "TIÊM CHỦNG", "so y te tiem", mine.code.lower()):
        page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert mine.code in page, query
    assert theirs.code in client.get("/search?q=tiem+chung").get_data(as_text=True)
    assert theirs.code not in client.get("/search?q=so+y+te").get_data(as_text=True)
    assert mine.document.number in client.get("/search", query_string={"q": mine.document.number}).get_data(as_text=True)
    client.post("/logout")
    client.post("/login", data={"email": liaison.email, "password": PASSWORD})
    page = client.get("/search?q=tiem+chung").get_data(as_text=True)
    assert mine.code in page and theirs.code not in page
