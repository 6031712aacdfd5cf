from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The portal's sections, in menu order. A section appears once its app serves its URL.
SECTIONS = [
    (
        "events:list",
        _("Events"),
        _("Forums, regional learning days and webinars: register and pick your workshops."),
    ),
    ("communities:list", _("Communities"), _("Communities of practice in engagement, coaching and more.")),
    ("learning:library", _("Library"), _("Guides, playbooks, recordings and curated news for managers.")),
]


def language_toggle(request):
    """The same page in the other official language, for the toggle in the header."""
    current = (get_language() or "en")[:2]
    other = "fr" if current == "en" else "en"
    return {
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }


def main_nav(request):
    items = []
    for url_name, label, description in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"url": url, "label": label, "description": description, "current": request.path.startswith(url)}
        )
    return {"main_nav": items}
