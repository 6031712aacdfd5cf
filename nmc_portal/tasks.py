"""Sending recorded emails (OutboundEmail rows), and the beat job that picks up any left behind."""

import datetime as dt
import logging
import smtplib
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .emails import enqueue_due_emails
from .models import OutboundEmail

logger = logging.getLogger(__name__)

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


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_email_task(self, *, email_id):
    """Send the email if it is still pending.

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
            return  # sent, failed, gone, or being sent by another worker right now
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
    if retry_in is not None:
        # Outside the transaction, so the attempt is recorded before the task is retried.
        raise self.retry(countdown=retry_in, exc=RuntimeError(email.error))


@shared_task
def scan_unsent_emails_task():
    """Every minute (beat): enqueue again the pending emails whose task was lost or whose retry is due.

    Lost: a broker that was down when the email was recorded, a broker restart, a worker killed
    mid-task. See emails.enqueue_due_emails.
    """
    return enqueue_due_emails()
