"""Beat jobs of the surveys app: thin, the work is in surveys.notifications."""

from celery import shared_task

from . import notifications


@shared_task
def send_due_survey_emails_task():
    """Every five minutes (beat): feedback surveys made for published events, then the invitations and
    reminders that are due."""
    notifications.ensure_feedback_surveys()
    return notifications.send_due_survey_emails()
