"""Registration and workshop sign-ups: everything that changes who has a seat.

Capacity is decided inside PostgreSQL, never by a count read earlier in Python. The seats are counted
in the rows that own them: `Event.confirmed_count` and `waitlist_count` for its registrations,
`Session.confirmed_count` and `waitlist_count` for its workshop choices, always changed in the same
transaction as the rows they count (a CHECK constraint keeps `confirmed_count <= capacity`). A new
registration takes its seat with one conditional UPDATE of the event row
(`SET confirmed_count = confirmed_count + 1 WHERE confirmed_count < capacity`, else the next waitlist
position), so sign-ups never hold a lock to count: they wait only for each other's UPDATE and commit.

Each service takes row locks in one order, so two of them never wait on each other in a cycle:

    event row  →  registration rows (by pk)  →  session rows (by pk)

(an UPDATE of a row locks it as SELECT ... FOR UPDATE does). A new registration writes its own rows
(the registration and its email) before it takes the event's seat: rows that no other
transaction sees before the commit, so nobody waits on them, and the event row stays locked only for
the seat UPDATEs and the commit. Waitlist positions are dense (1, 2, 3…): a waitlist's length is its
last position; leaving it moves everyone behind up by one, in one UPDATE, checked by a deferred unique
constraint at commit.

A freed seat goes at once to the first person on that waitlist, who is emailed after the commit; with
the event's held offers on, it is offered to them instead and held (events.services.offers).
Refusals are `nmc_portal.errors.DomainError`; `reasons` lists one message per refused choice.
"""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nmc_portal.bilingual import localized
from nmc_portal.emails import language_of, queue_new_email, render_email
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail

from ..models import Event, Registration, Session, WaitlistOffer, WorkshopChoice
from ..queries.preferences import preference_round_in_effect
from . import offers
from .promoted import email_place_given, email_seat_given

RECEIVED_TEMPLATE = "emails/events/registration_received"
PREFERENCE_ROUND_MESSAGE = gettext_lazy(
    "Workshops for this event are assigned by a preference round: rank them while it is open, "
    "and choose from the seats left once it has run."
)


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


def registration_changes_at(event, now=None):
    """The next moment `registration_open(event)` changes with time alone (opening, then closing), or None."""
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        return None
    moments = [event.registration_opens_at, event.registration_closes_at or event.starts_at()]
    return min((moment for moment in moments if moment and moment > now), default=None)


def changes_open(event, now=None):
    return event.status == Event.Status.PUBLISHED and (now or timezone.now()) < event.change_deadline()


def _take_seat(model, pk, *, published_only=False):
    """Take a seat in the event or session row `pk` if one is free: one conditional UPDATE, which locks
    the row (until the commit) only when it succeeds. `published_only`: an event still published."""
    table = connection.ops.quote_name(model._meta.db_table)  # a name from the model, never from input
    published = " AND status = 'published'" if published_only else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET confirmed_count = confirmed_count + 1 WHERE id = %s{published}"
            " AND (capacity IS NULL OR confirmed_count < capacity) RETURNING id",
            [pk],
        )
        return cursor.fetchone() is not None


def _take_place(model, pk, *, published_only=False, likely_full=False):
    """A seat in the event or session row `pk` (None), else the next waitlist position. `likely_full`
    (it was full when the page was read): ask for the waitlist first. Raises DomainError when
    `published_only` and the event is not published."""
    if not likely_full and _take_seat(model, pk, published_only=published_only):
        return None
    table = connection.ops.quote_name(model._meta.db_table)
    published = " AND status = 'published'" if published_only else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET waitlist_count = waitlist_count + 1 WHERE id = %s{published}"
            " RETURNING waitlist_count, confirmed_count, capacity",
            [pk],
        )
        row = cursor.fetchone()
        if row is None:
            raise DomainError(_("Registration for this event is not open."))
        position, confirmed, capacity = row
        if capacity is not None and confirmed >= capacity:
            return position
        # A seat came free between the two statements (a cancellation with nobody waiting): this row
        # is ours now, so take the seat after all.
        cursor.execute(
            f"UPDATE {table} SET waitlist_count = waitlist_count - 1, confirmed_count = confirmed_count + 1"
            " WHERE id = %s",
            [pk],
        )
        return None


def _save_counts(*rows):
    """Write the counters of locked event or session rows (absolute values: their rows are locked)."""
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(
            confirmed_count=row.confirmed_count, waitlist_count=row.waitlist_count
        )


