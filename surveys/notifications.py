"""Survey emails found by beat: feedback surveys made for published events, invitations once a feedback
survey opens, and one reminder to those who have not answered.

Every email is an OutboundEmail keyed (kind, recipient, "survey:<pk>"): a tick run twice sends nothing
more, and a beat that was down catches up at its next tick, as events.notifications does.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from events.models import Event, Registration
from events.notifications import already_sent_to, topic
from nmc_portal.emails import queue_email
from nmc_portal.models import OutboundEmail

from .links import answer_url, respondent_key
from .models import Survey
from .services import ensure_feedback_survey, freeze_window

TEMPLATES = {
    OutboundEmail.Kind.SURVEY_INVITATION: "emails/surveys/invitation",
    OutboundEmail.Kind.SURVEY_REMINDER: "emails/surveys/reminder",
}
# A survey that follows its event closes at most this long after the event's last day.
FOLLOWING_HORIZON = dt.timedelta(days=30)


def _invite(survey, kind):
    """Queue `kind` (SURVEY_INVITATION or SURVEY_REMINDER) to those registered who need it."""
    key = f"survey:{survey.pk}"
    done = already_sent_to(kind, key)
    registrations = Registration.objects.filter(
        event=survey.event, status=Registration.Status.CONFIRMED, user__isnull=False
    ).select_related("user")
    members = [r.user for r in registrations if r.user.email not in done]
    if kind == OutboundEmail.Kind.SURVEY_REMINDER:
        invited = already_sent_to(OutboundEmail.Kind.SURVEY_INVITATION, key)
        answered = set(survey.responses.values_list("respondent_key", flat=True))
        members = [m for m in members if m.email in invited and respondent_key(survey, m) not in answered]
    for member in members:
        queue_email(
            kind=kind,
            recipient=member,
            object_key=key,
            template=TEMPLATES[kind],
            context={
                "event": survey.event,
                "survey": survey,
                "answer_url": answer_url(survey, member, member.preferred_language),
            },
            topic=topic(survey.event),
        )
    return len(members)


def due_feedback_surveys(now):
    """Feedback surveys of published or completed events that may be open now: the stored windows are
    filtered in SQL, those that follow their event are decided in Python (Survey.window)."""
    following = Q(opens_at__isnull=True) & (
        Q(event__end_date__gte=(now - FOLLOWING_HORIZON).date()) | Q(closes_at__gt=now)
    )
    stored = Q(opens_at__lte=now) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    surveys = (
        Survey.objects.filter(kind=Survey.Kind.FEEDBACK)
        .filter(event__status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED])
        .filter(following | stored)
        .select_related("event")
        .annotate(last_session_end=Max("event__sessions__ends_at"))
        .order_by("pk")
    )
    for survey in surveys:
        survey.event.last_session_end = survey.last_session_end  # Event.last_ends_at() needs no query
        if survey.is_open(now):
            yield survey


def send_due_survey_emails(*, now=None):
    """Feedback invitations once a survey opens; one reminder to non-respondents a set time later."""
    now = now or timezone.now()
    count = 0
    for survey in due_feedback_surveys(now):
        with transaction.atomic():
            if survey.follows_event:  # opening now: the dates the invitations name stay put
                survey = freeze_window(survey=survey)
            count += _invite(survey, OutboundEmail.Kind.SURVEY_INVITATION)
        if survey.opens_at + dt.timedelta(days=survey.reminder_after_days) <= now:
            with transaction.atomic():
                count += _invite(survey, OutboundEmail.Kind.SURVEY_REMINDER)
    return count


def ensure_feedback_surveys(*, now=None):
    """Every published event that has not ended long ago gets its feedback survey (default template)."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, end_date__gte=(now - dt.timedelta(days=30)).date()
    ).exclude(surveys__kind=Survey.Kind.FEEDBACK)
    for event in events:
        ensure_feedback_survey(event)
