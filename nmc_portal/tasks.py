"""Sending recorded emails (OutboundEmail rows), and the beat job that picks up any left behind."""

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BACKOFF = 30  # seconds, doubled at each attempt: 30 s, 1 min, 2 min, 4 min
UNSENT_AFTER = dt.timedelta(minutes=1)


def is_transient(error):
    """Worth another try: the server said 'later' (4xx) or the connection failed."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    return isinstance(
        error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | ConnectionError | TimeoutError
    )


def deliver(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient_email],
        headers={"Content-Language": email.language},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_email_task(self, *, email_id):
    """Send the email if it is still pending.

    The row is locked while sending (skip_locked: a duplicate task running at the same moment returns
    at once), and marked sent in the same transaction. Transient errors are retried with backoff, at
    most MAX_ATTEMPTS in all; others mark the row failed.
    """
    retry_in = None
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return  # sent, failed, gone, or being sent by another worker right now
        email.attempts += 1
        try:
            deliver(email)
        except (smtplib.SMTPException, OSError) as error:
            email.error = f"{type(error).__name__}: {error}"[:2000]
            if is_transient(error) and email.attempts < MAX_ATTEMPTS:
                retry_in = RETRY_BACKOFF * 2 ** (email.attempts - 1)
            else:
                email.status = OutboundEmail.Status.FAILED
            logger.warning("email %s not sent (attempt %s): %s", email.pk, email.attempts, email.error)
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "error"])
    if retry_in is not None:
        # Outside the transaction, so the attempt is recorded before the task is retried.
        raise self.retry(countdown=retry_in, exc=RuntimeError(email.error))


@shared_task
def scan_unsent_emails_task():
    """Every minute (beat): enqueue again the pending emails older than a minute.

    Their task was lost (a broker restart, a worker killed mid-task) or is waiting for its retry: a
    second task for the same row is harmless, since only a pending, unlocked row is sent.
    """
    due = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING,
        created_at__lt=timezone.now() - UNSENT_AFTER,
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    count = 0
    for email_id in due.iterator():
        send_email_task.delay(email_id=email_id)
        count += 1
    return count
