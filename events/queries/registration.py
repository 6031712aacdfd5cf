"""Reading registrations: a member's own, an event's lists for organizers, workshop rosters and seats.

Each read is a fixed number of queries whatever the number of registrations.
"""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from ..models import Event, OrganizerMessage, Registration, Session, WorkshopChoice
from .agenda import Slot


def registrations_for(member):
    """A member's registrations (cancelled ones last), each with its event, workshops and the end of
    its event's last session (`last_session_end`): three queries."""
    choices = WorkshopChoice.objects.select_related("session__room").order_by("session__starts_at", "pk")
    last_end = Session.objects.filter(event=OuterRef("event")).order_by("-ends_at").values("ends_at")[:1]
    return list(
        Registration.objects.filter(user=member)
        .select_related("event")
        .annotate(last_session_end=Subquery(last_end))
        .prefetch_related(Prefetch("choices", queryset=choices))
        .order_by("status", "-event__start_date", "pk")
    )


def registration_status_of(event, member):
    """The member's registration without its workshops (status and waitlist position), or None."""
    if not (member and member.is_authenticated):
        return None
    return Registration.objects.filter(event=event, user=member).first()


def registration_of(event, member):
    if not (member and member.is_authenticated):
        return None
    choices = WorkshopChoice.objects.select_related("session__room").order_by("session__starts_at", "pk")
    return (
        Registration.objects.filter(event=event, user=member)
        .prefetch_related(Prefetch("choices", queryset=choices))
        .first()
    )


def workshops_of(event):
    """The event's workshops with their confirmed and waitlisted counts (one query)."""
    sessions = (
        event.sessions.filter(kind=Session.Kind.WORKSHOP)
        .select_related("room")
        .annotate(
            confirmed=Count("choices", filter=Q(choices__status=WorkshopChoice.Status.CONFIRMED)),
            waitlisted=Count("choices", filter=Q(choices__status=WorkshopChoice.Status.WAITLISTED)),
        )
        .order_by("starts_at", "room__position", "title_en")
    )
    sessions = list(sessions)
    for session in sessions:
        session.event = event
        session.seats_left = (
            None if session.capacity is None else max(session.capacity - session.confirmed, 0)
        )
        session.fill_percent = round(100 * session.confirmed / session.capacity) if session.capacity else None
    return sessions


def workshop_slots(workshops):
    """Workshops grouped by start time: the choice a participant makes in each slot."""
    slots = []
    for session in workshops:
        if not slots or slots[-1].starts_at != session.starts_at:
            slots.append(Slot(session.starts_at, session.ends_at))
        slots[-1].sessions.append(session)
        slots[-1].ends_at = max(slots[-1].ends_at, session.ends_at)
    return slots


def registration_counts(event):
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def registrations_of(event, *, search="", status="", workshop=None, checked_in=""):
    """The organizers' list: people, their workshops; filtered. Two queries whatever the size."""
    registrations = event.registrations.select_related("user")
    if search:
        registrations = registrations.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    if status:
        registrations = registrations.filter(status=status)
    else:
        registrations = registrations.exclude(status=Registration.Status.CANCELLED)
    if workshop:
        registrations = registrations.filter(choices__session=workshop)
    if checked_in == "yes":
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif checked_in == "no":
        registrations = registrations.filter(checked_in_at__isnull=True)
    choices = WorkshopChoice.objects.select_related("session").order_by("session__starts_at", "pk")
    return registrations.prefetch_related(Prefetch("choices", queryset=choices)).order_by(
        "status", "waitlist_position", "user__full_name", "pk"
    )


def roster_of(session):
    """A workshop's confirmed participants and its waitlist in order (one query)."""
    choices = list(
        session.choices.select_related("registration__user").order_by(
            "status", "waitlist_position", "confirmed_at", "pk"
        )
    )
    confirmed = [c for c in choices if c.status == WorkshopChoice.Status.CONFIRMED]
    waitlist = [c for c in choices if c.status == WorkshopChoice.Status.WAITLISTED]
    return confirmed, waitlist


def my_agenda(registration):
    """The sessions a participant attends: everything but workshops, plus their confirmed workshops."""
    confirmed = registration.choices.filter(status=WorkshopChoice.Status.CONFIRMED).values("session_id")
    sessions = (
        registration.event.sessions.filter(~Q(kind=Session.Kind.WORKSHOP) | Q(pk__in=confirmed))
        .select_related("room")
        .order_by("starts_at", "room__position", "title_en")
    )
    sessions = list(sessions)
    for session in sessions:
        session.event = registration.event
    return sessions


def participants_of(event, session=None):
    """The members with a place (confirmed or waitlisted) in the event, or only in `session` when it is
    a workshop: everyone registered has the other sessions on their agenda."""
    if session is not None and session.kind == Session.Kind.WORKSHOP:
        registrations = Registration.objects.filter(choices__session=session)
    else:
        registrations = event.registrations.exclude(status=Registration.Status.CANCELLED)
    return [r.user for r in registrations.filter(user__isnull=False).select_related("user").distinct()]


def messages_of(event):
    """The messages the organizers sent about the event, newest first, with their workshop and sender."""
    return OrganizerMessage.objects.filter(event=event).select_related("session", "sent_by")


def upcoming_events_of(member, *, today=None):
    """Published events the member is registered for (confirmed or waitlisted) that have not ended."""
    today = today or timezone.localdate()
    return list(
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            end_date__gte=today,
            registrations__user=member,
            registrations__status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .distinct()
        .order_by("start_date", "title_en")
    )
