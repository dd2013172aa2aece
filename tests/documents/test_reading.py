import io
import zipfile
from email.message import EmailMessage

import pytest
from docx import Document as DocxDocument

from tests.fixtures.encodings import to_windows_1258
from tracker.core.errors import InvalidInput
from tracker.documents.reading import read_document

LIMIT = 10 * 1024 * 1024
NOTICE = "Giao Sở Y tế chủ trì, báo cáo UBND Thành phố trước ngày 15/6/2020."


def _docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = DocxDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(text: str | None) -> bytes:
    """A one-page PDF; with text=None the page has no text layer (like a scan)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b"0 0 1 1 re f"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_plain_text_utf8_and_windows_1258():
    assert read_document("tb.txt", NOTICE.encode("utf-8"), LIMIT) == NOTICE
    assert read_document("tb.txt", to_windows_1258(NOTICE), LIMIT) == NOTICE  # composed again (NFC)


def test_docx_paragraphs_and_table_cells_in_order():
    data = _docx(["KẾ HOẠCH", NOTICE], [["Sở Nội vụ", "Thường xuyên"]])
    assert read_document("kh.docx", data, LIMIT).split("\n") == ["KẾ HOẠCH", NOTICE, "Sở Nội vụ", "Thường xuyên"]


def test_pdf_with_text_layer_and_scanned_pdf():
    assert "15/6/2020" in read_document("tb.pdf", _pdf("Giao So Y te bao cao truoc ngay 15/6/2020 theo ke hoach"), LIMIT)
    with pytest.raises(InvalidInput, match="bản quét"):
        read_document("scan.pdf", _pdf(None), LIMIT)


def test_html_from_a_portal_without_menus():
    page = (f"<html><head><style>p{{}}</style></head><body><nav><a>Trang chủ</a><a>Sở Tài chính</a></nav>"
            f"<div class='menu'>Giới thiệu</div><article><h1>Thông báo kết luận</h1><p>{NOTICE}</p></article>"
            f"<footer>Bản quyền thuộc Cổng thông tin</footer><script>var x=1</script></body></html>").encode()
    text = read_document("tb.html", page, LIMIT)
    assert NOTICE in text and "Trang chủ" not in text and "Bản quyền" not in text and "var x" not in text


def test_eml_with_an_attached_notice_and_with_a_plain_body():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "vanthu@example.vn", "tracker@example.vn", "TB kết luận"
    message.set_content("Kính gửi, chuyển tiếp thông báo.")
    message.add_attachment(_docx([NOTICE]), maintype="application", subtype="octet-stream", filename="TB 512.docx")
    assert NOTICE in read_document("fwd.eml", message.as_bytes(), LIMIT)
    plain = EmailMessage()
    plain["From"], plain["Subject"] = "vanthu@example.vn", "TB"
    plain.set_content(NOTICE)
    assert NOTICE in read_document("fwd.eml", plain.as_bytes(), LIMIT)


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "trống"),
    ("blank.txt", b"  \n ", "trống"),
    ("binary.txt", b"\x00\x01\x02binary", "nhị phân"),
    ("old.doc", b"\xd0\xcf\x11\xe0 legacy", ".doc"),
    ("broken.docx", b"PK\x03\x04 not really a zip", ".docx"),
    ("broken.eml", b"\x00\x00", ".eml hỏng"),
])
def test_bad_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(InvalidInput, match=message):
        read_document(name, data, LIMIT)


def test_oversized_files_are_refused():
    with pytest.raises(InvalidInput, match="quá lớn"):
        read_document("big.txt", b"a" * 101, 100)


def test_docx_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(InvalidInput, match="giải nén ra quá lớn"):
        read_document("bomb.docx", out.getvalue(), LIMIT)


def test_legacy_font_mojibake_is_detected():
    tcvn3 = "Giao Së Y tÕ chñ tr×, b¸o c¸o UBND Thµnh phè tr­íc ngµy 15/6/2020 vÒ kÕt qu¶ thùc hiÖn kÕ ho¹ch."
    with pytest.raises(InvalidInput, match="TCVN3"):
        read_document("cu.txt", tcvn3.encode("utf-8"), LIMIT)
