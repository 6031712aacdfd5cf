"""Queue an email: render it in the recipient's language, record it, send it after the commit."""

import datetime as dt
import logging
import re
import smtplib
from urllib.parse import urlsplit

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .celery import app
from .models import OutboundEmail

logger = logging.getLogger(__name__)

# The broker could not be reached (Redis down, refused, timed out): Celery raises kombu's
# OperationalError; a connection dropped mid-publish can surface as redis-py's or the socket's own.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)

# A pending row the sweep may take: enqueued again this long after it was due (its own task had that
# long to run), and then left alone for RESCAN_LEASE while the task it was given waits in the queue.
UNSENT_GRACE = dt.timedelta(minutes=1)
RESCAN_LEASE = dt.timedelta(minutes=10)
# The task that sends one row, addressed by name: nmc_portal.tasks imports this module, not the reverse.
SEND_TASK = "nmc_portal.tasks.send_email_task"

MAX_ATTEMPTS = 5
RETRY_BACKOFF = 30  # seconds, doubled at each attempt: 30 s, 1 min, 2 min, 4 min


def is_transient(error):
    """Worth another try: the server said 'later' (4xx) or the connection failed."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    return isinstance(
        error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | ConnectionError | TimeoutError
    )


def message_id(email):
    """The same Message-ID at every attempt: a copy sent again after a crash reads as the same email.

    (A worker killed after the SMTP server took the message but before the row was marked sent sends
    it again: at-least-once. Mail systems fold copies with one Message-ID into one.)
    """
    domain = urlsplit(settings.SITE_URL).hostname or "nmc-portal"
    return f"<outbound-{email.pk}@{domain}>"


def deliver(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient_email],
        headers={"Content-Language": email.language, "Message-ID": message_id(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()


def queue_email(*, kind, recipient, object_key, template, context=None, email=None, topic="", language=None):
    """Record the email `kind` about `object_key` for `recipient` and send it once the transaction commits.

    `template` names three templates: `<template>_subject.txt`, `<template>.txt` and `<template>.html`,
    rendered in the recipient's preferred official language. Queueing the same (kind, recipient,
    object) again returns the existing row and sends nothing more. Call it inside the service's
    transaction: the row commits with the change it announces, or not at all. `topic` ("event:12")
    groups the emails about one thing for the people who look after it. Without a `recipient` (someone
    who is not a member), give `email` and the `language` to write in.
    """
    kind = OutboundEmail.Kind(kind)  # a kind the portal knows, or ValueError
    address = email or recipient.email
    language = language or email_language(recipient)
    existing = OutboundEmail.objects.filter(kind=kind, recipient_email=address, object_key=object_key).first()
    if existing is not None:
        return existing
    subject, body_text, body_html = render_email(
        template, {"recipient": recipient, **(context or {})}, language
    )
    row, created = OutboundEmail.objects.get_or_create(
        kind=kind,
        recipient_email=address,
        object_key=object_key,
        defaults={
            "recipient": recipient,
            "language": language,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "topic": topic,
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue_email(row.pk))
    return row


def queue_new_email(*, kind, recipient, object_key, rendered, email=None, topic=""):
    """Record an email whose `object_key` is new by construction (the key of a row this transaction just
    inserted), `rendered` beforehand by `render_email` in the recipient's language, outside the locks of
    the transaction: one INSERT, sent once the transaction commits. A key used before is an
    IntegrityError (the unique key still makes the email once-only), which rolls the transaction back.
    """
    subject, body_text, body_html = rendered
    row = OutboundEmail.objects.create(
        kind=OutboundEmail.Kind(kind),
        recipient=recipient,
        recipient_email=email or recipient.email,
        object_key=object_key,
        language=email_language(recipient),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        topic=topic,
    )
    transaction.on_commit(lambda: enqueue_email(row.pk))
    return row


def email_language(recipient):
    return getattr(recipient, "preferred_language", "") or "en"


def render_email(template, context, language):
    """(subject, text, HTML) of the email `template` in `language`, exactly as queue_email records it."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        # Line breaks and runs of spaces collapse; French no-break spaces (nmc_portal.typography) stay.
        subject = re.sub(r"[ \t\r\n]+", " ", render_to_string(f"{template}_subject.txt", context)).strip()
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context)
    return subject, body_text, body_html


def enqueue_email(email_id):
    """Hand the row to a worker; if the broker is unreachable, leave it for the beat sweep.

    Runs after the commit (on_commit), inside the request that made the change: an exception here
    would turn a saved registration into an error page. The row is already recorded, so a failed
    publish loses nothing: it is made due at once, and the sweep sends it once Redis is back.
    """
    try:
        send_task(email_id)
    except BROKER_ERRORS as error:
        logger.warning("email %s recorded but not enqueued (broker unreachable): %s", email_id, error)
        try:
            OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.PENDING).update(
                next_attempt_at=timezone.now() - UNSENT_GRACE
            )
        except DatabaseError:  # the row stays due a minute after its creation anyway
            logger.warning("email %s: could not mark it due for the sweep", email_id)
        return False
    return True


def enqueue_due_emails(*, now=None, limit=5000):
    """The sweep: enqueue the pending emails whose task was lost or whose retry is due.

    Picks rows due for over UNSENT_GRACE (their own task had that long), oldest first, and leases
    them for RESCAN_LEASE so a long queue is not enqueued again every minute. A second task for a
    row is harmless: only a pending, unlocked row is sent. Stops at the first broker error (the next
    tick tries again). Returns how many were enqueued.
    """
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now - UNSENT_GRACE,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    count = 0
    for email_id in due:
        try:
            send_task(email_id)
        except BROKER_ERRORS as error:
            logger.warning("sweep stopped: broker unreachable: %s", error)
            break
        count += 1
    OutboundEmail.objects.filter(pk__in=due[:count], status=OutboundEmail.Status.PENDING).update(
        next_attempt_at=now + RESCAN_LEASE
    )
    return count


def send_task(email_id):
    app.send_task(SEND_TASK, kwargs={"email_id": email_id})


def send_recorded_email(email_id):
    """Send the email if it is still pending; returns (seconds before a retry, error), or None.

    The row is locked while sending (skip_locked: a duplicate task running at the same moment returns
    at once), and marked sent in the same transaction. Transient errors are retried with backoff, at
    most MAX_ATTEMPTS in all, the next attempt's time stored on the row (next_attempt_at) so the beat
    sweep respects the backoff if the retry itself is lost; others mark the row failed.
    """
    retry_in = None
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return None  # sent, failed, gone, or being sent by another worker right now
        email.attempts += 1
        try:
            deliver(email)
        except (smtplib.SMTPException, OSError) as error:
            email.error = f"{type(error).__name__}: {error}"[:2000]
            if is_transient(error) and email.attempts < MAX_ATTEMPTS:
                retry_in = RETRY_BACKOFF * 2 ** (email.attempts - 1)
                email.next_attempt_at = timezone.now() + dt.timedelta(seconds=retry_in)
            else:
                email.status = OutboundEmail.Status.FAILED
            logger.warning("email %s not sent (attempt %s): %s", email.pk, email.attempts, email.error)
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "error", "next_attempt_at"])
    return (retry_in, email.error) if retry_in is not None else None
