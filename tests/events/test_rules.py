"""Who may read an event: the predicates and their SQL twins answer alike for every (role, event) pair."""

import pytest
import rules

from events.rules import is_public_event, public_events, readable_events
from tests.twins import ROLES, answers, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_readable_events_agrees_with_view_event_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.events,
        listed=readable_events(user),
        allowed=lambda event: rules.has_perm("events.view_event", user, event),
    )
    assert listed == allowed


@pytest.mark.parametrize("role", ROLES)
def test_public_events_agrees_with_is_public_event_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.events, listed=public_events(), allowed=lambda event: is_public_event.test(user, event)
    )
    assert listed == allowed


def test_drafts_are_read_by_their_organizers_and_admins_only(world):
    """The answers themselves, so that the twins cannot agree on a wrong rule."""
    drafts = {event.pk for label, event in world.events.items() if label.startswith("draft")}
    mine = world.events["draft event"].pk
    seen = {
        role: set(readable_events(user).filter(pk__in=drafts).values_list("pk", flat=True))
        for role, user in world.users.items()
    }
    assert seen == {role: set() for role in seen} | {"event organizer": {mine}, "admin": drafts}
    assert public_events().count() == 6
