"""French typography on every page and email the suite renders (nmc_portal/typography.py).

`FrenchTypographyMiddleware` (test settings only, beside tests.french_guard.FrenchWordingMiddleware)
reads the French text of every French HTML response and fails the test that rendered it when a
« : ; ! ? » has an ordinary space or none before it, when « » lack their no-break spaces, or when a
typographic apostrophe or an English quotation mark slipped in.

What it checks is the portal's own wording: the templates, the catalogues, and the names organizers
give events, sessions and communities. It skips
- text in another language (lang="en", e.g. an English title shown as a marked fallback),
- what members type freely: any element marked `data-typed` (post, reply, comment and resource
  bodies, reasons and messages written to a person, survey answers) and form fields' content
  (textarea, pre, code). A member writing « Des idées? » is not the portal's typography.
Skipped text stands as one letter-like placeholder, so « {{ title }} » around a skipped title is still
checked on both sides.
"""

from html import unescape

from nmc_portal.typography import typography_faults
from tests.french_guard import VOID, FrenchText

TYPED_TAGS = {"textarea", "pre", "code"}
SKIPPED = "\ue000"  # a private-use character: stands for the text that is not checked


class InterfaceFrenchText(FrenchText):
    """FrenchText without what people typed: elements marked data-typed and form fields' text."""

    def __init__(self, language):
        super().__init__(language)
        self.typed = [False]

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.typed.append(self.typed[-1] or tag in TYPED_TAGS or "data-typed" in dict(attrs))
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in VOID and len(self.typed) > 1:
            self.typed.pop()
        super().handle_endtag(tag)

    def handle_data(self, data):
        if self.skip:
            return
        if self.stack[-1] == "fr" and not self.typed[-1]:
            self.parts.append(data)
        elif self.parts and self.parts[-1] != SKIPPED:
            self.parts.append(SKIPPED)


def french_text(html, language="fr"):
    parser = InterfaceFrenchText(language)
    parser.feed(html)
    parser.close()
    return unescape("".join(parser.parts))


def typography_faults_in_html(html, language="fr"):
    """The typography faults of a page's French interface text (see the module docstring)."""
    return [
        f"{fault.context.replace(SKIPPED, '…')!r}: {fault.remedy}"
        for fault in typography_faults(french_text(html, language))
    ]


class FrenchTypographyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.get("Content-Language") == "fr"
            and "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
        ):
            faults = typography_faults_in_html(response.content.decode(errors="replace"))
            if faults:
                listed = "\n  ".join(faults)
                raise AssertionError(
                    f"French typography on {request.path} (nmc_portal/typography.py):\n  {listed}"
                )
        return response
