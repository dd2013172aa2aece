"""The extractor on short texts written the way notices are (my own examples, not the corpus)."""
import datetime as dt

import pytest

from tracker.documents.extraction.extract import extract
from tracker.documents.extraction.lexicon import Lexicon, builtin_directory_rows

LEXICON = Lexicon.national().with_directory(builtin_directory_rows())


def tasks_of(text: str):  # noqa: ANN201
    return [(t.lead, t.due, t.recurrence) for t in extract(text, LEXICON).tasks]


def test_header_of_a_conclusion_notice():
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 512 /TB-VP\nHà Nội, ngày 05 tháng 3 năm 2022\n\nTHÔNG BÁO\n"
            "Kết luận của Phó Chủ tịch UBND Thành phố tại cuộc họp giao ban tháng 2\n\n"
            "Giao Sở Y tế chủ trì, báo cáo UBND Thành phố trước ngày 15/3.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An")
    result = extract(text, LEXICON)
    h = result.header
    assert (h.number, h.kind, h.issued, h.signer) == ("512/TB-VP", "conclusion_notice", dt.date(2022, 3, 5), "Nguyễn Văn An")
    assert h.issuer == "UBND Thành phố Hà Nội" and h.title.startswith("Kết luận của Phó Chủ tịch")
    assert tasks_of(text) == [("Sở Y tế", dt.date(2022, 3, 15), None)]  # no year: the notice's year


def test_giao_with_lead_and_coordinators():
    text = ("Hà Nội, ngày 02 tháng 4 năm 2021\nGiao Sở TN&MT chủ trì, phối hợp với Sở Xây dựng, Cục Thuế TP và các "
            "đơn vị liên quan rà soát quỹ đất, báo cáo UBND Thành phố trước ngày 30/6/2021.")
    task = extract(text, LEXICON).tasks[0]
    assert task.lead == "Sở Tài nguyên và Môi trường"
    assert task.support == ["Sở Xây dựng", "Cục Thuế thành phố Hà Nội"]  # the directory's name for "Cục Thuế TP"
    assert (task.due, task.due_text) == (dt.date(2021, 6, 30), "trước ngày 30/6/2021")


def test_factored_list_gives_one_task_per_agency():
    text = "Ngày 10/01/2020, UBND TP giao các Sở: Nội vụ, Tư pháp, Tài chính khẩn trương rà soát, hoàn thành trong quý I/2020."
    assert tasks_of(text) == [(n, dt.date(2020, 3, 31), None) for n in ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính")]


def test_groups_stay_groups_as_written_and_are_split_by_kind():
    text = "Hà Nội, ngày 1 tháng 6 năm 2021\nCác sở, ban, ngành, UBND các quận, huyện, thị xã thực hiện thường xuyên."
    result = extract(text, LEXICON).tasks
    assert [(t.lead, t.lead_is_group, t.recurrence) for t in result] == [
        ("Các sở, ban, ngành", True, "continuous"), ("UBND các quận, huyện, thị xã", True, "continuous")]


def test_agency_sections_give_their_items_to_the_agency():
    text = ("Hà Nội, ngày 1 tháng 6 năm 2021\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Giáo dục và Đào tạo\n"
            "- Xây dựng kế hoạch tổ chức kỳ thi, hoàn thành trong tháng 7/2021.\n"
            "- Phối hợp với Công an Thành phố bảo đảm an ninh kỳ thi.\n2. Công an Thành phố\n"
            "- Bảo đảm an ninh, trật tự tại các điểm thi.")
    assert tasks_of(text) == [("Sở Giáo dục và Đào tạo", dt.date(2021, 7, 31), None),
                              ("Sở Giáo dục và Đào tạo", None, None), ("Công an Thành phố", None, None)]


def test_purpose_and_participant_sections_assign_nothing():
    text = ("I. MỤC ĐÍCH, YÊU CẦU\n- Sở Y tế nâng cao chất lượng khám chữa bệnh.\n"
            "II. THÀNH PHẦN\n- Sở Tài chính cử đại diện dự họp.\nIII. TỔ CHỨC THỰC HIỆN\n"
            "Sở Y tế báo cáo kết quả trước ngày 10/10/2021.")
    assert tasks_of(text) == [("Sở Y tế", dt.date(2021, 10, 10), None)]


def test_a_following_date_sentence_dates_the_assignments_before_it():
    text = ("Giao Sở Xây dựng kiểm tra hiện trạng. Đề nghị Sở Tài chính rà soát kinh phí.\n"
            "Các nội dung trên báo cáo UBND tỉnh trước ngày 20/02/2019.")
    assert tasks_of(text) == [("Sở Xây dựng", dt.date(2019, 2, 20), None), ("Sở Tài chính", dt.date(2019, 2, 20), None)]


def test_unknown_bodies_are_kept_as_written_without_titles():
    text = "Ngày 3/5/2023, Chủ tịch UBND tỉnh yêu cầu Giám đốc Ban Quản lý Khu kinh tế Vân Phong rà soát các dự án."
    assert tasks_of(text) == [("Ban Quản lý Khu kinh tế Vân Phong", None, None)]


def test_impossible_deadline_is_flagged_for_the_reviewer():
    task = extract("Ngày 3/1/2021\nGiao Sở Nội vụ báo cáo trước ngày 31/02/2021.", LEXICON).tasks[0]
    assert task.due is None and "không tồn tại" in task.problem


def test_signature_and_recipients_are_not_tasks():
    text = ("Giao Sở Y tế triển khai.\nNơi nhận:\n- Sở Tài chính;\n- UBND các quận, huyện, thị xã;\n- Lưu: VT.")
    assert tasks_of(text) == [("Sở Y tế", None, None)]


@pytest.mark.parametrize("text", ["", "   \n\n", "Không có ai được giao việc gì.", "1234567890", "Sở"])
def test_texts_without_assignments_give_no_tasks(text):
    assert tasks_of(text) == []


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["Giao", "Sở", "Y tế", "UBND", "các", "quận,", "huyện", "chủ trì", "phối hợp", "trước ngày",
                           "31/02", "15/6/2020", "hằng tháng", "\n", "- ", "+ ", "1.", "IV.", "a)", ":", ";", ".",
                           "Thường xuyên", "Nơi nhận:", "BIỂU TỔNG HỢP NHIỆM VỤ", "Thanh tra", "Thành phố"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=60))
