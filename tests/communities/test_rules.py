"""Each reading rule of communities and its SQL twin answer alike for every (role, object) pair."""

import pytest
import rules

from communities.rules import can_read_thread, readable_communities, readable_threads
from tests.twins import ROLES, answers, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_readable_communities_agrees_with_view_discussions_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.communities,
        listed=readable_communities(user),
        allowed=lambda community: rules.has_perm("communities.view_discussions", user, community),
    )
    assert listed == allowed


@pytest.mark.parametrize("role", ROLES)
def test_readable_threads_agrees_with_can_read_thread_for(world, role):
    user = world.users[role]
    listed, allowed = answers(
        world.threads,
        listed=readable_threads(user),
        allowed=lambda thread: can_read_thread.test(user, thread),
    )
    assert listed == allowed


def test_members_only_community_is_read_by_its_members_moderators_and_admins_only(world):
    """The answers themselves, so that the twins cannot agree on a wrong rule."""
    closed = world.communities["members-only"]
    readers = {role for role, user in world.users.items() if readable_communities(user).filter(pk=closed.pk)}
    assert readers == {
        "community member",
        "community moderator",
        "suspended member",
        "admin",
        "deactivated member",
    }
    public = world.communities["public"]
    assert all(readable_communities(user).filter(pk=public.pk).exists() for user in world.users.values())


def test_only_visible_threads_are_listed_even_to_moderators(world):
    listed = set(readable_threads(world.users["community moderator"]))
    assert listed == {
        world.threads["visible thread in public"],
        world.threads["visible thread in members-only"],
    }
    assert set(readable_threads(world.users["visitor"])) == {world.threads["visible thread in public"]}
