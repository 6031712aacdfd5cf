"""Accessibility and dietary needs are kept only as long as the event needs them: they are removed
NEEDS_RETENTION_DAYS after the event ends (a daily beat job), and the run records how many it removed.
Until then only the event's organizers see them (events.rules); afterwards nobody can.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nmc_portal.retention import record_run

from .models import Registration

JOB = "event_needs"


def needs_removal_date(event):
    """The first day on which the event's needs are gone."""
    return event.end_date + dt.timedelta(days=settings.NEEDS_RETENTION_DAYS + 1)


@transaction.atomic
def remove_event_needs(*, today=None):
    """Blank the needs of every registration to an event that ended more than the retention period ago."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.NEEDS_RETENTION_DAYS)
    expired = Registration.objects.filter(event__end_date__lt=cutoff)
    accessibility = expired.exclude(accessibility_needs="").update(accessibility_needs="")
    dietary = expired.exclude(dietary_needs="").update(dietary_needs="")
    counts = {"accessibility_needs": accessibility, "dietary_needs": dietary}
    record_run(JOB, counts)
    return counts
