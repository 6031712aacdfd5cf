"""{{ obj|tr:"title" }}: the field in the page's language; the other language, marked with lang, if empty."""

from django import template
from django.utils.html import format_html

from nmc_portal.bilingual import current_language, localized

register = template.Library()


@register.filter
def tr(obj, name):
    """HTML: the text, wrapped in <span lang=".."> when it falls back to the other language."""
    text, language = localized(obj, name)
    if language != current_language() and text:
        return format_html('<span lang="{}">{}</span>', language, text)
    return text


@register.filter
def tr_text(obj, name):
    """Plain text for attributes and <title>: no fallback marking possible there."""
    return localized(obj, name)[0]


@register.filter
def tr_lang(obj, name):
    """The language of the text tr would show, for a block element's own lang attribute."""
    return localized(obj, name)[1]


@register.filter
def in_language(text, language):
    """HTML: text written in `language` (a member's post title), marked with lang when it is not the
    page's, for use inside a translated sentence."""
    if text and language and language != current_language():
        return format_html('<span lang="{}">{}</span>', language, text)
    return text
