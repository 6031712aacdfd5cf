"""Beat jobs of the surveys app: thin, the work is in surveys.notifications."""

from celery import shared_task

from . import followups, needs_followups, notifications


@shared_task
def send_due_survey_emails_task():
    """Every five minutes (beat): feedback surveys made for published events, then the invitations and
    reminders that are due."""
    notifications.ensure_feedback_surveys()
    return notifications.send_due_survey_emails()


@shared_task
def run_followups_task():
    """Every quarter hour (beat): follow-up discussions of events that ended, then survey highlights,
    then the unmet needs of consultations suggested to the hosting community once the results are final."""
    done = followups.run_followups()
    done["needs_suggested"] = needs_followups.suggest_unmet_needs()
    return done