def register(*, event, member, sessions=(), accessibility_needs="", dietary_needs="", privacy_notice=None):
    """Register a member: confirmed while the event has room, else waitlisted at the end of the line.

    `sessions` are the workshops picked on the same form: checked against the event's rule first (a
    refused pick refuses the whole submission), then taken with the registration when it is confirmed,
    in the same transaction; a waitlisted registration takes none (`registration.choices_taken` says
    which were taken).

    Idempotent: a second submission (two clicks, two tabs) returns the same registration.
    """
    if not registration_open(event):
        raise DomainError(_("Registration for this event is not open."))
    if sessions and preference_round_in_effect(event):
        sessions = ()  # a preference round assigns the workshops: picks on the form are not taken
    sessions = sorted(sessions, key=lambda s: s.pk)
    if sessions:
        reasons = check_rule(event, sessions)
        if reasons:
            raise DomainError(
                _("Your choice of workshops was not saved."), field="workshops", reasons=reasons
            )
    needs = {
        "accessibility_needs": accessibility_needs,
        "dietary_needs": dietary_needs,
        "privacy_notice": privacy_notice,
    }
    confirmation = None
    if event.capacity is None or event.confirmed_count < event.capacity:
        # Most likely a seat: its email is written now, not while the event's row is locked.
        confirmation = _confirmation_email(event, Registration(event=event, user=member))
    try:
        return _register_new(
            event=event, member=member, sessions=sessions, confirmation=confirmation, **needs
        )
    except IntegrityError:
        # The unique (event, user) constraint refused a second row: a second click, a second tab, or a
        # registration cancelled earlier (no read first: most sign-ups are new).
        pass
    registration = Registration.objects.get(event=event, user=member)
    if registration.is_active:
        registration.choices_taken = []
        return registration
    return _register_again(registration=registration, sessions=sessions, **needs)


def _confirmation_email(event, registration):
    """(subject, text, HTML) of the email confirming `registration` (status set here to confirmed)."""
    _place(registration, None, None)
    context = {"recipient": registration.user, "event": event, "registration": registration}
    return render_email(RECEIVED_TEMPLATE, context, language_of(registration.user))


@transaction.atomic
def _register_new(
    *, event, member, sessions, confirmation, accessibility_needs, dietary_needs, privacy_notice
):
    """The sign-up rush's path. When a seat is likely (`confirmation`: its email rendered beforehand),
    the registration and its email are written first, as confirmed: new rows nobody else sees before
    the commit, so writing them waits on nobody. Then the event's seat, the workshops' places and their
    choices: the event row stays locked only for those few statements and the commit. If the event is
    full after all, the registration and its email become the waitlist ones, without workshops."""
    needs = {"accessibility_needs": accessibility_needs, "dietary_needs": dietary_needs}
    now = timezone.now()
    registration = Registration(event=event, user=member, privacy_notice=privacy_notice, **needs)
    if confirmation is None:
        _place(registration, _take_place(Event, event.pk, published_only=True), now)
        registration.save(force_insert=True)
        _finish_registration(registration, sessions)
        return registration
    _place(registration, None, now)
    registration.save(force_insert=True)
    email = _record_received(registration, rendered=confirmation)
    position = None
    if not _take_seat(Event, event.pk, published_only=True):
        position = _take_place(Event, event.pk, published_only=True, likely_full=True)
    if position is None:
        registration.choices_taken = _take_workshops(registration, sessions, now)
        return registration
    # Full after all: the registration joins the waitlist, and its email says so instead.
    _place(registration, position, now)
    registration.save(update_fields=["status", "waitlist_position", "confirmed_at"])
    context = {"recipient": member, "event": event, "registration": registration}
    subject, body_text, body_html = render_email(RECEIVED_TEMPLATE, context, email.language)
    OutboundEmail.objects.filter(pk=email.pk).update(
        subject=subject, body_text=body_text, body_html=body_html
    )
    registration.choices_taken = []
    return registration


