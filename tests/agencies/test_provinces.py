"""A province's directory from the official list, and the 2025 successions."""
import datetime as dt

import pytest
from sqlalchemy import delete, select
from vietnam_provinces import Province, Ward

from tracker.agencies.models import (Agency, AgencyAlias, AgencyEmail, AgencyGroup, AgencyGroupAlias, AgencyKind,
                                     agency_group_member)
from tracker.agencies.provinces import find_province, import_province
from tracker.agencies.services import AgencyForm, find_agency, find_group, save_agency
from tracker.agencies.succession import current_agency
from tracker.core.errors import InvalidInput

#: The bodies NĐ 45/2025 organises alike in every province (the office of the UBND among them).
UNIFORM = ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
           "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế")


def _snapshot(session) -> set:  # noqa: ANN001
    agencies = session.scalars(select(Agency)).all()
    return ({(a.name, a.kind, a.is_active, a.successor.name if a.successor else None, a.succeeded_on,
              tuple(sorted(a.short_names))) for a in agencies}
            | {(g.name, tuple(sorted(m.name for m in g.members)), tuple(sorted(al.alias for al in g.aliases)))
               for g in session.scalars(select(AgencyGroup))})


def _empty_directory(session) -> None:  # noqa: ANN001
    for table in (agency_group_member, AgencyGroupAlias.__table__, AgencyGroup.__table__, AgencyAlias.__table__):
        session.execute(delete(table))
    session.execute(Agency.__table__.update().values(successor_id=None))
    session.execute(delete(Agency))
    session.commit()
    session.expunge_all()  # a fresh database: nothing remembered of the last province


def test_every_province_imports_on_a_fresh_database_and_a_second_run_changes_nothing(session):
    provinces = list(Province.iter_all())
    assert len(provinces) == 34
    for province in provinces:
        report = import_province(session, str(int(province.code)))
        session.commit()
        wards = list(Ward.iter_by_province(province.code))
        communes = session.scalars(select(Agency).where(Agency.kind == AgencyKind.COMMUNE)).all()
        assert report.communes == len(wards) == len(communes), province.name
        assert all(find_agency(session, name) is not None for name in UNIFORM), province.name
        office = session.scalars(select(Agency).where(Agency.kind == AgencyKind.OFFICE)).all()
        assert len(office) == 1 and office[0].name.startswith("Văn phòng UBND")
        assert len(find_group(session, "UBND các xã, phường").members) == len(wards)
        before = _snapshot(session)
        again = import_province(session, province.name)
        session.commit()
        assert (again.created, again.successions) == (0, 0) and _snapshot(session) == before, province.name
        _empty_directory(session)


@pytest.mark.parametrize(("query", "name"), [
    ("Quảng Ninh", "Quảng Ninh"), ("quang ninh", "Quảng Ninh"), ("Tỉnh Quảng Ninh", "Quảng Ninh"), ("22", "Quảng Ninh"),
    ("TP Hồ Chí Minh", "Hồ Chí Minh"), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"), ("ho chi minh", "Hồ Chí Minh"),
    ("79", "Hồ Chí Minh"), ("Hà Nội", "Hà Nội"), ("01", "Hà Nội"), ("Cà Mau", "Cà Mau"),
])
def test_a_province_is_found_by_name_or_code(query, name):
    assert find_province(query).name == name


@pytest.mark.parametrize("query", ["Hà Tây", "Quảng Nam", "Bình Dương", "99", ""])
def test_provinces_that_no_longer_exist_are_refused_with_the_list(query):
    with pytest.raises(InvalidInput) as refused:
        find_province(query)
    assert "Quảng Ninh" in refused.value.message and "Cà Mau" in refused.value.message


