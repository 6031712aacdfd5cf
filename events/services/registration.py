"""Registration and workshop sign-ups: everything that changes who has a seat.

Capacity is decided inside PostgreSQL, never by a count read earlier in Python. Each service takes
row locks in one order, so two of them never wait on each other in a cycle:

    event row  →  registration rows (by pk)  →  session rows (by pk)

and counts seats only while holding the lock of the row that owns them (the event for its
registrations, the session for its workshop choices). Waitlist positions are dense (1, 2, 3…):
leaving the waitlist moves everyone behind up by one, in one UPDATE, checked by a deferred unique
constraint at commit.

A freed seat goes at once to the first person on that waitlist, who is emailed after the commit.
Refusals are `nmc_portal.errors.DomainError`; `reasons` lists one message per refused choice.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.bilingual import localized
from nmc_portal.emails import queue_email
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail

from ..models import Event, Registration, Session, WorkshopChoice


def title(session):
    return localized(session, "title")[0]


# Registration ---------------------------------------------------------------------------------


def registration_open(event, now=None):
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.starts_at()
    return now < closes


def changes_open(event, now=None):
    return event.status == Event.Status.PUBLISHED and (now or timezone.now()) < event.change_deadline()


def _next_position(queryset):
    return (queryset.aggregate(last=Max("waitlist_position"))["last"] or 0) + 1


def register(*, event, member, accessibility_needs="", dietary_needs=""):
    """Register a member: confirmed while the event has room, else waitlisted at the end of the line.

    Idempotent: a second submission (two clicks, two tabs) returns the same registration. The event
    row is locked before its confirmed registrations are counted.
    """
    try:
        return _register(
            event=event, member=member, accessibility_needs=accessibility_needs, dietary_needs=dietary_needs
        )
    except IntegrityError:
        # Two submissions raced past the lock-free read of an existing registration: the unique
        # (event, user) constraint kept one; return it.
        return Registration.objects.get(event=event, user=member)


@transaction.atomic
def _register(*, event, member, accessibility_needs, dietary_needs):
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not registration_open(event):
        raise DomainError(_("Registration for this event is not open."))
    registration = Registration.objects.select_for_update().filter(event=event, user=member).first()
    if registration is not None and registration.is_active:
        return registration
    if registration is None:
        registration = Registration(event=event, user=member)
    registration.accessibility_needs = accessibility_needs
    registration.dietary_needs = dietary_needs
    registration.cancelled_at = None
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if event.capacity is None or confirmed < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = timezone.now()
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = _next_position(event.registrations)
    registration.save()
    queue_email(
        kind=OutboundEmail.Kind.REGISTRATION_RECEIVED,
        recipient=member,
        object_key=f"registration:{registration.pk}:{registration.updated_at.timestamp()}",
        template="emails/events/registration_received",
        context={"event": event, "registration": registration},
        topic=f"event:{event.pk}",
    )
    return registration


@transaction.atomic
def cancel_registration(*, registration, by_organizer=False):
    """Cancel a registration and its workshops; every seat it held goes to the next on its waitlist."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        return registration
    if not by_organizer and timezone.now() >= event.starts_at():
        raise DomainError(_("The event has started: registration can no longer be cancelled."))
    choices = list(registration.choices.order_by("session_id"))
    sessions = _lock_sessions([c.session_id for c in choices])
    for choice in choices:
        _leave_workshop(choice, sessions[choice.session_id])
    was, position = registration.status, registration.waitlist_position
    registration.status = Registration.Status.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = timezone.now()
    registration.checked_in_at = None
    registration.save()
    if was == Registration.Status.WAITLISTED:
        _close_gap(event.registrations, position)
    else:
        _promote_registrations(event)
    return registration


def _close_gap(queryset, position):
    """Everyone behind `position` moves up one place (the deferred unique constraint allows it)."""
    queryset.filter(waitlist_position__gt=position).update(waitlist_position=F("waitlist_position") - 1)


