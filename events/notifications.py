"""Emails that are due at a time, found by beat (no long-lived ETA tasks), and notices of agenda changes.

Every email is an OutboundEmail keyed (kind, recipient, object): a beat tick run twice, or two workers
running the same scan, find the rows already there and send nothing more. Each scan decides what is due
from the database and the clock alone, so a beat that was down catches up at its next tick.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from nmc_portal.emails import queue_email, queue_emails
from nmc_portal.models import OutboundEmail

from .models import Event, Registration, Session, WorkshopChoice
from .queries.registration import participants_of
from .timing import shift_to


def topic(event):
    return f"event:{event.pk}"


def already_sent_to(kind, object_key):
    """Addresses that already have this email recorded: one query instead of one per recipient."""
    return set(
        OutboundEmail.objects.filter(kind=kind, object_key=object_key).values_list(
            "recipient_email", flat=True
        )
    )


# Reminders before the event ---------------------------------------------------------------------


def reminder_due_at(event, start, days):
    """`days` before the event's start, at the same wall-clock time at the venue.

    Across a daylight-saving change that is not days × 24 hours: a 1-day reminder for a 09:00 PDT start
    the day after clocks spring forward goes out at 09:00 PST the day before, 23 hours earlier.
    """
    return shift_to(event, start, -days)


def current_reminder(event, start, now):
    """(days, due) of the reminder due now: the latest one whose time has come, before the start."""
    if now >= start:
        return None
    due = [(days, reminder_due_at(event, start, days)) for days in sorted(set(event.reminder_days))]
    passed = [(days, at) for days, at in due if at <= now]
    return passed[0] if passed else None


def agendas_for(event, registrations):
    """Each registration's own agenda (all but workshops, plus its confirmed workshops): two queries."""
    sessions = list(event.sessions.select_related("room").order_by("starts_at", "room__position", "title_en"))
    for session in sessions:
        session.event = event
    workshops = {}
    choices = WorkshopChoice.objects.filter(
        registration__in=[r.pk for r in registrations], status=WorkshopChoice.Status.CONFIRMED
    ).values_list("registration_id", "session_id")
    for registration_id, session_id in choices:
        workshops.setdefault(registration_id, set()).add(session_id)
    return {
        r.pk: [s for s in sessions if s.kind != Session.Kind.WORKSHOP or s.pk in workshops.get(r.pk, ())]
        for r in registrations
    }


def send_due_reminders(*, now=None):
    """Queue the reminders due now for every published event; returns how many were recorded."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=366)
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        end_date__gte=(now - dt.timedelta(days=1)).date(),
        start_date__lte=horizon.date(),
    ).exclude(reminder_days=[])
    count = 0
    for event in events:
        count += send_event_reminders(event=event, now=now)
    return count


@transaction.atomic
def send_event_reminders(*, event, now=None):
    now = now or timezone.now()
    start = event.first_starts_at()
    due = current_reminder(event, start, now)
    if due is None:
        return 0
    days, due_at = due
    key = f"event:{event.pk}:reminder:{days}d"
    done = already_sent_to(OutboundEmail.Kind.EVENT_REMINDER, key)
    registrations = [
        r
        for r in Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, user__isnull=False, created_at__lte=due_at
        ).select_related("user")
        if r.user.email not in done
    ]  # someone who registered after the reminder's time has just had the confirmation instead
    agendas = agendas_for(event, registrations)
    return queue_emails(
        kind=OutboundEmail.Kind.EVENT_REMINDER,
        object_key=key,
        template="emails/events/event_reminder",
        context={"event": event, "days": days, "start": start},
        recipients=[
            (registration.user, {"registration": registration, "agenda": agendas[registration.pk]})
            for registration in registrations
        ],
        topic=topic(event),
    )


# Changes to the agenda ----------------------------------------------------------------------------


def people_attending(session):
    """Who has the session on their agenda: a workshop's participants (waitlist included), or everyone
    registered for the event for a plenary, keynote or panel. Nobody is told about a moved break."""
    if session.kind == Session.Kind.BREAK:
        return []
    return participants_of(session.event, session)


def notify_session_changed(*, session, old_starts_at, old_room):
    """Queue the notices of a moved session, inside the service's transaction.

    The key names the change (the new start and room): saving the same move twice sends nothing more,
    a later move somewhere else sends a new notice.
    """
    event = session.event
    if event.status != Event.Status.PUBLISHED:
        return 0
    key = f"session:{session.pk}:at:{session.starts_at:%Y%m%dT%H%M%z}:room:{session.room_id or 0}"
    people = people_attending(session)
    for member in people:
        queue_email(
            kind=OutboundEmail.Kind.SESSION_CHANGED,
            recipient=member,
            object_key=key,
            template="emails/events/session_changed",
            context={
                "event": event,
                "session": session,
                "old_starts_at": old_starts_at,
                "old_room": old_room,
            },
            topic=topic(event),
        )
    return len(people)


def notify_session_cancelled(*, session):
    """Before the session is deleted (its workshop choices go with it)."""
    event = session.event
    if event.status != Event.Status.PUBLISHED:
        return 0
    people = people_attending(session)
    for member in people:
        queue_email(
            kind=OutboundEmail.Kind.SESSION_CANCELLED,
            recipient=member,
            object_key=f"session:{session.pk}:cancelled",
            template="emails/events/session_cancelled",
            context={"event": event, "session": session},
            topic=topic(event),
        )
    return len(people)


def send_due_event_emails(*, now=None):
    """The beat job: reminders before events (surveys.tasks sends the survey emails)."""
    return send_due_reminders(now=now or timezone.now())
