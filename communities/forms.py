from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Language
from nmc_portal.bilingual import current_language, localized
from nmc_portal.submissions import SubmissionTokenMixin
from nmc_portal.tags import BoundedTagField

from .models import Action, ReportReason
from .queries import communities_joined_by
from .services import ITEM_ACTIONS, item_actions

BODY_HELP = _("Markdown works: **bold**, *italics*, [a link](https://example.gc.ca), > a quote, - a list.")


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        help_text=_("Tell them briefly why you would like to join."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def name_fields_after(form, item_name, labels):
    """One page, one form per item (the moderation queue): each field's label names its item for screen
    readers ("Action for: Reply 3 in “Title”") while the eye still reads the short label.

    `item_name` is HTML (escaped); `labels` maps a field to its full label, with %(item)s."""
    for name, full in labels.items():
        field = form.fields[name]
        field.label = format_html(
            '<span aria-hidden="true">{}</span><span class="sr-only">{}</span>',
            field.label,
            mark_safe(conditional_escape(full) % {"item": item_name}),  # noqa: S308 - both escaped
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the member (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, member_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member_name:
            name_fields_after(
                self,
                conditional_escape(member_name),
                {"decision": _("Decision for: %(item)s"), "message": _("Message to %(item)s (optional)")},
            )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), help_text=BODY_HELP, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    language = forms.ChoiceField(label=_("Language of your message"), choices=Language.choices)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a message."))
        return body


class ThreadForm(SubmissionTokenMixin, PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body", "language"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the discussion a title."))
        return title


class ReplyForm(SubmissionTokenMixin, PostForm):
    body = forms.CharField(
        label=_("Your reply"), help_text=BODY_HELP, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class TranslationForm(forms.Form):
    """The author's translation of their post into `language` (the other official language); a thread's
    opening post has its title translated too."""

    title = forms.CharField(max_length=200, error_messages={"required": _("Translate the title.")})
    body = forms.CharField(
        help_text=BODY_HELP,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the translation.")},
    )

    def __init__(self, *args, language, with_title, **kwargs):
        super().__init__(*args, **kwargs)
        french = language == Language.FRENCH
        if with_title:
            self.fields["title"].label = _("Title in French") if french else _("Title in English")
            self.fields["title"].widget.attrs["lang"] = language
        else:
            del self.fields["title"]
        self.fields["body"].label = _("Message in French") if french else _("Message in English")
        self.fields["body"].widget.attrs["lang"] = language

    @classmethod
    def of(cls, original, data=None, *, with_title):
        """The form for `original` (a post, article or comment), filled with its translation so far."""
        initial = {"body": original.translation}
        if with_title:
            initial["title"] = original.translated_title
        return cls(data, initial=initial, language=original.translation_language, with_title=with_title)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details"),
        help_text=_("Required when the reason is “Other”."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Tell the moderators what is wrong."))
        return cleaned


def _in_language(text, language):
    """A member's title inside a translated sentence, marked with lang when not in the page's language."""
    if language and language != current_language():
        return format_html('<span lang="{}">{}</span>', language, text)
    return conditional_escape(text)


def moderation_item_name(kind, item):
    """HTML: the reported item as the queue names it ("Reply 3 in “Title”"), for headings and labels."""
    if kind == "thread":
        text, values = gettext("Discussion “%(title)s”"), {"title": _in_language(item.title, item.language)}
    elif kind == "comment":
        article = item.article
        text, values = (
            gettext("Comment on the article “%(title)s”"),
            {"title": _in_language(article.title, article.language)},
        )
    else:
        thread = item.thread
        text = gettext("Reply %(number)s in “%(title)s”")
        values = {"number": item.position, "title": _in_language(thread.title, thread.language)}
    return mark_safe(conditional_escape(text) % values)  # noqa: S308 - the catalogue's text, escaped; values escaped


# What each field of a moderation form is called when the page lists many items (screen readers).
ITEM_LABELS = {
    "action": _("Action for: %(item)s"),
    "reason": _("Reason for: %(item)s"),
    "suspend_days": _("Suspension length in days for: %(item)s"),
}

# Actions that cannot be taken back in one step: the moderator confirms them on a page of their own.
CONFIRMED_ACTIONS = (Action.REMOVE, Action.SUSPEND)


class ModerationForm(SubmissionTokenMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded in the moderation log; authors are told the reason when their post is hidden."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suspend_days = forms.IntegerField(
        label=_("Suspension length in days"),
        help_text=_("Only for “Suspend the author”."),
        required=False,
        min_value=1,
        max_value=365,
    )

    def __init__(self, *args, kind, community=True, item_name=None, **kwargs):
        """`community`: the item's community (None for a comment on an article on its own: no suspension).

        `item_name`: where one page holds a form per item (the queue), each label names its item for
        screen readers ("Action for: Reply 3 in “Title”") while the eye still reads "Action"."""
        super().__init__(*args, **kwargs)
        actions = ITEM_ACTIONS[kind] if community is True else item_actions(kind, community)
        self.fields["action"].choices = [(action.value, action.label) for action in actions]
        if item_name:
            name_fields_after(self, item_name, ITEM_LABELS)

    @property
    def needs_confirmation(self):
        return self.cleaned_data.get("action") in CONFIRMED_ACTIONS

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason: it goes in the moderation log."))
        return reason

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == Action.SUSPEND and not cleaned.get("suspend_days"):
            self.add_error("suspend_days", _("Say for how many days the member is suspended."))
        return cleaned


class LiftSuspensionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for lifting the suspension"), max_length=2000)

    def __init__(self, *args, member_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member_name:
            name_fields_after(
                self,
                conditional_escape(member_name),
                {"reason": _("Reason for lifting the suspension of %(item)s")},
            )


class ArticleForm(SubmissionTokenMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), help_text=BODY_HELP, max_length=100000, widget=forms.Textarea(attrs={"rows": 16})
    )
    language = forms.ChoiceField(label=_("Language of the article"), choices=Language.choices)
    tags = BoundedTagField(
        label=_("Tags"),
        help_text=_("Separated by commas, for example: engagement, social media."),
        required=False,
    )
    community = forms.ModelChoiceField(
        label=_("Where to publish"),
        help_text=_("On its own, everyone can read it; in a community, whoever can read its discussions."),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("On its own (not in a community)"),
    )

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_joined_by(author).order_by("slug")
        self.fields["community"].label_from_instance = lambda community: localized(community, "name")[0]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the article a title."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the text of the article."))
        return body


class CommentForm(SubmissionTokenMixin, PostForm):
    body = forms.CharField(
        label=_("Your comment"),
        help_text=BODY_HELP,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CloseCommentsForm(forms.Form):
    """Authors close or reopen without a word; a moderator's reason goes in the moderation log."""

    closed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (for the moderation log)"), required=False, max_length=2000)