def test_extractor_never_crashes_and_every_task_has_a_lead(parts):
    result = extract(" ".join(parts), LEXICON)
    for task in result.tasks:
        assert task.lead.strip()
        assert task.due is None or 1900 <= task.due.year <= 2200


def test_working_days_from_this_document_become_a_date_others_stay_relative():
    text = ("Hà Nội, ngày 13 tháng 02 năm 2026\nGiao Sở Tài chính báo cáo trong thời hạn 03 ngày làm việc kể từ ngày "
            "ban hành văn bản này.\nGiao Sở Y tế cho ý kiến trong thời hạn 03 ngày làm việc kể từ ngày nhận được báo cáo.")
    finance, health = extract(text, LEXICON).tasks
    assert (finance.due, finance.recurrence) == (dt.date(2026, 2, 25), None)  # Tết 16-20/02 is skipped
    assert (health.due, health.recurrence, health.relative) == (None, "as-required", ("working_days_after", 3))


HEAD = "ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM\nSố: 21/CT-UBND\nngày 02 tháng 3 năm 2026\nCHỈ THỊ\nVề bảo trì đường tỉnh\n"


def test_a_justified_paragraph_and_a_range_broken_at_the_margin_are_one_sentence():
    """PDF text: the short indented first line of a paragraph (a comma in it, so mid-sentence)
    and "2026" / "- 2030" are joined, not read as a heading and a dashed item."""
    text = HEAD + (
        "Căn cứ Luật Giao thông đường bộ, Luật\n"
        "Ngân sách và chương trình bảo trì kết cấu hạ tầng giao thông của tỉnh cho thời kỳ 2026\n"
        "- 2030, Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Tài chính, Chủ tịch UBND các huyện khẩn trương\n"
        "kiểm đếm cầu yếu trên các tuyến đường tỉnh, xong trước ngày 30/4/2026.\n")
    tasks = extract(text, LEXICON).tasks
    assert [t.lead for t in tasks] == ["Sở Tài chính", "UBND các huyện"]
    assert all(t.summary.startswith("Căn cứ Luật Giao thông đường bộ, Luật Ngân sách") for t in tasks)
    assert all("thời kỳ 2026 - 2030" in t.summary for t in tasks)


def test_an_assignment_ending_in_a_colon_is_a_task_unless_its_items_carry_it():
    intro = ("Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Xây dựng tổ chức kiểm định toàn bộ cầu trên đường tỉnh "
             "trước mùa mưa bão năm 2026, gồm những việc sau:\n")
    with_sections = HEAD + intro + "I. LẬP DANH MỤC CẦU YẾU\nYêu cầu Sở Tài chính bố trí kinh phí sửa chữa cầu yếu.\n"
    assert [lead for lead, _, _ in tasks_of(with_sections)] == ["Sở Xây dựng", "Sở Tài chính"]
    with_items = HEAD + intro + "- Đo võng các dầm cầu chính.\n- Lập hồ sơ cầu cần gia cố.\n"
    assert [lead for lead, _, _ in tasks_of(with_items)] == ["Sở Xây dựng", "Sở Xây dựng"]
    introducing = HEAD + "Giao Sở Xây dựng có trách nhiệm:\n- Đo võng các dầm cầu chính.\n"
    assert [lead for lead, _, _ in tasks_of(introducing)] == ["Sở Xây dựng"]
