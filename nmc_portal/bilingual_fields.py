"""Form fields choosing among bilingual objects (rooms, sessions, communities, partners…).

A ModelChoiceField labels its options with str(obj), the English name. These label them with
`<name>_en`/`<name>_fr` in the language of the page being rendered, and mark a fallback to the other
language with a lang attribute: on the <option> of a select, around the label of a checkbox or radio.
"""

from django import forms
from django.utils.html import format_html

from .bilingual import current_language, localized


class LanguageLabel(str):
    """An option's label that knows its language, for the widget to mark it."""

    lang = ""


class LangSelectMixin:
    """Puts the lang of a fallback label on its <option>."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(label, "lang", ""):
            option["attrs"] = {**option["attrs"], "lang": label.lang}
        return option


class LangSelect(LangSelectMixin, forms.Select):
    pass


class LangSelectMultiple(LangSelectMixin, forms.SelectMultiple):
    pass


def bilingual_label(obj, field):
    """`obj.<field>` in the page's language; a fallback says its language (a <span lang> when a
    checkbox or radio label can hold one, else the `lang` of a LanguageLabel for the <option>)."""
    text, language = localized(obj, field)
    label = LanguageLabel(text)
    if language != current_language() and text:
        label.lang = language
    return label


class BilingualChoiceMixin:
    def __init__(self, *args, label_field="name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        label = bilingual_label(obj, self.label_field)
        if label.lang and getattr(self.widget, "input_type", "") in ("checkbox", "radio"):
            return format_html('<span lang="{}">{}</span>', label.lang, label)
        return label


class BilingualModelChoiceField(BilingualChoiceMixin, forms.ModelChoiceField):
    """`BilingualModelChoiceField(queryset=event.rooms.all(), label_field="name")`."""

    widget = LangSelect


class BilingualModelMultipleChoiceField(BilingualChoiceMixin, forms.ModelMultipleChoiceField):
    widget = LangSelectMultiple
