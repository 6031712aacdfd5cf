import datetime as dt
import functools

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Region
from nmc_portal.bilingual import localized
from nmc_portal.bilingual_fields import BilingualModelChoiceField, BilingualModelMultipleChoiceField
from nmc_portal.collation import alphabetical_by
from nmc_portal.dates import format_date, format_date_range
from nmc_portal.submissions import SubmissionTokenMixin

from .models import TIMEZONE_NAMES, Event, Partner, Room, Session, SessionSpeaker
from .services.agenda import EVENT_FIELDS

MAX_CAPACITY = 100_000  # seats in one session: more is a typing mistake (and 10^26 overflows the column)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def timezone_choices():
    return [(name, f"{label} ({name})") for name, label in TIMEZONE_NAMES.items()]


class EventForm(SubmissionTokenMixin, forms.ModelForm):
    """An event's details. The registration window is typed in the venue's time zone."""

    timezone = forms.ChoiceField(label=_("Time zone of the venue"), choices=timezone_choices)
    partners = BilingualModelMultipleChoiceField(
        label=_("Hosting partners"),
        queryset=Partner.objects.all(),  # in alphabetical order for the page's language: see __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [*EVENT_FIELDS, "partners"]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "registration_opens_at": DateTimeInput,
            "registration_closes_at": DateTimeInput,
            "changes_close_at": DateTimeInput,
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_fr": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {
            "online_link": lambda **kw: forms.URLField(assume_scheme="https", **kw),
            "community": BilingualModelChoiceField,
        }

    WINDOW = ("registration_opens_at", "registration_closes_at", "changes_close_at")
    OFFER_TIMES = ("offer_hold_hours", "offer_cutoff_hours")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.order_by(*alphabetical_by("name"))
        self.fields["region"].help_text = _("Leave empty for a national event.")
        self.fields["timezone"].help_text = Event._meta.get_field("timezone").help_text
        for name in self.OFFER_TIMES:  # left empty: the event's current value (a new event: the default)
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 1 if name == "offer_hold_hours" else 0
        for name in self.WINDOW:
            self.fields[name].help_text = _("In the venue's time zone.")
            value = getattr(self.instance, name)
            if value and self.instance.pk:
                self.initial[name] = value.astimezone(self.instance.tzinfo).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        for name in self.OFFER_TIMES:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = getattr(self.instance, name)
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        if cleaned.get("timezone"):
            venue = Event(timezone=cleaned["timezone"]).tzinfo
            current = timezone.get_current_timezone()
            for name in self.WINDOW:
                # A wall-clock time, read by Django in the site's zone: re-read it at the venue.
                if cleaned.get(name):
                    cleaned[name] = (
                        cleaned[name].astimezone(current).replace(tzinfo=None).replace(tzinfo=venue)
                    )
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if not cleaned.get("venue_en") and not cleaned.get("venue_fr") and not cleaned.get("online_link"):
            self.add_error("venue_en", _("Give a venue, an online link, or both."))
        return cleaned

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in EVENT_FIELDS}
        return {**data, "partners": list(self.cleaned_data["partners"])}


def day_choices(event):
    return [(day.isoformat(), format_date(day, weekday=True)) for day in event.days]


class WhenFields(forms.Form):
    """Day and start time at the venue, and room, shared by the session and move forms."""

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.fields["day"] = forms.TypedChoiceField(
            label=_("Day"),
            choices=day_choices(event),
            coerce=dt.date.fromisoformat,
            # Django's message repeats the value sent (2030-01-16): say which days there are instead.
            error_messages={
                "invalid_choice": _("Choose one of the event's days: %(days)s.")
                % {"days": format_date_range(event.start_date, event.end_date)}
            },
        )
        self.fields["starts"] = forms.TimeField(
            label=_("Starts"),
            widget=TimeInput,
            help_text=_("Venue time (%(zone)s).") % {"zone": event.timezone_name},
        )
        self.fields["room"] = BilingualModelChoiceField(
            label=_("Room"),
            queryset=event.rooms.all(),
            required=False,
            empty_label=_("No room (online or all rooms)"),
        )
        self.order_fields(self.field_order)


