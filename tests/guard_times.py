"""No raw timestamps for people: a page or email the suite renders that shows one fails the test.

People read "November 10, 2026, 4:22 p.m. EST" / « 10 novembre 2026 à 16 h 22 HNE »
(nmc_portal.dates), never "2026-11-10 16:22" or "2026-11-10T16:22", nor a bare ISO date
"2026-11-10"; and French never shows a 24-hour "16:22" clock (« 16 h 22 »).

`TimesMiddleware` (test settings only) reads the visible text of every HTML response in either
language, with tests/french_guard.py's parser: not attributes (datetime="2026-11-10T16:22" is for
machines), not <script>/<style>, not form values, not <pre>/<code>/<textarea> (what a member typed);
it raises AssertionError with what it found. The autouse fixture in conftest checks the emails.
"""

import re
from html import unescape

from tests.french_guard import VOID, FrenchText

# 2026-11-10 16:22, 2026-11-10T16:22:05, or a bare 2026-11-10 (not inside a slug, path or file name).
RAW_ISO = re.compile(r"(?<![\w/.-])\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?|(?![\w/-]|\.\w))")
# 16:22 or 9:05 on a French page: « 16 h 22 », « 9 h 05 ».
CLOCK = re.compile(r"(?<![\w.:/])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:])")
MEMBER_TEXT = {"pre", "code", "textarea"}


class VisibleText(FrenchText):
    """The text a reader sees, each piece with its language (lang attributes, the page's by default)."""

    def __init__(self, language):
        super().__init__(language)
        self.typed = 0
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in MEMBER_TEXT and tag not in VOID:
            self.typed += 1

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag in MEMBER_TEXT and self.typed:
            self.typed -= 1

    def handle_data(self, data):
        if not self.skip and not self.typed:
            self.pieces.append((self.stack[-1], data))


def raw_times_in_text(text, language):
    """The raw timestamps in plain text read in `language` ("en" or "fr")."""
    text = unescape(text)
    found = RAW_ISO.findall(text)
    if language == "fr":
        found += CLOCK.findall(RAW_ISO.sub(" ", text))
    return found


def raw_times_in(html, language):
    """The raw timestamps in the visible text of an HTML page or email whose language is `language`."""
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    french = " ".join(data for lang, data in parser.pieces if lang == "fr")
    other = " ".join(data for lang, data in parser.pieces if lang != "fr")
    return raw_times_in_text(other, "en") + raw_times_in_text(french, "fr")


def raw_times_in_email(message):
    """The raw timestamps in an email's subject, text and HTML, read in its language."""
    french = message.extra_headers.get("Content-Language") == "fr" or "Bonjour" in message.body
    language = "fr" if french else "en"
    found = raw_times_in_text(message.subject + "\n" + message.body, language)
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            found += raw_times_in(content, language)
    return found


class TimesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "text/html" in response.get("Content-Type", "") and not getattr(response, "streaming", False):
            language = "fr" if response.get("Content-Language") == "fr" else "en"
            found = raw_times_in(response.content.decode(errors="replace"), language)
            if found:
                raise AssertionError(f"Raw timestamps on {request.path}: {found}")
        return response
