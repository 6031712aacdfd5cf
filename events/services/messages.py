"""Organizers' messages to participants: a draft, previewed and tested, then sent by a Celery task.

The request only saves the draft or marks it queued and enqueues one task; the task records one
OutboundEmail per recipient, in batches, each rendered in the recipient's language (queue_email). The
row's unique key (kind, recipient, message) is what makes a task run twice, or retried, send nothing
twice.
"""

import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.celery import app
from nmc_portal.emails import BROKER_ERRORS, queue_email, render_email
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail

from ..models import OrganizerMessage
from ..queries.messages import message_recipients

logger = logging.getLogger(__name__)

TEMPLATE = "emails/events/organizer_message"
# Addressed by name: events.tasks imports this module, not the reverse.
SEND_TASK = "events.tasks.send_organizer_message_task"
BATCH_SIZE = 200  # recipients recorded per transaction: progress shows between batches
TEXT_FIELDS = ("subject_en", "subject_fr", "body_en", "body_fr")
# A message still queued or sending this long after its task was enqueued lost that task (a broker
# down at the time, a worker killed mid-way): the beat sweep enqueues it again.
STALLED_AFTER = dt.timedelta(minutes=10)


def save_message_draft(*, event, session, subject_en, subject_fr, body_en, body_fr, token, by):
    """Save what the organizer wrote as a draft; a second submission of the same form (`token`) finds
    the same draft and changes nothing."""
    message, _created = OrganizerMessage.objects.get_or_create(
        token=token,
        defaults={
            "event": event,
            "session": session,
            "subject_en": subject_en,
            "subject_fr": subject_fr,
            "body_en": body_en,
            "body_fr": body_fr,
            "sent_by": by,
        },
    )
    return message


@transaction.atomic
def edit_message_draft(*, message, session, subject_en, subject_fr, body_en, body_fr, by):
    """Change a draft; once it is queued it is on its way and stays as sent."""
    message = OrganizerMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if message.status != OrganizerMessage.Status.DRAFT:
        raise DomainError(_("This message has been sent: it can no longer be changed."))
    message.session = session
    message.subject_en, message.subject_fr = subject_en, subject_fr
    message.body_en, message.body_fr = body_en, body_fr
    message.sent_by = by
    message.save(update_fields=["session", *TEXT_FIELDS, "sent_by"])
    return message


def preview_message(message, *, recipient):
    """{language: (subject, text, HTML)}: the email as the recipients reading each language receive it."""
    context = {"event": message.event, "session": message.session, "message": message, "recipient": recipient}
    return {language: render_email(TEMPLATE, context, language) for language in ("en", "fr")}


def send_test_message(*, message, to):
    """One email to `to` (the organizer), in their language, recorded as a test: it is not one of the
    message's emails to participants. The same text tested twice is one email; an edited text is new."""
    text = "\0".join([*(getattr(message, name) for name in TEXT_FIELDS), str(message.session_id)])
    version = hashlib.sha256(text.encode()).hexdigest()[:16]
    return queue_email(
        kind=OutboundEmail.Kind.ORGANIZER_MESSAGE_TEST,
        recipient=to,
        object_key=f"organizer-message-test:{message.pk}:{version}",
        template=TEMPLATE,
        context={"event": message.event, "session": message.session, "message": message},
        topic=f"event:{message.event_id}",
    )


@transaction.atomic
def queue_message(*, message, by):
    """Mark the draft queued and enqueue the task that sends it, after the commit. Returns (message,
    queued): a draft already queued (a double click, a second tab) is left as it is and enqueues
    nothing more. A fixed number of queries, whatever the number of recipients."""
    message = (
        OrganizerMessage.objects.select_for_update(of=("self",))
        .select_related("event", "session")
        .get(pk=message.pk)
    )
    if message.status != OrganizerMessage.Status.DRAFT:
        return message, False
    message.status = OrganizerMessage.Status.QUEUED
    message.queued_at = timezone.now()
    message.sent_by = by
    message.recipient_count = message_recipients(message.event, message.session).count()
    message.save(update_fields=["status", "queued_at", "sent_by", "recipient_count"])
    transaction.on_commit(lambda: enqueue_message(message.pk))
    return message, True


def enqueue_message(message_id):
    """Hand the message to a worker (after the commit, inside the request: never an error page)."""
    try:
        app.send_task(SEND_TASK, kwargs={"message_id": message_id})
    except BROKER_ERRORS as error:
        logger.warning("message %s queued but not enqueued (broker unreachable): %s", message_id, error)
        return False
    return True


def send_message(*, message_id, batch_size=BATCH_SIZE):
    """The task's work: record one email per recipient, `batch_size` per transaction, each in the
    recipient's language, and send each after its batch commits.

    Safe to run twice or after a crash: an email already recorded for a recipient (unique kind,
    recipient, message) is found, not sent again. A draft is never sent. Returns how many recipients
    the message has.
    """
    with transaction.atomic():
        message = (
            OrganizerMessage.objects.select_for_update(of=("self",))
            .select_related("event", "session")
            .filter(pk=message_id)
            .exclude(status=OrganizerMessage.Status.DRAFT)
            .first()
        )
        if message is None:
            return 0  # gone, or never sent
        recipients = message_recipients(message.event, message.session)
        message.recipient_count = recipients.count()
        if message.status == OrganizerMessage.Status.QUEUED:
            message.status = OrganizerMessage.Status.SENDING
        message.save(update_fields=["status", "recipient_count"])
    context = {"event": message.event, "session": message.session, "message": message}
    last = 0
    while True:
        with transaction.atomic():
            batch = list(recipients.filter(pk__gt=last)[:batch_size])
            for member in batch:
                queue_email(
                    kind=OutboundEmail.Kind.ORGANIZER_MESSAGE,
                    recipient=member,
                    object_key=message.email_key,
                    template=TEMPLATE,
                    context=context,
                    topic=f"event:{message.event_id}",
                )
        if len(batch) < batch_size:
            break
        last = batch[-1].pk
    OrganizerMessage.objects.filter(pk=message.pk).update(status=OrganizerMessage.Status.SENT)
    return message.recipient_count


def resume_stalled_messages(*, now=None):
    """The sweep: enqueue again the messages whose task was lost, and lease them for STALLED_AFTER.

    A second task for a message that was only slow is harmless: every recipient's email is recorded
    once (send_message). Returns how many were enqueued.
    """
    now = now or timezone.now()
    stalled = list(
        OrganizerMessage.objects.filter(
            status__in=[OrganizerMessage.Status.QUEUED, OrganizerMessage.Status.SENDING],
            queued_at__lte=now - STALLED_AFTER,
        ).values_list("pk", flat=True)
    )
    enqueued = [pk for pk in stalled if enqueue_message(pk)]
    OrganizerMessage.objects.filter(pk__in=enqueued).update(queued_at=now)
    return len(enqueued)
