"""Content in both official languages: `<name>_en` and `<name>_fr` fields, with a marked fallback."""

from django.utils.translation import get_language


def current_language():
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def localized(obj, name, language=None):
    """(text, language of that text) for obj.<name>_<language>, falling back to the other language."""
    language = language or current_language()
    other = "en" if language == "fr" else "fr"
    text = getattr(obj, f"{name}_{language}", "") or ""
    if text:
        return text, language
    return getattr(obj, f"{name}_{other}", "") or "", other