class SessionForm(SubmissionTokenMixin, WhenFields):
    field_order = [
        "kind",
        "title_en",
        "title_fr",
        "day",
        "starts",
        "ends",
        "room",
        "language",
        "capacity",
        "description_en",
        "description_fr",
    ]
    kind = forms.ChoiceField(label=_("Kind of session"), choices=Session.Kind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    ends = forms.TimeField(label=_("Ends"), widget=TimeInput)
    language = forms.ChoiceField(label=_("Language of delivery"), choices=Session.Language.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=MAX_CAPACITY,
        required=False,
        help_text=_("For workshops: how many participants."),
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    @classmethod
    def initial_for(cls, session):
        event = session.event
        start, end = event.local(session.starts_at), event.local(session.ends_at)
        return {
            "kind": session.kind,
            "title_en": session.title_en,
            "title_fr": session.title_fr,
            "day": start.date().isoformat(),
            "starts": start.time(),
            "ends": end.time(),
            "room": session.room_id,
            "language": session.language,
            "capacity": session.capacity,
            "description_en": session.description_en,
            "description_fr": session.description_fr,
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("A session must end after it starts."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        day = data["day"]
        return {
            "kind": data["kind"],
            "title_en": data["title_en"],
            "title_fr": data["title_fr"],
            "description_en": data["description_en"],
            "description_fr": data["description_fr"],
            "starts_at": self.event.at_venue(day, data["starts"]),
            "ends_at": self.event.at_venue(day, data["ends"]),
            "room": data["room"],
            "language": data["language"],
            "capacity": data["capacity"],
        }


class MoveSessionForm(WhenFields):
    field_order = ["day", "starts", "room"]

    @classmethod
    def initial_for(cls, session):
        start = session.event.local(session.starts_at)
        return {"day": start.date().isoformat(), "starts": start.time(), "room": session.room_id}

    def service_fields(self):
        data = self.cleaned_data
        return {"starts_at": self.event.at_venue(data["day"], data["starts"]), "room": data["room"]}


class RoomForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name_en", "name_fr", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def validate_unique(self):
        pass  # the room's event is set by the service, which checks the name


class SessionSpeakerForm(SubmissionTokenMixin, forms.Form):
    name = forms.CharField(label=_("Speaker's name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=SessionSpeaker.Role.choices)
    affiliation_en = forms.CharField(
        label=_("Affiliation (English)"),
        max_length=200,
        required=False,
        help_text=_("For example: Treasury Board Secretariat"),
    )
    affiliation_fr = forms.CharField(
        label=_("Affiliation (French)"),
        max_length=200,
        required=False,
        help_text=_("For example: Secrétariat du Conseil du Trésor"),
    )


class CopyEventForm(SubmissionTokenMixin, forms.Form):
    new_start = forms.DateField(
        label=_("First day of the new event"),
        widget=DateInput,
        help_text=_("The agenda moves with it: every session keeps its time of day."),
    )


def with_all(choices, label):
    return [("", label), *choices]


class EventFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"), choices=with_all(Region.choices, _("All regions")), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"), choices=with_all(Event.Kind.choices, _("All kinds")), required=False
    )


class AgendaFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of session"), choices=with_all(Session.Kind.choices, _("All kinds")), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=with_all(Session.Language.choices, _("All languages")), required=False
    )

    def __init__(self, *args, needs=None, **kwargs):
        """`needs`: a callable giving [(value, label)] of the needs sessions answer (see events.extras),
        read only when the form is validated or drawn, so a cached agenda page costs no query."""
        super().__init__(*args, **kwargs)
        self.needs = functools.cache(needs or list)
        if needs is not None:
            self.fields["need"] = forms.ChoiceField(
                label=_("Need it answers"),
                choices=lambda: with_all(self.needs(), _("All needs")),
                required=False,
            )

    @property
    def has_needs(self):
        return bool(self.needs())


# Registration ---------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Only the organizers of this event see it."),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Only the organizers of this event see it."),
    )

    def __init__(self, *args, workshops=(), **kwargs):
        """`workshops`: the event's workshops offered on the same form (none when registration would
        end on the waitlist, or the event has none)."""
        super().__init__(*args, **kwargs)
        self.workshops = {}
        self.offer(workshops)

    def offer(self, workshops):
        """Offer `workshops` on the form; again, with their seats, on a page that comes back refused."""
        self.workshops = {str(s.pk): s for s in workshops}
        if self.workshops and "workshops" not in self.fields:
            self.fields["workshops"] = forms.MultipleChoiceField(
                label=_("Workshops"),
                choices=[(pk, localized(s, "title")[0]) for pk, s in self.workshops.items()],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def service_fields(self):
        data = self.cleaned_data
        return {
            "accessibility_needs": data["accessibility_needs"],
            "dietary_needs": data["dietary_needs"],
            "sessions": [self.workshops[pk] for pk in data.get("workshops", ())],
        }


class WorkshopChoiceForm(forms.Form):
    """The workshops a participant wants; the event's rule is checked by the service, whole."""

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = {str(s.pk): s for s in workshops}
        self.fields["workshops"] = forms.MultipleChoiceField(
            label=_("Workshops"),
            choices=[(pk, localized(s, "title")[0]) for pk, s in self.workshops.items()],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def sessions(self):
        return [self.workshops[pk] for pk in self.cleaned_data["workshops"]]


class MoveChoiceForm(forms.Form):
    def __init__(self, *args, workshops, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_session"] = BilingualModelChoiceField(
            label=_("Move to"),
            label_field="title",
            queryset=Session.objects.filter(pk__in=[s.pk for s in workshops]).exclude(pk=current.pk),
        )


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Confirmed and waitlisted")),
            ("confirmed", _("Confirmed")),
            ("waitlisted", _("On the waitlist")),
            ("cancelled", _("Cancelled")),
        ],
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[("", _("Everyone")), ("yes", _("Checked in")), ("no", _("Not checked in"))],
    )

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"] = BilingualModelChoiceField(
            label=_("Workshop"),
            label_field="title",
            required=False,
            queryset=Session.objects.filter(pk__in=[s.pk for s in workshops]),
            empty_label=_("All workshops"),
        )


class MessageForm(forms.Form):
    """An email to participants, written in both official languages: each gets the one of their profile.

    `token` makes a second submission of the same form the same message.
    """

    audience = forms.ChoiceField(label=_("To"))
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200)
    body_en = forms.CharField(
        label=_("Message (English)"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    subject_fr = forms.CharField(label=_("Subject (French)"), max_length=200)
    body_fr = forms.CharField(
        label=_("Message (French)"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    MISSING = {
        "subject_en": _("Write the subject in English: participants who read in English receive it."),
        "body_en": _("Write the message in English: participants who read in English receive it."),
        "subject_fr": _("Write the subject in French: participants who read in French receive it."),
        "body_fr": _("Write the message in French: participants who read in French receive it."),
    }

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = {str(s.pk): s for s in workshops}
        self.fields["audience"].choices = [
            ("event", _("Everyone registered for the event")),
            *[
                (pk, _("Participants of “%(title)s”") % {"title": localized(s, "title")[0]})
                for pk, s in self.workshops.items()
            ],
        ]
        for name, message in self.MISSING.items():
            self.fields[name].error_messages["required"] = message
            self.fields[name].widget.attrs["lang"] = name[-2:]  # spell-checked and read in its language

    def session(self):
        return self.workshops.get(self.cleaned_data["audience"])

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("subject_en", "subject_fr", "body_en", "body_fr", "token")}


class ReissueCertificateForm(SubmissionTokenMixin, forms.Form):
    """An organizer corrects the name printed on a participant's certificate."""

    full_name = forms.CharField(
        label=_("Name on the certificate"),
        max_length=150,
        help_text=_(
            "As the participant wants it printed. The previous certificate's code stops being valid."
        ),
    )