@transaction.atomic
def _register_again(*, registration, sessions, accessibility_needs, dietary_needs, privacy_notice):
    """A cancelled registration comes back: under the event's lock, at the end of the line if full."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    if not registration_open(event):
        raise DomainError(_("Registration for this event is not open."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_active:
        registration.choices_taken = []
        return registration
    if event.capacity is None or event.confirmed_count < event.capacity:
        event.confirmed_count += 1
        position = None
    else:
        event.waitlist_count += 1
        position = event.waitlist_count
    _save_counts(event)
    registration.accessibility_needs = accessibility_needs
    registration.dietary_needs = dietary_needs
    registration.privacy_notice = privacy_notice
    registration.cancelled_at = None
    _place(registration, position, timezone.now())
    registration.save()
    _finish_registration(registration, sessions)
    return registration


def _place(row, position, now):
    """Confirm a registration or workshop choice (position None), or put it on the waitlist at `position`."""
    if position is None:
        row.status, row.waitlist_position, row.confirmed_at = row.Status.CONFIRMED, None, now
    else:
        row.status, row.waitlist_position, row.confirmed_at = row.Status.WAITLISTED, position, None


def _finish_registration(registration, sessions):
    """Take the picked workshops of a confirmed registration, and record the email saying where it
    stands. The event row is locked."""
    registration.choices_taken = []
    if registration.status == Registration.Status.CONFIRMED:
        registration.choices_taken = _take_workshops(registration, sessions, timezone.now())
    _record_received(registration)


def _take_workshops(registration, sessions, now):
    """A seat or a waitlist place in each of `sessions` (in primary-key order, like every lock on session
    rows), then their choices in one INSERT. The event row is locked."""
    choices = []
    for session in sessions:
        full = session.capacity is not None and session.confirmed_count >= session.capacity
        choice = WorkshopChoice(registration=registration, session=session)
        _place(choice, _take_place(Session, session.pk, likely_full=full), now)
        choices.append(choice)
    return WorkshopChoice.objects.bulk_create(choices) if choices else []


def _record_received(registration, rendered=None):
    """Record the email saying where the registration stands (`rendered` beforehand for a new one)."""
    event = registration.event
    email = {
        "kind": OutboundEmail.Kind.REGISTRATION_RECEIVED,
        "recipient": registration.user,
        "object_key": f"registration:{registration.pk}:{registration.updated_at.timestamp()}",
        "topic": f"event:{event.pk}",
    }
    if rendered is None:  # a new key all the same: the registration's pk and time of this change
        context = {"recipient": registration.user, "event": event, "registration": registration}
        rendered = render_email(RECEIVED_TEMPLATE, context, language_of(registration.user))
    return queue_new_email(**email, rendered=rendered)


@transaction.atomic
def cancel_registration(*, registration, by_organizer=False):
    """Cancel a registration and its workshops; every seat it held goes to the next on its waitlist."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        return registration
    if not by_organizer and timezone.now() >= event.starts_at():
        raise DomainError(_("The event has started: registration can no longer be cancelled."))
    sessions = _lock_sessions(registration.choices.values_list("session_id", flat=True))
    # Read under the sessions' locks: a promotion may have changed a choice's status or position since.
    choices = list(registration.choices.order_by("session_id"))
    for choice in choices:
        _leave_workshop(choice, sessions[choice.session_id])
    _save_counts(*sessions.values())
    was, position = registration.status, registration.waitlist_position
    registration.status = Registration.Status.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = timezone.now()
    registration.checked_in_at = None
    registration.save()
    if was == Registration.Status.WAITLISTED:
        _close_gap(event.registrations, position)
        event.waitlist_count -= 1
        offers.withdraw_offer(event, registration.pk)  # a seat held for them passes on
    else:
        event.confirmed_count -= 1
        _promote_registrations(event)
    _save_counts(event)
    return registration


def _close_gap(queryset, position):
    """Everyone behind `position` moves up one place (the deferred unique constraint allows it)."""
    queryset.filter(waitlist_position__gt=position).update(waitlist_position=F("waitlist_position") - 1)


def _promote_waitlist(line, owner, *, related=()):
    """Give the free places of `owner` (a locked event or session row) to the first on the waitlist of
    `line` (its registrations or choices), in order, and move everyone still waiting up. Updates the
    owner's counters in memory: the caller saves them.

    Returns the promoted rows, each with its new `confirmed_at`.
    """
    model = line.model
    if not owner.waitlist_count:
        return []
    free = None if owner.capacity is None else owner.capacity - owner.confirmed_count
    waiting = line.filter(status=model.Status.WAITLISTED).order_by("waitlist_position")
    if related:
        waiting = waiting.select_related(*related)
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    if not promoted:
        return []
    now = timezone.now()
    for row in promoted:
        _place(row, None, now)
    model.objects.bulk_update(promoted, ["status", "waitlist_position", "confirmed_at"])
    _close_gap_by(line, len(promoted))
    owner.confirmed_count += len(promoted)
    owner.waitlist_count -= len(promoted)
    return promoted


def _promote_registrations(event):
    """Fill the event's free places from its waitlist, first come first served. The event row is locked;
    the caller saves its counters."""
    if event.waitlist_offers:  # offered and held instead, until the cut-off
        return offers.fill_places(event)
    promoted = _promote_waitlist(event.registrations, event)
    for registration in promoted:
        email_place_given(event, registration)
    return promoted


