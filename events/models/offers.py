"""Held offers on waitlists: a freed seat offered to the next person waiting, for a limited time.

An open offer (status offered) HOLDS its seat: the seat is counted in the event's or workshop's
`confirmed_count` from the moment it is offered, so nobody else can take it and the CHECK constraint
`confirmed_count <= capacity` keeps holding. The person offered stays on the waitlist, at the front,
until they answer: accepted, their registration or workshop choice is confirmed and leaves the
waitlist (the held seat becomes theirs, the counter does not move); declined or expired, they leave
the waitlist and the held seat passes to the next person waiting (events.services.offers).

So, for an event:   confirmed_count = confirmed registrations + open offers of a place in the event
and for a workshop: confirmed_count = confirmed choices + open offers of a seat in that workshop.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agenda import Event, Session
from .registration import Registration


class WaitlistOffer(models.Model):
    """A place in an event (`session` empty) or a seat in one of its workshops offered to `registration`."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    # Without a foreign-key constraint in PostgreSQL (Django still cascades deletes): the check of a
    # new offer would take a KEY SHARE lock on the event and registration rows, which the services lock
    # FOR UPDATE before the session rows; an offer made under a session's lock would then wait against
    # that order, and two services could deadlock.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, db_constraint=False, related_name="offers", verbose_name=_("event")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("workshop"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="offers",
        verbose_name=_("registration"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    # The secret of the link in the email; the page also asks the member to be signed in.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offered_at = models.DateTimeField(_("offered"))
    expires_at = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("waitlist offer")
        verbose_name_plural = _("waitlist offers")
        ordering = ["offered_at", "pk"]
        constraints = [
            # One open offer per person and place: a second one would hold a second seat for one person.
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(status="offered"),
                nulls_distinct=False,
                name="events_offer_one_open_per_place",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["offered", "accepted", "declined", "expired"]),
                name="events_offer_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("offered_at")), name="events_offer_expires_after_offered"
            ),
            models.CheckConstraint(
                condition=Q(status="offered", answered_at__isnull=True)
                | (~Q(status="offered") & Q(answered_at__isnull=False)),
                name="events_offer_answered_when_closed",
            ),
        ]
        indexes = [
            # The beat scan: open offers by deadline.
            models.Index(fields=["expires_at"], condition=Q(status="offered"), name="events_offer_open_due"),
        ]

    def __str__(self):
        return f"{self.registration} – {self.session or self.event} ({self.status})"

    @property
    def is_open(self):
        return self.status == self.Status.OFFERED

    @property
    def email_key(self):
        """The object_key of the one email that makes this offer."""
        return f"waitlist-offer:{self.pk}"
