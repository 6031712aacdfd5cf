"""Reading preference rounds: whether one is in effect, a member's rankings, and what organizers see
before and after the allocation. Each read is a fixed number of queries whatever the number of members."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from members.models import Region

from ..models import PreferenceRound, Registration, WorkshopRanking
from .registration import workshop_slots, workshops_of


def preference_round_in_effect(event):
    """The event's preference round while it decides the workshops (scheduled, open, or closed and not
    yet allocated), else None: the event is first come, first served. One query."""
    return PreferenceRound.objects.filter(event_id=event.pk, allocated_at__isnull=True).first()


def preference_round_of(event):
    return PreferenceRound.objects.filter(event_id=event.pk).first()


def slots_of(event):
    """The event's workshops grouped by time slot (earliest first), with their seats: one query."""
    return workshop_slots(workshops_of(event))


def rankings_of(registration):
    """{session pk: rank} of a registration: one query."""
    return dict(WorkshopRanking.objects.filter(registration=registration).values_list("session_id", "rank"))


@dataclass
class Demand:
    """Before the allocation: how many ranked, and for each workshop how many ranked it first, second…"""

    ranked: int
    registered: int
    slots: list
    ranks: list = field(default_factory=list)  # [1, 2, …] up to the largest rank given


def demand_of(event, slots):
    """Per workshop of `slots`: `demand` {rank: count}, `ranked_total`. Two queries."""
    counts = (
        WorkshopRanking.objects.filter(
            session__event=event, registration__status=Registration.Status.CONFIRMED
        )
        .values_list("session_id", "rank")
        .annotate(n=Count("pk"))
    )
    per_session = {}
    largest = 0
    for session_id, rank, n in counts:
        per_session.setdefault(session_id, Counter())[rank] = n
        largest = max(largest, rank)
    ranks = list(range(1, min(largest, 3) + 1))
    for slot in slots:
        for session in slot.sessions:
            got = per_session.get(session.pk, Counter())
            session.by_rank = [got.get(rank, 0) for rank in ranks]
            session.ranked_total = sum(got.values())
    people = event.registrations.aggregate(
        registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED), distinct=True),
        ranked=Count(
            "pk",
            filter=Q(status=Registration.Status.CONFIRMED, rankings__isnull=False),
            distinct=True,
        ),
    )
    return Demand(ranked=people["ranked"], registered=people["registered"], slots=slots, ranks=ranks)


@dataclass
class Outcome:
    """After the allocation, per region: member-slots ranked, and how many got their 1st, 2nd, 3rd or
    later choice, a waitlist place, or nothing. A member counts once per time slot they ranked."""

    label: str
    ranked: int = 0
    first: int = 0
    second: int = 0
    later: int = 0
    waitlisted: int = 0
    nothing: int = 0

    def add(self, rank, waitlisted):
        self.ranked += 1
        if rank == 1:
            self.first += 1
        elif rank == 2:
            self.second += 1
        elif rank:
            self.later += 1
        elif waitlisted:
            self.waitlisted += 1
        else:
            self.nothing += 1

    @property
    def first_percent(self):
        return round(100 * self.first / self.ranked) if self.ranked else 0


def outcome_by_region(round_):
    """Rows per region (in the regions' order, then "no region") and a total, from what the round
    recorded (its input and result), not from today's seats: one query for the members' regions."""
    data = round_.allocation_input
    rankings = data.get("rankings", {})
    seats = round_.allocation_result.get("seats", {})
    waiting = {}
    for session_id, members in round_.allocation_result.get("waitlists", {}).items():
        for member in members:
            waiting.setdefault(str(member), set()).add(int(session_id))
    regions = dict(
        Registration.objects.filter(pk__in=[int(pk) for pk in rankings]).values_list("pk", "user__region")
    )
    rows = {value: Outcome(str(label)) for value, label in Region.choices}
    unknown = Outcome("")
    total = Outcome("")
    for member, slots in rankings.items():
        mine = set(seats.get(member, ()))
        waits = waiting.get(member, set())
        row = rows.get(regions.get(int(member)) or "", unknown)
        for ranked in slots:
            if not ranked:
                continue
            rank = next((n for n, pk in enumerate(ranked, 1) if pk in mine), None)
            waitlisted = any(pk in waits for pk in ranked)
            row.add(rank, waitlisted)
            total.add(rank, waitlisted)
    shown = [row for row in rows.values() if row.ranked]
    if unknown.ranked:
        shown.append(unknown)
    return shown, total
