from django import forms
from django.utils.translation import gettext_lazy as _

from learning.models import Kind, ResourceLanguage

from .enums import ResultType


class SearchForm(forms.Form):
    """The library's search box and facets: a GET form that works without JavaScript."""

    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    kind = forms.ChoiceField(label=_("Kind of resource"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Language"), required=False)
    community = forms.CharField(label=_("Community"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *ResultType.choices]
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]
        self.fields["language"].choices = [("", _("All languages")), *ResourceLanguage.choices]