def test_the_import_keeps_what_the_office_entered(session, make_agency):
    finance = make_agency("Sở Tài chính", aliases=("STC",), emails=("vanthu@stc.qn.gov.vn",))
    make_agency("Sở Thương mại và Công nghệ", aliases=("Sở CT",))  # the office's own use of a short name
    session.commit()
    report = import_province(session, "Quảng Ninh")
    session.commit()
    assert finance.short_names[0] == "STC" and "Sở TC" in finance.short_names
    assert [e.address for e in finance.emails] == ["vanthu@stc.qn.gov.vn"]
    assert find_agency(session, "Sở CT").name == "Sở Thương mại và Công nghệ"
    assert find_agency(session, "Sở Công Thương") is not None and report.skipped_names == []


def test_2025_successions_send_old_names_to_todays_bodies(session):
    import_province(session, "Quảng Ninh")
    session.commit()
    planning = find_agency(session, "Sở KH&ĐT")
    assert planning.name == "Sở Kế hoạch và Đầu tư" and not planning.is_active
    assert current_agency(planning, dt.date(2026, 1, 5)).name == "Sở Tài chính"
    assert current_agency(planning, dt.date(2025, 2, 28)) is planning  # before the merger it was itself
    assert current_agency(find_agency(session, "Sở NN&PTNT"), dt.date(2026, 1, 5)).name == \
        "Sở Nông nghiệp và Môi trường"
    assert current_agency(find_agency(session, "Cục Thuế tỉnh Quảng Ninh"), dt.date(2025, 7, 1)).name == \
        "Thuế tỉnh Quảng Ninh"
    members = {a.name for a in find_group(session, "các sở, ban, ngành").members}
    assert "Sở Tài chính" in members and "Sở Kế hoạch và Đầu tư" not in members


def test_ha_noi_and_ho_chi_minh_city_keep_their_own_departments(session):
    import_province(session, "Hà Nội")
    session.commit()
    assert find_agency(session, "Văn phòng UBND Thành phố").kind is AgencyKind.OFFICE
    for name in ("Sở Du lịch", "Sở Văn hóa và Thể thao", "Sở Quy hoạch - Kiến trúc", "Sở Dân tộc và Tôn giáo",
                 "Bộ Tư lệnh Thủ đô Hà Nội", "Thành đoàn", "UBND phường Hoàn Kiếm"):
        assert find_agency(session, name).is_active, name
    assert find_agency(session, "Sở Văn hóa, Thể thao và Du lịch") is None
    assert current_agency(find_agency(session, "Ban Dân tộc Thành phố"), dt.date(2026, 1, 1)).name == \
        "Sở Dân tộc và Tôn giáo"


def test_the_command_imports_a_province(runner, session):
    result = runner.invoke(args=["agencies", "import", "--province", "Cà Mau"])
    assert result.exit_code == 0, result.output
    assert "Tỉnh Cà Mau:" in result.output and "64 xã, phường" in result.output
    refused = runner.invoke(args=["agencies", "import", "--province", "Atlantis"])
    assert refused.exit_code != 0 and "Không có tỉnh" in refused.output
    assert session.scalar(select(AgencyEmail)) is None


def test_communes_differing_only_by_tone_marks_stay_two_and_are_found_as_spelled(session):
    import_province(session, "Quảng Ngãi")
    session.commit()
    son_ha, son_ha_dot = find_agency(session, "UBND xã Sơn Hà"), find_agency(session, "Ủy ban nhân dân xã Sơn Hạ")
    assert son_ha.name == "UBND xã Sơn Hà" and son_ha_dot.name == "UBND xã Sơn Hạ" and son_ha.id != son_ha_dot.id
    assert find_agency(session, "UBND xa Son Ha") is None  # without diacritics it could be either
    save_agency(session, son_ha, AgencyForm(son_ha.name, "", "commune", "vanthu@sonha.example.vn"))
    session.commit()  # the office adds its address: the two stay apart
    assert find_agency(session, "UBND xã Sơn Hà").emails[0].address == "vanthu@sonha.example.vn"
    assert find_agency(session, "UBND xã Sơn Hạ").emails == []
