"""Reading attendance per workshop: the roster to mark, the dashboard's figures, the check-in helpers.

Each read is a fixed number of queries whatever the number of people.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import CheckInHelper, Registration, Session, WorkshopAttendance, WorkshopChoice


def attendance_roster(session, *, search=""):
    """The people who may be marked present at a workshop (confirmed registrations with a place in it,
    confirmed first, then the waitlist), by name, each with `marked_at` (None when not marked): one
    query. `search` keeps the names (or emails) that contain it."""
    marked = WorkshopAttendance.objects.filter(session=session, registration=OuterRef("registration")).values(
        "marked_at"
    )[:1]
    choices = (
        WorkshopChoice.objects.filter(session=session, registration__status=Registration.Status.CONFIRMED)
        .select_related("registration__user")
        .annotate(marked_at=Subquery(marked))
        .order_by("status", "registration__user__full_name", "pk")
    )
    if search:
        choices = choices.filter(
            Q(registration__user__full_name__icontains=search)
            | Q(registration__user__email__icontains=search)
        )
    return list(choices)


def attendance_counts(session):
    """The workshop with `signed_up`, `present`, `no_shows` and `no_show_percent` (one query)."""
    return _with_counts(Session.objects.filter(pk=session.pk))[0]


def _count(queryset):
    """A subquery that counts `queryset`'s rows (0 rows: one row with 0)."""
    return (
        queryset.order_by()
        .annotate(group=Value(1, output_field=IntegerField()))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _with_counts(sessions):
    attended = WorkshopAttendance.objects.filter(
        session=OuterRef("session"), registration=OuterRef("registration")
    )
    confirmed = WorkshopChoice.objects.filter(session=OuterRef("pk"), status=WorkshopChoice.Status.CONFIRMED)
    sessions = list(
        sessions.annotate(
            signed_up=Coalesce(Subquery(_count(confirmed)), 0),
            present=Coalesce(Subquery(_count(WorkshopAttendance.objects.filter(session=OuterRef("pk")))), 0),
            no_shows=Coalesce(Subquery(_count(confirmed.filter(~Exists(attended)))), 0),
        )
    )
    for session in sessions:
        session.no_show_percent = (
            round(100 * session.no_shows / session.signed_up)
            if session.present and session.signed_up
            else None
        )
    return sessions


def workshop_attendance(event):
    """The event's workshops, each with `signed_up` (confirmed places), `present` (marked present,
    from the waitlist too), `no_shows` (confirmed places not marked present) and `no_show_percent`
    (None while no one is marked in that workshop): one query."""
    sessions = _with_counts(
        event.sessions.filter(kind=Session.Kind.WORKSHOP)
        .select_related("room")
        .order_by("starts_at", "room__position", "title_en")
    )
    for session in sessions:
        session.event = event
    return sessions


def no_show_rate(workshops):
    """Over the workshops where attendance was recorded: (no-shows, confirmed places, percent), or None
    when no workshop has anyone marked present."""
    recorded = [s for s in workshops if s.present]
    signed_up = sum(s.signed_up for s in recorded)
    if not signed_up:
        return None
    no_shows = sum(s.no_shows for s in recorded)
    return no_shows, signed_up, round(100 * no_shows / signed_up)


def attendance_recorded(event):
    """Whether anyone was marked present at any of the event's workshops."""
    return WorkshopAttendance.objects.filter(session__event=event).exists()


def attended_workshops(registration):
    """The pks of the workshops this registration was marked present at."""
    return set(
        WorkshopAttendance.objects.filter(registration=registration).values_list("session_id", flat=True)
    )


def helpers_of(event):
    """The event's check-in helpers with their member, in the order they were named (one query)."""
    return list(CheckInHelper.objects.filter(event=event).select_related("user"))


def events_helped_by(member):
    """The events `member` is a check-in helper of, soonest first."""
    if not (member and member.is_authenticated):
        return []
    return [
        h.event
        for h in CheckInHelper.objects.filter(user=member)
        .select_related("event")
        .order_by("event__start_date")
    ]
