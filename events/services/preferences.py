"""The preference round: organizers set its window, members rank workshops while it is open, and when it
closes the allocation runs once and emails everyone their result.

Run once, whatever runs it. `run_preference_round` locks the event row, then the round's row
(SELECT ... FOR UPDATE, the same order as every service: event → registrations → sessions), and returns
at once if the round has already run: a second beat tick, a retried task or a second worker waiting on
the same lock finds `allocated_at` set and does nothing. Everything it writes (the workshop choices in
bulk, the sessions' counters, the round's record and the result emails, recorded with one key per
round and member) commits together or not at all.

The algorithm is events.allocation (random serial dictatorship, documented there). The seed is drawn
with `secrets` and kept with the order it gives, the free seats, the overlaps and a copy of the
rankings, so `rerun_check` can compute the allocation again and compare.
"""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nmc_portal.emails import queue_emails
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail

from ..allocation import allocate, random_order
from ..models import Event, PreferenceRound, Registration, Session, WorkshopChoice, WorkshopRanking
from ..queries.registration import workshop_slots
from .registration import recount_places

RESULT_TEMPLATE = "emails/events/preference_result"


def email_key(round_):
    return f"preference-round:{round_.pk}"


# Organizers: the window ---------------------------------------------------------------------------


@transaction.atomic
def set_preference_round(*, event, opens_at, closes_at, by=None):
    """Assign the event's workshops by a preference round with this window (or move the window of the
    round not run yet). Refused once workshops were chosen first come, first served, or once it has run."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if closes_at <= opens_at:
        raise DomainError(_("The ranking must close after it opens."), field="closes_at")
    if closes_at <= timezone.now():
        raise DomainError(_("The ranking must close in the future."), field="closes_at")
    if not event.max_workshops_per_person:
        raise DomainError(_("This event has no workshops to assign."))
    round_ = PreferenceRound.objects.filter(event=event).first()
    if round_ is not None and round_.is_allocated:
        raise DomainError(_("The preference round has already run: its window cannot change."))
    if round_ is None and WorkshopChoice.objects.filter(session__event=event).exists():
        raise DomainError(
            _(
                "Workshops have already been chosen first come, first served: "
                "a preference round can no longer start."
            )
        )
    if round_ is None:
        return PreferenceRound.objects.create(
            event=event, opens_at=opens_at, closes_at=closes_at, created_by=by
        )
    round_.opens_at, round_.closes_at = opens_at, closes_at
    round_.save(update_fields=["opens_at", "closes_at"])
    return round_


@transaction.atomic
def end_preference_round(*, event):
    """Back to first come, first served before the round has run: the round and its rankings go."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    round_ = PreferenceRound.objects.select_for_update().filter(event=event).first()
    if round_ is None:
        return False
    if round_.is_allocated:
        raise DomainError(_("The preference round has already run."))
    WorkshopRanking.objects.filter(session__event=event).delete()
    round_.delete()
    return True


# Members: rankings --------------------------------------------------------------------------------


@transaction.atomic
def save_rankings(*, registration, slots, now=None):
    """Make `slots` ([[workshop, ...] per time slot, most wanted first]) the registration's rankings,
    replacing the previous ones whole: submitting the same form twice leaves the same rows.

    Each list may only hold workshops of the event that start together (one time slot), once."""
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    )
    event = registration.event
    round_ = PreferenceRound.objects.filter(event=event).first()
    if round_ is None or not round_.is_open(now):
        raise DomainError(_("The ranking of workshops is not open."))
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(_("Workshops can be ranked once your registration is confirmed."))
    rows = []
    for ranked in slots:
        if len({s.pk for s in ranked}) != len(ranked):
            raise DomainError(_("A workshop is ranked twice."))
        if len({s.starts_at for s in ranked}) > 1:
            raise DomainError(_("Rank only the workshops of one time slot together."))
        for rank, session in enumerate(ranked, 1):
            if session.event_id != event.pk or session.kind != Session.Kind.WORKSHOP:
                raise DomainError(_("This is not a workshop of this event."))
            rows.append(WorkshopRanking(registration=registration, session=session, rank=rank))
    WorkshopRanking.objects.filter(registration=registration).delete()
    WorkshopRanking.objects.bulk_create(rows)
    return rows


