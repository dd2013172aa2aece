import datetime as dt

import pytest
from sqlalchemy import func, select

from tracker.agencies.directory import load_default_directory
from tracker.agencies.models import Agency, AgencyKind
from tracker.agencies.services import find_agency, find_group


@pytest.fixture()
def directory(session):  # noqa: ANN001, ANN201
    return load_default_directory(session)


def test_default_directory_is_ha_noi_today_with_its_older_names_as_history(session, directory):
    result, groups = directory
    assert result.created == session.scalar(select(func.count()).select_from(Agency))
    districts = session.scalars(select(Agency).where(Agency.kind == AgencyKind.DISTRICT)).all()
    assert len(districts) == 30 and not any(d.is_active for d in districts)  # read in old notices, gone since 2025
    assert {d.succeeded_on for d in districts} == {dt.date(2025, 7, 1)}
    communes = session.scalars(select(Agency).where(Agency.kind == AgencyKind.COMMUNE, Agency.is_active)).all()
    assert len(communes) == 126
    active_departments = {a.name for a in session.scalars(select(Agency).where(
        Agency.kind == AgencyKind.DEPARTMENT, Agency.is_active)) if a.name.startswith("Sở ")}
    # Hà Nội's 15 bodies from 1 March 2025: these 13 Sở, Thanh tra Thành phố and the Office
    assert len(active_departments) == 13 and find_agency(session, "Thanh tra TP").is_active
    assert "Sở Kế hoạch và Đầu tư" not in active_departments and "Sở Ngoại vụ" not in active_departments
    assert groups >= 3


@pytest.mark.parametrize("written, canonical", [
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("VP UBND TP", "Văn phòng UBND Thành phố"),
    ("Văn phòng Ủy ban nhân dân Thành phố", "Văn phòng UBND Thành phố"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Thanh tra TP", "Thanh tra Thành phố"),
    ("Công an TP", "Công an Thành phố"),
    ("so y te", "Sở Y tế"),
    ("Đài PTTH HN", "Đài Phát thanh và Truyền hình Hà Nội"),
    ("BHXH TP", "Bảo hiểm xã hội Thành phố"),
    ("Ủy ban nhân dân quận Nam Từ Liêm", "UBND quận Nam Từ Liêm"),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
])
def test_agencies_resolve_as_documents_write_them(session, directory, written, canonical):
    agency = find_agency(session, written)
    assert agency is not None and agency.name == canonical


def test_unknown_name_resolves_to_nothing(session, directory):
    assert find_agency(session, "Sở Hàng không Vũ trụ") is None
    assert find_agency(session, "") is None


def test_groups_resolve_with_their_members(session, directory):
    group = find_group(session, "UBND cấp huyện")  # still read in older notices, with nobody left in it
    assert group is not None and group.name == "UBND các quận, huyện, thị xã" and group.members == []
    communes = find_group(session, "UBND cấp xã")
    assert communes.name == "UBND các xã, phường" and len(communes.members) == 126
    departments = find_group(session, "các sở, ban, ngành Thành phố")
    assert departments is not None
    assert all(m.kind is AgencyKind.DEPARTMENT for m in departments.members)
    assert "Sở Y tế" in {m.name for m in departments.members}


def test_loading_twice_updates_rather_than_duplicates(session, directory):
    before = session.scalar(select(func.count()).select_from(Agency))
    result, _ = load_default_directory(session)
    assert result.created == 0 and result.updated > 0
    assert session.scalar(select(func.count()).select_from(Agency)) == before