def _close_gap_by(queryset, count):
    queryset.filter(waitlist_position__isnull=False).update(waitlist_position=F("waitlist_position") - count)


@transaction.atomic
def fill_free_places(*, event):
    """After the capacity of the event or of its workshops went up: the waitlists move into the new seats."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if _promote_registrations(event):
        _save_counts(event)
    workshops = _lock_sessions(event.sessions.filter(waitlist_count__gt=0).values_list("pk", flat=True))
    for session in workshops.values():
        _promote_choices(session)
    _save_counts(*workshops.values())


def recount_places(*, events):
    """Set the counters of `events` (a queryset) and of their sessions from the rows they count.

    For rows made without the services (demo data, test factories) and the check that the services keep
    the counters exact; the migration that added the counters does the same in SQL. A seat held by an
    open offer counts as taken (events.models.offers)."""

    def counted(model, owner, status):
        rows = model.objects.filter(**{owner: OuterRef("pk"), "status": status})
        return Coalesce(
            Subquery(rows.values(owner).annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        )

    def last_position(model, owner):
        rows = model.objects.filter(**{owner: OuterRef("pk")})
        return Coalesce(Subquery(rows.values(owner).annotate(n=Max("waitlist_position")).values("n")), 0)

    def held(**place):
        rows = WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OFFERED, **place)
        owner = next(iter(place))
        return Coalesce(
            Subquery(rows.values(owner).annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        )

    events.update(
        confirmed_count=counted(Registration, "event", Registration.Status.CONFIRMED)
        + held(event=OuterRef("pk"), session=None),
        waitlist_count=last_position(Registration, "event"),
    )
    Session.objects.filter(event__in=events).update(
        confirmed_count=counted(WorkshopChoice, "session", WorkshopChoice.Status.CONFIRMED)
        + held(session=OuterRef("pk")),
        waitlist_count=last_position(WorkshopChoice, "session"),
    )


# Workshops ------------------------------------------------------------------------------------


def _lock_sessions(pks):
    """Lock the sessions' rows in primary-key order (the same order everywhere: no deadlock)."""
    return {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")}


def _join_workshop(registration, session, now):
    """A seat if one is free, else the end of the waitlist. The session's row is locked; the caller
    saves its counters."""
    choice = WorkshopChoice(registration=registration, session=session)
    if session.capacity is None or session.confirmed_count < session.capacity:
        session.confirmed_count += 1
        _place(choice, None, now)
    else:
        session.waitlist_count += 1
        _place(choice, session.waitlist_count, now)
    choice.save(force_insert=True)
    return choice


def _leave_workshop(choice, session):
    """Remove a choice; a freed seat goes to the first on the waitlist. The session's row is locked;
    the caller saves its counters."""
    choice.delete()
    if choice.status == WorkshopChoice.Status.WAITLISTED:
        _close_gap(session.choices, choice.waitlist_position)
        session.waitlist_count -= 1
        offers.withdraw_offer(session, choice.registration_id)  # a seat held for them passes on
    else:
        session.confirmed_count -= 1
        _promote_choices(session)


def _promote_choices(session):
    """Fill the workshop's free seats from its waitlist. The session row is locked."""
    if session.waitlist_count and session.event.waitlist_offers:  # offered and held, until the cut-off
        return offers.fill_places(session)
    promoted = _promote_waitlist(session.choices, session, related=["registration__user"])
    for choice in promoted:
        email_seat_given(session.event, session, choice)
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
    if not by_organizer and preference_round_in_effect(event):
        raise DomainError(PREFERENCE_ROUND_MESSAGE, field="workshops")
    wanted = {s.pk for s in sessions}
    locked = _lock_sessions(wanted | set(registration.choices.values_list("session_id", flat=True)))
    # Read under the sessions' locks: a promotion may have changed a choice's status or position since.
    current = {c.session_id: c for c in registration.choices.all()}
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
    _save_counts(*locked.values())
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
    _save_counts(session)
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
    if target.capacity is not None and target.confirmed_count >= target.capacity:
        reasons.append(_("“%(title)s” is full.") % {"title": title(target)})
    if reasons:
        raise DomainError(_("The person was not moved."), reasons=reasons)
    _leave_workshop(choice, locked[choice.session_id])
    moved = _join_workshop(registration, target, timezone.now())  # a seat: checked above, under the lock
    _save_counts(*locked.values())
    return moved


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