# The allocation ---------------------------------------------------------------------------------


def overlaps_of(sessions):
    return {s.pk: {o.pk for o in sessions if o.pk != s.pk and s.overlaps(o)} for s in sessions}


def rankings_by_slot(rows, slots):
    """{registration pk: [[session pk, ...] per slot of `slots`]} from (registration, session, rank) rows."""
    slot_of = {session.pk: n for n, slot in enumerate(slots) for session in slot.sessions}
    rankings = {}
    for registration_id, session_id, _rank in sorted(rows, key=lambda row: (row[0], row[2], row[1])):
        if session_id not in slot_of:
            continue
        mine = rankings.setdefault(registration_id, [[] for _slot in slots])
        mine[slot_of[session_id]].append(session_id)
    return rankings


def run_due_preference_rounds(*, now=None):
    """The beat job: run every round of a published event whose window has closed. Returns how many ran."""
    now = now or timezone.now()
    due = PreferenceRound.objects.filter(
        allocated_at__isnull=True, closes_at__lte=now, event__status=Event.Status.PUBLISHED
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if run_preference_round(round_id=pk, now=now) is not None)


@transaction.atomic
def run_preference_round(*, round_id, seed=None, now=None):
    """Allocate the round's workshops once (the module's docstring says how); returns the round, or
    None when there is nothing to do (gone, not closed yet, already run, or its event not published)."""
    now = now or timezone.now()
    found = PreferenceRound.objects.filter(pk=round_id).values_list("event_id", flat=True).first()
    if found is None:
        return None
    event = Event.objects.select_for_update().get(pk=found)
    round_ = PreferenceRound.objects.select_for_update().filter(pk=round_id).first()
    if round_ is None or round_.is_allocated or now < round_.closes_at:
        return None
    if event.status != Event.Status.PUBLISHED:
        return None  # a draft or cancelled event: its round runs once the event is published
    sessions = list(
        Session.objects.select_for_update().filter(event=event, kind=Session.Kind.WORKSHOP).order_by("pk")
    )
    for session in sessions:
        session.event = event
    by_pk = {s.pk: s for s in sessions}
    slots = workshop_slots(sorted(sessions, key=lambda s: (s.starts_at, s.pk)))
    confirmed = list(
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).select_related("user")
    )
    members = {r.pk: r for r in confirmed}
    rows = WorkshopRanking.objects.filter(registration__in=list(members)).values_list(
        "registration_id", "session_id", "rank"
    )
    rankings = rankings_by_slot(list(rows), slots)
    held = {}
    for registration_id, session_id in WorkshopChoice.objects.filter(
        registration__in=list(members)
    ).values_list("registration_id", "session_id"):
        held.setdefault(registration_id, []).append(session_id)
    capacities = {
        s.pk: None if s.capacity is None else max(s.capacity - s.confirmed_count, 0) for s in sessions
    }
    overlaps = overlaps_of(sessions)
    seed = secrets.randbelow(2**63) if seed is None else seed
    order = random_order(list(rankings), seed)
    result = allocate(rankings, capacities, order, event.max_workshops_per_person, overlaps, held=held)

    choices = []
    for registration_id, taken in result.seats.items():
        for session_id in taken:
            choices.append(
                WorkshopChoice(
                    registration_id=registration_id,
                    session_id=session_id,
                    status=WorkshopChoice.Status.CONFIRMED,
                    confirmed_at=now,
                )
            )
    positions = {}
    for session_id, waiting in result.waitlists.items():
        start = by_pk[session_id].waitlist_count
        for n, registration_id in enumerate(waiting, 1):
            positions[(registration_id, session_id)] = start + n
            choices.append(
                WorkshopChoice(
                    registration_id=registration_id,
                    session_id=session_id,
                    status=WorkshopChoice.Status.WAITLISTED,
                    waitlist_position=start + n,
                )
            )
    WorkshopChoice.objects.bulk_create(choices, batch_size=1000)
    recount_places(events=Event.objects.filter(pk=event.pk))

    round_.allocated_at = now
    round_.seed = seed
    round_.member_order = order
    round_.allocation_input = {
        "max_per_person": event.max_workshops_per_person,
        "workshops": [
            {"id": s.pk, "free": capacities[s.pk], "overlaps": sorted(overlaps[s.pk])} for s in sessions
        ],
        "held": {str(k): v for k, v in held.items()},
        "rankings": {str(k): v for k, v in rankings.items()},
    }
    round_.allocation_result = result_as_json(result)
    round_.ranked_count = len(rankings)
    round_.seat_count = sum(len(taken) for taken in result.seats.values())
    round_.waitlist_place_count = sum(len(waiting) for waiting in result.waitlists.values())
    round_.emailed_count = email_results(round_, event, confirmed, rankings, result, slots, by_pk, positions)
    round_.save()
    return round_


