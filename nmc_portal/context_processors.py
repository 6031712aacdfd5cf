from functools import lru_cache

from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

# The portal's sections, in menu order. A section appears once its app serves its URL.
SECTIONS = [
    (
        "events:list",
        _("Events"),
        _("Forums, regional learning days and webinars: register and pick your workshops."),
    ),
    ("communities:list", _("Communities"), _("Communities of practice in engagement, coaching and more.")),
    ("articles:list", _("Articles"), _("Experience and ideas written by managers, for managers.")),
    ("learning:library", _("Library"), _("Guides, playbooks, recordings and curated news for managers.")),
]


# Both are computed on every page and depend only on their arguments (URLs do not change while a
# process runs), so each process remembers them: resolving and reversing costs more than the view.
@lru_cache(maxsize=4096)
def _translated_path(path, language):
    return translate_url(path, language)


@lru_cache(maxsize=8)
def _section_urls(language):
    urls = []
    with override(language):
        for url_name, label, description in SECTIONS:
            try:
                urls.append((reverse(url_name), label, description))
            except NoReverseMatch:
                continue
    return tuple(urls)


def language_toggle(request):
    """The same page in the other official language, for the toggle in the header."""
    current = (get_language() or "en")[:2]
    other = "fr" if current == "en" else "en"
    return {
        "other_language": other,
        "other_language_url": _translated_path(request.get_full_path(), other),
    }


def main_nav(request):
    items = [
        {"url": url, "label": label, "description": description, "current": request.path.startswith(url)}
        for url, label, description in _section_urls((get_language() or "en")[:2])
    ]
    return {"main_nav": items}
