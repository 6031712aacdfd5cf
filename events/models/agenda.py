"""Events, their agenda (sessions in rooms, with speakers) and the partners who host them.

Times are stored in UTC (USE_TZ) and shown in the venue's time zone (Event.timezone, an
IANA name): a Vancouver event reads in Pacific time wherever the reader is.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Region
from nmc_portal.dates import ZONE_NAMES
from nmc_portal.search_text import Fold

# Canadian venue time zones, with the name people use for them (one table, in nmc_portal.dates).
TIMEZONE_NAMES = ZONE_NAMES


def default_reminder_days():
    return [7, 1]


def validate_timezone(value):
    """An IANA time zone name the server knows (America/Vancouver, not PST)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}, code="timezone"
        )


class Partner(models.Model):
    """An organization that hosts events with the NMC."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    acronym_en = models.CharField(_("acronym (English)"), max_length=20, blank=True)
    acronym_fr = models.CharField(_("acronym (French)"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en


class Event(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_FORUM = "national_forum", _("National forum")
        LEARNING_DAY = "learning_day", _("Regional learning day")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    timezone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default="America/Toronto",
        validators=[validate_timezone],
        help_text=_("Every time on the event's pages is shown in this time zone."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue_en = models.CharField(
        _("venue (English)"),
        max_length=300,
        blank=True,
        help_text=_("For example: Vancouver, British Columbia. Leave both empty for an online event."),
    )
    venue_fr = models.CharField(
        _("venue (French)"),
        max_length=300,
        blank=True,
        help_text=_("For example: Vancouver (Colombie-Britannique)."),
    )
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to registered participants.")
    )
    capacity = models.PositiveIntegerField(_("total capacity"), null=True, blank=True)
    # Kept by events.services.registration in the same transaction as the rows they count: a seat is
    # taken by a conditional UPDATE of this row, and the waitlist's length is its last position.
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    changes_close_at = models.DateTimeField(
        _("changes close"),
        null=True,
        blank=True,
        help_text=_("Until when participants may change their workshops (empty: until the event starts)."),
    )
    max_workshops_per_person = models.PositiveSmallIntegerField(
        _("workshops per participant"),
        default=0,
        help_text=_("How many workshops one participant may take (0 if the event has none)."),
    )
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("reminders (days before)"),
        default=default_reminder_days,
        blank=True,
        size=5,
        help_text=_(
            "Participants get a reminder with their agenda this many days before the event, "
            "e.g. “7,1”. Leave empty for none."
        ),
    )
    # Held offers on waitlists (events.services.offers). Off: a freed place goes at once to the first
    # person waiting. On: it is offered to them and held for `offer_hold_hours`, never past the cut-off
    # (`offer_cutoff_hours` before the event's first day); from the cut-off on, freed places go at once.
    waitlist_offers = models.BooleanField(
        _("offer freed places to the waitlist"),
        default=False,
        help_text=_(
            "The next person waiting is emailed an offer and the place is held for them until they "
            "accept, decline or the time runs out; then it goes to the next person."
        ),
    )
    offer_hold_hours = models.PositiveSmallIntegerField(
        _("time to answer an offer (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
        help_text=_("Shorter as the event nears: an offer never runs past the cut-off."),
    )
    offer_cutoff_hours = models.PositiveSmallIntegerField(
        _("last offers (hours before the event)"),
        default=48,
        validators=[MaxValueValidator(2160)],
        help_text=_(
            "No offers are made this many hours before the first day starts: from then on, a freed "
            "place goes at once to the first person waiting."
        ),
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("hosting partners"), blank=True, related_name="events"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("hosting community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The community of practice that hosts this event, if any."),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer team"),
        related_name="organized_events",
        blank=True,
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the site search matches (search.queries), derived by PostgreSQL from the row's own text folded
    # (nmc_portal.search_text.Fold), so every write path keeps it current: titles (A) in both
    # configurations, descriptions (B), the venue (C: "Vancouver" finds the events held there).
    search_vector = models.GeneratedField(
        expression=SearchVector(Fold("title_en"), Fold("title_fr"), config="english", weight="A")
        + SearchVector(Fold("title_en"), Fold("title_fr"), config="french", weight="A")
        + SearchVector(Fold("description_en"), config="english", weight="B")
        + SearchVector(Fold("description_fr"), config="french", weight="B")
        + SearchVector(Fold("venue_en"), config="english", weight="C")
        + SearchVector(Fold("venue_fr"), config="french", weight="C"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="events_event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="events_event_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "completed", "cancelled"]),
                name="events_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["national_forum", "learning_day", "webinar"]),
                name="events_event_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(title_en=""), name="events_event_title_en_required"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="events_event_never_oversold",
            ),
            models.CheckConstraint(
                condition=Q(offer_hold_hours__gt=0), name="events_event_offer_hold_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start_date"], name="events_event_status_start"),
            GinIndex(fields=["search_vector"], name="events_event_search"),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_name(self):
        """'Pacific Time' for America/Vancouver; the IANA name where we have no common name."""
        return TIMEZONE_NAMES.get(self.timezone, self.timezone)

    @property
    def is_online(self):
        return not self.venue_en and not self.venue_fr

    @property
    def has_venue(self):
        return not self.is_online

    @property
    def days(self):
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    def at_venue(self, day, time):
        """The aware datetime for a wall-clock time on a day at the venue (daylight saving included)."""
        return dt.datetime.combine(day, time, tzinfo=self.tzinfo)

    def local(self, moment):
        """An aware datetime seen at the venue."""
        return moment.astimezone(self.tzinfo)

    def starts_at(self):
        """Midnight of the first day at the venue, as an aware datetime."""
        return dt.datetime.combine(self.start_date, dt.time(0), tzinfo=self.tzinfo)

    def change_deadline(self):
        """Until when participants may change their workshops: the set deadline, else the event's start."""
        return self.changes_close_at or self.starts_at()

    def ends_at(self):
        """Midnight after the last day at the venue."""
        return dt.datetime.combine(self.end_date + dt.timedelta(days=1), dt.time(0), tzinfo=self.tzinfo)

    def first_starts_at(self):
        """When the event really starts: its first session's start, else midnight of its first day.

        A queryset may annotate `first_session_start` (Min of sessions__starts_at) to spare the query.
        """
        if hasattr(self, "first_session_start"):
            first = self.first_session_start
        else:
            first = self.sessions.aggregate(first=Min("starts_at"))["first"]
        return first or self.starts_at()

    def last_ends_at(self):
        """When the event really ends: its last session's end, else midnight after its last day.

        A queryset may annotate `last_session_end` (Max of sessions__ends_at) to spare the query.
        """
        if hasattr(self, "last_session_end"):
            last = self.last_session_end
        else:
            last = self.sessions.aggregate(last=Max("ends_at"))["last"]
        return last or self.ends_at()


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("event"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name_en"], name="events_room_name_unique_per_event"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="events_room_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.name_en


class Speaker(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    bio_fr = models.TextField(_("biography (French)"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    """One item of the agenda: a keynote, talk, panel, workshop or break."""

    class Kind(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote")
        PLENARY = "plenary", _("Plenary talk")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Break")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        BILINGUAL = "bilingual", _("Bilingual")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind of session"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    language = models.CharField(
        _("language of delivery"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("For workshops: how many participants can take it.")
    )
    # Seats taken and waitlist length, kept with the choices like Event.confirmed_count.
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions", blank=True)
    # Like its event's: titles (A) in both configurations, descriptions (B); derived by PostgreSQL.
    search_vector = models.GeneratedField(
        expression=SearchVector(Fold("title_en"), Fold("title_fr"), config="english", weight="A")
        + SearchVector(Fold("title_en"), Fold("title_fr"), config="french", weight="A")
        + SearchVector(Fold("description_en"), config="english", weight="B")
        + SearchVector(Fold("description_fr"), config="french", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        # With a context: django.contrib.sessions' catalogue, loaded first, says "session(s)" in French.
        verbose_name = pgettext_lazy("agenda item", "session")
        verbose_name_plural = pgettext_lazy("agenda item", "sessions")
        ordering = ["starts_at", "room__position", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="events_session_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["keynote", "plenary", "panel", "workshop", "break"]),
                name="events_session_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr", "bilingual"]), name="events_session_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="events_session_never_oversold",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "starts_at"], name="events_session_event_start"),
            GinIndex(fields=["search_vector"], name="events_session_search"),
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("events:session", kwargs={"slug": self.event.slug, "pk": self.pk})

    def overlaps(self, other):
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        HOST = "host", _("Host/moderator")
        PANELIST = "panelist", _("Panelist")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_speakers")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    affiliation_en = models.CharField(_("affiliation (English)"), max_length=200, blank=True)
    affiliation_fr = models.CharField(_("affiliation (French)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="events_session_speaker_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["speaker", "host", "panelist"]),
                name="events_session_speaker_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"