def _promote_waitlist(line, capacity, *, related=()):
    """Give the free places of `line` (an event's registrations or a workshop's choices) to the first
    on its waitlist, in order, and move everyone still waiting up. The row that owns `line` is locked.

    Returns the promoted rows, each with its new `confirmed_at`.
    """
    model = line.model
    if capacity is None:
        free = None
    else:
        free = capacity - line.filter(status=model.Status.CONFIRMED).count()
    waiting = line.filter(status=model.Status.WAITLISTED).order_by("waitlist_position")
    if related:
        waiting = waiting.select_related(*related)
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    if not promoted:
        return []
    now = timezone.now()
    for row in promoted:
        row.status = model.Status.CONFIRMED
        row.waitlist_position = None
        row.confirmed_at = now
    model.objects.bulk_update(promoted, ["status", "waitlist_position", "confirmed_at"])
    _close_gap_by(line, len(promoted))
    return promoted


def _promote_registrations(event):
    """Fill the event's free places from its waitlist, first come first served. The event row is locked."""
    promoted = _promote_waitlist(event.registrations, event.capacity)
    for registration in promoted:
        if registration.user_id:
            queue_email(
                kind=OutboundEmail.Kind.REGISTRATION_PROMOTED,
                recipient=registration.user,
                object_key=f"registration:{registration.pk}:{registration.confirmed_at.timestamp()}",
                template="emails/events/registration_promoted",
                context={"event": event, "registration": registration},
                topic=f"event:{event.pk}",
            )
    return promoted


def _close_gap_by(queryset, count):
    queryset.filter(waitlist_position__isnull=False).update(waitlist_position=F("waitlist_position") - count)


# Workshops ------------------------------------------------------------------------------------


def _lock_sessions(pks):
    """Lock the sessions' rows in primary-key order (the same order everywhere: no deadlock)."""
    return {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")}


def _confirmed_count(session):
    return session.choices.filter(status=WorkshopChoice.Status.CONFIRMED).count()


def _join_workshop(registration, session, now):
    """A seat if one is free, else the end of the waitlist. The session's row is locked."""
    if session.capacity is None or _confirmed_count(session) < session.capacity:
        return WorkshopChoice.objects.create(
            registration=registration,
            session=session,
            status=WorkshopChoice.Status.CONFIRMED,
            confirmed_at=now,
        )
    return WorkshopChoice.objects.create(
        registration=registration,
        session=session,
        status=WorkshopChoice.Status.WAITLISTED,
        waitlist_position=_next_position(session.choices),
    )


def _leave_workshop(choice, session):
    """Remove a choice; a freed seat goes to the first on the waitlist. The session's row is locked."""
    choice.delete()
    if choice.status == WorkshopChoice.Status.WAITLISTED:
        _close_gap(session.choices, choice.waitlist_position)
    else:
        _promote_choices(session)


def _promote_choices(session):
    """Fill the workshop's free seats from its waitlist. The session row is locked."""
    promoted = _promote_waitlist(session.choices, session.capacity, related=["registration__user"])
    for choice in promoted:
        member = choice.registration.user
        if member is not None:
            queue_email(
                kind=OutboundEmail.Kind.WORKSHOP_PROMOTED,
                recipient=member,
                object_key=f"workshop-choice:{choice.pk}",
                template="emails/events/workshop_promoted",
                context={"event": session.event, "session": session, "choice": choice},
                topic=f"event:{session.event_id}",
            )
    return promoted


def check_rule(event, sessions):
    """Why these workshops cannot be taken together, one reason per problem (empty when they can)."""
    reasons = []
    for session in sessions:
        if session.event_id != event.pk or session.kind != Session.Kind.WORKSHOP:
            reasons.append(_("“%(title)s” is not a workshop of this event.") % {"title": title(session)})
    if len(sessions) > event.max_workshops_per_person:
        reasons.append(
            _("You may take at most %(count)s workshops; you chose %(chosen)s.")
            % {"count": event.max_workshops_per_person, "chosen": len(sessions)}
        )
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    for n, first in enumerate(ordered):
        for second in ordered[n + 1 :]:
            if first.overlaps(second):
                reasons.append(
                    _("“%(second)s” overlaps “%(first)s”: choose one of the two.")
                    % {"first": title(first), "second": title(second)}
                )
    return reasons


@dataclass
class ChoiceResult:
    kept: list
    added: list
    removed: list


@transaction.atomic
def choose_workshops(*, registration, sessions, by_organizer=False):
    """Make `sessions` the registration's workshops, all of them or none.

    Workshops kept keep their seat or waitlist place; new ones get a seat or the end of the waitlist;
    dropped ones free their seat for the next in line. The whole submission is checked against the
    event's rule first; one refused choice refuses the submission and says why.
    """
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    )
    event = registration.event
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(
            _("Workshops can be chosen once your registration is confirmed."), field="workshops"
        )
    if not by_organizer and not changes_open(event):
        raise DomainError(_("The deadline for changing workshops has passed."), field="workshops")
    wanted = {s.pk for s in sessions}
    current = {c.session_id: c for c in registration.choices.all()}
    locked = _lock_sessions(wanted | set(current))
    chosen = [locked[pk] for pk in wanted if pk in locked]
    if len(chosen) != len(wanted):
        raise DomainError(_("One of the workshops no longer exists."), field="workshops")
    reasons = check_rule(event, chosen)
    if reasons:
        raise DomainError(_("Your choice of workshops was not saved."), field="workshops", reasons=reasons)
    now = timezone.now()
    removed = [current[pk] for pk in sorted(set(current) - wanted)]
    for choice in removed:
        _leave_workshop(choice, locked[choice.session_id])
    added = [_join_workshop(registration, locked[pk], now) for pk in sorted(wanted - set(current))]
    kept = [current[pk] for pk in sorted(wanted & set(current))]
    return ChoiceResult(kept=kept, added=added, removed=removed)


