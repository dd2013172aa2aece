import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.documents.extraction.deadlines import choose_deadline, find_deadlines


def one(text: str, year: int | None = 2020):  # noqa: ANN201
    found = choose_deadline(find_deadlines(text, year))
    assert found is not None, text
    return found


@pytest.mark.parametrize("text, due", [
    ("báo cáo UBND Thành phố trước ngày 15/6/2020", dt.date(2020, 6, 15)),
    ("gửi Sở Nội vụ trước 15/11/2020 để tổng hợp", dt.date(2020, 11, 15)),
    ("chậm nhất ngày 05/01/2021", dt.date(2021, 1, 5)),
    ("hoàn thành trước ngày 30 tháng 11 năm 2021", dt.date(2021, 11, 30)),
    ("tổ chức trong tháng 8/2020", dt.date(2020, 8, 31)),
    ("hoàn thành trong tháng 8 năm 2020", dt.date(2020, 8, 31)),
    ("báo cáo kết quả tháng 2/2021", dt.date(2021, 2, 28)),
    ("ban hành kế hoạch trong quý II/2020", dt.date(2020, 6, 30)),
    ("trong quý IV năm 2021", dt.date(2021, 12, 31)),
    ("hoàn thành 6 tháng đầu năm 2021", dt.date(2021, 6, 30)),
    ("trong năm 2020", dt.date(2020, 12, 31)),
    ("Hoàn thành trước 30/5/2020.", dt.date(2020, 5, 30)),
    ("gửi báo cáo trước ngày 28/5 để tổng hợp", dt.date(2020, 5, 28)),  # the document's year
    ("trong quý III", dt.date(2020, 9, 30)),
])
def test_calendar_deadlines(text, due):
    assert one(text).due == due


@pytest.mark.parametrize("text, recurrence", [
    ("Trước ngày 15 hằng tháng, Văn phòng gửi văn bản", "monthly"),
    ("Định kỳ trước ngày 25/12 hằng năm, Sở Tài chính rà soát", "annual"),
    ("thực hiện thường xuyên", "continuous"),
    ("báo cáo hàng tuần", "weekly"),
    ("báo cáo hằng quý", "quarterly"),
    ("báo cáo định kỳ 6 tháng, 1 năm", "semiannual"),
    ("thời hạn theo quy định", "as-required"),
    ("hoàn thành hồ sơ, bảo đảm thời hạn theo quy định", "as-required"),
    ("gửi báo cáo định kỳ theo quy định", "as-required"),
    ("Theo quy định", "as-required"),  # a deadline cell of its own
    ("báo cáo ngay Sở Nội vụ khi có sự việc bất thường", "as-required"),
    ("báo cáo Sở Y tế khi phát sinh dịch bệnh", "as-required"),
    ("báo cáo Sở Y tế các vụ việc đột xuất", "as-required"),
    ("báo cáo đột xuất", "as-required"),
    ("báo cáo khi có yêu cầu", "as-required"),
    ("phát hành Giấy mời họp ít nhất 03 ngày trước ngày diễn ra giao ban", "as-required"),
    ("trong thời hạn 03 ngày làm việc kể từ ngày nhận được báo cáo", "as-required"),
])
def test_recurrences_and_event_relative_deadlines(text, recurrence):
    found = one(text)
    assert (found.recurrence, found.due) == (recurrence, None)


def test_relative_deadlines_keep_their_relation():
    assert one("trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ").relative == ("working_days_after", 3)
    assert one("ít nhất 05 ngày trước ngày diễn ra giao ban").relative == ("days_before_meeting", 5)


def test_the_earliest_date_wins():
    text = "báo cáo sơ bộ trước ngày 10/5/2024 và báo cáo chính thức trước ngày 30/5/2024"
    assert one(text).due == dt.date(2024, 5, 10)


@pytest.mark.parametrize("text", [
    "theo Chỉ thị số 08/CT-TTg ngày 20/5/2015 của Thủ tướng",
    "Ngày 10 tháng 3 năm 2025, Chủ tịch UBND tỉnh ban hành Công văn",
    "giai đoạn 2016 - 2020",
    "xem xét theo đúng quy định của pháp luật",
    "tham mưu cấp giấy phép theo quy định của pháp luật hiện hành cho doanh nghiệp",
    "làm nhiệm vụ chuyên môn được giao theo quy định",
    "bố trí lực lượng ứng trực, xử lý khi có sự cố",
    "sắp xếp người xử lý việc đột xuất trong kỳ nghỉ",
    "báo cáo kết quả; kiến nghị Sở Tài chính khi có phát sinh khó khăn",
    "công khai quyết định theo quy định tại khoản 1 Điều 7",
])
def test_dates_that_are_not_deadlines(text):
    assert all(d.due is None and d.recurrence is None for d in find_deadlines(text, 2020)), text


@pytest.mark.parametrize("text", ["trước ngày 31/02/2021", "trước 30/2/2020", "chậm nhất ngày 32/1/2020",
                                  "trong tháng 13/2020"])
def test_impossible_dates_are_flagged_not_guessed(text):
    found = one(text)
    assert found.due is None and "không tồn tại" in found.problem


def test_no_year_known_is_flagged():
    assert one("trước ngày 15/6", None).problem == "Không rõ năm của thời hạn."


_words = st.sampled_from(["trước", "ngày", "tháng", "năm", "quý", "II", "IV", "hằng", "đầu", "6", "/", " ", "31",
                          "02", "2021", "0", "99", "chậm nhất", "trong", "định kỳ", "làm việc", "kể từ"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_words, st.text(max_size=4)), max_size=25), st.one_of(st.none(), st.integers(1, 9999)))
def test_reader_never_crashes_and_never_returns_an_impossible_date(parts, year):
    text = " ".join(parts)
    for found in find_deadlines(text, year):
        assert 0 <= found.start <= found.end <= len(text)
        if found.due is not None:
            assert isinstance(found.due, dt.date) and 1900 <= found.due.year <= 2200


_MANNER_VERBS = ["giải quyết", "xử lý", "thực hiện", "thẩm định", "cấp phép", "quản lý", "kiểm tra", "công khai"]
_TIMING_NOUNS = ["thời hạn", "thời gian", "báo cáo", "báo cáo định kỳ", "tiến độ"]


@settings(max_examples=60, deadline=None)
@given(verb=st.sampled_from(_MANNER_VERBS), noun=st.sampled_from(_TIMING_NOUNS),
       tail=st.sampled_from(["", " của pháp luật", " hiện hành"]))
def test_theo_quy_dinh_sets_a_time_only_where_it_governs_timing(verb, noun, tail):
    """The corpus rule: "theo quy định" after a word of timing is as-required; after any other
    verb it says how the work is done and sets nothing."""
    manner = find_deadlines(f"{verb} hồ sơ theo quy định{tail}", 2020)
    assert not any(d.recurrence for d in manner)
    timing = one(f"{verb} hồ sơ, đảm bảo {noun} theo quy định{tail}")
    assert timing.recurrence == "as-required"
