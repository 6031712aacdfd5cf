"""Held offers on waitlists: a freed seat is offered to the next person waiting, for a limited time.

With the event's `waitlist_offers` on, a place freed in the event (a cancelled registration) or a
seat freed in a workshop (a member leaves it, an organizer raises its capacity) is not given at once
to the first person waiting: they are emailed an OFFER (a WaitlistOffer row) and the seat is HELD for
them until they accept, decline or the time runs out.

The rules, as the organizer's form explains them:
- Held means counted: an open offer counts in the `confirmed_count` of its event or workshop from the
  moment it is made, so no sign-up takes the seat and the CHECK `confirmed_count <= capacity` holds.
  The person offered stays on the waitlist (with their position) until they answer.
- Time to answer: the event's `offer_hold_hours` (default 24), shorter as the event nears: an offer
  never runs past the cut-off, so one made 10 hours before it is held 10 hours.
- Cut-off: `offer_cutoff_hours` before the event's first day starts (midnight at the venue). From then
  on no offer is made: a freed seat goes at once to the first person waiting without an offer, as
  with offers off (a seat left empty or taken by a newcomer would be unfair to the people waiting).
- Accept: the registration or workshop choice is confirmed and leaves the waitlist; the held seat is
  theirs (the counter does not move). Idempotent: a second click answers the same.
- Decline, or no answer in time (the beat scan `expire_offers`): the person leaves that waitlist (the
  registration is cancelled, the workshop choice removed; they may sign up again, at the end of the
  line) and the held seat passes to the next person waiting, as a new offer or, past the cut-off, at once.
- A member who cancels while holding an offer withdraws it: the seat passes on the same way.

Locks, in the order of events.services.registration (event row → registration rows → session rows),
and the offer row last: every answer to an offer (accept, decline, the scan's expiry) locks the rows
that own the seat first, then closes the offer with a conditional UPDATE (`WHERE status = 'offered'`).
Of an accept racing the scan, or two scans, exactly one closes the offer; the others find it closed.
Each offer's email is recorded with the key `waitlist-offer:<pk>`: once per offer.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.emails import queue_email
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail

from ..models import Event, Registration, Session, WaitlistOffer, WorkshopChoice
from .promoted import email_place_given, email_seat_given

OFFER_TEMPLATE = "emails/events/waitlist_offer"
SCAN_LIMIT = 500  # offers expired per scan; the next tick takes the rest


def cutoff_at(event):
    """From when no offers are made for `event`: `offer_cutoff_hours` before its first day starts."""
    return event.starts_at() - dt.timedelta(hours=event.offer_cutoff_hours)


def offers_apply(event, now):
    return event.waitlist_offers and now < cutoff_at(event)


def hold_until(event, now):
    """The deadline of an offer made `now`: the event's time to answer, never past the cut-off."""
    return min(now + dt.timedelta(hours=event.offer_hold_hours), cutoff_at(event))


# Making offers ---------------------------------------------------------------------------------


def fill_places(owner, *, now=None):
    """Give the free seats of `owner` (a locked Event or Session row, its counters in memory: the caller
    saves them) to its waitlist, in order: as held offers before the cut-off, at once after it. People
    who already hold an offer for it are skipped. Returns the offers made, or the rows promoted."""
    if not owner.waitlist_count:
        return []
    now = now or timezone.now()
    is_event = isinstance(owner, Event)
    event = owner if is_event else owner.event
    free = None if owner.capacity is None else owner.capacity - owner.confirmed_count
    if free is not None and free <= 0:
        return []
    offered = WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OFFERED)
    if is_event:
        held = offered.filter(event=owner, session=None).values("registration_id")
        waiting = owner.registrations.filter(status=Registration.Status.WAITLISTED).exclude(pk__in=held)
        waiting = waiting.select_related("user")
    else:
        held = offered.filter(session=owner).values("registration_id")
        waiting = owner.choices.filter(status=WorkshopChoice.Status.WAITLISTED).exclude(
            registration_id__in=held
        )
        waiting = waiting.select_related("registration__user")
    waiting = waiting.order_by("waitlist_position")
    rows = list(waiting if free is None else waiting[:free])
    if not rows:
        return []
    if free is not None and offers_apply(event, now):
        return [_offer(owner, event, row, now) for row in rows]
    for row in sorted(rows, key=lambda row: -row.waitlist_position):  # from the back: positions stay dense
        _confirm(owner, row, now)
        _promoted_email(event, owner, row)
    owner.confirmed_count += len(rows)
    return rows


