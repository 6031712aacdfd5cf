"""Reads of surveys that pages and jobs share."""

from django.db.models import Q
from django.utils import timezone

from events.models import Event, Registration, Session
from events.queries.attendance import attendance_recorded, attended_workshops
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
    """The sessions a member is asked to rate: those they attended. Empty for someone not registered.

    Once the event recorded attendance at any of its workshops (events.services.attendance), only what
    was recorded: the workshops the member was marked present at, and the other sessions (breaks
    aside) if they were checked in to the event. An event that recorded no workshop attendance at all
    falls back to what they signed up for: every session but breaks and workshops, plus their own
    workshops (confirmed).
    """
    registration = (
        Registration.objects.filter(event=survey.event, user=member)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .first()
    )
    if registration is None:
        return []
    if not attendance_recorded(registration.event):
        return [s for s in my_agenda(registration) if s.kind != Session.Kind.BREAK]
    attended = Q(pk__in=attended_workshops(registration))
    if registration.checked_in_at is not None:
        attended |= ~Q(kind__in=[Session.Kind.WORKSHOP, Session.Kind.BREAK])
    sessions = list(
        registration.event.sessions.filter(attended)
        .select_related("room")
        .order_by("starts_at", "room__position", "title_en")
    )
    for session in sessions:
        session.event = registration.event
    return sessions


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
