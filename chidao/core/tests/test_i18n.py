"""Translation: Vietnamese by default, English after the EN button, and a complete catalogue.

The source strings are Vietnamese; chidao/locale/en/LC_MESSAGES/django.po holds the English.
The catalogue tests read the .po with plain Python, so a string added without a translation
(or left fuzzy by makemessages) fails here rather than showing Vietnamese in the English UI.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

VIETNAMESE_NAV = {"Tổng quan", "Đơn vị", "Người dùng", "Nhật ký"}
# Letters English never uses: a label containing one was left untranslated.
VIETNAMESE_LETTERS = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I
)
NAV_LABEL = re.compile(r'<span class="nav-link-title">\s*(.*?)\s*</span>', re.S)


def _nav_labels(html: str) -> list[str]:
    return NAV_LABEL.findall(html)


def _switch_to(client: Any, language: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default(login: Any, people: Any) -> None:
    html = login(people.thuongtruc).get("/").content.decode()
    assert '<html lang="vi">' in html
    assert {"Tổng quan", "Đơn vị", "Nhật ký"} <= set(_nav_labels(html))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/units/"])
def test_english_after_switching_language(login: Any, people: Any, url: str) -> None:
    client = login(people.thuongtruc)
    _switch_to(client, "en")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    labels = _nav_labels(html)
    assert '<html lang="en">' in html
    assert {"Overview", "Units", "Audit log"} <= set(labels)
    assert not VIETNAMESE_NAV & set(labels), labels
    assert not [label for label in labels if VIETNAMESE_LETTERS.search(label)], labels
    assert not VIETNAMESE_NAV & set(re.findall(r">\s*([^<>]+?)\s*<", html))


@pytest.mark.django_db
def test_an_english_page_leaves_the_thread_in_vietnamese(login: Any, people: Any) -> None:
    from django.utils import translation

    client = login(people.thuongtruc)
    _switch_to(client, "en")
    assert '<html lang="en">' in client.get("/").content.decode()
    # What the same thread does next (a reminder, a command, the next test) is Vietnamese.
    assert translation.get_language() == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_unit_directory_kinds_are_translated(login: Any, people: Any) -> None:
    client = login(people.thuongtruc)
    _switch_to(client, "en")
    html = client.get("/units/").content.decode()
    assert "Unit directory" in html
    assert "Danh bạ đơn vị" not in html
    assert "Communes, wards, special zones" in html


@pytest.mark.django_db
def test_switching_back_to_vietnamese(login: Any, people: Any) -> None:
    client = login(people.thuongtruc)
    _switch_to(client, "en")
    _switch_to(client, "vi")
    labels = _nav_labels(client.get("/").content.decode())
    assert "Tổng quan" in labels
    assert "Overview" not in labels


@pytest.mark.django_db
def test_django_form_errors_follow_the_language(client: Any) -> None:
    """Django's own messages come from its bundled vi/en catalogues."""
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "Trường này là bắt buộc." in html
    _switch_to(client, "en")
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "This field is required." in html
    assert "Trường này là bắt buộc." not in html


# --- the catalogue -------------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict[str, Any]]:
    """Entries of a .po file: {"flags": set, "msgid": str, "msgstr": str, ...}.

    Obsolete entries (#~) are skipped; multi-line strings are joined."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {"flags": set()}
    key = ""

    def flush() -> None:
        nonlocal current
        if "msgid" in current:
            entries.append(current)
        current = {"flags": set()}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if not line or (starts_entry and any(k.startswith("msgstr") for k in current)):
            flush()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, value = line.split(" ", 1)
            current[key] = ast.literal_eval(value)
    flush()
    return entries


def _translations(entry: dict[str, Any]) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdif]")


def test_catalogue_is_complete() -> None:
    entries = [e for e in _po_entries(PO_PATH) if e["msgid"]]
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(_translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_header_is_final() -> None:
    header = next(e for e in _po_entries(PO_PATH) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]


def test_translations_keep_placeholders() -> None:
    for entry in _po_entries(PO_PATH):
        if not entry["msgid"]:
            continue
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translation in _translations(entry):
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po() -> None:
    """The .mo is committed (no msgfmt needed at install) and must be recompiled after edits."""
    with MO_PATH.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in _po_entries(PO_PATH):
        if entry["msgid"] and "msgctxt" in entry:
            assert mo.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        elif entry["msgid"] and "msgid_plural" not in entry:
            assert mo.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
        elif entry["msgid"]:
            assert mo.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]


def test_browser_language_does_not_switch_the_interface(client: Any, people: Any) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html
