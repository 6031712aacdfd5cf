"""French is never second: a French page that shows our English interface text (or an English page
that shows our French) fails the test that rendered it.

What counts as interface text comes from the catalogues themselves: every msgid of our .po files
(locale/fr and each app's <app>/locale/fr, which include the allauth wording we override) and of
allauth's own French catalogue whose French differs from the English, cut at its placeholders and
tags into phrases of at least two words, plus a few distinctive single words. A phrase counts when it
stands whole (not inside a longer word) in the page's visible text, its <title>, or the attributes a
person reads or hears (aria-label, alt, placeholder, title, a button's value), outside elements marked
in the other language (lang="en": a member's English post on a French page).
"""

import re
from functools import cache
from html import unescape
from pathlib import Path

import allauth
import polib

from tests.french_guard import FrenchText

BASE_DIR = Path(__file__).resolve().parents[1]
ALLAUTH_FR = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
READ_ATTRIBUTES = {"aria-label", "alt", "placeholder", "title"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# Where a message's text breaks: tags, sentence ends, dashes and colons, brackets and quotes.
BREAK = re.compile(r"<[^>]*>|\s[-–—:;]\s|[.!?:](?:\s|$)|\n|\(|\)|\"|“|”|«|»")
URL = re.compile(r"://|\w\.\w|@")
WORD = re.compile(r"[^\W\d_]{2,}")
# Single words that are English interface text and no French word (French pages say Courriel,
# Mot de passe, S'inscrire...). Words French shares with English (Message, Session, Description,
# Communication, Questions, Région...) are not here: they would fail correct French.
DISTINCTIVE_ENGLISH = {
    "Email",
    "Password",
    "Events",
    "Communities",
    "Library",
    "Search",
    "Register",
    "Cancel",
    "Save",
    "Submit",
    "Delete",
    "Edit",
    "Home",
    "Workshops",
    "Speakers",
    "Waitlist",
    "Waitlisted",
    "Confirmed",
    "Attendees",
    "Registrations",
    "Resources",
    "Moderation",
    "Reply",
    "Replies",
    "Threads",
    "Survey",
    "Surveys",
    "Agenda builder",
    "Upcoming",
    "Back",
    "Next",
    "Previous",
    "Download",
    "Yes",
    "No",
}
DISTINCTIVE_FRENCH = {
    "Courriel",
    "Événements",
    "Communautés",
    "Bibliothèque",
    "Rechercher",
    "Annuler",
    "Enregistrer",
    "Supprimer",
    "Modifier",
    "Accueil",
    "Ateliers",
    "Séances",
    "Conférenciers",
    "Ressources",
}


def catalogues():
    own = sorted(BASE_DIR.glob("locale/fr/LC_MESSAGES/*.po")) + sorted(
        BASE_DIR.glob("*/locale/fr/LC_MESSAGES/*.po")
    )
    return [path for path in own if ".venv" not in path.parts]


def phrases_of(text):
    """The phrases a message shows as it is, between its placeholders and tags: the whole message from
    two words on, a part cut off by a placeholder from three ("Welcome to" alone could be anything)."""
    found = set()
    pieces = PLACEHOLDER.split(text)
    for fragment in (fragment for piece in pieces for fragment in BREAK.split(piece)):
        fragment = " ".join(fragment.split()).strip(" ,.:;!?'’-–")
        if URL.search(fragment):
            continue
        if len(WORD.findall(fragment)) >= (2 if len(pieces) == 1 else 3):
            found.add(fragment)
    return found


def _entries(path):
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            translations = [value for _, value in sorted(entry.msgstr_plural.items())]
            pairs = [
                (entry.msgid, translations[0] if translations else ""),
                (entry.msgid_plural, translations[-1] if translations else ""),
            ]
        yield from pairs


@cache
def english_phrases():
    """Our English interface text whose French is different, and allauth's."""
    found = set()
    for path in [*catalogues(), ALLAUTH_FR]:
        for english, french in _entries(path):
            if english.strip() != french.strip():
                found |= phrases_of(english) - phrases_of(french)
    found |= DISTINCTIVE_ENGLISH
    return _pattern(found)


@cache
def french_phrases():
    """Our French interface text whose English is different."""
    found = set()
    for path in catalogues():
        for english, french in _entries(path):
            if french and english.strip() != french.strip():
                found |= phrases_of(french) - phrases_of(english)
    found |= DISTINCTIVE_FRENCH
    return _pattern(found)


def _pattern(phrases):
    """Phrase → the regular expression that finds it whole (not inside a longer word or address)."""
    return {
        phrase.lower(): re.compile(
            r"(?<![\w@./'’-])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w@'’-]|\.\w)",
            re.IGNORECASE,
        )
        for phrase in phrases
    }


def _found(phrases, text):
    # A plain substring test first: a few thousand regular expressions on every page would be slow.
    flat = " ".join(text.split()).lower()
    found = {phrase for phrase in phrases if phrase in flat and phrases[phrase].search(flat)}
    # The longest only: a whole sentence is reported, not also each of its shorter phrases.
    return sorted(
        phrase for phrase in found if not any(phrase != other and phrase in other for other in found)
    )


class ReadText(FrenchText):
    """What a person reads or hears in `wanted` on a page in `language`: its text (title included)
    and the attributes read out (aria-label, alt, placeholder, title, a button's value)."""

    def __init__(self, language, wanted):
        super().__init__(language)
        self.wanted = wanted

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        own = lang.split("-")[0] if lang else self.stack[-1]
        if own == self.wanted:
            for name, value in attrs:
                if value and (
                    name in READ_ATTRIBUTES
                    or (name == "value" and values.get("type") in ("submit", "button", "reset"))
                ):
                    self.parts.append(value)
        super().handle_starttag(tag, attrs)

    def handle_data(self, data):
        if not self.skip and self.stack[-1] == self.wanted:
            self.parts.append(data)


def read_text(html, language, wanted):
    parser = ReadText(language, wanted)
    parser.feed(html)
    parser.close()
    return unescape("\n".join(parser.parts))


def english_in_french(html):
    """English interface phrases a French page shows outside what is marked lang="en"."""
    return _found(english_phrases(), read_text(html, "fr", "fr"))


def french_in_english(html):
    """French interface phrases an English page shows outside what is marked lang="fr"."""
    return _found(french_phrases(), read_text(html, "en", "en"))
