"""Properties of the preference round's allocation (events.allocation), over random rounds.

Checked for every generated round (slots of workshops, some overlapping across slots, seats, rankings,
an order, the rule of N):
- never oversold: seats given to a workshop <= its free seats;
- never overlapping: a member's seats and waitlist places never overlap one another (nor what they held);
- never more than N: seats plus waitlist places plus what they held <= max_per_person;
- deterministic: the same input and seed give the same order and the same result;
- a waitlist place is only on a workshop left full, ranked by that member in a slot where they got no seat;
- Pareto efficiency of serial dictatorship, as two checks on the final seats:
  (a) no member could move, in a slot, to a workshop they ranked higher that still has a free seat
      and that does not overlap their other seats, nor take a seat in a slot they got nothing in
      while under N;
  (b) no two members could swap their seats of one slot so that both get a workshop they ranked higher,
      each swap keeping both free of overlaps.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from events.allocation import allocate, random_order


@st.composite
def rounds(draw):
    slot_count = draw(st.integers(1, 3))
    workshops = []  # (id, slot)
    for slot in range(slot_count):
        for _n in range(draw(st.integers(1, 4))):
            workshops.append((len(workshops) + 1, slot))
    ids = [w for w, _slot in workshops]
    slot_of = dict(workshops)
    overlaps = {w: {o for o in ids if o != w and slot_of[o] == slot_of[w]} for w in ids}
    # A few long workshops also overlap the next slot's workshops.
    for w in ids:
        if draw(st.booleans()) and draw(st.booleans()):
            for o in ids:
                if slot_of[o] == slot_of[w] + 1:
                    overlaps[w].add(o)
                    overlaps[o].add(w)
    capacities = {w: draw(st.one_of(st.none(), st.integers(0, 4))) for w in ids}
    members = list(range(1, draw(st.integers(1, 14)) + 1))
    rankings = {}
    for member in members:
        per_slot = []
        for slot in range(slot_count):
            in_slot = [w for w in ids if slot_of[w] == slot]
            per_slot.append(
                draw(
                    st.permutations(in_slot).flatmap(
                        lambda p: st.integers(0, len(p)).map(lambda k, p=p: p[:k])
                    )
                )
            )
        rankings[member] = per_slot
    seed = draw(st.integers(0, 2**63 - 1))
    max_per_person = draw(st.integers(0, slot_count + 1))
    return rankings, capacities, members, seed, max_per_person, overlaps


def run(case):
    rankings, capacities, members, seed, max_per_person, overlaps = case
    order = random_order(members, seed)
    return order, allocate(rankings, capacities, order, max_per_person, overlaps)


def clash(a, b, overlaps):
    return a == b or b in overlaps.get(a, ())


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_allocation_never_oversells_overlaps_or_exceeds_the_rule(case):
    rankings, capacities, members, seed, max_per_person, overlaps = case
    _order, result = run(case)
    for workshop, free in capacities.items():
        given_seats = sum(taken.count(workshop) for taken in result.seats.values())
        if free is not None:
            assert given_seats <= free
    for member in members:
        mine = result.seats.get(member, []) + [
            w for w, waiting in result.waitlists.items() if member in waiting
        ]
        assert len(mine) <= max_per_person
        for n, a in enumerate(mine):
            for b in mine[n + 1 :]:
                assert not clash(a, b, overlaps)
        for ranked in rankings[member]:
            assert sum(1 for w in mine if w in ranked) <= 1  # at most one place per slot


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_allocation_is_deterministic_for_a_seed(case):
    first_order, first = run(case)
    second_order, second = run(case)
    assert first_order == second_order
    assert first == second
    shuffled = dict(reversed(list(case[0].items())))  # the same rankings, given in another order
    again = allocate(shuffled, case[1], first_order, case[4], case[5])
    assert again.seats == first.seats and again.waitlists == first.waitlists


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_allocation_waitlists_only_full_workshops_in_the_order(case):
    rankings, capacities, _members, _seed, _max, _overlaps = case
    order, result = run(case)
    used = {w: sum(t.count(w) for t in result.seats.values()) for w in capacities}
    for workshop, waiting in result.waitlists.items():
        free = capacities[workshop]
        assert free is not None and used[workshop] == free  # full
        assert waiting == sorted(waiting, key=order.index)  # in the round's order
        for member in waiting:
            slot = next(n for n, ranked in enumerate(rankings[member]) if workshop in ranked)
            assert not any(w in rankings[member][slot] for w in result.seats.get(member, []))


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_allocation_is_pareto_efficient(case):
    rankings, capacities, members, _seed, max_per_person, overlaps = case
    _order, result = run(case)
    used = {w: sum(t.count(w) for t in result.seats.values()) for w in capacities}

    def has_free_seat(w):
        return capacities[w] is None or used[w] < capacities[w]

    def seat_in(member, slot):
        return next((w for w in result.seats.get(member, []) if w in rankings[member][slot]), None)

    # (a) nobody could take a better workshop that is still free.
    for member in members:
        seats = result.seats.get(member, [])
        for slot, ranked in enumerate(rankings[member]):
            mine = seat_in(member, slot)
            if mine is None and len(seats) >= max_per_person:
                continue
            others = [w for w in seats if w != mine]
            better = ranked if mine is None else ranked[: ranked.index(mine)]
            for w in better:
                assert not (has_free_seat(w) and not any(clash(w, o, overlaps) for o in others)), (
                    member,
                    slot,
                    w,
                )
    # (b) no two members could swap seats of one slot to both get a workshop they ranked higher.
    for a in members:
        for b in members:
            if a >= b:
                continue
            for slot in range(len(rankings[a])):
                x, y = seat_in(a, slot), seat_in(b, slot)
                if x is None or y is None or x == y:
                    continue
                ra, rb = rankings[a][slot], rankings[b][slot]
                if y not in ra or x not in rb:
                    continue
                if ra.index(y) < ra.index(x) and rb.index(x) < rb.index(y):
                    a_others = [w for w in result.seats[a] if w != x]
                    b_others = [w for w in result.seats[b] if w != y]
                    feasible = not any(clash(y, o, overlaps) for o in a_others) and not any(
                        clash(x, o, overlaps) for o in b_others
                    )
                    assert not feasible, (a, b, slot)


def test_allocation_worked_example():
    """Three members, one slot of two workshops with one seat each: the order decides, the third waits."""
    rankings = {1: [[10, 11]], 2: [[10, 11]], 3: [[10]]}
    result = allocate(rankings, {10: 1, 11: 1}, [2, 3, 1], 1, {10: {11}, 11: {10}})
    assert result.seats == {2: [10], 1: [11]}
    assert result.waitlists == {10: [3]}
    assert result.placed == {2: [(0, 10, "seat")], 3: [(0, 10, "waitlist")], 1: [(0, 11, "seat")]}
    assert result.rank_given(rankings, 1, 0) == 2


def test_random_order_depends_on_the_seed_only():
    assert random_order([3, 1, 2], 7) == random_order([2, 3, 1], 7)
    assert sorted(random_order(list(range(50)), 1)) == list(range(50))
    assert random_order(list(range(50)), 1) != random_order(list(range(50)), 2)
