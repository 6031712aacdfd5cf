"""Tasks of the events app: thin, the work is in events.notifications, events.services.messages and
events.services.preferences."""

from celery import shared_task

from . import notifications, retention
from .services import messages, offers, preferences


@shared_task
def send_due_event_emails_task():
    """Every five minutes (beat): the reminders before events that are due."""
    return notifications.send_due_event_emails()


@shared_task
def send_organizer_message_task(*, message_id):
    """Enqueued when an organizer sends a message: record and send one email per recipient."""
    return messages.send_message(message_id=message_id)


@shared_task
def scan_stalled_messages_task():
    """Every five minutes (beat): enqueue again the messages whose task was lost."""
    return messages.resume_stalled_messages()


@shared_task
def remove_event_needs_task():
    """Daily (beat): remove accessibility and dietary needs once the retention period after an event ends."""
    return retention.remove_event_needs()


@shared_task
def run_preference_rounds_task():
    """Every minute (beat): allocate the workshops of the preference rounds whose window has closed, once."""
    return preferences.run_due_preference_rounds()


@shared_task
def scan_waitlist_offers_task():
    """Every minute (beat): offers past their deadline expire and their seats pass to the next person."""
    return offers.expire_offers()
