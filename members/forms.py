from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nmc_portal.tags import BoundedTagField

from .departments import department_choices
from .models import Language, User


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred official language"),
        choices=Language.choices,
        help_text=_("The portal and its emails will use this language."),
    )

    field_order = ["full_name", "email", "preferred_language", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "en")[:2]
        self.fields["email"].help_text = _("Your work email on gc.ca or canada.ca.")


class ProfileForm(forms.ModelForm):
    department = forms.ChoiceField(label=_("Department or agency"), required=False)

    class Meta:
        model = User
        fields = [
            "full_name",
            "department",
            "region",
            "position",
            "preferred_language",
            "directory_visible",
            "show_events_on_profile",
            "interests",
            "notify_replies",
            "community_digest",
            "event_followups",
            "needs_answered",
        ]
        field_classes = {"interests": BoundedTagField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["department"].choices = [("", _("Choose your organization"))] + department_choices()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
