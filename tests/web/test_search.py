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


def test_whole_words_rank_true_totals_pages_and_agencies(client, session, make_agency, make_task, make_user):
    soyte = make_agency("Sở Y tế", aliases=("Sở YT",))
    for n in range(25):
        make_task(lead=soyte, description=f"Kiểm tra an toàn thực phẩm đợt {n}")
    exact = make_task(lead=soyte, description="Tiêm chủng mở rộng")
    folded = make_task(lead=soyte, description="Tiem chung cho tre em (viết không dấu)")
    office = make_user(Role.OFFICE, email="vanphong@ubnd.example.vn")
    session.commit()
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    page = client.get("/search?q=hu").get_data(as_text=True)
    assert "Nhiệm vụ (0)" in page  # inside "thực" and "chủng" but no whole word of any task
    page = client.get("/search", query_string={"q": "thực phẩm"}).get_data(as_text=True)
    assert "Nhiệm vụ (25)" in page and "Trang 1/2" in page  # the true total, 20 a page
    assert client.get("/search", query_string={"q": "thực phẩm", "page": "2"}).get_data(as_text=True).count(
        'href="/tasks/NV-') == 5
    ranked = client.get("/search", query_string={"q": "tiêm chủng"}).get_data(as_text=True)
    assert ranked.index(exact.code) < ranked.index(folded.code)  # as typed, diacritics too, ranks first
    quoted = client.get("/search", query_string={"q": '"chủng mở"'}).get_data(as_text=True)
    assert exact.code in quoted and folded.code not in quoted
    agencies = client.get("/search", query_string={"q": "so yt"}).get_data(as_text=True)
    assert "<h2>Cơ quan</h2>" in agencies and "Sở Y tế</a>" in agencies
