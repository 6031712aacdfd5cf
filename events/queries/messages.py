"""Reading organizers' messages to participants: who receives one, and how far its sending has gone.

Each read is a fixed number of queries whatever the number of messages or recipients.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from nmc_portal.models import OutboundEmail

from ..models import OrganizerMessage, Registration, Session


def message_recipients(event, session=None):
    """The members with a place (confirmed or waitlisted) in the event, or only in `session` when it is a
    workshop, as one query ordered by primary key (the task walks it in batches)."""
    if session is not None and session.kind == Session.Kind.WORKSHOP:
        registrations = Registration.objects.filter(choices__session=session)
    else:
        registrations = event.registrations.exclude(status=Registration.Status.CANCELLED)
    return (
        get_user_model()
        .objects.filter(pk__in=registrations.filter(user__isnull=False).values("user_id"))
        .order_by("pk")
    )


def message_of(event, pk):
    """One message of the event with its workshop and sender, or None."""
    return OrganizerMessage.objects.filter(event=event, pk=pk).select_related("session", "sent_by").first()


@dataclass(frozen=True)
class Delivery:
    """How far a message has gone: of its `total` recipients, the emails sent, failed and still queued
    (recorded and waiting for a worker, or not recorded yet)."""

    total: int
    sent: int = 0
    failed: int = 0

    @property
    def queued(self):
        return max(self.total - self.sent - self.failed, 0)

    @property
    def done(self):
        return self.sent + self.failed


def delivery_of(messages):
    """{message pk: Delivery} for the messages, from their OutboundEmail rows: one query for them all."""
    messages = list(messages)
    keys = {message.email_key: message for message in messages}
    rows = (
        OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ORGANIZER_MESSAGE, object_key__in=list(keys))
        .values("object_key")
        .annotate(
            recorded=Count("pk"),
            sent=Count("pk", filter=Q(status=OutboundEmail.Status.SENT)),
            failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
        )
        if keys
        else []
    )
    counts = {row["object_key"]: row for row in rows}
    result = {}
    for key, message in keys.items():
        row = counts.get(key, {})
        result[message.pk] = Delivery(
            total=max(message.recipient_count, row.get("recorded", 0)),
            sent=row.get("sent", 0),
            failed=row.get("failed", 0),
        )
    return result
