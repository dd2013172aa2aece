import pytest
from sqlalchemy import func, select

from tracker.agencies.models import Agency, AgencyAlias, AgencyEmail
from tracker.agencies.services import export_agencies_csv, find_agency, import_agencies, parse_agency_csv
from tracker.core.errors import InvalidInput

GOOD = (
    "name,short_names,kind,emails\n"
    "Sở Y tế,Sở YT,department,vanthu@soyte.example.vn;giamdoc@soyte.example.vn (chỉ nhận)\n"
    '"UBND quận Ba Đình","quận Ba Đình",quận/huyện/thị xã,\n'
)


def _counts(session):  # noqa: ANN001, ANN202
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Agency, AgencyAlias, AgencyEmail))


def test_good_csv_imports_names_kinds_and_addresses(session):
    result = import_agencies(session, parse_agency_csv(GOOD.encode()))
    assert (result.created, result.updated) == (2, 0)
    soyte = find_agency(session, "Sở YT")
    assert soyte.name == "Sở Y tế"
    assert [(e.address, e.may_act) for e in soyte.emails] == [
        ("vanthu@soyte.example.vn", True), ("giamdoc@soyte.example.vn", False)]
    assert find_agency(session, "quận Ba Đình").kind.value == "district"


def test_excel_bom_is_accepted(session):
    rows = parse_agency_csv(b"\xef\xbb\xbf" + GOOD.encode())
    assert [r.name for r in rows] == ["Sở Y tế", "UBND quận Ba Đình"]


@pytest.mark.parametrize("bad_row, reported", [
    ("Sở Xây dựng,Sở XD,ministry,", "dòng 4: loại cơ quan «ministry»"),
    ("Sở Xây dựng,Sở XD,department,not-an-address", "dòng 4: địa chỉ email «not-an-address»"),
    (",Sở XD,department,", "dòng 4: thiếu tên cơ quan"),
    ("Sở Xây dựng,Sở YT,department,", "dòng 4: «Sở YT» đã dùng cho «Sở Y tế» ở dòng 2"),
    ("Sở Xây dựng,Sở XD,department,a@b.vn,extra", "dòng 4: thừa cột"),
])
def test_a_bad_row_is_reported_and_changes_nothing(session, bad_row, reported):
    import_agencies(session, parse_agency_csv("name,short_names,kind,emails\nSở Tư pháp,Sở TP,department,\n".encode()))
    session.commit()
    before = _counts(session)
    csv_bytes = (GOOD + bad_row + "\n").encode()
    with pytest.raises(InvalidInput) as caught:
        import_agencies(session, parse_agency_csv(csv_bytes))
    assert any(reported in d for d in caught.value.details), caught.value.details
    assert _counts(session) == before
    assert find_agency(session, "Sở Y tế") is None


def test_alias_already_naming_another_agency_is_refused(session):
    import_agencies(session, parse_agency_csv("name,short_names,kind,emails\nSở Tư pháp,Sở TP,department,\n".encode()))
    with pytest.raises(InvalidInput) as caught:
        import_agencies(session, parse_agency_csv("name,short_names,kind,emails\nSở Tài chính,Sở TP,department,\n".encode()))
    assert "đã là tên của «Sở Tư pháp»" in caught.value.details[0]


def test_wrong_header_and_wrong_encoding_are_clear(session):
    with pytest.raises(InvalidInput, match="Tiêu đề cột"):
        parse_agency_csv("ten,loai\nSở Y tế,department\n".encode())
    with pytest.raises(InvalidInput, match="UTF-8"):
        parse_agency_csv("name,kind\nSở Y tế,department\n".encode("utf-16"))


def test_export_round_trips_through_import(session):
    import_agencies(session, parse_agency_csv(GOOD.encode()))
    exported = export_agencies_csv(session)
    rows = parse_agency_csv(exported.encode())
    assert {(r.name, tuple(r.short_names), r.kind.value, tuple(r.emails)) for r in rows} == {
        ("Sở Y tế", ("Sở YT",), "department",
         (("vanthu@soyte.example.vn", True), ("giamdoc@soyte.example.vn", False))),
        ("UBND quận Ba Đình", ("quận Ba Đình",), "district", ()),
    }


def test_reimport_updates_aliases_and_addresses(session):
    import_agencies(session, parse_agency_csv(GOOD.encode()))
    changed = "name,short_names,kind,emails\nSở Y tế,SYT,department,moi@soyte.example.vn\n"
    result = import_agencies(session, parse_agency_csv(changed.encode()))
    assert (result.created, result.updated) == (0, 1)
    soyte = find_agency(session, "SYT")
    assert soyte.short_names == ["SYT"]
    assert [e.address for e in soyte.emails] == ["moi@soyte.example.vn"]
    assert find_agency(session, "Sở YT") is None


def test_reimporting_the_same_addresses_keeps_them_and_updates_who_may_act(session):
    """The clerk's round trip: export, change a mark in Excel, import again."""
    first = "name,short_names,kind,emails\nSở Y tế,SYT,department,a@soyte.vn;b@soyte.vn (chỉ nhận)\n"
    import_agencies(session, parse_agency_csv(first.encode()))
    session.commit()
    again = "name,short_names,kind,emails\nSở Y tế,SYT,department,b@soyte.vn;a@soyte.vn (chỉ nhận);c@soyte.vn\n"
    import_agencies(session, parse_agency_csv(again.encode()))
    session.commit()
    soyte = find_agency(session, "SYT")
    assert {(e.address, e.may_act) for e in soyte.emails} == {
        ("a@soyte.vn", False), ("b@soyte.vn", True), ("c@soyte.vn", True)}


def test_an_address_listed_twice_in_a_row_is_one_mailbox_with_its_last_mark(session):
    twice = "name,short_names,kind,emails\nSở Y tế,SYT,department,a@soyte.vn;A@soyte.vn (chỉ nhận)\n"
    import_agencies(session, parse_agency_csv(twice.encode()))
    session.commit()
    assert [(e.address, e.may_act) for e in find_agency(session, "SYT").emails] == [("a@soyte.vn", False)]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending_reads_the_same(session, ending):
    rows = parse_agency_csv(GOOD.replace("\n", ending).encode())
    assert [r.name for r in rows] == ["Sở Y tế", "UBND quận Ba Đình"]


def test_an_unreadable_csv_is_a_message_not_a_crash(session):
    with pytest.raises(InvalidInput, match="không đọc được"):
        parse_agency_csv(b'name,short_names,kind,emails\n"' + b"x" * 200_000 + b'",,department,\n')  # over csv's field limit


def test_a_name_like_a_formula_is_exported_as_text_and_read_back(session):
    import_agencies(session, parse_agency_csv("name,short_names,kind,emails\n=Sở Lạ,,department,\n".encode()))
    exported = export_agencies_csv(session)
    assert "'=Sở Lạ" in exported
    assert [r.name for r in parse_agency_csv(exported.encode())] == ["=Sở Lạ"]
