"""Every interface string has its French translation, compiled, and none is left out of the catalogues."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from nmc_portal.management.commands.french_typography import catalogue_faults

BASE_DIR = Path(__file__).resolve().parents[2]
SOURCES = [
    "manage.py",
    "nmc_portal",
    "members",
    "events",
    "surveys",
    "communities",
    "learning",
    "search",
    "templates",
    "locale",
]
IGNORED = ["static", "staticfiles", "node_modules", "var", ".venv", "tests"]


def catalogues(root=BASE_DIR):
    return sorted(
        path
        for path in root.glob("**/locale/fr/LC_MESSAGES/django.po")
        if not any(part in IGNORED for part in path.relative_to(root).parts)
    )


def test_french_catalogues_exist_for_the_portal_and_each_app():
    found = {
        str(path.relative_to(BASE_DIR)).split("/locale/")[0]
        if "/locale/" in str(path.relative_to(BASE_DIR))
        else "."
        for path in catalogues()
    }
    assert {".", "members"} <= found


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_french_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(mo_path))}
    translated = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in po.translated_entries()
        if not entry.msgid_plural
    }
    assert {key: value for key, value in translated.items() if compiled.get(key) != value} == {}


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_french_catalogue_follows_the_typography_convention(po_path):
    """No-break spaces before : ; ! ? and inside « », straight apostrophes (nmc_portal/typography.py)."""
    faults = [f"{text!r}\n    {fault}" for text, fault in catalogue_faults(po_path)]
    assert faults == [], "run `python manage.py french_typography` (or fix by hand):\n" + "\n".join(faults)


def test_every_interface_string_is_in_a_catalogue(tmp_path):
    """Extract strings from a copy of the sources and compare with the committed catalogues."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is missing: CI must check string extraction")
        pytest.skip("GNU gettext (xgettext) is not installed")  # a laptop without gettext
    for name in SOURCES:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nmc_portal.settings"}
    ignores = [arg for name in IGNORED for arg in ("--ignore", name)]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-v", "0", *ignores],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    missing = {}
    for fresh in catalogues(tmp_path):
        committed = BASE_DIR / fresh.relative_to(tmp_path)
        known = (
            {entry.msgid for entry in polib.pofile(str(committed)).translated_entries()}
            if committed.exists()
            else set()
        )
        absent = sorted(entry.msgid for entry in polib.pofile(str(fresh)) if entry.msgid not in known)
        if absent:
            missing[str(committed.relative_to(BASE_DIR))] = absent
    assert missing == {}, "run `make messages` and translate these"


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_what_a_french_page_shows_is_our_translation_not_another_apps(po_path):
    """Django looks a string up in the project's catalogue, then in each installed app's in order, then
    its own: a msgid an earlier app (allauth, Django's sessions) also translates shows their words, not
    ours ("Sessions" for « Séances »). Give such a string a context, or other words."""
    from django.utils import translation

    po = polib.pofile(str(po_path))
    shown = {}
    with translation.override("fr"):
        for entry in po.translated_entries():
            if entry.msgid_plural:
                continue
            if entry.msgctxt:
                found = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                found = translation.gettext(entry.msgid)
            if found != entry.msgstr:
                shown[entry.msgid] = (entry.msgstr, found)
    assert shown == {}
