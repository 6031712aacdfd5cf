"""Canadian French only: a French page or email the suite renders that says "e-mail" fails the test.

`FrenchWordingMiddleware` (test settings only) reads the text of every French HTML response, skipping
what is marked in another language (lang="en": a member's English post on a French page), and
answers 500 with the offending words instead; the autouse fixture in conftest checks the emails.
"""

import re
from html import unescape
from html.parser import HTMLParser

FRANCE_FRENCH = re.compile(r"(?<![@\w./-])[Ee]-?mails?\b(?![./@-]\w)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class FrenchText(HTMLParser):
    """The text of a page that is in French: inside lang="fr", outside scripts and styles."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.stack = [language]
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append(lang.split("-")[0] if lang else self.stack[-1])
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skip and self.stack[-1] == "fr":
            self.parts.append(data)


def france_french_in(html, language="fr"):
    parser = FrenchText(language)
    parser.feed(html)
    return FRANCE_FRENCH.findall(unescape(" ".join(parser.parts)))


class FrenchWordingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.get("Content-Language") == "fr"
            and "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
        ):
            found = france_french_in(response.content.decode(errors="replace"))
            if found:
                raise AssertionError(f"France-French wording on {request.path}: {found}")
        return response
