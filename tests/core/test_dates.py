import datetime as dt

import pytest

from tracker.core.dates import WorkingCalendar, format_date, parse_date, today_vn
from tracker.core.errors import InvalidInput

CAL = WorkingCalendar()


def test_parse_vietnamese_dates():
    assert parse_date("30/11/2021") == dt.date(2021, 11, 30)
    assert parse_date("5/6/2020") == dt.date(2020, 6, 5)
    assert parse_date(" 15.06.2020 ") == dt.date(2020, 6, 15)
    assert parse_date("2021-11-30") == dt.date(2021, 11, 30)


@pytest.mark.parametrize("text", ["31/02/2021", "29/02/2023", "00/01/2020", "32/1/2020", "15/13/2020", "abc", ""])
def test_impossible_dates_are_refused_not_guessed(text):
    with pytest.raises(InvalidInput, match="không hợp lệ"):
        parse_date(text)


def test_format_is_dd_mm_yyyy():
    assert format_date(dt.date(2021, 1, 5)) == "05/01/2021"
    assert format_date(None) == ""


def test_today_is_vietnam_date_not_utc():
    late_utc = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.timezone.utc)  # 00:30 on 24/11 in Hà Nội
    assert today_vn(late_utc) == dt.date(2026, 11, 24)
    assert today_vn(dt.datetime(2026, 11, 23, 16, 59, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 23)


def test_tet_and_weekends_are_not_working_days():
    # Tết Bính Ngọ 2026: 16/02 (giao thừa) to 20/02 are statutory days off.
    for day in range(16, 21):
        assert not CAL.is_working_day(dt.date(2026, 2, day))
    assert not CAL.is_working_day(dt.date(2026, 2, 21))  # Saturday
    assert CAL.is_working_day(dt.date(2026, 2, 13))  # Friday before Tết
    assert CAL.is_working_day(dt.date(2026, 2, 23))  # Monday after
    assert not CAL.is_working_day(dt.date(2026, 9, 2))  # Quốc khánh


def test_working_days_after_skip_tet():
    # "trong thời hạn 03 ngày làm việc kể từ ngày 13/02/2026": 23, 24, 25/02.
    assert CAL.add_working_days(dt.date(2026, 2, 13), 3) == dt.date(2026, 2, 25)
    assert CAL.add_working_days(dt.date(2026, 2, 25), -3) == dt.date(2026, 2, 13)
    assert CAL.add_working_days(dt.date(2026, 2, 17), 0) == dt.date(2026, 2, 23)
    assert CAL.working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 25)) == 3


def test_extra_days_off_and_makeup_saturdays_from_config():
    cal = WorkingCalendar.from_config({"EXTRA_DAYS_OFF": ("2026-01-02",), "MAKEUP_WORKING_DAYS": ("10/01/2026",)})
    assert not cal.is_working_day(dt.date(2026, 1, 2))
    assert cal.is_working_day(dt.date(2026, 1, 10))  # a Saturday worked in exchange
    assert cal.add_working_days(dt.date(2025, 12, 31), 1) == dt.date(2026, 1, 5)
