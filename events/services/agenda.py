"""Everything that changes events and their agendas. Views call these and show the DomainError they raise.

A moved or removed session on a published agenda is announced by events.notifications, in the same
transaction.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nmc_portal.bilingual import localized
from nmc_portal.dates import format_date_range
from nmc_portal.discovery import app_modules
from nmc_portal.errors import DomainError

from .. import notifications
from ..extras import run_event_hooks
from ..models import Event, Room, Session, SessionSpeaker, Speaker
from ..queries.agenda import conflicts_for
from ..timing import shift_to
from .registration import fill_free_places

EVENT_FIELDS = [
    "title_en",
    "title_fr",
    "description_en",
    "description_fr",
    "kind",
    "region",
    "timezone",
    "start_date",
    "end_date",
    "venue_en",
    "venue_fr",
    "online_link",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "changes_close_at",
    "max_workshops_per_person",
    "reminder_days",
    "community",
    "waitlist_offers",
    "offer_hold_hours",
    "offer_cutoff_hours",
]
SESSION_FIELDS = [
    "kind",
    "title_en",
    "title_fr",
    "description_en",
    "description_fr",
    "starts_at",
    "ends_at",
    "room",
    "language",
    "capacity",
]


RESERVED_SLUGS = {
    "manage",
    "gerer",
    "my-events",
    "mes-evenements",
    "consultations",
}  # pages at events/manage/, events/my-events/


def unique_slug(text, *, exclude_pk=None):
    base = slugify(text)[:70] or "event"
    if base in RESERVED_SLUGS:
        base = f"{base}-event"
    slug, n = base, 1
    taken = Event.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_with_a_free_slug(event, text, attempts=5):
    """Insert a new event under the first free slug for `text`.

    unique_slug() reads, then the INSERT claims: two requests can read the same free slug at the same
    moment. The second INSERT then fails on the unique index, inside its savepoint, once the first has
    committed; it reads again and takes the next free slug.
    """
    for _attempt in range(attempts):
        event.slug = unique_slug(text)
        try:
            with transaction.atomic():
                event.save(force_insert=True)
            return event
        except IntegrityError as error:
            if "slug" not in str(error):
                raise
            event.pk = None
    raise DomainError(_("Too many events are being created at this moment: try again."))


@transaction.atomic
def create_event(*, organizer, partners=(), slug=None, **fields):
    """A new draft event whose organizer team starts with `organizer`."""
    event = Event(**fields, status=Event.Status.DRAFT)
    if slug:
        event.slug = slug
        event.save()
    else:
        save_with_a_free_slug(event, f"{fields['title_en']} {fields['start_date'].year}")
    event.partners.set(partners)
    event.organizers.add(organizer)
    return event


@transaction.atomic
def update_event(*, event, partners=None, **fields):
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    check_capacity(event)
    outside = event.sessions.exclude(starts_at__gte=event.starts_at(), ends_at__lte=event.ends_at())
    if outside.exists():
        raise DomainError(
            _("Some sessions would fall outside the event's days (%(days)s): move them first.")
            % {"days": format_date_range(event.start_date, event.end_date)},
            field="start_date",
        )
    event.save()
    if partners is not None:
        event.partners.set(partners)
    if event.waitlist_count:
        fill_free_places(event=event)
    return event


def check_capacity(row):
    """An event's or workshop's capacity never drops below the seats already given (nobody loses one)."""
    if row.capacity is not None and row.capacity < row.confirmed_count:
        raise DomainError(
            _("%(count)s people already have a seat: the capacity cannot be lower.")
            % {"count": row.confirmed_count},
            field="capacity",
        )


def touch_event(event):
    """Mark the agenda changed: cached agenda pages are keyed on the event's updated_at."""
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())


def check_session_times(event, starts_at, ends_at):
    """Refuse what can never be on the agenda: ending before starting, or outside the event's days."""
    if ends_at <= starts_at:
        raise DomainError(_("A session must end after it starts."), field="ends")
    if starts_at < event.starts_at() or ends_at > event.ends_at():
        raise DomainError(
            _("The session must take place during the event (%(days)s).")
            % {"days": format_date_range(event.start_date, event.end_date)},
            field="day",
        )


def check_room(event, room):
    if room is not None and room.event_id != event.pk:
        raise DomainError(_("Choose one of this event's rooms."), field="room")


def lock_agenda(event):
    """Changes to one event's agenda wait for each other: two moves cannot both take the same free room.

    Returns the event as it is now (its status decides whether a clash is refused or flagged)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _clash_key(conflict):
    return (conflict.kind, getattr(conflict.about, "pk", None), frozenset(s.pk for s in conflict.sessions))


def clashes_before(event):
    """What a published agenda's clashes are before a change (none, normally); drafts need no check."""
    if event.status != Event.Status.PUBLISHED:
        return None
    return {_clash_key(c) for c in conflicts_for(event)}


def _title(session):
    return localized(session, "title")[0]


