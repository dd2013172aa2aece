"""Every UI string has an English translation, and the compiled catalog matches its source."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations/en/LC_MESSAGES/messages.po"
MO = ROOT / "translations/en/LC_MESSAGES/messages.mo"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}


def _source_messages() -> set[str]:
    found = set()
    for subdir, method in (("tracker", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / subdir, method_map=[(pattern, method)], keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_an_english_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = sorted(_source_messages() - translated)
    assert not missing, f"untranslated (run the translation steps in README): {missing}"


def test_compiled_catalog_matches_the_po_file():
    with PO.open("rb") as handle:
        po = {m.id: m.string for m in read_po(handle) if m.id}
    with MO.open("rb") as handle:
        mo = {m.id: m.string for m in read_mo(handle) if m.id}
    assert po == mo


def test_a_service_refusal_reaches_an_english_user_in_english(client, session, make_agency, make_task, make_user):
    """Messages raised deep in the services go through gettext too, so the flash is English."""
    import datetime as dt

    from tests.fixtures.web import login
    from tracker.users.models import Role

    lead = make_agency("Sở Y tế")
    task = make_task(lead=lead, due=dt.date(2030, 6, 30))
    liaison = make_user(Role.AGENCY, lead)
    session.commit()
    login(client, liaison)
    client.get("/lang/en")
    client.post(f"/tasks/{task.code}/act/extension", data={"requested": "01/06/2030"})
    page = client.get(f"/tasks/{task.code}").get_data(as_text=True)
    assert "The requested date must be after the current deadline." in page
    client.get("/lang/vi")
    client.post(f"/tasks/{task.code}/act/extension", data={"requested": "31/02/2030"})
    assert "Ngày không hợp lệ: «31/02/2030»" in client.get(f"/tasks/{task.code}").get_data(as_text=True)
