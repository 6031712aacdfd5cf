"""Who may see a library resource: the predicate and its SQL twin answer alike for every pair."""

import pytest
import rules

from learning.rules import readable_resources
from tests.twins import ROLES, answers, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_readable_resources_agrees_with_see_resource_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.resources,
        listed=readable_resources(user),
        allowed=lambda resource: rules.has_perm("learning.see_resource", user, resource),
    )
    assert listed == allowed


def test_members_only_resources_are_for_signed_in_active_members(world):
    """The answers themselves, so that the twins cannot agree on a wrong rule."""
    counts = {role: readable_resources(user).count() for role, user in world.users.items()}
    assert counts == {role: 6 for role in counts} | {"visitor": 3, "deactivated member": 3}
