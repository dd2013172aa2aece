from sqlalchemy import func, select

from tracker.agencies.models import Agency


def test_cli_import_default_then_list_and_export(runner, session, tmp_path):
    result = runner.invoke(args=["agencies", "import", "--default"])
    assert result.exit_code == 0, result.output
    assert "Danh bạ Hà Nội" in result.output
    listed = runner.invoke(args=["agencies", "list"])
    assert "UBND huyện Sóc Sơn" in listed.output
    out = tmp_path / "agencies.csv"
    assert runner.invoke(args=["agencies", "export", "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("name,short_names,kind,emails\n")
    assert "\nSở Thông tin và Truyền thông,Sở TT&TT;Sở TTTT;Sở TT và TT,department,\n" in out.read_text(encoding="utf-8")


def test_cli_bad_csv_exits_nonzero_names_the_row_and_changes_nothing(runner, session, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,short_names,kind,emails\nSở Y tế,,department,\nSở Tư pháp,,bogus,\n", encoding="utf-8")
    result = runner.invoke(args=["agencies", "import", str(bad)])
    assert result.exit_code == 1
    assert "dòng 3" in result.output and "bogus" in result.output
    assert session.scalar(select(func.count()).select_from(Agency)) == 0
