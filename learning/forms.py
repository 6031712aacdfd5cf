from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from taggit.utils import edit_string_for_tags

from communities.models import Community, Membership, MembershipStatus, ReportReason, Role
from events.models import Event
from nmc_portal.bilingual import localized
from nmc_portal.bilingual_fields import BilingualModelChoiceField
from nmc_portal.collation import alphabetical_by
from nmc_portal.dates import format_date
from nmc_portal.submissions import SubmissionTokenMixin
from nmc_portal.tags import clean_tags

from .models import Audience, Kind, ResourceLanguage
from .uploads import check_upload, max_upload_bytes

BODY_HELP = _("Markdown works: **bold**, *italics*, [a link](https://example.gc.ca), # a heading, - a list.")
NEEDS_URL = {Kind.LINK, Kind.VIDEO, Kind.NEWS}


class TagsInput(forms.TextInput):
    """A plain text input (comma-separated tags) that htmx fills a <datalist> of suggestions for."""

    def __init__(self):
        super().__init__(
            attrs={
                "list": "tag-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("learning:tag_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#tag-suggestions",
                "hx-swap": "innerHTML",
            }
        )


class ResourceForm(SubmissionTokenMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of resource"), choices=Kind.choices)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary_fr = forms.CharField(
        label=_("Summary in French"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(label=_("Language of the resource itself"), choices=ResourceLanguage.choices)
    body = forms.CharField(
        label=_("Text"),
        help_text=BODY_HELP,
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    url = forms.URLField(
        label=_("Web address"),
        help_text=_("Required for a link, a video or a news item: where readers find the original."),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    source_name = forms.CharField(
        label=_("Source"), help_text=_("For news: the publication."), required=False, max_length=200
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, an image or plain text."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas; suggestions from tags already in use appear as you type."),
        widget=TagsInput(),
    )
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none(), required=False)
    community = BilingualModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False
    )
    audience = forms.ChoiceField(label=_("Who can see it"), choices=Audience.choices)
    change_note = forms.CharField(
        label=_("What changed"),
        help_text=_("A short note kept in the history, for example “Added the 2026 figures”."),
        max_length=300,
    )

    def __init__(self, *args, user, resource=None, **kwargs):
        self.user = user
        self.resource = resource
        if resource is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(resource, name) for name in self.content_fields()},
                    "tags": edit_string_for_tags(list(resource.tags.all())),
                    "event": resource.event_id,
                    "community": resource.community_id,
                },
            )
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, an image (PNG, JPEG, GIF, WebP) or plain text, up to %(limit)s MB."
        ) % {"limit": limit}
        self.fields["event"].queryset = self.event_choices()
        self.fields["event"].label_from_instance = lambda event: (
            f"{localized(event, 'title')[0]} ({format_date(event.start_date)})"
        )
        self.fields["community"].queryset = self.community_choices()
        if resource is not None and resource.language in ("en", "fr"):
            self.fields["body"].widget.attrs["lang"] = (
                resource.language
            )  # the text's language, not the page's
        if resource is None:
            self.fields["change_note"].required = False
            self.fields["change_note"].help_text = _("Optional for a new resource: “First version” if empty.")
        if resource is not None and resource.has_file:
            self.fields["file"].help_text = _("Leave empty to keep %(name)s.") % {"name": resource.file_name}

    @staticmethod
    def content_fields():
        return [
            "kind",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "language",
            "body",
            "url",
            "source_name",
            "audience",
        ]

    def event_choices(self):
        events = Event.objects.order_by("-start_date", *alphabetical_by("title"))
        if self.user.is_staff:
            return events
        current = Q(pk=self.resource.event_id) if self.resource and self.resource.event_id else Q(pk__in=[])
        return events.filter(Q(organizers=self.user) | current).distinct()

    def community_choices(self):
        communities = Community.objects.order_by(*alphabetical_by("name"))
        if self.user.is_staff:
            return communities
        moderated = Membership.objects.filter(
            member=self.user, role=Role.MODERATOR, status=MembershipStatus.ACTIVE
        ).values("community")
        current = (
            Q(pk=self.resource.community_id) if self.resource and self.resource.community_id else Q(pk__in=[])
        )
        return communities.filter(Q(pk__in=moderated) | current)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked_file = check_upload(upload)
        return upload

    def clean_tags(self):
        return clean_tags(self.cleaned_data.get("tags", ""))

    def clean(self):
        data = super().clean()
        if not (data.get("title_en", "").strip() or data.get("title_fr", "").strip()):
            self.add_error("title_en", _("Give the resource a title in English or in French."))
        kind = data.get("kind")
        if kind in NEEDS_URL and not data.get("url"):
            self.add_error("url", _("Give the web address of this link, video or news item."))
        has_file = data.get("file") or (self.resource is not None and self.resource.has_file)
        if kind == Kind.FILE and not has_file and "file" not in self.errors:
            self.add_error("file", _("Choose the file to upload."))
        if not self.user.is_staff and not (data.get("event") or data.get("community")):
            self.add_error(
                "event", _("Link the resource to an event you organize or a community you moderate.")
            )
        return data

    def service_arguments(self):
        data = self.cleaned_data
        arguments = {name: data[name] for name in self.content_fields()}
        arguments.update(
            tags=data["tags"],
            event=data["event"],
            community=data["community"],
            change_note=data.get("change_note", ""),
        )
        if data.get("file"):
            arguments.update(upload=data["file"], checked_file=self.checked_file)
        return arguments


class CommentForm(SubmissionTokenMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        help_text=BODY_HELP,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommentReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details for the moderators"),
        help_text=_("Required when the reason is “Other”."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompareForm(forms.Form):
    """Two revision numbers of one resource to compare (older first)."""

    old = forms.TypedChoiceField(label=_("Compare revision"), coerce=int)
    new = forms.TypedChoiceField(label=_("with revision"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, number) for number in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Choose two different revisions."))
        return data
