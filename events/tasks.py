"""Beat jobs of the events app: thin, the work is in events.notifications."""

from celery import shared_task

from . import notifications


@shared_task
def send_due_event_emails_task():
    """Every five minutes (beat): the reminders before events that are due."""
    return notifications.send_due_event_emails()