@transaction.atomic
def cancel_workshop(*, choice, by_organizer=False):
    """Leave one workshop; its seat goes at once to the first on its waitlist."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=choice.registration_id)
    )
    if not by_organizer and not changes_open(registration.event):
        raise DomainError(_("The deadline for changing workshops has passed."))
    session = _lock_sessions([choice.session_id])[choice.session_id]
    choice = WorkshopChoice.objects.filter(pk=choice.pk).first()
    if choice is None:
        return None  # already cancelled (a second click)
    _leave_workshop(choice, session)
    return choice


@transaction.atomic
def move_to_workshop(*, choice, to_session):
    """Organizers: move a person from one workshop to another with a free seat (never overbooked)."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=choice.registration_id)
    )
    locked = _lock_sessions([choice.session_id, to_session.pk])
    choice = WorkshopChoice.objects.filter(pk=choice.pk).first()
    if choice is None:
        raise DomainError(_("This person is no longer in that workshop."))
    target = locked[to_session.pk]
    others = [c.session for c in registration.choices.select_related("session").exclude(pk=choice.pk)]
    reasons = check_rule(registration.event, [*others, target])
    if registration.choices.filter(session=target).exists():
        reasons.append(_("This person is already in “%(title)s”.") % {"title": title(target)})
    if target.capacity is not None and _confirmed_count(target) >= target.capacity:
        reasons.append(_("“%(title)s” is full.") % {"title": title(target)})
    if reasons:
        raise DomainError(_("The person was not moved."), reasons=reasons)
    _leave_workshop(choice, locked[choice.session_id])
    return WorkshopChoice.objects.create(
        registration=registration,
        session=target,
        status=WorkshopChoice.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )


# Check-in -------------------------------------------------------------------------------------


@transaction.atomic
def check_in(*, registration, by):
    """Record attendance once. Returns (registration, newly_checked_in)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(_("Only a confirmed registration can be checked in."))
    if registration.checked_in_at is not None:
        return registration, False
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return registration, True
