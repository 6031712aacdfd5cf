"""The preference round's allocation: random serial dictatorship, as a pure function (no database).

Input
- `rankings`: {member: [[workshop, ...], ...]}: for each time slot, in the order of the slots (earliest
  first), the workshops the member ranked in that slot, most wanted first (a slot not ranked is []).
- `capacities`: {workshop: free seats} (None: no limit). A workshop absent from it has no free seat.
- `order`: the members in the random order drawn for this round (see `random_order`).
- `max_per_person`: the event's rule: at most this many workshops per member (seats and waitlist places).
- `overlaps`: {workshop: set of the workshops that overlap it in time}.
- `held`: {member: [workshop, ...]} they already have a seat in (none in a normal round; the organizers
  may have placed someone by hand): they count for the rule and for overlaps.

The algorithm, in two passes
1. Seats. The members, one after the other in `order`, each take, slot by slot (earliest slot first),
   their highest-ranked workshop of that slot that still has a free seat, does not overlap a workshop
   they already hold, and while they hold fewer than `max_per_person`. A member who takes a seat never
   loses it to someone later in the order: being earlier in the order is the only advantage, and the
   order is drawn at random.
2. Waitlists. Then, again in `order`, for each slot a member ranked but got no seat in (and while their
   seats plus waitlist places stay under `max_per_person`), they join the end of the waitlist of their
   highest-ranked workshop of that slot that does not overlap a workshop they hold or wait for. That
   workshop is always full (it had no free seat at the member's turn, and seats only fill up). One
   waitlist per slot, like the normal path (its rule counts waitlist places too), so a member promoted
   later never holds two overlapping workshops. The waitlists are in `order`, after whoever waits
   already.

Same input, same output: nothing here depends on dictionary order, the clock or chance. The chance is
in `order`, drawn by `random_order(members, seed)` from a seed that the round records.
"""

import random
from dataclasses import dataclass, field


@dataclass
class Allocation:
    """The outcome: `seats` {member: [workshop, ...]} (new seats, in slot order), `waitlists`
    {workshop: [member, ...]} (in order), and `placed` {member: [(slot, workshop or None, status)]}
    where status is "seat", "waitlist" or "none" for each slot the member ranked."""

    seats: dict = field(default_factory=dict)
    waitlists: dict = field(default_factory=dict)
    placed: dict = field(default_factory=dict)

    def rank_given(self, rankings, member, slot):
        """1 for the member's first choice in that slot, 2 for the second…; None without a seat."""
        for slot_index, workshop, status in self.placed.get(member, ()):
            if slot_index == slot and status == "seat":
                return rankings[member][slot].index(workshop) + 1
        return None


def random_order(members, seed):
    """The members shuffled by a generator seeded with `seed`: the same seed, the same order."""
    ordered = sorted(members)
    random.Random(seed).shuffle(ordered)
    return ordered


def allocate(rankings, capacities, order, max_per_person, overlaps, held=None):
    held = {member: list(workshops) for member, workshops in (held or {}).items()}
    free = dict(capacities)
    result = Allocation()

    def has_room(workshop):
        if workshop not in free:
            return False
        return free[workshop] is None or free[workshop] > 0

    def clashes(workshop, holding):
        return workshop in holding or any(other in overlaps.get(workshop, ()) for other in holding)

    # 1. Seats, member by member.
    for member in order:
        holding = held.setdefault(member, [])
        mine = result.placed.setdefault(member, [])
        for slot, ranked in enumerate(rankings.get(member, ())):
            if not ranked:
                continue
            taken = None
            if len(holding) < max_per_person:
                taken = next((w for w in ranked if has_room(w) and not clashes(w, holding)), None)
            if taken is None:
                mine.append((slot, None, "none"))
                continue
            if free[taken] is not None:
                free[taken] -= 1
            holding.append(taken)
            result.seats.setdefault(member, []).append(taken)
            mine.append((slot, taken, "seat"))

    # 2. Waitlists, in the same order, for the slots left without a seat.
    for member in order:
        holding = list(held.get(member, ()))
        mine = result.placed.get(member, [])
        for n, (slot, _workshop, status) in enumerate(mine):
            if status != "none" or len(holding) >= max_per_person:
                continue
            waiting = next((w for w in rankings[member][slot] if not clashes(w, holding)), None)
            if waiting is None:
                continue
            holding.append(waiting)
            result.waitlists.setdefault(waiting, []).append(member)
            mine[n] = (slot, waiting, "waitlist")
    result.placed = {member: placed for member, placed in result.placed.items() if placed}
    return result
