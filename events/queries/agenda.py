"""Reading events and agendas: a fixed number of queries whatever the size of the agenda."""

from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.bilingual import localized
from nmc_portal.collation import alphabetical_by

from ..models import Event, Session, SessionSpeaker


def public_events(*, region="", kind="", past=False, today=None):
    """Events anyone may see: upcoming soonest first, or past ones most recent first. Never drafts."""
    today = today or timezone.localdate()
    events = Event.objects.exclude(status=Event.Status.DRAFT)
    if region:
        events = events.filter(region=region)
    if kind:
        events = events.filter(kind=kind)
    if past:
        return events.filter(end_date__lt=today).order_by("-start_date", *alphabetical_by("title"))
    return events.filter(end_date__gte=today).order_by("start_date", *alphabetical_by("title"))


def upcoming_events_hosted_by(community, *, today=None):
    """Published events a community hosts that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return Event.objects.filter(
        community=community, status=Event.Status.PUBLISHED, end_date__gte=today
    ).order_by("start_date", *alphabetical_by("title"))


def events_managed_by(user):
    """The events a person organizes; admins manage them all."""
    events = Event.objects.all() if user.is_staff else Event.objects.filter(organizers=user)
    return events.order_by("-start_date", *alphabetical_by("title"))


def sessions_for(event, *, kind="", language=""):
    sessions = (
        event.sessions.select_related("room")
        .prefetch_related(
            Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").order_by("position"),
            )
        )
        .order_by("starts_at", "room__position", "title_en")
    )
    if kind:
        sessions = sessions.filter(kind=kind)
    if language in ("en", "fr"):
        sessions = sessions.filter(language__in=[language, Session.Language.BILINGUAL])
    elif language:
        sessions = sessions.filter(language=language)
    sessions = list(sessions)
    for session in sessions:
        session.event = event  # already loaded: links and local times need no query per session
    return sessions


@dataclass
class Slot:
    starts_at: object
    ends_at: object
    sessions: list = field(default_factory=list)


@dataclass
class Day:
    date: object
    slots: list = field(default_factory=list)


def agenda_for(event, *, kind="", language="", sessions=None):
    """Days of slots; sessions starting at the same time run in parallel, in room order."""
    sessions = sessions_for(event, kind=kind, language=language) if sessions is None else sessions
    days = []
    for session in sessions:
        local_start = event.local(session.starts_at)
        if not days or days[-1].date != local_start.date():
            days.append(Day(local_start.date()))
        slots = days[-1].slots
        if not slots or slots[-1].starts_at != session.starts_at:
            slots.append(Slot(session.starts_at, session.ends_at))
        slots[-1].sessions.append(session)
        slots[-1].ends_at = max(slots[-1].ends_at, session.ends_at)
    return days


@dataclass
class GridRow:
    starts_at: object
    cells: list


@dataclass
class GridDay:
    date: object
    rows: list


def builder_grid(event, sessions, rooms):
    """Per day, a time × room grid: one row per start time, one column per room (then "no room")."""
    columns = [room.pk for room in rooms]
    if any(session.room_id is None for session in sessions):
        columns.append(None)
    by_day = {day: {} for day in event.days}
    for session in sessions:
        rows = by_day.setdefault(event.local(session.starts_at).date(), {})
        cells = rows.setdefault(session.starts_at, {column: [] for column in columns})
        cells.setdefault(session.room_id, []).append(session)
    grid = [
        GridDay(
            day,
            [
                GridRow(start, [(column, cells[column]) for column in columns])
                for start, cells in sorted(rows.items())
            ],
        )
        for day, rows in sorted(by_day.items())
    ]
    return grid, columns


@dataclass
class Conflict:
    kind: str  # room, speaker, capacity
    message: str
    sessions: tuple
    about: object = None  # the room or the speaker booked twice, or the room too small


def _title(session):
    return localized(session, "title")[0]


def find_conflicts(sessions):
    """Room and speaker double-bookings between overlapping sessions; workshops bigger than their room.

    `sessions` come from sessions_for() (rooms and speakers already loaded): no queries here.
    """
    conflicts = []
    for session in sessions:
        room = session.room
        if room and room.capacity and session.capacity and session.capacity > room.capacity:
            conflicts.append(
                Conflict(
                    "capacity",
                    _("“%(session)s” takes %(capacity)s participants but %(room)s holds %(room_capacity)s.")
                    % {
                        "session": _title(session),
                        "capacity": session.capacity,
                        "room": localized(room, "name")[0],
                        "room_capacity": room.capacity,
                    },
                    (session,),
                    room,
                )
            )
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.pk or 0))
    for first, second in combinations(ordered, 2):
        if not first.overlaps(second):
            continue
        names = {"first": _title(first), "second": _title(second)}
        if first.room_id and first.room_id == second.room_id:
            message = _("%(room)s is double-booked: “%(first)s” and “%(second)s” overlap.")
            conflicts.append(
                Conflict(
                    "room",
                    message % {**names, "room": localized(first.room, "name")[0]},
                    (first, second),
                    first.room,
                )
            )
        shared = {ss.speaker_id: ss.speaker for ss in first.session_speakers.all()}
        for other in second.session_speakers.all():
            if other.speaker_id in shared:
                message = _("%(speaker)s is double-booked: “%(first)s” and “%(second)s” overlap.")
                conflicts.append(
                    Conflict(
                        "speaker",
                        message % {**names, "speaker": other.speaker.name},
                        (first, second),
                        other.speaker,
                    )
                )
    return conflicts


def conflicts_for(event):
    return find_conflicts(sessions_for(event))


def conflicts_involving(session):
    return [c for c in conflicts_for(session.event) if any(s.pk == session.pk for s in c.sessions)]


def session_on_agenda(event, pk):
    """One session of the event, with its room and speakers."""
    return (
        Session.objects.filter(event=event, pk=pk)
        .select_related("room")
        .prefetch_related(
            Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").order_by("position"),
            )
        )
        .first()
    )
