"""Getting a document's text out of what clerks actually have: pasted text, .txt, .docx,
.pdf with a text layer, .html saved from a portal, or an .eml forwarded to the tracker.

Every refusal says why in Vietnamese and stores nothing: empty or binary files, texts typed
in the legacy TCVN3/VNI fonts (which arrive as mojibake), scanned PDFs with no text layer,
files over the size limit, and .docx files that inflate to far more than they weigh.
"""
from __future__ import annotations

import email
import io
import re
import unicodedata
import zipfile
from email import policy
from email.message import EmailMessage
from flask_babel import gettext as _

from ..core.errors import InvalidInput
from ..core.text import text_of_part

#: A .docx may inflate to this many times its size, and to at most this many bytes.
MAX_INFLATION_RATIO = 100
MAX_INFLATED_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
#: Precomposed letters only Vietnamese uses (outside Latin-1): their absence in a long
#: "Vietnamese" text means it was typed in a legacy font.
_VIETNAMESE = set("ăạảấầẩẫậắằẳẵặđẹẻẽếềểễệỉịọỏốồổỗộớờởỡợơụủứừửữựưỳỵỷỹĩũĂĐƠƯ")
#: Latin-1 signs that TCVN3 and VNI put where Vietnamese letters should be.
_LEGACY = set("¸µ¶·¹¨»¾¼½Æ©ÇÊËÌÎÏÑÒÓÔÕÖ×ØÜÝÞßäåæçëîïñöøûüÿ")


def read_document(filename: str, data: bytes, max_bytes: int) -> str:
    """The text of an uploaded document, or InvalidInput saying what is wrong with it."""
    if not data or not data.strip():
        raise InvalidInput(_("Tệp trống."))
    if len(data) > max_bytes:
        raise InvalidInput(_("Tệp quá lớn (%(size).1f MB); giới hạn là %(limit).0f MB.",
                             size=len(data) / 1048576, limit=max_bytes / 1048576))
    kind = _kind(filename, data)
    reader = {"docx": _docx_text, "pdf": _pdf_text, "html": _html_text, "eml": _eml_text}.get(kind, _plain_text)
    text = reader(data) if kind != "eml" else _eml_text(data, max_bytes)
    return check_text(text)


def check_text(text: str) -> str:
    """Normalise pasted or decoded text and refuse what cannot be a Vietnamese document."""
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InvalidInput(_("Văn bản không có nội dung."))
    letters = [ch for ch in text if ch.isalpha()]
    legacy = sum(ch in _LEGACY for ch in letters)
    vietnamese = sum(ch in _VIETNAMESE for ch in letters)
    if len(letters) > 40 and legacy > 0.02 * len(letters) and vietnamese < legacy:
        raise InvalidInput(_("Văn bản dùng phông chữ cũ (TCVN3/ABC hoặc VNI) nên hiển thị sai dấu. "
                             "Hãy chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi gửi lại."))
    return text


def _kind(filename: str, data: bytes) -> str:
    name = filename.lower()
    for suffix, kind in ((".docx", "docx"), (".pdf", "pdf"), (".html", "html"), (".htm", "html"), (".eml", "eml")):
        if name.endswith(suffix):
            return kind
    if name.endswith(".doc"):
        raise InvalidInput(_("Tệp .doc (Word 97-2003) chưa được hỗ trợ; hãy lưu lại dưới dạng .docx hoặc PDF."))
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if re.match(rb"(?i)<(!doctype html|html)", head):
        return "html"
    return "text"


def _plain_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InvalidInput(_("Tệp không phải văn bản (có dữ liệu nhị phân)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")  # Windows Vietnamese, the usual non-UTF-8 text


def _docx_text(data: bytes) -> str:
    """Paragraphs and table cells in reading order (tables become one line per cell)."""
    _refuse_zip_bomb(data)
    from docx import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = DocxDocument(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        raise InvalidInput(_("Không đọc được tệp .docx (tệp hỏng hoặc không phải Word).")) from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, document).text)
        elif block.tag.endswith("}tbl"):
            for row in Table(block, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _refuse_zip_bomb(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InvalidInput(_("Không đọc được tệp .docx (tệp hỏng hoặc không phải Word).")) from exc
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATED_BYTES or inflated > MAX_INFLATION_RATIO * max(len(data), 1):
        raise InvalidInput(_("Tệp .docx bất thường (giải nén ra quá lớn); không xử lý."))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidInput(_("Không đọc được tệp PDF (tệp hỏng).")) from exc
    text = "\n".join(pages)
    if len(text.strip()) < 20 * max(1, len(pages)) // 2:
        raise InvalidInput(_("Tệp PDF là bản quét, không có lớp chữ. Hãy gửi bản Word hoặc PDF có chữ (bản điện tử)."))
    return text


_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "button", "menu")
_BLOCK_TAGS = ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section",
               "article")


def _html_text(data: bytes) -> str:
    """The main text of a page saved from a government portal, without its menus and footer."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(class_=re.compile(r"menu|breadcrumb|footer|header|sidebar|share|related|banner", re.I)):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or _largest_text_block(soup) or soup
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return "\n".join(" ".join(line.split()) for line in root.get_text().splitlines())


_INLINE_TAGS = frozenset({"b", "i", "u", "em", "strong", "span", "a", "font", "sup", "sub", "small"})


def _largest_text_block(soup):  # noqa: ANN001, ANN202
    """The element whose own paragraphs hold the most text: the article body on most portals."""
    from bs4 import NavigableString, Tag

    # Characters of each paragraph's own text (inline markup included), counted in one pass:
    # get_text() per candidate would count nested paragraphs again at every level.
    text_length: dict[int, int] = {}
    for node in soup.descendants:
        if not isinstance(node, NavigableString):
            continue
        ancestor, hops = node.parent, 0
        while ancestor is not None and ancestor.name != "p" and ancestor.name in _INLINE_TAGS and hops < 5:
            ancestor, hops = ancestor.parent, hops + 1
        if ancestor is not None and ancestor.name == "p":
            text_length[id(ancestor)] = text_length.get(id(ancestor), 0) + len(node)
    best, best_size = None, 0
    for candidate in soup.find_all(["div", "td", "section"]):
        size = sum(text_length.get(id(child), 0) for child in candidate.children
                   if isinstance(child, Tag) and child.name == "p")
        if size > best_size:
            best, best_size = candidate, size
    return best


def _eml_text(data: bytes, max_bytes: int) -> str:
    """A notice forwarded by email: its attached document if there is one, else the body."""
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise InvalidInput(_("Không đọc được thư (.eml hỏng)."))
    for part in message.iter_attachments():
        name = part.get_filename() or ""
        if name.lower().endswith((".docx", ".pdf", ".txt", ".html", ".htm")):
            payload = part.get_payload(decode=True) or b""
            return read_document(name, payload, max_bytes)
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise InvalidInput(_("Thư không có nội dung hay tệp đính kèm nào đọc được."))
    content = text_of_part(body)[0]
    return _html_text(content.encode("utf-8")) if body.get_content_type() == "text/html" else content