def _offer(owner, event, row, now):
    """Hold a seat of `owner` for `row` (a waitlisted registration or workshop choice) and email them."""
    registration = row if isinstance(row, Registration) else row.registration
    offer = WaitlistOffer.objects.create(
        event=event,
        session=None if isinstance(owner, Event) else owner,
        registration=registration,
        offered_at=now,
        expires_at=hold_until(event, now),
    )
    owner.confirmed_count += 1
    if registration.user is not None:
        queue_email(
            kind=OutboundEmail.Kind.WAITLIST_OFFER,
            recipient=registration.user,
            object_key=offer.email_key,
            template=OFFER_TEMPLATE,
            context={
                "event": event,
                "session": offer.session,
                "offer": offer,
                "position": row.waitlist_position,
            },
            topic=f"event:{event.pk}",
        )
    return offer


def _confirm(owner, row, now):
    """`row` leaves the waitlist of `owner` with a seat (already counted by the caller): everyone behind it
    moves up one place. Updates the owner's waitlist counter in memory."""
    position = row.waitlist_position
    row.status, row.waitlist_position, row.confirmed_at = row.Status.CONFIRMED, None, now
    row.save(update_fields=["status", "waitlist_position", "confirmed_at"])
    _close_gap(owner, position)


def _leave(owner, row, now):
    """`row` leaves the waitlist of `owner` without a seat: the registration is cancelled, the workshop
    choice removed. Updates the owner's waitlist counter in memory."""
    position = row.waitlist_position
    if isinstance(row, Registration):
        row.status, row.waitlist_position, row.cancelled_at = row.Status.CANCELLED, None, now
        row.save(update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"])
    else:
        row.delete()
    _close_gap(owner, position)


def _close_gap(owner, position):
    line = owner.registrations if isinstance(owner, Event) else owner.choices
    line.filter(waitlist_position__gt=position).update(waitlist_position=F("waitlist_position") - 1)
    owner.waitlist_count -= 1


def _promoted_email(event, owner, row):
    """The email of a seat given at once (the one events.services.registration sends when it promotes)."""
    if isinstance(row, Registration):
        email_place_given(event, row)
    else:
        email_seat_given(event, owner, row)


def _save_counts(owner):
    type(owner).objects.filter(pk=owner.pk).update(
        confirmed_count=owner.confirmed_count, waitlist_count=owner.waitlist_count
    )


# Hook for events.services.registration ----------------------------------------------------------


def withdraw_offer(owner, registration_id, *, now=None):
    """A waitlisted registration or choice just left the waitlist of `owner` (the member cancelled): an
    open offer they held is closed (declined) and its seat passes on. `owner` is locked; the caller
    saves its counters."""
    now = now or timezone.now()
    session = None if isinstance(owner, Event) else owner
    closed = WaitlistOffer.objects.filter(
        registration_id=registration_id, session=session, status=WaitlistOffer.Status.OFFERED
    ).update(status=WaitlistOffer.Status.DECLINED, answered_at=now)
    if closed:
        owner.confirmed_count -= 1
        fill_places(owner, now=now)
    return bool(closed)


# Answers ----------------------------------------------------------------------------------------


def _lock(offer):
    """Lock the rows that own the offer's seat, in the services' order, then the offer itself.
    Returns (owner, the waitlisted row or None, the offer as it is now)."""
    if offer.session_id is None:
        owner = Event.objects.select_for_update().get(pk=offer.event_id)
        row = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=offer.registration_id)
        )
    else:
        Registration.objects.select_for_update().filter(pk=offer.registration_id).first()
        owner = (
            Session.objects.select_for_update(of=("self",)).select_related("event").get(pk=offer.session_id)
        )
        row = (
            WorkshopChoice.objects.select_related("registration__user")
            .filter(registration_id=offer.registration_id, session_id=offer.session_id)
            .first()
        )
    offer = WaitlistOffer.objects.select_for_update().get(pk=offer.pk)
    return owner, row, offer