def result_as_json(result):
    return {
        "seats": {str(k): v for k, v in result.seats.items()},
        "waitlists": {str(k): v for k, v in result.waitlists.items()},
    }


@dataclass
class SlotResult:
    starts_at: object
    ends_at: object
    session: object = None
    status: str = "none"  # "seat", "waitlist", "none", or "" (not ranked)
    rank: int | None = None
    position: int | None = None


def results_of(registration_id, rankings, result, slots, by_pk, positions):
    """What one member got, slot by slot."""
    ranked = rankings.get(registration_id)
    placed = {
        slot: (session_id, status) for slot, session_id, status in result.placed.get(registration_id, ())
    }
    rows = []
    for n, slot in enumerate(slots):
        row = SlotResult(slot.starts_at, slot.ends_at, status="" if not ranked or not ranked[n] else "none")
        if n in placed:
            session_id, row.status = placed[n]
            if session_id is not None:
                row.session = by_pk[session_id]
                row.rank = ranked[n].index(session_id) + 1
                row.position = positions.get((registration_id, session_id))
        rows.append(row)
    return rows


def email_results(round_, event, registrations, rankings, result, slots, by_pk, positions):
    """Record one email per confirmed registrant (ranked or not), in their language, in bulk."""
    recipients = [
        (
            registration.user,
            {
                "registration": registration,
                "ranked": registration.pk in rankings,
                "results": results_of(registration.pk, rankings, result, slots, by_pk, positions),
            },
        )
        for registration in registrations
        if registration.user_id
    ]
    return queue_emails(
        kind=OutboundEmail.Kind.PREFERENCE_RESULT,
        object_key=email_key(round_),
        template=RESULT_TEMPLATE,
        context={"event": event},
        recipients=recipients,
        topic=f"event:{event.pk}",
    )


# The audit --------------------------------------------------------------------------------------


@dataclass
class RerunCheck:
    order_matches: bool
    result_matches: bool
    rankings_match: bool

    @property
    def matches(self):
        return self.order_matches and self.result_matches and self.rankings_match


def rerun_check(round_):
    """Compute the allocation again from what the round recorded (seed, rankings, free seats, overlaps,
    rule) and compare: the order drawn from the seed, the seats and waitlists, and the recorded rankings
    against the ranking rows still in the database (one query)."""
    data = round_.allocation_input
    rankings = {int(k): v for k, v in data["rankings"].items()}
    order = random_order(list(rankings), round_.seed)
    workshops = data["workshops"]
    again = allocate(
        rankings,
        {w["id"]: w["free"] for w in workshops},
        round_.member_order,
        data["max_per_person"],
        {w["id"]: set(w["overlaps"]) for w in workshops},
        held={int(k): v for k, v in data.get("held", {}).items()},
    )
    rows = WorkshopRanking.objects.filter(registration__in=list(rankings)).values_list(
        "registration_id", "session_id", "rank"
    )
    stored = {}
    for registration_id, session_id, rank in rows:
        stored.setdefault(registration_id, []).append((rank, session_id))
    recorded = {k: sorted((r, pk) for slot in v for r, pk in enumerate(slot, 1)) for k, v in rankings.items()}
    return RerunCheck(
        order_matches=order == round_.member_order,
        result_matches=result_as_json(again) == round_.allocation_result,
        rankings_match={k: sorted(v) for k, v in stored.items()} == recorded,
    )