def refusal(conflict, session=None):
    """Why a change to a published agenda is refused, naming the other session."""
    others = [s for s in conflict.sessions if session is None or s.pk != session.pk]
    other = (others or list(conflict.sessions))[0]
    if conflict.kind == "room":
        return DomainError(
            _(
                "The event is published, so this change is refused: %(room)s already has “%(other)s” at "
                "that time. Choose another room or time."
            )
            % {"room": localized(conflict.about, "name")[0], "other": _title(other)},
            field="room",
        )
    if conflict.kind == "speaker":
        return DomainError(
            _(
                "The event is published, so this change is refused: %(speaker)s already speaks in "
                "“%(other)s” at that time. Choose another time."
            )
            % {"speaker": conflict.about.name, "other": _title(other)},
            field="starts",
        )
    room = conflict.about
    return DomainError(
        _(
            "The event is published, so this change is refused: “%(session)s” takes %(capacity)s "
            "participants but %(room)s holds %(room_capacity)s. Choose a bigger room or lower the capacity."
        )
        % {
            "session": _title(other),
            "capacity": other.capacity,
            "room": localized(room, "name")[0],
            "room_capacity": room.capacity,
        },
        field="room",
    )


def refuse_new_clashes(event, before, session=None):
    """A published agenda is never left double-booked: raise (the transaction rolls back) when the change
    adds a room or speaker double-booking, or a workshop above its room's capacity. On a draft, return
    the conflicts `session` now takes part in: they are flagged, not refused."""
    after = conflicts_for(event)
    if before is not None:
        new = [c for c in after if _clash_key(c) not in before]
        if new:
            raise refusal(new[0], session)
    if session is None:
        return after
    return [c for c in after if any(s.pk == session.pk for s in c.sessions)]


@transaction.atomic
def create_session(*, event, **fields):
    """Add a session; returns it with the conflicts it now takes part in. A draft's are flagged; on a
    published event a clash is refused."""
    check_session_times(event, fields["starts_at"], fields["ends_at"])
    check_room(event, fields.get("room"))
    before = clashes_before(lock_agenda(event))
    session = Session.objects.create(event=event, **fields)
    conflicts = refuse_new_clashes(event, before, session)
    touch_event(event)
    return session, conflicts


@transaction.atomic
def update_session(*, session, **fields):
    """Save a session. On a published agenda a clash is refused; a move in time or room is told to the
    people who have it on their agenda, in this transaction (events.notifications)."""
    before_clashes = clashes_before(lock_agenda(session.event))
    before = Session.objects.select_for_update(of=("self",)).select_related("room").get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    # The seat counters as they are under the lock, not as they were when `session` was read.
    session.confirmed_count, session.waitlist_count = before.confirmed_count, before.waitlist_count
    check_capacity(session)
    check_session_times(session.event, session.starts_at, session.ends_at)
    check_room(session.event, session.room)
    session.save()
    conflicts = refuse_new_clashes(session.event, before_clashes, session)
    touch_event(session.event)
    if session.waitlist_count and session.capacity != before.capacity:
        fill_free_places(event=session.event)
    if (before.starts_at, before.room_id) != (session.starts_at, session.room_id):
        notifications.notify_session_changed(
            session=session, old_starts_at=before.starts_at, old_room=before.room
        )
    return session, conflicts


@transaction.atomic
def move_session(*, session, starts_at, room):
    """Move a session to another time and/or room, keeping its length."""
    length = session.ends_at - session.starts_at
    return update_session(session=session, starts_at=starts_at, ends_at=starts_at + length, room=room)


@transaction.atomic
def remove_session(*, session):
    """Remove a session; on a published agenda, those who had it are told (before its choices go)."""
    notifications.notify_session_cancelled(session=session)
    session.delete()
    touch_event(session.event)


@transaction.atomic
def add_room(*, event, name_en, name_fr="", capacity=None):
    if event.rooms.filter(name_en__iexact=name_en).exists():
        raise DomainError(_("This event already has a room with that name."), field="name_en")
    position = event.rooms.count()
    touch_event(event)
    return Room.objects.create(
        event=event, name_en=name_en, name_fr=name_fr, capacity=capacity, position=position
    )


@transaction.atomic
def update_room(*, room, name_en, name_fr="", capacity=None):
    event = room.event
    if event.rooms.filter(name_en__iexact=name_en).exclude(pk=room.pk).exists():
        raise DomainError(_("This event already has a room with that name."), field="name_en")
    before = clashes_before(lock_agenda(event))
    room.name_en, room.name_fr, room.capacity = name_en, name_fr, capacity
    room.save(update_fields=["name_en", "name_fr", "capacity"])
    try:
        refuse_new_clashes(event, before)
    except DomainError as error:
        error.field = "capacity"
        raise
    touch_event(event)
    return room


@transaction.atomic
def remove_room(*, room):
    """Its sessions stay on the agenda without a room (Session.room is SET_NULL)."""
    room.delete()
    touch_event(room.event)


def speaker_for(name):
    """The speaker with this name, created on first use."""
    slug = slugify(name)[:80] or "speaker"
    speaker, _created = Speaker.objects.get_or_create(slug=slug, defaults={"name": name})
    return speaker


