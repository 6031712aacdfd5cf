"""Reads of surveys that pages and jobs share."""

from django.db.models import Q
from django.utils import timezone

from events.models import Event, Registration, Session
from events.queries.registration import my_agenda

from .links import respondent_key
from .models import Response, Survey


def open_consultations(now=None):
    """Needs consultations open now, with their event (drafts included: the consultation is public)."""
    now = now or timezone.now()
    return (
        Survey.objects.filter(kind=Survey.Kind.NEEDS, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("closes_at", "pk")
    )


def sessions_to_rate(survey, member):
    """The sessions a member attended or signed up for: all but breaks and workshops, plus their own
    workshops (confirmed). Empty for someone not registered."""
    registration = (
        Registration.objects.filter(event=survey.event, user=member)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .first()
    )
    if registration is None:
        return []
    return [s for s in my_agenda(registration) if s.kind != Session.Kind.BREAK]


def response_of(survey, member):
    return (
        Response.objects.filter(survey=survey, respondent_key=respondent_key(survey, member))
        .prefetch_related("answers")
        .first()
    )


def invited_count(survey):
    """Who was asked: those registered (confirmed) for a feedback survey; nobody in particular for a
    needs consultation (open to every member), hence no response rate."""
    if survey.kind != Survey.Kind.FEEDBACK:
        return None
    return survey.event.registrations.filter(status=Registration.Status.CONFIRMED).count()
