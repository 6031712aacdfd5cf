"""Celery tasks that send recorded emails (OutboundEmail rows): thin, the work is in nmc_portal.emails."""

from celery import shared_task

from .emails import MAX_ATTEMPTS, enqueue_due_emails, send_recorded_emails
from .submissions import forget_old_submissions

__all__ = [
    "MAX_ATTEMPTS",
    "forget_old_submissions_task",
    "scan_unsent_emails_task",
    "send_email_task",
    "send_emails_task",
]


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_email_task(self, *, email_id):
    """Send the email if it is still pending (emails.send_recorded_emails); retry transient failures."""
    retry = send_recorded_emails([email_id])
    if retry is not None:
        # After the failure was written, so the attempt is recorded before the task is retried.
        countdown, _email_ids, error = retry
        raise self.retry(countdown=countdown, exc=RuntimeError(error))


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_emails_task(self, *, email_ids):
    """Send a batch of emails over one connection (emails.send_recorded_emails); retry, later, only
    those that failed for now."""
    retry = send_recorded_emails(email_ids)
    if retry is not None:
        countdown, email_ids, error = retry
        raise self.retry(countdown=countdown, kwargs={"email_ids": email_ids}, exc=RuntimeError(error))


@shared_task
def scan_unsent_emails_task():
    """Every minute (beat): enqueue again the pending emails whose task was lost or whose retry is due.

    Lost: a broker that was down when the email was recorded, a broker restart, a worker killed
    mid-task. See emails.enqueue_due_emails.
    """
    return enqueue_due_emails()


@shared_task
def forget_old_submissions_task():
    """Daily (beat): create-form tokens are kept two days, as long as a form may be sent again."""
    return forget_old_submissions()
