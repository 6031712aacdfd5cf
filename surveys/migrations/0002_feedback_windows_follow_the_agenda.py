"""Feedback surveys that have not opened, have no answers and still have the window the old code
computed for them (last session's end + 2 hours, for 14 days) get an empty window: they follow their
event's agenda from now on, as they did when events rescheduled them on every change (Survey.window).

Reversed, every feedback survey that follows its agenda gets that window written down again.
"""

import datetime as dt
import zoneinfo

from django.db import migrations
from django.db.models import Max
from django.utils import timezone

DELAY = dt.timedelta(hours=2)
OPEN_FOR = dt.timedelta(days=14)


def derived_opening(event, Session):
    last = Session.objects.filter(event_id=event.pk).aggregate(last=Max("ends_at"))["last"]
    if last is None:  # no session: midnight after the last day, at the venue
        last = dt.datetime.combine(
            event.end_date + dt.timedelta(days=1), dt.time(0), tzinfo=zoneinfo.ZoneInfo(event.timezone)
        )
    return last + DELAY


def follow_the_agenda(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Session = apps.get_model("events", "Session")
    now = timezone.now()
    waiting = Survey.objects.filter(kind="feedback", opens_at__gt=now, responses__isnull=True)
    for survey in waiting.select_related("event"):
        opens = derived_opening(survey.event, Session)
        if (survey.opens_at, survey.closes_at) == (opens, opens + OPEN_FOR):
            Survey.objects.filter(pk=survey.pk).update(opens_at=None, closes_at=None)


def write_the_window_down(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Session = apps.get_model("events", "Session")
    for survey in Survey.objects.filter(kind="feedback", opens_at__isnull=True).select_related("event"):
        opens = derived_opening(survey.event, Session)
        Survey.objects.filter(pk=survey.pk).update(opens_at=opens, closes_at=survey.closes_at or opens + OPEN_FOR)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("events", "0005_surveys_move_to_their_app"),
    ]

    operations = [migrations.RunPython(follow_the_agenda, write_the_window_down)]
