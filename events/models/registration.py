"""Registrations for events and workshop choices, with their waitlists.

Capacity is decided in PostgreSQL: services lock the event or session row (SELECT ... FOR UPDATE)
before counting, so two sign-ups for the last seat are served one after the other. The constraints
below hold whatever the code does: one registration per member and event, one choice per
registration and workshop, one holder per waitlist position (deferred, so a whole waitlist can move
up by one in a single UPDATE), and a position exactly when waitlisted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Deferrable, Q
from django.utils.translation import gettext_lazy as _

from .agenda import Event, Session


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    # A deleted account leaves an anonymous registration behind, so the event's counts stay right.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    # The version of the registration privacy notice shown on the form the member sent.
    privacy_notice = models.ForeignKey(
        "nmc_portal.PrivacyNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    ticket_code = models.UUIDField(_("ticket code"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_registration_one_per_member"),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                name="events_registration_waitlist_position_unique",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="events_registration_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="waitlisted", waitlist_position__isnull=False) & Q(waitlist_position__gt=0)
                )
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="events_registration_position_when_waitlisted",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="events_registration_checked_in_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="events_registration_status")]

    def __str__(self):
        return f"{self.user or _('Deleted member')} – {self.event}"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED


class WorkshopChoice(models.Model):
    """A registration's place in one workshop: confirmed, or waitlisted with a position."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="choices", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="choices", verbose_name=_("workshop")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("workshop choice")
        verbose_name_plural = _("workshop choices")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="events_choice_one_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"],
                name="events_choice_waitlist_position_unique",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted"]), name="events_choice_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="waitlisted", waitlist_position__isnull=False) & Q(waitlist_position__gt=0)
                )
                | (Q(status="confirmed") & Q(waitlist_position__isnull=True)),
                name="events_choice_position_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="events_choice_session_status")]

    def __str__(self):
        return f"{self.registration} – {self.session}"


class OrganizerMessage(models.Model):
    """An email an organizer sent to everyone registered for the event or for one workshop.

    Written in both official languages: each recipient gets the one of their profile. (Messages sent
    before that have only the language they were written in; the other is empty.)
    `token` comes from the form: a second submission of the same form is the same message.

    A draft until the organizer sends it from the preview; then queued (a task is on its way),
    sending (the task is recording one email per recipient, in batches) and sent (every recipient's
    email is recorded: what was delivered or failed is read from those OutboundEmail rows).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    token = models.UUIDField(unique=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (English)"), blank=True)
    body_fr = models.TextField(_("message (French)"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # When its task was (last) enqueued: the beat sweep enqueues again a message stalled since.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_en="") | ~Q(subject_fr=""), name="events_message_has_a_subject"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "queued", "sending", "sent"]),
                name="events_message_status_valid",
            ),
        ]

    def __str__(self):
        return self.subject_en or self.subject_fr

    @property
    def email_key(self):
        """The object_key of the emails to the recipients (one OutboundEmail per recipient)."""
        return f"organizer-message:{self.pk}"