@transaction.atomic
def add_session_speaker(*, session, name, role, affiliation_en="", affiliation_fr=""):
    speaker = speaker_for(name)
    if session.session_speakers.filter(speaker=speaker).exists():
        raise DomainError(_("%(name)s is already on this session.") % {"name": speaker.name}, field="name")
    before = clashes_before(lock_agenda(session.event))
    position = session.session_speakers.count()
    added = SessionSpeaker.objects.create(
        session=session,
        speaker=speaker,
        role=role,
        affiliation_en=affiliation_en,
        affiliation_fr=affiliation_fr,
        position=position,
    )
    try:
        refuse_new_clashes(session.event, before, session)
    except DomainError as error:
        error.field = "name"
        raise
    touch_event(session.event)
    return added


@transaction.atomic
def remove_session_speaker(*, session_speaker):
    session_speaker.delete()
    touch_event(session_speaker.session.event)


@transaction.atomic
def copy_event(*, event, new_start, by):
    """A new draft copying the event, its rooms, partners, team and agenda, shifted to start on new_start."""
    days = (new_start - event.start_date).days
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.status = Event.Status.DRAFT
    copy.start_date = event.start_date + dt.timedelta(days=days)
    copy.end_date = event.end_date + dt.timedelta(days=days)
    for name in ("registration_opens_at", "registration_closes_at", "changes_close_at"):
        value = getattr(event, name)
        setattr(copy, name, shift_to(event, value, days) if value else None)
    copy.copied_from = event
    copy.confirmed_count = copy.waitlist_count = 0  # nobody is registered for the copy
    save_with_a_free_slug(copy, f"{event.title_en} {new_start.year}")
    copy.partners.set(event.partners.all())
    copy.organizers.set(event.organizers.all())
    copy.organizers.add(by)
    rooms = {}
    for room in event.rooms.all():
        old_pk = room.pk
        room.pk, room.event = None, copy
        room.save()
        rooms[old_pk] = room
    sessions = event.sessions.prefetch_related("session_speakers")
    for session in sessions:
        speakers = list(session.session_speakers.all())
        session.pk, session.event = None, copy
        session.room = rooms.get(session.room_id)
        session.starts_at = shift_to(event, session.starts_at, days)
        session.ends_at = shift_to(event, session.ends_at, days)
        session.confirmed_count = session.waitlist_count = 0
        session.save()
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                session=session,
                speaker_id=s.speaker_id,
                role=s.role,
                affiliation_en=s.affiliation_en,
                affiliation_fr=s.affiliation_fr,
                position=s.position,
            )
            for s in speakers
        )
    run_event_hooks("on_copy", event, copy)  # e.g. surveys carries the unmet needs into the copy
    return copy


def _missing(label, english, french):
    """ "Label (French)" when one language has the text and the other does not."""
    english, french = (english or "").strip(), (french or "").strip()
    if english and not french:
        return _("%(item)s (French)") % {"item": label}
    if french and not english:
        return _("%(item)s (English)") % {"item": label}
    return None


def missing_translations(event):
    """Every public text of the event that has one official language and not the other, named for the
    organizer: the event's own text, its sessions' titles, rooms and partners, and what other apps add
    (`<app>.publish_checks.missing_translations(event)`, e.g. survey questions)."""
    items = [
        _missing(_("event title"), event.title_en, event.title_fr),
        _missing(_("event description"), event.description_en, event.description_fr),
        _missing(_("venue"), event.venue_en, event.venue_fr),
    ]
    for session in event.sessions.order_by("starts_at", "pk"):
        label = _("title of the session “%(title)s”") % {"title": session.title_en or session.title_fr}
        items.append(_missing(label, session.title_en, session.title_fr))
    for room in event.rooms.order_by("pk"):
        items.append(
            _missing(
                _("room “%(name)s”") % {"name": room.name_en or room.name_fr}, room.name_en, room.name_fr
            )
        )
    for partner in event.partners.order_by("pk"):
        label = _("partner “%(name)s”") % {"name": partner.name_en or partner.name_fr}
        items.append(_missing(label, partner.name_en, partner.name_fr))
    for module in app_modules("publish_checks"):
        items.extend(module.missing_translations(event, _missing))
    return [item for item in items if item]


@transaction.atomic
def publish_event(*, event):
    """Make a draft public. An agenda with conflicts is not ready."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise DomainError(_("Only a draft can be published."))
    conflicts = conflicts_for(event)
    if conflicts:
        raise DomainError(
            _("Resolve the conflicts in the agenda before publishing: %(count)s left.")
            % {"count": len(conflicts)}
        )
    missing = missing_translations(event)
    if missing:
        raise DomainError(
            _("Both official languages are needed before publishing. Missing: %(items)s.")
            % {"items": "; ".join(missing)},
            reasons=missing,
        )
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    run_event_hooks("on_publish", event)  # e.g. surveys tells a consultation's respondents, once
    return event


@transaction.atomic
def unpublish_event(*, event):
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED:
        raise DomainError(_("Only a published event can be taken back to draft."))
    event.status = Event.Status.DRAFT
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def cancel_event(*, event):
    """Cancelled is final: the event stays public, marked cancelled, and registration closes."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
        raise DomainError(_("Only a draft or published event can be cancelled."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    return event