def _close(offer, status, now):
    """Close the open `offer` (its owner's rows are locked); False if it was closed already."""
    closed = WaitlistOffer.objects.filter(pk=offer.pk, status=WaitlistOffer.Status.OFFERED).update(
        status=status, answered_at=now
    )
    if closed:
        offer.status, offer.answered_at = status, now
    return bool(closed)


def _still_waiting(row):
    return row is not None and row.status == row.Status.WAITLISTED


def _refusal(offer, now):
    """Why `offer` can no longer be answered, or None while it is open."""
    if offer.status == WaitlistOffer.Status.DECLINED:
        return DomainError(_("You declined this offer: the place went to the next person waiting."))
    if offer.status == WaitlistOffer.Status.EXPIRED or (offer.is_open and now >= offer.expires_at):
        return DomainError(
            _("This offer has expired: the time to answer is over and the place went to the next person.")
        )
    return None


@transaction.atomic
def accept_offer(*, offer, now=None):
    """Take the offered seat: the registration or workshop choice is confirmed and leaves the waitlist.
    Idempotent (an accepted offer is returned as it is); an offer declined or past its deadline is
    refused with a DomainError that says so."""
    now = now or timezone.now()
    owner, row, offer = _lock(offer)
    if offer.status == WaitlistOffer.Status.ACCEPTED:
        return offer
    refusal = _refusal(offer, now)
    if refusal is not None:
        raise refusal
    event = owner if offer.session_id is None else owner.event
    if event.status != Event.Status.PUBLISHED:
        raise DomainError(_("This event is no longer open: the offer cannot be accepted."))
    _close(offer, WaitlistOffer.Status.ACCEPTED, now)
    if _still_waiting(row):
        _confirm(owner, row, now)  # the held seat is theirs: confirmed_count already counts it
        _promoted_email(event, owner, row)
    else:
        # They have the seat already (promoted while offers were switched off): the hold is released.
        owner.confirmed_count -= 1
        fill_places(owner, now=now)
    _save_counts(owner)
    return offer


@transaction.atomic
def decline_offer(*, offer, now=None):
    """Give the seat up: the member leaves that waitlist and the seat passes to the next person waiting.
    Idempotent for a declined offer; an accepted or expired one is refused with a DomainError."""
    now = now or timezone.now()
    owner, row, offer = _lock(offer)
    if offer.status == WaitlistOffer.Status.DECLINED:
        return offer
    if offer.status == WaitlistOffer.Status.ACCEPTED:
        raise DomainError(
            _("You accepted this offer already: to give your place up, cancel it from My events.")
        )
    refusal = _refusal(offer, now)
    if refusal is not None:
        raise refusal
    _close(offer, WaitlistOffer.Status.DECLINED, now)
    _pass_on(owner, row, now)
    return offer


def _pass_on(owner, row, now):
    """The offer is closed unanswered: its holder leaves the waitlist and the held seat goes on."""
    if _still_waiting(row):
        _leave(owner, row, now)
    owner.confirmed_count -= 1
    fill_places(owner, now=now)
    _save_counts(owner)


# The beat scan ----------------------------------------------------------------------------------


def expire_offers(*, now=None, limit=SCAN_LIMIT):
    """Close the open offers past their deadline and pass each seat on. Each offer in a transaction of its
    own, under its owner's locks; its conditional UPDATE makes it expire once, however many scans run at
    the same time (a second one finds it closed and moves on). Returns how many this call expired."""
    now = now or timezone.now()
    due = list(
        WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OFFERED, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .only("pk", "event_id", "session_id", "registration_id")[:limit]
    )
    return sum(_expire(offer, now) for offer in due)


@transaction.atomic
def _expire(offer, now):
    owner, row, offer = _lock(offer)
    if not (offer.is_open and offer.expires_at <= now) or not _close(
        offer, WaitlistOffer.Status.EXPIRED, now
    ):
        return 0
    _pass_on(owner, row, now)
    return 1
