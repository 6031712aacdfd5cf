"""Forms of the surveys: organizers' settings and questions, and the answer form built from a survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import DateTimeInput
from nmc_portal.bilingual import localized
from nmc_portal.submissions import SubmissionTokenMixin

from .defaults import choices_text, parse_choices
from .models import Question, Survey
from .results import RATINGS, choice_label, rating_label
from .services import SURVEY_FIELDS


class SurveySettingsForm(forms.ModelForm):
    """Opening and closing times are typed in the venue's time zone."""

    class Meta:
        model = Survey
        fields = SURVEY_FIELDS
        widgets = {
            "opens_at": DateTimeInput,
            "closes_at": DateTimeInput,
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_fr": forms.Textarea(attrs={"rows": 3}),
        }

    WINDOW = ("opens_at", "closes_at")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for name in self.WINDOW:
            self.fields[name].help_text = " ".join(
                str(text) for text in (self.fields[name].help_text, _("In the venue's time zone.")) if text
            )
            value = getattr(self.instance, name)
            if value and self.instance.pk:
                self.initial[name] = value.astimezone(event.tzinfo).replace(tzinfo=None)
        if self.instance.kind == Survey.Kind.NEEDS:
            del self.fields["reminder_after_days"]  # no invitations, so no reminder
        else:
            self.fields["opens_at"].help_text = " ".join(
                (
                    str(self.fields["opens_at"].help_text),
                    str(_("Leave it empty to follow the agenda: 2 hours after the last session ends.")),
                )
            )
            self.fields["closes_at"].help_text = " ".join(
                (
                    str(self.fields["closes_at"].help_text),
                    str(_("While the opening follows the agenda, leave it empty to close 14 days later.")),
                )
            )

    def clean(self):
        cleaned = super().clean()
        for name in self.WINDOW:
            if cleaned.get(name):  # read as the server's time zone: the same wall-clock time at the venue
                cleaned[name] = cleaned[name].replace(tzinfo=None).replace(tzinfo=self.event.tzinfo)
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields}


class QuestionForm(SubmissionTokenMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    text_fr = forms.CharField(label=_("Question (French)"), max_length=300, required=False)
    help_en = forms.CharField(label=_("Hint (English)"), max_length=300, required=False)
    help_fr = forms.CharField(label=_("Hint (French)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For single and multiple choice: one choice a line, “English | French”."),
    )

    @classmethod
    def initial_for(cls, question):
        return {
            "kind": question.kind,
            "text_en": question.text_en,
            "text_fr": question.text_fr,
            "help_en": question.help_en,
            "help_fr": question.help_fr,
            "required": question.required,
            "choices": choices_text(question.choices),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = parse_choices(cleaned.get("choices", ""))
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error("choices", _("A choice question needs at least two choices, one a line."))
        cleaned["choices"] = choices
        return cleaned


class ConsultationForm(SubmissionTokenMixin, forms.Form):
    topics = forms.CharField(
        label=_("Topics to choose from"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One topic a line, “English | French”. Members tick the ones they need."),
    )

    def clean_topics(self):
        topics = parse_choices(self.cleaned_data["topics"])
        if len(topics) < 2:
            raise forms.ValidationError(_("List at least two topics, one a line."))
        return topics


def rating_choices():
    return [(value, rating_label(value)) for value in RATINGS]


class AnswerForm(forms.Form):
    """One field per question; a session-rating question gives one field per session to rate."""

    def __init__(self, *args, survey, questions, sessions=(), response=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = []  # (field name, question, session)
        existing = {}
        if response is not None:
            existing = {(a.question_id, a.session_id): a for a in response.answers.all()}
        for question in questions:
            text, language = localized(question, "text")
            hint = localized(question, "help")[0]
            if question.kind == Question.Kind.SESSION_RATING:
                for session in sessions:
                    name = f"q{question.pk}_s{session.pk}"
                    title = localized(session, "title")[0]
                    self.fields[name] = forms.TypedChoiceField(
                        label=title,
                        choices=rating_choices(),
                        coerce=int,
                        required=question.required,
                        widget=forms.RadioSelect,
                        help_text=hint,
                    )
                    self.items.append((name, question, session))
                    self._initial(name, question, existing.get((question.pk, session.pk)))
                continue
            name = f"q{question.pk}"
            if question.kind == Question.Kind.RATING:
                field = forms.TypedChoiceField(choices=rating_choices(), coerce=int, widget=forms.RadioSelect)
            elif question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=self._choices(question), coerce=int, widget=forms.RadioSelect
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=self._choices(question), coerce=int, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
            field.label, field.required, field.help_text = text, question.required, hint
            field.label_language = language
            self.fields[name] = field
            self.items.append((name, question, None))
            self._initial(name, question, existing.get((question.pk, None)))

    @staticmethod
    def _choices(question):
        return [(n, choice_label(choice)) for n, choice in enumerate(question.choices)]

    def _initial(self, name, question, answer):
        if answer is None:
            return
        if answer.rating is not None:
            self.initial[name] = answer.rating
        elif question.kind == Question.Kind.SINGLE:
            self.initial[name] = answer.choices[0] if answer.choices else None
        elif question.kind == Question.Kind.MULTIPLE:
            self.initial[name] = answer.choices
        else:
            self.initial[name] = answer.text

    def session_groups(self):
        """For the template: (question, [bound fields]) in order; session ratings grouped."""
        groups = []
        for name, question, _session in self.items:
            if groups and groups[-1][0] is question:
                groups[-1][1].append(self[name])
            else:
                groups.append((question, [self[name]]))
        return groups

    def answers(self):
        return [(question, session, self.cleaned_data.get(name)) for name, question, session in self.items]
